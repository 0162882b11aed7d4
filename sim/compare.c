/* `mksim compare` and `mksim sweep` (see compare.h): their options, what
 * GOption cannot check about them, and the order of the steps.  Both are one
 * batch of runs (sim/batch.h): probed, loaded, run, summarised, then written
 * as tables, JSON and CSV (sim/batch_report.h) and drawn
 * (sim/compare_plots.h).  Every output is opened before anything runs, so
 * a bad path fails at once; the wall time goes to stderr, never into a
 * file that must repeat byte for byte. */
#include "sim/compare.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "models/config.h"
#include "sim/batch.h"
#include "sim/batch_report.h"
#include "sim/cli.h"
#include "sim/compare_plots.h"
#include "sim/handout.h"
#include "sim/interrupt.h"
#include "sim/merge_read.h"
#include "sim/outfile.h"
#include "sim/plot.h"
#include "sim/progress.h"

/* Limits; plain numbers, because the usage messages print them. */
#define COMPARE_MAX_RUNS   10000    /* replications per (value, strategy) */
#define COMPARE_MAX_JOBS   1024     /* worker threads */
#define COMPARE_MAX_SLOTS  100000   /* runs in one batch */
#define COMPARE_MAX_RUNS_DEFAULT 100   /* --max-runs when not given */
#define COMPARE_MAX_SHARDS 100000   /* --shard I/N: N at most */

#define TIMELINE_SHARE     20       /* default timeline: 1/20 of the measured time, */
#define TIMELINE_MIN       INT64_C (1000000)     /* but at least 1 ms */
#define TIMELINE_MAX       INT64_C (100000000)   /* and at most 100 ms */

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
          g_autofree char *hint = cli_did_you_mean (*name, strategy_names, STRATEGY_COUNT);

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown strategy '%s'%s (give 'all' or some of: %s)", *name, hint,
                       all);
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
compare_param_add_value (const char *path, const char *text, const char *start, const char *end,
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
compare_param_split (const char *path, const char *text, GPtrArray *values, GError **error)
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
          if (!compare_param_add_value (path, text, start, c, values, error))
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
  if (!compare_param_split (p, eq + 1, vals, error))
    return false;
  g_ptr_array_add (vals, NULL);
  *values = (GStrv) g_ptr_array_free (g_steal_pointer (&vals), FALSE);
  *path = g_steal_pointer (&p);
  return true;
}

bool
compare_parse_shard (const char *spec, size_t *index, size_t *count, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec != NULL ? spec : "", "/", -1);
  guint64 i = 0, n = 0;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, COMPARE_MAX_SHARDS, &i, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, COMPARE_MAX_SHARDS, &n, NULL) || i > n)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--shard wants I/N, the I-th of N slices with 1 <= I <= N <= "
                   G_STRINGIFY (COMPARE_MAX_SHARDS) " (e.g. 2/3), not '%s'",
                   spec != NULL ? spec : "");
      return false;
    }
  *index = (size_t) i;
  *count = (size_t) n;
  return true;
}

bool
compare_parse_precision (const char *spec, double *share, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (spec != NULL ? spec : ""));
  size_t len = strlen (text);
  char *end;
  double pct;

  if (len > 0 && text[len - 1] == '%')
    text[--len] = '\0';
  pct = g_ascii_strtod (text, &end);
  if (len == 0 || *end != '\0' || !(pct > 0 && pct < 100))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--precision wants a percentage above 0 and below 100 (e.g. 5%%): the "
                   "half-width of each figure's 95 %% interval as a share of its mean; "
                   "not '%s'", spec != NULL ? spec : "");
      return false;
    }
  *share = pct / 100;
  return true;
}

/* ---- the command line ------------------------------------------------- */

typedef struct {
  char *strategies;
  int runs, jobs;
  char **sets;
  char *json, *csv, *plot, *timeline;
  char *html;                  /* the handout page */
  char *max_wall;              /* as given */
  char **params;               /* sweep only: the grid's axes */
  char *precision, *shard, *resume;
  int max_runs;                /* 0: not given */
  gboolean quiet;
} CompareOptions;

static void
compare_options_clear (CompareOptions *o)
{
  g_free (o->strategies);
  g_strfreev (o->sets);
  g_free (o->json);
  g_free (o->csv);
  g_free (o->plot);
  g_free (o->timeline);
  g_free (o->html);
  g_free (o->max_wall);
  g_strfreev (o->params);
  g_free (o->precision);
  g_free (o->shard);
  g_free (o->resume);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CompareOptions, compare_options_clear)

/* ---- the two commands ------------------------------------------------- */

/* The options of a study: --precision and --max-runs, --shard, --resume;
 * their values go into `b`. */
static MksimExit
compare_check_study (Batch *b, const CompareOptions *o)
{
  g_autoptr (GError) error = NULL;

  if (o->precision != NULL && !compare_parse_precision (o->precision, &b->precision, &error))
    return cli_usage_error (b->command, error->message);
  if (o->max_runs != 0 && o->precision == NULL)
    return cli_usage_error (b->command, "--max-runs needs --precision: it bounds the runs "
                            "that --precision adds");
  b->max_runs = o->max_runs != 0 ? (size_t) o->max_runs : COMPARE_MAX_RUNS_DEFAULT;
  if (o->precision != NULL && (o->max_runs < 0 || b->max_runs < 2 || b->max_runs > COMPARE_MAX_RUNS))
    return cli_usage_error (b->command, "--max-runs wants 2 to " G_STRINGIFY (COMPARE_MAX_RUNS)
                            " replications");
  if (o->precision != NULL && b->max_runs < (size_t) MAX (o->runs, 2))
    return cli_usage_error (b->command, "--max-runs is below --runs: nothing left to add");
  if (o->shard != NULL && !compare_parse_shard (o->shard, &b->shard_index, &b->shard_count,
                                                &error))
    return cli_usage_error (b->command, error->message);
  if (o->precision != NULL && (o->shard != NULL || o->resume != NULL))
    return cli_usage_error (b->command, "--precision decides the runs as their results come "
                            "in: it cannot be split into shards or resumed");
  if (o->shard != NULL && o->json == NULL)
    return cli_usage_error (b->command, "--shard needs --json FILE: a shard's runs go there, "
                            "for mksim merge");
  if (o->shard != NULL && o->plot != NULL)
    return cli_usage_error (b->command, "--plot with --shard: a shard holds only some of the "
                            "runs; draw the figures from the whole study (mksim merge "
                            "SHARDS... --plot DIR, for a sweep)");
  if (o->shard != NULL && o->html != NULL)
    return cli_usage_error (b->command, "--html with --shard: a shard holds only some of the "
                            "runs; write the handout from the whole study");
  if (o->resume != NULL && (o->plot != NULL || o->html != NULL) && b->param == NULL)
    return cli_usage_error (b->command, "--plot or --html with --resume: compare's figures need the "
                            "latency samples and traces of every run, which the file does not "
                            "keep; run compare --plot in one go");
  return cli_check_max_wall (b->command, o->max_wall, &b->max_wall);
}

/* What GOption cannot check; the strategies go into `b`. */
static MksimExit
compare_check_options (Batch *b, const CompareOptions *o)
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
  if (o->timeline != NULL && o->plot == NULL && o->html == NULL)
    return cli_usage_error (b->command, "--timeline needs --plot or --html");
  if (cli_check_output_name (b->command, "--json", o->json) != MKSIM_EXIT_OK
      || cli_check_output_name (b->command, "--csv", o->csv) != MKSIM_EXIT_OK
      || cli_check_output_name (b->command, "--html", o->html) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  if (o->plot != NULL && o->plot[0] == '\0')
    return cli_usage_error (b->command, "--plot wants a folder name, not an empty one");
  return compare_check_study (b, o);
}

/* The window of the thread timelines: --timeline, or from the warmup on
 * 1/TIMELINE_SHARE of the measured time, within [TIMELINE_MIN,
 * TIMELINE_MAX]; cut at the end of the run.  When a component is told to
 * hang or crash after that window, the window moves to show the moment
 * (a quarter of it before, the rest after): that line is what a student
 * looks for, and a window of the healthy start shows none. */
static MksimExit
compare_set_timeline (Batch *b, const CompareOptions *o)
{
  int64_t duration = b->duration;

  b->tl_from = b->warmup;
  b->tl_to = b->warmup + CLAMP ((duration - b->warmup) / TIMELINE_SHARE, TIMELINE_MIN,
                                TIMELINE_MAX);
  if (b->misbehaves_at >= b->tl_to && b->misbehaves_at < duration)
    {
      int64_t width = b->tl_to - b->tl_from;

      b->tl_from = MAX (b->warmup, b->misbehaves_at - width / 4);
      b->tl_to = b->tl_from + width;
    }
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
compare_open_traces (Batch *b, PlotSet *p)
{
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_autofree char *name = compare_plots_trace_name (b, s);
      g_autofree char *path = plot_set_path (p, name);

      if (batch_slot (b, 0, s, 0)->state != BATCH_SLOT_WAITING)
        continue;
      if (!cli_open_output (b->command, path, &batch_slot (b, 0, s, 0)->trace_file))
        return false;
    }
  return true;
}

/* Opens every output asked for before anything runs, so that a bad path
 * fails at once.  On failure the JSON and CSV files are closed again; traces
 * already opened are the batch's, which batch_clear() removes.  The pointers
 * must be NULL. */
static bool
compare_open_outputs (Batch *b, const CompareOptions *o, OutFile **json, OutFile **csv,
                      PlotSet **plots, Handout **handout)
{
  g_autoptr (GError) error = NULL;

  if (!cli_open_output (b->command, o->json, json) || !cli_open_output (b->command, o->csv, csv))
    goto fail;
  if (o->html != NULL && (*handout = handout_open (o->html, &error)) == NULL)
    {
      cli_message (b->command, "%s", error->message);
      goto fail;
    }
  if (o->plot == NULL && o->html == NULL)
    return true;
  /* A handout draws its plots into a folder of its own unless --plot names one. */
  *plots = plot_set_new (o->plot != NULL ? o->plot : handout_plot_dir (*handout), &error);
  if (*plots == NULL)
    {
      cli_message (b->command, "%s", error->message);
      goto fail;
    }
  if (b->param == NULL && !compare_open_traces (b, *plots))
    goto fail;
  return true;

fail:
  outfile_abort (*json);
  outfile_abort (*csv);
  *json = *csv = NULL;
  return false;
}

static bool
compare_draw_plots (Batch *b, const CompareOptions *o, PlotSet *plots)
{
  bool ok = b->param == NULL ? compare_plots_compare (b, plots)
                              : compare_plots_sweep (b, plots, o->quiet);

  if (!ok)
    return false;
  if (!o->quiet && o->plot != NULL)
    cli_message (b->command, "plots %s '%s'",
                 plot_set_drawing (plots) ? "drawn in" : "(data and scripts only) written to",
                 plot_set_dir (plots));
  return true;
}

/* The table on stdout, the JSON and CSV files and the plots; each is tried
 * even if one before failed.  Commits and frees `json` and `csv`.  An
 * interrupted batch draws no plots: the user asked it to stop. */
static MksimExit
compare_write_outputs (Batch *b, const CompareOptions *o, OutFile *json, OutFile *csv,
                       PlotSet *plots, Handout *handout)
{
  /* stdout carries the data when an output goes there. */
  bool to_stdout = (o->json != NULL && strcmp (o->json, "-") == 0)
                   || (o->csv != NULL && strcmp (o->csv, "-") == 0);
  MksimExit status = MKSIM_EXIT_OK;

  if (!o->quiet && !to_stdout)
    batch_report_text (b, stdout);
  if (json != NULL)
    {
      g_autofree char *text = batch_report_json (b);

      fputs (text, outfile_stream (json));
    }
  if (csv != NULL)
    batch_report_csv (b, outfile_stream (csv));
  if (!cli_commit_output (b->command, json))
    status = MKSIM_EXIT_FAILED;
  if (!cli_commit_output (b->command, csv))
    status = MKSIM_EXIT_FAILED;
  if (plots != NULL && b->interrupted != 0)
    cli_message (b->command, "no plots drawn: the batch was interrupted");
  else if (plots != NULL && !compare_draw_plots (b, o, plots))
    status = MKSIM_EXIT_FAILED;
  if (handout != NULL && !handout_write_batch (handout, b, plots))
    status = MKSIM_EXIT_FAILED;
  if (!cli_flush_stdout (b->command))
    status = MKSIM_EXIT_FAILED;
  return status;
}

/* The runs of the study: the batch as loaded, then, with --precision, more
 * replications a round at a time until the rule is met or --max-runs.
 * Each round adds enough replications to keep every worker busy, but the
 * rule is checked at each count of replications in turn, over those
 * replications only, and the batch is cut back to the first count that
 * meets it: where it stops does not depend on --jobs. */
static MksimExit
compare_run_batch (Batch *b, const CompareOptions *o)
{
  size_t cells = b->n_values * b->n_strategies;
  size_t step = MAX ((size_t) 1, ((size_t) o->jobs + cells - 1) / cells);
  size_t checked = b->runs - 1, made;
  MksimExit status = batch_run (b, o->jobs);

  if (b->precision == 0)
    return status;
  b->n_compared = figures_compared (b->compared);
  while (status == MKSIM_EXIT_OK && b->interrupted == 0 && interrupt_caught () == 0)
    {
      for (size_t r = checked + 1; r <= b->runs && !b->precision_reached; r++)
        if (batch_precision_met (b, r))
          {
            b->precision_reached = true;
            checked = r;
          }
      if (b->precision_reached || b->runs >= b->max_runs)
        break;
      checked = b->runs;
      status = batch_grow (b, MIN (b->max_runs, b->runs + step));
      if (status == MKSIM_EXIT_OK && interrupt_caught () == 0)
        status = batch_run (b, o->jobs);
    }
  /* A signal while more runs were loaded: those never ran. */
  if (b->interrupted == 0 && interrupt_caught () != 0)
    b->interrupted = interrupt_caught ();
  made = b->n_done;
  if (b->precision_reached && checked < b->runs)
    {
      batch_truncate (b, checked);
      if (!o->quiet)
        cli_note (b->command, "%zu runs past the %zu replications that met "
                     "--precision are left out, so that the output does not depend on --jobs",
                     made - b->n_done, checked);
    }
  return status;
}

/* After the options are parsed: everything the two commands share. */
static MksimExit
compare_run (Batch *b, const CompareOptions *o, const char *scenario_arg)
{
  g_autoptr (PlotSet) plots = NULL;
  g_autoptr (Progress) progress = NULL;
  g_autoptr (Handout) handout = NULL;
  OutFile *json = NULL, *csv = NULL;
  MksimExit status;
  size_t most_runs;
  gint64 t0;
  int workers;

  status = compare_check_options (b, o);
  if (status != MKSIM_EXIT_OK)
    return status;
  /* The rule needs an interval: two runs at least. */
  b->runs = b->precision > 0 ? (size_t) MAX (o->runs, 2) : (size_t) o->runs;
  most_runs = b->precision > 0 ? b->max_runs : b->runs;
  if (cli_check_scenario_arg (b->command, scenario_arg) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  b->path = cli_resolve_scenario (scenario_arg);
  b->sets = (const char *const *) o->sets;

  status = batch_probe (b);
  if (status != MKSIM_EXIT_OK)
    return status;
  if (b->has_gui)
    batch_drop_local_rm (b);
  if (b->n_strategies == 0)
    return cli_usage_error (b->command, "no strategy left to run");
  if (b->n_values * b->n_strategies * most_runs > COMPARE_MAX_SLOTS)
    return cli_usage_error (b->command, "more than " G_STRINGIFY (COMPARE_MAX_SLOTS)
                            " runs asked for; fewer, please");
  if ((o->plot != NULL || o->html != NULL) && b->param == NULL)
    {
      status = compare_set_timeline (b, o);
      if (status != MKSIM_EXIT_OK)
        return status;
      b->keep_samples = true;
    }

  /* From here until every output is committed, a SIGINT or SIGTERM stops
   * the batch instead of the process: during the loading (which can take a
   * while for many runs) before any file is opened, later with what has
   * been run written. */
  interrupt_catch ();
  batch_select_shard (b);
  status = o->resume != NULL ? merge_read_resume (b, o->resume) : MKSIM_EXIT_OK;
  if (status == MKSIM_EXIT_OK)
    status = batch_load (b);
  if (status == MKSIM_EXIT_OK && interrupt_caught () != 0)
    status = interrupt_exit_status (interrupt_caught ());
  if (status == MKSIM_EXIT_OK && !compare_open_outputs (b, o, &json, &csv, &plots, &handout))
    status = MKSIM_EXIT_FAILED;
  if (status != MKSIM_EXIT_OK)
    {
      interrupt_release ();
      return status;
    }

  if (!o->quiet)
    {
      progress = progress_new (stderr);
      b->progress = progress;
    }
  t0 = g_get_monotonic_time ();
  status = compare_run_batch (b, o);
  progress_end (progress);
  b->progress = NULL;
  if (status != MKSIM_EXIT_OK)      /* no worker thread, or a bad config: nothing more ran */
    {
      outfile_abort (json);
      outfile_abort (csv);
      interrupt_release ();
      return status;
    }
  workers = MIN (o->jobs, (int) MAX (b->n_done - b->n_resumed, (size_t) 1));
  if (!o->quiet)
    cli_message (b->command, "%zu run%s on %d worker thread%s in %.2f s%s", b->n_done - b->n_resumed,
                 b->n_done - b->n_resumed == 1 ? "" : "s", workers, workers == 1 ? "" : "s",
                 (double) (g_get_monotonic_time () - t0) / 1e6,
                 b->n_resumed > 0 ? ", the others read back from --resume" : "");
  batch_report_stops (b);

  batch_summarise (b);
  status = compare_write_outputs (b, o, json, csv, plots, handout);
  interrupt_release ();
  /* A signal while the outputs were written: they are whole, but the user
   * asked to stop, and a script must be told. */
  if (interrupt_caught () != 0)
    return interrupt_exit_status (interrupt_caught ());
  if (status == MKSIM_EXIT_OK && batch_incomplete (b))
    status = MKSIM_EXIT_FAILED;
  return status;
}

#define COMPARE_EXIT_HELP                                                                      \
  "Exit status: 0 done; 1 a run stopped before its end (the results are still written,\n"     \
  "marked \"incomplete\": true) or an output failed; 2 bad usage or scenario; 130 or 143\n"   \
  "interrupted by SIGINT or SIGTERM (the runs completed are written, marked)."

#define COMPARE_ENTRIES(o)                                                                     \
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
  { "max-wall", 0, 0, G_OPTION_ARG_FILENAME, &(o).max_wall,                                    \
    "Stop each run, marked incomplete, after this much wall-clock time, e.g. 90s, 5min "      \
    "(default 300s; 0: no bound)", "DURATION" },                                               \
  { "precision", 0, 0, G_OPTION_ARG_STRING, &(o).precision,                                  \
    "Add replications until every figure's 95 % CI half-width is within P % of its mean "     \
    "(or --max-runs)", "P%" },                                                                 \
  { "max-runs", 0, 0, G_OPTION_ARG_INT, &(o).max_runs,                                         \
    "With --precision: at most M replications (default 100)", "M" },                          \
  { "shard", 0, 0, G_OPTION_ARG_STRING, &(o).shard,                                            \
    "Run only the I-th of N slices of the runs, for mksim merge (needs --json)", "I/N" },      \
  { "resume", 0, 0, G_OPTION_ARG_FILENAME, &(o).resume,                                        \
    "Run only the runs FILE (an interrupted output or a shard's) lacks", "FILE" },             \
  { "html", 0, 0, G_OPTION_ARG_FILENAME, &(o).html,                                            \
    "Write a handout to F: one HTML page with the lesson, its question and answer, the "       \
    "tables, every plot and the scenario, that opens offline", "F" },                          \
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &(o).quiet, "No table on stdout, no progress", NULL }

int
compare_main (int argc, char **argv)
{
  g_auto (CompareOptions) o = { .runs = 1, .jobs = (int) g_get_num_processors () };
  const GOptionEntry entries[] = {
    COMPARE_ENTRIES (o),
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
      "Draw figures into folder DIR (made if missing): latency CDF and its tail (counting "
      "what never finished), health per strategy, latency and loss bars, thread timelines",
      "DIR" },
    { "timeline", 0, 0, G_OPTION_ARG_FILENAME, &o.timeline,
      "Window of the thread timelines, e.g. 100ms,110ms (default: from the warmup on, "
      "1/20 of the run, 1 to 100 ms, moved to show the first hang or crash)",
      "FROM,TO" },
    G_OPTION_ENTRY_NULL
  };
  Batch b = { .command = "compare", .n_values = 1, .max_wall = -1,
              .trace_max = CLI_TRACE_MAX_DEFAULT };
  MksimExit status;

  if (!cli_parse ("compare", "SCENARIO", "Run one scenario under several strategies and "
                  "compare the key figures.",
                  "Each strategy runs R times (--runs), on seeds seed .. seed+R-1; with R > 1\n"
                  "each figure shows its mean and the half-width of its 95 % confidence\n"
                  "interval. A scenario with a GUI leaves out local-region-mapper.\n"
                  "SCENARIO is a scenario file, - for standard input, or the name of a "
                  "bundled one.\n"
                  COMPARE_EXIT_HELP,
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    status = cli_usage_error ("compare",
                              argc < 2 ? "no SCENARIO given" : "give exactly one SCENARIO");
  else
    status = compare_run (&b, &o, argv[1]);
  batch_clear (&b);
  return status;
}

/* Every --param into the batch's grid; a path given twice is an error. */
static bool
sweep_parse_grid (Batch *b, char **specs, GError **error)
{
  size_t n = g_strv_length (specs);
  char **paths = g_new0 (char *, n + 1);
  GStrv *axes = g_new0 (GStrv, n + 1);

  for (size_t p = 0; p < n; p++)
    {
      if (!compare_parse_param (specs[p], &paths[p], &axes[p], error))
        goto fail;
      for (size_t q = 0; q < p; q++)
        if (strcmp (paths[q], paths[p]) == 0)
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "--param %s is given twice: give all its values in one", paths[p]);
            goto fail;
          }
    }
  batch_set_grid (b, paths, axes, n);
  return true;

fail:
  for (size_t p = 0; p < n; p++)
    g_strfreev (axes[p]);
  g_free (axes);
  g_strfreev (paths);
  return false;
}

int
sweep_main (int argc, char **argv)
{
  g_auto (CompareOptions) o = { .runs = 1, .jobs = (int) g_get_num_processors () };
  const GOptionEntry entries[] = {
    { "param", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.params,
      "A parameter and its values, e.g. kernel.ipc_timeout=1ms,5ms,50ms (required; several "
      "sweep the cross product of their values)",
      "PATH=V1,V2,..." },
    COMPARE_ENTRIES (o),
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
      "Draw each figure against the parameter into folder DIR (made if missing)", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  Batch b = { .command = "sweep", .max_wall = -1, .trace_max = CLI_TRACE_MAX_DEFAULT };
  g_autoptr (GError) error = NULL;
  MksimExit status;

  if (!cli_parse ("sweep", "SCENARIO --param PATH=V1,V2,...",
                  "Run one scenario for each value of a parameter under several strategies.",
                  "Each value is applied as --set PATH=V after the other --set options. Values\n"
                  "are split at commas outside brackets, braces and quotes, so a value may be\n"
                  "JSON. Several --param options sweep every combination of their values.\n"
                  "Each (value, strategy) runs R times (--runs) on consecutive seeds.\n"
                  COMPARE_EXIT_HELP,
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    status = cli_usage_error ("sweep",
                              argc < 2 ? "no SCENARIO given" : "give exactly one SCENARIO");
  else if (o.params == NULL)
    status = cli_usage_error ("sweep", "--param PATH=V1,V2,... is required");
  else if (sweep_parse_grid (&b, o.params, &error))
    status = compare_run (&b, &o, argv[1]);
  else
    status = cli_usage_error ("sweep", error->message);
  batch_clear (&b);
  return status;
}
