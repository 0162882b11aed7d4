/* Model benchmarks for `mksim bench`: whole simulated systems built in C
 * (no scenario file), each run in a child process and timed on the wall
 * clock, with its peak memory. */
#ifndef MKSIM_BENCH_MODELS_H
#define MKSIM_BENCH_MODELS_H

#include "sim/bench.h"

/* CPU-bound client/server load of 16 clients: simulated events per second
 * (target: at least 5 million). */
void bench_ipc (const BenchOut *out);
/* The peers' workload (bench/peers.json; bench/peer_simgrid.cpp and
 * bench/peer_simpy.py run it too) at 16, 10,000 and 100,000 clients: round
 * trips per wall second, whole run (targets 8, 6 and 4 million). */
void bench_peers (const BenchOut *out);
/* 10^6 threads of the peers' workload set up and torn down (target under
 * 3 s) and their memory (target at most 512 bytes a thread). */
void bench_threads (const BenchOut *out);
/* Peak memory of the peers' workload at 60 s simulated against 2 s (target
 * at most 1.3 times). */
void bench_memory (const BenchOut *out);
/* 1,000 threads faulting on 10 managers for 10 s simulated, under each
 * strategy: wall time (target: under 10 s), faults per wall second and
 * peak memory. */
void bench_paging (const BenchOut *out);

#endif
