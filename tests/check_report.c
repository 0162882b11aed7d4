/* Tests of the report writers (sim/report.c): the JSON result has the whole
 * shape of DESIGN.md even when every section is zero, its fingerprint follows
 * the figures and nothing else, strings survive escaping, CSV rows match
 * their header, and the text report names what matters. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/result.h"
#include "sim/report.h"

/* ---- fixtures --------------------------------------------------------- */

static RunResult *
result_empty (void)
{
  RunResult *r = g_new0 (RunResult, 1);

  r->scenario = g_strdup ("empty");
  r->strategy = g_strdup ("async-signal");
  r->seed = 1;
  r->sim_time_ns = 1000000000;
  return r;
}

static StatSummary
summary (uint64_t count, int64_t base)
{
  return (StatSummary) { count, base * 1.25, base * 0.5, base / 2, base, 2 * base, 3 * base,
                         4 * base, 5 * base };
}

/* Every section filled, so every branch of the writers runs. */
static RunResult *
result_full (void)
{
  RunResult *r = result_empty ();

  g_free (r->scenario);
  r->scenario = g_strdup ("hung-manager");
  r->events = 123456;
  memset (r->scenario_sha256, 'a', 64);
  r->faults.total = 1000;
  r->faults.resolved = 990;
  r->faults.unresolved = 10;
  r->faults.open_max_ns = 800000000;
  r->faults.dropped = 2;
  r->faults.retried = 1;
  r->faults.system = 7;
  r->faults.latency = summary (990, 12000);
  r->faults.jitter_ns = 24000;
  r->faults.innocent_latency = summary (900, 10000);
  r->faults.innocent_stalled_threads = 1;
  r->faults.culprit_latency = summary (90, 90000);
  r->faults.breakdown = (FaultBreakdown) { 500, 1000, 2000, 8000, 400, 300 };
  r->core.pager_threads = 1;
  r->core.blocked_ns = 800000000;
  r->core.busy_ns = 3000000;
  r->core.max_stall_ns = 700000000;
  r->core.retry_cpu_ns = 5000;
  r->core.rm_sessions = 2;
  r->core.quota_bytes = 131072;
  r->kernel.ipc = 5000;
  r->kernel.signals_submitted = 300;
  r->kernel.signals_delivered = 200;
  r->kernel.signals_coalesced = 100;
  r->kernel.context_switches = 4000;
  r->kernel.mapdb_entries_peak = 512;
  r->kernel.mapdb_bytes_peak = 16384;
  r->kernel.revocation_ns = 51200;
  r->kernel.rm_self_faults = 4;
  r->calls.total = 50;
  r->calls.completed = 48;
  r->calls.dropped = 2;
  r->calls.latency = summary (48, 3000);
  r->gui.events = 100;
  r->gui.delivered = 180;
  r->gui.dropped = 20;
  r->gui.n_drop_causes = 2;
  r->gui.dropped_by_cause = g_new0 (DropCause, 2);
  r->gui.dropped_by_cause[0] = (DropCause) { g_strdup ("timeout"), 15 };
  r->gui.dropped_by_cause[1] = (DropCause) { g_strdup ("overflow"), 5 };
  r->gui.latency = summary (180, 40000);
  r->gui.jitter_ns = 80000;
  r->gui.max_freeze_ns = 50000000;
  r->timer.wakeups = 99;
  r->timer.max_error_ns = 300;
  r->authority.rights = 2;
  r->authority.n_matrix = 2;
  r->authority.matrix = g_new0 (AuthorityRight, 2);
  r->authority.matrix[0] = (AuthorityRight) { g_strdup ("core"), g_strdup ("swap"),
                                              g_strdup ("call") };
  r->authority.matrix[1] = (AuthorityRight) { g_strdup ("core"), g_strdup ("evil"),
                                              g_strdup ("call") };
  r->authority.n_kernel_features = 1;
  r->authority.kernel_features = g_new0 (char *, 1);
  r->authority.kernel_features[0] = g_strdup ("synchronous IPC");
  r->n_deadlocks = 1;
  r->deadlocks = g_new0 (DeadlockCycle, 1);
  r->deadlocks[0].n_edges = 2;
  r->deadlocks[0].edges = g_new0 (WaitEdge, 2);
  r->deadlocks[0].edges[0] = (WaitEdge) { g_strdup ("core.pager[0]"), g_strdup ("mgr.handler[0]"),
                                          g_strdup ("reply from") };
  r->deadlocks[0].edges[1] = (WaitEdge) { g_strdup ("mgr.handler[0]"), g_strdup ("core.pager[0]"),
                                          g_strdup ("fault served by") };
  r->n_threads = 3;
  r->threads = g_new0 (ThreadResult, 3);
  r->threads[0] = (ThreadResult) { g_strdup ("app.worker[0]"), g_strdup ("app"),
                                   g_strdup ("worker"), 0, ROLE_USER, 50, 4000000, 12,
                                   summary (12, 11000), TS_BLOCKED_FAULT, false };
  r->threads[1] = (ThreadResult) { g_strdup ("core.pager[0]"), g_strdup ("core"),
                                   g_strdup ("pager"), 0, ROLE_PAGER, 250, 3000000, 0,
                                   summary (0, 0), TS_BLOCKED_REPLY, false };
  r->threads[2] = (ThreadResult) { g_strdup ("stuck.main[0]"), g_strdup ("stuck"),
                                   g_strdup ("main"), 0, ROLE_GUI_CLIENT, 100, 100, 0,
                                   summary (3, 70000), TS_BLOCKED_RECV, true };
  return r;
}

static cJSON *
parse_json (const RunResult *r, bool with_wall)
{
  g_autofree char *text = report_json (r, with_wall);
  cJSON *root;

  ck_assert_ptr_nonnull (text);
  root = cJSON_Parse (text);
  ck_assert_msg (root != NULL, "report_json is not JSON:\n%s", text);
  return root;
}

/* A value by dotted path ("faults.latency_ns.p50"). */
static cJSON *
json_at (cJSON *root, const char *path)
{
  g_auto (GStrv) keys = g_strsplit (path, ".", -1);
  cJSON *node = root;

  for (char **k = keys; *k != NULL && node != NULL; k++)
    node = cJSON_GetObjectItemCaseSensitive (node, *k);
  return node;
}

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
  RunResult *r = result_empty ();
  cJSON *root = parse_json (r, false);

  ck_assert (cJSON_IsString (json_at (root, "scenario")));
  ck_assert (cJSON_IsString (json_at (root, "strategy")));
  ck_assert (cJSON_IsString (json_at (root, "fingerprint")));
  ck_assert (cJSON_IsString (json_at (root, "scenario_sha256")));
  for (size_t i = 0; i < G_N_ELEMENTS (number_paths); i++)
    ck_assert_msg (cJSON_IsNumber (json_at (root, number_paths[i])), "missing %s",
                   number_paths[i]);
  for (size_t i = 0; i < G_N_ELEMENTS (latency_paths); i++)
    for (size_t j = 0; j < G_N_ELEMENTS (latency_keys); j++)
      {
        cJSON *l = json_at (root, latency_paths[i]);

        ck_assert_msg (cJSON_IsNumber (cJSON_GetObjectItemCaseSensitive (l, latency_keys[j])),
                       "missing %s.%s", latency_paths[i], latency_keys[j]);
      }
  ck_assert (cJSON_IsObject (json_at (root, "gui.dropped_by_cause")));
  ck_assert (cJSON_IsArray (json_at (root, "authority.matrix")));
  ck_assert (cJSON_IsArray (json_at (root, "authority.kernel_features")));
  ck_assert (cJSON_IsArray (json_at (root, "deadlocks")));
  ck_assert (cJSON_IsArray (json_at (root, "threads")));
  ck_assert_ptr_null (json_at (root, "wall_s"));
  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "faults.total")), 0);
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_top_level_key_order)
{
  static const char *const order[] = {
    "scenario", "strategy", "seed", "sim_time_ns", "events", "fingerprint", "scenario_sha256",
    "faults", "core", "kernel", "calls", "gui", "timer", "authority", "deadlocks", "threads",
    "wall_s",
  };
  RunResult *r = result_full ();
  cJSON *root = parse_json (r, true);
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
  RunResult *r = result_full ();
  cJSON *root = parse_json (r, true);
  cJSON *thread, *edge;

  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "faults.unresolved")), 10);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "gui.dropped_by_cause.timeout")),
                    15);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "gui.dropped_by_cause.overflow")),
                    5);
  ck_assert_int_eq (cJSON_GetArraySize (json_at (root, "authority.matrix")), 2);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (
                      cJSON_GetArrayItem (json_at (root, "authority.matrix"), 1), "target")),
                    "evil");
  edge = cJSON_GetArrayItem (cJSON_GetArrayItem (json_at (root, "deadlocks"), 0), 1);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (edge, "why")), "fault served by");
  thread = cJSON_GetArrayItem (json_at (root, "threads"), 1);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "role")), "pager");
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "state")),
                    "blocked_reply");
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "process")), "core");
  ck_assert_int_eq ((int) cJSON_GetNumberValue (cJSON_GetObjectItem (thread, "priority")), 250);
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (thread, "hung")));
  thread = cJSON_GetArrayItem (json_at (root, "threads"), 2);
  ck_assert (cJSON_IsTrue (cJSON_GetObjectItem (thread, "hung")));
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (thread, "state")), "blocked_recv");
  ck_assert_int_eq ((int64_t) cJSON_GetNumberValue (json_at (root, "faults.open_max_ns")),
                    800000000);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "core.pager_threads")), 1);
  ck_assert (cJSON_IsNumber (json_at (root, "wall_s")));
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_numbers_exact)
{
  RunResult *r = result_full ();
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
  RunResult *r = result_full ();
  g_autofree char *a = report_json (r, false);
  g_autofree char *b = report_json (r, false);
  g_autofree char *c = NULL;
  cJSON *root = cJSON_Parse (a);
  const char *fp = cJSON_GetStringValue (cJSON_GetObjectItem (root, "fingerprint"));
  char direct[17];

  ck_assert_str_eq (a, b);
  ck_assert_uint_eq (strlen (fp), 16);
  ck_assert_uint_eq (strspn (fp, "0123456789abcdef"), 16);
  report_fingerprint (r, direct);
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
  RunResult *r = result_full ();
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
  RunResult *r = result_full ();
  char before[17], after[17];

  report_fingerprint (r, before);
  r->threads[1].cpu_ns++;
  report_fingerprint (r, after);
  ck_assert_str_ne (before, after);
  r->threads[1].cpu_ns--;
  report_fingerprint (r, after);
  ck_assert_str_eq (before, after);
  r->faults.total++;
  report_fingerprint (r, after);
  ck_assert_str_ne (before, after);
  run_result_free (r);
}
END_TEST

START_TEST (test_json_escapes_strings)
{
  static const char *const names[] = {
    "quote\" back\\slash", "new\nline\ttab\r", "ctl\x01\x1f end", "caf\xc3\xa9 \xe2\x86\x92 ok",
  };
  RunResult *r = result_full ();

  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    {
      cJSON *root;

      g_free (r->scenario);
      r->scenario = g_strdup (names[i]);
      g_free (r->threads[0].name);
      r->threads[0].name = g_strdup (names[i]);
      root = parse_json (r, false);
      ck_assert_str_eq (cJSON_GetStringValue (json_at (root, "scenario")), names[i]);
      ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (
                          cJSON_GetArrayItem (json_at (root, "threads"), 0), "name")), names[i]);
      cJSON_Delete (root);
    }
  run_result_free (r);
}
END_TEST

START_TEST (test_json_escapes_control_characters)
{
  RunResult *r = result_empty ();
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
  RunResult *r = result_empty ();
  g_autofree char *text = NULL;
  cJSON *root;

  g_free (r->scenario);
  r->scenario = g_strdup ("bad\xff\xfe byte");
  text = report_json (r, false);
  ck_assert (g_utf8_validate (text, -1, NULL));
  root = cJSON_Parse (text);
  ck_assert_ptr_nonnull (root);
  ck_assert_ptr_nonnull (strstr (cJSON_GetStringValue (json_at (root, "scenario")), " byte"));
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

/* ---- text ------------------------------------------------------------- */

/* The text report, newly allocated (g_free). */
static char *
text_of (const RunResult *r)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  char *text;

  report_text (f, r);
  fclose (f);
  text = g_strndup (buf, len);
  free (buf);
  return text;
}

START_TEST (test_text_names_deadlock_in_words)
{
  RunResult *r = result_full ();
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
  RunResult *empty = result_empty ();
  RunResult *full = result_full ();
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
  RunResult *r = result_empty ();

  r->core.pager_threads = 1;
  r->core.busy_ns = 200;
  r->kernel.ipc = 20;
  r->kernel.context_switches = 236;
  r->gui.events = 250;
  r->gui.delivered = 20;
  r->gui.latency = summary (20, 1000000);
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
  root = parse_json (r, false);
  ck_assert (cJSON_IsObject (json_at (root, "faults")));
  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "core.busy_ns")), 200);
  ck_assert_int_eq ((int) cJSON_GetNumberValue (json_at (root, "authority.rights")), 0);
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_paging_without_faults_says_none)
{
  RunResult *r = result_empty ();
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
  RunResult *r = result_full ();
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
  RunResult *r = result_full ();
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
  RunResult *r = result_full ();
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
  RunResult *r = result_full ();
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
  RunResult *r = result_full ();
  g_autofree char *text = NULL;

  r->faults.system = 0;
  text = text_of (r);
  ck_assert_msg (strstr (text, "system threads") == NULL, "%s", text);
  run_result_free (r);
}
END_TEST

START_TEST (test_text_threads_p99_and_hung)
{
  RunResult *r = result_full ();
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
  ck_assert_msg (strstr (text, "  p99: page-fault latency of the thread (from the fault until it "
                               "runs again);\n       for a GUI client, input-event delivery "
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
                                      "until it runs again)\n") != NULL, "%s", faults_only);
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
static int
csv_fields (const char *line)
{
  int n = 1;
  bool quoted = false;

  for (const char *p = line; *p != '\0' && (quoted || *p != '\n'); p++)
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ',' && !quoted)
      n++;
  return n;
}

START_TEST (test_csv_row_matches_header)
{
  RunResult *r = result_full ();
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  const char *row;

  g_free (r->scenario);
  r->scenario = g_strdup ("a, \"quoted\"\nname");
  report_csv_header (f);
  report_csv_row (f, r);
  fclose (f);
  row = strchr (buf, '\n') + 1;
  ck_assert_int_eq (csv_fields (buf), csv_fields (row));
  ck_assert_int_gt (csv_fields (buf), 20);
  ck_assert (g_str_has_prefix (buf, "scenario,strategy,seed,"));
  ck_assert (g_str_has_prefix (row, "\"a, \"\"quoted\"\"\nname\",async-signal,1,"));
  ck_assert (g_str_has_suffix (buf, "\n"));
  free (buf);
  run_result_free (r);
}
END_TEST

Suite *report_suite (void)
{
  Suite *s = suite_create ("report");
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
  tcase_add_test (tc, test_text_human_durations);
  suite_add_tcase (s, tc);

  tc = tcase_create ("csv");
  tcase_add_test (tc, test_csv_row_matches_header);
  suite_add_tcase (s, tc);

  return s;
}
