/* `mksim compare` and `mksim sweep`: one scenario run under several
 * strategies (and, for a sweep, several values of one parameter), each with
 * R replications on consecutive seeds, in parallel; a table of the key
 * figures with 95 % confidence intervals, the JSON and CSV of every run with
 * a summary, and plots.  Whatever the number of worker threads, the output
 * is byte for byte the same: runs are collected by (value, strategy,
 * replication) and written in that order.  The batch itself is
 * sim/batch.h's, its outputs sim/batch_report.h's and
 * sim/compare_plots.h's. */
#ifndef MKSIM_COMPARE_H
#define MKSIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

/* The subcommands; argv[0] is the subcommand's name.  They return a
 * MksimExit (sim/cli.h: 0 done, 1 a run or an output failed, 2 bad usage or
 * a bad scenario) as an int, the type of main() and of every entry of
 * main.c's command table, so they slot in there as they are. */
int compare_main (int argc, char **argv);
int sweep_main (int argc, char **argv);

/* ---- parts, for the tests --------------------------------------------- */

/* Splits "PATH=V1,V2,..." into the path and its values.  Commas inside
 * brackets, braces or a JSON string do not split, so a value may be JSON
 * ("managers[0].service={\"exp\":\"20us\"},{\"exp\":\"50us\"}").  False with
 * `error` set (G_OPTION_ERROR_BAD_VALUE) for no '=', an empty path or value,
 * unbalanced brackets, a value given twice, or the path "strategy" (that is
 * --strategies). */
bool compare_parse_param (const char *spec, char **path, GStrv *values, GError **error);

/* "all" or a comma-separated list of strategy names, in the order to show
 * them; writes StrategyKind values to `out` (room for STRATEGY_COUNT) and
 * their number to `n`.  False with `error` set for an unknown or repeated
 * name. */
bool compare_parse_strategies (const char *spec, int *out, size_t *n, GError **error);

/* "I/N", the I-th of N shards, 1 <= I <= N.  False with `error` set for
 * anything else. */
bool compare_parse_shard (const char *spec, size_t *index, size_t *count, GError **error);

/* "P%" or "P", a percentage in (0, 100), into a share (5% -> 0.05).  False
 * with `error` set for anything else. */
bool compare_parse_precision (const char *spec, double *share, GError **error);

#endif
