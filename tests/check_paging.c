/* Tests of the paging pieces: the managers' backing store (FIFO eviction,
 * exclusive revocation, the cost each causes), flexpage alignment, the fault
 * record (a mapped page costs nothing, a Genode re-fault is one fault, the
 * breakdown adds up, warm-up), behaviors (hang after N, crash), process exit
 * and the authority counts of each strategy.  The end-to-end tests build
 * their small systems in C (tests/paging_fixture.h) and run machine_run. */
#include <check.h>
#include <glib.h>

#include "models/manager.h"
#include "models/machine.h"
#include "models/mapdb.h"
#include "models/paging_int.h"
#include "tests/paging_fixture.h"

/* ------------------------------------------------ the backing store alone */

typedef struct {
  ScenarioConfig c;
  ManagerConfig mc;
  DataspaceConfig dc;
  Manager m;
  DsState d;
  Paging p;
} Store;

static void
store_init (Store *s, int64_t pages, int64_t block_pages, int64_t capacity, bool exclusive,
            bool in_kernel)
{
  memset (s, 0, sizeof *s);
  config_defaults (&s->c);
  s->mc = (ManagerConfig) { .name = "m", .exclusive = exclusive, .map_pages = (int) block_pages };
  s->dc = (DataspaceConfig) { .name = "d", .pages = pages, .manager = 0, .backing = -1 };
  s->m = (Manager) { .cfg = &s->mc };
  DsState *d = &s->d;
  *d = (DsState) { .cfg = &s->dc, .id = 0, .mgr = &s->m, .pages = pages, .block_pages = block_pages };
  d->n_blocks = (pages + block_pages - 1) / block_pages;
  d->capacity = capacity;
  d->flags = g_new0 (uint8_t, d->n_blocks);
  if (capacity < d->n_blocks)
    d->fifo = g_new (int64_t, capacity);
  if (exclusive)
    {
      d->holder = g_new (int32_t, d->n_blocks);
      for (int64_t b = 0; b < d->n_blocks; b++)
        d->holder[b] = -1;
    }
  s->p.c = &s->c;
  s->p.in_kernel_mapdb = in_kernel;
  s->p.n_ds = 1;
  s->p.ds = d;
  s->p.db = mapdb_new (3, 1, &pages, &block_pages);
}

static void
store_fini (Store *s)
{
  g_free (s->d.flags);
  g_free (s->d.fifo);
  g_free (s->d.holder);
  mapdb_free (s->p.db);
}

/* The manager backs `block` for `space` and the space maps it. */
static int64_t
store_back_and_map (Store *s, int64_t block, int space)
{
  int64_t cost = store_provide (&s->p, &s->d, block, space);
  mapdb_map_block (s->p.db, space, 0, block);
  return cost;
}

START_TEST (test_store_fifo_evicts_the_oldest)
{
  Store s;
  store_init (&s, 8, 1, 2, false, false);
  ck_assert_int_eq (store_back_and_map (&s, 0, 0), 0);
  mapdb_map_block (s.p.db, 1, 0, 0);   /* block 0 is shared by two spaces */
  ck_assert_int_eq (store_back_and_map (&s, 1, 1), 0);
  ck_assert (!store_needs_work (&s.d, 1, 2));
  /* A third block: block 0, the oldest, goes; core unmaps it from both spaces. */
  ck_assert_int_eq (store_back_and_map (&s, 2, 0), 2 * s.c.kernel.costs.map);
  ck_assert (store_needs_work (&s.d, 0, 0));
  ck_assert (!mapdb_is_mapped (s.p.db, 0, 0, 0));
  ck_assert (!mapdb_is_mapped (s.p.db, 1, 0, 0));
  ck_assert (!store_needs_work (&s.d, 1, 0));
  ck_assert (!store_needs_work (&s.d, 2, 0));
  /* Then block 1. */
  store_back_and_map (&s, 3, 0);
  ck_assert (store_needs_work (&s.d, 1, 1));
  ck_assert (!mapdb_is_mapped (s.p.db, 1, 0, 1));
  ck_assert_int_eq (s.p.revocation_ns, 0);   /* core unmaps: no mapping-database walk */
  store_fini (&s);
}
END_TEST

START_TEST (test_store_eviction_revokes_through_the_mapdb)
{
  Store s;
  store_init (&s, 16, 4, 1, false, true);
  store_back_and_map (&s, 0, 0);
  mapdb_map_block (s.p.db, 2, 0, 0);
  /* Evicting a 4-page flexpage mapped in two spaces removes 8 entries. */
  int64_t cost = store_back_and_map (&s, 1, 1);
  ck_assert_int_eq (cost, 8 * s.c.kernel.costs.mapdb_revoke);
  ck_assert_int_eq (s.p.revocation_ns, cost);
  ck_assert_uint_eq (mapdb_entries (s.p.db), 4);
  store_fini (&s);
}
END_TEST

START_TEST (test_store_exclusive_revokes_the_holder)
{
  Store s;
  store_init (&s, 4, 1, 4, true, false);
  store_back_and_map (&s, 2, 0);
  ck_assert_int_eq (s.d.holder[2], 0);
  ck_assert (!store_needs_work (&s.d, 2, 0));
  ck_assert (store_needs_work (&s.d, 2, 1));   /* held elsewhere: the manager must act */
  int64_t cost = store_back_and_map (&s, 2, 1);
  ck_assert_int_eq (cost, s.c.kernel.costs.map);
  ck_assert_int_eq (s.d.holder[2], 1);
  ck_assert (!mapdb_is_mapped (s.p.db, 0, 0, 2));
  ck_assert (mapdb_is_mapped (s.p.db, 1, 0, 2));
  store_fini (&s);
}
END_TEST

/* ------------------------------------------------------------ end to end */

/* One thread, one managed dataspace: `ops` repeated forever, touching ds. */
static ScenarioConfig *
one_thread (StrategyKind s, int64_t pages, int map_pages, TouchPattern pattern)
{
  ScenarioConfig *c = pf_new ("unit", 50 * PF_MS, s);
  int m = pf_manager (c, "swap", 100, dist_const (10e3));
  c->managers[m].map_pages = map_pages;
  int d = pf_ds (c, "heap", pages, m, 0);
  int p = pf_process (c, "app");
  pf_worker (c, p, "w", 1, 50, dist_const (100e3), d, pattern);
  return c;
}

START_TEST (test_paging_touch_of_a_mapped_page_is_free)
{
  ScenarioConfig *c = one_thread (_i, 64, 1, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  /* Hundreds of touches of page 0, one fault (the re-fault under
   * async-signal belongs to it). */
  ck_assert_uint_eq (r->faults.total, 1);
  ck_assert_uint_eq (r->faults.resolved, 1);
  const ThreadResult *t = pf_thread (r, "app.w[0]");
  ck_assert_ptr_nonnull (t);
  ck_assert_uint_eq (t->faults, 1);
  ck_assert_uint_eq (t->latency.count, 1);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_flexpages_are_aligned)
{
  /* map_pages 4 over 16 pages touched in order: faults at 0, 4, 8, 12. */
  ScenarioConfig *c = one_thread (_i, 16, 4, TOUCH_SEQUENTIAL);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.total, 4);
  ck_assert_uint_eq (r->faults.unresolved, 0);
  if (_i == STRATEGY_LOCAL_RM)
    /* 16 pages of heap and the region mapper's own 4 pages. */
    ck_assert_uint_eq (r->kernel.mapdb_entries_peak, 20);
  else
    ck_assert_uint_eq (r->kernel.mapdb_entries_peak, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_breakdown_adds_up)
{
  ScenarioConfig *c = one_thread (_i, 4096, 1, TOUCH_RANDOM);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_gt (r->faults.resolved, 100);
  const FaultBreakdown *b = &r->faults.breakdown;
  int64_t sum = b->fault_entry + b->pager_wait + b->manager_wait + b->service + b->refault + b->map;
  /* Each part is a mean rounded down. */
  ck_assert_int_le (sum, (int64_t) r->faults.latency.mean + 1);
  ck_assert_int_ge (sum, (int64_t) r->faults.latency.mean - SEG_COUNT);
  ck_assert_int_eq (b->fault_entry, c->kernel.costs.fault_entry);
  ck_assert_int_eq (b->service, 10000);
  if (_i == STRATEGY_ASYNC_SIGNAL)
    ck_assert_int_gt (b->refault, c->kernel.costs.fault_entry);
  else
    ck_assert_int_eq (b->refault, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_warmup_leaves_early_faults_out)
{
  ScenarioConfig *c = one_thread (STRATEGY_ASYNC_SIGNAL, 4096, 1, TOUCH_RANDOM);
  RunResult *all = machine_run (c, NULL);
  c->warmup = 25 * PF_MS;
  RunResult *late = machine_run (c, NULL);
  ck_assert_uint_gt (late->faults.resolved, 0);
  ck_assert_uint_lt (late->faults.resolved, all->faults.resolved * 3 / 4);
  run_result_free (all);
  run_result_free (late);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_thread_faults_add_up_to_total)
{
  ScenarioConfig *c = pf_new ("sum", 50 * PF_MS, _i);
  int m = pf_manager (c, "swap", 100, dist_const (10e3));
  int heap = pf_ds (c, "heap", 4096, m, 64);
  int rom = pf_ds (c, "rom", 4096, -1, 0);
  int p = pf_process (c, "app");
  pf_worker (c, p, "a", 3, 50, dist_const (50e3), heap, TOUCH_RANDOM);
  pf_worker (c, p, "b", 2, 50, dist_const (50e3), rom, TOUCH_RANDOM);
  RunResult *r = machine_run (c, NULL);
  uint64_t sum = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].role == ROLE_USER)
      sum += r->threads[i].faults;
  ck_assert_uint_gt (r->faults.total, 100);
  ck_assert_uint_eq (sum, r->faults.total);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_hang_after_n_faults)
{
  ScenarioConfig *c = one_thread (STRATEGY_SYNC_RPC, 4096, 1, TOUCH_RANDOM);
  c->managers[0].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .faults = 7 };
  RunResult *r = machine_run (c, NULL);
  /* Seven requests served, the eighth waits forever. */
  ck_assert_uint_eq (r->faults.resolved, 7);
  ck_assert_uint_eq (r->faults.unresolved, 1);
  ck_assert_int_gt (r->core.blocked_ns, 40 * PF_MS);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_crashed_manager_aborts_the_call)
{
  /* The manager dies at 10 ms while idle: core's next call to it is aborted
   * at once, so core is not blocked and plain faults go on. */
  ScenarioConfig *c = pf_new ("crash", 50 * PF_MS, STRATEGY_SYNC_RPC);
  int m = pf_manager (c, "swap", 100, dist_const (10e3));
  c->managers[m].behavior = (Behavior) { .kind = BEHAVIOR_CRASH, .after = 10 * PF_MS, .has_after = true };
  int heap = pf_ds (c, "heap", 4096, m, 0);
  int rom = pf_ds (c, "rom", 65536, -1, 0);
  int p = pf_process (c, "app");
  pf_worker (c, p, "culprit", 1, 50, dist_const (200e3), heap, TOUCH_RANDOM);
  pf_worker (c, p, "innocent", 1, 50, dist_const (200e3), rom, TOUCH_RANDOM);
  c->processes[p].threads[0].program[0].u.repeat.body[0].u.compute.d = dist_const (200e3);
  RunResult *r = machine_run (c, NULL);
  const ThreadResult *culprit = pf_thread (r, "app.culprit[0]");
  const ThreadResult *innocent = pf_thread (r, "app.innocent[0]");
  ck_assert_int_eq (culprit->state, TS_BLOCKED_FAULT);
  ck_assert_int_ne (innocent->state, TS_BLOCKED_FAULT);
  ck_assert_uint_gt (innocent->latency.count, 100);
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, 0);
  ck_assert_int_lt (r->core.blocked_ns, 1 * PF_MS);
  ck_assert_int_eq (pf_thread (r, "swap.manager[0]")->state, TS_DEAD);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_exit_revokes_the_mapdb)
{
  /* A process maps 16 plain pages and its region mapper's 4, then dies:
   * the kernel revokes 20 entries, on core's time. */
  ScenarioConfig *c = pf_new ("exit", 50 * PF_MS, _i);
  int rom = pf_ds (c, "rom", 16, -1, 0);
  int p = pf_process (c, "tmp");
  pf_worker (c, p, "w", 1, 50, dist_const (100e3), rom, TOUCH_SEQUENTIAL);
  c->processes[p].has_exit_at = true;
  c->processes[p].exit_at = 20 * PF_MS;
  RunResult *r = machine_run (c, NULL);
  if (_i == STRATEGY_LOCAL_RM)
    {
      ck_assert_uint_eq (r->kernel.mapdb_entries_peak, 20);
      ck_assert_int_eq (r->kernel.revocation_ns, 20 * c->kernel.costs.mapdb_revoke);
      ck_assert_uint_eq (r->kernel.rm_self_faults, 4);
      ck_assert_int_eq (pf_thread (r, "tmp.region-mapper[0]")->state, TS_DEAD);
    }
  else
    {
      ck_assert_int_eq (r->kernel.revocation_ns, 0);
      ck_assert_uint_eq (r->kernel.rm_self_faults, 0);
    }
  ck_assert_int_eq (pf_thread (r, "tmp.w[0]")->state, TS_DEAD);
  ck_assert_uint_eq (r->faults.unresolved, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_exit_withdraws_parked_faults)
{
  /* The manager hangs at once; the process faulting on it exits with its
   * faults parked (async), queued (sync) or in its region mapper. */
  ScenarioConfig *c = pf_new ("exit-parked", 50 * PF_MS, _i);
  int m = pf_manager (c, "evil", 100, dist_const (10e3));
  c->managers[m].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .after = 0, .has_after = true };
  int cache = pf_ds (c, "cache", 64, m, 0);
  int p = pf_process (c, "victim");
  pf_worker (c, p, "w", 3, 50, dist_const (100e3), cache, TOUCH_RANDOM);
  c->processes[p].has_exit_at = true;
  c->processes[p].exit_at = 10 * PF_MS;
  int q = pf_process (c, "other");
  int rom = pf_ds (c, "rom", 65536, -1, 0);
  pf_worker (c, q, "w", 1, 50, dist_const (100e3), rom, TOUCH_RANDOM);
  RunResult *r = machine_run (c, NULL);
  /* The dead process's faults are not counted as unresolved. */
  ck_assert_uint_eq (r->faults.unresolved, _i == STRATEGY_SYNC_RPC ? 1 : 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* ---------------------------------------------------------------- authority */

static ScenarioConfig *
authority_scenario (StrategyKind s)
{
  ScenarioConfig *c = pf_new ("authority", 5 * PF_MS, s);
  int m0 = pf_manager (c, "m0", 100, dist_const (10e3));
  int m1 = pf_manager (c, "m1", 100, dist_const (10e3));
  int d0 = pf_ds (c, "d0", 64, m0, 0);
  int d1 = pf_ds (c, "d1", 64, m1, 0);
  int d2 = pf_ds (c, "d2", 64, m1, 0);
  int rom = pf_ds (c, "rom", 64, -1, 0);
  int p0 = pf_process (c, "p0");
  pf_worker (c, p0, "a", 1, 50, dist_const (100e3), d0, TOUCH_RANDOM);
  pf_worker (c, p0, "b", 1, 50, dist_const (100e3), d1, TOUCH_RANDOM);
  pf_worker (c, p0, "c", 1, 50, dist_const (100e3), rom, TOUCH_RANDOM);
  int p1 = pf_process (c, "p1");
  pf_worker (c, p1, "a", 1, 50, dist_const (100e3), d2, TOUCH_RANDOM);
  int p2 = pf_process (c, "p2");
  pf_worker (c, p2, "a", 1, 50, dist_const (100e3), d0, TOUCH_RANDOM);
  pf_worker (c, p2, "b", 1, 50, dist_const (100e3), d2, TOUCH_RANDOM);
  return c;
}

static bool
has_right (const RunResult *r, const char *holder, const char *target, const char *right)
{
  for (size_t i = 0; i < r->authority.n_matrix; i++)
    if (g_str_equal (r->authority.matrix[i].holder, holder)
        && g_str_equal (r->authority.matrix[i].target, target)
        && g_str_equal (r->authority.matrix[i].right, right))
      return true;
  return false;
}

static bool
has_feature (const RunResult *r, const char *feature)
{
  for (size_t i = 0; i < r->authority.n_kernel_features; i++)
    if (g_str_equal (r->authority.kernel_features[i], feature))
      return true;
  return false;
}

START_TEST (test_authority_counts)
{
  /* 3 managed dataspaces, 2 managers, process-manager pairs (p0,m0) (p0,m1)
   * (p1,m1) (p2,m0) (p2,m1). */
  static const uint64_t expect[STRATEGY_COUNT] = {
    [STRATEGY_ASYNC_SIGNAL] = 6, [STRATEGY_SYNC_RPC] = 2,
    [STRATEGY_LOCAL_RM] = 10, [STRATEGY_IPC_TIMEOUT] = 2,
  };
  ScenarioConfig *c = authority_scenario (_i);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->authority.rights, expect[_i]);
  ck_assert_uint_eq (r->authority.n_matrix, expect[_i]);
  ck_assert (has_feature (r, "synchronous IPC"));
  switch ((StrategyKind) _i)
    {
    case STRATEGY_ASYNC_SIGNAL:
      ck_assert (has_right (r, "m1", "core/rm:d2", "rm"));
      ck_assert (has_right (r, "core", "m1/fault-handler:d2", "signal"));
      ck_assert (has_feature (r, "asynchronous notifications"));
      ck_assert (!has_feature (r, "in-kernel mapping database"));
      break;
    case STRATEGY_SYNC_RPC:
      ck_assert (has_right (r, "core", "m0", "call"));
      ck_assert_uint_eq (r->authority.n_kernel_features, 1);
      break;
    case STRATEGY_LOCAL_RM:
      ck_assert (has_right (r, "p2.region-mapper", "m1", "call"));
      ck_assert (has_right (r, "m1", "p2", "map"));
      ck_assert (!has_right (r, "p1.region-mapper", "m0", "call"));
      ck_assert (has_feature (r, "in-kernel mapping database"));
      ck_assert (has_feature (r, "map items in IPC"));
      break;
    case STRATEGY_IPC_TIMEOUT:
      ck_assert (has_right (r, "core", "m1", "call"));
      ck_assert (has_feature (r, "IPC timeouts"));
      break;
    case STRATEGY_COUNT:
      g_assert_not_reached ();
    }
  run_result_free (r);
  pf_free (c);
}
END_TEST

Suite *paging_suite (void)
{
  Suite *s = suite_create ("paging");
  TCase *tc = tcase_create ("store");
  tcase_add_test (tc, test_store_fifo_evicts_the_oldest);
  tcase_add_test (tc, test_store_eviction_revokes_through_the_mapdb);
  tcase_add_test (tc, test_store_exclusive_revokes_the_holder);
  suite_add_tcase (s, tc);
  tc = tcase_create ("faults");
  tcase_add_loop_test (tc, test_paging_touch_of_a_mapped_page_is_free, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_flexpages_are_aligned, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_breakdown_adds_up, 0, STRATEGY_COUNT);
  tcase_add_test (tc, test_paging_warmup_leaves_early_faults_out);
  tcase_add_loop_test (tc, test_paging_thread_faults_add_up_to_total, 0, STRATEGY_COUNT);
  suite_add_tcase (s, tc);
  tc = tcase_create ("behaviors");
  tcase_add_test (tc, test_paging_hang_after_n_faults);
  tcase_add_test (tc, test_paging_crashed_manager_aborts_the_call);
  tcase_add_loop_test (tc, test_paging_exit_revokes_the_mapdb, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_exit_withdraws_parked_faults, 0, STRATEGY_COUNT);
  suite_add_tcase (s, tc);
  tc = tcase_create ("authority");
  tcase_add_loop_test (tc, test_authority_counts, 0, STRATEGY_COUNT);
  suite_add_tcase (s, tc);
  return s;
}
