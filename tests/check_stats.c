/* Tests of sim/engine/stats.c: running figures against a two-pass computation,
 * nearest-rank percentiles against hand-computed ones, the lazy sort, the
 * histogram's buckets, the bound on stored samples (exact up to it, within
 * 0.5 % past it, memory flat), and the Student-t interval against tabled
 * values. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib.h>

#include "sim/engine/rng.h"
#include "sim/engine/stats.h"

static Stats *st;

static void
setup (void)
{
  st = stats_new ();
}

static void
teardown (void)
{
  stats_free (st);
  st = NULL;
}

static void
add_all (const int64_t *xs, size_t n)
{
  for (size_t i = 0; i < n; i++)
    stats_add (st, xs[i]);
}

/* ---- summary ---- */

START_TEST (test_stats_empty)
{
  StatSummary sum;

  memset (&sum, 0xff, sizeof sum);
  stats_summary (st, &sum);
  ck_assert_uint_eq (sum.count, 0);
  ck_assert_double_eq (sum.mean, 0);
  ck_assert_double_eq (sum.stddev, 0);
  ck_assert_int_eq (sum.min, 0);
  ck_assert_int_eq (sum.p50, 0);
  ck_assert_int_eq (sum.p999, 0);
  ck_assert_int_eq (sum.max, 0);
  ck_assert_int_eq (stats_percentile (st, 50), 0);
  ck_assert_uint_eq (stats_count (st), 0);
}
END_TEST

START_TEST (test_stats_single)
{
  StatSummary sum;

  stats_add (st, -7);
  stats_summary (st, &sum);
  ck_assert_uint_eq (sum.count, 1);
  ck_assert_double_eq (sum.mean, -7);
  ck_assert_double_eq (sum.stddev, 0);
  ck_assert_int_eq (sum.min, -7);
  ck_assert_int_eq (sum.p50, -7);
  ck_assert_int_eq (sum.p999, -7);
  ck_assert_int_eq (sum.max, -7);
}
END_TEST

START_TEST (test_stats_sample_stddev)
{
  /* Mean 5, squared deviations sum to 32: population sd 2, sample sd
   * sqrt(32 / 7) — the one stats reports. */
  static const int64_t xs[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
  StatSummary sum;

  add_all (xs, G_N_ELEMENTS (xs));
  stats_summary (st, &sum);
  ck_assert_double_eq_tol (sum.mean, 5, 1e-12);
  ck_assert_double_eq_tol (sum.stddev, sqrt (32.0 / 7.0), 1e-12);
  ck_assert_int_eq (sum.min, 2);
  ck_assert_int_eq (sum.max, 9);
}
END_TEST

START_TEST (test_stats_welford_vs_two_pass)
{
  /* Large offset, small spread: where the textbook sum-of-squares formula
   * loses every digit. */
  enum { N = 100000 };
  RngStream r;
  Dist d = { DIST_NORMAL, 1000, 30 };
  int64_t *xs = g_new (int64_t, N);

  rng_init (&r, 5, "welford");
  for (int i = 0; i < N; i++)
    {
      xs[i] = INT64_C (1000000000000) + dist_sample (&d, &r);
      stats_add (st, xs[i]);
    }

  double m = 0, ss = 0;
  for (int i = 0; i < N; i++)
    m += (double) (xs[i] - INT64_C (1000000000000));
  m = m / N + 1e12;
  for (int i = 0; i < N; i++)
    ss += ((double) xs[i] - m) * ((double) xs[i] - m);
  double sd = sqrt (ss / (N - 1));

  StatSummary sum;
  stats_summary (st, &sum);
  ck_assert_double_eq_tol (sum.mean, m, 1e-4);
  ck_assert_double_eq_tol (sum.stddev, sd, 1e-6 * sd);
  ck_assert_double_eq_tol (sd, 30, 0.5);    /* and both are right */
  g_free (xs);
}
END_TEST

/* ---- percentiles ---- */

START_TEST (test_stats_percentile_small)
{
  /* The textbook nearest-rank example: ranks ceil(p n / 100). */
  static const int64_t xs[] = { 50, 15, 40, 35, 20 };

  add_all (xs, G_N_ELEMENTS (xs));
  ck_assert_int_eq (stats_percentile (st, 5), 15);
  ck_assert_int_eq (stats_percentile (st, 20), 15);   /* rank 1 exactly */
  ck_assert_int_eq (stats_percentile (st, 30), 20);
  ck_assert_int_eq (stats_percentile (st, 40), 20);
  ck_assert_int_eq (stats_percentile (st, 50), 35);
  ck_assert_int_eq (stats_percentile (st, 100), 50);
}
END_TEST

START_TEST (test_stats_percentile_ten)
{
  static const int64_t xs[] = { 7, 3, 10, 1, 9, 2, 8, 5, 4, 6 };
  StatSummary sum;

  add_all (xs, G_N_ELEMENTS (xs));
  stats_summary (st, &sum);
  ck_assert_int_eq (sum.p50, 5);
  ck_assert_int_eq (sum.p90, 9);
  ck_assert_int_eq (sum.p99, 10);
  ck_assert_int_eq (sum.p999, 10);
  ck_assert_int_eq (stats_percentile (st, 10), 1);
  ck_assert_int_eq (stats_percentile (st, 10.5), 2);
}
END_TEST

START_TEST (test_stats_percentile_thousand)
{
  /* 1 .. 1000 scrambled. */
  StatSummary sum;

  for (int i = 0; i < 1000; i++)
    stats_add (st, (i * 7919) % 1000 + 1);
  stats_summary (st, &sum);
  ck_assert_int_eq (sum.p50, 500);
  ck_assert_int_eq (sum.p90, 900);
  ck_assert_int_eq (sum.p99, 990);
  ck_assert_int_eq (sum.p999, 999);
  ck_assert_int_eq (sum.min, 1);
  ck_assert_int_eq (sum.max, 1000);
  ck_assert_int_eq (stats_percentile (st, 0.1), 1);
  ck_assert_int_eq (stats_percentile (st, 0.11), 2);
}
END_TEST

START_TEST (test_stats_percentile_float_rank)
{
  /* 99.9 * 41000 / 100 is 40959 exactly, but in doubles it comes out a hair
   * above, and a plain ceil() would take rank 40960. */
  for (int64_t x = 41000; x >= 1; x--)
    stats_add (st, x);
  ck_assert_int_eq (stats_percentile (st, 99.9), 40959);
}
END_TEST

START_TEST (test_stats_percentile_bounds)
{
  static const int64_t xs[] = { 3, 1, 2 };

  add_all (xs, G_N_ELEMENTS (xs));
  ck_assert_int_eq (stats_percentile (st, 0), 1);      /* outside (0, 100]: clamped */
  ck_assert_int_eq (stats_percentile (st, -5), 1);
  ck_assert_int_eq (stats_percentile (st, 1e-9), 1);
  ck_assert_int_eq (stats_percentile (st, 100), 3);
  ck_assert_int_eq (stats_percentile (st, 150), 3);
}
END_TEST

START_TEST (test_stats_samples_insertion_order_until_summary)
{
  static const int64_t xs[] = { 5, 1, 4 };
  size_t n;

  add_all (xs, 3);
  const int64_t *v = stats_samples (st, &n);
  ck_assert_uint_eq (n, 3);
  ck_assert_int_eq (v[0], 5);
  ck_assert_int_eq (v[1], 1);
  ck_assert_int_eq (v[2], 4);

  /* Adding after a sort, then asking again: the new samples count. */
  ck_assert_int_eq (stats_percentile (st, 100), 5);
  stats_add (st, 0);
  stats_add (st, 9);
  ck_assert_int_eq (stats_percentile (st, 100), 9);
  ck_assert_int_eq (stats_percentile (st, 1), 0);
  ck_assert_int_eq (stats_percentile (st, 60), 4);

  /* Right after a sort the view is sorted; later samples follow at its end. */
  static const int64_t sorted[] = { 0, 1, 4, 5, 9, 3 };
  stats_add (st, 3);
  v = stats_samples (st, &n);
  ck_assert_uint_eq (n, 6);
  for (size_t i = 0; i < n; i++)
    ck_assert_int_eq (v[i], sorted[i]);
}
END_TEST

static int
cmp_i64 (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
  return (x > y) - (x < y);
}

START_TEST (test_stats_sort_matches_qsort)
{
  /* Large enough for the radix sort, with negatives, extremes, duplicates,
   * and samples added in three batches between sorts (the merge path). */
  enum { N = 30000 };
  int64_t *want = g_new (int64_t, N);
  RngStream r;

  rng_init (&r, 8, "sort");
  for (int i = 0; i < N; i++)
    {
      int64_t x;
      switch (i % 5)
        {
        case 0: x = (int64_t) rng_next (&r); break;                  /* any sign */
        case 1: x = (int64_t) rng_below (&r, 1000); break;           /* duplicates */
        case 2: x = (int64_t) rng_below (&r, 1u << 30); break;
        case 3: x = i % 2 ? INT64_MAX : INT64_MIN; break;
        default: x = -(int64_t) rng_below (&r, 70000); break;
        }
      want[i] = x;
      stats_add (st, x);
      if (i == N / 3 || i == N / 2)
        stats_percentile (st, 50);
    }
  qsort (want, N, sizeof *want, cmp_i64);

  stats_percentile (st, 50);
  size_t n;
  const int64_t *v = stats_samples (st, &n);
  ck_assert_uint_eq (n, N);
  int wrong = 0;
  for (int i = 0; i < N; i++)
    wrong += v[i] != want[i];
  ck_assert_int_eq (wrong, 0);
  g_free (want);
}
END_TEST

/* ---- histogram ---- */

START_TEST (test_stats_histogram_decades)
{
  static const int64_t xs[] = { 0, 1, 5, 10, 99, 100, 1000, 9999 };
  uint64_t counts[16];
  int64_t edges[16];

  add_all (xs, G_N_ELEMENTS (xs));
  size_t nb = stats_histogram (st, 1, counts, edges, 16);
  ck_assert_uint_eq (nb, 4);
  static const int64_t want_edges[] = { 1, 10, 100, 1000 };
  static const uint64_t want_counts[] = { 3, 2, 1, 2 };   /* 0 joins [1, 10) */
  for (size_t i = 0; i < nb; i++)
    {
      ck_assert_int_eq (edges[i], want_edges[i]);
      ck_assert_uint_eq (counts[i], want_counts[i]);
    }
}
END_TEST

START_TEST (test_stats_histogram_fine_edges)
{
  /* 3 per decade: 10^(1/3) = 2.15, 10^(2/3) = 4.64, ... rounded up to whole
   * ns, with exact powers of ten kept exact. */
  uint64_t counts[16];
  int64_t edges[16];

  for (int64_t x = 1; x <= 100; x++)
    stats_add (st, x);
  size_t nb = stats_histogram (st, 3, counts, edges, 16);
  static const int64_t want_edges[] = { 1, 3, 5, 10, 22, 47, 100 };
  static const uint64_t want_counts[] = { 2, 2, 5, 12, 25, 53, 1 };
  ck_assert_uint_eq (nb, 7);
  uint64_t total = 0;
  for (size_t i = 0; i < nb; i++)
    {
      ck_assert_int_eq (edges[i], want_edges[i]);
      ck_assert_uint_eq (counts[i], want_counts[i]);
      total += counts[i];
    }
  ck_assert_uint_eq (total, 100);
}
END_TEST

START_TEST (test_stats_histogram_truncated)
{
  /* Room for 2 buckets: everything from 10 up lands in the last one. */
  static const int64_t xs[] = { 2, 20, 200, 2000000 };
  uint64_t counts[2];
  int64_t edges[2];

  add_all (xs, G_N_ELEMENTS (xs));
  ck_assert_uint_eq (stats_histogram (st, 1, counts, edges, 2), 2);
  ck_assert_uint_eq (counts[0], 1);
  ck_assert_uint_eq (counts[1], 3);
  ck_assert_int_eq (edges[1], 10);

  stats_add (st, INT64_MAX);
  uint64_t c[40];
  int64_t e[40];
  size_t nb = stats_histogram (st, 2, c, e, 40);
  ck_assert_uint_eq (nb, 38);             /* edges up to 10^18.5 */
  ck_assert_uint_eq (c[nb - 1], 1);
  ck_assert_uint_eq (stats_histogram (st, 1, c, e, 0), 0);
}
END_TEST

/* ---- the bound on stored samples ---- */

/* The distributions the folded percentiles are checked on. */
enum { DIST_EXP_50US, DIST_LOGNORMAL_20US, DIST_BIMODAL, DIST_SIGNED, DIST_LOG_WIDE, N_DISTS };

static int64_t
draw (int which, RngStream *r)
{
  static const Dist exp50 = { DIST_EXP, 50e3, 0 };
  static const Dist logn = { DIST_LOGNORMAL, 20e3, 1.5 };
  static const Dist fast = { DIST_NORMAL, 5e3, 500 };
  static const Dist slow = { DIST_NORMAL, 2e6, 2e5 };

  switch (which)
    {
    case DIST_EXP_50US:
      return dist_sample (&exp50, r);
    case DIST_LOGNORMAL_20US:
      return dist_sample (&logn, r);
    case DIST_BIMODAL:                  /* 70 % fast answers, 30 % slow ones */
      return dist_sample (rng_uniform01 (r) < 0.7 ? &fast : &slow, r);
    case DIST_SIGNED:                   /* both signs, and the exact buckets near 0 */
      return (int64_t) rng_below (r, 2000001) - 1000000;
    case DIST_LOG_WIDE:                 /* every power of two up to 2^62 */
      return (int64_t) exp (rng_uniform01 (r) * 62 * log (2.0));
    }
  ck_abort_msg ("no distribution %d", which);
  return 0;
}

static void
assert_within (int64_t got, int64_t want, const char *what, double p)
{
  double err = fabs ((double) got - (double) want);
  ck_assert_msg (err <= 0.005 * fabs ((double) want),
                 "%s p%g: %" G_GINT64_FORMAT " vs exact %" G_GINT64_FORMAT " (%.3f %%)", what, p,
                 got, want, want ? 100 * err / fabs ((double) want) : 100.0);
}

static const double some_ps[] = { 0.0001, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100 };

/* At the bound, everything is what it was before there was one: compared
 * with the sorted samples themselves. */
START_TEST (test_stats_bound_exact_up_to_it)
{
  RngStream r;
  g_autofree int64_t *xs = g_new (int64_t, STATS_EXACT_MAX);
  StatSummary sum;
  size_t n;

  rng_init (&r, 7, "check/bound");
  for (size_t i = 0; i < STATS_EXACT_MAX; i++)
    stats_add (st, xs[i] = draw (DIST_LOGNORMAL_20US, &r));
  qsort (xs, STATS_EXACT_MAX, sizeof *xs, cmp_i64);

  ck_assert (stats_exact (st));
  ck_assert_uint_eq (stats_bytes (st), STATS_EXACT_MAX * sizeof (int64_t));
  stats_summary (st, &sum);
  ck_assert_int_eq (sum.min, xs[0]);
  ck_assert_int_eq (sum.max, xs[STATS_EXACT_MAX - 1]);
  ck_assert_int_eq (sum.p50, xs[STATS_EXACT_MAX / 2 - 1]);
  ck_assert_int_eq (sum.p90, xs[STATS_EXACT_MAX / 10 * 9 - 1]);
  ck_assert_int_eq (sum.p99, xs[STATS_EXACT_MAX / 100 * 99 - 1]);
  ck_assert_int_eq (sum.p999, xs[STATS_EXACT_MAX / 1000 * 999 - 1]);
  const int64_t *v = stats_samples (st, &n);
  ck_assert_uint_eq (n, STATS_EXACT_MAX);
  ck_assert (memcmp (v, xs, n * sizeof *v) == 0);

  /* One more and the samples are folded. */
  stats_add (st, xs[0]);
  ck_assert (!stats_exact (st));
  ck_assert_uint_eq (stats_count (st), STATS_EXACT_MAX + 1);
  ck_assert_uint_lt (stats_bytes (st), STATS_EXACT_MAX * sizeof (int64_t) / 64);
}
END_TEST

/* Past the bound, on several distributions: count, min and max exact, the
 * mean as exact as before, every percentile and every value of the sample
 * view within 0.5 % of the exact one of the same rank. */
START_TEST (test_stats_bound_percentiles_within)
{
  enum { N = 3 * STATS_EXACT_MAX + 12345 };
  static const char *const names[N_DISTS] = { "exp", "lognormal", "bimodal", "signed",
                                              "log-wide" };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == N_DISTS);
  g_autofree int64_t *xs = g_new (int64_t, N);
  const char *name = names[_i];
  RngStream r;
  StatSummary sum;
  long double total = 0;
  size_t n;

  rng_init (&r, 11, name);
  for (size_t i = 0; i < N; i++)
    {
      xs[i] = draw (_i, &r);
      total += xs[i];
      stats_add (st, xs[i]);
    }
  qsort (xs, N, sizeof *xs, cmp_i64);

  ck_assert (!stats_exact (st));
  stats_summary (st, &sum);
  ck_assert_uint_eq (sum.count, N);
  ck_assert_int_eq (sum.min, xs[0]);
  ck_assert_int_eq (sum.max, xs[N - 1]);
  ck_assert_double_eq_tol (sum.mean, (double) (total / N), 1e-9 * fabsl (total / N) + 1e-6);
  assert_within (sum.p50, xs[N / 2], name, 50);
  assert_within (sum.p90, xs[(size_t) ceil (0.9 * N) - 1], name, 90);
  assert_within (sum.p99, xs[(size_t) ceil (0.99 * N) - 1], name, 99);
  assert_within (sum.p999, xs[(size_t) ceil (0.999 * N) - 1], name, 99.9);
  for (size_t k = 0; k < G_N_ELEMENTS (some_ps); k++)
    {
      double p = some_ps[k];
      size_t rank = (size_t) ceil (p * N / 100);
      assert_within (stats_percentile (st, p), xs[MAX (rank, (size_t) 1) - 1], name, p);
    }

  const int64_t *v = stats_samples (st, &n);
  ck_assert_uint_eq (n, N);
  for (size_t i = 0; i < N; i++)
    {
      /* Plain tests: a ck_assert a sample would write 3 million checkpoints. */
      if (i > 0 && v[i - 1] > v[i])
        ck_abort_msg ("%s: the view is not sorted at %zu", name, i);
      if (fabs ((double) v[i] - (double) xs[i]) > 0.005 * fabs ((double) xs[i]))
        ck_abort_msg ("%s: view[%zu] = %" G_GINT64_FORMAT ", exact %" G_GINT64_FORMAT, name, i,
                      v[i], xs[i]);
    }

  /* The plots' histogram sees every sample, from the fine buckets. */
  uint64_t c[200], seen = 0;
  int64_t e[200];
  size_t nb = stats_histogram (st, 10, c, e, G_N_ELEMENTS (c));
  ck_assert_uint_gt (nb, 0);
  for (size_t b = 0; b < nb; b++)
    seen += c[b];
  ck_assert_uint_eq (seen, N);
}
END_TEST

/* Extremes fold too: the percentiles stay within [min, max], and the ends
 * are min and max exactly. */
START_TEST (test_stats_bound_extremes)
{
  StatSummary sum;

  for (size_t i = 0; i < STATS_EXACT_MAX; i++)
    stats_add (st, i % 2 ? INT64_MAX : INT64_MIN);
  stats_add (st, 0);
  ck_assert (!stats_exact (st));
  stats_summary (st, &sum);
  ck_assert_int_eq (sum.min, INT64_MIN);
  ck_assert_int_eq (sum.max, INT64_MAX);
  /* Sorted: 500,000 times INT64_MIN, the 0 (rank 500,001), 500,000 times INT64_MAX. */
  ck_assert_int_eq (sum.p50, 0);
  assert_within (sum.p90, INT64_MAX, "extremes", 90);
  assert_within (stats_percentile (st, 10), INT64_MIN, "extremes", 10);
  ck_assert_int_eq (stats_percentile (st, 49.99), INT64_MIN);
  ck_assert_int_eq (stats_percentile (st, 0.00001), INT64_MIN);
  ck_assert_int_eq (stats_percentile (st, 100), INT64_MAX);
}
END_TEST

#ifdef __GLIBC__
static size_t
heap_in_use (void)
{
  struct mallinfo2 m = mallinfo2 ();
  return m.uordblks + m.hblkhd;
}
#endif

/* Past the bound a figure's memory does not grow with its samples, by its
 * own account and by the allocator's. */
START_TEST (test_stats_bound_memory_flat)
{
  RngStream r;
  size_t n;

  rng_init (&r, 3, "check/flat");
  for (size_t i = 0; i < STATS_EXACT_MAX + 1; i++)
    stats_add (st, draw (DIST_BIMODAL, &r));
  stats_add (st, -5);                    /* the buckets of negatives, once */
  size_t folded = stats_bytes (st);
#ifdef __GLIBC__
  size_t heap = heap_in_use ();
#endif
  for (size_t i = 0; i < 5 * STATS_EXACT_MAX; i++)
    stats_add (st, draw (i % 2 ? DIST_LOG_WIDE : DIST_SIGNED, &r));
  ck_assert_uint_eq (stats_bytes (st), folded);
#ifdef __GLIBC__
  ck_assert_uint_eq (heap_in_use (), heap);
#endif
  ck_assert_uint_lt (folded, 200 * 1024);

  /* The spelt-out view lives until the next add. */
  stats_samples (st, &n);
  ck_assert_uint_eq (n, 6 * STATS_EXACT_MAX + 2);
  ck_assert_uint_eq (stats_bytes (st), folded + n * sizeof (int64_t));
  stats_add (st, 1);
  ck_assert_uint_eq (stats_bytes (st), folded);
}
END_TEST

/* ---- confidence intervals ---- */

START_TEST (test_stats_t95_values)
{
  ck_assert_double_eq_tol (stats_t95 (1), 12.7062, 1e-4);
  ck_assert_double_eq_tol (stats_t95 (4), 2.7764, 1e-4);
  ck_assert_double_eq_tol (stats_t95 (9), 2.2622, 1e-4);  /* n = 10 */
  ck_assert_double_eq_tol (stats_t95 (30), 2.0423, 1e-4);
  ck_assert_double_eq_tol (stats_t95 (31), 2.0395, 1e-4); /* first beyond the table */
  ck_assert_double_eq_tol (stats_t95 (60), 2.0003, 1e-4);
  ck_assert_double_eq_tol (stats_t95 (120), 1.9799, 1e-4);
  ck_assert_double_eq_tol (stats_t95 (1000000), 1.95997, 1e-5);
  ck_assert (isinf (stats_t95 (0)));

  /* Decreasing towards the normal quantile, across the table's end too. */
  for (size_t v = 1; v < 2000; v++)
    ck_assert (stats_t95 (v + 1) < stats_t95 (v));
  ck_assert (stats_t95 (2000) > 1.959963);
}
END_TEST

START_TEST (test_stats_ci95)
{
  static const double xs[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  double mean, half;

  /* sd = sqrt(55 / 6); half = t(9) sd / sqrt(10). */
  stats_ci95 (xs, 10, &mean, &half);
  ck_assert_double_eq_tol (mean, 5.5, 1e-12);
  ck_assert_double_eq_tol (half, 2.262157 * sqrt (55.0 / 6.0) / sqrt (10.0), 1e-5);

  stats_ci95 (xs, 2, &mean, &half);
  ck_assert_double_eq_tol (mean, 1.5, 1e-12);
  ck_assert_double_eq_tol (half, 12.706205 * sqrt (0.5) / sqrt (2.0), 1e-5);

  stats_ci95 (xs + 4, 1, &mean, &half);
  ck_assert_double_eq (mean, 5);
  ck_assert_double_eq (half, 0);

  stats_ci95 (NULL, 0, &mean, &half);
  ck_assert_double_eq (mean, 0);
  ck_assert_double_eq (half, 0);
}
END_TEST

Suite *stats_suite (void)
{
  Suite *s = suite_create ("stats");

  TCase *tc = tcase_create ("summary");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_stats_empty);
  tcase_add_test (tc, test_stats_single);
  tcase_add_test (tc, test_stats_sample_stddev);
  tcase_add_test (tc, test_stats_welford_vs_two_pass);
  suite_add_tcase (s, tc);

  tc = tcase_create ("percentiles");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_stats_percentile_small);
  tcase_add_test (tc, test_stats_percentile_ten);
  tcase_add_test (tc, test_stats_percentile_thousand);
  tcase_add_test (tc, test_stats_percentile_float_rank);
  tcase_add_test (tc, test_stats_percentile_bounds);
  tcase_add_test (tc, test_stats_samples_insertion_order_until_summary);
  tcase_add_test (tc, test_stats_sort_matches_qsort);
  suite_add_tcase (s, tc);

  tc = tcase_create ("histogram");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_stats_histogram_decades);
  tcase_add_test (tc, test_stats_histogram_fine_edges);
  tcase_add_test (tc, test_stats_histogram_truncated);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bound");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_stats_bound_exact_up_to_it);
  tcase_add_loop_test (tc, test_stats_bound_percentiles_within, 0, N_DISTS);
  tcase_add_test (tc, test_stats_bound_extremes);
  tcase_add_test (tc, test_stats_bound_memory_flat);
  suite_add_tcase (s, tc);

  tc = tcase_create ("ci");
  tcase_add_test (tc, test_stats_t95_values);
  tcase_add_test (tc, test_stats_ci95);
  suite_add_tcase (s, tc);

  return s;
}
