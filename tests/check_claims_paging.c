/* The seed thread's paging claims (DESIGN.md C1-C5, C8, C10-C12 and
 * nesting), each asserted with numbers on a bundled scenario run as a user
 * would run it: scenario_load_file with --set overrides, then machine_run.
 * Every run is short in wall time (milliseconds). */
#include <check.h>
#include <glib.h>

#include "models/machine.h"
#include "sim/scenario.h"

#define US INT64_C (1000)
#define MS INT64_C (1000000)

/* Runs scenarios/<name>.json with `sets` (NULL-terminated, may be NULL). */
static RunResult *
run (const char *name, const char *const *sets)
{
  g_autofree char *path = g_strdup_printf ("scenarios/%s.json", name);
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_file (path, sets, &err);
  ck_assert_msg (c != NULL, "%s: %s", path, err ? err->message : "?");
  RunResult *r = machine_run (c, NULL);
  scenario_free (c);
  ck_assert (!r->max_events_hit);
  return r;
}

static const ThreadResult *
thread (const RunResult *r, const char *name)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (g_str_equal (r->threads[i].name, name))
      return &r->threads[i];
  ck_abort_msg ("no thread %s", name);
  return NULL;
}

static double
ipc_per_fault (const RunResult *r)
{
  return (double) r->kernel.ipc / (double) r->faults.total;
}

/* ---------------------------------------------------------------- C1, C2 */

/* hung-manager: evil hangs at 200 ms of 1 s; viewer.render (2) are the
 * culprits; app.worker (4, heap of a healthy manager) and tools.grep (2,
 * a plain dataspace) are innocent. */
START_TEST (test_claim_c1_sync_rpc_stalls_everyone)
{
  const char *sets[] = { "strategy=sync-rpc", NULL };
  RunResult *r = run ("hung-manager", sets);
  /* Every innocent thread stalls, also those on the plain rom. */
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, 6);
  ck_assert_int_eq (thread (r, "tools.grep[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (thread (r, "tools.grep[1]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (thread (r, "app.worker[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_uint_eq (r->faults.unresolved, 8);
  /* Six of them are the innocent threads', one each; two the culprits'. */
  ck_assert_uint_eq (r->faults.innocent_unresolved, 6);
  ck_assert_uint_eq (r->faults.culprit_unresolved, 2);
  /* Core is blocked from the first reflection after the hang (faults to evil
   * come every millisecond or so) to the end, in one stall. */
  ck_assert_int_ge (r->core.blocked_ns, 1000 * MS - 200 * MS - 5 * MS);
  ck_assert_int_ge (r->core.max_stall_ns, 1000 * MS - 200 * MS - 5 * MS);
  ck_assert_int_eq (thread (r, "core.pager[0]")->state, TS_BLOCKED_SEND);
  run_result_free (r);
}
END_TEST

START_TEST (test_claim_c2_async_signal_keeps_core_independent)
{
  RunResult *hang = run ("hung-manager", NULL);
  const char *sets[] = { "managers[1].behavior.kind=ok", NULL };
  RunResult *ok = run ("hung-manager", sets);
  ck_assert_str_eq (hang->strategy, "async-signal");
  /* Only the hung manager's own faults stay pending. */
  ck_assert_uint_eq (hang->faults.unresolved, 2);
  ck_assert_uint_eq (hang->faults.innocent_unresolved, 0);
  ck_assert_uint_eq (hang->faults.culprit_unresolved, 2);
  ck_assert_int_eq (thread (hang, "viewer.render[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (thread (hang, "viewer.render[1]")->state, TS_BLOCKED_FAULT);
  ck_assert_uint_eq (hang->faults.innocent_stalled_threads, 0);
  ck_assert_int_eq (hang->core.blocked_ns, 0);
  ck_assert_int_eq (hang->core.max_stall_ns, 0);
  /* Innocent p99 within 10 % of the run without the hang. */
  ck_assert_uint_gt (hang->faults.innocent_latency.count, 1000);
  ck_assert_int_le (hang->faults.innocent_latency.p99 * 10, ok->faults.innocent_latency.p99 * 11);
  run_result_free (hang);
  run_result_free (ok);
}
END_TEST

/* ------------------------------------------------------------------- C3 */

START_TEST (test_claim_c3_async_costs_more_messages)
{
  RunResult *async = run ("message-cost", NULL);
  const char *sets[] = { "strategy=sync-rpc", NULL };
  RunResult *sync = run ("message-cost", sets);
  ck_assert_uint_gt (async->faults.resolved, 1000);
  ck_assert_uint_gt (sync->faults.resolved, 1000);
  /* Signal, fault(), attach, the wake-up and a second fault: about 3 times
   * the messages per fault. */
  ck_assert_double_gt (ipc_per_fault (async), 2.5 * ipc_per_fault (sync));
  ck_assert_double_gt (async->faults.latency.mean, sync->faults.latency.mean);
  /* Where the difference goes: waiting for the manager (signal and fault()
   * RPC), the re-fault, and the attach on the way back. */
  const FaultBreakdown *a = &async->faults.breakdown, *s = &sync->faults.breakdown;
  ck_assert_int_gt (a->manager_wait, s->manager_wait);
  ck_assert_int_gt (a->refault, 0);
  ck_assert_int_eq (s->refault, 0);
  int64_t extra = (a->manager_wait - s->manager_wait) + a->refault + (a->map - s->map);
  ck_assert_double_ge ((double) extra, 0.5 * (async->faults.latency.mean - sync->faults.latency.mean));
  run_result_free (async);
  run_result_free (sync);
}
END_TEST

/* ------------------------------------------------------------------- C4 */

START_TEST (test_claim_c4_local_rm_needs_a_mapping_database)
{
  RunResult *lrm = run ("mapping-database", NULL);
  ck_assert_str_eq (lrm->strategy, "local-region-mapper");
  ck_assert_uint_gt (lrm->kernel.mapdb_entries_peak, 0);
  ck_assert_int_eq (lrm->kernel.mapdb_bytes_peak, (int64_t) lrm->kernel.mapdb_entries_peak * 32);
  /* Region mappers' own pages, paged by core: 4 per process. */
  ck_assert_uint_eq (lrm->kernel.rm_self_faults, 8);
  /* Nothing is evicted here: all revocation is scratch's exit at 300 ms. */
  ck_assert_int_gt (lrm->kernel.revocation_ns, 0);
  ck_assert_int_eq (lrm->kernel.revocation_ns % 100, 0);

  /* The entries grow with the pages mapped. */
  const char *early[] = { "duration=100ms", NULL };
  RunResult *lrm_early = run ("mapping-database", early);
  ck_assert_uint_lt (lrm_early->kernel.mapdb_entries_peak, lrm->kernel.mapdb_entries_peak);
  ck_assert_uint_gt (lrm_early->kernel.mapdb_entries_peak, 50);

  /* No exit, no revocation. */
  const char *no_exit[] = { "processes[1].exit_at=10s", NULL };
  RunResult *lrm_live = run ("mapping-database", no_exit);
  ck_assert_int_eq (lrm_live->kernel.revocation_ns, 0);

  /* The region mappers keep their region lists in the processes: no RM
   * sessions in core. */
  ck_assert_uint_eq (lrm->core.rm_sessions, 0);
  ck_assert_int_eq (lrm->core.quota_bytes, 0);

  for (int s = 0; s < STRATEGY_COUNT; s++)
    {
      if (s == STRATEGY_LOCAL_RM)
        continue;
      g_autofree char *set = g_strdup_printf ("strategy=%s", strategy_names[s]);
      const char *sets[] = { set, NULL };
      RunResult *r = run ("mapping-database", sets);
      ck_assert_uint_eq (r->kernel.mapdb_entries_peak, 0);
      ck_assert_int_eq (r->kernel.revocation_ns, 0);
      ck_assert_uint_eq (r->kernel.rm_self_faults, 0);
      ck_assert_uint_eq (r->core.rm_sessions, 2);
      if (s == STRATEGY_ASYNC_SIGNAL)
        ck_assert_uint_gt (lrm->authority.rights, r->authority.rights);
      run_result_free (r);
    }
  run_result_free (lrm);
  run_result_free (lrm_early);
  run_result_free (lrm_live);
}
END_TEST

/* ------------------------------------------------------------------- C5 */

START_TEST (test_claim_c5_local_rm_contains_a_hang_per_process)
{
  RunResult *r = run ("local-rm-hang", NULL);
  /* mixed.ui only touches the healthy heap, but mixed's region mapper is
   * stuck in its call to evil: every thread of mixed stalls. */
  ck_assert_int_eq (thread (r, "mixed.render[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (thread (r, "mixed.ui[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (thread (r, "mixed.ui[1]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (thread (r, "mixed.region-mapper[0]")->state, TS_BLOCKED_SEND);
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, 2);
  /* The other process goes on as before. */
  static const char *const clean[] = { "clean.worker[0]", "clean.worker[1]", "clean.grep[0]" };
  for (size_t i = 0; i < G_N_ELEMENTS (clean); i++)
    {
      const ThreadResult *t = thread (r, clean[i]);
      ck_assert_uint_gt (t->latency.count, 300);
      ck_assert_int_lt (t->latency.max, 1 * MS);
    }
  ck_assert_int_eq (r->core.blocked_ns, 0);
  run_result_free (r);
}
END_TEST

/* ------------------------------------------------------------------- C8 */

/* timeouts-accumulate: 3 hung managers and a slow one (8 ms > the 5 ms
 * timeout), four faults arriving together. */
START_TEST (test_claim_c8_timeouts_accumulate_and_drops_stay)
{
  const int64_t timeout = 5 * MS;
  RunResult *drop = run ("timeouts-accumulate", NULL);
  ck_assert_int_ge (drop->core.max_stall_ns, 4 * timeout);
  ck_assert_int_lt (drop->core.max_stall_ns, 5 * timeout);
  ck_assert_uint_eq (drop->faults.dropped, 4);
  ck_assert_uint_eq (drop->faults.retried, 0);
  /* Dropped faults stay unresolved to the end. */
  ck_assert_uint_eq (drop->faults.unresolved, 4);
  static const char *const clients[] = { "clients.ta[0]", "clients.tb[0]", "clients.tc[0]", "clients.ts[0]" };
  for (size_t i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      ck_assert_int_eq (thread (drop, clients[i])->state, TS_BLOCKED_FAULT);
      ck_assert_uint_eq (thread (drop, clients[i])->latency.count, 0);
    }
  /* The innocent shell waited behind the timeouts. */
  ck_assert_int_ge (thread (drop, "shell.ls[0]")->latency.max, 3 * timeout);

  /* Drops count from the warm-up on, like every fault figure: the two
   * reflections that expire at 15 and 20 ms; all four stay unresolved. */
  const char *warm[] = { "warmup=12ms", NULL };
  RunResult *late = run ("timeouts-accumulate", warm);
  ck_assert_uint_eq (late->faults.dropped, 2);
  ck_assert_uint_eq (late->faults.unresolved, 4);
  run_result_free (late);

  const char *sets[] = { "kernel.on_timeout=retry", NULL };
  RunResult *retry = run ("timeouts-accumulate", sets);
  /* The slow manager's fault is resolved on a retry ... */
  ck_assert_uint_ge (thread (retry, "clients.ts[0]")->latency.count, 1);
  ck_assert_int_ge (thread (retry, "clients.ts[0]")->latency.max, timeout);
  /* ... the hung ones never, and core stalls again on every retry. */
  for (size_t i = 0; i < 3; i++)
    ck_assert_uint_eq (thread (retry, clients[i])->latency.count, 0);
  ck_assert_uint_gt (retry->faults.retried, 20);
  ck_assert_uint_ge (retry->faults.dropped, retry->faults.retried);
  ck_assert_int_gt (retry->core.retry_cpu_ns, 0);
  ck_assert_int_ge (retry->core.blocked_ns, (int64_t) retry->faults.retried * timeout);
  ck_assert_int_ge (retry->core.max_stall_ns, 4 * timeout);
  /* Waiting in core's retry list is waiting for a pager, not mapping, even
   * when the manager answers the request core gave up on meanwhile. */
  const FaultBreakdown *b = &retry->faults.breakdown;
  ck_assert_int_gt (b->pager_wait, timeout);
  ck_assert_int_lt (b->map, 1000);
  run_result_free (drop);
  run_result_free (retry);
}
END_TEST

/* Through K nested managers one fault costs at least (K - 1) timeouts:
 * the reader touches disk (1 level), cache (2) or file (3). */
START_TEST (test_claim_c8_nested_timeouts_add_up)
{
  static const char *const entry[] = { "disk", "cache", "file" };
  int64_t worst[3];
  for (int k = 0; k < 3; k++)
    {
      g_autofree char *touch =
        g_strdup_printf ("processes[0].threads[0].program[0].do[0].touch.dataspace=%s", entry[k]);
      const char *sets[] = { "strategy=ipc-timeout", "kernel.on_timeout=retry", touch, NULL };
      RunResult *r = run ("nested-managers", sets);
      ck_assert_uint_gt (r->faults.resolved, 5);
      worst[k] = r->faults.latency.max;
      ck_assert_int_ge (worst[k], k * 5 * MS);
      run_result_free (r);
    }
  ck_assert_int_lt (worst[0], 1 * MS);
  ck_assert_int_gt (worst[1], worst[0]);
  ck_assert_int_gt (worst[2], worst[1]);
}
END_TEST

/* ------------------------------------------------------------------ C10 */

START_TEST (test_claim_c10_signals_coalesce_nothing_lost)
{
  RunResult *r = run ("signal-burst", NULL);
  ck_assert_uint_gt (r->kernel.signals_submitted, 500);
  ck_assert_uint_lt (r->kernel.signals_delivered, r->kernel.signals_submitted / 10);
  ck_assert_uint_gt (r->kernel.signals_coalesced, 0);
  /* Every fault resolved once the burst is over. */
  ck_assert_uint_eq (r->faults.unresolved, 0);
  ck_assert_uint_eq (r->faults.resolved, r->faults.total);
  ck_assert_uint_eq (r->faults.total, r->kernel.signals_submitted);
  /* One pending record per signal context, however many submits it
   * stands for. */
  ck_assert_uint_eq (r->core.signal_records_max, 1);
  ck_assert_uint_gt (r->core.signal_submits_max, 100);
  run_result_free (r);
}
END_TEST

/* ------------------------------------------------------------------ C11 */

/* rm-session-quota with its dataspaces replaced by `n` managed dataspaces
 * of `pages` pages each (the first keeps the name the worker touches). */
static RunResult *
run_quota (int n, int pages)
{
  GString *set = g_string_new ("dataspaces=[");
  for (int i = 0; i < n; i++)
    g_string_append_printf (set, "%s{\"name\": \"%s%d\", \"pages\": %d, \"manager\": \"pool\"}",
                            i ? ", " : "", i == 0 ? "big" : "ds", i, pages);
  g_string_append (set, "]");
  const char *sets[] = { set->str, NULL };
  RunResult *r = run ("rm-session-quota", sets);
  g_string_free (set, TRUE);
  return r;
}

START_TEST (test_claim_c11_rm_sessions_are_paid_for)
{
  const int64_t quota = 64 * 1024;
  RunResult *base = run ("rm-session-quota", NULL);
  ck_assert_uint_eq (base->core.rm_sessions, 4);
  ck_assert_int_eq (base->core.quota_bytes, 4 * quota);
  run_result_free (base);
  /* Linear in the number of managed dataspaces, whatever their size. */
  for (int n = 1; n <= 16; n *= 2)
    {
      RunResult *r = run_quota (n, 256);
      ck_assert_uint_eq (r->core.rm_sessions, (uint64_t) n);
      ck_assert_int_eq (r->core.quota_bytes, n * quota);
      run_result_free (r);
    }
  /* The same 4096 pages: 4 large dataspaces or 64 small ones. */
  RunResult *few = run_quota (4, 1024);
  RunResult *many = run_quota (64, 64);
  ck_assert_uint_eq (many->core.rm_sessions, 64);
  ck_assert_int_eq (many->core.quota_bytes, 16 * few->core.quota_bytes);
  run_result_free (few);
  run_result_free (many);
}
END_TEST

/* ------------------------------------------------------------------ C12 */

START_TEST (test_claim_c12_exclusive_manager_serialises_everywhere)
{
  static const char *const users[] = { "alice.user[0]", "bob.user[0]", "carol.user[0]" };
  const int64_t service = 200 * US;
  g_autofree char *set = g_strdup_printf ("strategy=%s", strategy_names[_i]);
  const char *sets[] = { set, NULL };
  RunResult *r = run ("exclusive-page", sets);
  /* Every touch of the shared page faults (another process took it), and
   * waits for the manager to move it: one service time, two when another
   * transfer comes first. */
  ck_assert_uint_gt (r->faults.resolved, 150);
  for (size_t i = 0; i < G_N_ELEMENTS (users); i++)
    {
      const ThreadResult *t = thread (r, users[i]);
      ck_assert_uint_gt (t->latency.count, 40);
      ck_assert_int_ge (t->latency.p50, service);
      ck_assert_int_ge (t->latency.max, 3 * service / 2);
    }
  ck_assert_double_ge (r->faults.latency.mean, (double) service);
  ck_assert_double_lt (r->faults.latency.mean, 2.0 * service);
  /* Only core's side differs. */
  switch ((StrategyKind) _i)
    {
    case STRATEGY_ASYNC_SIGNAL:
      ck_assert_int_eq (r->core.blocked_ns, 0);
      ck_assert_uint_gt (r->kernel.signals_submitted, 0);
      break;
    case STRATEGY_SYNC_RPC:
    case STRATEGY_IPC_TIMEOUT:
      ck_assert_int_ge (r->core.blocked_ns, (int64_t) r->faults.resolved * service);
      break;
    case STRATEGY_LOCAL_RM:
      ck_assert_int_eq (r->core.blocked_ns, 0);
      ck_assert_uint_gt (r->kernel.mapdb_entries_peak, 0);
      ck_assert_int_gt (r->kernel.revocation_ns, 0);
      break;
    case STRATEGY_COUNT:
      g_assert_not_reached ();
    }
  run_result_free (r);
}
END_TEST

/* C13: the fault handler as a point of serialisation can livelock.  The
 * same exclusive lock, run above its users, moves the page to the next
 * faulter before the woken holder has run: every answer is wasted, no access
 * completes under any design, and the report names the livelock.  Leaving a
 * page with its holder for min_hold (Mirage's delta) cures it. */
START_TEST (test_claim_c13_exclusive_manager_above_its_users_livelocks)
{
  g_autofree char *set = g_strdup_printf ("strategy=%s", strategy_names[_i]);
  const char *sets[] = { set, NULL };
  RunResult *r = run ("livelock", sets);
  /* Each user's first sleep, then no touch ever completes. */
  ck_assert_uint_eq (r->timer.wakeups, 3);
  ck_assert_uint_eq (r->faults.resolved, 0);
  ck_assert_uint_eq (r->faults.unresolved, 3);
  ck_assert_uint_gt (r->faults.wasted, 1000);
  ck_assert_uint_eq (r->progress.no_progress_threads, 3);
  ck_assert_uint_eq (r->progress.livelocked_threads, 3);
  ck_assert (thread (r, "alice.user[0]")->livelocked);
  ck_assert_uint_eq (thread (r, "alice.user[0]")->ops_completed, 1);
  /* The lock serves without pause. */
  ck_assert_int_gt (thread (r, "lock.manager[0]")->cpu_ns, 400 * MS);
  run_result_free (r);

  /* min_hold: the page stays with its holder 1 ms, long enough to be used. */
  const char *cured[] = { set, "managers[0].min_hold=1ms", NULL };
  r = run ("livelock", cured);
  ck_assert_uint_eq (r->progress.livelocked_threads, 0);
  ck_assert_uint_eq (r->progress.no_progress_threads, 0);
  ck_assert_uint_eq (r->faults.wasted, 0);
  ck_assert_uint_gt (r->faults.resolved, 300);
  ck_assert_uint_gt (r->timer.wakeups, 300);
  run_result_free (r);

  /* Below its users (as in exclusive-page) it serialises them without a hold. */
  r = run ("exclusive-page", sets);
  ck_assert_uint_eq (r->progress.livelocked_threads, 0);
  ck_assert_uint_gt (r->timer.wakeups, 300);
  run_result_free (r);
}
END_TEST

/* -------------------------------------------------------------- nesting */

START_TEST (test_claim_nesting_deadlocks_sync_rpc)
{
  const char *sets[] = { "strategy=sync-rpc", NULL };
  RunResult *r = run ("nested-managers", sets);
  ck_assert_uint_eq (r->faults.resolved, 0);
  ck_assert_uint_eq (r->n_deadlocks, 1);
  const DeadlockCycle *d = &r->deadlocks[0];
  ck_assert_uint_eq (d->n_edges, 2);
  ck_assert_str_eq (d->edges[0].thread, "core.pager[0]");
  ck_assert_str_eq (d->edges[0].waits_on, "top.manager[0]");
  ck_assert_str_eq (d->edges[1].thread, "top.manager[0]");
  ck_assert_str_eq (d->edges[1].waits_on, "core.pager[0]");
  run_result_free (r);

  /* Two pager threads for three levels: the cycle runs through both pagers
   * (each fault may be served by either, so only a cycle through all of
   * them is a deadlock). */
  const char *two[] = { "strategy=sync-rpc", "core.pager_threads=2", NULL };
  r = run ("nested-managers", two);
  ck_assert_uint_eq (r->faults.resolved, 0);
  ck_assert_uint_eq (r->n_deadlocks, 1);
  ck_assert_uint_eq (r->deadlocks[0].n_edges, 4);
  ck_assert_str_eq (r->deadlocks[0].edges[0].thread, "core.pager[0]");
  ck_assert_str_eq (r->deadlocks[0].edges[2].thread, "core.pager[1]");
  run_result_free (r);

  /* One pager thread per level of nesting breaks the cycle. */
  const char *three[] = { "strategy=sync-rpc", "core.pager_threads=3", NULL };
  r = run ("nested-managers", three);
  ck_assert_uint_eq (r->n_deadlocks, 0);
  ck_assert_uint_gt (r->faults.resolved, 100);
  run_result_free (r);
}
END_TEST

static const StrategyKind nesting_ok[] = { STRATEGY_ASYNC_SIGNAL, STRATEGY_LOCAL_RM };

START_TEST (test_claim_nesting_resolved_without_core_waiting)
{
  g_autofree char *set = g_strdup_printf ("strategy=%s", strategy_names[nesting_ok[_i]]);
  const char *sets[] = { set, NULL };
  RunResult *r = run ("nested-managers", sets);
  ck_assert_uint_eq (r->n_deadlocks, 0);
  ck_assert_uint_gt (r->faults.resolved, 150);
  ck_assert_uint_le (r->faults.unresolved, 1);
  /* The managers' own faults on their backing stores. */
  ck_assert_uint_gt (r->faults.system, 100);
  ck_assert_int_eq (r->core.blocked_ns, 0);
  run_result_free (r);
}
END_TEST

Suite *claims_paging_suite (void)
{
  Suite *s = suite_create ("claims_paging");
  TCase *tc = tcase_create ("dependence");
  tcase_add_test (tc, test_claim_c1_sync_rpc_stalls_everyone);
  tcase_add_test (tc, test_claim_c2_async_signal_keeps_core_independent);
  tcase_add_test (tc, test_claim_c5_local_rm_contains_a_hang_per_process);
  suite_add_tcase (s, tc);
  tc = tcase_create ("costs");
  tcase_add_test (tc, test_claim_c3_async_costs_more_messages);
  tcase_add_test (tc, test_claim_c4_local_rm_needs_a_mapping_database);
  tcase_add_test (tc, test_claim_c10_signals_coalesce_nothing_lost);
  tcase_add_test (tc, test_claim_c11_rm_sessions_are_paid_for);
  suite_add_tcase (s, tc);
  tc = tcase_create ("timeouts");
  tcase_add_test (tc, test_claim_c8_timeouts_accumulate_and_drops_stay);
  tcase_add_test (tc, test_claim_c8_nested_timeouts_add_up);
  suite_add_tcase (s, tc);
  tc = tcase_create ("serialisation");
  tcase_add_loop_test (tc, test_claim_c12_exclusive_manager_serialises_everywhere, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_claim_c13_exclusive_manager_above_its_users_livelocks, 0, STRATEGY_COUNT);
  suite_add_tcase (s, tc);
  tc = tcase_create ("nesting");
  tcase_add_test (tc, test_claim_nesting_deadlocks_sync_rpc);
  tcase_add_loop_test (tc, test_claim_nesting_resolved_without_core_waiting, 0,
                       G_N_ELEMENTS (nesting_ok));
  suite_add_tcase (s, tc);
  return s;
}
