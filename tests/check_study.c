/* Tests of what a study asks beyond means (sim/batch_study.c, the
 * statistics in sim/engine/stats.c, --precision, --shard and --precision
 * parsing in sim/compare.c, the progress line of sim/progress.c): paired
 * differences are the mean and interval of the per-seed differences, a
 * strategy paired with itself gives 0 ± 0, intervals shrink as runs grow,
 * MSER-5 finds a transient, and --precision stops at the first number of
 * runs that meets it, whatever --jobs.  Shards, merge and --resume run in
 * tests/cli.sh. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "models/config.h"
#include "sim/batch.h"
#include "sim/compare.h"
#include "sim/engine/stats.h"
#include "sim/figures.h"
#include "sim/progress.h"

/* ---- a batch made by hand --------------------------------------------- */

#define HAND_RUNS 5

/* Two strategies, HAND_RUNS seeds, one figure (fault latency mean) set per
 * slot to `a[r]` and `b[r]`. */
static void
hand_batch (Batch *b, const double *xa, const double *xb)
{
  *b = (Batch) { .n_values = 1, .n_strategies = 2, .runs = HAND_RUNS,
                 .strategies = { STRATEGY_ASYNC_SIGNAL, STRATEGY_SYNC_RPC } };
  b->n_slots = 2 * HAND_RUNS;
  b->slots = g_new0 (BatchSlot, b->n_slots);
  for (size_t s = 0; s < 2; s++)
    for (size_t r = 0; r < HAND_RUNS; r++)
      {
        BatchSlot *slot = batch_slot (b, 0, s, r);

        slot->state = BATCH_SLOT_DONE;
        slot->values = g_new0 (double, FIG_COUNT);
        slot->values[FIG_LATENCY_MEAN] = s == 0 ? xa[r] : xb[r];
      }
}

static void
hand_batch_free (Batch *b)
{
  for (size_t i = 0; i < b->n_slots; i++)
    g_free (b->slots[i].values);
  g_free (b->slots);
}

START_TEST (test_paired_mean_is_mean_of_differences)
{
  /* The two move together seed by seed: their own intervals overlap, the
   * interval of their differences does not include 0. */
  const double xa[HAND_RUNS] = { 100, 140, 90, 160, 120 };
  const double xb[HAND_RUNS] = { 104, 146, 93, 165, 123 };
  double d[HAND_RUNS], mean, half, ma, ha, mb, hb;
  Batch b;
  BatchPair p;

  hand_batch (&b, xa, xb);
  for (int r = 0; r < HAND_RUNS; r++)
    d[r] = xa[r] - xb[r];
  stats_ci95 (d, HAND_RUNS, &mean, &half);
  p = batch_pair (&b, 0, 0, 1, FIG_LATENCY_MEAN);
  ck_assert_uint_eq (p.n, HAND_RUNS);
  ck_assert_double_eq_tol (p.mean, -4.2, 1e-12);
  ck_assert_double_eq_tol (p.mean, mean, 1e-12);
  ck_assert_double_eq_tol (p.half, half, 1e-12);
  ck_assert (p.significant);
  stats_ci95 (xa, HAND_RUNS, &ma, &ha);
  stats_ci95 (xb, HAND_RUNS, &mb, &hb);
  ck_assert (fabs (ma - mb) < ha + hb);        /* the plain intervals overlap */
  ck_assert (p.half < ha / 5);                 /* pairing is far tighter */

  /* b - a is the mirror image. */
  p = batch_pair (&b, 0, 1, 0, FIG_LATENCY_MEAN);
  ck_assert_double_eq_tol (p.mean, 4.2, 1e-12);
  ck_assert_double_eq_tol (p.half, half, 1e-12);
  hand_batch_free (&b);
}
END_TEST

START_TEST (test_paired_with_itself_is_zero)
{
  const double xa[HAND_RUNS] = { 100, 140, 90, 160, 120 };
  Batch b;
  BatchPair p;

  hand_batch (&b, xa, xa);
  p = batch_pair (&b, 0, 0, 0, FIG_LATENCY_MEAN);
  ck_assert_double_eq (p.mean, 0.0);
  ck_assert_double_eq (p.half, 0.0);
  ck_assert (!p.significant);
  hand_batch_free (&b);
}
END_TEST

START_TEST (test_paired_skips_seeds_not_done)
{
  const double xa[HAND_RUNS] = { 1, 2, 3, 4, 5 };
  const double xb[HAND_RUNS] = { 0, 0, 0, 0, 100 };
  Batch b;
  BatchPair p;

  hand_batch (&b, xa, xb);
  batch_slot (&b, 0, 1, 4)->state = BATCH_SLOT_WAITING;   /* seed 5 of b never ran */
  p = batch_pair (&b, 0, 0, 1, FIG_LATENCY_MEAN);
  ck_assert_uint_eq (p.n, 4);
  ck_assert_double_eq_tol (p.mean, 2.5, 1e-12);
  batch_slot (&b, 0, 1, 4)->state = BATCH_SLOT_DONE;
  hand_batch_free (&b);
}
END_TEST

START_TEST (test_paired_needs_two_seeds)
{
  double a = 1, c = 3, mean, half;

  stats_paired_ci95 (&a, &c, 1, &mean, &half);
  ck_assert_double_eq (mean, -2.0);
  ck_assert_double_eq (half, 0.0);
}
END_TEST

/* ---- MSER-5 ----------------------------------------------------------- */

START_TEST (test_mser5_cuts_a_transient)
{
  double xs[1000];

  /* 100 observations far above the level the rest settles at. */
  for (int i = 0; i < 1000; i++)
    xs[i] = (i < 100 ? 50.0 : 10.0) + (i % 7) * 0.1;
  ck_assert_uint_ge (stats_mser5 (xs, 1000), 100);
  ck_assert_uint_le (stats_mser5 (xs, 1000), 120);
  /* A flat series needs no warm-up. */
  for (int i = 0; i < 1000; i++)
    xs[i] = 10.0 + (i % 7) * 0.1;
  ck_assert_uint_le (stats_mser5 (xs, 1000), 5);
  /* Too short to tell. */
  ck_assert_uint_eq (stats_mser5 (xs, 9), 0);
  ck_assert_uint_eq (stats_mser5 (NULL, 0), 0);
}
END_TEST

START_TEST (test_warmup_is_the_end_of_the_last_fault_cut)
{
  int64_t series[2 * 200];
  RunResult r = { 0 };

  for (int i = 0; i < 200; i++)
    {
      series[2 * i] = (i + 1) * 1000;            /* ends every µs */
      series[2 * i + 1] = i < 20 ? 90000 : 1000 + (i % 3);
    }
  r.faults.series = series;
  r.faults.n_series = 200;
  ck_assert_int_eq (batch_warmup_of (&r), 20 * 1000);
  r.faults.n_series = 0;
  ck_assert_int_eq (batch_warmup_of (&r), -1);
}
END_TEST

/* ---- options ---------------------------------------------------------- */

START_TEST (test_shard_and_precision_parse)
{
  g_autoptr (GError) error = NULL;
  size_t i, n;
  double share;

  ck_assert (compare_parse_shard ("2/3", &i, &n, NULL));
  ck_assert_uint_eq (i, 2);
  ck_assert_uint_eq (n, 3);
  ck_assert (!compare_parse_shard ("4/3", &i, &n, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "4/3"));
  for (const char *bad[] = { "0/3", "1/0", "3", "a/b", "1/2/3", "", "-1/2", NULL }, **s = bad;
       *s != NULL; s++)
    ck_assert_msg (!compare_parse_shard (*s, &i, &n, NULL), "'%s' accepted", *s);

  ck_assert (compare_parse_precision ("5%", &share, NULL));
  ck_assert_double_eq_tol (share, 0.05, 1e-15);
  ck_assert (compare_parse_precision ("2.5", &share, NULL));
  ck_assert_double_eq_tol (share, 0.025, 1e-15);
  for (const char *bad[] = { "0%", "0", "100%", "-5%", "five", "%", "", NULL }, **s = bad;
       *s != NULL; s++)
    ck_assert_msg (!compare_parse_precision (*s, &share, NULL), "'%s' accepted", *s);
}
END_TEST

START_TEST (test_progress_line_fits)
{
  g_autofree char *line = progress_line (12, 40, 7.2, 80);
  g_autofree char *narrow = progress_line (12, 40, 7.2, 20);
  g_autofree char *done = progress_line (40, 40, 3725, 80);

  ck_assert_ptr_nonnull (strstr (line, "12/40 runs"));
  ck_assert_ptr_nonnull (strstr (line, "0:07 elapsed"));
  ck_assert_ptr_nonnull (strstr (line, "0:17 left"));   /* 7.2 s for 12: 16.8 s for 28 */
  ck_assert_uint_le (strlen (line), 79);
  ck_assert_uint_le (strlen (narrow), 19);
  ck_assert_ptr_null (strstr (done, "left"));
  ck_assert_ptr_nonnull (strstr (done, "1:02:05 elapsed"));
}
END_TEST

START_TEST (test_progress_silent_off_a_terminal)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "mksim-progress-XXXXXX", NULL);
  int fd = g_mkstemp (path);
  FILE *f = fdopen (fd, "w+");
  Progress *p;
  long size;

  ck_assert_ptr_nonnull (f);
  p = progress_new (f);
  ck_assert (!progress_enabled (p));
  progress_update (p, 1, 2);
  progress_end (p);
  progress_free (p);
  fflush (f);
  size = ftell (f);
  fclose (f);
  g_unlink (path);
  ck_assert_int_eq (size, 0);
}
END_TEST

/* ---- studies that run ------------------------------------------------- */

static const char scenario[] =
  "{ \"name\": \"study-small\", \"seed\": 3, \"duration\": \"30ms\",\n"
  "  \"managers\": [ { \"name\": \"swap\", \"priority\": 100, \"service\": { \"exp\": \"20us\" } } ],\n"
  "  \"dataspaces\": [ { \"name\": \"heap\", \"pages\": 64, \"manager\": \"swap\", \"resident\": 16 } ],\n"
  "  \"processes\": [ { \"name\": \"app\", \"threads\": [\n"
  "    { \"name\": \"worker\", \"count\": 2, \"priority\": 50, \"program\": [\n"
  "      { \"repeat\": \"forever\", \"do\": [\n"
  "        { \"compute\": { \"exp\": \"200us\" } },\n"
  "        { \"touch\": { \"dataspace\": \"heap\", \"pattern\": \"random\" } } ] } ] } ] } ] }\n";

static char *tmpdir, *scenario_path;

static void
study_setup (void)
{
  tmpdir = g_dir_make_tmp ("mksim-study-XXXXXX", NULL);
  ck_assert_ptr_nonnull (tmpdir);
  scenario_path = g_build_filename (tmpdir, "s.json", NULL);
  ck_assert (g_file_set_contents (scenario_path, scenario, -1, NULL));
}

static void
study_teardown (void)
{
  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&scenario_path, g_free);
}

/* compare on the scenario with the given options and "-q --json OUT";
 * returns the JSON, parsed. */
static cJSON *
study_compare (const char *out, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (tmpdir, out, NULL);
  g_autofree char *text = NULL;
  g_autofree char **view = NULL;
  va_list ap;
  int argc, status;

  g_ptr_array_add (args, g_strdup ("compare"));
  g_ptr_array_add (args, g_strdup (scenario_path));
  va_start (ap, out);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (args, g_strdup ("-q"));
  g_ptr_array_add (args, g_strdup ("--json"));
  g_ptr_array_add (args, g_strdup (path));
  argc = (int) args->len;
  g_ptr_array_add (args, NULL);
  view = g_memdup2 (args->pdata, sizeof (char *) * args->len);
  status = compare_main (argc, view);
  ck_assert_int_eq (status, 0);
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  return cJSON_Parse (text);
}

static const cJSON *
summary_of (const cJSON *json, const char *strategy, const char *key)
{
  return cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (json, "summary"),
                                                   strategy), key);
}

START_TEST (test_ci_shrinks_as_runs_grow)
{
  cJSON *few = study_compare ("few.json", "--strategies", "async-signal", "--runs", "3", NULL);
  cJSON *many = study_compare ("many.json", "--strategies", "async-signal", "--runs", "30",
                               NULL);
  double h3 = cJSON_GetObjectItem (summary_of (few, "async-signal", "faults.latency_ns.mean"),
                                   "ci95")->valuedouble;
  double h30 = cJSON_GetObjectItem (summary_of (many, "async-signal", "faults.latency_ns.mean"),
                                    "ci95")->valuedouble;

  /* The spread of 3 runs is itself uncertain, but t(2) is 4.3 against
   * t(29) 2.05, and 30 runs divide by sqrt 30 rather than sqrt 3. */
  ck_assert_msg (h30 < 0.8 * h3, "ci95 %g with 30 runs, %g with 3", h30, h3);
  cJSON_Delete (few);
  cJSON_Delete (many);
}
END_TEST

/* Is every summary figure shown within `share` of its mean? */
static bool
summary_within (const cJSON *json, double share)
{
  const cJSON *st, *fig;

  cJSON_ArrayForEach (st, cJSON_GetObjectItem (json, "summary"))
    cJSON_ArrayForEach (fig, st)
      {
        double mean = cJSON_GetObjectItem (fig, "mean")->valuedouble;
        double half = cJSON_GetObjectItem (fig, "ci95")->valuedouble;

        /* The JSON rounds to three decimals. */
        if (half > share * fabs (mean) + 2e-3)
          return false;
      }
  return true;
}

START_TEST (test_precision_stops_where_it_says)
{
  cJSON *one = study_compare ("p1.json", "--strategies", "async-signal,sync-rpc",
                              "--precision", "30%", "--jobs", "1", NULL);
  cJSON *two = study_compare ("p2.json", "--strategies", "async-signal,sync-rpc",
                              "--precision", "30%", "--jobs", "2", NULL);
  g_autofree char *t1 = cJSON_Print (one), *t2 = cJSON_Print (two);
  int runs = cJSON_GetObjectItem (one, "runs")->valueint;
  g_autofree char *fewer = g_strdup_printf ("%d", runs - 1);
  cJSON *before;

  ck_assert (cJSON_IsTrue (cJSON_GetObjectItem (one, "precision_reached")));
  ck_assert_int_gt (runs, 2);
  ck_assert_int_eq (cJSON_GetArraySize (cJSON_GetObjectItem (one, "results")), 2 * runs);
  ck_assert (summary_within (one, 0.30));
  /* One replication fewer does not meet it: it stopped at the first that did. */
  before = study_compare ("p0.json", "--strategies", "async-signal,sync-rpc", "--runs", fewer,
                          NULL);
  ck_assert (!summary_within (before, 0.30));
  /* Where it stops does not depend on --jobs. */
  ck_assert_str_eq (t1, t2);
  cJSON_Delete (one);
  cJSON_Delete (two);
  cJSON_Delete (before);
}
END_TEST

START_TEST (test_precision_bounded_by_max_runs)
{
  cJSON *json = study_compare ("pm.json", "--strategies", "async-signal", "--precision", "0.01%",
                               "--max-runs", "4", NULL);

  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (json, "precision_reached")));
  ck_assert_int_eq (cJSON_GetObjectItem (json, "runs")->valueint, 4);
  ck_assert_int_eq (cJSON_GetArraySize (cJSON_GetObjectItem (json, "results")), 4);
  cJSON_Delete (json);
}
END_TEST

START_TEST (test_paired_json_matches_results)
{
  cJSON *json = study_compare ("pair.json", "--strategies", "async-signal,sync-rpc", "--runs",
                               "4", NULL);
  const cJSON *results = cJSON_GetObjectItem (json, "results"), *p;
  double sum = 0;
  bool found = false;

  /* Results are in slot order: async-signal's 4 seeds, then sync-rpc's. */
  for (int r = 0; r < 4; r++)
    sum += cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetArrayItem (results, r), "faults"),
                                "total")->valuedouble
           - cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetArrayItem (results, 4 + r),
                                                       "faults"), "total")->valuedouble;
  cJSON_ArrayForEach (p, cJSON_GetObjectItem (json, "paired"))
    if (strcmp (cJSON_GetObjectItem (p, "metric")->valuestring, "faults.total") == 0)
      {
        ck_assert_str_eq (cJSON_GetObjectItem (p, "a")->valuestring, "async-signal");
        ck_assert_str_eq (cJSON_GetObjectItem (p, "b")->valuestring, "sync-rpc");
        ck_assert_double_eq_tol (cJSON_GetObjectItem (p, "mean")->valuedouble, sum / 4, 1e-3);
        ck_assert (cJSON_IsBool (cJSON_GetObjectItem (p, "significant")));
        found = true;
      }
  ck_assert (found);
  ck_assert (cJSON_IsNumber (cJSON_GetObjectItem (cJSON_GetObjectItem (json,
                                                                       "warmup_suggested_ns"),
                                                  "async-signal")));
  cJSON_Delete (json);
}
END_TEST

Suite *
study_suite (void)
{
  Suite *s = suite_create ("study");
  TCase *tc;

  tc = tcase_create ("paired");
  tcase_add_test (tc, test_paired_mean_is_mean_of_differences);
  tcase_add_test (tc, test_paired_with_itself_is_zero);
  tcase_add_test (tc, test_paired_skips_seeds_not_done);
  tcase_add_test (tc, test_paired_needs_two_seeds);
  suite_add_tcase (s, tc);

  tc = tcase_create ("warmup");
  tcase_add_test (tc, test_mser5_cuts_a_transient);
  tcase_add_test (tc, test_warmup_is_the_end_of_the_last_fault_cut);
  suite_add_tcase (s, tc);

  tc = tcase_create ("options");
  tcase_add_test (tc, test_shard_and_precision_parse);
  tcase_add_test (tc, test_progress_line_fits);
  tcase_add_test (tc, test_progress_silent_off_a_terminal);
  suite_add_tcase (s, tc);

  tc = tcase_create ("runs");
  tcase_add_checked_fixture (tc, study_setup, study_teardown);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_ci_shrinks_as_runs_grow);
  tcase_add_test (tc, test_precision_stops_where_it_says);
  tcase_add_test (tc, test_precision_bounded_by_max_runs);
  tcase_add_test (tc, test_paired_json_matches_results);
  suite_add_tcase (s, tc);
  return s;
}
