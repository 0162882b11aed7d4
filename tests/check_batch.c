/* Tests of a batch of runs (sim/batch.c): means and 95 % confidence
 * intervals over replications, of stored, derived and per-cause figures.
 * The batch as a whole runs in tests/check_compare.c, through the commands. */
#include <check.h>
#include <glib.h>
#include <math.h>

#include "models/result.h"
#include "sim/batch.h"
#include "sim/figures.h"

/* Mean and CI of the figure named `key`; false if there is none. */
static bool
ci_of (const char *key, RunResult *const *runs, size_t n, double *mean, double *half)
{
  FigureId f;

  if (!figures_find (key, &f))
    return false;
  batch_figure_ci (f, runs, n, mean, half);
  return true;
}

/* ---- confidence intervals --------------------------------------------- */

START_TEST (test_ci_known_values)
{
  RunResult runs[3] = { 0 };
  RunResult *ptrs[3] = { &runs[0], &runs[1], &runs[2] };
  double mean, half;

  runs[0].faults.total = 10;
  runs[1].faults.total = 12;
  runs[2].faults.total = 14;
  ck_assert (ci_of ("faults.total", ptrs, 3, &mean, &half));
  ck_assert_double_eq_tol (mean, 12.0, 1e-12);
  /* s = 2, t(0.975, 2 dof) = 4.302653: half = 4.302653 * 2 / sqrt 3 */
  ck_assert_double_eq_tol (half, 4.968275, 1e-5);

  ck_assert (ci_of ("faults.total", ptrs, 1, &mean, &half));
  ck_assert_double_eq (mean, 10.0);
  ck_assert_double_eq (half, 0.0);
}
END_TEST

START_TEST (test_ci_of_latency_and_derived_figures)
{
  RunResult runs[2] = { 0 };
  RunResult *ptrs[2] = { &runs[0], &runs[1] };
  double mean, half;

  runs[0].faults.latency.p99 = 1000;
  runs[1].faults.latency.p99 = 3000;
  ck_assert (ci_of ("faults.latency_ns.p99", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 2000.0, 1e-9);
  /* s = 1414.21, t(1 dof) = 12.7062: half = 12.7062 * 1414.21 / sqrt 2 */
  ck_assert_double_eq_tol (half, 12706.2, 0.1);

  /* IPC messages per fault; a run without faults counts 0, not NaN. */
  runs[0].kernel.ipc = 100;
  runs[0].faults.total = 10;
  runs[1].kernel.ipc = 50;
  ck_assert (ci_of ("kernel.ipc_per_fault", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 5.0, 1e-12);
  ck_assert (isfinite (half));

  ck_assert (!ci_of ("faults.nonsense", ptrs, 2, &mean, &half));
}
END_TEST

/* The rows added for the lessons: faults resolved and the oldest still
 * open, RM sessions and their quota (C11), GUI drops by cause. */
START_TEST (test_ci_of_lesson_rows)
{
  RunResult runs[2] = { 0 };
  RunResult *ptrs[2] = { &runs[0], &runs[1] };
  DropCause causes[2][3] = {
    { { (char *) "timeout", 0 }, { (char *) "overflow", 7 }, { (char *) "dead", 0 } },
    { { (char *) "timeout", 0 }, { (char *) "overflow", 9 }, { (char *) "dead", 1 } },
  };
  double mean, half;

  for (int i = 0; i < 2; i++)
    {
      runs[i].gui.dropped_by_cause = causes[i];
      runs[i].gui.n_drop_causes = 3;
      runs[i].core.rm_sessions = 4;
      runs[i].core.quota_bytes = 262144;
      runs[i].faults.resolved = 100 + (uint64_t) i * 10;
    }
  runs[1].faults.open_max_ns = 800000000;
  ck_assert (ci_of ("gui.dropped_by_cause.overflow", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 8.0, 1e-12);
  ck_assert (ci_of ("gui.dropped_by_cause.dead", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 0.5, 1e-12);
  ck_assert (ci_of ("gui.dropped_by_cause.timeout", ptrs, 2, &mean, &half));
  ck_assert_double_eq (mean, 0.0);
  ck_assert (ci_of ("core.rm_sessions", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 4.0, 1e-12);
  ck_assert_double_eq (half, 0.0);
  ck_assert (ci_of ("core.quota_bytes", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 262144.0, 1e-9);
  ck_assert (ci_of ("faults.resolved", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 105.0, 1e-12);
  ck_assert (ci_of ("faults.open_max_ns", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 4e8, 1e-3);

  /* A run without a GUI has no causes: it dropped nothing. */
  runs[1].gui.n_drop_causes = 0;
  runs[1].gui.dropped_by_cause = NULL;
  ck_assert (ci_of ("gui.dropped_by_cause.overflow", ptrs, 2, &mean, &half));
  ck_assert_double_eq_tol (mean, 3.5, 1e-12);
}
END_TEST

Suite *
batch_suite (void)
{
  Suite *s = suite_create ("batch");
  TCase *tc;

  tc = tcase_create ("ci");
  tcase_add_test (tc, test_ci_known_values);
  tcase_add_test (tc, test_ci_of_latency_and_derived_figures);
  tcase_add_test (tc, test_ci_of_lesson_rows);
  suite_add_tcase (s, tc);
  return s;
}
