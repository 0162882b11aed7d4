/* Engine micro-benchmarks for `mksim bench`: the classic hold model on the
 * event queue (pop the earliest event, schedule one at its time plus an
 * exponential draw), which keeps the number of pending events constant and
 * measures the cost of one pop + push at that size. */
#ifndef MKSIM_BENCH_H
#define MKSIM_BENCH_H

#include <stddef.h>
#include <stdio.h>

/* Prints ns per hold at 10^3 .. 10^6 pending events (best of three), the
 * cost of the random draw alone and the engine's dispatch rate, to `out`.
 * Takes a few seconds of one CPU. */
void   bench_hold (FILE *out);
/* Wall-clock ns per hold, averaged over `holds` holds at `pending` pending
 * events, after warming the queue to that size (random draw included). */
double bench_hold_ns (size_t pending, size_t holds);

#endif
