/* Statistics on durations: Welford mean and standard deviation, min/max,
 * nearest-rank percentiles from the stored samples (exact up to
 * STATS_EXACT_MAX samples, then from a fine histogram), a log-bucket
 * histogram for plots, and the mean with a 95 % Student-t confidence interval
 * over replications. */
#ifndef MKSIM_STATS_H
#define MKSIM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _Stats Stats;

/* How many samples a figure keeps exactly.  Up to this many, percentiles
 * and histograms are computed from the samples themselves.  The sample
 * after it folds every sample into a histogram of STATS_FOLD_SUB buckets
 * per power of two (bucket width at most 1/STATS_FOLD_SUB of its low edge),
 * and from then on a figure holds about 60 KiB whatever the number of
 * samples: each percentile is then within 1/(2 STATS_FOLD_SUB) = 0.39 % of
 * the exact one (scenarios/SCHEMA.md promises 0.5 %); count, mean, stddev,
 * min and max stay exact.  10^6 samples is 8 MiB, about two seconds of a
 * saturated server's calls, and more than any bundled scenario collects in
 * one figure, so none of their results depends on the histogram. */
#define STATS_EXACT_MAX 1000000
#define STATS_FOLD_SUB  128

/* The figures every latency in a report is summarised by.  stddev is the
 * sample standard deviation (divisor n - 1; 0 for fewer than two samples). */
typedef struct {
  uint64_t count;
  double mean, stddev;
  int64_t min, p50, p90, p99, p999, max;
} StatSummary;

Stats   *stats_new (void);
void     stats_free (Stats *s);
void     stats_add (Stats *s, int64_t x);
uint64_t stats_count (const Stats *s);
/* All zero when empty.  Sorts the stored samples (once per change). */
void     stats_summary (Stats *s, StatSummary *out);
/* Nearest-rank percentile, p in (0, 100]; 0 when empty. */
int64_t  stats_percentile (Stats *s, double p);
/* Read-only view of the samples in insertion order (until the next summary).
 * stats_summary, stats_percentile and stats_histogram sort them in place:
 * right after one of those the view is sorted ascending; samples added
 * later follow at its end until the next sort.  Past STATS_EXACT_MAX the
 * samples are gone: the view is then the histogram spelt out, sorted, one
 * value per sample (each within 0.39 % of the sample of its rank), built on
 * demand and kept until the next add; it costs 8 bytes a sample while it
 * lives, so a caller that can do with stats_summary should. */
const int64_t *stats_samples (const Stats *s, size_t *n);
/* True while the figure still holds every sample (count <= STATS_EXACT_MAX). */
bool     stats_exact (const Stats *s);
/* Heap bytes the figure holds for its samples (or its histogram). */
size_t   stats_bytes (const Stats *s);

/* Log-bucket histogram: bucket i counts samples in [edge(i), edge(i+1)) with
 * `per_decade` buckets per power of ten from 1 ns up; returns the bucket count
 * written to counts/edges (both of length at most `max`).  Samples below 1 ns
 * count in the first bucket; samples beyond the last bucket that fits in
 * `max` count in the last one. */
size_t   stats_histogram (Stats *s, int per_decade, uint64_t *counts, int64_t *edges, size_t max);

/* Mean and half-width of the 95 % Student-t interval of n values (half = 0 when n < 2). */
void     stats_ci95 (const double *xs, size_t n, double *mean, double *half);
double   stats_t95 (size_t dof);
/* Paired differences a[i] - b[i] of n pairs (common random numbers: pair i
 * ran on the same seed): their mean and the half-width of its 95 % Student-t
 * interval, as stats_ci95 of the differences.  Far tighter than two
 * overlapping intervals when the pairs move together. */
void     stats_paired_ci95 (const double *a, const double *b, size_t n, double *mean,
                            double *half);

/* The batch size of MSER-5. */
#define STATS_MSER_BATCH 5
/* MSER-5 truncation point of a series in time order (a warm-up): how many of
 * its first observations to delete, a multiple of STATS_MSER_BATCH, at most
 * half the series; 0 for fewer than two batches. */
size_t   stats_mser5 (const double *xs, size_t n);

#endif
