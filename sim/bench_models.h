/* Model benchmarks for `mksim bench`: whole simulated systems built in C
 * (no scenario file), timed on the wall clock. */
#ifndef MKSIM_BENCH_MODELS_H
#define MKSIM_BENCH_MODELS_H

#include <stdio.h>

/* CPU-bound client/server load of 16 clients: simulated events per second
 * (target: at least 5 million). */
void bench_ipc (FILE *out);
/* 1,000 threads faulting on 10 managers for 10 s simulated, under each
 * strategy: wall time (target: under 10 s) and peak memory. */
void bench_paging (FILE *out);

#endif
