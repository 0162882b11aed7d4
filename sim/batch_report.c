/* What a batch of runs looks like on paper: the tables of `mksim compare`
 * (one row per figure, one column per strategy) and `mksim sweep` (one
 * table per figure, a row per value), the JSON of every run with a summary,
 * and the CSV of every run.  The figures and their order are the
 * catalogue's (figures_compared()); whatever the number of worker threads, the
 * bytes are the same: runs are written in slot order, (value, strategy,
 * replication).
 *
 * The JSON leaves wall_s out of the runs: it is the only wall-clock figure,
 * and "same scenario + seed => same bytes" must hold for the whole file.
 *
 * An incomplete batch (batch_incomplete()) is written with what it has: the
 * runs that completed, each marked if it stopped before its end, and at the
 * top "incomplete": true with a sentence saying why and, for an interrupted
 * batch, the runs that are missing; a table cell without any run reads
 * "-", a summary figure without any run is null.  A complete batch has no
 * such keys, so its bytes do not change. */
#include "sim/batch_report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/escape.h"
#include "sim/engine/textfit.h"
#include "sim/figures.h"
#include "sim/interrupt.h"
#include "sim/cli.h"
#include "sim/progress.h"
#include "sim/report_csv.h"
#include "sim/report_json.h"
#include "sim/texttable.h"

/* ---- text ------------------------------------------------------------- */

static int batch_report_room (void);

/* A sentence below a table, wrapped to the table's room. */
static void G_GNUC_PRINTF (2, 3)
batch_report_note (FILE *out, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (text[0] == '\n')
    fputc ('\n', out);
  cli_print_wrapped (out, text, batch_report_room ());
}

/* The room a table has: the terminal's width ($COLUMNS, 80 when unset and
 * not on a terminal), less one column, where some terminals wrap. */
static int
batch_report_room (void)
{
  return cli_room (STDOUT_FILENO);
}

static void
batch_report_table (FILE *out, const char *corner, const char *const *heads, size_t n_cols,
                    const char *const *rows, size_t n_rows, char *const *cells)
{
  texttable_print (out, batch_report_room (), corner, heads, n_cols, rows, n_rows, cells);
}

/* A table's cell: the figure's mean (and interval), or "-" where no run
 * of an interrupted batch completed. */
static char *
batch_report_cell (const Batch *b, FigureId f, size_t cell)
{
  if (isnan (b->mean[cell]))
    return g_strdup ("-");
  return figures_format (figures[f].unit, b->mean[cell], b->half[cell], b->runs > 1);
}

/* Where the precision rule stopped, and the figure that held it up. */
static void
batch_report_precision (const Batch *b, FILE *out)
{
  char pct[G_ASCII_DTOSTR_BUF_SIZE], worst[G_ASCII_DTOSTR_BUF_SIZE];
  const char *name = b->precision_worst_runs > 0
                     ? batch_strategy_name (b, b->precision_worst_strategy) : "";
  g_autofree char *at = NULL;

  g_ascii_formatd (pct, sizeof pct, "%g", b->precision * 100);
  g_ascii_formatd (worst, sizeof worst, "%.1f", b->precision_worst_share * 100);
  if (b->param != NULL && b->precision_worst_runs > 0)
    at = g_strdup_printf (" at %s", b->values[b->precision_worst_value]);
  if (b->precision_reached && b->precision_worst_runs == 0)
    fprintf (out, "Precision %s %%: every figure's interval was within %s %% of its mean at "
             "the first check, %zu runs each.\n", pct, pct, b->runs);
  else if (b->precision_reached)
    fprintf (out, "Precision %s %%: reached at %zu runs each; the figure that needed the most "
             "runs: %s under %s%s (±%s %% of its mean at %zu runs).\n", pct, b->runs,
             figures[b->precision_worst].label, name, at != NULL ? at : "", worst,
             b->precision_worst_runs);
  else if (b->interrupted == 0)
    fprintf (out, "Precision %s %% NOT reached within %zu runs each (--max-runs): %s under "
             "%s%s is still ±%s %% of its mean.\n", pct, b->runs,
             figures[b->precision_worst].label, name, at != NULL ? at : "",
             isfinite (b->precision_worst_share) ? worst : "∞");
}

/* `ns` rounded up to three digits in a unit the loader reads ("211ms"),
 * into `buf`. */
static const char *
batch_report_duration (char *buf, size_t size, int64_t ns)
{
  static const struct { const char *name; double ns; } units[] = {
    { "s", 1e9 }, { "ms", 1e6 }, { "us", 1e3 }, { "ns", 1 },
  };
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  size_t u = 0;

  while (u + 1 < G_N_ELEMENTS (units) && (double) ns < units[u].ns)
    u++;
  {
    double v = (double) ns / units[u].ns;
    double step = v >= 100 ? 1 : v >= 10 ? 0.1 : 0.01;

    g_ascii_formatd (num, sizeof num, "%g", ceil (v / step) * step);
  }
  g_snprintf (buf, size, "%s%s", num, units[u].name);
  return buf;
}

/* A line for each strategy whose first run suggests a longer warm-up than
 * the scenario has. */
static void
batch_report_warmup (const Batch *b, FILE *out)
{
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_autofree char *suggested = NULL, *has = NULL;
      char set[G_ASCII_DTOSTR_BUF_SIZE + 8];

      if (b->warmup_suggested[s] <= b->warmup)
        continue;
      suggested = figures_format (FIGURE_UNIT_NS, (double) b->warmup_suggested[s], 0, false);
      has = figures_format (FIGURE_UNIT_NS, (double) b->warmup, 0, false);
      fprintf (out, "Warm-up: MSER-5 on the fault latencies of the first run under %s suggests "
               "%s, more than the scenario's warmup of %s (--set warmup=%s).\n",
               batch_strategy_name (b, s), suggested, has,
               batch_report_duration (set, sizeof set, b->warmup_suggested[s]));
    }
}

/* The paired differences of value `v`: a row per headline figure, a
 * column per pair of strategies. */
static void
batch_report_paired (const Batch *b, FILE *out, const GArray *pairs, size_t v)
{
  g_autoptr (GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  size_t n_pairs = b->n_strategies * (b->n_strategies - 1) / 2;
  size_t first = G_MAXSIZE, n = 0;

  for (guint i = 0; i < pairs->len; i++)
    if (g_array_index (pairs, BatchPair, i).value == v)
      {
        first = MIN (first, (size_t) i);
        n++;
      }
  if (n == 0 || n_pairs == 0)
    return;
  for (size_t k = 0; k < n_pairs; k++)
    {
      const BatchPair *p = &g_array_index (pairs, BatchPair, first + k * (n / n_pairs));

      g_ptr_array_add (heads, g_strdup_printf ("%s − %s", batch_strategy_name (b, p->a),
                                               batch_strategy_name (b, p->b)));
    }
  for (size_t f = 0; f < n / n_pairs; f++)
    {
      g_ptr_array_add (rows, (gpointer) figures[g_array_index (pairs, BatchPair,
                                                                first + f).figure].label);
      for (size_t k = 0; k < n_pairs; k++)
        {
          const BatchPair *p = &g_array_index (pairs, BatchPair, first + k * (n / n_pairs) + f);
          g_autofree char *text = isnan (p->mean) ? g_strdup ("-")
                                  : figures_format (figures[p->figure].unit, p->mean, p->half,
                                                    true);

          g_ptr_array_add (cells, g_strdup_printf ("%s%s%s", p->significant ? "* " : "",
                                                   p->mean > 0 ? "+" : "", text));
        }
    }
  if (b->param != NULL)
    {
      g_autofree char *point = batch_point_text (b, v);

      fprintf (out, "\nPaired differences at %s (per seed, a − b):\n", point);
    }
  else
    fprintf (out, "\nPaired differences (per seed, a − b; common random numbers):\n");
  batch_report_table (out, "", (const char *const *) heads->pdata, n_pairs,
                      (const char *const *) rows->pdata, rows->len, (char *const *) cells->pdata);
}

static void
batch_report_paired_all (const Batch *b, FILE *out)
{
  g_autoptr (GArray) pairs = batch_pairs (b);

  if (pairs == NULL || pairs->len == 0)
    return;
  for (size_t v = 0; v < b->n_values; v++)
    batch_report_paired (b, out, pairs, v);
  batch_report_note (out, "(*: the 95 %% interval of the differences excludes 0: the strategies differ "
           "on that figure.)\n");
}

static void batch_report_heading_lines (const Batch *b, FILE *out);

/* The heading's sentences, wrapped to the room a table has. */
static void
batch_report_heading (const Batch *b, FILE *out)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&text, &len);

  if (mem == NULL)
    return;
  batch_report_heading_lines (b, mem);
  if (fclose (mem) == 0)
    {
      g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

      for (char **l = lines; *l != NULL; l++)
        if (**l != '\0')
          cli_print_wrapped (out, *l, batch_report_room ());
    }
  free (text);
}

static void
batch_report_heading_lines (const Batch *b, FILE *out)
{
  fprintf (out, "Scenario '%s' (%s): %zu strateg%s", b->scenario, b->path, b->n_strategies,
           b->n_strategies == 1 ? "y" : "ies");
  if (b->n_params == 1)
    fprintf (out, " × %zu values of %s", b->n_values, b->param);
  for (size_t p = 0; b->n_params > 1 && p < b->n_params; p++)
    fprintf (out, "%s%zu values of %s", p == 0 ? " × " : " × ", b->axis_len[p], b->paths[p]);
  if (b->n_params > 1)
    fprintf (out, " (%zu points)", b->n_values);
  if (b->runs > 1)
    fprintf (out, ", %zu runs each (seeds %" PRIu64 "..%" PRIu64 "%s).\n"
             "Each figure: mean ± half-width of its 95 %% confidence interval (Student t) "
             "over the runs.\n", b->runs, b->seeds[0], b->seeds[0] + b->runs - 1,
             b->param != NULL && strcmp (b->param, "seed") == 0 ? " from each value" : "");
  else
    fprintf (out, ", one run each (seed %" PRIu64 "%s).\n", b->seeds[0],
             b->param != NULL && strcmp (b->param, "seed") == 0 ? " = the value" : "");
  if (b->skipped_local_rm)
    fprintf (out, "local-region-mapper is left out: it does not apply to GUI delivery.\n");
  if (b->interrupted != 0)
    fprintf (out, "INTERRUPTED by %s: %zu of %zu runs completed; the figures are theirs "
             "(\"-\": none completed).\n", interrupt_name (b->interrupted), b->n_done,
             b->n_slots);
  if (b->n_incomplete > 0)
    fprintf (out, "%zu run%s stopped before %s end (see above): %s figures cover only the "
             "time reached.\n", b->n_incomplete, b->n_incomplete == 1 ? "" : "s",
             b->n_incomplete == 1 ? "its" : "their", b->n_incomplete == 1 ? "its" : "their");
  if (b->shard_count > 0)
    fprintf (out, "Shard %zu of %zu: %zu of the study's %zu runs; merge the shards' --json "
             "files with mksim merge.\n", b->shard_index, b->shard_count, b->n_done,
             b->n_slots);
  if (b->precision > 0)
    batch_report_precision (b, out);
  batch_report_warmup (b, out);
}

static void
batch_report_compare (const Batch *b, FILE *out)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  const char *heads[STRATEGY_COUNT];
  size_t hidden = 0;

  batch_strategy_names (b, heads);
  for (size_t k = 0; k < b->n_compared; k++)
    {
      FigureId f = b->compared[k];

      if (!batch_figure_shown (b, f))
        {
          hidden++;
          continue;
        }
      g_ptr_array_add (rows, (gpointer) figures[f].label);
      for (size_t s = 0; s < b->n_strategies; s++)
        {
          size_t cell = batch_cell (b, 0, s, f);

          g_ptr_array_add (cells, batch_report_cell (b, f, cell));
        }
    }
  batch_report_heading (b, out);
  fputc ('\n', out);
  batch_report_table (out, "", heads, b->n_strategies, (const char *const *) rows->pdata, rows->len,
                      (char *const *) cells->pdata);
  if (batch_figure_shown (b, FIG_CORE_BLOCKED) && batch_pager_threads (b) > 1)
    batch_report_note (out, "('core blocked' is summed over core's %d pager threads.)\n",
             batch_pager_threads (b));
  if (hidden > 0)
    batch_report_note (out, "(%zu figures that are 0 under every strategy are not shown; all are in "
             "--json)\n", hidden);
  batch_report_paired_all (b, out);
}

static void
batch_report_sweep (const Batch *b, FILE *out)
{
  const char *heads[STRATEGY_COUNT];
  size_t hidden = 0;
  /* Escaped before the table measures them (the whole text is escaped
   * again, which changes nothing in them). */
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *param = NULL;
  g_autoptr (GString) corner = g_string_new (NULL);

  for (size_t p = 0; p < b->n_params; p++)
    g_string_append_printf (corner, "%s%s", p > 0 ? ", " : "", b->paths[p]);
  param = escape_text (corner->str, false);

  for (size_t v = 0; v < b->n_values; v++)
    g_ptr_array_add (values, escape_text (b->values[v], false));
  batch_strategy_names (b, heads);
  batch_report_heading (b, out);
  for (size_t k = 0; k < b->n_compared; k++)
    {
      FigureId f = b->compared[k];
      g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      if (!batch_figure_shown (b, f))
        {
          hidden++;
          continue;
        }
      for (size_t v = 0; v < b->n_values; v++)
        for (size_t s = 0; s < b->n_strategies; s++)
          {
            size_t cell = batch_cell (b, v, s, f);

            g_ptr_array_add (cells, batch_report_cell (b, f, cell));
          }
      fprintf (out, "\n%s (%s)\n", figures[f].label, figures[f].key);
      batch_report_table (out, param, heads, b->n_strategies,
                          (const char *const *) values->pdata, b->n_values,
                          (char *const *) cells->pdata);
    }
  if (hidden > 0)
    batch_report_note (out, "\n(%zu figures that are 0 everywhere are not shown; all are in --json)\n",
             hidden);
  batch_report_paired_all (b, out);
}

/* The tables quote the scenario's name and the swept values: the text is
 * written into memory and printed with its control characters escaped
 * (sim/engine/escape.h), as the report of one run is. */
void
batch_report_text (const Batch *b, FILE *out)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&text, &len);

  if (mem == NULL)
    {
      fprintf (out, "(no memory for the tables)\n");
      return;
    }
  if (b->param == NULL)
    batch_report_compare (b, mem);
  else
    batch_report_sweep (b, mem);
  if (fclose (mem) == 0)
    {
      g_autofree char *shown = escape_text (text, true);
      g_autofree char *fitted = textfit_lines (shown, batch_report_room ());

      /* The tables fit already; a figure's heading may not. */
      fputs (fitted, out);
    }
  free (text);
}

/* ---- JSON and CSV ----------------------------------------------------- */

/* Three decimals in the C locale, trailing zeros dropped: stable bytes. */
static void
batch_report_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  size_t len;

  if (!isfinite (v))
    {
      g_string_append (s, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.3f", v);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    buf[--len] = '\0';
  if (len > 0 && buf[len - 1] == '.')
    buf[--len] = '\0';
  g_string_append (s, strcmp (buf, "-0") == 0 ? "0" : buf);
}

/* Grid point `v` as the members that name it: "param" and "value" for one
 * parameter, "params": {path: value, ...} for several; `sep` goes between
 * two members. */
static void
batch_report_json_point (const Batch *b, GString *s, size_t v, const char *sep)
{
  if (b->n_params == 1)
    {
      g_string_append (s, "\"param\": ");
      report_json_string (s, b->param);
      g_string_append_printf (s, ",%s\"value\": ", sep);
      report_json_string (s, b->values[v]);
      return;
    }
  g_string_append (s, "\"params\": {");
  for (size_t p = 0; p < b->n_params; p++)
    {
      if (p > 0)
        g_string_append (s, ", ");
      report_json_string (s, b->paths[p]);
      g_string_append (s, ": ");
      report_json_string (s, b->axes[p][batch_axis_index (b, v, p)]);
    }
  g_string_append_c (s, '}');
}

/* A run object inside "results": indented one level deeper, with the
 * grid point ("param" and "value", or "params") first in a sweep.
 * sim/merge_read.c reads the run back by this layout. */
static void
batch_report_json_run (const Batch *b, GString *s, const BatchSlot *slot)
{
  const char *body = slot->json;
  const char *indent = "\n    ";

  g_assert (g_str_has_prefix (body, "{\n"));
  g_string_append (s, "    {");
  if (b->param != NULL)
    {
      g_string_append_printf (s, "%s  ", indent);
      batch_report_json_point (b, s, slot->value, "\n      ");
      g_string_append_c (s, ',');
    }
  for (const char *p = body + 1; *p != '\0'; p++)
    if (*p == '\n')
      g_string_append (s, indent);
    else
      g_string_append_c (s, *p);
}

static void
batch_report_summary (const Batch *b, GString *s, size_t value, const char *indent)
{
  g_string_append_c (s, '{');
  for (size_t st = 0; st < b->n_strategies; st++)
    {
      g_string_append_printf (s, "%s\n%s  ", st > 0 ? "," : "", indent);
      report_json_string (s, batch_strategy_name (b, st));
      g_string_append (s, ": {");
      for (size_t k = 0; k < b->n_compared; k++)
        {
          size_t cell = batch_cell (b, value, st, b->compared[k]);

          g_string_append_printf (s, "%s\n%s    ", k > 0 ? "," : "", indent);
          report_json_string (s, figures[b->compared[k]].key);
          g_string_append (s, ": {\"mean\": ");
          batch_report_number (s, b->mean[cell]);
          g_string_append (s, ", \"ci95\": ");
          batch_report_number (s, b->half[cell]);
          g_string_append_c (s, '}');
        }
      g_string_append_printf (s, "\n%s  }", indent);
    }
  g_string_append_printf (s, "\n%s}", indent);
}

static void
batch_report_json_strings (GString *s, const char *const *v, size_t n)
{
  g_string_append_c (s, '[');
  for (size_t i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      report_json_string (s, v[i]);
    }
  g_string_append_c (s, ']');
}

/* An output that is not the whole study: a shard's, or an incomplete
 * batch's.  It carries what sim/merge_read.c needs to rebuild the batch
 * without the scenario ("study") and the figures a run's JSON rounds, in
 * full ("exact"), so that the merged summary is the one a single run
 * writes, to the last digit.  A whole, complete study has neither. */
static bool
batch_report_partial (const Batch *b)
{
  return b->shard_count > 0 || batch_incomplete (b);
}

/* A number in full: %.17g reads back as the same double. */
static void
batch_report_exact_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    g_string_append (s, "null");
  else
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

static void
batch_report_json_study (const Batch *b, GString *s)
{
  size_t n_sets = 0;

  while (b->sets != NULL && b->sets[n_sets] != NULL)
    n_sets++;
  g_string_append (s, "\n  \"study\": {\"version\": ");
  report_json_string (s, MKSIM_VERSION);
  g_string_append (s, ", \"command\": ");
  report_json_string (s, b->command);
  g_string_append (s, ", \"scenario_sha256\": ");
  report_json_string (s, b->study_sha256);
  g_string_append (s, ", \"path\": ");
  report_json_string (s, b->path);
  g_string_append (s, ",\n    \"sets\": ");
  batch_report_json_strings (s, b->sets, n_sets);
  /* Seeds reach 2^63 - 1, past what a JSON reader's double holds: strings. */
  g_string_append (s, ", \"seeds\": [");
  for (size_t v = 0; v < b->n_values; v++)
    g_string_append_printf (s, "%s\"%" PRIu64 "\"", v > 0 ? ", " : "", b->seeds[v]);
  g_string_append_printf (s, "], \"slots\": %zu,\n    \"has_paging\": %s, \"has_gui\": %s, "
                          "\"stall_threshold_ns\": %" PRId64 ", \"duration_ns\": %" PRId64
                          ", \"warmup_ns\": %" PRId64 "},", b->n_slots,
                          b->has_paging ? "true" : "false", b->has_gui ? "true" : "false",
                          b->stall_threshold, b->duration, b->warmup);
  if (b->shard_count > 0)
    g_string_append_printf (s, "\n  \"shard\": {\"index\": %zu, \"count\": %zu},",
                            b->shard_index, b->shard_count);
}

/* For each run of "results", in its order: its slot, the real and derived
 * figures in full (in the catalogue's order) and, for a strategy's first
 * run, the warm-up suggested. */
static void
batch_report_json_exact (const Batch *b, GString *s)
{
  bool first = true;

  g_string_append (s, "\n  \"exact\": [");
  for (size_t i = 0; i < b->n_slots; i++)
    {
      const BatchSlot *slot = &b->slots[i];
      bool any = false;

      if (slot->state != BATCH_SLOT_DONE)
        continue;
      g_string_append_printf (s, "%s\n    {\"slot\": %zu, \"figures\": [", first ? "" : ",", i);
      first = false;
      for (int f = 0; f < FIG_COUNT; f++)
        if (batch_exact_figure ((FigureId) f))
          {
            g_string_append (s, any ? ", " : "");
            any = true;
            batch_report_exact_number (s, slot->values[f]);
          }
      g_string_append_c (s, ']');
      if (slot->keep_series)
        g_string_append_printf (s, ", \"warmup_suggested_ns\": %" PRId64, slot->warmup_suggested);
      g_string_append_c (s, '}');
    }
  g_string_append (s, first ? "]," : "\n  ],");
}

static void
batch_report_json_warmup (const Batch *b, GString *s)
{
  g_string_append (s, ",\n  \"warmup_suggested_ns\": {");
  for (size_t st = 0; st < b->n_strategies; st++)
    {
      if (st > 0)
        g_string_append (s, ", ");
      report_json_string (s, batch_strategy_name (b, st));
      if (b->warmup_suggested[st] < 0)
        g_string_append (s, ": null");
      else
        g_string_append_printf (s, ": %" PRId64, b->warmup_suggested[st]);
    }
  g_string_append_c (s, '}');
}

static void
batch_report_json_paired (const Batch *b, GString *s)
{
  g_autoptr (GArray) pairs = batch_pairs (b);

  if (pairs == NULL)
    return;
  g_string_append (s, ",\n  \"paired\": [");
  for (guint i = 0; i < pairs->len; i++)
    {
      const BatchPair *p = &g_array_index (pairs, BatchPair, i);

      g_string_append (s, i > 0 ? ",\n    {" : "\n    {");
      if (b->param != NULL)
        {
          batch_report_json_point (b, s, p->value, " ");
          g_string_append (s, ", ");
        }
      g_string_append (s, "\"a\": ");
      report_json_string (s, batch_strategy_name (b, p->a));
      g_string_append (s, ", \"b\": ");
      report_json_string (s, batch_strategy_name (b, p->b));
      g_string_append (s, ", \"metric\": ");
      report_json_string (s, figures[p->figure].key);
      g_string_append (s, ", \"mean\": ");
      batch_report_number (s, p->mean);
      g_string_append (s, ", \"ci95\": ");
      batch_report_number (s, p->half);
      g_string_append_printf (s, ", \"significant\": %s}", p->significant ? "true" : "false");
    }
  g_string_append (s, pairs->len > 0 ? "\n  ]" : "]");
}

/* What an incomplete batch says at its top: "incomplete": true, why, and
 * the runs that are missing (strategy, seed and value, as in "results"). */
static void
batch_report_json_marks (const Batch *b, GString *s)
{
  g_autofree char *why = NULL;
  bool first = true;

  if (b->interrupted != 0)
    why = g_strdup_printf ("interrupted by %s: %zu of %zu runs completed",
                           interrupt_name (b->interrupted), b->n_done, batch_in_scope (b));
  else
    why = g_strdup_printf ("%zu of %zu runs stopped before their end", b->n_incomplete,
                           batch_in_scope (b));
  g_string_append (s, "\n  \"incomplete\": true,\n  \"stopped\": ");
  report_json_string (s, why);
  g_string_append (s, ",\n  \"missing\": [");
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t st = 0; st < b->n_strategies; st++)
      for (size_t r = 0; r < b->runs; r++)
        {
          BatchSlotState state = batch_slot (b, v, st, r)->state;

          if (state == BATCH_SLOT_DONE || state == BATCH_SLOT_ELSEWHERE)
            continue;
          g_string_append (s, first ? "\n    {" : ",\n    {");
          first = false;
          if (b->param != NULL)
            {
              batch_report_json_point (b, s, v, " ");
              g_string_append (s, ", ");
            }
          g_string_append (s, "\"strategy\": ");
          report_json_string (s, batch_strategy_name (b, st));
          g_string_append_printf (s, ", \"seed\": %" PRIu64 "}", b->seeds[v] + r);
        }
  g_string_append (s, first ? "]," : "\n  ],");
}

char *
batch_report_json (const Batch *b)
{
  GString *s = g_string_sized_new (16384);

  g_string_append (s, "{\n  \"scenario\": ");
  report_json_string (s, b->scenario);
  if (b->n_params > 1)
    {
      g_string_append (s, ",\n  \"params\": [");
      for (size_t p = 0; p < b->n_params; p++)
        {
          g_string_append (s, p > 0 ? ",\n    {\"path\": " : "\n    {\"path\": ");
          report_json_string (s, b->paths[p]);
          g_string_append (s, ", \"values\": ");
          batch_report_json_strings (s, (const char *const *) b->axes[p], b->axis_len[p]);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "\n  ]");
    }
  else if (b->param != NULL)
    {
      g_string_append (s, ",\n  \"param\": ");
      report_json_string (s, b->param);
      g_string_append (s, ",\n  \"values\": [");
      for (size_t v = 0; v < b->n_values; v++)
        {
          if (v > 0)
            g_string_append (s, ", ");
          report_json_string (s, b->values[v]);
        }
      g_string_append_c (s, ']');
    }
  g_string_append_printf (s, ",\n  \"runs\": %zu,", b->runs);
  if (b->precision > 0)
    {
      g_string_append (s, "\n  \"precision_pct\": ");
      batch_report_number (s, b->precision * 100);
      g_string_append_printf (s, ",\n  \"max_runs\": %zu,\n  \"precision_reached\": %s,",
                              b->max_runs, b->precision_reached ? "true" : "false");
    }
  g_string_append (s, "\n  \"strategies\": [");
  for (size_t st = 0; st < b->n_strategies; st++)
    {
      if (st > 0)
        g_string_append (s, ", ");
      report_json_string (s, batch_strategy_name (b, st));
    }
  g_string_append (s, "],\n  \"skipped\": [");
  if (b->skipped_local_rm)
    g_string_append (s, "{\"strategy\": \"local-region-mapper\", \"reason\": \"the scenario "
                     "has a GUI, and GUI delivery has no local-region-mapper variant\"}");
  g_string_append (s, "],");
  if (batch_incomplete (b))
    batch_report_json_marks (b, s);
  if (batch_report_partial (b))
    batch_report_json_study (b, s);
  g_string_append (s, "\n  \"results\": [");
  for (size_t i = 0, n = 0; i < b->n_slots; i++)
    if (b->slots[i].state == BATCH_SLOT_DONE)
      {
        g_string_append (s, n++ > 0 ? ",\n" : "\n");
        batch_report_json_run (b, s, &b->slots[i]);
      }
  g_string_append (s, "\n  ],");
  if (batch_report_partial (b))
    batch_report_json_exact (b, s);
  g_string_append (s, "\n  \"summary\": ");
  if (b->param == NULL)
    batch_report_summary (b, s, 0, "  ");
  else
    {
      g_string_append_c (s, '{');
      for (size_t v = 0; v < b->n_values; v++)
        {
          g_string_append_printf (s, "%s\n    ", v > 0 ? "," : "");
          report_json_string (s, b->values[v]);
          g_string_append (s, ": ");
          batch_report_summary (b, s, v, "    ");
        }
      g_string_append (s, "\n  }");
    }
  batch_report_json_warmup (b, s);
  batch_report_json_paired (b, s);
  g_string_append (s, "\n}\n");
  return g_string_free (s, FALSE);
}

void
batch_report_csv (const Batch *b, FILE *out)
{
  bool marked = batch_incomplete (b);

  if (b->n_params == 1)
    fputs ("param,value,", out);
  for (size_t p = 0; b->n_params > 1 && p < b->n_params; p++)
    {
      report_csv_field (out, b->paths[p]);
      fputc (',', out);
    }
  report_csv_header_marked (out, marked);
  for (size_t i = 0; i < b->n_slots; i++)
    {
      if (b->slots[i].state != BATCH_SLOT_DONE)
        continue;
      if (b->n_params == 1)
        {
          report_csv_field (out, b->param);
          fputc (',', out);
          report_csv_field (out, b->values[b->slots[i].value]);
          fputc (',', out);
        }
      for (size_t p = 0; b->n_params > 1 && p < b->n_params; p++)
        {
          report_csv_field (out, b->axes[p][batch_axis_index (b, b->slots[i].value, p)]);
          fputc (',', out);
        }
      report_csv_row_marked (out, b->slots[i].result, marked);
    }
}
