/* A batch of runs (see batch.h): its slots loaded from the scenario with
 * "--set" lines for the value, the strategy and the seed, run by a
 * GThreadPool, and summarised per (value, strategy) with stats_ci95.
 *
 * Configs are loaded in the main thread before anything runs, so a bad
 * scenario, --set or swept value fails at once with the loader's message and
 * no worker ever touches the loader; a worker only runs machine_run() on its
 * own config and writes into its own slot.  That is also what keeps results
 * independent of --jobs.
 *
 * The first replication of each strategy may write a Chrome trace of a
 * short window (for compare's thread timelines).  A Trace only observes, so
 * the result of that run is unchanged. */
#include "sim/batch.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "models/machine.h"
#include "sim/report_json.h"
#include "sim/scenario.h"
#include "sim/engine/stats.h"
#include "sim/engine/trace.h"

#define BATCH_MAX_CUT_NAMED 5       /* runs cut short by max_events named one by one */
#define BATCH_SEED_MAX      INT64_MAX   /* the loader's largest seed */
#define BATCH_OWN_SEED      UINT64_MAX  /* batch_sets: keep the scenario's own seed */

/* ---- loading ---------------------------------------------------------- */

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
 * and the seed (unless BATCH_OWN_SEED), in that order (later ones win). */
static GPtrArray *
batch_sets (const Batch *b, size_t value, int strategy, uint64_t seed)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func (g_free);

  for (const char *const *s = b->sets; s != NULL && *s != NULL; s++)
    g_ptr_array_add (sets, g_strdup (*s));
  if (b->param != NULL)
    g_ptr_array_add (sets, g_strdup_printf ("%s=%s", b->param, b->values[value]));
  g_ptr_array_add (sets, g_strdup_printf ("strategy=%s", strategy_names[strategy]));
  if (seed != BATCH_OWN_SEED)
    g_ptr_array_add (sets, g_strdup_printf ("seed=%" PRIu64, seed));
  g_ptr_array_add (sets, NULL);
  return sets;
}

MksimExit
batch_probe (Batch *b)
{
  b->seeds = g_new0 (uint64_t, b->n_values);
  for (size_t v = 0; v < b->n_values; v++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) sets = batch_sets (b, v, STRATEGY_ASYNC_SIGNAL, BATCH_OWN_SEED);
      ScenarioConfig *c = batch_config (b, sets, &error);

      if (c == NULL)
        {
          if (b->param != NULL)
            fprintf (stderr, "mksim %s: with --param %s=%s:\n", b->command, b->param,
                     b->values[v]);
          fprintf (stderr, "%s\n", error->message);
          return MKSIM_EXIT_USAGE;
        }
      if (b->runs - 1 > (uint64_t) BATCH_SEED_MAX - c->seed)
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
          b->duration = c->duration;
          b->warmup = c->warmup;
        }
      scenario_free (c);
    }
  return MKSIM_EXIT_OK;
}

void
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

MksimExit
batch_load (Batch *b)
{
  b->n_slots = b->n_values * b->n_strategies * b->runs;
  b->slots = g_new0 (BatchSlot, b->n_slots);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      for (size_t r = 0; r < b->runs; r++)
        {
          BatchSlot *slot = batch_slot (b, v, s, r);
          g_autoptr (GError) error = NULL;
          g_autoptr (GPtrArray) sets = batch_sets (b, v, b->strategies[s], b->seeds[v] + r);

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

/* ---- running ---------------------------------------------------------- */

/* A worker: one run into its own slot. */
static void
batch_slot_run (gpointer data, gpointer user_data)
{
  BatchSlot *slot = data;
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

MksimExit
batch_run (Batch *b, int jobs)
{
  g_autoptr (GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (batch_slot_run, b, MIN (jobs, (int) b->n_slots), FALSE,
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

bool
batch_complete (const Batch *b)
{
  size_t cut = 0;

  for (size_t i = 0; i < b->n_slots; i++)
    {
      const RunResult *r = b->slots[i].result;
      g_autofree char *value = NULL;

      if (!r->max_events_hit || ++cut > BATCH_MAX_CUT_NAMED)
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

/* ---- summarising ------------------------------------------------------ */

void
batch_figure_ci (FigureId f, RunResult *const *runs, size_t n, double *mean, double *half)
{
  g_autofree double *xs = g_new (double, MAX (n, (size_t) 1));

  for (size_t i = 0; i < n; i++)
    xs[i] = figures_value (f, runs[i]);
  stats_ci95 (xs, n, mean, half);
}

/* Every number of the catalogue is summarised, not only the figures the
 * tables show: a plot may draw any. */
void
batch_summarise (Batch *b)
{
  g_autofree RunResult **runs = g_new (RunResult *, b->runs);

  b->n_compared = figures_compared (b->compared);
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

BatchSlot *
batch_slot (const Batch *b, size_t value, size_t strategy, size_t rep)
{
  return &b->slots[(value * b->n_strategies + strategy) * b->runs + rep];
}

size_t
batch_cell (const Batch *b, size_t value, size_t strategy, FigureId f)
{
  return (value * b->n_strategies + strategy) * FIG_COUNT + f;
}

bool
batch_figure_nonzero (const Batch *b, FigureId f)
{
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      if (b->mean[batch_cell (b, v, s, f)] != 0)
        return true;
  return false;
}

/* The timer's lateness is a figure of its own only in a scenario that
 * neither pages nor has a GUI: elsewhere it is scheduling noise. */
bool
batch_on_topic (const Batch *b, FigureTopic t)
{
  switch (t)
    {
    case FIGURE_TOPIC_RUN:
    case FIGURE_TOPIC_CALLS:
    case FIGURE_TOPIC_PROGRESS:
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

bool
batch_figure_shown (const Batch *b, FigureId f)
{
  return (figures[f].show == FIGURE_SHOW_ALWAYS && batch_on_topic (b, figures[f].topic))
         || batch_figure_nonzero (b, f);
}

const char *
batch_strategy_name (const Batch *b, size_t s)
{
  return strategy_names[b->strategies[s]];
}

void
batch_strategy_names (const Batch *b, const char *names[STRATEGY_COUNT])
{
  for (size_t s = 0; s < b->n_strategies; s++)
    names[s] = batch_strategy_name (b, s);
}

int
batch_pager_threads (const Batch *b)
{
  int most = 1;

  for (size_t i = 0; i < b->n_slots; i++)
    most = MAX (most, b->slots[i].result->core.pager_threads);
  return most;
}

void
batch_clear (Batch *b)
{
  for (size_t i = 0; i < b->n_slots; i++)
    {
      BatchSlot *s = &b->slots[i];

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
