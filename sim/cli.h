/* What every mksim subcommand shares: the exit statuses, option parsing
 * with one GOptionContext per subcommand (so `mksim COMMAND --help`
 * documents exactly that command), the usage-error message, durations on
 * the command line, where the bundled scenarios are, and opening and
 * committing output files with the subcommand's name in the messages.
 * main.c (run, check, list, schema, bench) and compare.c (compare, sweep)
 * use it; nothing here computes or reaches into the models. */
#ifndef MKSIM_CLI_H
#define MKSIM_CLI_H

#include <stdbool.h>

#include <glib.h>

#include "sim/evq.h"
#include "models/config.h"
#include "sim/report.h"

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

/* Prints "mksim COMMAND: MESSAGE" and the hint to --help to stderr;
 * returns MKSIM_EXIT_USAGE, so a caller can `return cli_usage_error (...)`. */
MksimExit cli_usage_error (const char *command, const char *message);

/* A duration as in scenarios, a number and a unit: "250ns", "2.5us",
 * "10ms", "1s" ("µs" too).  False, `out` untouched, for anything else or
 * for more than about 292 years. */
bool      cli_parse_duration (const char *s, SimTime *out);

/* Where the bundled scenarios are: $MKSIM_SCENARIOS, else the first of
 * scenarios/, ../scenarios and ../share/mksim/scenarios beside the binary
 * that exists (the source tree, also for build-san/mksim), else the
 * installed copy.  Newly allocated. */
char     *cli_scenarios_dir (void);

/* A SCENARIO argument that is not a file but names a bundled scenario
 * ("hello" or "hello.json") means that one; anything else (a path, "-", a
 * name not found) is returned as given, for the loader to report.  Newly
 * allocated. */
char     *cli_resolve_scenario (const char *arg);

/* Opens the output `path` (NULL: none asked for, *f = NULL; "-": stdout)
 * before anything runs, so a bad path fails at once.  False, with the
 * message printed, if it cannot be opened. */
bool      cli_open_output (const char *command, const char *path, ReportFile **f);
/* Commits `f` (NULL is fine) and frees it; false, with the message printed,
 * if it could not be written. */
bool      cli_commit_output (const char *command, ReportFile *f);

/* Prints the loader's notes on `c` ("mksim COMMAND: note: ...") to stderr. */
void      cli_print_notes (const char *command, const ScenarioConfig *c);

#endif
