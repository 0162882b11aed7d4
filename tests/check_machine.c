/* Tests of models/machine.c's guards: a run that cannot finish stops at a
 * bound with a sentence saying why, keeps what it measured up to there and
 * is marked incomplete — the max_events and max_wall guards, and the
 * runaways the models detect (a program looping within one instant, GUI
 * input faster than delivery).  A run that finishes is never marked.  And
 * what a run's trace shows of a misbehaving component: the moment it hangs
 * or crashes, in the result and as an instant event, and the faults on the
 * slices of the threads that wait for them. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/gui_fixture.h"

#define ZERO_COSTS \
  "\"costs\": { \"ipc\": \"0ns\", \"signal\": \"0ns\", \"context_switch\": \"0ns\", " \
  "\"fault_entry\": \"0ns\", \"map\": \"0ns\", \"mapdb_insert\": \"0ns\", \"mapdb_revoke\": \"0ns\" }"

static void
assert_stopped (const RunResult *r, const char *why, int64_t before)
{
  ck_assert (r->incomplete);
  ck_assert_ptr_nonnull (r->stopped);
  ck_assert_msg (strstr (r->stopped, why) != NULL, "stopped: %s", r->stopped);
  ck_assert_int_lt (r->sim_time_ns, before);
}

START_TEST (test_machine_finished_run_is_complete)
{
  RunResult *r = gf_run_file ("hello.json", NULL, NULL);
  ck_assert (!r->incomplete);
  ck_assert_ptr_null (r->stopped);
  run_result_free (r);
}
END_TEST

START_TEST (test_machine_max_events_stops_and_keeps_the_figures)
{
  static const char *const sets[] = { "max_events=20000", NULL };
  RunResult *r = gf_run_file ("hung-manager.json", sets, NULL);
  assert_stopped (r, "max_events guard (20000 events)", 1000 * GF_MS);
  ck_assert (r->max_events_hit);
  ck_assert_uint_gt (r->faults.total, 0);   /* what it measured is kept */
  run_result_free (r);
}
END_TEST

/* Kernel operations that cost nothing and loop between threads: core
 * retries a reflection to a hung manager that times out at once, within
 * one instant for ever.  The kernel's own bound stops it. */
START_TEST (test_machine_zero_cost_retry_loop_stops)
{
  static const char json[] =
    "{ \"name\": \"retry-spin\", \"duration\": \"10ms\", \"strategy\": \"ipc-timeout\","
    "  \"kernel\": { \"ipc_timeout\": \"0ns\", \"on_timeout\": \"retry\", \"costs\": { \"ipc\": \"0ns\" } },"
    "  \"managers\": [ { \"name\": \"m0\", \"service\": \"100us\","
    "                  \"behavior\": { \"kind\": \"hang\", \"after\": \"0ns\" } } ],"
    "  \"dataspaces\": [ { \"name\": \"d0\", \"pages\": 4, \"manager\": \"m0\" } ],"
    "  \"processes\": [ { \"name\": \"p0\", \"threads\": [ { \"name\": \"t0\","
    "    \"program\": [ { \"touch\": { \"dataspace\": \"d0\" } } ] } ] } ] }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  assert_stopped (r, "makes no progress in simulated time", 10 * GF_MS);
  ck_assert_msg (strstr (r->stopped, "core.pager[0]") != NULL, "stopped: %s", r->stopped);
  ck_assert_uint_gt (r->faults.retried, 1000000);   /* what it measured is kept */
  run_result_free (r);
}
END_TEST

START_TEST (test_machine_max_wall_stops_a_long_run)
{
  /* A second of simulated time that takes far longer than a millisecond of
   * wall-clock time: 200 threads faulting as fast as they can. */
  static const char *const sets[] = { "duration=100s", NULL };
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_file ("scenarios/message-cost.json", sets, &err);
  ck_assert_msg (c != NULL, "%s", err ? err->message : "?");
  c->max_wall = 0.001;
  gint64 t0 = g_get_monotonic_time ();
  RunResult *r = gf_run_config (c, NULL);
  ck_assert_int_lt (g_get_monotonic_time () - t0, 5 * G_USEC_PER_SEC);
  assert_stopped (r, "max_wall guard", 100 * INT64_C (1000000000));
  ck_assert (!r->max_events_hit);
  run_result_free (r);
}
END_TEST

START_TEST (test_machine_program_without_progress_is_stopped)
{
  /* Touches of a mapped page, or compute 0 at zero kernel cost, forever:
   * the clock would stand still for ever. */
  static const char *const ops[] = {
    "{ \"touch\": { \"dataspace\": \"d\", \"pattern\": \"same\" } }",
    "{ \"compute\": \"0ns\" }",
    "{ \"sleep\": \"0ns\" }",
  };
  g_autofree char *json = g_strdup_printf (
    "{ \"name\": \"instant\", \"duration\": \"1s\", \"kernel\": { " ZERO_COSTS " },"
    "  \"dataspaces\": [ { \"name\": \"d\", \"pages\": 4 } ],"
    "  \"processes\": [ { \"name\": \"app\", \"threads\": [ { \"name\": \"w\", \"program\": ["
    "    { \"compute\": \"1ms\" }, { \"repeat\": \"forever\", \"do\": [ %s ] } ] } ] } ] }",
    ops[_i]);
  RunResult *r = gf_run_json (json, NULL, NULL);
  assert_stopped (r, "app.w[0] makes no progress in simulated time", 2 * GF_MS);
  ck_assert_int_eq (r->sim_time_ns, 1 * GF_MS);
  run_result_free (r);
}
END_TEST

START_TEST (test_machine_gui_input_faster_than_delivery_is_stopped)
{
  RunResult *r = gf_run_json (
    "{ \"name\": \"flood\", \"duration\": \"1s\", \"strategy\": \"sync-rpc\","
    "  \"gui\": { \"events\": { \"period\": \"1ns\" },"
    "           \"clients\": [ { \"name\": \"c\", \"handle\": \"1us\" } ] } }", NULL, NULL);
  assert_stopped (r, "input events wait in the server's queue", 100 * GF_MS);
  ck_assert_uint_ge (r->gui.events, 1000000);   /* an interrupt storm: the server starves */
  run_result_free (r);
}
END_TEST

/* ---- the trace of a misbehaving component ---------------------------- */

/* Runs scenarios/<file> with `sets` and a trace of the whole run; the
 * parsed trace goes to *trace. */
static RunResult *
run_traced (const char *file, const char *const *sets, cJSON **trace)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = g_build_filename ("scenarios", file, NULL);
  ScenarioConfig *c = scenario_load_file (path, sets, &err);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  Trace *t = trace_new (f, 0, -1, NULL, 0);
  RunResult *r;

  ck_assert_msg (c != NULL, "%s: %s", path, err ? err->message : "?");
  r = machine_run (c, t);
  ck_assert (trace_close (t));
  trace_free (t);
  fclose (f);
  scenario_free (c);
  *trace = cJSON_Parse (buf);
  ck_assert_msg (*trace != NULL, "the trace is not JSON");
  free (buf);
  return r;
}

static const char *
ev_str (const cJSON *ev, const char *key)
{
  return cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (ev, key));
}

static double
ev_num (const cJSON *ev, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (ev, key);

  return cJSON_IsNumber (v) ? cJSON_GetNumberValue (v) : -1;
}

/* The tid of the thread track named `name`; -1 if none. */
static int
track_of (const cJSON *trace, const char *name)
{
  const cJSON *ev;

  cJSON_ArrayForEach (ev, cJSON_GetObjectItemCaseSensitive (trace, "traceEvents"))
    if (g_strcmp0 (ev_str (ev, "ph"), "M") == 0
        && g_strcmp0 (ev_str (ev, "name"), "thread_name") == 0
        && g_strcmp0 (ev_str (cJSON_GetObjectItemCaseSensitive (ev, "args"), "name"), name) == 0)
      return (int) ev_num (ev, "tid");
  return -1;
}

/* The instant events on track `tid`, counted; the last into *last. */
static int
instants_on (const cJSON *trace, int tid, const cJSON **last)
{
  const cJSON *ev;
  int n = 0;

  cJSON_ArrayForEach (ev, cJSON_GetObjectItemCaseSensitive (trace, "traceEvents"))
    if (g_strcmp0 (ev_str (ev, "ph"), "i") == 0 && ev_num (ev, "tid") == tid)
      {
        *last = ev;
        n++;
      }
  return n;
}

/* The hung manager's moment is in the result and, at the same time, an
 * instant event on its track; its last slice says why it is blocked. */
static void
assert_hang_marked (const RunResult *r, const cJSON *trace, int64_t not_before)
{
  const ThreadResult *evil = gf_thread (r, "evil.manager[0]");
  int tid = track_of (trace, "evil.manager[0]");
  const cJSON *instant = NULL, *ev, *last_slice = NULL;

  ck_assert_int_eq (evil->misbehavior, MISBEHAVIOR_HANG);
  ck_assert_int_ge (evil->misbehaved_at_ns, not_before);
  ck_assert (evil->hung);
  ck_assert_int_gt (tid, 0);
  ck_assert_int_eq (instants_on (trace, tid, &instant), 1);
  ck_assert_str_eq (ev_str (instant, "s"), "t");
  ck_assert_ptr_nonnull (strstr (ev_str (instant, "name"), "hangs"));
  ck_assert_str_eq (ev_str (cJSON_GetObjectItemCaseSensitive (instant, "args"), "behavior"),
                    "hang");
  /* ts is in µs with three decimals: exact. */
  ck_assert_double_eq_tol (ev_num (instant, "ts") * 1000.0, (double) evil->misbehaved_at_ns,
                           0.5);
  cJSON_ArrayForEach (ev, cJSON_GetObjectItemCaseSensitive (trace, "traceEvents"))
    if (g_strcmp0 (ev_str (ev, "ph"), "X") == 0 && ev_num (ev, "tid") == tid)
      last_slice = ev;
  ck_assert_str_eq (ev_str (last_slice, "name"), "blocked_recv");
  ck_assert_ptr_nonnull (strstr (ev_str (cJSON_GetObjectItemCaseSensitive (last_slice, "args"),
                                         "why"), "never receives again"));
  /* Nobody else misbehaves. */
  for (size_t i = 0; i < r->n_threads; i++)
    if (&r->threads[i] != evil)
      ck_assert_int_eq (r->threads[i].misbehavior, MISBEHAVIOR_NONE);
}

/* hung-manager under sync-rpc: evil hangs after 200 ms; core's pager is
 * stuck calling it; every faulter's blocked_fault slice names its fault,
 * dataspace, page and manager. */
START_TEST (test_machine_trace_marks_a_hang_and_explains_faults)
{
  static const char *const sets[] = { "strategy=sync-rpc", NULL };
  cJSON *trace;
  RunResult *r = run_traced ("hung-manager.json", sets, &trace);
  int pager = track_of (trace, "core.pager[0]");
  const cJSON *ev, *pager_last = NULL;
  int faults = 0, plain = 0, numbers_ok = 1;

  assert_hang_marked (r, trace, 200 * GF_MS);
  cJSON_ArrayForEach (ev, cJSON_GetObjectItemCaseSensitive (trace, "traceEvents"))
    {
      const cJSON *args = cJSON_GetObjectItemCaseSensitive (ev, "args");

      if (g_strcmp0 (ev_str (ev, "ph"), "X") != 0)
        continue;
      if (ev_num (ev, "tid") == pager)
        pager_last = ev;
      if (g_strcmp0 (ev_str (ev, "name"), "blocked_fault") != 0)
        continue;
      faults++;
      ck_assert_msg (args != NULL, "a blocked_fault slice without args");
      numbers_ok = numbers_ok && ev_num (args, "fault") >= 1 && ev_num (args, "page") >= 0;
      ck_assert_ptr_nonnull (ev_str (args, "dataspace"));
      ck_assert_ptr_nonnull (ev_str (args, "manager"));
      ck_assert_ptr_nonnull (ev_str (args, "attempt"));
      if (g_strcmp0 (ev_str (args, "dataspace"), "rom") == 0)
        {
          plain++;
          ck_assert_ptr_nonnull (strstr (ev_str (args, "manager"), "plain dataspace"));
        }
      else
        ck_assert (g_strcmp0 (ev_str (args, "manager"), "swap") == 0
                   || g_strcmp0 (ev_str (args, "manager"), "evil") == 0);
    }
  ck_assert (numbers_ok);
  ck_assert_int_gt (faults, 100);
  ck_assert_int_gt (plain, 0);
  /* Core's pager ends blocked in its call to the hung manager, and says so. */
  ck_assert_str_eq (ev_str (pager_last, "name"), "blocked_send");
  ck_assert_str_eq (ev_str (cJSON_GetObjectItemCaseSensitive (pager_last, "args"), "calls"),
                    "evil");
  cJSON_Delete (trace);
  run_result_free (r);
}
END_TEST

/* A hang after a number of faults happens when the model counts the last
 * one: the result and the trace have that moment, not a guess. */
START_TEST (test_machine_hang_by_fault_count_is_marked_when_it_happens)
{
  static const char *const sets[] = {
    "managers[1].behavior={\"kind\": \"hang\", \"faults\": 40}", NULL };
  cJSON *trace;
  RunResult *r = run_traced ("hung-manager.json", sets, &trace);

  assert_hang_marked (r, trace, 1);
  ck_assert_int_lt (gf_thread (r, "evil.manager[0]")->misbehaved_at_ns, 1000 * GF_MS);
  cJSON_Delete (trace);
  run_result_free (r);
}
END_TEST

/* A crash is marked too, on the dead thread. */
START_TEST (test_machine_crash_is_marked)
{
  static const char *const sets[] = {
    "managers[1].behavior={\"kind\": \"crash\", \"after\": \"300ms\"}", NULL };
  cJSON *trace;
  RunResult *r = run_traced ("hung-manager.json", sets, &trace);
  const ThreadResult *evil = gf_thread (r, "evil.manager[0]");
  const cJSON *instant = NULL;

  ck_assert_int_eq (evil->misbehavior, MISBEHAVIOR_CRASH);
  ck_assert_int_eq (evil->misbehaved_at_ns, 300 * GF_MS);
  ck_assert_int_eq (evil->state, TS_DEAD);
  ck_assert_int_eq (instants_on (trace, track_of (trace, "evil.manager[0]"), &instant), 1);
  ck_assert_ptr_nonnull (strstr (ev_str (instant, "name"), "crashes"));
  cJSON_Delete (trace);
  run_result_free (r);
}
END_TEST

Suite *machine_suite (void)
{
  Suite *s = suite_create ("machine");
  TCase *tc = tcase_create ("guards");
  tcase_add_test (tc, test_machine_finished_run_is_complete);
  tcase_add_test (tc, test_machine_max_events_stops_and_keeps_the_figures);
  tcase_add_test (tc, test_machine_max_wall_stops_a_long_run);
  tcase_add_test (tc, test_machine_zero_cost_retry_loop_stops);
  tcase_add_loop_test (tc, test_machine_program_without_progress_is_stopped, 0, 3);
  tcase_add_test (tc, test_machine_gui_input_faster_than_delivery_is_stopped);
  suite_add_tcase (s, tc);
  tc = tcase_create ("marks");
  tcase_add_test (tc, test_machine_trace_marks_a_hang_and_explains_faults);
  tcase_add_test (tc, test_machine_hang_by_fault_count_is_marked_when_it_happens);
  tcase_add_test (tc, test_machine_crash_is_marked);
  suite_add_tcase (s, tc);
  return s;
}
