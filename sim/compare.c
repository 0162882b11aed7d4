/* `mksim compare` and `mksim sweep` (see compare.h).  Both are one batch:
 * a grid of slots (value, strategy, replication), each with its own
 * ScenarioConfig loaded up front with "--set" lines for the value, the
 * strategy and the seed, run by a GThreadPool, then summarised per
 * (value, strategy) with stats_ci95 and written in slot order.
 *
 * Configs are loaded in the main thread before anything runs, so a bad
 * scenario, --set or swept value fails at once with the loader's message and
 * no worker ever touches the loader; a worker only runs machine_run() on its
 * own config and writes into its own slot.  That is also what keeps results
 * independent of --jobs.
 *
 * The compare JSON leaves wall_s out of the runs: it is the only wall-clock
 * figure, and "same scenario + seed => same bytes" must hold for the whole
 * file.  The wall time goes to stderr instead.
 *
 * For the thread-state timeline of `compare --plot`, the first replication
 * of each strategy also writes a Chrome trace limited to a short window
 * (--timeline) into the plot folder, and plot.c draws the Gantt chart from
 * it.  A Trace only observes, so the result of that run is unchanged, and
 * the trace stays beside the images for Perfetto. */
#include "sim/compare.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/config.h"
#include "models/machine.h"
#include "sim/cli.h"
#include "sim/figures.h"
#include "sim/outfile.h"
#include "sim/plot.h"
#include "sim/report.h"
#include "sim/report_csv.h"
#include "sim/report_json.h"
#include "sim/scenario.h"
#include "sim/engine/stats.h"
#include "sim/engine/trace.h"

/* Limits; plain numbers, because the usage messages print them. */
#define COMPARE_MAX_RUNS   10000    /* replications per (value, strategy) */
#define COMPARE_MAX_JOBS   1024     /* worker threads */
#define COMPARE_MAX_SLOTS  100000   /* runs in one batch */

#define COMPARE_MAX_CUT_NAMED 5     /* runs cut short by max_events named one by one */
#define TIMELINE_SHARE     20       /* default timeline: 1/20 of the measured time, */
#define TIMELINE_MIN       INT64_C (1000000)     /* but at least 1 ms */
#define TIMELINE_MAX       INT64_C (100000000)   /* and at most 100 ms */
#define TIMELINE_TRACKS    32       /* threads in a timeline at most */
#define SEED_MAX           INT64_MAX             /* the loader's largest seed */
#define SEED_OF_SCENARIO   UINT64_MAX /* batch_sets: keep the scenario's own seed */

/* ---- the figures compared ------------------------------------------- */

static void
batch_figure_ci (FigureId f, RunResult *const *runs, size_t n, double *mean, double *half)
{
  g_autofree double *xs = g_new (double, MAX (n, (size_t) 1));

  for (size_t i = 0; i < n; i++)
    xs[i] = figures_value (f, runs[i]);
  stats_ci95 (xs, n, mean, half);
}

bool
compare_metric_ci (const char *key, RunResult *const *runs, size_t n, double *mean, double *half)
{
  FigureId f;

  if (!figures_find (key, &f) || !figures_numeric (f))
    return false;
  batch_figure_ci (f, runs, n, mean, half);
  return true;
}

/* ---- formatting ------------------------------------------------------- */

/* A table: row labels on the left, cells right-aligned under column heads.
 * Widths count characters, not bytes ("µ" and "±" are two bytes). */
static void
table_print (FILE *out, const char *corner, const char *const *heads, size_t n_cols,
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

/* Three decimals in the C locale, trailing zeros dropped: stable bytes. */
static void
json_number (GString *s, double v)
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

/* ---- parsing ---------------------------------------------------------- */

bool
compare_parse_strategies (const char *spec, int *out, size_t *n, GError **error)
{
  g_auto (GStrv) names = NULL;

  *n = 0;
  if (spec == NULL || strcmp (spec, "all") == 0)
    {
      for (int i = 0; i < STRATEGY_COUNT; i++)
        out[(*n)++] = i;
      return true;
    }
  names = g_strsplit (spec, ",", -1);
  for (char **name = names; *name != NULL; name++)
    {
      int k = strategy_from_name (g_strstrip (*name));

      if (k < 0)
        {
          g_autofree char *all = cli_strategy_list (", ");

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown strategy '%s' (give 'all' or some of: %s)", *name, all);
          return false;
        }
      for (size_t i = 0; i < *n; i++)
        if (out[i] == k)
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "strategy '%s' is given twice", *name);
            return false;
          }
      out[(*n)++] = k;
    }
  return true;
}

/* The value [start, end) of the --param list `text`, stripped, appended to
 * `values`; false for an empty or a repeated value.  Errors name `path`. */
static bool
param_add_value (const char *path, const char *text, const char *start, const char *end,
                 GPtrArray *values, GError **error)
{
  g_autofree char *v = g_strstrip (g_strndup (start, (size_t) (end - start)));

  if (v[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--param %s: an empty value in '%s'", path, text);
      return false;
    }
  for (guint i = 0; i < values->len; i++)
    if (strcmp (values->pdata[i], v) == 0)
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--param %s: the value '%s' is given twice", path, v);
        return false;
      }
  g_ptr_array_add (values, g_steal_pointer (&v));
  return true;
}

/* Splits `text` into `values` at the commas outside any bracket, brace or
 * JSON string. */
static bool
param_split_values (const char *path, const char *text, GPtrArray *values, GError **error)
{
  const char *start = text;
  int depth = 0;
  bool in_string = false;

  for (const char *c = text;; c++)
    {
      if (in_string)
        {
          if (*c == '\\' && c[1] != '\0')
            c++;
          else if (*c == '"')
            in_string = false;
          else if (*c == '\0')
            break;
          continue;
        }
      if (*c == '"')
        in_string = true;
      else if (*c == '[' || *c == '{')
        depth++;
      else if (*c == ']' || *c == '}')
        {
          if (--depth < 0)
            break;
        }
      else if ((*c == ',' && depth == 0) || *c == '\0')
        {
          if (!param_add_value (path, text, start, c, values, error))
            return false;
          if (*c == '\0')
            break;
          start = c + 1;
        }
    }
  if (in_string || depth != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--param %s: unbalanced quotes or brackets in '%s'", path, text);
      return false;
    }
  return true;
}

bool
compare_parse_param (const char *spec, char **path, GStrv *values, GError **error)
{
  const char *eq = spec != NULL ? strchr (spec, '=') : NULL;
  g_autoptr (GPtrArray) vals = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *p = NULL;

  *path = NULL;
  *values = NULL;
  if (eq == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--param wants PATH=V1,V2,... (e.g. kernel.ipc_timeout=1ms,5ms,50ms), "
                   "not '%s'", spec != NULL ? spec : "");
      return false;
    }
  p = g_strstrip (g_strndup (spec, (size_t) (eq - spec)));
  if (p[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--param '%s' has no PATH before '='", spec);
      return false;
    }
  if (strcmp (p, "strategy") == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--param cannot sweep the strategy: every sweep runs each "
                           "strategy; choose them with --strategies");
      return false;
    }
  if (!param_split_values (p, eq + 1, vals, error))
    return false;
  g_ptr_array_add (vals, NULL);
  *values = (GStrv) g_ptr_array_free (g_steal_pointer (&vals), FALSE);
  *path = g_steal_pointer (&p);
  return true;
}

/* ---- the command line ------------------------------------------------- */

typedef struct {
  char *strategies;
  int runs, jobs;
  char **sets;
  char *json, *csv, *plot, *timeline;
  char *param;                 /* sweep only */
  gboolean quiet;
} BatchOptions;

static void
batch_options_clear (BatchOptions *o)
{
  g_free (o->strategies);
  g_strfreev (o->sets);
  g_free (o->json);
  g_free (o->csv);
  g_free (o->plot);
  g_free (o->timeline);
  g_free (o->param);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BatchOptions, batch_options_clear)

/* ---- the batch -------------------------------------------------------- */

typedef struct {
  size_t value;                  /* index into the batch's values */
  ScenarioConfig *config;        /* until run */
  OutFile *trace_file;        /* the timeline trace, or NULL */
  bool trace_ok;                 /* the trace was written completely */
  RunResult *result;
  char *json;                    /* report_json (result, without wall_s) */
} Slot;

typedef struct {
  const char *command;           /* "compare" or "sweep" */
  char *path;                    /* the scenario file */
  char *stdin_text;              /* the scenario when path is "-": read once */
  gsize stdin_len;
  char *scenario;                /* its name */
  char *param;                   /* swept path, NULL for compare */
  GStrv values;                  /* swept values; NULL for compare */
  size_t n_values;               /* 1 for compare */
  uint64_t *seeds;               /* first seed per value */
  int strategies[STRATEGY_COUNT]; /* StrategyKind, in the order shown */
  size_t n_strategies;
  bool skipped_local_rm;         /* the scenario has a GUI */
  bool has_paging;               /* the scenario has dataspaces (under some value) */
  bool has_gui;                  /* the scenario has a GUI (under some value) */
  int64_t stall_threshold;       /* of the first value: when a thread counts as stalled */
  size_t runs;                   /* replications per (value, strategy) */
  Slot *slots;                   /* (value, strategy, rep), rep fastest */
  size_t n_slots;
  bool keep_samples;             /* for the CDF plot */
  int64_t tl_from, tl_to;        /* timeline window */
  FigureId shown[FIG_COUNT];     /* the figures of the tables, in their order */
  size_t n_shown;
  double *mean, *half;           /* [batch_cell (value, strategy, figure)] */
} Batch;

static void
batch_free (Batch *b)
{
  for (size_t i = 0; i < b->n_slots; i++)
    {
      Slot *s = &b->slots[i];

      if (s->config != NULL)
        scenario_free (s->config);
      outfile_abort (s->trace_file);
      run_result_free (s->result);
      g_free (s->json);
    }
  g_free (b->slots);
  g_free (b->path);
  g_free (b->stdin_text);
  g_free (b->scenario);
  g_free (b->param);
  g_strfreev (b->values);
  g_free (b->seeds);
  g_free (b->mean);
  g_free (b->half);
}

static Slot *
batch_slot (const Batch *b, size_t value, size_t strategy, size_t rep)
{
  return &b->slots[(value * b->n_strategies + strategy) * b->runs + rep];
}

static size_t
batch_cell (const Batch *b, size_t value, size_t strategy, FigureId m)
{
  return (value * b->n_strategies + strategy) * FIG_COUNT + m;
}

static bool
batch_figure_nonzero (const Batch *b, FigureId m)
{
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      if (b->mean[batch_cell (b, v, s, m)] != 0)
        return true;
  return false;
}

/* Is the scenario of this kind? */
static bool
batch_on_topic (const Batch *b, FigureTopic t)
{
  switch (t)
    {
    case FIGURE_TOPIC_RUN:
    case FIGURE_TOPIC_CALLS:
      return true;
    case FIGURE_TOPIC_PAGING:
    case FIGURE_TOPIC_COST:
      return b->has_paging;
    case FIGURE_TOPIC_GUI:
      return b->has_gui;
    case FIGURE_TOPIC_TIMER:
      return !b->has_paging && !b->has_gui;
    case FIGURE_TOPIC_COUNT:
      break;
    }
  g_assert_not_reached ();
}

/* Tables leave out a figure that is 0 everywhere, unless it is a key figure
 * of the scenario's kind. */
static bool
batch_figure_shown (const Batch *b, FigureId m)
{
  return (figures[m].show == FIGURE_SHOW_ALWAYS && batch_on_topic (b, figures[m].topic))
         || batch_figure_nonzero (b, m);
}

/* The name of the batch's `s`-th strategy. */
static const char *
batch_strategy_name (const Batch *b, size_t s)
{
  return strategy_names[b->strategies[s]];
}

/* The names of the batch's strategies, in its order, into `names`. */
static void
batch_strategy_names (const Batch *b, const char *names[STRATEGY_COUNT])
{
  for (size_t s = 0; s < b->n_strategies; s++)
    names[s] = batch_strategy_name (b, s);
}

/* The most pager threads core had in any run: core.blocked_ns is summed
 * over them, so with several it can exceed the run. */
static int
batch_pager_threads (const Batch *b)
{
  int most = 1;

  for (size_t i = 0; i < b->n_slots; i++)
    most = MAX (most, b->slots[i].result->core.pager_threads);
  return most;
}

/* The scenario with `sets` applied.  Standard input can be read only once,
 * and every run needs its own load. */
static ScenarioConfig *
batch_config (Batch *b, GPtrArray *sets, GError **error)
{
  const char *const *lines = (const char *const *) sets->pdata;

  if (strcmp (b->path, "-") != 0)
    return scenario_load_file (b->path, lines, error);
  if (b->stdin_text == NULL)
    {
      g_autoptr (GIOChannel) in = g_io_channel_unix_new (0);

      g_io_channel_set_encoding (in, NULL, NULL);
      if (g_io_channel_read_to_end (in, &b->stdin_text, &b->stdin_len, error)
          != G_IO_STATUS_NORMAL)
        {
          g_prefix_error (error, "<stdin>: cannot read: ");
          return NULL;
        }
    }
  return scenario_load_data ("<stdin>", b->stdin_text, b->stdin_len, lines, error);
}

/* The "--set" lines of one run: the user's, the swept value, the strategy
 * and the seed (unless SEED_OF_SCENARIO), in that order (later ones win). */
static GPtrArray *
batch_sets (const Batch *b, const BatchOptions *o, size_t value, int strategy, uint64_t seed)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func (g_free);

  for (char **s = o->sets; s != NULL && *s != NULL; s++)
    g_ptr_array_add (sets, g_strdup (*s));
  if (b->param != NULL)
    g_ptr_array_add (sets, g_strdup_printf ("%s=%s", b->param, b->values[value]));
  g_ptr_array_add (sets, g_strdup_printf ("strategy=%s", strategy_names[strategy]));
  if (seed != SEED_OF_SCENARIO)
    g_ptr_array_add (sets, g_strdup_printf ("seed=%" PRIu64, seed));
  g_ptr_array_add (sets, NULL);
  return sets;
}

/* Loads the scenario once per value, as async-signal (which accepts any
 * scenario), to validate the user's --set and the values before anything
 * runs and to learn the seed and the scenario's kind (paging, GUI).  Exit
 * status. */
static MksimExit
batch_probe (Batch *b, const BatchOptions *o)
{
  b->seeds = g_new0 (uint64_t, b->n_values);
  for (size_t v = 0; v < b->n_values; v++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) sets = batch_sets (b, o, v, STRATEGY_ASYNC_SIGNAL, SEED_OF_SCENARIO);
      ScenarioConfig *c = batch_config (b, sets, &error);

      if (c == NULL)
        {
          if (b->param != NULL)
            fprintf (stderr, "mksim %s: with --param %s=%s:\n", b->command, b->param,
                     b->values[v]);
          fprintf (stderr, "%s\n", error->message);
          return MKSIM_EXIT_USAGE;
        }
      if (b->runs - 1 > (uint64_t) SEED_MAX - c->seed)
        {
          fprintf (stderr, "mksim %s: seeds %" PRIu64 " and up: %zu runs would pass the "
                   "largest seed (2^63 - 1)\n", b->command, c->seed, b->runs);
          scenario_free (c);
          return MKSIM_EXIT_USAGE;
        }
      cli_print_notes (b->command, c);
      b->seeds[v] = c->seed;
      b->has_gui = b->has_gui || c->gui.present;
      b->has_paging = b->has_paging || c->n_dataspaces > 0;
      if (b->scenario == NULL)
        {
          b->scenario = g_strdup (c->name);
          b->stall_threshold = c->stall_threshold;
        }
      scenario_free (c);
    }
  return MKSIM_EXIT_OK;
}

/* local-region-mapper does not deliver GUI input: leave it out, and say so. */
static void
batch_drop_local_rm (Batch *b)
{
  size_t k = 0;

  for (size_t i = 0; i < b->n_strategies; i++)
    if (b->strategies[i] != STRATEGY_LOCAL_RM)
      b->strategies[k++] = b->strategies[i];
  if (k == b->n_strategies)
    return;
  b->n_strategies = k;
  b->skipped_local_rm = true;
  fprintf (stderr, "mksim %s: note: local-region-mapper is left out: the scenario has a GUI, "
           "and GUI input delivery has no local-region-mapper variant (it is a way of "
           "reflecting page faults)\n", b->command);
}

static MksimExit
batch_load (Batch *b, const BatchOptions *o)
{
  b->n_slots = b->n_values * b->n_strategies * b->runs;
  b->slots = g_new0 (Slot, b->n_slots);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      for (size_t r = 0; r < b->runs; r++)
        {
          Slot *slot = batch_slot (b, v, s, r);
          g_autoptr (GError) error = NULL;
          g_autoptr (GPtrArray) sets = batch_sets (b, o, v, b->strategies[s], b->seeds[v] + r);

          slot->value = v;
          slot->config = batch_config (b, sets, &error);
          if (slot->config == NULL)
            {
              fprintf (stderr, "mksim %s: under %s:\n%s\n", b->command,
                       batch_strategy_name (b, s), error->message);
              return MKSIM_EXIT_USAGE;
            }
        }
  return MKSIM_EXIT_OK;
}

/* A worker: one run into its own slot. */
static void
slot_run (gpointer data, gpointer user_data)
{
  Slot *slot = data;
  const Batch *b = user_data;
  Trace *trace = NULL;

  if (slot->trace_file != NULL)
    trace = trace_new (outfile_stream (slot->trace_file), b->tl_from, b->tl_to, NULL, 0);
  slot->result = machine_run (slot->config, trace);
  if (trace != NULL)
    {
      slot->trace_ok = trace_close (trace);
      trace_free (trace);
    }
  report_json_fingerprint (slot->result, slot->result->fingerprint);
  slot->json = report_json (slot->result, false);
  if (!b->keep_samples)
    {
      g_clear_pointer (&slot->result->faults.samples, g_free);
      slot->result->faults.n_samples = 0;
      g_clear_pointer (&slot->result->gui.samples, g_free);
      slot->result->gui.n_samples = 0;
    }
  scenario_free (slot->config);
  slot->config = NULL;
}

static MksimExit
batch_run (Batch *b, int jobs)
{
  g_autoptr (GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (slot_run, b, MIN (jobs, (int) b->n_slots), FALSE,
                                         &error);

  if (pool == NULL)
    {
      fprintf (stderr, "mksim %s: cannot start worker threads: %s\n", b->command,
               error->message);
      return MKSIM_EXIT_FAILED;
    }
  for (size_t i = 0; i < b->n_slots; i++)
    if (!g_thread_pool_push (pool, &b->slots[i], &error))
      {
        fprintf (stderr, "mksim %s: cannot start a run: %s\n", b->command, error->message);
        g_thread_pool_free (pool, TRUE, TRUE);
        return MKSIM_EXIT_FAILED;
      }
  g_thread_pool_free (pool, FALSE, TRUE);
  return MKSIM_EXIT_OK;
}

/* Every run reached the end of its simulated time?  A run cut short by the
 * max_events guard has no meaningful figures. */
static bool
batch_complete (const Batch *b)
{
  size_t cut = 0;

  for (size_t i = 0; i < b->n_slots; i++)
    {
      const RunResult *r = b->slots[i].result;
      g_autofree char *value = NULL;

      if (!r->max_events_hit || ++cut > COMPARE_MAX_CUT_NAMED)
        continue;
      if (b->param != NULL)
        value = g_strdup_printf (", %s=%s", b->param, b->values[b->slots[i].value]);
      fprintf (stderr, "mksim %s: %s, seed %" PRIu64 "%s: stopped by the max_events guard "
               "after %" PRIu64 " events\n", b->command, r->strategy, r->seed,
               value != NULL ? value : "", r->events);
    }
  if (cut > 0)
    fprintf (stderr, "mksim %s: %zu of %zu runs stopped early; no output files written "
             "(raise the guard with --set max_events=N)\n", b->command, cut, b->n_slots);
  return cut == 0;
}

static void
batch_summarise (Batch *b)
{
  g_autofree RunResult **runs = g_new (RunResult *, b->runs);

  b->n_shown = figures_shown (b->shown);
  b->mean = g_new0 (double, b->n_values * b->n_strategies * FIG_COUNT);
  b->half = g_new0 (double, b->n_values * b->n_strategies * FIG_COUNT);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      {
        for (size_t r = 0; r < b->runs; r++)
          runs[r] = batch_slot (b, v, s, r)->result;
        for (int f = 0; f < FIG_COUNT; f++)
          if (figures_numeric ((FigureId) f))
            {
              size_t cell = batch_cell (b, v, s, (FigureId) f);

              batch_figure_ci ((FigureId) f, runs, b->runs, &b->mean[cell], &b->half[cell]);
            }
      }
}

/* ---- text ------------------------------------------------------------- */

static void
batch_print_heading (const Batch *b, FILE *out)
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
}

static void
batch_print_compare (const Batch *b, FILE *out)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  const char *heads[STRATEGY_COUNT];
  size_t hidden = 0;

  batch_strategy_names (b, heads);
  for (size_t k = 0; k < b->n_shown; k++)
    {
      FigureId f = b->shown[k];

      if (!batch_figure_shown (b, f))
        {
          hidden++;
          continue;
        }
      g_ptr_array_add (rows, (gpointer) figures[f].label);
      for (size_t s = 0; s < b->n_strategies; s++)
        {
          size_t cell = batch_cell (b, 0, s, f);

          g_ptr_array_add (cells, figures_format (figures[f].unit, b->mean[cell], b->half[cell],
                                                  b->runs > 1));
        }
    }
  batch_print_heading (b, out);
  fputc ('\n', out);
  table_print (out, "", heads, b->n_strategies, (const char *const *) rows->pdata, rows->len,
               (char *const *) cells->pdata);
  if (batch_figure_shown (b, FIG_CORE_BLOCKED) && batch_pager_threads (b) > 1)
    fprintf (out, "('core blocked' is summed over core's %d pager threads.)\n",
             batch_pager_threads (b));
  if (hidden > 0)
    fprintf (out, "(%zu figures that are 0 under every strategy are not shown; all are in "
             "--json)\n", hidden);
}

static void
batch_print_sweep (const Batch *b, FILE *out)
{
  const char *heads[STRATEGY_COUNT];
  size_t hidden = 0;

  batch_strategy_names (b, heads);
  batch_print_heading (b, out);
  for (size_t k = 0; k < b->n_shown; k++)
    {
      FigureId f = b->shown[k];
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

            g_ptr_array_add (cells, figures_format (figures[f].unit, b->mean[cell],
                                                    b->half[cell], b->runs > 1));
          }
      fprintf (out, "\n%s (%s)\n", figures[f].label, figures[f].key);
      table_print (out, b->param, heads, b->n_strategies, (const char *const *) b->values,
                   b->n_values, (char *const *) cells->pdata);
    }
  if (hidden > 0)
    fprintf (out, "\n(%zu figures that are 0 everywhere are not shown; all are in --json)\n",
             hidden);
}

/* ---- JSON and CSV ----------------------------------------------------- */

/* A run object inside "results": indented one level deeper, with "param"
 * and "value" first in a sweep. */
static void
batch_json_run (const Batch *b, GString *s, const Slot *slot)
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
batch_json_summary (const Batch *b, GString *s, size_t value, const char *indent)
{
  g_string_append_c (s, '{');
  for (size_t st = 0; st < b->n_strategies; st++)
    {
      g_string_append_printf (s, "%s\n%s  ", st > 0 ? "," : "", indent);
      report_json_string (s, batch_strategy_name (b, st));
      g_string_append (s, ": {");
      for (size_t k = 0; k < b->n_shown; k++)
        {
          size_t cell = batch_cell (b, value, st, b->shown[k]);

          g_string_append_printf (s, "%s\n%s    ", k > 0 ? "," : "", indent);
          report_json_string (s, figures[b->shown[k]].key);
          g_string_append (s, ": {\"mean\": ");
          json_number (s, b->mean[cell]);
          g_string_append (s, ", \"ci95\": ");
          json_number (s, b->half[cell]);
          g_string_append_c (s, '}');
        }
      g_string_append_printf (s, "\n%s  }", indent);
    }
  g_string_append_printf (s, "\n%s}", indent);
}

static char *
batch_json (const Batch *b)
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
  g_string_append (s, "],\n  \"results\": [");
  for (size_t i = 0; i < b->n_slots; i++)
    {
      g_string_append (s, i > 0 ? ",\n" : "\n");
      batch_json_run (b, s, &b->slots[i]);
    }
  g_string_append (s, "\n  ],\n  \"summary\": ");
  if (b->param == NULL)
    batch_json_summary (b, s, 0, "  ");
  else
    {
      g_string_append_c (s, '{');
      for (size_t v = 0; v < b->n_values; v++)
        {
          g_string_append_printf (s, "%s\n    ", v > 0 ? "," : "");
          report_json_string (s, b->values[v]);
          g_string_append (s, ": ");
          batch_json_summary (b, s, v, "    ");
        }
      g_string_append (s, "\n  }");
    }
  g_string_append (s, "\n}\n");
  return g_string_free (s, FALSE);
}

static void
batch_csv (const Batch *b, FILE *out)
{
  if (b->param != NULL)
    fputs ("param,value,", out);
  report_csv_header (out);
  for (size_t i = 0; i < b->n_slots; i++)
    {
      if (b->param != NULL)
        {
          report_csv_field (out, b->param);
          fputc (',', out);
          report_csv_field (out, b->values[b->slots[i].value]);
          fputc (',', out);
        }
      report_csv_row (out, b->slots[i].result);
    }
}


/* ---- plots ------------------------------------------------------------ */

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

  return (x > y) - (x < y);
}

/* Reports a figure that could not be drawn, frees `error`, returns `ok`. */
static bool
batch_plot_result (const Batch *b, bool ok, GError **error)
{
  if (!ok)
    fprintf (stderr, "mksim %s: plot: %s\n", b->command, (*error)->message);
  g_clear_error (error);
  return ok;
}

/* The trace file of strategy `s`'s timeline in the plot folder. */
static char *
batch_timeline_trace (const Batch *b, size_t s)
{
  return g_strdup_printf ("timeline-%s.trace.json", batch_strategy_name (b, s));
}

/* The latency the figures show: page faults, or GUI deliveries in a GUI
 * scenario without faults. */
static bool
batch_plots_gui (const Batch *b)
{
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].result->faults.total > 0)
      return false;
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].result->gui.delivered > 0)
      return true;
  return false;
}

/* The latency samples of every run of strategy `s`, sorted. */
static GArray *
batch_samples (const Batch *b, size_t s, bool gui)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (int64_t));

  for (size_t r = 0; r < b->runs; r++)
    {
      const RunResult *res = batch_slot (b, 0, s, r)->result;

      if (gui)
        g_array_append_vals (all, res->gui.samples, res->gui.n_samples);
      else
        g_array_append_vals (all, res->faults.samples, res->faults.n_samples);
    }
  /* Each run's samples are sorted; the union needs sorting again. */
  g_array_sort (all, compare_int64);
  return all;
}

/* The GUI deliveries a run owed: every input event to every client.  What
 * was not delivered was dropped or is still queued at the end. */
static uint64_t
run_gui_due (const RunResult *r)
{
  uint64_t clients = 0;

  for (size_t t = 0; t < r->n_threads; t++)
    clients += r->threads[t].role == ROLE_GUI_CLIENT;
  return MAX (r->gui.events * clients, r->gui.delivered + r->gui.dropped);
}

/* Of all the cases of strategy `s` (faults, or GUI deliveries owed), over
 * every run, how many there were. */
static size_t
batch_cases (const Batch *b, size_t s, bool gui)
{
  uint64_t n = 0;

  for (size_t r = 0; r < b->runs; r++)
    {
      const RunResult *res = batch_slot (b, 0, s, r)->result;

      n += gui ? run_gui_due (res) : MAX (res->faults.total, (uint64_t) res->faults.n_samples);
    }
  return (size_t) n;
}

/* The key of strategy `s`'s curve: how many of its `n_total` cases got no
 * latency (and, for faults, how long the oldest had waited by the end). */
static char *
cdf_label (const Batch *b, size_t s, bool gui, size_t n, size_t n_total)
{
  const char *name = batch_strategy_name (b, s);
  g_autofree char *oldest = NULL;
  int64_t open_max = 0;

  if (n_total <= n)
    return g_strdup_printf ("%s (all %zu %s)", name, n_total, gui ? "delivered" : "resolved");
  if (gui)
    return g_strdup_printf ("%s (%zu of %zu not delivered: dropped or still queued)", name,
                            n_total - n, n_total);
  for (size_t r = 0; r < b->runs; r++)
    open_max = MAX (open_max, batch_slot (b, 0, s, r)->result->faults.open_max_ns);
  oldest = figures_format (FIGURE_UNIT_NS, (double) open_max, 0, false);
  return g_strdup_printf ("%s (%zu of %zu never resolved, the oldest open %s)", name,
                          n_total - n, n_total, oldest);
}

/* The CDF counts every fault (or delivery owed), not only those that got a
 * latency: otherwise a design whose faults never resolve looks fastest, as
 * sync-rpc does with a hung manager.  The key says how many never did. */
static bool
compare_plot_cdf (const Batch *b, PlotSet *p, const char *scenario, bool gui)
{
  PlotCdf series[STRATEGY_COUNT];
  g_autoptr (GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL, *xlabel = NULL;
  const char *never = gui ? "not delivered" : "never resolved";
  GError *error = NULL;
  int64_t top = 0;
  size_t cases = 0;
  double unit = 1;
  const char *uname;
  bool ok;

  for (size_t s = 0; s < b->n_strategies; s++)
    {
      GArray *all = batch_samples (b, s, gui);
      size_t n_total = batch_cases (b, s, gui);
      const char *name = batch_strategy_name (b, s);
      char *label = cdf_label (b, s, gui, all->len, n_total);

      g_ptr_array_add (samples, all);
      g_ptr_array_add (labels, label);
      series[s] = (PlotCdf) { .name = name, .label = label,
                              .samples = (const int64_t *) all->data, .n = all->len,
                              .n_total = n_total };
      cases += n_total;
      if (all->len > 0)
        top = MAX (top, g_array_index (all, int64_t, all->len - 1));
    }
  if (cases == 0)
    {
      fprintf (stderr, "mksim %s: plot: no %s to draw a distribution of\n",
               b->command, gui ? "GUI deliveries" : "page faults");
      return true;
    }
  uname = figures_unit_scale (FIGURE_UNIT_NS, (double) top, &unit);
  xlabel = g_strdup_printf ("%s latency (%s, log scale)", gui ? "delivery" : "fault", uname);
  title = g_strdup_printf ("%s: %s latency, every %s, %zu run%s per strategy (ending below "
                           "1: %s)", scenario, gui ? "GUI delivery" : "page-fault",
                           gui ? "delivery owed" : "fault", b->runs, b->runs == 1 ? "" : "s",
                           never);
  ok = plot_cdf (p, "cdf", &(PlotText) { title, xlabel,
                                         gui ? "share of all deliveries owed, done within x"
                                             : "share of all faults, resolved within x" },
                 series, b->n_strategies, 1.0 / unit, &error);
  ok = batch_plot_result (b, ok, &error);
  g_free (title);
  title = g_strdup_printf ("%s: the tail of the %s latency; a curve flat to the right edge: "
                           "%s", scenario, gui ? "GUI delivery" : "page-fault", never);
  ok = batch_plot_result (b, plot_cdf_tail (p, "tail", &(PlotText) {
                                              title, xlabel,
                                              gui ? "share of all deliveries owed, not done "
                                                    "within x (log scale)"
                                                  : "share of all faults, not resolved within "
                                                    "x (log scale)" },
                                            series, b->n_strategies, 1.0 / unit, &error),
                          &error) && ok;
  return ok;
}

/* A bar chart of some figures (the series) per strategy (the rows).  The
 * strategies name the bars: no x label. */
typedef struct {
  const char *name;              /* the figure's file name */
  const char *title, *ylabel;
  const FigureId *figures;
  const char *const *labels;     /* one per figure */
  size_t n_figures;
  double unit;                   /* ns per unit of the axis; 1 for counts */
  const char *unit_name;         /* NULL for counts */
  bool logy;                     /* a log axis, if every value is positive */
  FigureId note;                 /* FIG_COUNT, or a figure to name beside each strategy */
  const char *note_text;         /* its words: "never resolved" */
} BarChart;

/* The name of strategy `s` under its bars, with the chart's note if its
 * figure is not 0: "sync-rpc [8 never resolved]". */
static char *
bars_row_label (const Batch *b, const BarChart *c, size_t s)
{
  const char *name = batch_strategy_name (b, s);
  double v;

  if (c->note == FIG_COUNT)
    return g_strdup (name);
  v = b->mean[batch_cell (b, 0, s, c->note)];
  if (v == 0)
    return g_strdup (name);
  {
    g_autofree char *n = figures_format (figures[c->note].unit, v, 0, false);

    return g_strdup_printf ("%s [%s %s]", name, n, c->note_text);
  }
}

/* Figures that are 0 under every strategy are left out (all of them only
 * when every one is 0). */
static bool
compare_plot_bars (const Batch *b, PlotSet *p, const BarChart *c)
{
  g_autofree char *ylabel = NULL;
  g_autofree double *mean = g_new (double, b->n_strategies * c->n_figures);
  g_autofree double *ci = g_new (double, b->n_strategies * c->n_figures);
  g_autofree FigureId *ms = g_new (FigureId, c->n_figures);
  g_autofree const char **labels = g_new (const char *, c->n_figures);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  bool logy = c->logy;
  size_t n = 0;
  bool ok;

  for (size_t k = 0; k < c->n_figures; k++)
    if (batch_figure_nonzero (b, c->figures[k]))
      {
        ms[n] = c->figures[k];
        labels[n++] = c->labels[k];
      }
  if (n == 0)
    {
      memcpy (ms, c->figures, c->n_figures * sizeof *ms);
      memcpy (labels, c->labels, c->n_figures * sizeof *labels);
      n = c->n_figures;
    }
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_ptr_array_add (rows, bars_row_label (b, c, s));
      for (size_t k = 0; k < n; k++)
        {
          size_t cell = batch_cell (b, 0, s, ms[k]);

          mean[s * n + k] = b->mean[cell] / c->unit;
          ci[s * n + k] = b->half[cell] / c->unit;
          logy = logy && mean[s * n + k] > 0;
        }
    }
  ylabel = c->unit_name != NULL ? g_strdup_printf ("%s (%s%s)", c->ylabel, c->unit_name,
                                                   logy ? ", log scale" : "")
                                : g_strdup (c->ylabel);
  ok = plot_bars (p, c->name, &(PlotText) { c->title, "", ylabel }, &(PlotTable) {
                    .n_rows = b->n_strategies, .n_series = n,
                    .row_labels = (const char *const *) rows->pdata,
                    .series = labels, .mean = mean, .ci = ci, .logy = logy }, &error);
  return batch_plot_result (b, ok, &error);
}

/* The figure written above a bar: a count in its panel's unit, a time or a
 * size in its own ("5.00 µs" beside "4.320 s" on an axis in seconds). */
static char *
panel_value_text (FigureUnit unit, double raw, double in_axis_unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *format;

  if (unit == FIGURE_UNIT_NS || unit == FIGURE_UNIT_BYTES)
    return raw == 0 ? g_strdup ("0") : figures_format (unit, raw, 0, false);
  format = in_axis_unit == floor (in_axis_unit) || fabs (in_axis_unit) >= 100 ? "%.0f"
           : fabs (in_axis_unit) >= 10 ? "%.1f" : "%.2f";
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, in_axis_unit));
}

/* `text` (freed) with the cause of strategy `s`'s GUI drops beside it, so
 * that a client's own full buffer is not read as the server losing events:
 * "269, buffer full". */
static char *
gui_drops_note (const Batch *b, size_t s, char *text)
{
  static const char *const words[FIGURE_DROP_COUNT] = {
    /* ORDER FigureDropCause */
    "timed out", "buffer full", "client dead",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (words) == FIGURE_DROP_COUNT);
  const char *only = NULL;
  size_t n = 0;
  char *noted;

  for (int c = 0; c < FIGURE_DROP_COUNT; c++)
    if (b->mean[batch_cell (b, 0, s, figures_drop_cause_figure ((FigureDropCause) c))] != 0)
      {
        only = words[c];
        n++;
      }
  if (n == 0)
    return text;
  noted = g_strdup_printf ("%s, %s", text, n == 1 ? only : "several causes");
  g_free (text);
  return noted;
}

/* One panel of the health chart: figure `m` of every strategy, in one unit
 * named in its title.  What it allocates goes to `texts`. */
static void
health_panel (const Batch *b, FigureId m, const char *words, PlotPanel *panel, double *mean,
              double *ci, GPtrArray *texts)
{
  const char **values = g_new (const char *, b->n_strategies);
  double top = 0, size = 1;
  const char *uname;
  char *title;

  for (size_t s = 0; s < b->n_strategies; s++)
    top = MAX (top, b->mean[batch_cell (b, 0, s, m)]);
  uname = figures_unit_scale (figures[m].unit, top, &size);
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      size_t cell = batch_cell (b, 0, s, m);
      char *text;

      mean[s] = b->mean[cell] / size;
      ci[s] = b->half[cell] / size;
      text = panel_value_text (figures[m].unit, b->mean[cell], mean[s]);
      if (m == FIG_GUI_DROPPED)
        text = gui_drops_note (b, s, text);
      g_ptr_array_add (texts, text);
      values[s] = text;
    }
  title = uname != NULL ? g_strdup_printf ("%s (%s)", words, uname) : g_strdup (words);
  g_ptr_array_add (texts, title);
  g_ptr_array_add (texts, values);
  *panel = (PlotPanel) { .title = title, .mean = mean, .ci = ci, .values = values };
}

/* A panel of the health chart: a figure, its words, and whether they name
 * the stall threshold. */
typedef struct {
  FigureId m;
  const char *words;
  bool threshold;
} HealthFigure;

/* The figures the lessons point to, side by side per strategy, each on its
 * own axis: the work done, what never got done, and who else paid (innocent
 * threads and core; a frozen GUI server).  Paging figures in a scenario with
 * dataspaces, GUI figures with a GUI, calls and the timer otherwise. */
static bool
compare_plot_health (const Batch *b, PlotSet *p, const char *scenario, const char *runs_note)
{
  static const HealthFigure paging[] = {
    { FIG_FAULTS_RESOLVED, "faults resolved (work done)", false },
    { FIG_FAULTS_UNRESOLVED, "faults never resolved (open at the end)", false },
    { FIG_INNOCENT_STALLED, "innocent threads stalled", true },
    { FIG_CORE_BLOCKED, "core blocked waiting for user level", false },
  };
  static const HealthFigure gui[] = {
    { FIG_GUI_DELIVERED, "GUI events delivered (work done)", false },
    { FIG_GUI_DROPPED, "GUI events dropped, and why", false },
    { FIG_GUI_MAX_FREEZE, "GUI server's longest freeze", false },
    { FIG_GUI_P99, "GUI delivery latency p99", false },
  };
  static const HealthFigure other[] = {
    { FIG_CALLS_COMPLETED, "calls completed (work done)", false },
    { FIG_CALLS_DROPPED, "calls dropped", false },
    { FIG_TIMER_MAX_ERROR, "latest wake-up from a sleep", false },
  };
  HealthFigure figs[G_N_ELEMENTS (paging) + G_N_ELEMENTS (gui)];
  PlotPanel panels[G_N_ELEMENTS (figs)];
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *mean = NULL, *ci = NULL;
  char threshold[G_ASCII_DTOSTR_BUF_SIZE];
  double size;
  const char *uname = figures_unit_scale (FIGURE_UNIT_NS, (double) b->stall_threshold, &size);
  g_autofree char *title = NULL;
  const char *rows[STRATEGY_COUNT];
  GError *error = NULL;
  size_t n = 0;
  bool ok;

  if (b->has_paging)
    for (size_t k = 0; k < G_N_ELEMENTS (paging); k++)
      figs[n++] = paging[k];
  if (b->has_gui)
    for (size_t k = 0; k < G_N_ELEMENTS (gui); k++)
      figs[n++] = gui[k];
  if (n == 0)
    for (size_t k = 0; k < G_N_ELEMENTS (other); k++)
      figs[n++] = other[k];
  mean = g_new (double, n * b->n_strategies);
  ci = g_new (double, n * b->n_strategies);
  g_ascii_formatd (threshold, sizeof threshold, "%g", (double) b->stall_threshold / size);
  for (size_t k = 0; k < n; k++)
    {
      g_autofree char *words = NULL;

      if (figs[k].threshold)
        words = g_strdup_printf ("%s (one fault > %s %s)", figs[k].words, threshold, uname);
      else if (figs[k].m == FIG_CORE_BLOCKED && batch_pager_threads (b) > 1)
        words = g_strdup_printf ("core blocked, summed over %d pager threads",
                                 batch_pager_threads (b));
      else
        words = g_strdup (figs[k].words);

      health_panel (b, figs[k].m, words, &panels[k], mean + k * b->n_strategies,
                    ci + k * b->n_strategies, texts);
    }
  batch_strategy_names (b, rows);
  title = g_strdup_printf ("%s: health per strategy%s", scenario, runs_note);
  ok = plot_panels (p, "health", &(PlotText) { title, "", "" }, rows, b->n_strategies, panels,
                    n, &error);
  return batch_plot_result (b, ok, &error);
}

/* The thread-state timeline of each strategy's first run, from the trace
 * written beside it, which is committed first. */
static bool
compare_plot_timelines (Batch *b, PlotSet *p, const char *scenario)
{
  bool ok = true;

  for (size_t s = 0; s < b->n_strategies; s++)
    {
      Slot *slot = batch_slot (b, 0, s, 0);
      const char *name = batch_strategy_name (b, s);
      g_autofree char *trace = batch_timeline_trace (b, s);
      g_autofree char *trace_path = plot_set_path (p, trace);
      g_autofree char *figure = g_strdup_printf ("timeline-%s", name);
      g_autofree char *title = NULL;
      char from[G_ASCII_DTOSTR_BUF_SIZE], to[G_ASCII_DTOSTR_BUF_SIZE];
      GError *error = NULL;
      bool drawn;

      if (!slot->trace_ok)
        {
          fprintf (stderr, "mksim %s: cannot write the trace '%s'\n", b->command, trace_path);
          ok = false;
          continue;
        }
      if (!cli_commit_output (b->command, g_steal_pointer (&slot->trace_file)))
        {
          ok = false;
          continue;
        }
      title = g_strdup_printf ("%s under %s: thread states from %s to %s ms (seed %" PRIu64 ")",
                               scenario, name,
                               g_ascii_formatd (from, sizeof from, "%.6g", b->tl_from / 1e6),
                               g_ascii_formatd (to, sizeof to, "%.6g", b->tl_to / 1e6),
                               b->seeds[0]);
      drawn = plot_timeline (p, figure, &(PlotText) { title, "simulated time (ms)", "thread" },
                             trace_path, b->tl_from, b->tl_to, TIMELINE_TRACKS, &error);
      ok = batch_plot_result (b, drawn, &error) && ok;
    }
  return ok;
}

static bool
compare_plots (Batch *b, PlotSet *p)
{
  static const FigureId lat_fault[] = { FIG_LATENCY_P50, FIG_LATENCY_P99, FIG_LATENCY_MAX };
  static const char *const lat_fault_names[] = { "p50", "p99", "max" };
  static const FigureId lat_gui[] = { FIG_GUI_P99, FIG_GUI_MAX_FREEZE };
  static const char *const lat_gui_names[] = { "delivery p99", "longest freeze" };
  static const FigureId drops[] = { FIG_FAULTS_UNRESOLVED, FIG_FAULTS_DROPPED,
                                    FIG_GUI_DROPPED_TIMEOUT, FIG_GUI_DROPPED_OVERFLOW,
                                    FIG_GUI_DROPPED_DEAD, FIG_CALLS_DROPPED };
  static const char *const drop_names[] = { "faults unresolved at the end",
                                            "faults dropped (IPC timeout)",
                                            "GUI events dropped: send timed out",
                                            "GUI events dropped: client's buffer full",
                                            "GUI events dropped: client dead",
                                            "calls dropped" };
  G_STATIC_ASSERT (G_N_ELEMENTS (drops) == G_N_ELEMENTS (drop_names));
  g_autofree char *scenario = plot_sanitize (b->scenario);
  g_autofree char *lat_title = NULL, *drop_title = NULL;
  bool gui = batch_plots_gui (b);
  const FigureId *lat = gui ? lat_gui : lat_fault;
  size_t n_lat = gui ? G_N_ELEMENTS (lat_gui) : G_N_ELEMENTS (lat_fault);
  const char *runs_note = b->runs > 1 ? ", mean and 95 % CI over the runs" : "";
  double top = 0, unit = 1;
  const char *uname;
  bool ok = true;

  ok = compare_plot_cdf (b, p, scenario, gui) && ok;

  for (size_t s = 0; s < b->n_strategies; s++)
    for (size_t k = 0; k < n_lat; k++)
      top = MAX (top, b->mean[batch_cell (b, 0, s, lat[k])]);
  uname = figures_unit_scale (FIGURE_UNIT_NS, top, &unit);
  /* These bars can only show what got a latency: the title and the names
   * under the bars say what is missing. */
  lat_title = g_strdup_printf ("%s: %s%s", scenario,
                               gui ? "latency of the GUI events delivered, and freezes"
                                   : "latency of the resolved faults only", runs_note);
  ok = compare_plot_bars (b, p, &(BarChart) {
                            .name = "latency", .title = lat_title,
                            .ylabel = gui ? "time" : "fault latency",
                            .figures = lat, .labels = gui ? lat_gui_names : lat_fault_names,
                            .n_figures = n_lat, .unit = unit, .unit_name = uname,
                            .logy = true, .note = gui ? FIG_GUI_DROPPED : FIG_FAULTS_UNRESOLVED,
                            .note_text = gui ? "dropped" : "never resolved" }) && ok;

  ok = compare_plot_health (b, p, scenario, runs_note) && ok;

  drop_title = g_strdup_printf ("%s: what was lost per strategy, by cause%s", scenario,
                                runs_note);
  ok = compare_plot_bars (b, p, &(BarChart) {
                            .name = "drops", .title = drop_title,
                            .ylabel = b->runs > 1 ? "count (mean per run)" : "count",
                            .figures = drops, .labels = drop_names,
                            .n_figures = G_N_ELEMENTS (drops), .unit = 1.0,
                            .note = FIG_COUNT }) && ok;

  return compare_plot_timelines (b, p, scenario) && ok;
}

/* The swept values as x: numbers, or durations in one unit, else categories
 * (NULL).  `unit_name` gets the unit for the axis label ("" for numbers). */
static double *
sweep_x (const Batch *b, const char **unit_name)
{
  g_autofree double *x = g_new (double, b->n_values);
  bool numbers = true, durations = true;
  double top = 0, unit = 1;

  for (size_t v = 0; v < b->n_values; v++)
    {
      g_autofree char *text = g_strdup (b->values[v]);
      size_t len = strlen (text);
      char *end;
      int64_t ns;

      /* A duration may be given as the JSON string it is: "\"5ms\"". */
      if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
        {
          memmove (text, text + 1, len - 2);
          text[len - 2] = '\0';
        }
      x[v] = g_ascii_strtod (text, &end);
      numbers = numbers && end != text && *end == '\0' && isfinite (x[v]);
      if (cli_parse_duration (text, &ns))
        {
          x[v] = (double) ns;
          top = MAX (top, x[v]);
        }
      else
        durations = false;
    }
  *unit_name = "";
  if (numbers)
    return g_steal_pointer (&x);
  if (!durations)
    return NULL;
  *unit_name = figures_unit_scale (FIGURE_UNIT_NS, top, &unit);
  for (size_t v = 0; v < b->n_values; v++)
    x[v] /= unit;
  return g_steal_pointer (&x);
}

/* A log x axis when the values are positive and span two decades or more. */
static bool
sweep_logx (const double *x, size_t n)
{
  double lo, hi;

  if (x == NULL || n < 2)
    return false;
  lo = hi = x[0];
  for (size_t v = 1; v < n; v++)
    {
      lo = MIN (lo, x[v]);
      hi = MAX (hi, x[v]);
    }
  return lo > 0 && hi / lo >= 100;
}

/* The axis of the swept parameter, shared by every figure of a sweep. */
typedef struct {
  const double *x;               /* NULL: the values are categories */
  const char *label;
  bool log;
} SweepAxis;

/* A log y axis when the values that are not 0 span more than two decades
 * (a latency from milliseconds to seconds); 0 cannot be drawn there. */
static bool
sweep_logy (const double *mean, size_t n)
{
  double lo = INFINITY, hi = 0;

  for (size_t i = 0; i < n; i++)
    if (mean[i] > 0)
      {
        lo = MIN (lo, mean[i]);
        hi = MAX (hi, mean[i]);
      }
  return hi > 0 && hi / lo > 100;
}

/* One line of a sweep figure: which figure, of which strategy, and its
 * name and style in the key. */
typedef struct {
  FigureId m;
  size_t strategy;
  char *name;
  int part;                      /* 0: the strategy's own figure; else its part */
} SweepLine;

static void
sweep_line_clear (SweepLine *l)
{
  g_free (l->name);
}

/* Draws `lines` against the swept parameter as figure `file`, in the unit
 * of their first figure.  On a log axis (sweep_logy) a 0 is left out and
 * its line says so in the key. */
static bool
sweep_plot_lines (const Batch *b, PlotSet *p, const char *file, const char *title,
                  const char *ylabel_words, const SweepAxis *axis, const GArray *lines)
{
  size_t nl = lines->len, n = b->n_values * nl;
  g_autofree double *mean = g_new (double, n);
  g_autofree double *ci = g_new (double, n);
  g_autofree const char **series = g_new (const char *, nl);
  g_autofree const char **colour_of = g_new (const char *, nl);
  g_autofree int *parts = g_new (int, nl);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ylabel = NULL;
  FigureId first = g_array_index (lines, SweepLine, 0).m;
  const char *uname;
  double top = 0, unit = 1;
  GError *error = NULL;
  bool logy, ok;

  for (size_t v = 0; v < b->n_values; v++)
    for (size_t k = 0; k < nl; k++)
      {
        const SweepLine *l = &g_array_index (lines, SweepLine, k);

        top = MAX (top, b->mean[batch_cell (b, v, l->strategy, l->m)]);
      }
  uname = figures_unit_scale (figures[first].unit, top, &unit);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t k = 0; k < nl; k++)
      {
        const SweepLine *l = &g_array_index (lines, SweepLine, k);
        size_t cell = batch_cell (b, v, l->strategy, l->m);

        mean[v * nl + k] = b->mean[cell] / unit;
        ci[v * nl + k] = b->half[cell] / unit;
      }
  logy = sweep_logy (mean, n);
  for (size_t k = 0; k < nl; k++)
    {
      const SweepLine *l = &g_array_index (lines, SweepLine, k);
      bool hidden_zero = false;

      for (size_t v = 0; v < b->n_values; v++)
        if (logy && mean[v * nl + k] <= 0)
          {
            mean[v * nl + k] = NAN;
            hidden_zero = true;
          }
      g_ptr_array_add (names, hidden_zero ? g_strdup_printf ("%s (0 not drawn)", l->name)
                                          : g_strdup (l->name));
      series[k] = names->pdata[k];
      colour_of[k] = batch_strategy_name (b, l->strategy);
      parts[k] = l->part;
    }
  if (uname != NULL)
    ylabel = g_strdup_printf ("%s (%s%s)", ylabel_words, uname, logy ? ", log scale" : "");
  else
    ylabel = g_strdup_printf ("%s%s", ylabel_words, logy ? " (log scale)" : "");
  ok = plot_lines (p, file, &(PlotText) { title, axis->label, ylabel }, &(PlotTable) {
                     .n_rows = b->n_values, .n_series = nl,
                     .row_labels = (const char *const *) b->values, .x = axis->x,
                     .series = series, .mean = mean, .ci = ci, .logx = axis->log, .logy = logy,
                     .series_are_strategies = true, .series_strategy = colour_of,
                     .series_part = parts }, &error);
  return batch_plot_result (b, ok, &error);
}

/* Figure `m` against the swept parameter, one line per strategy. */
static bool
sweep_plot_figure (const Batch *b, PlotSet *p, const char *scenario, const char *param,
                   const SweepAxis *axis, FigureId m)
{
  g_autoptr (GArray) lines = g_array_new (FALSE, TRUE, sizeof (SweepLine));
  g_autofree char *name = g_strdup_printf ("sweep-%s", figures[m].file);
  g_autofree char *title = g_strdup_printf ("%s: %s against %s%s", scenario, figures[m].label,
                                            param, b->runs > 1 ? " (mean, 95 % CI)" : "");

  g_array_set_clear_func (lines, (GDestroyNotify) sweep_line_clear);
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      SweepLine l = { m, s, g_strdup (batch_strategy_name (b, s)), 0 };

      g_array_append_val (lines, l);
    }
  return sweep_plot_lines (b, p, name, title, figures[m].label, axis, lines);
}

/* GUI drops split by cause, one line per strategy and cause that dropped
 * anything: an overflow (a client that stops fetching loses its own events
 * and nobody waits) is not a timeout (the server gave up on a slow client),
 * and one line of totals would hide that. */
static bool
sweep_plot_gui_drops (const Batch *b, PlotSet *p, const char *scenario, const char *param,
                      const SweepAxis *axis)
{
  static const char *const cause_names[FIGURE_DROP_COUNT] = {
    /* ORDER FigureDropCause */
    "send timed out (the server gave up on the client)",
    "client's buffer full (that client's own events)",
    "client dead",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (cause_names) == FIGURE_DROP_COUNT);
  g_autoptr (GArray) lines = g_array_new (FALSE, TRUE, sizeof (SweepLine));
  g_autofree char *title = g_strdup_printf ("%s: GUI events dropped, by cause, against %s%s",
                                            scenario, param,
                                            b->runs > 1 ? " (mean, 95 % CI)" : "");

  g_array_set_clear_func (lines, (GDestroyNotify) sweep_line_clear);
  for (size_t s = 0; s < b->n_strategies; s++)
    for (int c = 0; c < FIGURE_DROP_COUNT; c++)
      {
        FigureId f = figures_drop_cause_figure ((FigureDropCause) c);
        bool any = false;

        for (size_t v = 0; v < b->n_values; v++)
          any = any || b->mean[batch_cell (b, v, s, f)] != 0;
        if (any)
          {
            SweepLine l = { f, s, g_strdup_printf ("%s: %s",
                                                           batch_strategy_name (b, s),
                                                           cause_names[c]), c + 1 };

            g_array_append_val (lines, l);
          }
      }
  /* Nothing dropped anywhere: the totals, a flat 0, say so. */
  if (lines->len == 0)
    return sweep_plot_figure (b, p, scenario, param, axis, FIG_GUI_DROPPED);
  return sweep_plot_lines (b, p, "sweep-gui-dropped", title, "GUI events dropped", axis, lines);
}

/* Which figures a sweep draws: those that are not 0 everywhere, of the
 * scenario's kind.  In a GUI scenario the IPC and signal counts are mostly the input
 * driver's and the server's own traffic, not what the sweep is about, and
 * the timer's lateness is scheduling noise outside the timer lesson: the
 * tables keep them, the plots do not.  The GUI drops by cause are one
 * figure, sweep-gui-dropped. */
static bool
sweep_figure_plotted (const Batch *b, FigureId f)
{
  if (figures_drop_cause_of (f) != FIGURE_DROP_COUNT)
    return false;
  return batch_figure_nonzero (b, f) && batch_on_topic (b, figures[f].topic);
}

static bool
sweep_plots (const Batch *b, PlotSet *p, bool quiet)
{
  g_autofree char *scenario = plot_sanitize (b->scenario);
  g_autofree char *param = plot_sanitize (b->param);
  const char *xunit;
  g_autofree double *x = sweep_x (b, &xunit);
  g_autofree char *xlabel = xunit[0] != '\0' ? g_strdup_printf ("%s (%s)", param, xunit)
                                             : g_strdup (param);
  g_autoptr (GString) left_out = g_string_new (NULL);
  SweepAxis axis = { x, xlabel, sweep_logx (x, b->n_values) };
  bool ok = true;

  for (size_t k = 0; k < b->n_shown; k++)
    {
      FigureId f = b->shown[k];

      if (!sweep_figure_plotted (b, f))
        {
          if (batch_figure_nonzero (b, f) && figures[f].topic != FIGURE_TOPIC_GUI)
            g_string_append_printf (left_out, "%s%s", left_out->len > 0 ? ", " : "",
                                    figures[f].label);
          continue;
        }
      if (f == FIG_GUI_DROPPED)
        ok = sweep_plot_gui_drops (b, p, scenario, param, &axis) && ok;
      else
        ok = sweep_plot_figure (b, p, scenario, param, &axis, f) && ok;
    }
  if (left_out->len > 0 && !quiet)
    fprintf (stderr, "mksim %s: not plotted, as off the scenario's topic (the tables have "
             "them): %s\n", b->command, left_out->str);
  return ok;
}

/* ---- the two commands ------------------------------------------------- */

/* What GOption cannot check; the strategies go into `b`. */
static MksimExit
batch_check_options (Batch *b, const BatchOptions *o)
{
  g_autoptr (GError) error = NULL;

  if (!compare_parse_strategies (o->strategies, b->strategies, &b->n_strategies, &error))
    return cli_usage_error (b->command, error->message);
  if (o->runs < 1 || o->runs > COMPARE_MAX_RUNS)
    return cli_usage_error (b->command,
                            "--runs wants 1 to " G_STRINGIFY (COMPARE_MAX_RUNS) " replications");
  if (o->jobs < 1 || o->jobs > COMPARE_MAX_JOBS)
    return cli_usage_error (b->command,
                            "--jobs wants 1 to " G_STRINGIFY (COMPARE_MAX_JOBS) " worker threads");
  if (o->timeline != NULL && o->plot == NULL)
    return cli_usage_error (b->command, "--timeline needs --plot");
  return MKSIM_EXIT_OK;
}

/* The window of the thread timelines: --timeline, or from the warmup on
 * 1/TIMELINE_SHARE of the measured time, within [TIMELINE_MIN,
 * TIMELINE_MAX]; cut at the end of the run. */
static MksimExit
batch_set_timeline (Batch *b, const BatchOptions *o)
{
  g_autoptr (GPtrArray) sets = batch_sets (b, o, 0, STRATEGY_ASYNC_SIGNAL, SEED_OF_SCENARIO);
  ScenarioConfig *c = batch_config (b, sets, NULL);
  int64_t duration;

  g_assert (c != NULL);     /* batch_probe loaded the same */
  duration = c->duration;
  b->tl_from = c->warmup;
  b->tl_to = c->warmup + CLAMP ((c->duration - c->warmup) / TIMELINE_SHARE, TIMELINE_MIN,
                                TIMELINE_MAX);
  scenario_free (c);
  if (o->timeline != NULL && !cli_parse_window (o->timeline, false, &b->tl_from, &b->tl_to))
    return cli_usage_error (b->command, "--timeline wants FROM,TO with units and "
                            "FROM < TO, e.g. 100ms,110ms");
  if (b->tl_from >= duration)
    return cli_usage_error (b->command, "--timeline starts after the end of the run");
  b->tl_to = MIN (b->tl_to, duration);
  return MKSIM_EXIT_OK;
}

/* Opens the timeline traces of the first replication of each strategy. */
static bool
batch_open_traces (Batch *b, PlotSet *p)
{
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_autofree char *name = batch_timeline_trace (b, s);
      g_autofree char *path = plot_set_path (p, name);

      if (!cli_open_output (b->command, path, &batch_slot (b, 0, s, 0)->trace_file))
        return false;
    }
  return true;
}

/* Opens every output asked for before anything runs, so that a bad path
 * fails at once.  On failure the JSON and CSV files are closed again; traces
 * already opened are the batch's, which batch_free() removes.  The pointers
 * must be NULL. */
static bool
batch_open_outputs (Batch *b, const BatchOptions *o, OutFile **json, OutFile **csv,
                    PlotSet **plots)
{
  g_autoptr (GError) error = NULL;

  if (!cli_open_output (b->command, o->json, json) || !cli_open_output (b->command, o->csv, csv))
    goto fail;
  if (o->plot == NULL)
    return true;
  *plots = plot_set_new (o->plot, &error);
  if (*plots == NULL)
    {
      fprintf (stderr, "mksim %s: %s\n", b->command, error->message);
      goto fail;
    }
  if (b->param == NULL && !batch_open_traces (b, *plots))
    goto fail;
  return true;

fail:
  outfile_abort (*json);
  outfile_abort (*csv);
  *json = *csv = NULL;
  return false;
}

static bool
batch_draw_plots (Batch *b, const BatchOptions *o, PlotSet *plots)
{
  if (!(b->param == NULL ? compare_plots (b, plots) : sweep_plots (b, plots, o->quiet)))
    return false;
  if (!o->quiet)
    fprintf (stderr, "mksim %s: plots %s '%s'\n", b->command,
             plot_set_drawing (plots) ? "drawn in" : "(data and scripts only) written to",
             plot_set_dir (plots));
  return true;
}

/* The table on stdout, the JSON and CSV files and the plots; each is tried
 * even if one before failed.  Commits and frees `json` and `csv`. */
static MksimExit
batch_write_outputs (Batch *b, const BatchOptions *o, OutFile *json, OutFile *csv,
                     PlotSet *plots)
{
  /* stdout carries the data when an output goes there. */
  bool to_stdout = (o->json != NULL && strcmp (o->json, "-") == 0)
                   || (o->csv != NULL && strcmp (o->csv, "-") == 0);
  MksimExit status = MKSIM_EXIT_OK;

  if (!o->quiet && !to_stdout)
    {
      if (b->param == NULL)
        batch_print_compare (b, stdout);
      else
        batch_print_sweep (b, stdout);
    }
  if (json != NULL)
    {
      g_autofree char *text = batch_json (b);

      fputs (text, outfile_stream (json));
    }
  if (csv != NULL)
    batch_csv (b, outfile_stream (csv));
  if (!cli_commit_output (b->command, json))
    status = MKSIM_EXIT_FAILED;
  if (!cli_commit_output (b->command, csv))
    status = MKSIM_EXIT_FAILED;
  if (plots != NULL && !batch_draw_plots (b, o, plots))
    status = MKSIM_EXIT_FAILED;
  if (!cli_flush_stdout (b->command))
    status = MKSIM_EXIT_FAILED;
  return status;
}

/* After the options are parsed: everything the two commands share. */
static MksimExit
batch_main (Batch *b, const BatchOptions *o, const char *scenario_arg)
{
  g_autoptr (PlotSet) plots = NULL;
  OutFile *json = NULL, *csv = NULL;
  MksimExit status;
  gint64 t0;
  int workers;

  status = batch_check_options (b, o);
  if (status != MKSIM_EXIT_OK)
    return status;
  b->runs = (size_t) o->runs;
  b->path = cli_resolve_scenario (scenario_arg);

  status = batch_probe (b, o);
  if (status != MKSIM_EXIT_OK)
    return status;
  if (b->has_gui)
    batch_drop_local_rm (b);
  if (b->n_strategies == 0)
    return cli_usage_error (b->command, "no strategy left to run");
  if (b->n_values * b->n_strategies * b->runs > COMPARE_MAX_SLOTS)
    return cli_usage_error (b->command, "more than " G_STRINGIFY (COMPARE_MAX_SLOTS)
                            " runs asked for; fewer, please");
  if (o->plot != NULL && b->param == NULL)
    {
      status = batch_set_timeline (b, o);
      if (status != MKSIM_EXIT_OK)
        return status;
      b->keep_samples = true;
    }

  status = batch_load (b, o);
  if (status != MKSIM_EXIT_OK)
    return status;
  if (!batch_open_outputs (b, o, &json, &csv, &plots))
    return MKSIM_EXIT_FAILED;

  t0 = g_get_monotonic_time ();
  status = batch_run (b, o->jobs);
  if (status == MKSIM_EXIT_OK && !batch_complete (b))
    status = MKSIM_EXIT_FAILED;
  if (status != MKSIM_EXIT_OK)
    {
      outfile_abort (json);
      outfile_abort (csv);
      return status;
    }
  workers = MIN (o->jobs, (int) b->n_slots);
  if (!o->quiet)
    fprintf (stderr, "mksim %s: %zu run%s on %d worker thread%s in %.2f s\n", b->command,
             b->n_slots, b->n_slots == 1 ? "" : "s", workers, workers == 1 ? "" : "s",
             (double) (g_get_monotonic_time () - t0) / 1e6);

  batch_summarise (b);
  return batch_write_outputs (b, o, json, csv, plots);
}

#define BATCH_ENTRIES(o)                                                                       \
  { "strategies", 0, 0, G_OPTION_ARG_FILENAME, &(o).strategies,                                \
    "Strategies to run, in this order: all (default) or a comma-separated list of "            \
    "async-signal, sync-rpc, local-region-mapper, ipc-timeout", "all|S,S" },                   \
  { "runs", 0, 0, G_OPTION_ARG_INT, &(o).runs,                                                 \
    "Replications per strategy, on seeds seed, seed+1, ... (default 1)", "R" },                \
  { "jobs", 'j', 0, G_OPTION_ARG_INT, &(o).jobs,                                               \
    "Runs in parallel (default: the number of CPUs); results do not depend on it", "J" },      \
  { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &(o).sets,                                       \
    "Change one value of the scenario (kernel.ipc_timeout=50ms); repeatable", "PATH=VALUE" },  \
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &(o).json,                                            \
    "Write every run and the summary as JSON to F (- = stdout)", "F" },                        \
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &(o).csv,                                              \
    "Write a CSV header and one row per run to F (- = stdout)", "F" },                         \
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &(o).quiet, "No table on stdout, no progress", NULL }

int
compare_main (int argc, char **argv)
{
  g_auto (BatchOptions) o = { .runs = 1, .jobs = (int) g_get_num_processors () };
  const GOptionEntry entries[] = {
    BATCH_ENTRIES (o),
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
      "Draw figures into folder DIR (made if missing): latency CDF and its tail (counting "
      "what never finished), health per strategy, latency and loss bars, thread timelines",
      "DIR" },
    { "timeline", 0, 0, G_OPTION_ARG_FILENAME, &o.timeline,
      "Window of the thread timelines, e.g. 100ms,110ms (default: from the warmup on, "
      "1/20 of the run, 1 to 100 ms)",
      "FROM,TO" },
    G_OPTION_ENTRY_NULL
  };
  Batch b = { .command = "compare", .n_values = 1 };
  MksimExit status;

  if (!cli_parse ("compare", "SCENARIO", "Run one scenario under several strategies and "
                  "compare the key figures.",
                  "Each strategy runs R times (--runs), on seeds seed .. seed+R-1; with R > 1\n"
                  "each figure shows its mean and the half-width of its 95 % confidence\n"
                  "interval. A scenario with a GUI leaves out local-region-mapper.\n"
                  "SCENARIO is a scenario file, - for standard input, or the name of a "
                  "bundled one.\n"
                  "Exit status: 0 done, 1 a run or an output failed, 2 bad usage or scenario.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    status = cli_usage_error ("compare",
                              argc < 2 ? "no SCENARIO given" : "give exactly one SCENARIO");
  else
    status = batch_main (&b, &o, argv[1]);
  batch_free (&b);
  return status;
}

int
sweep_main (int argc, char **argv)
{
  g_auto (BatchOptions) o = { .runs = 1, .jobs = (int) g_get_num_processors () };
  const GOptionEntry entries[] = {
    { "param", 0, 0, G_OPTION_ARG_FILENAME, &o.param,
      "The parameter and its values, e.g. kernel.ipc_timeout=1ms,5ms,50ms (required)",
      "PATH=V1,V2,..." },
    BATCH_ENTRIES (o),
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
      "Draw each figure against the parameter into folder DIR (made if missing)", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  Batch b = { .command = "sweep" };
  g_autoptr (GError) error = NULL;
  MksimExit status;

  if (!cli_parse ("sweep", "SCENARIO --param PATH=V1,V2,...",
                  "Run one scenario for each value of a parameter under several strategies.",
                  "Each value is applied as --set PATH=V after the other --set options. Values\n"
                  "are split at commas outside brackets, braces and quotes, so a value may be\n"
                  "JSON. Each (value, strategy) runs R times (--runs) on consecutive seeds.\n"
                  "Exit status: 0 done, 1 a run or an output failed, 2 bad usage or scenario.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    status = cli_usage_error ("sweep",
                              argc < 2 ? "no SCENARIO given" : "give exactly one SCENARIO");
  else if (o.param == NULL)
    status = cli_usage_error ("sweep", "--param PATH=V1,V2,... is required");
  else if (!compare_parse_param (o.param, &b.param, &b.values, &error))
    status = cli_usage_error ("sweep", error->message);
  else
    {
      b.n_values = g_strv_length (b.values);
      status = batch_main (&b, &o, argv[1]);
    }
  batch_free (&b);
  return status;
}
