/* Tests of sim/engine/rng.c: the generator against its reference outputs, how
 * streams derive from (seed, name), and every distribution's sample mean
 * against its true mean over 10^6 draws.  Seeds are fixed, so every figure
 * here is deterministic: a tolerance that holds once holds always. */
#include <check.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "sim/engine/rng.h"

#define N_DRAWS 1000000

/* Mean of n draws of d from a stream of seed 7 named `name`; also the least draw. */
static double
sample_mean (Dist d, const char *name, int64_t *least)
{
  RngStream r;
  double sum = 0;
  int64_t lo = INT64_MAX;

  rng_init (&r, 7, name);
  for (int i = 0; i < N_DRAWS; i++)
    {
      int64_t x = dist_sample (&d, &r);
      sum += (double) x;
      if (x < lo)
        lo = x;
    }
  if (least != NULL)
    *least = lo;
  return sum / N_DRAWS;
}

static void
assert_within_1pc (double got, double want)
{
  ck_assert_msg (fabs (got - want) <= 0.01 * fabs (want),
                 "sample mean %.3f, true mean %.3f: off by %.3f %%",
                 got, want, 100 * (got - want) / want);
}

/* ---- streams ---- */

START_TEST (test_rng_xoshiro_reference)
{
  /* First outputs of the reference xoshiro256** from state {1, 2, 3, 4}. */
  static const uint64_t want[] = {
    11520u, 0u, 1509978240u, 1215971899390074240u, 1216172134540287360u,
    607988272756665600u,
  };
  RngStream r = { { 1, 2, 3, 4 } };

  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    ck_assert_uint_eq (rng_next (&r), want[i]);
}
END_TEST

START_TEST (test_rng_derivation_stable)
{
  /* The (seed, name) -> stream mapping is part of the result format: every
   * published result depends on it.  Values computed independently from the
   * definition (splitmix64 of mix(seed) ^ mix(fnv1a(name) + golden)). */
  RngStream r;

  rng_init (&r, 42, "managers/swap");
  ck_assert_uint_eq (rng_next (&r), UINT64_C (0xa07d77df7131c560));
  ck_assert_uint_eq (rng_next (&r), UINT64_C (0xbe91ff50775c0afe));
  ck_assert_uint_eq (rng_next (&r), UINT64_C (0x966877c33f898b68));
}
END_TEST

START_TEST (test_rng_reproducible)
{
  RngStream a, b;

  rng_init (&a, 1234, "threads/app.worker[0]");
  rng_init (&b, 1234, "threads/app.worker[0]");
  int differ = 0;
  for (int i = 0; i < 10000; i++)
    differ += rng_next (&a) != rng_next (&b);
  ck_assert_int_eq (differ, 0);
  ck_assert_mem_eq (&a, &b, sizeof a);
}
END_TEST

/* Two streams share nothing: a word of one shows up among the first 1000
 * words of the other only by a 2^-44 chance. */
static void
assert_streams_differ (RngStream *a, RngStream *b)
{
  uint64_t xa[1000], xb[1000];

  for (int i = 0; i < 1000; i++)
    {
      xa[i] = rng_next (a);
      xb[i] = rng_next (b);
    }
  /* Plain comparisons: a Check assertion per pair would cost a syscall. */
  int shared = 0;
  for (int i = 0; i < 1000; i++)
    for (int j = 0; j < 1000; j++)
      shared += xa[i] == xb[j];
  ck_assert_int_eq (shared, 0);
}

START_TEST (test_rng_names_independent)
{
  /* Neighbouring names hash to neighbouring values: the derivation must
   * still give unrelated (not shifted) streams. */
  static const char *const names[] = { "thread/1", "thread/2", "thread/3", "a", "b", "" };
  for (size_t i = 0; i < 6; i++)
    for (size_t j = i + 1; j < 6; j++)
      {
        RngStream a, b;
        rng_init (&a, 1, names[i]);
        rng_init (&b, 1, names[j]);
        assert_streams_differ (&a, &b);
      }
}
END_TEST

START_TEST (test_rng_seeds_independent)
{
  RngStream a, b;

  rng_init (&a, 1, "gui");
  rng_init (&b, 2, "gui");
  assert_streams_differ (&a, &b);
}
END_TEST

START_TEST (test_rng_adding_stream_changes_nothing)
{
  RngStream alone, with, other;
  uint64_t want[100];

  rng_init (&alone, 9, "managers/swap");
  for (int i = 0; i < 100; i++)
    want[i] = rng_next (&alone);

  /* The same stream, with another created before it and drawn from in
   * between its draws. */
  rng_init (&other, 9, "managers/evil");
  rng_init (&with, 9, "managers/swap");
  for (int i = 0; i < 100; i++)
    {
      rng_next (&other);
      ck_assert_uint_eq (rng_next (&with), want[i]);
      rng_next (&other);
    }
}
END_TEST

START_TEST (test_rng_null_name_is_empty)
{
  RngStream a, b;

  rng_init (&a, 5, NULL);
  rng_init (&b, 5, "");
  ck_assert_mem_eq (&a, &b, sizeof a);
}
END_TEST

/* ---- uniform ---- */

START_TEST (test_rng_uniform01_range_and_mean)
{
  RngStream r;
  double sum = 0, lo = 1, hi = 0;

  rng_init (&r, 3, "u");
  for (int i = 0; i < N_DRAWS; i++)
    {
      double u = rng_uniform01 (&r);
      lo = fmin (lo, u);
      hi = fmax (hi, u);
      sum += u;
    }
  ck_assert (lo >= 0.0 && lo < 1e-5);
  ck_assert (hi < 1.0 && hi > 1 - 1e-5);
  ck_assert_double_eq_tol (sum / N_DRAWS, 0.5, 0.002);
}
END_TEST

START_TEST (test_rng_below_range_and_spread)
{
  enum { N = 7 };
  RngStream r;
  uint64_t count[N + 1] = { 0 };

  rng_init (&r, 3, "below");
  for (int i = 0; i < 700000; i++)
    {
      uint64_t x = rng_below (&r, N);
      count[x < N ? x : N]++;
    }
  ck_assert_uint_eq (count[N], 0);
  /* 100000 expected each; the standard deviation is ~300. */
  for (int i = 0; i < N; i++)
    ck_assert_msg (count[i] > 98500 && count[i] < 101500, "value %d drawn %llu times",
                   i, (unsigned long long) count[i]);
  ck_assert_uint_eq (rng_below (&r, 1), 0);

  /* A bound that is not a power of two and near 2^64, where plain `% n`
   * would be most biased: values must still stay below it. */
  uint64_t big = UINT64_MAX / 3 * 2;
  int above = 0;
  for (int i = 0; i < 1000; i++)
    above += rng_below (&r, big) >= big;
  ck_assert_int_eq (above, 0);
}
END_TEST

/* ---- distributions ---- */

START_TEST (test_dist_const)
{
  RngStream r;
  Dist d = dist_const (1234.4);

  rng_init (&r, 1, "c");
  ck_assert_int_eq (dist_sample (&d, &r), 1234);
  ck_assert_int_eq (dist_sample (&d, &r), 1234);
  ck_assert_double_eq (dist_mean (&d), 1234.4);

  Dist neg = dist_const (-5);
  ck_assert_int_eq (dist_sample (&neg, &r), 0);
}
END_TEST

START_TEST (test_dist_uniform_mean)
{
  Dist d = { DIST_UNIFORM, 1000, 3000 };
  int64_t least;

  ck_assert_double_eq (dist_mean (&d), 2000);
  assert_within_1pc (sample_mean (d, "uniform", &least), 2000);
  ck_assert_int_ge (least, 1000);
}
END_TEST

START_TEST (test_dist_exp_mean)
{
  Dist d = { DIST_EXP, 5000, 0 };

  ck_assert_double_eq (dist_mean (&d), 5000);
  assert_within_1pc (sample_mean (d, "exp", NULL), 5000);
}
END_TEST

START_TEST (test_dist_normal_mean)
{
  /* Mean 10 sd from 0: truncation does not matter. */
  Dist d = { DIST_NORMAL, 10000, 1000 };

  ck_assert_double_eq_tol (dist_mean (&d), 10000, 1e-6);
  assert_within_1pc (sample_mean (d, "normal", NULL), 10000);
}
END_TEST

START_TEST (test_dist_normal_shape)
{
  /* The mean alone would not notice a wrong spread or a lopsided shape:
   * sd within 1 %, and 68.27 % of the mass within one sd of the mean. */
  Dist d = { DIST_NORMAL, 100000, 1000 };
  RngStream r;
  double sum = 0, sq = 0;
  int inside = 0;

  rng_init (&r, 7, "normal/shape");
  for (int i = 0; i < N_DRAWS; i++)
    {
      double x = (double) dist_sample (&d, &r) - 100000;
      sum += x;
      sq += x * x;
      inside += fabs (x) <= 1000;
    }
  double mean = sum / N_DRAWS;
  double sd = sqrt (sq / N_DRAWS - mean * mean);
  assert_within_1pc (sd, 1000);
  ck_assert_double_eq_tol ((double) inside / N_DRAWS, 0.682689, 0.002);
}
END_TEST

START_TEST (test_dist_normal_truncated_mean)
{
  /* N(1000, 1000^2) conditioned on x >= 0: mean + sd phi(1) / Phi(1), with
   * phi(1) = 0.24197072451914337 and Phi(1) = 0.8413447460685429. */
  double want = 1000 + 1000 * 0.24197072451914337 / 0.8413447460685429;
  Dist d = { DIST_NORMAL, 1000, 1000 };
  int64_t least;

  ck_assert_double_eq_tol (dist_mean (&d), want, 1e-6);
  assert_within_1pc (sample_mean (d, "normal/trunc", &least), want);
  ck_assert_int_ge (least, 0);
}
END_TEST

START_TEST (test_dist_normal_negative_mean)
{
  /* Mean 2 sd below 0: only 2.3 % of the untruncated mass remains, so this
   * goes through the tail sampler.  phi(2) = 0.05399096651318806,
   * 1 - Phi(2) = 0.022750131948179195. */
  double want = -2000 + 1000 * 0.05399096651318806 / 0.022750131948179195;
  Dist d = { DIST_NORMAL, -2000, 1000 };
  int64_t least;

  ck_assert_double_eq_tol (dist_mean (&d), want, 1e-6);
  assert_within_1pc (sample_mean (d, "normal/tail", &least), want);
  ck_assert_int_ge (least, 0);

  /* So far out that redrawing would never end, and erfc underflows: the
   * mean is sd^2 / |mean| to first order. */
  Dist far = { DIST_NORMAL, -1e6, 1000 };
  ck_assert_double_eq_tol (dist_mean (&far), 1.0, 0.001);
  RngStream r;
  int64_t lo = INT64_MAX;
  rng_init (&r, 1, "far");
  for (int i = 0; i < 1000; i++)
    lo = MIN (lo, dist_sample (&far, &r));
  ck_assert_int_ge (lo, 0);
  ck_assert_int_le (lo, 1);
}
END_TEST

START_TEST (test_dist_lognormal_mean)
{
  Dist d = { DIST_LOGNORMAL, 1000, 0.5 };
  double want = 1000 * exp (0.125);

  ck_assert_double_eq_tol (dist_mean (&d), want, 1e-9);
  assert_within_1pc (sample_mean (d, "lognormal", NULL), want);
}
END_TEST

START_TEST (test_dist_pareto_mean)
{
  Dist d = { DIST_PARETO, 1000, 3 };
  int64_t least;

  ck_assert_double_eq_tol (dist_mean (&d), 1500, 1e-9);
  assert_within_1pc (sample_mean (d, "pareto", &least), 1500);
  ck_assert_int_ge (least, 1000);

  Dist heavy = { DIST_PARETO, 1000, 1 };
  ck_assert (isinf (dist_mean (&heavy)));
  Dist heavier = { DIST_PARETO, 1000, 0.5 };
  ck_assert (isinf (dist_mean (&heavier)));
}
END_TEST

START_TEST (test_dist_pareto_tail_saturates)
{
  /* alpha 0.01: most draws are far beyond 2^63 ns; they must saturate, not
   * wrap to negative. */
  Dist d = { DIST_PARETO, 1000, 0.01 };
  RngStream r;
  int saturated = 0;

  rng_init (&r, 1, "tail");
  int64_t lo = INT64_MAX;
  for (int i = 0; i < 1000; i++)
    {
      int64_t x = dist_sample (&d, &r);
      lo = MIN (lo, x);
      saturated += x == INT64_MAX;
    }
  ck_assert_int_ge (lo, 1000);
  ck_assert_int_gt (saturated, 500);
}
END_TEST

START_TEST (test_dist_sample_reproducible)
{
  Dist d = { DIST_LOGNORMAL, 5000, 1 };
  RngStream a, b;

  rng_init (&a, 11, "x");
  rng_init (&b, 11, "x");
  int differ = 0;
  for (int i = 0; i < 1000; i++)
    differ += dist_sample (&d, &a) != dist_sample (&d, &b);
  ck_assert_int_eq (differ, 0);
}
END_TEST

Suite *rng_suite (void)
{
  Suite *s = suite_create ("rng");

  TCase *tc = tcase_create ("streams");
  tcase_add_test (tc, test_rng_xoshiro_reference);
  tcase_add_test (tc, test_rng_derivation_stable);
  tcase_add_test (tc, test_rng_reproducible);
  tcase_add_test (tc, test_rng_names_independent);
  tcase_add_test (tc, test_rng_seeds_independent);
  tcase_add_test (tc, test_rng_adding_stream_changes_nothing);
  tcase_add_test (tc, test_rng_null_name_is_empty);
  suite_add_tcase (s, tc);

  tc = tcase_create ("uniform");
  tcase_add_test (tc, test_rng_uniform01_range_and_mean);
  tcase_add_test (tc, test_rng_below_range_and_spread);
  suite_add_tcase (s, tc);

  tc = tcase_create ("distributions");
  tcase_add_test (tc, test_dist_const);
  tcase_add_test (tc, test_dist_uniform_mean);
  tcase_add_test (tc, test_dist_exp_mean);
  tcase_add_test (tc, test_dist_normal_mean);
  tcase_add_test (tc, test_dist_normal_shape);
  tcase_add_test (tc, test_dist_normal_truncated_mean);
  tcase_add_test (tc, test_dist_normal_negative_mean);
  tcase_add_test (tc, test_dist_lognormal_mean);
  tcase_add_test (tc, test_dist_pareto_mean);
  tcase_add_test (tc, test_dist_pareto_tail_saturates);
  tcase_add_test (tc, test_dist_sample_reproducible);
  suite_add_tcase (s, tc);

  return s;
}
