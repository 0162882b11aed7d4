/* Tests of sim/engine/engine.c: what sim_run runs and where it leaves the clock,
 * the max_events guard, sim_stop, scheduling and cancelling from handlers,
 * and the streams it hands out. */
#include <check.h>
#include <string.h>

#include <glib.h>

#include "sim/engine/engine.h"

static SimEngine *eng;

/* What the handlers saw, in order. */
#define LOG_MAX 64
static struct {
  SimTime at[LOG_MAX];   /* sim_now () inside the handler */
  int tag[LOG_MAX];
  int n;
} seen;

static void
setup (void)
{
  eng = sim_engine_new (77);
  memset (&seen, 0, sizeof seen);
}

static void
teardown (void)
{
  sim_engine_free (eng);
  eng = NULL;
}

#define TAG(i) ((void *) (intptr_t) (i))

static void
note (void *data)
{
  if (seen.n < LOG_MAX)
    {
      seen.at[seen.n] = sim_now (eng);
      seen.tag[seen.n] = (int) (intptr_t) data;
    }
  seen.n++;
}

/* ---- run ---- */

START_TEST (test_engine_new_state)
{
  ck_assert_int_eq (sim_now (eng), 0);
  ck_assert_uint_eq (sim_seed (eng), 77);
  ck_assert_uint_eq (sim_events (eng), 0);
  ck_assert_uint_eq (sim_pending (eng), 0);
}
END_TEST

START_TEST (test_engine_run_until_inclusive)
{
  sim_schedule (eng, 30, note, TAG (3));
  sim_schedule (eng, 10, note, TAG (1));
  sim_schedule (eng, 20, note, TAG (2));

  /* An event due exactly at `until` runs. */
  ck_assert_int_eq (sim_run (eng, 20, UINT64_MAX), SIM_RUN_DONE);
  ck_assert_int_eq (seen.n, 2);
  ck_assert_int_eq (seen.tag[0], 1);
  ck_assert_int_eq (seen.at[0], 10);
  ck_assert_int_eq (seen.tag[1], 2);
  ck_assert_int_eq (seen.at[1], 20);
  ck_assert_int_eq (sim_now (eng), 20);
  ck_assert_uint_eq (sim_pending (eng), 1);
  ck_assert_uint_eq (sim_events (eng), 2);

  /* Nothing due: the clock still moves to `until`. */
  ck_assert_int_eq (sim_run (eng, 25, UINT64_MAX), SIM_RUN_DONE);
  ck_assert_int_eq (seen.n, 2);
  ck_assert_int_eq (sim_now (eng), 25);

  ck_assert_int_eq (sim_run (eng, 100, UINT64_MAX), SIM_RUN_DONE);
  ck_assert_int_eq (seen.n, 3);
  ck_assert_int_eq (seen.at[2], 30);
  ck_assert_int_eq (sim_now (eng), 100);
  ck_assert_uint_eq (sim_pending (eng), 0);
  ck_assert_uint_eq (sim_events (eng), 3);
}
END_TEST

START_TEST (test_engine_run_empty)
{
  ck_assert_int_eq (sim_run (eng, 1000, UINT64_MAX), SIM_RUN_DONE);
  ck_assert_int_eq (sim_now (eng), 1000);
  ck_assert_uint_eq (sim_events (eng), 0);
}
END_TEST

/* At 10: schedules one event at 10 (now) and one 5 ns later. */
static void
spawner (void *data)
{
  note (data);
  sim_schedule (eng, sim_now (eng), note, TAG (4));
  sim_schedule_in (eng, 5, note, TAG (5));
}

START_TEST (test_engine_schedule_from_handler)
{
  sim_schedule (eng, 10, spawner, TAG (1));
  sim_schedule (eng, 10, note, TAG (2));
  sim_schedule (eng, 12, note, TAG (3));

  ck_assert_int_eq (sim_run (eng, 50, UINT64_MAX), SIM_RUN_DONE);
  /* The event scheduled at "now" runs after those already due then. */
  static const int tags[] = { 1, 2, 4, 3, 5 };
  static const SimTime at[] = { 10, 10, 10, 12, 15 };
  ck_assert_int_eq (seen.n, 5);
  for (int i = 0; i < 5; i++)
    {
      ck_assert_int_eq (seen.tag[i], tags[i]);
      ck_assert_int_eq (seen.at[i], at[i]);
    }
}
END_TEST

START_TEST (test_engine_schedule_in_relative)
{
  sim_run (eng, 100, UINT64_MAX);
  sim_schedule_in (eng, 50, note, TAG (1));
  sim_schedule_in (eng, 0, note, TAG (0));
  sim_run (eng, 1000, UINT64_MAX);
  ck_assert_int_eq (seen.n, 2);
  ck_assert_int_eq (seen.at[0], 100);
  ck_assert_int_eq (seen.at[1], 150);

  /* Past the end of time: saturates instead of wrapping into the past. */
  ck_assert_uint_ne (sim_schedule_in (eng, INT64_MAX, note, TAG (9)), 0);
  ck_assert_int_eq (sim_run (eng, INT64_MAX, UINT64_MAX), SIM_RUN_DONE);
  ck_assert_int_eq (seen.n, 3);
  ck_assert_int_eq (seen.at[2], INT64_MAX);
}
END_TEST

static int criticals;

static void
count_criticals (const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
  (void) domain;
  (void) msg;
  (void) data;
  if (level & G_LOG_LEVEL_CRITICAL)
    criticals++;
}

START_TEST (test_engine_schedule_in_past_rejected)
{
  criticals = 0;
  g_log_set_default_handler (count_criticals, NULL);
  sim_run (eng, 100, UINT64_MAX);
  ck_assert_uint_eq (sim_schedule (eng, 99, note, NULL), 0);
  ck_assert_uint_eq (sim_schedule_in (eng, -1, note, NULL), 0);
  ck_assert_int_eq (criticals, 2);
  ck_assert_uint_eq (sim_pending (eng), 0);
}
END_TEST

/* ---- guards ---- */

/* Reschedules itself 1 ns later, forever. */
static void
runaway (void *data)
{
  note (data);
  sim_schedule_in (eng, 1, runaway, data);
}

START_TEST (test_engine_max_events)
{
  sim_schedule (eng, 0, runaway, NULL);

  ck_assert_int_eq (sim_run (eng, 1000000, 1000), SIM_RUN_MAX_EVENTS);
  ck_assert_uint_eq (sim_events (eng), 1000);
  ck_assert_int_eq (seen.n, 1000);
  /* The clock stays at the last event run. */
  ck_assert_int_eq (sim_now (eng), 999);

  /* The guard counts per call: a second run gets its own budget. */
  ck_assert_int_eq (sim_run (eng, 1000000, 10), SIM_RUN_MAX_EVENTS);
  ck_assert_uint_eq (sim_events (eng), 1010);
  ck_assert_int_eq (sim_now (eng), 1009);

  /* Zero: nothing runs. */
  ck_assert_int_eq (sim_run (eng, 1000000, 0), SIM_RUN_MAX_EVENTS);
  ck_assert_uint_eq (sim_events (eng), 1010);
}
END_TEST

START_TEST (test_engine_max_events_exact_is_done)
{
  for (int i = 1; i <= 3; i++)
    sim_schedule (eng, i * 10, note, TAG (i));
  sim_schedule (eng, 500, note, TAG (4));   /* after `until`: not counted */

  ck_assert_int_eq (sim_run (eng, 100, 3), SIM_RUN_DONE);
  ck_assert_int_eq (seen.n, 3);
  ck_assert_int_eq (sim_now (eng), 100);
}
END_TEST

static void
stopper (void *data)
{
  note (data);
  sim_stop (eng);
}

START_TEST (test_engine_stop)
{
  sim_schedule (eng, 10, note, TAG (1));
  sim_schedule (eng, 20, stopper, TAG (2));
  sim_schedule (eng, 20, note, TAG (3));
  sim_schedule (eng, 30, note, TAG (4));

  ck_assert_int_eq (sim_run (eng, 100, UINT64_MAX), SIM_RUN_STOPPED);
  ck_assert_int_eq (seen.n, 2);
  ck_assert_int_eq (sim_now (eng), 20);
  ck_assert_uint_eq (sim_pending (eng), 2);

  /* The stop is spent: running again resumes where it stopped. */
  ck_assert_int_eq (sim_run (eng, 100, UINT64_MAX), SIM_RUN_DONE);
  ck_assert_int_eq (seen.n, 4);
  ck_assert_int_eq (seen.tag[2], 3);
  ck_assert_int_eq (seen.tag[3], 4);
  ck_assert_int_eq (sim_now (eng), 100);
}
END_TEST

START_TEST (test_engine_stop_before_run)
{
  sim_schedule (eng, 10, note, TAG (1));
  sim_stop (eng);
  ck_assert_int_eq (sim_run (eng, 100, UINT64_MAX), SIM_RUN_STOPPED);
  ck_assert_int_eq (seen.n, 0);
  ck_assert_int_eq (sim_now (eng), 0);
}
END_TEST

/* ---- cancel ---- */

static struct {
  SimEventId self, later, same_time, ran_already;
  bool self_ok, later_ok, same_ok, ran_ok;
} cx;

static void
canceller (void *data)
{
  note (data);
  cx.self_ok = sim_cancel (eng, cx.self);
  cx.later_ok = sim_cancel (eng, cx.later);
  cx.same_ok = sim_cancel (eng, cx.same_time);
  cx.ran_ok = sim_cancel (eng, cx.ran_already);
}

START_TEST (test_engine_cancel_in_handler)
{
  memset (&cx, 0, sizeof cx);
  cx.ran_already = sim_schedule (eng, 5, note, TAG (1));
  cx.self = sim_schedule (eng, 10, canceller, TAG (2));
  cx.same_time = sim_schedule (eng, 10, note, TAG (90));
  cx.later = sim_schedule (eng, 20, note, TAG (91));
  sim_schedule (eng, 30, note, TAG (3));

  ck_assert_int_eq (sim_run (eng, 100, UINT64_MAX), SIM_RUN_DONE);
  ck_assert (!cx.self_ok);     /* it is running: nothing to cancel */
  ck_assert (cx.later_ok);
  ck_assert (cx.same_ok);
  ck_assert (!cx.ran_ok);
  ck_assert_int_eq (seen.n, 3);
  for (int i = 0; i < 3; i++)
    ck_assert_int_eq (seen.tag[i], i + 1);
  ck_assert_uint_eq (sim_events (eng), 3);
}
END_TEST

/* Re-arms a timeout on every call, as a time-slice or IPC timeout does;
 * only the last one armed may fire. */
static SimEventId timeout_id;

static void
rearm (void *data)
{
  note (data);
  if (seen.n < 5)
    {
      sim_cancel (eng, timeout_id);
      timeout_id = sim_schedule_in (eng, 100, note, TAG (100 + seen.n));
      sim_schedule_in (eng, 10, rearm, data);
    }
}

START_TEST (test_engine_cancel_rearmed_timeout)
{
  timeout_id = sim_schedule (eng, 100, note, TAG (100));
  sim_schedule (eng, 0, rearm, TAG (1));

  sim_run (eng, 10000, UINT64_MAX);
  /* rearm at 0, 10, 20, 30, 40; the last timeout armed (at 30) fires at 130. */
  ck_assert_int_eq (seen.n, 6);
  ck_assert_int_eq (seen.tag[5], 104);
  ck_assert_int_eq (seen.at[5], 130);
  ck_assert_uint_eq (sim_pending (eng), 0);
}
END_TEST

/* ---- streams ---- */

START_TEST (test_engine_rng_from_seed)
{
  RngStream a, b, c;

  sim_rng (eng, &a, "managers/swap");
  rng_init (&b, 77, "managers/swap");
  ck_assert_mem_eq (&a, &b, sizeof a);

  SimEngine *other = sim_engine_new (78);
  sim_rng (other, &c, "managers/swap");
  ck_assert_uint_ne (rng_next (&a), rng_next (&c));
  sim_engine_free (other);
}
END_TEST

Suite *engine_suite (void)
{
  Suite *s = suite_create ("engine");

  TCase *tc = tcase_create ("run");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_engine_new_state);
  tcase_add_test (tc, test_engine_run_until_inclusive);
  tcase_add_test (tc, test_engine_run_empty);
  tcase_add_test (tc, test_engine_schedule_from_handler);
  tcase_add_test (tc, test_engine_schedule_in_relative);
  tcase_add_test (tc, test_engine_schedule_in_past_rejected);
  suite_add_tcase (s, tc);

  tc = tcase_create ("guards");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_engine_max_events);
  tcase_add_test (tc, test_engine_max_events_exact_is_done);
  tcase_add_test (tc, test_engine_stop);
  tcase_add_test (tc, test_engine_stop_before_run);
  suite_add_tcase (s, tc);

  tc = tcase_create ("cancel");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_engine_cancel_in_handler);
  tcase_add_test (tc, test_engine_cancel_rearmed_timeout);
  suite_add_tcase (s, tc);

  tc = tcase_create ("streams");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_engine_rng_from_seed);
  suite_add_tcase (s, tc);

  return s;
}
