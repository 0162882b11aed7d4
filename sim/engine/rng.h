/* Random streams and distributions.  Every component draws from its own
 * stream, derived from the scenario seed and a stable name ("managers/swap"),
 * so adding a component never changes what the others draw, and two
 * strategies run on the same scenario see common random numbers.
 * Generator: xoshiro256**, seeded through splitmix64. */
#ifndef MKSIM_RNG_H
#define MKSIM_RNG_H

#include <stdint.h>

typedef struct {
  uint64_t s[4];
} RngStream;

typedef enum {
  DIST_CONST,      /* a = value */
  DIST_UNIFORM,    /* a = low, b = high */
  DIST_EXP,        /* a = mean */
  DIST_NORMAL,     /* a = mean, b = sd; truncated at 0 by redrawing */
  DIST_LOGNORMAL,  /* a = median, b = sigma */
  DIST_PARETO,     /* a = minimum, b = alpha */
} DistKind;

/* A distribution of durations in nanoseconds. */
typedef struct {
  DistKind kind;
  double a, b;
} Dist;

void     rng_init (RngStream *r, uint64_t seed, const char *name);
uint64_t rng_next (RngStream *r);
double   rng_uniform01 (RngStream *r);          /* in [0, 1) */
uint64_t rng_below (RngStream *r, uint64_t n);  /* uniform in [0, n), n > 0 */

static inline Dist dist_const (double ns) { return (Dist) { DIST_CONST, ns, 0 }; }
/* One draw, rounded to whole nanoseconds, never negative. */
int64_t  dist_sample (const Dist *d, RngStream *r);
/* The mean of the distribution as sampled (infinite pareto means give INFINITY). */
double   dist_mean (const Dist *d);

#endif
