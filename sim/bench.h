/* Benchmarks for `mksim bench`: the classic hold model on the event queue
 * (pop the earliest event, schedule one at its time plus an exponential
 * draw), which keeps the number of pending events constant and measures the
 * cost of one pop + push at that size, against a plain 4-ary heap as the
 * reference; and where each benchmark's figures go.  The model benchmarks
 * are in sim/bench_models.h. */
#ifndef MKSIM_BENCH_H
#define MKSIM_BENCH_H

#include <stddef.h>
#include <stdio.h>

#include <glib.h>

/* Where a benchmark reports: `text` for a person; `figures`, when not NULL,
 * one "KEY VALUE" line per figure for a script (bench/run.sh reads them:
 * keys are stable, values plain numbers, wall-clock figures in seconds). */
typedef struct {
  FILE *text;
  FILE *figures;
} BenchOut;

/* One "KEY VALUE" line to out->figures, if any; `key` is printf-formatted. */
void   bench_figure (const BenchOut *out, double value, const char *key, ...) G_GNUC_PRINTF (3, 4);
/* Wall-clock seconds from an arbitrary origin (CLOCK_MONOTONIC). */
double bench_now_s (void);

/* Prints ns per hold at 10^3 .. 10^6 pending events for the event queue
 * and for the plain 4-ary heap (the best of several turns of each, in
 * turn), their ratio, the cost of the random draw alone and the engine's
 * dispatch rate, all in CPU time of the thread.  Takes some ten seconds of
 * one CPU. */
void   bench_hold (const BenchOut *out);
/* CPU ns per hold, averaged over `holds` holds at `pending` pending
 * events, after warming the queue to that size (random draw included). */
double bench_hold_ns (size_t pending, size_t holds);
/* The same on the reference heap (sim/bench.c): what the event queue
 * would cost without cancellation, handles or tie-breaking tricks. */
double bench_heap4_hold_ns (size_t pending, size_t holds);

#endif
