/* Random streams and distributions of durations.
 *
 * A stream's state is four words of splitmix64 output, started from a mix of
 * the run's seed and the 64-bit FNV-1a hash of the stream's name.  Both are
 * put through the splitmix64 finaliser before they are combined: names such
 * as "thread/1" and "thread/2" hash to nearby values, and nearby splitmix64
 * starting points would give overlapping (shifted) states.  A stream depends
 * on nothing but (seed, name), so creating, or drawing from, another stream
 * never changes it.
 *
 * Generator: xoshiro256** (Blackman and Vigna), 2^256 - 1 period, passes
 * BigCrush; its state is the RngStream struct itself, owned by the caller. */
#include "sim/engine/rng.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#define RNG_FNV_OFFSET 0xcbf29ce484222325ULL
#define RNG_FNV_PRIME  0x100000001b3ULL
#define RNG_GOLDEN     0x9e3779b97f4a7c15ULL

static uint64_t
rng_fnv1a (const char *s)
{
  uint64_t h = RNG_FNV_OFFSET;

  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    {
      h ^= *p;
      h *= RNG_FNV_PRIME;
    }
  return h;
}

/* The splitmix64 output function: a bijection that spreads every input bit. */
static uint64_t
rng_mix (uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t
rng_splitmix_next (uint64_t *state)
{
  *state += RNG_GOLDEN;
  return rng_mix (*state);
}

static inline uint64_t
rng_rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
rng_init (RngStream *r, uint64_t seed, const char *name)
{
  g_return_if_fail (r != NULL);

  uint64_t sm = rng_mix (seed) ^ rng_mix (rng_fnv1a (name != NULL ? name : "") + RNG_GOLDEN);
  for (int i = 0; i < 4; i++)
    r->s[i] = rng_splitmix_next (&sm);
  /* Four consecutive splitmix64 outputs are never all zero (the finaliser is
   * a bijection and its inputs differ), so the state is a valid one. */
}

uint64_t
rng_next (RngStream *r)
{
  uint64_t *s = r->s;
  uint64_t result = rng_rotl (s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rng_rotl (s[3], 45);
  return result;
}

double
rng_uniform01 (RngStream *r)
{
  return (double) (rng_next (r) >> 11) * 0x1.0p-53;
}

/* Rejection of the few values that would make `% n` biased. */
uint64_t
rng_below (RngStream *r, uint64_t n)
{
  g_return_val_if_fail (n > 0, 0);

  uint64_t threshold = -n % n;      /* 2^64 mod n */
  for (;;)
    {
      uint64_t x = rng_next (r);
      if (x >= threshold)
        return x % n;
    }
}

/* In (0, 1]: safe under log(). */
static inline double
rng_open01 (RngStream *r)
{
  return 1.0 - rng_uniform01 (r);
}

/* A standard normal (Box-Muller; the second variate is dropped because the
 * stream has nowhere to keep it without changing the RngStream type). */
static double
rng_std_normal (RngStream *r)
{
  double u = rng_open01 (r);
  double v = rng_uniform01 (r);
  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* A standard normal conditioned on z >= lo, for lo > 0, by Robert's (1995)
 * exponential rejection sampler: the same distribution as redrawing, but
 * with bounded expected work however far out lo is (acceptance >= 76 %). */
static double
rng_std_normal_tail (RngStream *r, double lo)
{
  double lambda = 0.5 * (lo + sqrt (lo * lo + 4.0));
  for (;;)
    {
      double z = lo - log (rng_open01 (r)) / lambda;
      double d = z - lambda;
      if (rng_uniform01 (r) <= exp (-0.5 * d * d))
        return z;
    }
}

static double
dist_normal_truncated (double mean, double sd, RngStream *r)
{
  if (!(sd > 0))
    return mean;
  if (mean >= 0)
    {
      /* Redrawing the negatives: at least one draw in two is accepted. */
      for (;;)
        {
          double x = mean + sd * rng_std_normal (r);
          if (x >= 0)
            return x;
        }
    }
  return mean + sd * rng_std_normal_tail (r, -mean / sd);
}

int64_t
dist_sample (const Dist *d, RngStream *r)
{
  g_return_val_if_fail (d != NULL && r != NULL, 0);

  double x = 0;
  switch (d->kind)
    {
    case DIST_CONST:
      x = d->a;
      break;
    case DIST_UNIFORM:
      x = d->a + (d->b - d->a) * rng_uniform01 (r);
      break;
    case DIST_EXP:
      x = -d->a * log (rng_open01 (r));
      break;
    case DIST_NORMAL:
      x = dist_normal_truncated (d->a, d->b, r);
      break;
    case DIST_LOGNORMAL:
      x = d->a * exp (d->b * rng_std_normal (r));
      break;
    case DIST_PARETO:
      x = d->a * pow (rng_open01 (r), -1.0 / d->b);
      break;
    }
  if (!(x > 0))                     /* negative, zero, or NaN */
    return 0;
  if (x >= 0x1.0p63)                /* a pareto tail beyond the int64 range */
    return INT64_MAX;
  return (int64_t) llround (x);
}

/* The rounding to whole nanoseconds is ignored here: its effect on the mean
 * is a fraction of a nanosecond. */
double
dist_mean (const Dist *d)
{
  g_return_val_if_fail (d != NULL, 0);

  switch (d->kind)
    {
    case DIST_CONST:
      return d->a > 0 ? d->a : 0;
    case DIST_UNIFORM:
      return 0.5 * (d->a + d->b);
    case DIST_EXP:
      return d->a > 0 ? d->a : 0;
    case DIST_NORMAL:
      {
        if (!(d->b > 0))
          return d->a > 0 ? d->a : 0;
        /* Mean of N(a, b^2) conditioned on x >= 0: a + b phi(c) / (1 - Phi(c)),
         * c = -a/b.  erfc keeps the tail probability accurate far out. */
        double c = -d->a / d->b;
        if (c > 30)
          {
            /* Far out, a + b phi/(1 - Phi) cancels badly and erfc underflows
             * near c = 38; the asymptotic series of phi/(1 - Phi) - c is
             * good to 1e-9 relative from here on. */
            double c2 = c * c;
            return d->b / c * (1 - 2 / c2 + 10 / (c2 * c2) - 74 / (c2 * c2 * c2));
          }
        double tail = 0.5 * erfc (c / G_SQRT2);
        double pdf = exp (-0.5 * c * c) / sqrt (2.0 * G_PI);
        return d->a + d->b * pdf / tail;
      }
    case DIST_LOGNORMAL:
      return d->a * exp (0.5 * d->b * d->b);
    case DIST_PARETO:
      if (d->b > 1)
        return d->a * d->b / (d->b - 1);
      return INFINITY;
    }
  g_assert_not_reached ();
}
