/* Tests of the JSON result (sim/report_json.c): it has the whole shape of
 * DESIGN.md even when every section is zero, its fingerprint follows the
 * figures and nothing else, and strings survive escaping. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/result.h"
#include "sim/report_json.h"
#include "tests/check_json.h"
#include "tests/report_fixture.h"

/* ---- JSON ------------------------------------------------------------- */

static const char *const latency_keys[] = {
  "count", "mean", "stddev", "min", "p50", "p90", "p99", "p999", "max",
};

static const char *const number_paths[] = {
  "seed", "sim_time_ns", "events",
  "faults.total", "faults.resolved", "faults.unresolved", "faults.open_max_ns",
  "faults.dropped", "faults.retried", "faults.system", "faults.jitter_ns",
  "faults.innocent.stalled_threads", "faults.innocent.threads", "faults.culprit.threads",
  "faults.breakdown_ns.fault_entry", "faults.breakdown_ns.pager_wait",
  "faults.breakdown_ns.manager_wait", "faults.breakdown_ns.service",
  "faults.breakdown_ns.refault", "faults.breakdown_ns.map",
  "core.pager_threads", "core.blocked_ns", "core.busy_ns", "core.max_stall_ns", "core.retry_cpu_ns",
  "core.rm_sessions", "core.quota_bytes", "core.signal_records_max", "core.signal_submits_max",
  "kernel.ipc", "kernel.signals_submitted", "kernel.signals_delivered",
  "kernel.signals_coalesced", "kernel.context_switches", "kernel.mapdb_entries_peak",
  "kernel.mapdb_bytes_peak", "kernel.revocation_ns", "kernel.rm_self_faults",
  "calls.total", "calls.completed", "calls.dropped",
  "gui.events", "gui.delivered", "gui.dropped", "gui.jitter_ns", "gui.max_freeze_ns",
  "timer.wakeups", "timer.max_error_ns", "authority.rights",
};

static const char *const latency_paths[] = {
  "faults.latency_ns", "faults.innocent.latency_ns", "faults.culprit.latency_ns",
  "calls.latency_ns", "gui.latency_ns",
};

START_TEST (test_json_zero_result_has_every_key)
{
  RunResult *r = rf_empty ();
  cJSON *root = cj_run_json (r, false);

  ck_assert (cJSON_IsString (cj_at (root, "scenario")));
  ck_assert (cJSON_IsString (cj_at (root, "strategy")));
  ck_assert (cJSON_IsString (cj_at (root, "fingerprint")));
  ck_assert (cJSON_IsString (cj_at (root, "scenario_sha256")));
  for (size_t i = 0; i < G_N_ELEMENTS (number_paths); i++)
    ck_assert_msg (cJSON_IsNumber (cj_at (root, number_paths[i])), "missing %s",
                   number_paths[i]);
  for (size_t i = 0; i < G_N_ELEMENTS (latency_paths); i++)
    for (size_t j = 0; j < G_N_ELEMENTS (latency_keys); j++)
      {
        cJSON *l = cj_at (root, latency_paths[i]);

        ck_assert_msg (cJSON_IsNumber (cJSON_GetObjectItemCaseSensitive (l, latency_keys[j])),
                       "missing %s.%s", latency_paths[i], latency_keys[j]);
      }
  ck_assert (cJSON_IsObject (cj_at (root, "gui.dropped_by_cause")));
  ck_assert (cJSON_IsArray (cj_at (root, "authority.matrix")));
  ck_assert (cJSON_IsArray (cj_at (root, "authority.kernel_features")));
  ck_assert (cJSON_IsArray (cj_at (root, "deadlocks")));
  ck_assert (cJSON_IsArray (cj_at (root, "threads")));
  ck_assert_ptr_null (cj_at (root, "wall_s"));
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "faults.total")), 0);
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_top_level_key_order)
{
  static const char *const order[] = {
    "scenario", "strategy", "seed", "sim_time_ns", "events", "fingerprint", "scenario_sha256",
    "faults", "core", "kernel", "calls", "progress", "gui", "timer", "authority", "cpus", "deadlocks",
    "threads",
    "wall_s",
  };
  RunResult *r = rf_full ();
  cJSON *root = cj_run_json (r, true);
  cJSON *item = root->child;

  for (size_t i = 0; i < G_N_ELEMENTS (order); i++, item = item->next)
    {
      ck_assert_ptr_nonnull (item);
      ck_assert_str_eq (item->string, order[i]);
    }
  ck_assert_ptr_null (item);
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_full_result_values)
{
  RunResult *r = rf_full ();
  cJSON *root = cj_run_json (r, true);
  cJSON *thread, *edge;

  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "faults.unresolved")), 10);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "gui.dropped_by_cause.timeout")),
                    15);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "gui.dropped_by_cause.overflow")),
                    5);
  ck_assert_int_eq (cJSON_GetArraySize (cj_at (root, "authority.matrix")), 2);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (
                      cJSON_GetArrayItem (cj_at (root, "authority.matrix"), 1), "target")),
                    "evil");
  edge = cJSON_GetArrayItem (cJSON_GetArrayItem (cj_at (root, "deadlocks"), 0), 1);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (edge, "why")), "fault served by");
  thread = cJSON_GetArrayItem (cj_at (root, "threads"), 1);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "role")), "pager");
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "state")),
                    "blocked_reply");
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "process")), "core");
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cJSON_GetObjectItem (thread, "priority")), 250);
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (thread, "hung")));
  thread = cJSON_GetArrayItem (cj_at (root, "threads"), 2);
  ck_assert (cJSON_IsTrue (cJSON_GetObjectItem (thread, "hung")));
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "state")), "blocked_recv");
  ck_assert_int_eq ((int64_t) cJSON_GetNumberValue (cj_at (root, "faults.open_max_ns")),
                    800000000);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "core.pager_threads")), 1);
  ck_assert (cJSON_IsNumber (cj_at (root, "wall_s")));
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_numbers_exact)
{
  RunResult *r = rf_full ();
  g_autofree char *text = NULL;

  /* Beyond a double's 53 bits: must be printed as the integer it is. */
  r->seed = UINT64_C (9223372036854775807);
  r->faults.latency.mean = 1234.56;
  r->faults.latency.stddev = NAN;
  r->wall_s = 0.25;
  text = report_json (r, true);
  ck_assert_ptr_nonnull (strstr (text, "\"seed\": 9223372036854775807,"));
  ck_assert_ptr_nonnull (strstr (text, "\"mean\": 1234.6,"));
  ck_assert_ptr_nonnull (strstr (text, "\"stddev\": null,"));
  ck_assert_ptr_nonnull (strstr (text, "\"wall_s\": 0.250"));
  ck_assert_ptr_nonnull (strstr (text, "\"total\": 1000,"));
  run_result_free (r);
}
END_TEST

START_TEST (test_json_fingerprint_stable)
{
  RunResult *r = rf_full ();
  g_autofree char *a = report_json (r, false);
  g_autofree char *b = report_json (r, false);
  g_autofree char *c = NULL;
  cJSON *root = cJSON_Parse (a);
  const char *fp = cJSON_GetStringValue (cJSON_GetObjectItem (root, "fingerprint"));
  char direct[17];

  ck_assert_str_eq (a, b);
  ck_assert_uint_eq (strlen (fp), 16);
  ck_assert_uint_eq (strspn (fp, "0123456789abcdef"), 16);
  report_json_fingerprint (r, direct);
  ck_assert_str_eq (direct, fp);
  /* The wall clock is not a figure of the run. */
  r->wall_s = 12.5;
  c = report_json (r, true);
  ck_assert_ptr_nonnull (strstr (c, fp));
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

/* FNV-1a 64, written out again so the test does not trust the writer's. */
static uint64_t
fnv1a64 (const char *s)
{
  uint64_t h = UINT64_C (14695981039346656037);

  for (; *s != '\0'; s++)
    h = (h ^ (unsigned char) *s) * UINT64_C (1099511628211);
  return h;
}

START_TEST (test_json_fingerprint_is_fnv1a_of_the_rest)
{
  RunResult *r = rf_full ();
  g_autofree char *text = report_json (r, false);
  char *line = strstr (text, "  \"fingerprint\": \"");
  char *line_end;
  char want[17];
  g_autofree char *fp = NULL;

  ck_assert_ptr_nonnull (line);
  line_end = strchr (line, '\n') + 1;
  fp = g_strndup (strchr (line, ':') + 3, 16);
  /* The hashed text is the same JSON without that line. */
  memmove (line, line_end, strlen (line_end) + 1);
  g_snprintf (want, sizeof want, "%016" G_GINT64_MODIFIER "x", fnv1a64 (text));
  ck_assert_str_eq (fp, want);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_fingerprint_follows_figures)
{
  RunResult *r = rf_full ();
  char before[17], after[17];

  report_json_fingerprint (r, before);
  r->threads[1].cpu_ns++;
  report_json_fingerprint (r, after);
  ck_assert_str_ne (before, after);
  r->threads[1].cpu_ns--;
  report_json_fingerprint (r, after);
  ck_assert_str_eq (before, after);
  r->faults.total++;
  report_json_fingerprint (r, after);
  ck_assert_str_ne (before, after);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_escapes_strings)
{
  static const char *const names[] = {
    "quote\" back\\slash", "new\nline\ttab\r", "ctl\x01\x1f end", "caf\xc3\xa9 \xe2\x86\x92 ok",
  };
  RunResult *r = rf_full ();

  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    {
      cJSON *root;

      g_free (r->scenario);
      r->scenario = g_strdup (names[i]);
      g_free (r->threads[0].name);
      r->threads[0].name = g_strdup (names[i]);
      root = cj_run_json (r, false);
      ck_assert_str_eq (cJSON_GetStringValue (cj_at (root, "scenario")), names[i]);
      ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (
                          cJSON_GetArrayItem (cj_at (root, "threads"), 0), "name")), names[i]);
      cJSON_Delete (root);
    }
  run_result_free (r);
}
END_TEST

START_TEST (test_json_escapes_control_characters)
{
  RunResult *r = rf_empty ();
  g_autofree char *text = NULL;

  /* cJSON accepts raw control characters, so look at the bytes. */
  g_free (r->scenario);
  r->scenario = g_strdup ("a\x01" "b\x1f" "c\n");
  text = report_json (r, false);
  ck_assert_ptr_nonnull (strstr (text, "\"scenario\": \"a\\u0001b\\u001fc\\n\","));
  for (const char *p = text; *p != '\0'; p++)
    ck_assert_msg ((unsigned char) *p >= 0x20 || *p == '\n', "raw control byte in the JSON");
  run_result_free (r);
}
END_TEST

START_TEST (test_json_invalid_utf8_still_parses)
{
  RunResult *r = rf_empty ();
  g_autofree char *text = NULL;
  cJSON *root;

  g_free (r->scenario);
  r->scenario = g_strdup ("bad\xff\xfe byte");
  text = report_json (r, false);
  ck_assert (g_utf8_validate (text, -1, NULL));
  root = cJSON_Parse (text);
  ck_assert_ptr_nonnull (root);
  ck_assert_ptr_nonnull (strstr (cJSON_GetStringValue (cj_at (root, "scenario")), " byte"));
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

Suite *report_json_suite (void)
{
  Suite *s = suite_create ("report_json");
  TCase *tc;

  tc = tcase_create ("json");
  tcase_add_test (tc, test_json_zero_result_has_every_key);
  tcase_add_test (tc, test_json_top_level_key_order);
  tcase_add_test (tc, test_json_full_result_values);
  tcase_add_test (tc, test_json_numbers_exact);
  tcase_add_test (tc, test_json_fingerprint_stable);
  tcase_add_test (tc, test_json_fingerprint_is_fnv1a_of_the_rest);
  tcase_add_test (tc, test_json_fingerprint_follows_figures);
  tcase_add_test (tc, test_json_escapes_strings);
  tcase_add_test (tc, test_json_escapes_control_characters);
  tcase_add_test (tc, test_json_invalid_utf8_still_parses);
  suite_add_tcase (s, tc);
  return s;
}
