/* What a study asks of a batch beyond its means (see batch.h): whether a
 * difference between two designs is real, whether the runs are enough, and
 * where the warm-up ends.
 *
 * Paired differences: replication r of every strategy runs on the same
 * seed, so the random streams (arrivals, service times) are the same, and
 * x_a - x_b per seed removes what the seed does to both: the interval of
 * those differences is far tighter than two intervals side by side.
 *
 * The precision rule is checked at a given number of replications over the
 * first that many only, so where it stops does not depend on how many runs
 * were under way when it was met (--jobs). */
#include "sim/batch.h"

#include <math.h>

#include "sim/engine/stats.h"

size_t
batch_headline (const Batch *b, FigureId *out)
{
  size_t n = 0;

  for (size_t k = 0; k < b->n_compared; k++)
    if (batch_figure_shown (b, b->compared[k]))
      out[n++] = b->compared[k];
  return n;
}

BatchPair
batch_pair (const Batch *b, size_t value, size_t a, size_t bs, FigureId f)
{
  g_autofree double *xa = g_new (double, MAX (b->runs, (size_t) 1));
  g_autofree double *xb = g_new (double, MAX (b->runs, (size_t) 1));
  BatchPair p = { .value = value, .a = a, .b = bs, .figure = f };

  for (size_t r = 0; r < b->runs; r++)
    {
      const BatchSlot *sa = batch_slot (b, value, a, r), *sb = batch_slot (b, value, bs, r);

      if (sa->state != BATCH_SLOT_DONE || sb->state != BATCH_SLOT_DONE)
        continue;
      xa[p.n] = sa->values[f];
      xb[p.n++] = sb->values[f];
    }
  if (p.n == 0)
    {
      p.mean = p.half = NAN;
      return p;
    }
  stats_paired_ci95 (xa, xb, p.n, &p.mean, &p.half);
  /* With one seed there is no interval to exclude anything. */
  p.significant = p.n >= 2 && fabs (p.mean) > p.half;
  return p;
}

GArray *
batch_pairs (const Batch *b)
{
  FigureId head[FIG_COUNT];
  size_t n_head;
  GArray *pairs;

  if (b->runs < 2)
    return NULL;
  n_head = batch_headline (b, head);
  pairs = g_array_new (FALSE, FALSE, sizeof (BatchPair));
  for (size_t v = 0; v < b->n_values; v++)
    for (size_t a = 0; a < b->n_strategies; a++)
      for (size_t bs = a + 1; bs < b->n_strategies; bs++)
        for (size_t k = 0; k < n_head; k++)
          {
            BatchPair p = batch_pair (b, v, a, bs, head[k]);

            g_array_append_val (pairs, p);
          }
  return pairs;
}

/* ---- precision -------------------------------------------------------- */

/* Mean and half-width of figure f of (v, s) over its first `runs`
 * replications. */
static void
batch_ci_first (const Batch *b, size_t v, size_t s, FigureId f, size_t runs, double *xs,
                double *mean, double *half)
{
  size_t n = 0;

  for (size_t r = 0; r < runs; r++)
    if (batch_slot (b, v, s, r)->state == BATCH_SLOT_DONE)
      xs[n++] = batch_slot (b, v, s, r)->values[f];
  stats_ci95 (xs, n, mean, half);
}

/* How far the half-width is from the rule: its share of the mean (0 for
 * 0 ± 0, infinite for a mean of 0 with an interval). */
static double
batch_share (double mean, double half)
{
  if (half == 0)
    return 0;
  return mean == 0 ? INFINITY : half / fabs (mean);
}

bool
batch_precision_met (Batch *b, size_t runs)
{
  g_autofree double *xs = g_new (double, MAX (runs, (size_t) 1));
  g_autofree double *mean = g_new (double, b->n_values * b->n_strategies);
  g_autofree double *half = g_new (double, b->n_values * b->n_strategies);
  double worst = 0;
  bool met = true;

  for (size_t k = 0; k < b->n_compared; k++)
    {
      FigureId f = b->compared[k];
      bool shown = figures[f].show == FIGURE_SHOW_ALWAYS && batch_on_topic (b, figures[f].topic);

      /* The same figures the tables show, over these runs. */
      for (size_t v = 0; v < b->n_values; v++)
        for (size_t s = 0; s < b->n_strategies; s++)
          {
            size_t i = v * b->n_strategies + s;

            batch_ci_first (b, v, s, f, runs, xs, &mean[i], &half[i]);
            shown = shown || mean[i] != 0;
          }
      if (!shown)
        continue;
      for (size_t v = 0; v < b->n_values; v++)
        for (size_t s = 0; s < b->n_strategies; s++)
          {
            size_t i = v * b->n_strategies + s;
            double share = batch_share (mean[i], half[i]);

            if (share <= b->precision)
              continue;
            if (met || share > worst)
              {
                worst = share;
                b->precision_worst = f;
                b->precision_worst_value = v;
                b->precision_worst_strategy = s;
                b->precision_worst_share = share;
                b->precision_worst_runs = runs;
              }
            met = false;
          }
    }
  return met;
}

/* ---- warm-up ---------------------------------------------------------- */

int64_t
batch_warmup_of (const RunResult *r)
{
  g_autofree double *lat = NULL;
  size_t n = r->faults.n_series, cut;

  if (n == 0)
    return -1;
  lat = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    lat[i] = (double) r->faults.series[2 * i + 1];
  cut = stats_mser5 (lat, n);
  return cut == 0 ? 0 : r->faults.series[2 * (cut - 1)];
}
