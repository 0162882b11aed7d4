/* Tests of the text report (sim/report.c): it names what matters, leaves
 * out what does not apply, and writes durations in human units. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/result.h"
#include "sim/report.h"
#include "tests/check_json.h"
#include "tests/report_fixture.h"

/* ---- text ------------------------------------------------------------- */

/* The text report, newly allocated (g_free). */
static char *
text_of (const RunResult *r)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  char *text;

  report_text (f, r, 0);
  fclose (f);
  text = g_strndup (buf, len);
  free (buf);
  return text;
}

START_TEST (test_text_names_deadlock_in_words)
{
  RunResult *r = rf_full ();
  g_autofree char *text = text_of (r);

  ck_assert_msg (strstr (text, "deadlock: core.pager[0] waits for mgr.handler[0] (reply from), "
                               "mgr.handler[0] waits for core.pager[0] (fault served by)") != NULL,
                 "%s", text);
  ck_assert_ptr_nonnull (strstr (text, "Scenario hung-manager, strategy async-signal, seed 1"));
  ck_assert_ptr_nonnull (strstr (text, "app.worker[0]"));
  ck_assert_ptr_nonnull (strstr (text, "blocked_fault"));
  ck_assert_ptr_nonnull (strstr (text, "timeout: 15"));
  run_result_free (r);
}
END_TEST

START_TEST (test_text_omits_zero_sections)
{
  RunResult *empty = rf_empty ();
  RunResult *full = rf_full ();
  g_autofree char *e = text_of (empty);
  g_autofree char *f = text_of (full);
  static const char *const sections[] = {
    "Page faults of user threads\n", "Core\n", "Kernel\n", "Calls to servers\n", "GUI input\n",
    "Timer\n", "Authority (paging)\n", "Deadlocks", "Threads\n",
  };

  for (size_t i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      ck_assert_msg (strstr (e, sections[i]) == NULL, "empty report shows %s", sections[i]);
      ck_assert_msg (strstr (f, sections[i]) != NULL, "full report lacks %s", sections[i]);
    }
  /* Nothing paged: not even a "none" line. */
  ck_assert_msg (strstr (e, "Page faults") == NULL, "%s", e);
  run_result_free (empty);
  run_result_free (full);
}
END_TEST

/* A GUI scenario without dataspaces: core's pager ran a little, the
 * strategy lists what it needs from the kernel, but nothing paged. */
static RunResult *
result_gui_only (void)
{
  RunResult *r = rf_empty ();

  r->core.pager_threads = 1;
  r->core.busy_ns = 200;
  r->kernel.ipc = 20;
  r->kernel.context_switches = 236;
  r->gui.events = 250;
  r->gui.delivered = 20;
  r->gui.latency = rf_summary (20, 1000000);
  r->gui.max_freeze_ns = 500000000;
  r->authority.n_kernel_features = 1;
  r->authority.kernel_features = g_new0 (char *, 1);
  r->authority.kernel_features[0] = g_strdup ("IPC timeouts");
  return r;
}

START_TEST (test_text_leaves_out_paging_without_dataspaces)
{
  RunResult *r = result_gui_only ();
  g_autofree char *text = text_of (r);
  cJSON *root;

  ck_assert_msg (strstr (text, "Page faults") == NULL, "%s", text);
  ck_assert_msg (strstr (text, "Core\n") == NULL, "%s", text);
  ck_assert_msg (strstr (text, "pager busy") == NULL, "%s", text);
  ck_assert_msg (strstr (text, "Authority") == NULL, "%s", text);
  ck_assert_msg (strstr (text, "communication right") == NULL, "%s", text);
  ck_assert_ptr_nonnull (strstr (text, "GUI input\n"));
  /* The JSON keeps every section. */
  root = cj_run_json (r, false);
  ck_assert (cJSON_IsObject (cj_at (root, "faults")));
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "core.busy_ns")), 200);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cj_at (root, "authority.rights")), 0);
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_paging_without_faults_says_none)
{
  RunResult *r = rf_empty ();
  g_autofree char *text = NULL;

  r->core.pager_threads = 1;
  r->core.rm_sessions = 1;
  r->core.quota_bytes = 65536;
  text = text_of (r);
  ck_assert_msg (strstr (text, "Page faults: none\n") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "  1 RM session costing 64.0") != NULL, "%s", text);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_unresolved_faults_beside_latency)
{
  RunResult *r = rf_full ();
  g_autofree char *text = text_of (r);
  g_autofree char *one = NULL;
  g_autofree char *none = NULL;
  const char *latency = strstr (text, "  latency ");

  /* Right under the latency line, which counts resolved faults only. */
  ck_assert_ptr_nonnull (latency);
  ck_assert_msg (g_str_has_prefix (strchr (latency, '\n') + 1, "  unresolved    10 still waiting "
                                   "at the end, the oldest for 800.00 ms\n"), "%s", text);
  r->faults.unresolved = 1;
  r->faults.open_max_ns = 1500;
  one = text_of (r);
  ck_assert_msg (strstr (one, "1 still waiting at the end, for 1.50 µs\n") != NULL, "%s", one);
  r->faults.unresolved = 0;
  r->faults.open_max_ns = 0;
  none = text_of (r);
  ck_assert_msg (strstr (none, "still waiting") == NULL, "%s", none);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_innocent_split_only_with_culprits)
{
  RunResult *r = rf_full ();
  r->faults.innocent_threads = 6;
  r->faults.culprit_threads = 2;
  r->faults.innocent_stalled_threads = 3;
  g_autofree char *split = text_of (r);
  ck_assert_msg (strstr (split, "  innocent threads stalled: 3 of 6\n") != NULL, "%s", split);
  ck_assert_msg (strstr (split, "  culprit ") != NULL, "%s", split);
  /* No manager misbehaves: every thread is innocent, no split to show. */
  r->faults.culprit_threads = 0;
  g_autofree char *all = text_of (r);
  ck_assert_msg (strstr (all, "  threads stalled (no manager misbehaves): 3 of 6\n") != NULL, "%s", all);
  ck_assert_msg (strstr (all, "  culprit ") == NULL, "%s", all);
  r->faults.innocent_stalled_threads = 0;
  g_autofree char *calm = text_of (r);
  ck_assert_msg (strstr (calm, "stalled") == NULL, "%s", calm);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_core_blocked_share_of_pager_time)
{
  RunResult *r = rf_full ();
  g_autofree char *one = text_of (r);
  g_autofree char *four = NULL;
  g_autofree char *unset = NULL;

  ck_assert_msg (strstr (one, "  blocked on user-level components 800.00 ms (80.0 % of the run)\n")
                 != NULL, "%s", one);
  ck_assert_msg (strstr (one, "  longest stall (the pager blocked while a fault waited) "
                              "700.00 ms\n") != NULL, "%s", one);
  /* Summed over four pagers it is more than the run, never "174 %". */
  r->core.pager_threads = 4;
  r->core.blocked_ns = 1741000000;
  r->core.max_stall_ns = 0;
  four = text_of (r);
  ck_assert_msg (strstr (four, "  blocked on user-level components 1.741 s, summed over 4 pager "
                               "threads: 43.5 % of their 4.000 s\n") != NULL, "%s", four);
  ck_assert_msg (strstr (four, "  longest stall (every pager blocked at once while a fault "
                               "waited) 0 ns\n") != NULL, "%s", four);
  ck_assert_msg (strstr (four, "174.1") == NULL, "%s", four);
  ck_assert_msg (strstr (four, "  pagers busy 3.00 ms") != NULL, "%s", four);
  /* A result that does not say (0) is read as one pager. */
  r->core.pager_threads = 0;
  unset = text_of (r);
  ck_assert_msg (strstr (unset, "1.741 s (174.1 % of the run)\n") != NULL, "%s", unset);
  run_result_free (r);
}
END_TEST

/* Every count of the text report with 1, then with 2. */
static void
set_counts (RunResult *r, uint64_t n)
{
  r->faults.total = n;
  r->faults.resolved = n;
  r->faults.unresolved = 0;
  r->faults.system = n;
  r->core.pager_threads = 1;
  r->core.rm_sessions = n;
  r->core.signal_records_max = 1;
  r->core.signal_submits_max = n;
  r->kernel.ipc = n;
  r->kernel.context_switches = n;
  r->kernel.mapdb_entries_peak = n;
  r->kernel.mapdb_bytes_peak = (int64_t) n;
  r->kernel.rm_self_faults = n;
  r->calls.total = n;
  r->gui.events = n;
  r->gui.delivered = n;
  r->timer.wakeups = n;
  r->authority.rights = n;
  r->events = n;
}

START_TEST (test_text_singular_and_plural)
{
  static const char *const singular[] = {
    " in 1 event\n", "  1 fault: 1 resolved,", "(and 1 fault of system threads)",
    "  1 IPC message, 1 context switch\n", "peak 1 entry (1 byte)", "own pages 1 time\n",
    "  1 RM session costing", "standing for up to 1 submit\n", "  1 call: ",
    "  1 event, 1 delivery, ", "  1 wake-up, late by at most 300 ns\n",
    "  1 communication right\n",
  };
  static const char *const plural[] = {
    " in 2 events\n", "  2 faults: 2 resolved,", "(and 2 faults of system threads)",
    "  2 IPC messages, 2 context switches\n", "peak 2 entries (2 bytes)", "own pages 2 times\n",
    "  2 RM sessions costing", "standing for up to 2 submits\n", "  2 calls: ",
    "  2 events, 2 deliveries, ", "  2 wake-ups, late by at most 300 ns\n",
    "  2 communication rights\n",
  };
  RunResult *r = rf_full ();
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (singular) == G_N_ELEMENTS (plural));
  set_counts (r, 1);
  one = text_of (r);
  set_counts (r, 2);
  two = text_of (r);
  for (size_t i = 0; i < G_N_ELEMENTS (singular); i++)
    {
      ck_assert_msg (strstr (one, singular[i]) != NULL, "no '%s' in:\n%s", singular[i], one);
      ck_assert_msg (strstr (two, plural[i]) != NULL, "no '%s' in:\n%s", plural[i], two);
    }
  ck_assert_msg (strstr (one, "system threads:") == NULL, "%s", one);
  ck_assert_msg (strstr (one, "latest by") == NULL, "%s", one);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_no_system_faults_no_aside)
{
  RunResult *r = rf_full ();
  g_autofree char *text = NULL;

  r->faults.system = 0;
  text = text_of (r);
  ck_assert_msg (strstr (text, "system threads") == NULL, "%s", text);
  run_result_free (r);
}
END_TEST

/* The text report fitted to `width` characters, newly allocated. */
static char *
text_fitted (const RunResult *r, int width)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  char *text;

  report_text (f, r, width);
  fclose (f);
  text = g_strndup (buf, len);
  free (buf);
  return text;
}

START_TEST (test_text_fits_width)
{
  RunResult *r = rf_full ();
  g_autofree char *wide = text_fitted (r, 0);
  g_autofree char *narrow = text_fitted (r, 50);
  g_auto (GStrv) lines = g_strsplit (narrow, "\n", -1);
  const char *second;

  for (char **l = lines; *l != NULL; l++)
    ck_assert_msg (g_utf8_strlen (*l, -1) <= 50, "'%s' is wider than 50", *l);
  /* Unbounded, one threads table; in 50 columns two, each led by the names. */
  ck_assert_ptr_null (strstr (strstr (wide, "  thread ") + 1, "  thread "));
  second = strstr (strstr (narrow, "  thread ") + 1, "  thread ");
  ck_assert_ptr_nonnull (second);
  ck_assert_ptr_nonnull (strstr (second, "  stuck.main[0] "));
  ck_assert_ptr_nonnull (strstr (narrow, "  stuck.main[0] "));
  run_result_free (r);
}
END_TEST

START_TEST (test_text_threads_p99_and_hung)
{
  RunResult *r = rf_full ();
  g_autofree char *text = text_of (r);
  g_autofree char *faults_only = NULL;
  g_autofree char *header_line = NULL;
  const char *header = strstr (text, "  thread ");
  const char *stuck = strstr (text, "  stuck.main[0] ");
  const char *pager = strstr (text, "  core.pager[0] ");

  ck_assert_ptr_nonnull (header);
  header_line = g_strndup (header, strchr (header, '\n') - header);
  ck_assert_msg (g_str_has_suffix (header_line, " p99"), "%s", text);
  ck_assert_msg (strstr (text, "p99 latency") == NULL, "%s", text);
  /* The column is explained per role under the table. */
  ck_assert_msg (strstr (text, "  p99: page-fault latency of the thread (from the fault until its "
                               "access completed); for a GUI client, input-event delivery "
                               "latency (from arrival until received)\n") != NULL, "%s", text);
  /* A hung receiver is told from an idle one; a healthy one is not marked. */
  ck_assert_ptr_nonnull (stuck);
  ck_assert_msg (strstr (stuck, "blocked_recv (hung)") != NULL
                 && strstr (stuck, "blocked_recv (hung)") < strchr (stuck, '\n'), "%s", text);
  ck_assert_ptr_nonnull (pager);
  ck_assert_int_eq (g_strstr_len (pager, strchr (pager, '\n') - pager, "(hung)") == NULL, 1);
  ck_assert_int_eq ((int) (strstr (text, "(hung)") - text),
                    (int) (strstr (stuck, "(hung)") - text));
  /* Without GUI clients the footnote speaks of faults only. */
  r->n_threads = 2;
  faults_only = text_of (r);
  r->n_threads = 3;
  ck_assert_msg (strstr (faults_only, "  p99: page-fault latency of the thread (from the fault "
                                      "until its access completed)\n") != NULL, "%s",
                 faults_only);
  ck_assert_msg (strstr (faults_only, "GUI client") == NULL, "%s", faults_only);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_human_durations)
{
  char buf[32];

  ck_assert_str_eq (report_format_ns (buf, sizeof buf, 0), "0 ns");
  ck_assert_str_eq (report_format_ns (buf, sizeof buf, 850), "850 ns");
  ck_assert_str_eq (report_format_ns (buf, sizeof buf, 12.5), "12.5 ns");
  ck_assert_str_eq (report_format_ns (buf, sizeof buf, 12340), "12.34 µs");
  ck_assert_str_eq (report_format_ns (buf, sizeof buf, 1230000), "1.23 ms");
  ck_assert_str_eq (report_format_ns (buf, sizeof buf, 2e9), "2.000 s");
}
END_TEST

/* ---- CSV -------------------------------------------------------------- */

/* Fields of one CSV line, honouring quotes. */
Suite *report_suite (void)
{
  Suite *s = suite_create ("report");
  TCase *tc;

  tc = tcase_create ("text");
  tcase_add_test (tc, test_text_names_deadlock_in_words);
  tcase_add_test (tc, test_text_omits_zero_sections);
  tcase_add_test (tc, test_text_leaves_out_paging_without_dataspaces);
  tcase_add_test (tc, test_text_paging_without_faults_says_none);
  tcase_add_test (tc, test_text_unresolved_faults_beside_latency);
  tcase_add_test (tc, test_text_innocent_split_only_with_culprits);
  tcase_add_test (tc, test_text_core_blocked_share_of_pager_time);
  tcase_add_test (tc, test_text_singular_and_plural);
  tcase_add_test (tc, test_text_no_system_faults_no_aside);
  tcase_add_test (tc, test_text_threads_p99_and_hung);
  tcase_add_test (tc, test_text_fits_width);
  tcase_add_test (tc, test_text_human_durations);
  suite_add_tcase (s, tc);
  return s;
}
