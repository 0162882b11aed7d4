/* What every mksim subcommand shares: the exit statuses, option parsing
 * with one GOptionContext per subcommand (so `mksim COMMAND --help`
 * documents exactly that command, and a misspelt option is answered with
 * the one meant), the usage-error message, durations on
 * the command line, where the bundled scenarios are, opening and
 * committing output files with the subcommand's name in the messages, and
 * lessons wrapped for a terminal.  main.c (run, check, list, schema,
 * bench) and compare.c (compare, sweep) use it, and plot.c finds its
 * templates with cli_data_dir(); nothing here computes or reaches into the
 * models. */
#ifndef MKSIM_CLI_H
#define MKSIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "sim/engine/evq.h"
#include "sim/engine/escape.h"
#include "models/config.h"
#include "models/result.h"
#include "sim/engine/trace.h"
#include "sim/outfile.h"

typedef enum {
  MKSIM_EXIT_OK = 0,
  MKSIM_EXIT_FAILED = 1,      /* a run, or writing an output, failed */
  MKSIM_EXIT_USAGE = 2,       /* bad command line or bad scenario */
} MksimExit;

/* Parses the options of `command` (argv[0] is its name) into `entries`;
 * `user_data` goes to callback options.  `description` (may be NULL) ends
 * the help.  False, with the message printed, on a bad command line;
 * --help prints and exits 0 inside. */
bool      cli_parse (const char *command, const char *args, const char *summary,
                     const char *description, const GOptionEntry *entries, void *user_data,
                     int *argc, char ***argv);

/* The room a line has on the terminal `fd` is (STDOUT_FILENO, ...): the
 * width progress_columns() finds ($COLUMNS, else the terminal's, else 80)
 * less one column, where some terminals wrap; at least 20. */
int       cli_room (int fd);
/* `text` (escaped already) to `out`, each line fitted to cli_room() of
 * `out` (sim/engine/textfit.h). */
void      cli_put_fitted (FILE *out, const char *text);

/* ": did you mean NAME?" for the candidate closest to the misspelt `word`
 * (sim/suggest.h: suggest_name()), or "" if none is close.  Newly
 * allocated. */
char     *cli_did_you_mean (const char *word, const char *const *candidates, size_t n);
/* The strategy name closest to `word` ("local-rm": local-region-mapper),
 * or NULL. */
const char *cli_closest_strategy (const char *word);
/* The bundled scenario closest to `arg` when `arg` is no file, no path and
 * not "-" ("hung-manger": "hung-manager"), or NULL.  Newly allocated. */
char     *cli_closest_scenario (const char *arg);
/* A SCENARIO argument that is no file but close to a bundled name is a
 * usage error, printed with the name meant; else MKSIM_EXIT_OK (the
 * loader reports a missing file as before). */
MksimExit cli_check_scenario_arg (const char *command, const char *arg);

/* Prints "mksim COMMAND: MESSAGE" and the hint to --help to stderr;
 * returns MKSIM_EXIT_USAGE, so a caller can `return cli_usage_error (...)`.
 * The message is escaped as cli_message()'s. */
MksimExit cli_usage_error (const char *command, const char *message);

/* Text output quotes names from scenarios and from the command line, which
 * may hold control characters: these print with every control character
 * but the line break escaped (sim/engine/escape.h), never raw. */

/* "mksim COMMAND: " and the formatted message, and a line break, to stderr. */
void      cli_message (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* "mksim COMMAND: note: " and the formatted message, escaped, to stderr,
 * broken to the terminal's width (continued two spaces in). */
void      cli_note (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* `text` (a loader's message of one problem a line, a lesson) to `out`. */
void      cli_put (FILE *out, const char *text);
/* The formatted text to `out`. */
void      cli_printf (FILE *out, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* A duration as in scenarios, a number and a unit: "250ns", "2.5us",
 * "10ms", "1s" ("µs" too).  False, `out` untouched, for anything else or
 * for more than about 292 years. */
bool      cli_parse_duration (const char *s, SimTime *out);
/* A window of simulated time "FROM,TO", two durations with FROM < TO.  With
 * `open_ends` either may be left empty: FROM is then 0 and TO -1 (no end).
 * False for anything else; `from` and `to` may have been written. */
bool      cli_parse_window (const char *text, bool open_ends, SimTime *from, SimTime *to);

/* A size, a number and a unit: "100MiB", "512KiB", "2GiB", "1.5MiB" (B,
 * KiB, MiB, GiB; kB, MB, GB are powers of 1000), or a plain number of
 * bytes.  False, `out` untouched, for anything else or more than 2^62. */
bool      cli_parse_size (const char *s, uint64_t *out);
/* A wall-clock duration in seconds, a number and a unit: "90s", "5min",
 * "1.5h", "500ms", or a plain number of seconds; "0" is no bound.  False,
 * `seconds` untouched, for anything else, or more than a year. */
bool      cli_parse_wall (const char *s, double *seconds);
/* `value` of the output option `option` (NULL: not given) names a file:
 * "" is a usage error, printed, and the result is MKSIM_EXIT_USAGE. */
MksimExit cli_check_output_name (const char *command, const char *option, const char *value);

/* The size bound of a trace when --trace-max is not given. */
#define CLI_TRACE_MAX_DEFAULT (UINT64_C (100) << 20)   /* 100 MiB */
/* The smallest --trace-max but 0: room for a few events and the closing. */
#define CLI_TRACE_MAX_MIN     (UINT64_C (4) << 10)     /* 4 KiB */

/* --max-wall DURATION (NULL: not given, *seconds = -1) into `seconds`;
 * a bad value is a usage error, printed. */
MksimExit cli_check_max_wall (const char *command, const char *value, double *seconds);
/* --trace-max SIZE into `bytes` (0: no bound); a bad value, or one below
 * CLI_TRACE_MAX_MIN, is a usage error, printed. */
MksimExit cli_check_trace_max (const char *command, const char *value, uint64_t *bytes);
/* The note that the trace `path` reached its bound of `max` bytes, and
 * when (trace_full_at()). */
void      cli_note_trace_full (const char *command, const char *path, const Trace *trace,
                               uint64_t max);
/* What a user can do about a run stopped by a guard: " (raise the guard
 * with --set max_events=N)" and the like, or "" when a model stopped it. */
const char *cli_stop_hint (const RunResult *r);

/* The strategy names in StrategyKind order, joined by `separator`, for
 * messages.  Newly allocated. */
char     *cli_strategy_list (const char *separator);

/* Where mksim's data folder `name` ("scenarios", "plots") is: $`env_var`
 * if set and not empty, else the first of NAME/, ../NAME and
 * ../share/mksim/NAME beside the binary that exists and holds `probe` (a
 * file name, or NULL for any folder): the source tree, also for
 * build/ and build-san/ binaries.  Else the installed copy under
 * MKSIM_PREFIX.  Newly allocated. */
char     *cli_data_dir (const char *env_var, const char *name, const char *probe);
/* Where the bundled scenarios are: cli_data_dir() of $MKSIM_SCENARIOS and
 * "scenarios".  Newly allocated. */
char     *cli_scenarios_dir (void);

/* A SCENARIO argument that is not a file but names a bundled scenario
 * ("hello" or "hello.json") means that one; anything else (a path, "-", a
 * name not found) is returned as given, for the loader to report.  Newly
 * allocated. */
char     *cli_resolve_scenario (const char *arg);

/* Opens the output `path` (NULL: none asked for, *f = NULL; "-": stdout)
 * before anything runs, so a bad path fails at once.  False, with the
 * message printed, if it cannot be opened. */
bool      cli_open_output (const char *command, const char *path, OutFile **f);
/* Commits `f` (NULL is fine) and frees it; false, with the message printed,
 * if it could not be written. */
bool      cli_commit_output (const char *command, OutFile *f);

/* Flushes standard output; false, with the message printed, if anything
 * written there was lost (a full disk, a closed pipe). */
bool      cli_flush_stdout (const char *command);

/* Prints the loader's notes on `c` ("mksim COMMAND: note: ...") to stderr. */
void      cli_print_notes (const char *command, const ScenarioConfig *c);

/* Prints `text` (a lesson) on lines of at most `width` characters, white
 * space collapsed; a word longer than that gets a line of its own.  A line
 * never breaks inside a command a student will copy: within brackets or
 * quotes, between an option and its value, nor in "mksim COMMAND NAME
 * --OPTION...", unless the command is longer than a line: then it breaks
 * before its options (each kept with its value), and a part still too long
 * at its spaces. */
void      cli_print_wrapped (FILE *out, const char *text, int width);
/* The same after `col` characters already on the line, each further line
 * indented by `indent` spaces. */
void      cli_print_wrapped_indent (FILE *out, const char *text, int width, int col, int indent);

#endif
