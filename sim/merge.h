/* `mksim merge`: the shard outputs of one study (compare or sweep --shard
 * I/N --json F, run on as many machines as there are shards) combined into
 * what one local run of the whole study writes: the same table, the same
 * JSON and CSV byte for byte, and a sweep's figures.  The reading is
 * sim/merge_read.h's. */
#ifndef MKSIM_MERGE_H
#define MKSIM_MERGE_H

/* argv[0] is "merge"; returns a MksimExit (sim/cli.h) as an int. */
int merge_main (int argc, char **argv);

#endif
