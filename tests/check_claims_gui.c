/* The seed's GUI claims, run from the bundled scenarios (DESIGN.md C6, C7,
 * C9 and the timeout sweep): each test loads scenarios/<name>.json, changes
 * one or two fields the way a student would with --set, runs it and asserts
 * the numbers the thread's sentences predict. */
#include <check.h>
#include <glib.h>

#include "tests/gui_fixture.h"

#define MS GF_MS
#define US GF_US

/* The seeds each statistical claim is checked under, so that no test holds
 * for one lucky draw only. */
static const char *const claims_gui_seeds[] = { "seed=1", "seed=2", "seed=3" };

/* Drops of dope-timeout-drops with k busy threads at the editor's priority
 * (k = 0: the busy threads are moved below the editor), with the --set
 * lines `extra` (NULL-terminated) on top. */
static uint64_t
c6_drops (int k, const char *const *extra)
{
  g_autofree char *count = g_strdup_printf ("processes[0].threads[0].count=%d", k > 0 ? k : 2);
  g_autoptr (GPtrArray) sets = g_ptr_array_new ();
  g_ptr_array_add (sets, count);
  g_ptr_array_add (sets, k > 0 ? "processes[0].threads[0].priority=50" : "processes[0].threads[0].priority=10");
  for (size_t i = 0; extra[i]; i++)
    g_ptr_array_add (sets, (char *) extra[i]);
  g_ptr_array_add (sets, NULL);
  RunResult *r = gf_run_file ("dope-timeout-drops.json", (const char *const *) sets->pdata, NULL);
  ck_assert_uint_gt (r->gui.events, 900);
  ck_assert_uint_eq (gf_drops (r, "timeout"), r->gui.dropped);
  uint64_t d = r->gui.dropped;
  run_result_free (r);
  return d;
}

/* C6: a 5 ms timeout, input with exponential gaps (mean 15 ms), and k busy
 * threads with 10 ms slices at the client's priority: no drops for k = 0,
 * drops for every k >= 1, more with every k, under each seed.  (Measured
 * over seeds 1-10 the drops for k = 0..5 were 0, 77-104, 390-443, 600-679,
 * 740-819 and 823-891 of ~1300 events: far apart.) */
START_TEST (test_c6_drops_grow_with_busy_threads)
{
  for (size_t s = 0; s < G_N_ELEMENTS (claims_gui_seeds); s++)
    {
      const char *extra[] = { claims_gui_seeds[s], "gui.events={\"exp\":\"15ms\"}", NULL };
      uint64_t prev = 0;
      for (int k = 0; k <= 4; k++)
        {
          uint64_t d = c6_drops (k, extra);
          if (k == 0)
            ck_assert_msg (d == 0, "%s, k = 0: %" G_GUINT64_FORMAT " drops", claims_gui_seeds[s], d);
          else
            ck_assert_msg (d > prev, "%s, k = %d: %" G_GUINT64_FORMAT " drops, k - 1: %" G_GUINT64_FORMAT,
                           claims_gui_seeds[s], k, d, prev);
          prev = d;
        }
    }
}
END_TEST

/* C6, the other half of the lesson: input every 20 ms exactly.  A woken
 * client waits for the rest of the running busy thread's slice and k - 1
 * whole slices, so for k <= 2 it is back in its receive within 20 ms plus
 * its handling - well inside the 5 ms timeout of the next event - whatever
 * the phase of the input against the slices; for k = 3 the wait reaches
 * 30 ms and events are lost whenever the running slice had more than about
 * 5 ms left.  With a constant handling time nothing in the scenario is
 * random (every seed gives the same run), so the phase is varied too: with
 * handling times drawn from exp(200 us) under three seeds. */
START_TEST (test_c6_periodic_input_drops_only_at_larger_k)
{
  const char *period = "gui.events={\"period\":\"20ms\"}";
  const char *variants[][3] = {
    { period, NULL },
    { period, "gui.clients[0].handle={\"exp\":\"200us\"}", claims_gui_seeds[0] },
    { period, "gui.clients[0].handle={\"exp\":\"200us\"}", claims_gui_seeds[1] },
    { period, "gui.clients[0].handle={\"exp\":\"200us\"}", claims_gui_seeds[2] },
  };
  for (size_t v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const char *extra[] = { variants[v][0], variants[v][1], variants[v][2], NULL };
      for (int k = 0; k <= 2; k++)
        ck_assert_msg (c6_drops (k, extra) == 0, "variant %zu, k = %d", v, k);
      uint64_t d3 = c6_drops (3, extra), d4 = c6_drops (4, extra);
      ck_assert_msg (d3 > 0, "variant %zu, k = 3: no drops", v);
      ck_assert_msg (d4 > d3, "variant %zu: %" G_GUINT64_FORMAT " drops for k = 4, %" G_GUINT64_FORMAT
                     " for k = 3", v, d4, d3);
    }
}
END_TEST

/* C7: a 50 ms timeout and 10 clients that never receive: every round freezes
 * the server for ~500 ms; input every 20 ms piles up and the good clients'
 * median latency exceeds 500 ms. */
START_TEST (test_c7_long_timeout_freezes)
{
  ScenarioConfig *c;
  RunResult *r = gf_run_file ("dope-freeze.json", NULL, &c);
  ck_assert_int_ge (r->gui.max_freeze_ns, 500 * MS);
  ck_assert_int_le (r->gui.max_freeze_ns, 525 * MS);
  /* every round, not only the worst, lasted ~500 ms: in 5 s the good clients
   * got at most one event per 475 ms */
  uint64_t max_rounds = (uint64_t) (c->duration / (475 * MS)) + 1;
  static const char *const good[] = { "term.main[0]", "clock.main[0]" };
  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      const ThreadResult *t = gf_thread (r, good[i]);
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
  RunResult *r = gf_run_file ("dope-freeze.json", sets, &c);
  uint64_t ev = r->gui.events;
  ck_assert_int_le (r->gui.max_freeze_ns, 1 * MS);
  ck_assert_uint_ge (gf_thread (r, "term.main[0]")->latency.count, ev - 1);
  ck_assert_uint_ge (gf_thread (r, "clock.main[0]")->latency.count, ev - 1);
  ck_assert_int_lt (gf_thread (r, "term.main[0]")->latency.max, 1 * MS);
  ck_assert_uint_eq (gf_drops (r, "timeout"), 0);
  ck_assert_uint_eq (gf_drops (r, "overflow"), r->gui.dropped);
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
  RunResult *r = gf_run_file ("dope-timeout-drops.json", sets, &c);
  /* frozen from the first event after 1 s (one gap, < 200 ms) to the end */
  ck_assert_int_ge (r->gui.max_freeze_ns, c->duration - 1000 * MS - 200 * MS);
  ck_assert_uint_eq (r->gui.dropped, 0);
  ck_assert_uint_lt (r->gui.delivered, 120);           /* ~67 events in 1 s */
  ck_assert_uint_gt (r->gui.events, 1000);
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* C9: a timer thread sleeping by receive timeout wakes on time and loses no
 * wake-up, whatever load of lower priority runs.  "On time" is read the way
 * the model, Fiasco and seL4 work: kernel operations are not preemptible, so
 * the deadline may fall while a lower thread is in one (here the clients'
 * call to fs and fs's reply-and-wait, each `ipc`); the driver runs once
 * that operation is done and it is switched in.  Its error is therefore at
 * least one context switch (the CPU is never idle) and at most one context
 * switch plus the longest kernel work of a lower-priority thread (an IPC
 * operation, or the switch into it), and across these loads and seeds the
 * second term shows up, so the bound is needed as stated. */
START_TEST (test_c9_timer_driver_on_time)
{
  static const char *const loads[] = { "processes[1].threads[0].count=1",
                                       "processes[1].threads[0].count=2",
                                       "processes[1].threads[0].count=8" };
  int64_t worst = 0, switch_ns = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (loads); i++)
    for (size_t s = 0; s < G_N_ELEMENTS (claims_gui_seeds); s++)
      {
        const char *sets[] = { loads[i], claims_gui_seeds[s], NULL };
        ScenarioConfig *c;
        RunResult *r = gf_run_file ("timer-driver.json", sets, &c);
        const KernelCosts *k = &c->kernel.costs;
        switch_ns = k->context_switch;
        /* The longest kernel work of a lower thread: an IPC operation, or
         * its own switch in. */
        int64_t longest = MAX (k->ipc, k->context_switch);
        ck_assert_msg (r->timer.max_error_ns >= k->context_switch
                       && r->timer.max_error_ns <= k->context_switch + longest,
                       "%s, %s: late by %" G_GINT64_FORMAT " ns", loads[i], claims_gui_seeds[s],
                       r->timer.max_error_ns);
        worst = MAX (worst, r->timer.max_error_ns);
        /* a 10 ms sleep plus a few kernel operations per period */
        ck_assert_uint_ge (r->timer.wakeups, (uint64_t) (c->duration / (10 * MS + 10 * US)));
        ck_assert_uint_le (r->timer.wakeups, (uint64_t) (c->duration / (10 * MS)));
        run_result_free (r);
        scenario_free (c);
      }
  ck_assert_int_gt (worst, switch_ns);
}
END_TEST

/* ... and the part beyond one context switch is the lower threads' kernel
 * work: with IPC free of cost the driver is late by exactly one switch. */
START_TEST (test_c9_timer_driver_free_ipc)
{
  const char *sets[] = { "kernel.costs.ipc=0ns", "processes[1].threads[0].count=8", NULL };
  ScenarioConfig *c;
  RunResult *r = gf_run_file ("timer-driver.json", sets, &c);
  ck_assert_int_eq (r->timer.max_error_ns, c->kernel.costs.context_switch);
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* C9 with a 1 ms timer tick: each wake is late by less than one tick; a
 * sleep loop then takes 11 ms a period, and still loses nothing. */
START_TEST (test_c9_timer_driver_tick)
{
  const char *sets[] = { "kernel.timer_tick=1ms", NULL };
  ScenarioConfig *c;
  RunResult *r = gf_run_file ("timer-driver.json", sets, &c);
  ck_assert_int_lt (r->timer.max_error_ns, 1 * MS);
  ck_assert_int_gt (r->timer.max_error_ns, 0);
  ck_assert_uint_eq (r->timer.wakeups, (uint64_t) (c->duration / (11 * MS)));
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* The dilemma: over a sweep of the timeout, drops fall and the worst freeze
 * rises; none of the values gives both few drops and short freezes.  Under
 * each seed (seeds 1-5 gave 719-753, 632-657, 275-289 and 49 drops and
 * freezes of 2, 10, 22-40 and 100-121 ms for 1, 5, 20 and 100 ms). */
START_TEST (test_timeout_sweep_dilemma)
{
  static const int64_t timeouts_ms[] = { 1, 5, 20, 100 };
  for (size_t s = 0; s < G_N_ELEMENTS (claims_gui_seeds); s++)
    {
      uint64_t drops[G_N_ELEMENTS (timeouts_ms)];
      int64_t freeze[G_N_ELEMENTS (timeouts_ms)];
      for (size_t i = 0; i < G_N_ELEMENTS (timeouts_ms); i++)
        {
          g_autofree char *set = g_strdup_printf ("kernel.ipc_timeout=%" G_GINT64_FORMAT "ms", timeouts_ms[i]);
          const char *sets[] = { set, claims_gui_seeds[s], NULL };
          RunResult *r = gf_run_file ("timeout-dilemma.json", sets, NULL);
          drops[i] = r->gui.dropped;
          freeze[i] = r->gui.max_freeze_ns;
          /* the worst round waits a whole timeout for broken, at least */
          ck_assert_int_ge (freeze[i], timeouts_ms[i] * MS);
          run_result_free (r);
          if (i > 0)
            {
              ck_assert_msg (drops[i] < drops[i - 1], "%s, %" G_GINT64_FORMAT " ms: %" G_GUINT64_FORMAT
                             " drops, not fewer than %" G_GUINT64_FORMAT, claims_gui_seeds[s],
                             timeouts_ms[i], drops[i], drops[i - 1]);
              ck_assert_msg (freeze[i] > freeze[i - 1], "%s, %" G_GINT64_FORMAT " ms: freeze %"
                             G_GINT64_FORMAT " ns, not longer than %" G_GINT64_FORMAT,
                             claims_gui_seeds[s], timeouts_ms[i], freeze[i], freeze[i - 1]);
            }
        }
      ck_assert_uint_gt (drops[0], 10 * drops[G_N_ELEMENTS (timeouts_ms) - 1]);
      ck_assert_int_le (freeze[0], 5 * MS);
    }
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
  tcase_add_test (tc, test_c9_timer_driver_free_ipc);
  tcase_add_test (tc, test_c9_timer_driver_tick);
  suite_add_tcase (s, tc);
  tc = tcase_create ("dilemma");
  tcase_add_test (tc, test_timeout_sweep_dilemma);
  suite_add_tcase (s, tc);
  return s;
}
