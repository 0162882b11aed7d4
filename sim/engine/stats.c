/* Summaries of durations: running figures (Welford mean and variance, min,
 * max) updated on every add, and the samples themselves for exact
 * percentiles and histograms, up to STATS_EXACT_MAX of them.
 *
 * The samples are sorted lazily, in place, when a percentile is asked for,
 * and only the part added since the last sort is sorted: it is then merged
 * into the sorted prefix, so a run that asks for a summary now and then
 * does not pay a full sort each time.  Sorting is an LSD radix sort on
 * bytes (skipping the bytes all samples share, such as the high bytes of
 * nanosecond latencies), several times faster than qsort for the millions
 * of samples a long run collects.
 *
 * Past STATS_EXACT_MAX samples a figure folds them into a histogram whose
 * buckets are those of a floating-point number with a 7-bit mantissa
 * (HdrHistogram's layout): magnitudes below 256 have a bucket each, and
 * each power of two above has 128 equal buckets, so a bucket's width is
 * at most 1/128 of its low edge and its middle is within 1/256 of every
 * value in it.  The bucket is found with one count of leading zeros, no
 * search, and memory stops growing with the run: 58 KiB for the buckets
 * of samples >= 0, as much again once a negative one comes.  Rejected: a
 * bounded reservoir (random error, not a bound), and a t-digest (a bound
 * on ranks, not on values, and no simpler here).
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

/* The folded histogram: STATS_FOLD_SUB = 2^STATS_FOLD_BITS buckets per
 * power of two from 2 STATS_FOLD_SUB on, one per value below. */
#define STATS_FOLD_BITS 7
#define STATS_FOLD_BINS (2 * STATS_FOLD_SUB + (63 - STATS_FOLD_BITS) * STATS_FOLD_SUB)
G_STATIC_ASSERT (STATS_FOLD_SUB == 1 << STATS_FOLD_BITS);

typedef struct {
  uint64_t pos[STATS_FOLD_BINS];  /* samples >= 0, by bucket of the value */
  uint64_t *neg;                  /* samples < 0, by bucket of the magnitude; NULL until one */
  int64_t *view;                  /* stats_samples' spelt-out histogram, NULL when stale */
} StatsFold;

struct _Stats {
  union {              /* which: n <= STATS_EXACT_MAX */
    int64_t *v;        /* the samples; [0, n_sorted) is sorted */
    StatsFold *fold;   /* past the bound: the histogram */
  };
  size_t n;
  size_t cap;          /* of v */
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
  if (s->n > STATS_EXACT_MAX)
    {
      g_free (s->fold->neg);
      g_free (s->fold->view);
      g_free (s->fold);
    }
  else
    g_free (s->v);
  g_free (s);
}

/* The bucket of magnitude m: m itself below 2 SUB; above, the octave and
 * the STATS_FOLD_BITS bits after the leading one. */
static inline size_t
stats_bin (uint64_t m)
{
  if (m < 2 * STATS_FOLD_SUB)
    return (size_t) m;
  int b = 63 - __builtin_clzll (m);               /* m >= 2^(BITS + 1) */
  int shift = b - STATS_FOLD_BITS;
  return 2 * STATS_FOLD_SUB + (size_t) (b - STATS_FOLD_BITS - 1) * STATS_FOLD_SUB
         + (size_t) ((m >> shift) - STATS_FOLD_SUB);
}

/* The magnitude bucket i stands for: its low edge plus half its width
 * (rounded down), within 1/(2 SUB) of every magnitude in the bucket. */
static uint64_t
stats_bin_middle (size_t i)
{
  if (i < 2 * STATS_FOLD_SUB)
    return i;
  size_t j = i - 2 * STATS_FOLD_SUB;
  int shift = (int) (j / STATS_FOLD_SUB) + 1;
  uint64_t lo = (uint64_t) (j % STATS_FOLD_SUB + STATS_FOLD_SUB) << shift;
  return lo + ((UINT64_C (1) << shift) - 1) / 2;
}

/* The buckets in the order of the values they hold: positions
 * [0, BINS) are the negative buckets, largest magnitude first, and
 * [BINS, 2 BINS) the others, smallest first. */
static size_t
stats_position (int64_t x)
{
  if (x < 0)
    return STATS_FOLD_BINS - 1 - stats_bin ((uint64_t) (-(x + 1)) + 1);
  return STATS_FOLD_BINS + stats_bin ((uint64_t) x);
}

static uint64_t
stats_position_count (const StatsFold *f, size_t p)
{
  if (p >= STATS_FOLD_BINS)
    return f->pos[p - STATS_FOLD_BINS];
  return f->neg != NULL ? f->neg[STATS_FOLD_BINS - 1 - p] : 0;
}

/* The value position p stands for, kept within [min, max] (which only
 * brings it nearer to the samples it stands for, all of them in range). */
static int64_t
stats_position_value (size_t p, int64_t min, int64_t max)
{
  int64_t v;

  if (p >= STATS_FOLD_BINS)
    {
      uint64_t m = stats_bin_middle (p - STATS_FOLD_BINS);
      v = m > (uint64_t) INT64_MAX ? INT64_MAX : (int64_t) m;
    }
  else
    {
      uint64_t m = stats_bin_middle (STATS_FOLD_BINS - 1 - p);
      v = m > (uint64_t) INT64_MAX ? INT64_MIN : -(int64_t) m;
    }
  return CLAMP (v, min, max);
}

static void
stats_fold_add (StatsFold *f, int64_t x)
{
  if (x >= 0)
    {
      f->pos[stats_bin ((uint64_t) x)]++;
      return;
    }
  if (f->neg == NULL)
    f->neg = g_new0 (uint64_t, STATS_FOLD_BINS);
  f->neg[stats_bin ((uint64_t) (-(x + 1)) + 1)]++;
}

/* The sample past STATS_EXACT_MAX: every sample so far goes into the
 * histogram, and the samples are let go. */
static void
stats_fold (Stats *s)
{
  StatsFold *f = g_new0 (StatsFold, 1);

  for (size_t i = 0; i < s->n; i++)
    stats_fold_add (f, s->v[i]);
  g_free (s->v);
  s->fold = f;
  s->cap = s->n_sorted = 0;
}

void
stats_add (Stats *s, int64_t x)
{
  g_return_if_fail (s != NULL);

  if (G_LIKELY (s->n < STATS_EXACT_MAX))
    {
      if (s->n == s->cap)
        {
          s->cap = s->cap ? MIN (s->cap * 2, (size_t) STATS_EXACT_MAX) : 64;
          s->v = g_renew (int64_t, s->v, s->cap);
        }
      s->v[s->n] = x;
    }
  else
    {
      if (s->n == STATS_EXACT_MAX)
        stats_fold (s);
      g_clear_pointer (&s->fold->view, g_free);
      stats_fold_add (s->fold, x);
    }
  s->n++;

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

bool
stats_exact (const Stats *s)
{
  g_return_val_if_fail (s != NULL, true);
  return s->n <= STATS_EXACT_MAX;
}

size_t
stats_bytes (const Stats *s)
{
  g_return_val_if_fail (s != NULL, 0);

  if (s->n <= STATS_EXACT_MAX)
    return s->cap * sizeof *s->v;
  return sizeof *s->fold + (s->fold->neg != NULL ? STATS_FOLD_BINS * sizeof (uint64_t) : 0)
         + (s->fold->view != NULL ? s->n * sizeof (int64_t) : 0);
}

/* The view is a cache: building it changes nothing a caller can see
 * through the other functions, hence the const. */
const int64_t *
stats_samples (const Stats *s, size_t *n)
{
  g_return_val_if_fail (s != NULL, NULL);

  if (n != NULL)
    *n = s->n;
  if (s->n <= STATS_EXACT_MAX)
    return s->v;

  StatsFold *f = s->fold;
  if (f->view == NULL)
    {
      size_t k = 0;

      f->view = g_new (int64_t, s->n);
      for (size_t p = stats_position (s->min), end = stats_position (s->max); p <= end; p++)
        {
          uint64_t c = stats_position_count (f, p);
          int64_t v = c ? stats_position_value (p, s->min, s->max) : 0;

          for (uint64_t j = 0; j < c; j++)
            f->view[k++] = v;
        }
      g_assert (k == s->n);
    }
  return f->view;
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

/* The values of ascending ranks (1-based) ranks[0, k) from the histogram:
 * one walk over the buckets.  The first and the last rank are min and max,
 * exactly. */
static void
stats_fold_ranks (const Stats *s, const size_t *ranks, size_t k, int64_t *out)
{
  const StatsFold *f = s->fold;
  size_t p = stats_position (s->min), end = stats_position (s->max);
  uint64_t below = 0;           /* samples in the buckets before p */

  for (size_t i = 0; i < k; i++)
    {
      if (ranks[i] <= 1 || ranks[i] >= s->n)
        {
          out[i] = ranks[i] <= 1 ? s->min : s->max;
          continue;
        }
      while (p < end && below + stats_position_count (f, p) < ranks[i])
        below += stats_position_count (f, p++);
      out[i] = stats_position_value (p, s->min, s->max);
    }
}

int64_t
stats_percentile (Stats *s, double p)
{
  g_return_val_if_fail (s != NULL, 0);

  if (s->n == 0)
    return 0;
  size_t rank = stats_rank (p, s->n);
  if (s->n > STATS_EXACT_MAX)
    {
      int64_t v;

      stats_fold_ranks (s, &rank, 1, &v);
      return v;
    }
  stats_sort (s);
  return s->v[rank - 1];
}

void
stats_summary (Stats *s, StatSummary *out)
{
  g_return_if_fail (s != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  if (s->n == 0)
    return;
  out->count = s->n;
  out->mean = s->shift + s->mean;
  out->stddev = s->n > 1 ? sqrt (s->m2 / (double) (s->n - 1)) : 0.0;
  out->min = s->min;
  out->max = s->max;

  const size_t ranks[] = { stats_rank (50, s->n), stats_rank (90, s->n), stats_rank (99, s->n),
                           stats_rank (99.9, s->n) };
  int64_t v[G_N_ELEMENTS (ranks)];
  if (s->n > STATS_EXACT_MAX)
    stats_fold_ranks (s, ranks, G_N_ELEMENTS (ranks), v);
  else
    {
      stats_sort (s);
      for (size_t i = 0; i < G_N_ELEMENTS (ranks); i++)
        v[i] = s->v[ranks[i] - 1];
    }
  out->p50 = v[0];
  out->p90 = v[1];
  out->p99 = v[2];
  out->p999 = v[3];
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
  bool exact = s->n <= STATS_EXACT_MAX;
  if (exact)
    stats_sort (s);

  /* Buckets up to the one holding the largest sample; 10^18.9 is the last
   * edge below INT64_MAX for any per_decade. */
  int64_t top = s->max;
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

  /* One walk over the sorted samples, or the fine buckets in order. */
  size_t b = 0;
  if (exact)
    for (size_t i = 0; i < s->n; i++)
      {
        while (b + 1 < nb && s->v[i] >= edges[b + 1])
          b++;
        counts[b]++;
      }
  else
    for (size_t p = stats_position (s->min), end = stats_position (s->max); p <= end; p++)
      {
        uint64_t c = stats_position_count (s->fold, p);
        if (c == 0)
          continue;
        int64_t v = stats_position_value (p, s->min, s->max);
        while (b + 1 < nb && v >= edges[b + 1])
          b++;
        counts[b] += c;
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
