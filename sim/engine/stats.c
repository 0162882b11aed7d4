/* Summaries of durations: running figures (Welford mean and variance, min,
 * max) updated on every add, and the samples themselves for exact
 * percentiles and histograms.
 *
 * The samples are sorted lazily, in place, when a percentile is asked for,
 * and only the part added since the last sort is sorted: it is then merged
 * into the sorted prefix, so a run that asks for a summary now and then
 * does not pay a full sort each time.  Sorting is an LSD radix sort on
 * bytes (skipping the bytes all samples share, such as the high bytes of
 * nanosecond latencies), several times faster than qsort for the millions
 * of samples a long run collects.
 *
 * Welford's update runs on the samples less the first one: the rounding
 * of the running mean then scales with the spread of the samples, not with
 * their size (latencies measured from a large time origin stay exact).
 *
 * The standard deviation is the sample one (divisor n - 1): a run's
 * latencies are a sample of what the modelled system would do, and the
 * replication CIs need the same estimator.  It is 0 for fewer than two
 * samples. */
#include "sim/engine/stats.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#define STATS_RADIX_MIN 256        /* below this, insertion/qsort is faster */
#define STATS_T_TABLE   30         /* dof with an exact entry in t95_table */

struct _Stats {
  int64_t *v;          /* the samples; [0, n_sorted) is sorted */
  size_t n;
  size_t cap;
  size_t n_sorted;
  double shift;        /* the first sample: Welford runs on x - shift */
  double mean;         /* Welford running mean of x - shift */
  double m2;           /* Welford sum of squared deviations */
  int64_t min, max;
};

Stats *
stats_new (void)
{
  return g_new0 (Stats, 1);
}

void
stats_free (Stats *s)
{
  if (s == NULL)
    return;
  g_free (s->v);
  g_free (s);
}

void
stats_add (Stats *s, int64_t x)
{
  g_return_if_fail (s != NULL);

  if (s->n == s->cap)
    {
      s->cap = s->cap ? s->cap * 2 : 64;
      s->v = g_renew (int64_t, s->v, s->cap);
    }
  s->v[s->n++] = x;

  if (s->n == 1)
    {
      s->min = s->max = x;
      s->shift = (double) x;
    }
  else
    {
      if (x < s->min)
        s->min = x;
      if (x > s->max)
        s->max = x;
    }
  double y = (double) x - s->shift;
  double delta = y - s->mean;
  s->mean += delta / (double) s->n;
  s->m2 += delta * (y - s->mean);
}

uint64_t
stats_count (const Stats *s)
{
  g_return_val_if_fail (s != NULL, 0);
  return s->n;
}

const int64_t *
stats_samples (const Stats *s, size_t *n)
{
  g_return_val_if_fail (s != NULL, NULL);

  if (n != NULL)
    *n = s->n;
  return s->v;
}

static int
stats_cmp_i64 (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
  return (x > y) - (x < y);
}

/* Sorts v[0, n) using tmp[0, n) as scratch. */
static void
stats_radix_sort (int64_t *v, int64_t *tmp, size_t n)
{
  enum { BYTES = 8, BUCKETS = 256 };
  static const uint64_t sign = UINT64_C (1) << 63;   /* makes signed order unsigned */
  size_t (*count)[BUCKETS] = g_malloc0 (sizeof (size_t[BYTES][BUCKETS]));

  for (size_t i = 0; i < n; i++)
    {
      uint64_t k = (uint64_t) v[i] ^ sign;
      for (int b = 0; b < BYTES; b++)
        count[b][(k >> (8 * b)) & 0xff]++;
    }

  int64_t *src = v, *dst = tmp;
  for (int b = 0; b < BYTES; b++)
    {
      size_t *c = count[b];
      uint64_t first = (((uint64_t) src[0] ^ sign) >> (8 * b)) & 0xff;
      if (c[first] == n)
        continue;                   /* every sample has this byte: no-op pass */
      size_t sum = 0;
      for (int d = 0; d < BUCKETS; d++)
        {
          size_t t = c[d];
          c[d] = sum;
          sum += t;
        }
      for (size_t i = 0; i < n; i++)
        {
          uint64_t d = (((uint64_t) src[i] ^ sign) >> (8 * b)) & 0xff;
          dst[c[d]++] = src[i];
        }
      int64_t *t = src;
      src = dst;
      dst = t;
    }
  if (src != v)
    memcpy (v, src, n * sizeof *v);
  g_free (count);
}

/* Sorts the samples added since the last sort and merges them into the
 * sorted prefix. */
static void
stats_sort (Stats *s)
{
  if (s->n_sorted == s->n)
    return;

  size_t head = s->n_sorted;
  size_t tail = s->n - head;
  int64_t *t = s->v + head;
  g_autofree int64_t *tmp = g_new (int64_t, tail);   /* radix and merge scratch */

  if (tail >= STATS_RADIX_MIN)
    stats_radix_sort (t, tmp, tail);
  else
    qsort (t, tail, sizeof *t, stats_cmp_i64);

  if (head > 0 && t[0] < s->v[head - 1])
    {
      /* Merge from the back, so the prefix needs no room of its own. */
      memcpy (tmp, t, tail * sizeof *t);
      size_t i = head, j = tail, k = s->n;
      while (j > 0)
        {
          if (i > 0 && s->v[i - 1] > tmp[j - 1])
            s->v[--k] = s->v[--i];
          else
            s->v[--k] = tmp[--j];
        }
    }
  s->n_sorted = s->n;
}

/* Rank (1-based) of the nearest-rank p-th percentile of n values: the
 * smallest k with k >= p n / 100.  p n / 100 is snapped to an integer it is
 * within rounding error of, so p = 99.9, n = 1000 gives rank 999, not 1000. */
static size_t
stats_rank (double p, size_t n)
{
  if (!(p > 0))
    return 1;
  if (p >= 100)
    return n;
  double r = p * (double) n / 100.0;
  double k = nearbyint (r);
  double rank = fabs (r - k) <= 1e-9 * fmax (1.0, r) ? k : ceil (r);
  if (rank < 1)
    return 1;
  if (rank > (double) n)
    return n;
  return (size_t) rank;
}

int64_t
stats_percentile (Stats *s, double p)
{
  g_return_val_if_fail (s != NULL, 0);

  if (s->n == 0)
    return 0;
  stats_sort (s);
  return s->v[stats_rank (p, s->n) - 1];
}

void
stats_summary (Stats *s, StatSummary *out)
{
  g_return_if_fail (s != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  if (s->n == 0)
    return;
  stats_sort (s);
  out->count = s->n;
  out->mean = s->shift + s->mean;
  out->stddev = s->n > 1 ? sqrt (s->m2 / (double) (s->n - 1)) : 0.0;
  out->min = s->min;
  out->max = s->max;
  out->p50 = s->v[stats_rank (50, s->n) - 1];
  out->p90 = s->v[stats_rank (90, s->n) - 1];
  out->p99 = s->v[stats_rank (99, s->n) - 1];
  out->p999 = s->v[stats_rank (99.9, s->n) - 1];
}

/* The smallest integer >= 10^(i / per_decade), with 10^k exactly 10^k. */
static int64_t
stats_edge (size_t i, int per_decade)
{
  double x = pow (10.0, (double) i / per_decade);
  double k = nearbyint (x);
  return (int64_t) (fabs (x - k) <= 1e-9 * x ? k : ceil (x));
}

/* Samples below 1 ns are counted in the first bucket; samples beyond the
 * last bucket that fits in `max` are counted in that last bucket. */
size_t
stats_histogram (Stats *s, int per_decade, uint64_t *counts, int64_t *edges, size_t max)
{
  g_return_val_if_fail (s != NULL, 0);
  g_return_val_if_fail (per_decade > 0, 0);
  g_return_val_if_fail (max == 0 || (counts != NULL && edges != NULL), 0);

  if (s->n == 0 || max == 0)
    return 0;
  stats_sort (s);

  /* Buckets up to the one holding the largest sample; 10^18.9 is the last
   * edge below INT64_MAX for any per_decade. */
  int64_t top = s->v[s->n - 1];
  size_t nb = 0;
  while (nb < max)
    {
      double e = (double) nb / per_decade;
      if (nb > 0 && (e > 18.9 || stats_edge (nb, per_decade) > top))
        break;
      edges[nb] = stats_edge (nb, per_decade);
      counts[nb] = 0;
      nb++;
    }

  /* One walk over the sorted samples. */
  size_t b = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      while (b + 1 < nb && s->v[i] >= edges[b + 1])
        b++;
      counts[b]++;
    }
  return nb;
}

/* Two-sided 95 % critical values of Student's t, t_{0.975, dof}. */
static const double t95_table[STATS_T_TABLE + 1] = {
  INFINITY,
  12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
  2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
  2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
  2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
  2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
};

/* dof 0 gives INFINITY (no interval).  Beyond the table: the Cornish-Fisher expansion of the t quantile around the
 * normal one (Abramowitz and Stegun 26.7.5), within 3e-8 from 31 dof on. */
double
stats_t95 (size_t dof)
{
  if (dof <= STATS_T_TABLE)
    return t95_table[dof];

  const double z = 1.959963984540054;   /* the normal 0.975 quantile */
  double z2 = z * z, v = (double) dof;
  double g1 = (z2 + 1) * z / 4;
  double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
}

void
stats_ci95 (const double *xs, size_t n, double *mean, double *half)
{
  g_return_if_fail (n == 0 || xs != NULL);

  double m = 0, ss = 0;
  for (size_t i = 0; i < n; i++)
    m += xs[i];
  if (n > 0)
    m /= (double) n;
  for (size_t i = 0; i < n; i++)
    ss += (xs[i] - m) * (xs[i] - m);

  if (mean != NULL)
    *mean = m;
  if (half != NULL)
    *half = n < 2 ? 0.0 : stats_t95 (n - 1) * sqrt (ss / (double) (n - 1)) / sqrt ((double) n);
}

void
stats_paired_ci95 (const double *a, const double *b, size_t n, double *mean, double *half)
{
  g_return_if_fail (n == 0 || (a != NULL && b != NULL));

  double *d = g_new (double, MAX (n, (size_t) 1));
  for (size_t i = 0; i < n; i++)
    d[i] = a[i] - b[i];
  stats_ci95 (d, n, mean, half);
  g_free (d);
}

/* MSER-5 (White, 1997): the series is cut into batches of 5 and averaged;
 * the truncation point d (in batches) minimises the squared standard error
 * of the mean of what is kept, sum over i >= d of (z_i - mean)^2 / (k-d)^2.
 * Only the first half is searched: past it the estimate rests on too few
 * batches to mean anything, and a minimum there says the series is not
 * long enough, not that the warm-up is that long. */
size_t
stats_mser5 (const double *xs, size_t n)
{
  g_return_val_if_fail (n == 0 || xs != NULL, 0);

  size_t k = n / STATS_MSER_BATCH;
  if (k < 2)
    return 0;

  double *z = g_new (double, k);
  for (size_t i = 0; i < k; i++)
    {
      double s = 0;
      for (size_t j = 0; j < STATS_MSER_BATCH; j++)
        s += xs[i * STATS_MSER_BATCH + j];
      z[i] = s / STATS_MSER_BATCH;
    }
  /* Sums from the end, so each truncation point costs O(1). */
  double sum = 0, sum2 = 0, best = INFINITY;
  size_t best_d = 0;
  double *tail = g_new (double, 2 * (k + 1));
  tail[2 * k] = tail[2 * k + 1] = 0;
  for (size_t i = k; i-- > 0;)
    {
      sum += z[i];
      sum2 += z[i] * z[i];
      tail[2 * i] = sum;
      tail[2 * i + 1] = sum2;
    }
  for (size_t d = 0; d <= k / 2; d++)
    {
      double m = (double) (k - d);
      double mean = tail[2 * d] / m;
      double ss = MAX (tail[2 * d + 1] - m * mean * mean, 0.0);
      double mser = ss / (m * m);

      if (mser < best)
        {
          best = mser;
          best_d = d;
        }
    }
  g_free (tail);
  g_free (z);
  return best_d * STATS_MSER_BATCH;
}
