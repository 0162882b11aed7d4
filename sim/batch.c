/* A batch of runs (see batch.h): its slots loaded from the scenario with
 * "--set" lines for the value, the strategy and the seed, run by --jobs
 * worker threads, and summarised per (value, strategy) with stats_ci95.
 *
 * Configs are loaded in the main thread before anything runs, so a bad
 * scenario, --set or swept value fails at once with the loader's message and
 * no worker ever touches the loader; a worker only runs machine_run() on its
 * own config and writes into its own slot.  That is also what keeps results
 * independent of --jobs.
 *
 * The first replication of each strategy may write a Chrome trace of a
 * short window (for compare's thread timelines).  A Trace only observes, so
 * the result of that run is unchanged.
 *
 * The workers are plain joinable GThreads that take the next slot from a
 * counter under the batch's lock, not a GThreadPool: a pool's threads are
 * detached and, once their work is done, wait in GLib's pool of unused
 * threads until the process ends, so that nothing can join them, and a
 * leak checker reports each one's thread-local storage as possibly lost.
 * Joined threads leave nothing behind.  The same lock lets an interrupt
 * stop the batch between two runs: the main thread waits for the runs on a
 * condition it wakes from every BATCH_POLL_US to look at the signal flag
 * (a signal handler can only set a flag). */
#include "sim/batch.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/machine.h"
#include "sim/interrupt.h"
#include "sim/report_json.h"
#include "sim/scenario.h"
#include "sim/engine/stats.h"
#include "sim/engine/trace.h"

#define BATCH_MAX_CUT_NAMED 5       /* runs stopped before their end named one by one */
#define BATCH_POLL_US       (G_USEC_PER_SEC / 20)   /* how soon a signal is seen */
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

/* The "--set" lines of one run: the user's, the swept values, the strategy
 * and the seed (unless BATCH_OWN_SEED), in that order (later ones win). */
static GPtrArray *
batch_sets (const Batch *b, size_t value, int strategy, uint64_t seed)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func (g_free);

  for (const char *const *s = b->sets; s != NULL && *s != NULL; s++)
    g_ptr_array_add (sets, g_strdup (*s));
  for (size_t p = 0; p < b->n_params; p++)
    g_ptr_array_add (sets, g_strdup_printf ("%s=%s", b->paths[p],
                                            b->axes[p][batch_axis_index (b, value, p)]));
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
          for (size_t p = 0; p < b->n_params; p++)
            cli_message (b->command, "with --param %s=%s:", b->paths[p],
                         b->axes[p][batch_axis_index (b, v, p)]);
          cli_put (stderr, error->message);
          fputc ('\n', stderr);
          return MKSIM_EXIT_USAGE;
        }
      if (b->runs - 1 > (uint64_t) BATCH_SEED_MAX - c->seed)
        {
          cli_message (b->command, "seeds %" PRIu64 " and up: %zu runs would pass the "
                       "largest seed (2^63 - 1)", c->seed, b->runs);
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
          b->misbehaves_at = config_first_misbehaviour (c);
          g_strlcpy (b->study_sha256, c->sha256, sizeof b->study_sha256);
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
  cli_note (b->command, "local-region-mapper is left out: the scenario has a GUI, and GUI "
            "input delivery has no local-region-mapper variant (it is a way of reflecting page "
            "faults)");
}

/* A slot not yet loaded, of value `v` and replication `r`. */
static void
batch_slot_init (BatchSlot *slot, size_t v, size_t r)
{
  *slot = (BatchSlot) { .value = v, .warmup_suggested = -1, .keep_series = v == 0 && r == 0 };
}

/* The slots of the whole study, each waiting, if there are none yet. */
static void
batch_alloc (Batch *b)
{
  if (b->slots != NULL)
    return;
  b->n_slots = b->n_values * b->n_strategies * b->runs;
  b->slots = g_new0 (BatchSlot, b->n_slots);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      for (size_t r = 0; r < b->runs; r++)
        batch_slot_init (batch_slot (b, v, s, r), v, r);
}

void
batch_select_shard (Batch *b)
{
  batch_alloc (b);
  if (b->shard_count == 0)
    return;
  for (size_t i = 0; i < b->n_slots; i++)
    if (i % b->shard_count != b->shard_index - 1)
      b->slots[i].state = BATCH_SLOT_ELSEWHERE;
}

MksimExit
batch_load (Batch *b)
{
  batch_alloc (b);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      for (size_t r = 0; r < b->runs; r++)
        {
          BatchSlot *slot = batch_slot (b, v, s, r);
          g_autoptr (GError) error = NULL;
          g_autoptr (GPtrArray) sets = NULL;

          if (slot->state != BATCH_SLOT_WAITING || slot->config != NULL)
            continue;
          if (interrupt_caught () != 0)
            return MKSIM_EXIT_OK;     /* the caller sees the signal */
          sets = batch_sets (b, v, b->strategies[s], b->seeds[v] + r);
          slot->config = batch_config (b, sets, &error);
          if (slot->config == NULL)
            {
              cli_message (b->command, "under %s:", batch_strategy_name (b, s));
              cli_put (stderr, error->message);
              fputc ('\n', stderr);
              return MKSIM_EXIT_USAGE;
            }
          if (b->max_wall >= 0)
            slot->config->max_wall = b->max_wall;
          slot->config->keep_fault_series = slot->keep_series;
        }
  return MKSIM_EXIT_OK;
}

/* Moves the slots to a layout of `runs` replications per (value,
 * strategy): those of a replication below both counts move, the others
 * are freed or new and waiting. */
static void
batch_relayout (Batch *b, size_t runs)
{
  size_t n = b->n_values * b->n_strategies * runs;
  BatchSlot *slots = g_new0 (BatchSlot, n);

  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      for (size_t r = 0; r < MAX (runs, b->runs); r++)
        {
          BatchSlot *old = r < b->runs ? batch_slot (b, v, s, r) : NULL;
          BatchSlot *new = r < runs ? &slots[(v * b->n_strategies + s) * runs + r] : NULL;

          if (old != NULL && new != NULL)
            *new = *old;
          else if (new != NULL)
            batch_slot_init (new, v, r);
          else
            {
              if (old->config != NULL)
                scenario_free (old->config);
              outfile_abort (old->trace_file);
              run_result_free (old->result);
              g_free (old->json);
              g_free (old->values);
            }
        }
  g_free (b->slots);
  b->slots = slots;
  b->n_slots = n;
  b->runs = runs;
  b->n_done = 0;
  b->n_incomplete = 0;
  for (size_t i = 0; i < n; i++)
    if (slots[i].state == BATCH_SLOT_DONE)
      {
        b->n_done++;
        b->n_incomplete += slots[i].result->incomplete;
      }
}

MksimExit
batch_grow (Batch *b, size_t runs)
{
  g_return_val_if_fail (runs >= b->runs && b->work == NULL, MKSIM_EXIT_FAILED);
  batch_relayout (b, runs);
  return batch_load (b);
}

void
batch_truncate (Batch *b, size_t runs)
{
  g_return_if_fail (runs <= b->runs && b->work == NULL);
  batch_relayout (b, runs);
}

/* ---- running ---------------------------------------------------------- */

struct _BatchWork {
  GMutex lock;                   /* guards what follows and every slot's state */
  GCond changed;                 /* a run is done */
  BatchSlot **slots;             /* the slots to run, in slot order */
  size_t n_slots, next, done;
  bool stop;                     /* start no more runs */
  int64_t tl_from, tl_to;        /* copied from the batch: a worker never reads it */
  uint64_t trace_max;
  bool keep_samples;
  GThread **threads;
  int n_threads;
};

/* One run into its own slot, outside the lock. */
static void
batch_slot_run (BatchWork *w, BatchSlot *slot)
{
  Trace *trace = NULL;

  if (slot->trace_file != NULL)
    {
      trace = trace_new (outfile_stream (slot->trace_file), w->tl_from, w->tl_to, NULL, 0);
      trace_set_max_bytes (trace, w->trace_max);
    }
  slot->result = machine_run (slot->config, trace);
  if (trace != NULL)
    {
      if (slot->result->incomplete)
        trace_mark_incomplete (trace, slot->result->sim_time_ns, slot->result->stopped);
      slot->trace_ok = trace_close (trace);
      slot->trace_errno = trace_errno (trace);
      slot->trace_full = trace_full_at (trace) >= 0;
      trace_free (trace);
    }
  report_json_fingerprint (slot->result, slot->result->fingerprint);
  slot->json = report_json (slot->result, false);
  slot->values = g_new (double, FIG_COUNT);
  for (int f = 0; f < FIG_COUNT; f++)
    slot->values[f] = figures_numeric ((FigureId) f) ? figures_value ((FigureId) f, slot->result)
                                                     : NAN;
  if (slot->keep_series)
    slot->warmup_suggested = batch_warmup_of (slot->result);
  g_clear_pointer (&slot->result->faults.series, g_free);
  slot->result->faults.n_series = 0;
  if (!w->keep_samples)
    {
      g_clear_pointer (&slot->result->faults.samples, g_free);
      slot->result->faults.n_samples = 0;
      g_clear_pointer (&slot->result->gui.samples, g_free);
      slot->result->gui.n_samples = 0;
    }
  scenario_free (slot->config);
  slot->config = NULL;
}

/* A worker thread: the next waiting slot, until there is none or the
 * batch stops. */
static gpointer
batch_worker (gpointer data)
{
  BatchWork *w = data;

  g_mutex_lock (&w->lock);
  while (!w->stop && w->next < w->n_slots)
    {
      BatchSlot *slot = w->slots[w->next++];

      slot->state = BATCH_SLOT_RUNNING;
      g_mutex_unlock (&w->lock);
      batch_slot_run (w, slot);
      g_mutex_lock (&w->lock);
      /* A run the batch abandoned stays so: the batch no longer looks. */
      if (slot->state == BATCH_SLOT_RUNNING)
        {
          slot->state = BATCH_SLOT_DONE;
          w->done++;
        }
      g_cond_signal (&w->changed);
    }
  g_mutex_unlock (&w->lock);
  return NULL;
}

/* Starts the workers (with SIGINT and SIGTERM blocked, so the main thread,
 * which waits for them, is the one that takes the signals).  False if not
 * even one could be started; fewer than `jobs` only take longer. */
static bool
batch_start (Batch *b, BatchWork *w, int jobs)
{
  w->threads = g_new0 (GThread *, jobs);
  for (int i = 0; i < jobs; i++)
    {
      g_autoptr (GError) error = NULL;

      w->threads[i] = interrupt_thread_new ("mksim-run", batch_worker, w, &error);
      if (w->threads[i] == NULL)
        {
          cli_message (b->command, "%s: %s", w->n_threads == 0 ? "cannot start worker threads"
                       : "note: fewer worker threads than --jobs", error->message);
          break;
        }
      w->n_threads++;
    }
  return w->n_threads > 0;
}

/* Waits until every run is done or a signal is caught; then no run starts
 * any more.  Returns the number of runs still going. */
static size_t
batch_wait (Batch *b, BatchWork *w)
{
  size_t running;

  g_mutex_lock (&w->lock);
  while (w->done < w->n_slots && interrupt_caught () == 0)
    {
      g_cond_wait_until (&w->changed, &w->lock, g_get_monotonic_time () + BATCH_POLL_US);
      progress_update (b->progress, b->n_done + w->done, b->n_done + w->n_slots);
    }
  b->interrupted = w->done < w->n_slots ? interrupt_caught () : 0;
  w->stop = true;
  running = w->next - w->done;
  for (size_t i = 0; i < w->n_slots && running > 0; i++)
    if (w->slots[i]->state == BATCH_SLOT_RUNNING)
      w->slots[i]->state = BATCH_SLOT_ABANDONED;
  g_mutex_unlock (&w->lock);
  return running;
}

/* Runs still going when the batch stopped: their threads and slots are
 * theirs until the process ends; only their trace files are removed now. */
static void
batch_abandon (Batch *b)
{
  b->abandoned = true;
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].state == BATCH_SLOT_ABANDONED)
      outfile_abandon (b->slots[i].trace_file);
}

static void batch_work_free (BatchWork *w);

MksimExit
batch_run (Batch *b, int jobs)
{
  BatchWork *w = g_new0 (BatchWork, 1);
  size_t running;

  g_mutex_init (&w->lock);
  g_cond_init (&w->changed);
  w->slots = g_new (BatchSlot *, MAX (b->n_slots, (size_t) 1));
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].state == BATCH_SLOT_WAITING && b->slots[i].config != NULL)
      w->slots[w->n_slots++] = &b->slots[i];
  w->tl_from = b->tl_from;
  w->tl_to = b->tl_to;
  w->trace_max = b->trace_max;
  w->keep_samples = b->keep_samples;
  b->work = w;
  if (w->n_slots == 0)
    {
      batch_work_free (g_steal_pointer (&b->work));
      return MKSIM_EXIT_OK;
    }
  if (!batch_start (b, w, MAX (1, MIN (jobs, (int) w->n_slots))))
    return MKSIM_EXIT_FAILED;
  running = batch_wait (b, w);
  /* From here on no slot changes state: the done ones can be read. */
  b->n_done = b->n_incomplete = 0;
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].state == BATCH_SLOT_DONE)
      {
        b->n_done++;
        b->n_incomplete += b->slots[i].result->incomplete;
      }
  if (running > 0)
    {
      batch_abandon (b);
      return MKSIM_EXIT_OK;
    }
  for (int i = 0; i < w->n_threads; i++)
    g_thread_join (w->threads[i]);
  w->n_threads = 0;
  batch_work_free (g_steal_pointer (&b->work));
  return MKSIM_EXIT_OK;
}

bool
batch_incomplete (const Batch *b)
{
  return b->interrupted != 0 || b->n_incomplete > 0;
}

void
batch_report_stops (const Batch *b)
{
  size_t named = 0;

  for (size_t i = 0; i < b->n_slots && named < BATCH_MAX_CUT_NAMED; i++)
    {
      const RunResult *r = b->slots[i].result;
      g_autofree char *value = NULL;

      if (b->slots[i].state != BATCH_SLOT_DONE || !r->incomplete)
        continue;
      named++;
      if (b->param != NULL)
        {
          g_autofree char *point = batch_point_text (b, b->slots[i].value);

          value = g_strdup_printf (", %s", point);
        }
      cli_message (b->command, "%s, seed %" PRIu64 "%s: %s", r->strategy, r->seed,
                   value != NULL ? value : "", r->stopped != NULL ? r->stopped : "stopped early");
    }
  if (b->n_incomplete > 0)
    {
      const RunResult *first = NULL;

      for (size_t i = 0; i < b->n_slots && first == NULL; i++)
        if (b->slots[i].state == BATCH_SLOT_DONE && b->slots[i].result->incomplete)
          first = b->slots[i].result;
      cli_message (b->command, "%zu of %zu runs stopped before their end; their results cover "
                   "only the time they reached and are written marked \"incomplete\": true%s",
                   b->n_incomplete, b->n_done, cli_stop_hint (first));
    }
  if (b->interrupted != 0)
    cli_message (b->command, "interrupted by %s: %zu of %zu runs completed%s; writing those, "
                 "marked \"incomplete\": true", interrupt_name (b->interrupted), b->n_done,
                 batch_in_scope (b), b->abandoned ? ", the runs under way abandoned" : "");
}

/* ---- summarising ------------------------------------------------------ */

void
batch_figure_ci (FigureId f, RunResult *const *runs, size_t n, double *mean, double *half)
{
  g_autofree double *xs = g_new (double, MAX (n, (size_t) 1));

  if (n == 0)
    {
      *mean = *half = NAN;
      return;
    }
  for (size_t i = 0; i < n; i++)
    xs[i] = figures_value (f, runs[i]);
  stats_ci95 (xs, n, mean, half);
}

/* Every number of the catalogue is summarised, not only the figures the
 * tables show: a plot may draw any.  An interrupted batch, or a shard, is
 * summarised over the runs it completed.  The values are each slot's
 * (BatchSlot.values), so a batch read back from files sums the same
 * doubles as the one that ran. */
void
batch_summarise (Batch *b)
{
  g_autofree double *xs = g_new (double, MAX (b->runs, (size_t) 1));

  b->n_compared = figures_compared (b->compared);
  g_free (b->mean);
  g_free (b->half);
  b->mean = g_new0 (double, b->n_values * b->n_strategies * FIG_COUNT);
  b->half = g_new0 (double, b->n_values * b->n_strategies * FIG_COUNT);
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t s = 0; s < b->n_strategies; s++)
      for (int f = 0; f < FIG_COUNT; f++)
        {
          size_t cell = batch_cell (b, v, s, (FigureId) f), n = 0;

          if (!figures_numeric ((FigureId) f))
            continue;
          for (size_t r = 0; r < b->runs; r++)
            if (batch_slot (b, v, s, r)->state == BATCH_SLOT_DONE)
              xs[n++] = batch_slot (b, v, s, r)->values[f];
          if (n == 0)
            b->mean[cell] = b->half[cell] = NAN;
          else
            stats_ci95 (xs, n, &b->mean[cell], &b->half[cell]);
        }
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      const BatchSlot *first = batch_slot (b, 0, s, 0);

      b->warmup_suggested[s] = first->state == BATCH_SLOT_DONE ? first->warmup_suggested : -1;
    }
}

bool
batch_exact_figure (FigureId f)
{
  return (figures[f].type == FIGURE_TYPE_REAL || figures[f].type == FIGURE_TYPE_DERIVED)
         && f != FIG_WALL;
}

size_t
batch_in_scope (const Batch *b)
{
  size_t n = 0;

  for (size_t i = 0; i < b->n_slots; i++)
    n += b->slots[i].state != BATCH_SLOT_ELSEWHERE;
  return n;
}

size_t
batch_axis_index (const Batch *b, size_t value, size_t p)
{
  size_t stride = 1;

  for (size_t q = p + 1; q < b->n_params; q++)
    stride *= b->axis_len[q];
  return value / stride % b->axis_len[p];
}

char *
batch_point_text (const Batch *b, size_t value)
{
  GString *s = g_string_new (NULL);

  for (size_t p = 0; p < b->n_params; p++)
    g_string_append_printf (s, "%s%s=%s", p > 0 ? ", " : "", b->paths[p],
                            b->axes[p][batch_axis_index (b, value, p)]);
  return g_string_free (s, FALSE);
}

void
batch_set_grid (Batch *b, char **paths, GStrv *axes, size_t n_params)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  b->paths = paths;
  b->axes = axes;
  b->n_params = n_params;
  b->axis_len = g_new (size_t, MAX (n_params, (size_t) 1));
  b->n_values = 1;
  for (size_t p = 0; p < n_params; p++)
    {
      b->axis_len[p] = g_strv_length (axes[p]);
      b->n_values *= b->axis_len[p];
    }
  b->param = n_params > 0 ? g_strdup (paths[0]) : NULL;
  for (size_t v = 0; v < b->n_values && n_params > 0; v++)
    {
      GString *label = g_string_new (NULL);

      for (size_t p = 0; p < n_params; p++)
        g_string_append_printf (label, "%s%s", p > 0 ? ", " : "",
                                axes[p][batch_axis_index (b, v, p)]);
      g_ptr_array_add (labels, g_string_free (label, FALSE));
    }
  if (n_params > 0)
    {
      g_ptr_array_add (labels, NULL);
      b->values = (GStrv) g_ptr_array_free (g_steal_pointer (&labels), FALSE);
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
      {
        double m = b->mean[batch_cell (b, v, s, f)];

        if (m != 0 && !isnan (m))
          return true;
      }
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
    if (b->slots[i].result != NULL)
      most = MAX (most, b->slots[i].result->core.pager_threads);
  return most;
}

static void
batch_work_free (BatchWork *w)
{
  if (w == NULL)
    return;
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->changed);
  g_free (w->slots);
  g_free (w->threads);
  g_free (w);
}

void
batch_clear (Batch *b)
{
  for (size_t i = 0; i < b->n_slots; i++)
    {
      BatchSlot *s = &b->slots[i];

      if (s->state == BATCH_SLOT_ABANDONED)
        continue;
      if (s->config != NULL)
        scenario_free (s->config);
      outfile_abort (s->trace_file);
      run_result_free (s->result);
      g_free (s->json);
      g_free (s->values);
      memset (s, 0, sizeof *s);
    }
  /* The threads of abandoned runs still write into their slots and take
   * the batch's lock when they end: both stay until the process does. */
  if (!b->abandoned)
    {
      g_free (b->slots);
      batch_work_free (b->work);
    }
  b->slots = NULL;
  b->work = NULL;
  g_free (b->path);
  g_free (b->stdin_text);
  g_free (b->scenario);
  g_free (b->param);
  g_strfreev (b->values);
  g_strfreev (b->paths);
  for (size_t p = 0; p < b->n_params; p++)
    g_strfreev (b->axes[p]);
  g_free (b->axes);
  g_free (b->axis_len);
  g_free (b->seeds);
  g_free (b->mean);
  g_free (b->half);
}
