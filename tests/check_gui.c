/* Unit tests of the GUI model (models/gui.c): the event source's timing, the
 * async-signal buffers, freeze accounting, and what a crashed client or a
 * warmup does to the figures.  Each test runs a small scenario given inline
 * through the loader and machine_run, and checks figures that follow exactly
 * from the model's rules (DESIGN.md "GUI"). */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/machine.h"
#include "sim/scenario.h"

#define MS INT64_C (1000000)
#define US INT64_C (1000)

static RunResult *
gui_run (const char *json, const char *const *sets)
{
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_data ("check_gui", json, strlen (json), sets, &err);
  ck_assert_msg (c != NULL, "scenario rejected: %s", err ? err->message : "?");
  RunResult *r = machine_run (c, NULL);
  scenario_free (c);
  return r;
}

static uint64_t
gui_drops (const RunResult *r, const char *cause)
{
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    if (strcmp (r->gui.dropped_by_cause[i].cause, cause) == 0)
      return r->gui.dropped_by_cause[i].count;
  ck_abort_msg ("no drop cause %s", cause);
  return 0;
}

static const ThreadResult *
gui_thread (const RunResult *r, const char *name)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (strcmp (r->threads[i].name, name) == 0)
      return &r->threads[i];
  ck_abort_msg ("no thread %s", name);
  return NULL;
}

/* --- source --- */

static const char burst_json[] =
  "{ \"name\": \"burst\", \"duration\": \"1s\", \"strategy\": \"sync-rpc\","
  "  \"gui\": { \"events\": { \"burst\": { \"size\": 3, \"gap\": \"1ms\", \"every\": \"10ms\" } },"
  "    \"clients\": [ { \"name\": \"term\", \"priority\": 100, \"handle\": \"10us\" } ] } }";

/* Bursts of 3 events 1 ms apart start at 10 ms, 20 ms, ...: the number of
 * events by each duration pins every arrival time down. */
START_TEST (test_source_burst_timing)
{
  static const struct { const char *duration; uint64_t events; } cases[] = {
    { "duration=9.9ms", 0 }, { "duration=10.5ms", 1 }, { "duration=11.5ms", 2 },
    { "duration=12.5ms", 3 }, { "duration=19.5ms", 3 }, { "duration=20.5ms", 4 },
    { "duration=91.5ms", 26 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *sets[] = { cases[i].duration, NULL };
      RunResult *r = gui_run (burst_json, sets);
      ck_assert_msg (r->gui.events == cases[i].events, "%s: %" G_GUINT64_FORMAT " events, want %"
                     G_GUINT64_FORMAT, cases[i].duration, r->gui.events, cases[i].events);
      /* an idle client receives each at once: every event is delivered,
       * within a few kernel operations of its arrival */
      ck_assert_uint_eq (r->gui.delivered, cases[i].events);
      ck_assert_int_le (r->gui.latency.max, 10 * US);
      run_result_free (r);
    }
}
END_TEST

/* A period of 7 ms: the first event one period after 0, then every 7 ms. */
START_TEST (test_source_period_timing)
{
  const char *sets[] = { "gui.events={\"period\":\"7ms\"}", "duration=100ms", NULL };
  RunResult *r = gui_run (burst_json, sets);
  ck_assert_uint_eq (r->gui.events, 14);
  ck_assert_uint_eq (r->gui.n_samples, 14);
  /* samples are sorted for CDF plots */
  for (size_t i = 1; i < r->gui.n_samples; i++)
    ck_assert_int_le (r->gui.samples[i - 1], r->gui.samples[i]);
  run_result_free (r);
}
END_TEST

/* Statistics ignore what completes before warmup. */
START_TEST (test_source_warmup)
{
  const char *sets[] = { "gui.events={\"period\":\"10ms\"}", "duration=1.005s", "warmup=500ms", NULL };
  RunResult *r = gui_run (burst_json, sets);
  ck_assert_uint_eq (r->gui.events, 51);          /* 500 ms ... 1000 ms */
  ck_assert_uint_eq (r->gui.delivered, 51);
  ck_assert_uint_eq (gui_thread (r, "term.main[0]")->latency.count, 51);
  run_result_free (r);
}
END_TEST

/* --- buffer --- */

/* async-signal, a buffer of 4, an event every 1 ms.  fast keeps up; slow
 * fetches every ~200 ms (50 ms of work after each of its 4 events); stuck
 * never fetches.  If the oldest event goes on overflow, slow always fetches
 * the 4 newest, less than 5 ms old; if the newest went, they would be ~200 ms
 * old.  fast, whose buffer never fills, loses nothing. */
START_TEST (test_buffer_overflow_drops_oldest_of_that_client_only)
{
  static const char json[] =
    "{ \"name\": \"buf\", \"duration\": \"1s\", \"strategy\": \"async-signal\","
    "  \"gui\": { \"events\": { \"period\": \"1ms\" }, \"buffer\": 4, \"clients\": ["
    "    { \"name\": \"fast\", \"priority\": 100, \"handle\": \"10us\" },"
    "    { \"name\": \"slow\", \"priority\": 90, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"busy\", \"compute\": \"50ms\" } },"
    "    { \"name\": \"stuck\", \"priority\": 90, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } } ] } }";
  RunResult *r = gui_run (json, NULL);
  uint64_t ev = r->gui.events;
  ck_assert_uint_ge (ev, 990);
  const ThreadResult *fast = gui_thread (r, "fast.main[0]");
  const ThreadResult *slow = gui_thread (r, "slow.main[0]");
  const ThreadResult *stuck = gui_thread (r, "stuck.main[0]");
  ck_assert_uint_ge (fast->latency.count, ev - 1);
  ck_assert_uint_eq (stuck->latency.count, 0);
  ck_assert_uint_gt (slow->latency.count, 0);
  ck_assert_uint_lt (slow->latency.count, ev / 10);
  ck_assert_int_lt (slow->latency.max, 5 * MS);
  /* every drop is an overflow: stuck loses all but its last 4, slow all it
   * neither fetched nor still holds (at most 4) */
  ck_assert_uint_eq (gui_drops (r, "timeout"), 0);
  ck_assert_uint_eq (gui_drops (r, "overflow"), r->gui.dropped);
  uint64_t want = (ev - 4) + (ev - slow->latency.count);
  ck_assert_uint_le (r->gui.dropped, want);
  ck_assert_uint_ge (r->gui.dropped, want - 8);   /* and an event or two still on the way */
  ck_assert_int_eq (r->gui.max_freeze_ns, 0);
  run_result_free (r);
}
END_TEST

/* --- freeze --- */

static const char freeze_json[] =
  "{ \"name\": \"freeze\", \"duration\": \"1.015s\", \"strategy\": \"ipc-timeout\","
  "  \"kernel\": { \"ipc_timeout\": \"5ms\" },"
  "  \"gui\": { \"events\": { \"period\": \"20ms\" }, \"clients\": ["
  "    { \"name\": \"a\", \"priority\": 100, \"handle\": \"10us\","
  "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } },"
  "    { \"name\": \"ok\", \"priority\": 100, \"handle\": \"10us\" },"
  "    { \"name\": \"b\", \"priority\": 100, \"handle\": \"10us\","
  "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } } ] } }";

/* Two hung clients, 5 ms each: one freeze per round, from the first block to
 * the end of the round, across the good client in between: 10 ms, not 5. */
START_TEST (test_freeze_spans_the_round)
{
  RunResult *r = gui_run (freeze_json, NULL);
  ck_assert_int_ge (r->gui.max_freeze_ns, 10 * MS);
  ck_assert_int_le (r->gui.max_freeze_ns, 10 * MS + 10 * US);
  ck_assert_uint_eq (gui_drops (r, "timeout"), 2 * r->gui.events);
  ck_assert_uint_eq (gui_thread (r, "ok.main[0]")->latency.count, r->gui.events);
  run_result_free (r);
}
END_TEST

/* 15 ms per hung client: a round (30 ms) outlasts the input period, rounds
 * follow each other at once, and each is still its own freeze; meanwhile the
 * backlog delays the good client more and more. */
START_TEST (test_freeze_each_round_its_own)
{
  const char *sets[] = { "kernel.ipc_timeout=15ms", NULL };
  RunResult *r = gui_run (freeze_json, sets);
  ck_assert_int_ge (r->gui.max_freeze_ns, 30 * MS);
  ck_assert_int_le (r->gui.max_freeze_ns, 30 * MS + 10 * US);
  const ThreadResult *ok = gui_thread (r, "ok.main[0]");
  ck_assert_uint_le (ok->latency.count, 1000 / 30 + 1);
  ck_assert_int_gt (ok->latency.max, 300 * MS);
  run_result_free (r);
}
END_TEST

/* sync-rpc, a client that hangs at 505 ms: the send of the event at 520 ms
 * never completes; the freeze still open at the end counts up to the end
 * (1015 ms - 520 ms). */
START_TEST (test_freeze_open_at_end)
{
  const char *sets[] = { "strategy=sync-rpc", "gui.clients[0].behavior.after=505ms",
                         "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
  RunResult *r = gui_run (freeze_json, sets);
  ck_assert_int_ge (r->gui.max_freeze_ns, 495 * MS - 10 * US);
  ck_assert_int_le (r->gui.max_freeze_ns, 495 * MS);
  ck_assert_uint_eq (gui_thread (r, "ok.main[0]")->latency.count, 25);
  run_result_free (r);
}
END_TEST

/* async-signal never blocks the server: no freeze at all. */
START_TEST (test_freeze_none_under_async)
{
  const char *sets[] = { "strategy=async-signal", NULL };
  RunResult *r = gui_run (freeze_json, sets);
  ck_assert_int_eq (r->gui.max_freeze_ns, 0);
  ck_assert_uint_eq (gui_thread (r, "ok.main[0]")->latency.count, r->gui.events);
  run_result_free (r);
}
END_TEST

/* --- clients --- */

/* A client that crashes at 510 ms loses every later event (cause "dead"),
 * under every strategy, and nobody else does. */
START_TEST (test_client_crash_drops_as_dead)
{
  static const char *const strategies[] = { "strategy=sync-rpc", "strategy=ipc-timeout",
                                            "strategy=async-signal" };
  for (size_t i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      const char *sets[] = { strategies[i], "gui.clients[0].behavior={\"kind\":\"crash\",\"after\":\"510ms\"}",
                             "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
      RunResult *r = gui_run (freeze_json, sets);
      ck_assert_uint_eq (r->gui.events, 50);
      ck_assert_uint_eq (gui_drops (r, "dead"), 25);     /* 520 ms ... 1000 ms */
      ck_assert_uint_eq (r->gui.dropped, 25);
      ck_assert_uint_eq (gui_thread (r, "a.main[0]")->latency.count, 25);
      ck_assert_int_eq (gui_thread (r, "a.main[0]")->state, TS_DEAD);
      ck_assert_uint_eq (gui_thread (r, "ok.main[0]")->latency.count, 50);
      ck_assert_int_eq (r->gui.max_freeze_ns, 0);
      run_result_free (r);
    }
}
END_TEST

/* A hang without `after` comes after `faults` events handled: client a
 * handles events 1-3 and never receives event 4 (80 ms); under sync-rpc the
 * server is stuck on it from then on, before the good client's turn. */
START_TEST (test_client_hang_after_events)
{
  const char *sets[] = { "strategy=sync-rpc", "gui.clients[0].behavior={\"kind\":\"hang\",\"faults\":3}",
                         "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
  RunResult *r = gui_run (freeze_json, sets);
  ck_assert_uint_eq (gui_thread (r, "a.main[0]")->latency.count, 3);
  ck_assert_uint_eq (gui_thread (r, "ok.main[0]")->latency.count, 3);
  ck_assert_int_ge (r->gui.max_freeze_ns, 935 * MS - 10 * US);
  ck_assert_int_le (r->gui.max_freeze_ns, 935 * MS);
  run_result_free (r);
}
END_TEST

Suite *
gui_suite (void)
{
  Suite *s = suite_create ("gui");
  TCase *tc = tcase_create ("source");
  tcase_add_test (tc, test_source_burst_timing);
  tcase_add_test (tc, test_source_period_timing);
  tcase_add_test (tc, test_source_warmup);
  suite_add_tcase (s, tc);
  tc = tcase_create ("buffer");
  tcase_add_test (tc, test_buffer_overflow_drops_oldest_of_that_client_only);
  suite_add_tcase (s, tc);
  tc = tcase_create ("freeze");
  tcase_add_test (tc, test_freeze_spans_the_round);
  tcase_add_test (tc, test_freeze_each_round_its_own);
  tcase_add_test (tc, test_freeze_open_at_end);
  tcase_add_test (tc, test_freeze_none_under_async);
  suite_add_tcase (s, tc);
  tc = tcase_create ("clients");
  tcase_add_test (tc, test_client_crash_drops_as_dead);
  tcase_add_test (tc, test_client_hang_after_events);
  suite_add_tcase (s, tc);
  return s;
}
