/* The seed's GUI claims, run from the bundled scenarios (DESIGN.md C6, C7,
 * C9 and the timeout sweep): each test loads scenarios/<name>.json, changes
 * one or two fields the way a student would with --set, runs it and asserts
 * the numbers the thread's sentences predict. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/machine.h"
#include "sim/scenario.h"

#define MS INT64_C (1000000)
#define US INT64_C (1000)

static RunResult *
claims_gui_run (const char *file, const char *const *sets, ScenarioConfig **cfg_out)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = g_build_filename ("scenarios", file, NULL);
  ScenarioConfig *c = scenario_load_file (path, sets, &err);
  ck_assert_msg (c != NULL, "%s: %s", path, err ? err->message : "?");
  RunResult *r = machine_run (c, NULL);
  if (cfg_out)
    *cfg_out = c;
  else
    scenario_free (c);
  return r;
}

static uint64_t
claims_gui_drops (const RunResult *r, const char *cause)
{
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    if (strcmp (r->gui.dropped_by_cause[i].cause, cause) == 0)
      return r->gui.dropped_by_cause[i].count;
  ck_abort_msg ("no drop cause %s", cause);
  return 0;
}

static const ThreadResult *
claims_gui_thread (const RunResult *r, const char *name)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (strcmp (r->threads[i].name, name) == 0)
      return &r->threads[i];
  ck_abort_msg ("no thread %s", name);
  return NULL;
}

/* Drops of dope-timeout-drops with k busy threads at the editor's priority
 * (k = 0: the busy threads are moved below the editor). */
static uint64_t
c6_drops (int k, const char *events)
{
  g_autofree char *count = g_strdup_printf ("processes[0].threads[0].count=%d", k > 0 ? k : 2);
  const char *prio = k > 0 ? "processes[0].threads[0].priority=50" : "processes[0].threads[0].priority=10";
  const char *sets[] = { count, prio, events, NULL };
  RunResult *r = claims_gui_run ("dope-timeout-drops.json", sets, NULL);
  ck_assert_uint_gt (r->gui.events, 900);
  ck_assert_uint_eq (claims_gui_drops (r, "timeout"), r->gui.dropped);
  uint64_t d = r->gui.dropped;
  run_result_free (r);
  return d;
}

/* C6: a 5 ms timeout, input with exponential gaps (mean 15 ms), and k busy
 * threads with 10 ms slices at the client's priority: no drops for k = 0,
 * drops for every k >= 1, more with every k. */
START_TEST (test_c6_drops_grow_with_busy_threads)
{
  uint64_t prev = 0;
  for (int k = 0; k <= 4; k++)
    {
      uint64_t d = c6_drops (k, "gui.events={\"exp\":\"15ms\"}");
      if (k == 0)
        ck_assert_msg (d == 0, "k = 0: %" G_GUINT64_FORMAT " drops", d);
      else
        ck_assert_msg (d > prev, "k = %d: %" G_GUINT64_FORMAT " drops, k - 1: %" G_GUINT64_FORMAT,
                       k, d, prev);
      prev = d;
    }
}
END_TEST

/* C6, the other half of the lesson: input every 20 ms exactly.  A woken
 * client waits at most (k - 1) slices plus the rest of the running one, so
 * it is back in its receive in time for k <= 2; drops begin at k = 3. */
START_TEST (test_c6_periodic_input_drops_only_at_larger_k)
{
  const char *events = "gui.events={\"period\":\"20ms\"}";
  for (int k = 0; k <= 2; k++)
    ck_assert_msg (c6_drops (k, events) == 0, "k = %d", k);
  uint64_t d3 = c6_drops (3, events), d4 = c6_drops (4, events);
  ck_assert_uint_gt (d3, 0);
  ck_assert_uint_gt (d4, d3);
}
END_TEST

/* C7: a 50 ms timeout and 10 clients that never receive: every round freezes
 * the server for ~500 ms; input every 20 ms piles up and the good clients'
 * median latency exceeds 500 ms. */
START_TEST (test_c7_long_timeout_freezes)
{
  ScenarioConfig *c;
  RunResult *r = claims_gui_run ("dope-freeze.json", NULL, &c);
  ck_assert_int_ge (r->gui.max_freeze_ns, 500 * MS);
  ck_assert_int_le (r->gui.max_freeze_ns, 525 * MS);
  /* every round, not only the worst, lasted ~500 ms: in 5 s the good clients
   * got at most one event per 475 ms */
  uint64_t max_rounds = (uint64_t) (c->duration / (475 * MS)) + 1;
  static const char *const good[] = { "term.main[0]", "clock.main[0]" };
  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      const ThreadResult *t = claims_gui_thread (r, good[i]);
      ck_assert_uint_ge (t->latency.count, max_rounds - 2);
      ck_assert_uint_le (t->latency.count, max_rounds);
      ck_assert_int_gt (t->latency.p50, 500 * MS);
    }
  ck_assert_uint_gt (r->gui.events, 5 * max_rounds);   /* the backlog */
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* C7 with async-signal: the server never waits; the good clients lose
 * nothing; only the stuck clients' own buffers overflow. */
START_TEST (test_c7_async_never_freezes)
{
  const char *sets[] = { "strategy=async-signal", NULL };
  ScenarioConfig *c;
  RunResult *r = claims_gui_run ("dope-freeze.json", sets, &c);
  uint64_t ev = r->gui.events;
  ck_assert_int_le (r->gui.max_freeze_ns, 1 * MS);
  ck_assert_uint_ge (claims_gui_thread (r, "term.main[0]")->latency.count, ev - 1);
  ck_assert_uint_ge (claims_gui_thread (r, "clock.main[0]")->latency.count, ev - 1);
  ck_assert_int_lt (claims_gui_thread (r, "term.main[0]")->latency.max, 1 * MS);
  ck_assert_uint_eq (claims_gui_drops (r, "timeout"), 0);
  ck_assert_uint_eq (claims_gui_drops (r, "overflow"), r->gui.dropped);
  /* each stuck client keeps its newest `buffer` events and loses the rest */
  uint64_t per_stuck = ev - (uint64_t) c->gui.buffer;
  ck_assert_uint_le (r->gui.dropped, 10 * per_stuck);
  ck_assert_uint_ge (r->gui.dropped, 10 * (per_stuck - 1));
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* sync-rpc and one client that hangs (at 1 s): the server is frozen from
 * then on, to the end of the run. */
START_TEST (test_c7_sync_one_hang_freezes_for_good)
{
  const char *sets[] = { "strategy=sync-rpc", "processes[0].threads[0].count=1",
                         "gui.clients[0].behavior={\"kind\":\"hang\",\"after\":\"1s\"}", NULL };
  ScenarioConfig *c;
  RunResult *r = claims_gui_run ("dope-timeout-drops.json", sets, &c);
  /* frozen from the first event after 1 s (one gap, < 200 ms) to the end */
  ck_assert_int_ge (r->gui.max_freeze_ns, c->duration - 1000 * MS - 200 * MS);
  ck_assert_uint_eq (r->gui.dropped, 0);
  ck_assert_uint_lt (r->gui.delivered, 120);           /* ~67 events in 1 s */
  ck_assert_uint_gt (r->gui.events, 1000);
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* C9: a timer thread sleeping by receive timeout wakes on time, late by no
 * more than one context switch - plus, at worst, the rest of one kernel
 * operation a lower thread was in, which is not preemptible - and loses no
 * wake-up, whatever load of lower priority runs. */
START_TEST (test_c9_timer_driver_on_time)
{
  static const char *const loads[] = { "processes[2].threads[0].count=1",
                                       "processes[2].threads[0].count=4",
                                       "processes[2].threads[0].count=32" };
  for (size_t i = 0; i < G_N_ELEMENTS (loads); i++)
    {
      const char *sets[] = { loads[i], NULL };
      ScenarioConfig *c;
      RunResult *r = claims_gui_run ("timer-driver.json", sets, &c);
      const KernelCosts *k = &c->kernel.costs;
      int64_t op = MAX (MAX (k->ipc, k->signal), MAX (k->fault_entry, k->map));
      ck_assert_int_le (r->timer.max_error_ns, k->context_switch + op);
      /* a 10 ms sleep plus a few kernel operations per period */
      ck_assert_uint_ge (r->timer.wakeups, (uint64_t) (c->duration / (10 * MS + 10 * US)));
      ck_assert_uint_le (r->timer.wakeups, (uint64_t) (c->duration / (10 * MS)));
      run_result_free (r);
      scenario_free (c);
    }
}
END_TEST

/* C9 with a 1 ms timer tick: each wake is late by less than one tick; a
 * sleep loop then takes 11 ms a period, and still loses nothing. */
START_TEST (test_c9_timer_driver_tick)
{
  const char *sets[] = { "kernel.timer_tick=1ms", NULL };
  ScenarioConfig *c;
  RunResult *r = claims_gui_run ("timer-driver.json", sets, &c);
  ck_assert_int_lt (r->timer.max_error_ns, 1 * MS);
  ck_assert_int_gt (r->timer.max_error_ns, 0);
  ck_assert_uint_eq (r->timer.wakeups, (uint64_t) (c->duration / (11 * MS)));
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* The dilemma: over a sweep of the timeout, drops fall and the worst freeze
 * rises; none of the values gives both few drops and short freezes. */
START_TEST (test_timeout_sweep_dilemma)
{
  static const int64_t timeouts_ms[] = { 1, 5, 20, 100 };
  uint64_t drops[G_N_ELEMENTS (timeouts_ms)];
  int64_t freeze[G_N_ELEMENTS (timeouts_ms)];
  for (size_t i = 0; i < G_N_ELEMENTS (timeouts_ms); i++)
    {
      g_autofree char *set = g_strdup_printf ("kernel.ipc_timeout=%" G_GINT64_FORMAT "ms", timeouts_ms[i]);
      const char *sets[] = { set, NULL };
      RunResult *r = claims_gui_run ("timeout-dilemma.json", sets, NULL);
      drops[i] = r->gui.dropped;
      freeze[i] = r->gui.max_freeze_ns;
      /* the worst round waits a whole timeout for broken, at least */
      ck_assert_int_ge (freeze[i], timeouts_ms[i] * MS);
      run_result_free (r);
      if (i > 0)
        {
          ck_assert_msg (drops[i] < drops[i - 1], "%" G_GINT64_FORMAT " ms: %" G_GUINT64_FORMAT
                         " drops, not fewer than %" G_GUINT64_FORMAT, timeouts_ms[i], drops[i], drops[i - 1]);
          ck_assert_msg (freeze[i] > freeze[i - 1], "%" G_GINT64_FORMAT " ms: freeze %" G_GINT64_FORMAT
                         " ns, not longer than %" G_GINT64_FORMAT, timeouts_ms[i], freeze[i], freeze[i - 1]);
        }
    }
  ck_assert_uint_gt (drops[0], 10 * drops[G_N_ELEMENTS (timeouts_ms) - 1]);
  ck_assert_int_le (freeze[0], 5 * MS);
}
END_TEST

Suite *
claims_gui_suite (void)
{
  Suite *s = suite_create ("claims_gui");
  TCase *tc = tcase_create ("C6");
  tcase_add_test (tc, test_c6_drops_grow_with_busy_threads);
  tcase_add_test (tc, test_c6_periodic_input_drops_only_at_larger_k);
  suite_add_tcase (s, tc);
  tc = tcase_create ("C7");
  tcase_add_test (tc, test_c7_long_timeout_freezes);
  tcase_add_test (tc, test_c7_async_never_freezes);
  tcase_add_test (tc, test_c7_sync_one_hang_freezes_for_good);
  suite_add_tcase (s, tc);
  tc = tcase_create ("C9");
  tcase_add_test (tc, test_c9_timer_driver_on_time);
  tcase_add_test (tc, test_c9_timer_driver_tick);
  suite_add_tcase (s, tc);
  tc = tcase_create ("dilemma");
  tcase_add_test (tc, test_timeout_sweep_dilemma);
  suite_add_tcase (s, tc);
  return s;
}
