/* The mksim command line: a table of subcommands (run, check, schema, bench
 * here; compare and sweep in compare.c, list and lesson in lesson.c, import-lackey in
 * lackey.c), each parsing its own options
 * with a GOptionContext (cli.c), so `mksim COMMAND --help` documents exactly
 * that command.  This file wires the loader, the models and the writers
 * together; it computes nothing itself.
 *
 * Exit status: 0 done, 1 the run or an output failed, 2 bad usage or a bad
 * scenario.  Messages go to stderr; stdout carries only what was asked for
 * (reports, narration, lists), so it can be redirected. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "models/config.h"
#include "models/machine.h"
#include "models/result.h"
#include "sim/bench.h"
#include "sim/bench_models.h"
#include "sim/cli.h"
#include "sim/compare.h"
#include "sim/merge.h"
#include "sim/interrupt.h"
#include "sim/lackey.h"
#include "sim/lesson.h"
#include "sim/outfile.h"
#include "sim/report.h"
#include "sim/report_csv.h"
#include "sim/report_json.h"
#include "sim/scenario.h"
#include "sim/suggest.h"
#include "sim/engine/escape.h"
#include "sim/engine/trace.h"

#ifndef MKSIM_VERSION
#define MKSIM_VERSION "unknown"
#endif

#define EXPLAIN_DEFAULT 200            /* narrated events for a bare --explain */
#define SCHEMA_FILE     "schema.json"  /* beside the bundled scenarios, the schema */

/* One subcommand: argv[0] is its own name; returns a MksimExit as an int,
 * the type main() returns, which compare_main and sweep_main share (and the
 * tests call them through a pointer of that type). */
typedef struct {
  const char *name;
  const char *args;           /* positional arguments, for the help */
  const char *summary;        /* one line for `mksim --help` */
  int (*main) (int argc, char **argv);
} Command;

/* ---- run -------------------------------------------------------------- */

typedef struct {
  char *strategy;
  char *seed;
  char **sets;
  char *json, *csv, *trace, *trace_window;
  char *trace_max;             /* the size bound of the trace, as given */
  char *max_wall;              /* the wall-clock bound of the run, as given */
  long explain;                /* narrated events, 0 = none */
  char *explain_from;          /* narration starts at this duration */
  char *explain_thread;        /* narrate only this thread's events */
  char *explain_fault;         /* narrate only this fault's events, as given */
  gboolean quiet;
  /* parsed by run_check_options() */
  double max_wall_s;           /* seconds; < 0: the scenario's */
  uint64_t trace_max_bytes;    /* 0: no bound */
  uint64_t explain_fault_n;    /* 0: every fault */
} RunOptions;

static void
run_options_clear (RunOptions *o)
{
  g_free (o->strategy);
  g_free (o->seed);
  g_strfreev (o->sets);
  g_free (o->json);
  g_free (o->csv);
  g_free (o->trace);
  g_free (o->trace_window);
  g_free (o->trace_max);
  g_free (o->max_wall);
  g_free (o->explain_from);
  g_free (o->explain_thread);
  g_free (o->explain_fault);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

static gboolean
run_parse_explain (const char *name, const char *value, gpointer data, GError **error)
{
  RunOptions *o = data;
  guint64 n;

  if (value == NULL)
    {
      o->explain = EXPLAIN_DEFAULT;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, LONG_MAX, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s wants a number of events, not '%s'", name, value);
      return FALSE;
    }
  o->explain = (long) n;
  return TRUE;
}

/* GOption takes an optional argument only as --explain=N; a bare
 * --explain would never see the word after it, and taking that word
 * whatever it is would take the scenario's name.  So a bare --explain
 * followed by a number is --explain=N (a scenario file named like a
 * number is given as ./40), and one followed by anything else is
 * --explain=200.  The joined words are kept in `keep`. */
static void
run_expand_bare_explain (int *argc, char **argv, GPtrArray *keep)
{
  for (int i = 1; i < *argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--explain") == 0)
      {
        if (i + 1 < *argc && argv[i + 1][0] != '\0'
            && strspn (argv[i + 1], "0123456789") == strlen (argv[i + 1]))
          {
            char *joined = g_strconcat ("--explain=", argv[i + 1], NULL);

            g_ptr_array_add (keep, joined);
            argv[i] = joined;
            memmove (argv + i + 1, argv + i + 2, (size_t) (*argc - i - 1) * sizeof *argv);
            (*argc)--;
          }
        else
          argv[i] = (char *) "--explain=" G_STRINGIFY (EXPLAIN_DEFAULT);
      }
}

/* What GOption cannot check; the trace window goes to `from` and `to`,
 * the start of the narration to `explain_from`.  --explain-from alone
 * narrates the default number of events. */
static MksimExit
run_check_options (RunOptions *o, SimTime *from, SimTime *to, SimTime *explain_from)
{
  if (cli_check_output_name ("run", "--json", o->json) != MKSIM_EXIT_OK
      || cli_check_output_name ("run", "--csv", o->csv) != MKSIM_EXIT_OK
      || cli_check_output_name ("run", "--trace", o->trace) != MKSIM_EXIT_OK
      || cli_check_max_wall ("run", o->max_wall, &o->max_wall_s) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  o->trace_max_bytes = CLI_TRACE_MAX_DEFAULT;
  if (o->trace_max != NULL && o->trace == NULL)
    return cli_usage_error ("run", "--trace-max needs --trace");
  if (o->trace_max != NULL
      && cli_check_trace_max ("run", o->trace_max, &o->trace_max_bytes) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  if (o->strategy != NULL && strategy_from_name (o->strategy) < 0)
    {
      g_autofree char *names = cli_strategy_list (" ");
      g_autofree char *hint = cli_did_you_mean (o->strategy, strategy_names, STRATEGY_COUNT);
      g_autofree char *msg = g_strdup_printf ("unknown strategy '%s'%s (one of: %s)",
                                              o->strategy, hint, names);

      return cli_usage_error ("run", msg);
    }
  if (o->explain_from != NULL)
    {
      if (!cli_parse_duration (o->explain_from, explain_from))
        {
          g_autofree char *msg = g_strdup_printf ("--explain-from wants a duration with a unit, "
                                                  "e.g. 200ms, not '%s'", o->explain_from);

          return cli_usage_error ("run", msg);
        }
      if (o->explain == 0)
        o->explain = EXPLAIN_DEFAULT;
    }
  if (o->explain_fault != NULL
      && !g_ascii_string_to_unsigned (o->explain_fault, 10, 1, G_MAXINT64, &o->explain_fault_n,
                                      NULL))
    {
      g_autofree char *shown = escape_text (o->explain_fault, false);
      g_autofree char *msg = g_strdup_printf ("--explain-fault wants the number of a fault, 1 "
                                              "or more, not '%s'", shown);

      return cli_usage_error ("run", msg);
    }
  if ((o->explain_thread != NULL || o->explain_fault != NULL) && o->explain == 0)
    o->explain = EXPLAIN_DEFAULT;
  if (o->trace_window == NULL)
    return MKSIM_EXIT_OK;
  if (o->trace == NULL)
    return cli_usage_error ("run", "--trace-window needs --trace");
  if (!cli_parse_window (o->trace_window, true, from, to))
    return cli_usage_error ("run", "--trace-window wants FROM,TO with units and FROM < TO, "
                            "e.g. 10ms,20ms");
  return MKSIM_EXIT_OK;
}

/* The loader's "--set" lines, NULL-terminated: the user's, then --strategy
 * and --seed, so that the dedicated options win. */
static GPtrArray *
run_set_lines (const RunOptions *o)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func (g_free);

  for (char **s = o->sets; s != NULL && *s != NULL; s++)
    g_ptr_array_add (sets, g_strdup (*s));
  if (o->strategy != NULL)
    g_ptr_array_add (sets, g_strdup_printf ("strategy=%s", o->strategy));
  if (o->seed != NULL)
    g_ptr_array_add (sets, g_strdup_printf ("seed=%s", o->seed));
  g_ptr_array_add (sets, NULL);
  return sets;
}

/* Opens every output asked for before anything runs, so that a bad path
 * fails at once; on failure none is left open.  The pointers must be NULL. */
static bool
run_open_outputs (const RunOptions *o, OutFile **json, OutFile **csv, OutFile **trace)
{
  if (cli_open_output ("run", o->json, json) && cli_open_output ("run", o->csv, csv)
      && cli_open_output ("run", o->trace, trace))
    return true;
  outfile_abort (*json);
  outfile_abort (*csv);
  *json = *csv = NULL;
  return false;
}

/* What the run's thread needs; it stays until the process ends if the run
 * is abandoned. */
typedef struct {
  const ScenarioConfig *config;
  Trace *trace;
  OutFile *trace_file;         /* the trace's stream is the run's */
} RunJob;

/* The run, timed on the wall clock, its fingerprint filled in. */
static gpointer
run_simulate (gpointer data)
{
  const RunJob *job = data;
  gint64 t0 = g_get_monotonic_time ();
  RunResult *r = machine_run (job->config, job->trace);

  r->wall_s = (double) (g_get_monotonic_time () - t0) / 1e6;
  report_json_fingerprint (r, r->fingerprint);
  return r;
}

/* SIGINT or SIGTERM during the run: a run cannot be stopped half way, so
 * it is abandoned, with its thread, its config and its trace, to the end of
 * the process; the temporary files of the outputs are removed (the trace's
 * only unlinked: the run still writes into it). */
static MksimExit
run_interrupted (int sig, RunJob *job, OutFile *json, OutFile *csv)
{
  outfile_abort (json);
  outfile_abort (csv);
  outfile_abandon (job->trace_file);
  cli_flush_stdout ("run");
  cli_message ("run", "interrupted by %s: the run is abandoned, no output is written",
               interrupt_name (sig));
  interrupt_release ();
  return interrupt_exit_status (sig);
}

/* A run that stopped before its end: why, and what was written. */
static void
run_report_stopped (const char *path, const RunResult *r, const ScenarioConfig *c,
                    bool outputs)
{
  char end[32];

  cli_message ("run", "%s: incomplete (the run was to end at %s): %s; %s%s", path,
               report_format_ns (end, sizeof end, c->duration),
               r->stopped != NULL ? r->stopped : "it stopped early",
               outputs ? "what it measured until then is written, marked \"incomplete\": true"
                       : "the figures cover only the time reached",
               cli_stop_hint (r));
}

/* Finishes the trace and the narration: an incomplete run is marked in
 * the trace, a trace cut at its size bound is noted.  False, with the
 * reason printed, if the trace file could not be written; a narration lost
 * on stdout is cli_flush_stdout()'s to report. */
static bool
run_close_trace (const RunOptions *o, Trace *trace, const RunResult *r)
{
  bool ok;

  if (trace == NULL)
    return true;
  if (r->incomplete)
    trace_mark_incomplete (trace, r->sim_time_ns, r->stopped);
  ok = trace_close (trace) || trace_errno (trace) == 0;
  if (!ok)
    cli_message ("run", "cannot write the trace '%s': %s", o->trace,
                 g_strerror (trace_errno (trace)));
  else if (trace_full_at (trace) >= 0)
    cli_note_trace_full ("run", o->trace, trace, o->trace_max_bytes);
  return ok;
}

/* A filter of the narration that matched nothing is a mistake to name: a
 * thread of no such name, a fault the run never had. */
static bool
run_explain_matched (const RunOptions *o, const Trace *trace)
{
  if (o->explain_thread != NULL && trace_explain_tracks (trace) == 0)
    {
      g_autofree char *shown = escape_text (o->explain_thread, false);

      cli_message ("run", "--explain-thread %s: no thread of that name (names are "
                   "PROCESS.THREAD[INDEX] as in the report's table, e.g. app.worker[0], or "
                   "PROCESS.THREAD for all its instances)", shown);
      return false;
    }
  if (o->explain_fault_n > trace_explain_last_about (trace))
    {
      cli_message ("run", "--explain-fault %" PRIu64 ": the run has no such fault (its page "
                   "faults are numbered from 1 in the order they begin, up to %" PRIu64 ")",
                   o->explain_fault_n, trace_explain_last_about (trace));
      return false;
    }
  return true;
}

/* Fills the JSON and CSV files and commits every output (the trace is
 * already written); each commit is tried even if one before failed. */
static bool
run_write_outputs (const RunResult *r, OutFile *json, OutFile *csv, OutFile *trace)
{
  bool ok = true;

  if (json != NULL)
    {
      g_autofree char *text = report_json (r, true);

      fprintf (outfile_stream (json), "%s\n", text);
    }
  if (csv != NULL)
    {
      report_csv_header_marked (outfile_stream (csv), r->incomplete);
      report_csv_row_marked (outfile_stream (csv), r, r->incomplete);
    }
  ok = cli_commit_output ("run", trace) && ok;
  ok = cli_commit_output ("run", json) && ok;
  ok = cli_commit_output ("run", csv) && ok;
  return ok;
}

static int
cmd_run (int argc, char **argv)
{
  g_auto (RunOptions) o = { .max_wall_s = -1 };
  const GOptionEntry entries[] = {
    { "strategy", 0, 0, G_OPTION_ARG_FILENAME, &o.strategy,
      "Reflect faults this way: async-signal, sync-rpc, local-region-mapper or ipc-timeout", "S" },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &o.seed, "Seed of the random streams", "N" },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.sets,
      "Change one value of the scenario (kernel.ipc_timeout=50ms); repeatable", "PATH=VALUE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o.json,
      "Write the JSON result to F (- = stdout)", "F" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o.csv,
      "Write a CSV header and row to F (- = stdout)", "F" },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &o.trace,
      "Write a Chrome trace-event file to F (open it in Perfetto)", "F" },
    { "trace-window", 0, 0, G_OPTION_ARG_FILENAME, &o.trace_window,
      "Trace only simulated time [FROM, TO), e.g. 10ms,20ms", "FROM,TO" },
    { "trace-max", 0, 0, G_OPTION_ARG_FILENAME, &o.trace_max,
      "Stop tracing, with a note, when the trace reaches SIZE, e.g. 10MiB (default 100MiB; "
      "0: no bound)", "SIZE" },
    { "max-wall", 0, 0, G_OPTION_ARG_FILENAME, &o.max_wall,
      "Stop the run, marked incomplete, after this much wall-clock time, e.g. 90s, 5min "
      "(default 300s; 0: no bound)", "DURATION" },
    { "explain", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (void *) run_parse_explain,
      "Narrate the first N events in words (--explain, --explain=N or --explain N; "
      "default 200)", "N" },
    { "explain-from", 0, 0, G_OPTION_ARG_FILENAME, &o.explain_from,
      "Start the narration at simulated time T, e.g. 200ms (implies --explain)", "T" },
    { "explain-thread", 0, 0, G_OPTION_ARG_FILENAME, &o.explain_thread,
      "Narrate only the events that name thread NAME (app.worker[0], or app.worker for all "
      "its instances) and those of its faults (implies --explain)", "NAME" },
    { "explain-fault", 0, 0, G_OPTION_ARG_FILENAME, &o.explain_fault,
      "Narrate only the events of page fault N, numbered from 1 in the order faults begin "
      "(implies --explain)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "No text report on stdout", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GPtrArray) sets = NULL;
  g_autoptr (GPtrArray) joined = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  ScenarioConfig *c;
  RunResult *r;
  Trace *trace = NULL;
  OutFile *json = NULL, *csv = NULL, *trace_file = NULL;
  SimTime from = 0, to = -1, explain_from = 0;
  MksimExit status;
  RunJob *job;
  int sig;

  run_expand_bare_explain (&argc, argv, joined);
  if (!cli_parse ("run", "SCENARIO", "Run one scenario and print its report.",
                  "SCENARIO is a scenario file, - for standard input, or the name of a bundled\n"
                  "one (see 'mksim list').\n"
                  "Exit status: 0 done; 1 the run stopped before its end (its results are\n"
                  "still written, marked \"incomplete\": true) or an output failed; 2 bad\n"
                  "usage or scenario; 130 or 143 interrupted by SIGINT or SIGTERM (nothing\n"
                  "written).",
                  entries, &o, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    return cli_usage_error ("run", argc < 2 ? "no SCENARIO given" : "give exactly one SCENARIO");
  status = run_check_options (&o, &from, &to, &explain_from);
  if (status != MKSIM_EXIT_OK)
    return status;

  sets = run_set_lines (&o);
  if (cli_check_scenario_arg ("run", argv[1]) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  path = cli_resolve_scenario (argv[1]);
  c = scenario_load_file (path, (const char *const *) sets->pdata, &error);
  if (c == NULL)
    {
      cli_put (stderr, error->message);   /* one problem a line */
      fputc ('\n', stderr);
      return MKSIM_EXIT_USAGE;
    }
  cli_print_notes ("run", c);
  if (o.max_wall_s >= 0)
    c->max_wall = o.max_wall_s;
  if (o.trace_window != NULL && from >= c->duration)
    {
      char at[32], end[32];
      g_autofree char *msg =
        g_strdup_printf ("--trace-window starts at %s, not before the end of the run (%s): "
                         "the trace would be empty",
                         report_format_ns (at, sizeof at, from),
                         report_format_ns (end, sizeof end, c->duration));

      scenario_free (c);
      return cli_usage_error ("run", msg);
    }
  if (explain_from >= c->duration)
    {
      char at[32], end[32];
      g_autofree char *msg =
        g_strdup_printf ("--explain-from %s is not before the end of the run (%s)",
                         report_format_ns (at, sizeof at, explain_from),
                         report_format_ns (end, sizeof end, c->duration));

      scenario_free (c);
      return cli_usage_error ("run", msg);
    }
  /* From the moment a temp file exists until every output is committed, a
   * SIGINT or SIGTERM removes them before mksim ends. */
  interrupt_catch ();
  if (!run_open_outputs (&o, &json, &csv, &trace_file))
    {
      interrupt_release ();
      scenario_free (c);
      return MKSIM_EXIT_FAILED;
    }

  if (trace_file != NULL || o.explain > 0)
    {
      trace = trace_new (trace_file != NULL ? outfile_stream (trace_file) : NULL, from, to,
                         o.explain > 0 ? stdout : NULL, o.explain);
      trace_set_explain_from (trace, explain_from);
      trace_set_explain_width (trace, cli_room (STDOUT_FILENO));
      trace_set_explain_fault (trace, o.explain_fault_n);
      if (o.explain_thread != NULL)
        trace_set_explain_track (trace, o.explain_thread);
      trace_set_max_bytes (trace, o.trace_max_bytes);
    }
  job = g_new0 (RunJob, 1);
  job->config = c;
  job->trace = trace;
  job->trace_file = trace_file;
  r = interrupt_run (run_simulate, job, &sig);
  if (r == NULL)
    return run_interrupted (sig, job, json, csv);
  g_free (job);
  if (!run_close_trace (&o, trace, r))
    status = MKSIM_EXIT_FAILED;
  if (status == MKSIM_EXIT_OK && o.explain > 0 && !run_explain_matched (&o, trace))
    status = MKSIM_EXIT_USAGE;
  trace_free (trace);

  if (o.explain > 0 && !o.quiet && status != MKSIM_EXIT_USAGE)
    fputc ('\n', stdout);
  if (!o.quiet && status != MKSIM_EXIT_USAGE)
    report_text (stdout, r, cli_room (STDOUT_FILENO));
  /* A failed output leaves no output file behind; a run that stopped early
   * is written, marked, for what it measured is what there is to see. */
  if (status != MKSIM_EXIT_OK)
    {
      outfile_abort (json);
      outfile_abort (csv);
      outfile_abort (trace_file);
    }
  else if (!run_write_outputs (r, json, csv, trace_file))
    status = MKSIM_EXIT_FAILED;
  if (r->incomplete)
    {
      run_report_stopped (path, r, c, status == MKSIM_EXIT_OK
                                      && (json != NULL || csv != NULL || trace_file != NULL));
      status = MKSIM_EXIT_FAILED;
    }
  if (!cli_flush_stdout ("run"))
    status = MKSIM_EXIT_FAILED;
  interrupt_release ();
  run_result_free (r);
  scenario_free (c);
  /* A signal while the outputs were written: they are whole, but the user
   * asked to stop, and a script must be told. */
  if (interrupt_caught () != 0)
    return interrupt_exit_status (interrupt_caught ());
  return status;
}

/* ---- check ------------------------------------------------------------ */

/* The workload's threads: those of the processes and the GUI clients (the
 * system threads a strategy adds are not the scenario's). */
static int
check_user_threads (const ScenarioConfig *c)
{
  long n = 0;

  for (size_t p = 0; p < c->n_processes; p++)
    for (size_t t = 0; t < c->processes[p].n_threads; t++)
      n += c->processes[p].threads[t].count;
  if (c->gui.present)
    n += (long) c->gui.n_clients;
  return (int) MIN (n, INT_MAX);
}

static int
cmd_check (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  MksimExit status = MKSIM_EXIT_OK;

  if (!cli_parse ("check", "SCENARIO...", "Validate scenarios without running them.",
                  "Prints 'FILE: ok (strategy, N threads)' for each good file and every\n"
                  "problem of a bad one; exit status 2 if any is bad.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc < 2)
    return cli_usage_error ("check", "no SCENARIO given");
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = cli_resolve_scenario (argv[i]);
      g_autofree char *base = g_path_get_basename (path);
      ScenarioConfig *c;
      int threads;

      /* It sits beside the scenarios, so a glob over that folder meets it. */
      if (strcmp (base, SCHEMA_FILE) == 0)
        {
          cli_printf (stdout, "%s: skipped (the JSON Schema of scenarios, not a scenario)\n",
                      argv[i]);
          continue;
        }
      if (cli_check_scenario_arg ("check", argv[i]) != MKSIM_EXIT_OK)
        {
          status = MKSIM_EXIT_USAGE;
          continue;
        }
      c = scenario_load_file (path, NULL, &error);
      if (c == NULL)
        {
          cli_put (stderr, error->message);   /* one problem a line */
          fputc ('\n', stderr);
          status = MKSIM_EXIT_USAGE;
          continue;
        }
      threads = check_user_threads (c);
      cli_printf (stdout, "%s: ok (%s, %d thread%s)\n", argv[i], strategy_names[c->strategy],
                  threads, threads == 1 ? "" : "s");
      scenario_free (c);
    }
  return status;
}

/* ---- schema ----------------------------------------------------------- */

static int
cmd_schema (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autofree char *schema = NULL;

  if (!cli_parse ("schema", "", "Print the JSON Schema of the scenario format.",
                  "The same as scenarios/schema.json; point an editor at it to get\n"
                  "completion and checking while writing a scenario.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 1)
    return cli_usage_error ("schema", "takes no arguments");
  schema = scenario_schema_json ();
  printf ("%s\n", schema);
  return cli_flush_stdout ("schema") ? MKSIM_EXIT_OK : MKSIM_EXIT_FAILED;
}

/* ---- bench ------------------------------------------------------------ */

/* Each benchmark prints its own figures to `out`. */
static const struct {
  const char *name;
  const char *summary;
  void (*run) (const BenchOut *out);
} benchmarks[] = {
  { "hold", "event queue against a plain 4-ary heap: ns per event at 10^3 .. 10^6 pending",
    bench_hold },
  { "ipc", "16 clients calling servers: simulated events per second", bench_ipc },
  { "peers", "the peers' workload at 16, 10,000 and 100,000 clients: round trips per second",
    bench_peers },
  { "threads", "10^6 threads set up and torn down: seconds, bytes per thread", bench_threads },
  { "memory", "peak memory at 60 s simulated against 2 s", bench_memory },
  { "paging", "1000 threads faulting on 10 managers, 10 s simulated, each strategy",
    bench_paging },
};

/* Is `name` among the NAME arguments argv[1..argc-1]? */
static bool
bench_named (int argc, char **argv, const char *name)
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], name) == 0)
      return true;
  return false;
}

static bool
bench_exists (const char *name)
{
  for (size_t j = 0; j < G_N_ELEMENTS (benchmarks); j++)
    if (strcmp (name, benchmarks[j].name) == 0)
      return true;
  return false;
}

static int
cmd_bench (int argc, char **argv)
{
  g_autofree char *figures = NULL;
  const GOptionEntry entries[] = {
    { "figures", 0, 0, G_OPTION_ARG_FILENAME, &figures,
      "also write each figure as a line \"KEY VALUE\" to FILE (what make bench reads)",
      "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GString) help = g_string_new ("Benchmarks:\n");
  BenchOut out = { .text = stdout };
  MksimExit status = MKSIM_EXIT_OK;

  for (size_t i = 0; i < G_N_ELEMENTS (benchmarks); i++)
    g_string_append_printf (help, "  %-8s %s\n", benchmarks[i].name, benchmarks[i].summary);
  g_string_append (help, "Without NAME, all of them run.");
  if (!cli_parse ("bench", "[NAME...]", "Measure the simulator's throughput.", help->str,
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  for (int i = 1; i < argc; i++)
    if (!bench_exists (argv[i]))
      {
        g_autofree char *msg = g_strdup_printf ("no benchmark '%s'", argv[i]);

        return cli_usage_error ("bench", msg);
      }
  if (cli_check_output_name ("bench", "--figures", figures) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  if (figures != NULL && (out.figures = fopen (figures, "w")) == NULL)
    {
      cli_message ("bench", "cannot write %s: %s", figures, g_strerror (errno));
      return MKSIM_EXIT_FAILED;
    }
  /* In the table's order, each once, however they were named. */
  for (size_t j = 0; j < G_N_ELEMENTS (benchmarks); j++)
    if (argc < 2 || bench_named (argc, argv, benchmarks[j].name))
      benchmarks[j].run (&out);
  if (out.figures != NULL && (ferror (out.figures) | fclose (out.figures)) != 0)
    {
      cli_message ("bench", "cannot write %s", figures);
      status = MKSIM_EXIT_FAILED;
    }
  return cli_flush_stdout ("bench") ? status : MKSIM_EXIT_FAILED;
}

/* ---- main ------------------------------------------------------------- */

static const Command commands[] = {
  { "run", "SCENARIO", "run one scenario and print its report", cmd_run },
  { "compare", "SCENARIO", "run one scenario under several strategies, side by side",
    compare_main },
  { "sweep", "SCENARIO", "compare for each value of one parameter (--param PATH=V1,V2,...)",
    sweep_main },
  { "merge", "SHARD.json...", "combine the shards of a compare or sweep (--shard I/N)",
    merge_main },
  { "check", "SCENARIO...", "validate scenarios without running them", cmd_check },
  { "list", "[NAME...]", "the bundled scenarios, or the whole lesson of NAME",
    lesson_list_main },
  { "lesson", "NAME", "a lesson and its question; --answer checks a prediction",
    lesson_main },
  { "schema", "", "the JSON Schema of the scenario format", cmd_schema },
  { "bench", "[NAME...]", "measure the simulator's throughput", cmd_bench },
  { "import-lackey", "LOG -o TRACE", "convert a valgrind lackey log into a page trace",
    lackey_main },
};

static void
print_usage (FILE *out)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append (text,
           "Usage: mksim COMMAND [OPTION...] [ARG...]\n"
           "\n"
           "A discrete-event simulator of microkernel paging and IPC designs: how page\n"
           "faults reach user-level dataspace managers (asynchronous signals, synchronous\n"
           "RPC, a local region mapper, IPC timeouts) and what each costs.\n"
           "\n"
           "Commands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *call = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);

      g_string_append_printf (text, "  %-26s  %s\n", call, commands[i].summary);
    }
  g_string_append (text,
           "\n"
           "Options:\n"
           "  -h, --help     this help\n"
           "  -V, --version  the version\n"
           "\n"
           "'mksim COMMAND --help' describes the options of a command.\n");
  /* Fitted to the terminal: a summary goes on under its column. */
  cli_put_fitted (out, text->str);
}

int
main (int argc, char **argv)
{
  const char *name;

  /* The user's language and charset for messages, but numbers are always
   * written the C way: results must not depend on the locale. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  if (argc < 2)
    {
      print_usage (stderr);
      return MKSIM_EXIT_USAGE;
    }
  name = argv[1];
  if (strcmp (name, "--version") == 0 || strcmp (name, "-V") == 0)
    {
      printf ("mksim %s\n", MKSIM_VERSION);
      return MKSIM_EXIT_OK;
    }
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      /* "mksim help run" is "mksim run --help". */
      if (strcmp (name, "help") == 0 && argc == 3)
        {
          argv[1] = argv[2];
          argv[2] = (char *) "--help";
          return main (argc, argv);
        }
      print_usage (stdout);
      return MKSIM_EXIT_OK;
    }
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("mksim %s", name);

        g_set_prgname (prgname);
        return commands[i].main (argc - 1, argv + 1);
      }
  {
    g_autofree char *shown = escape_text (name, false);

    const char *names[G_N_ELEMENTS (commands)];
    const char *close;

    for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
      names[i] = commands[i].name;
    close = suggest_name (name, names, G_N_ELEMENTS (commands));
    if (close != NULL)
      {
        /* A typo gets the one line it needs, not the whole usage. */
        fprintf (stderr, "mksim: unknown command '%s'; did you mean %s?\n"
                 "Try 'mksim --help'.\n", shown, close);
        return MKSIM_EXIT_USAGE;
      }
    fprintf (stderr, "mksim: unknown command '%s'\n\n", shown);
  }
  print_usage (stderr);
  return MKSIM_EXIT_USAGE;
}
