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
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/escape.h"
#include "sim/figures.h"
#include "sim/interrupt.h"
#include "sim/report_csv.h"
#include "sim/report_json.h"

/* ---- text ------------------------------------------------------------- */

/* A table: row labels on the left, cells right-aligned under column heads.
 * Widths count characters, not bytes ("µ" and "±" are two bytes). */
static void
batch_report_table (FILE *out, const char *corner, const char *const *heads, size_t n_cols,
                    const char *const *rows, size_t n_rows, char *const *cells)
{
  g_autofree size_t *width = g_new0 (size_t, n_cols + 1);

  width[0] = g_utf8_strlen (corner, -1);
  for (size_t r = 0; r < n_rows; r++)
    width[0] = MAX (width[0], (size_t) g_utf8_strlen (rows[r], -1));
  for (size_t c = 0; c < n_cols; c++)
    {
      width[c + 1] = g_utf8_strlen (heads[c], -1);
      for (size_t r = 0; r < n_rows; r++)
        width[c + 1] = MAX (width[c + 1], (size_t) g_utf8_strlen (cells[r * n_cols + c], -1));
    }
  fprintf (out, "%s%*s", corner, (int) (width[0] - g_utf8_strlen (corner, -1)), "");
  for (size_t c = 0; c < n_cols; c++)
    fprintf (out, "  %*s%s", (int) (width[c + 1] - g_utf8_strlen (heads[c], -1)), "", heads[c]);
  fputc ('\n', out);
  for (size_t r = 0; r < n_rows; r++)
    {
      fprintf (out, "%s%*s", rows[r], (int) (width[0] - g_utf8_strlen (rows[r], -1)), "");
      for (size_t c = 0; c < n_cols; c++)
        {
          const char *cell = cells[r * n_cols + c];

          fprintf (out, "  %*s%s", (int) (width[c + 1] - g_utf8_strlen (cell, -1)), "", cell);
        }
      fputc ('\n', out);
    }
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

static void
batch_report_heading (const Batch *b, FILE *out)
{
  fprintf (out, "Scenario '%s' (%s): %zu strateg%s", b->scenario, b->path, b->n_strategies,
           b->n_strategies == 1 ? "y" : "ies");
  if (b->param != NULL)
    fprintf (out, " × %zu values of %s", b->n_values, b->param);
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
    fprintf (out, "('core blocked' is summed over core's %d pager threads.)\n",
             batch_pager_threads (b));
  if (hidden > 0)
    fprintf (out, "(%zu figures that are 0 under every strategy are not shown; all are in "
             "--json)\n", hidden);
}

static void
batch_report_sweep (const Batch *b, FILE *out)
{
  const char *heads[STRATEGY_COUNT];
  size_t hidden = 0;
  /* Escaped before the table measures them (the whole text is escaped
   * again, which changes nothing in them). */
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *param = escape_text (b->param, false);

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
    fprintf (out, "\n(%zu figures that are 0 everywhere are not shown; all are in --json)\n",
             hidden);
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

      fputs (shown, out);
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

/* A run object inside "results": indented one level deeper, with "param"
 * and "value" first in a sweep. */
static void
batch_report_json_run (const Batch *b, GString *s, const BatchSlot *slot)
{
  const char *body = slot->json;
  const char *indent = "\n    ";

  g_assert (g_str_has_prefix (body, "{\n"));
  g_string_append (s, "    {");
  if (b->param != NULL)
    {
      g_string_append_printf (s, "%s  \"param\": ", indent);
      report_json_string (s, b->param);
      g_string_append_printf (s, ",%s  \"value\": ", indent);
      report_json_string (s, b->values[slot->value]);
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

/* What an incomplete batch says at its top: "incomplete": true, why, and
 * the runs that are missing (strategy, seed and value, as in "results"). */
static void
batch_report_json_marks (const Batch *b, GString *s)
{
  g_autofree char *why = NULL;
  bool first = true;

  if (b->interrupted != 0)
    why = g_strdup_printf ("interrupted by %s: %zu of %zu runs completed",
                           interrupt_name (b->interrupted), b->n_done, b->n_slots);
  else
    why = g_strdup_printf ("%zu of %zu runs stopped before their end", b->n_incomplete,
                           b->n_slots);
  g_string_append (s, "\n  \"incomplete\": true,\n  \"stopped\": ");
  report_json_string (s, why);
  g_string_append (s, ",\n  \"missing\": [");
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t st = 0; st < b->n_strategies; st++)
      for (size_t r = 0; r < b->runs; r++)
        {
          if (batch_slot (b, v, st, r)->state == BATCH_SLOT_DONE)
            continue;
          g_string_append (s, first ? "\n    {" : ",\n    {");
          first = false;
          if (b->param != NULL)
            {
              g_string_append (s, "\"param\": ");
              report_json_string (s, b->param);
              g_string_append (s, ", \"value\": ");
              report_json_string (s, b->values[v]);
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
  if (b->param != NULL)
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
  g_string_append_printf (s, ",\n  \"runs\": %zu,\n  \"strategies\": [", b->runs);
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
  g_string_append (s, "\n  \"results\": [");
  for (size_t i = 0, n = 0; i < b->n_slots; i++)
    if (b->slots[i].state == BATCH_SLOT_DONE)
      {
        g_string_append (s, n++ > 0 ? ",\n" : "\n");
        batch_report_json_run (b, s, &b->slots[i]);
      }
  g_string_append (s, "\n  ],\n  \"summary\": ");
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
  g_string_append (s, "\n}\n");
  return g_string_free (s, FALSE);
}

void
batch_report_csv (const Batch *b, FILE *out)
{
  bool marked = batch_incomplete (b);

  if (b->param != NULL)
    fputs ("param,value,", out);
  report_csv_header_marked (out, marked);
  for (size_t i = 0; i < b->n_slots; i++)
    {
      if (b->slots[i].state != BATCH_SLOT_DONE)
        continue;
      if (b->param != NULL)
        {
          report_csv_field (out, b->param);
          fputc (',', out);
          report_csv_field (out, b->values[b->slots[i].value]);
          fputc (',', out);
        }
      report_csv_row_marked (out, b->slots[i].result, marked);
    }
}
