/* Reading the outputs of `mksim compare` and `mksim sweep` back into a
 * batch (sim/batch.h): the shards that `mksim merge` combines, and the file
 * that --resume completes.  Only a partial output can be read: a shard's
 * (--shard I/N) or an interrupted batch's.  It carries the study it belongs
 * to ("study": version, scenario, --set lines, parameters, strategies,
 * runs, seeds) and the figures a run's JSON rounds, in full ("exact"), so
 * that a batch read back sums the same doubles as the one that ran.  A
 * file of another study, version or split is refused with a message that
 * says what differs; a missing or doubled shard is named.
 *
 * This is a loader, the one beside sim/scenario*.c: it alone of the rest
 * touches cJSON. */
#ifndef MKSIM_MERGE_READ_H
#define MKSIM_MERGE_READ_H

#include <stddef.h>

#include "sim/batch.h"
#include "sim/cli.h"

/* The runs `path` holds, put into the probed and allocated batch `b` (done,
 * from_file), after checking that the file is of the same study and, for a
 * shard, the output of that shard (a whole study takes any of its files).  A file that holds every run (a complete output has no
 * "study") is an error that says so.  Messages are printed; exit status. */
MksimExit merge_read_resume (Batch *b, const char *path);

/* A batch rebuilt from the shard outputs `paths`, which must be every
 * shard of one study, each once and each whole: the study's description
 * into `b` (command, scenario, grid, strategies, runs, seeds; `sets` gets
 * the --set lines, which b->sets borrows), and every run.  Messages are
 * printed; exit status. */
MksimExit merge_read_shards (Batch *b, const char *const *paths, size_t n, GStrv *sets);

#endif
