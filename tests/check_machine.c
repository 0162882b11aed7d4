/* Tests of models/machine.c's guards: a run that cannot finish stops at a
 * bound with a sentence saying why, keeps what it measured up to there and
 * is marked incomplete — the max_events and max_wall guards, and the
 * runaways the models detect (a program looping within one instant, GUI
 * input faster than delivery).  A run that finishes is never marked. */
#include <check.h>
#include <glib.h>
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
  return s;
}
