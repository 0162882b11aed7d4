/* Tests of paging end to end (the backing store alone is in check_memory.c):
 * flexpage alignment, the fault record (a mapped page costs nothing, a
 * Genode re-fault is one fault, the breakdown adds up, warm-up), behaviors
 * (hang after N, crash), process exit and the authority counts of each
 * strategy.  The end-to-end tests build
 * their small systems in C (tests/paging_fixture.h) and run machine_run. */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/fault.h"
#include "models/machine.h"
#include "sim/engine/trace.h"
#include "tests/paging_fixture.h"

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
  int64_t sum = b->fault_entry + b->pager_wait + b->manager_wait + b->service + b->refault + b->map
                + b->cpu_wait;
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

/* One yardstick: with zero kernel costs, one fault on an idle system costs
 * exactly the manager's service time under every design, from the touch
 * until the access completes, and core's answer comes at the same moment. */
START_TEST (test_paging_one_fault_costs_the_service_time)
{
  ScenarioConfig *c = pf_new ("one-fault", 10 * PF_MS, (StrategyKind) _i);
  pf_costs (c, 0);
  int m = pf_manager (c, "swap", 100, dist_const (50e3));
  int d = pf_ds (c, "heap", 64, m, 0);
  int p = pf_process (c, "app");
  pf_touches (c, p, "w", 50, 1 * PF_MS, 1, d, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.resolved, 1);
  ck_assert_int_eq (r->faults.latency.min, 50 * PF_US);
  ck_assert_int_eq (r->faults.latency.max, 50 * PF_US);
  ck_assert_int_eq (r->faults.answer_latency.max, 50 * PF_US);
  ck_assert_int_eq (r->faults.breakdown.service, 50 * PF_US);
  ck_assert_int_eq (r->faults.breakdown.cpu_wait, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* A faulter behind an equal-priority compute hog waits about one time slice
 * for the CPU once answered, under sync-rpc as under async-signal: the
 * latency counts it alike (it did not under sync-rpc, which ended the fault
 * at core's answer).  The faulter wakes at 1 ms behind the hog and touches at
 * 10 ms, when the hog's slice ends; the manager serves 50 us, and the hog,
 * running from then, keeps the CPU for its next whole slice.  sync-rpc: core
 * answers after the service time and the access completes 10.05 ms after the
 * touch.  async-signal: attach only wakes the faulter, which waits a slice to
 * fault again; core then answers with the mapping, and it waits another
 * slice to run: 20.05 ms, two waits for the CPU where sync-rpc has one. */
START_TEST (test_paging_cpu_wait_counts_under_every_design)
{
  static const StrategyKind kinds[] = { STRATEGY_SYNC_RPC, STRATEGY_ASYNC_SIGNAL };
  static const int64_t latency[] = { 10 * PF_MS + 50 * PF_US, 20 * PF_MS + 50 * PF_US };
  static const int64_t answer[] = { 50 * PF_US, 10 * PF_MS + 50 * PF_US };
  ScenarioConfig *c = pf_new ("cpu-wait", 50 * PF_MS, kinds[_i]);
  pf_costs (c, 0);
  int m = pf_manager (c, "swap", 100, dist_const (50e3));
  int d = pf_ds (c, "heap", 64, m, 0);
  int p = pf_process (c, "app");
  pf_touches (c, p, "w", 50, 1 * PF_MS, 1, d, TOUCH_SAME);
  pf_hog (c, p, "hog", 1, 50);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.resolved, 1);
  ck_assert_int_eq (r->faults.latency.max, latency[_i]);
  ck_assert_int_eq (r->faults.answer_latency.max, answer[_i]);
  ck_assert_int_eq (r->faults.breakdown.cpu_wait, 10 * PF_MS);
  ck_assert_int_eq (r->faults.breakdown.refault, _i == 0 ? 0 : 10 * PF_MS);
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* A manager that waits for its device (io) is off the CPU meanwhile: a
 * compute thread below it runs, where a manager "slow" by CPU time alone
 * would keep it off the CPU.  The fault's time shows the device wait. */
START_TEST (test_paging_manager_io_is_off_the_cpu)
{
  for (int with_io = 0; with_io < 2; with_io++)
    {
      ScenarioConfig *c = pf_new ("io", 100 * PF_MS, STRATEGY_SYNC_RPC);
      pf_costs (c, 0);
      int m = pf_manager (c, "disk", 100, dist_const (with_io ? 100e3 : 5.1e6));
      if (with_io)
        c->managers[m].io = dist_const (5e6);
      int d = pf_ds (c, "cache", 4096, m, 0);
      int p = pf_process (c, "app");
      pf_worker (c, p, "reader", 1, 90, dist_const (10e3), d, TOUCH_SEQUENTIAL);
      pf_hog (c, p, "batch", 1, 50);
      RunResult *r = machine_run (c, NULL);
      const ThreadResult *disk = pf_thread (r, "disk.manager[0]");
      const ThreadResult *batch = pf_thread (r, "app.batch[0]");
      if (with_io)
        {
          /* Each fault: 0.1 ms of CPU, 5 ms at the device. */
          ck_assert_int_le (disk->cpu_ns, 3 * PF_MS);
          ck_assert_int_ge (batch->cpu_ns, 90 * PF_MS);
          ck_assert_int_eq (r->faults.breakdown.io, 5 * PF_MS);
          ck_assert_int_eq (r->faults.breakdown.service, 100 * PF_US);
        }
      else
        {
          ck_assert_int_ge (disk->cpu_ns, 90 * PF_MS);
          ck_assert_int_le (batch->cpu_ns, 5 * PF_MS);
          ck_assert_int_eq (r->faults.breakdown.io, 0);
        }
      /* Either way the reader waits about 5.1 ms per fault. */
      ck_assert_int_ge (r->faults.latency.p50, 5 * PF_MS);
      run_result_free (r);
      pf_free (c);
    }
}
END_TEST

/* A slow behavior may be a slow device: io instead of (or beside) service. */
START_TEST (test_paging_slow_behavior_io)
{
  ScenarioConfig *c = pf_new ("slow-io", 50 * PF_MS, STRATEGY_ASYNC_SIGNAL);
  pf_costs (c, 0);
  int m = pf_manager (c, "disk", 100, dist_const (10e3));
  c->managers[m].behavior = (Behavior) { .kind = BEHAVIOR_SLOW, .io = dist_const (2e6),
                                         .has_io = true };
  int d = pf_ds (c, "cache", 64, m, 0);
  int p = pf_process (c, "app");
  pf_touches (c, p, "w", 50, 1 * PF_MS, 1, d, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.resolved, 1);
  ck_assert_int_eq (r->faults.latency.max, 10 * PF_US + 2 * PF_MS);
  ck_assert_int_eq (r->faults.breakdown.io, 2 * PF_MS);
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

/* Enough pager threads that nesting cannot deadlock core (sync-rpc). */
static void
no_deadlock (ScenarioConfig *c)
{
  c->core.pager_threads = 4;
}

static uint64_t
faults_of_roles (const RunResult *r, ThreadRole a, ThreadRole b)
{
  uint64_t sum = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].role == a || r->threads[i].role == b)
      sum += r->threads[i].faults;
  return sum;
}

START_TEST (test_paging_system_faults_kept_apart)
{
  /* The managers' faults on their backing stores and the region mappers'
   * own faults are faults.system, never faults.total. */
  ScenarioConfig *c = pf_new ("system", 50 * PF_MS, _i);
  no_deadlock (c);
  int top = pf_manager (c, "top", 100, dist_const (10e3));
  int low = pf_manager (c, "low", 100, dist_const (10e3));
  int lowds = pf_ds (c, "low", 256, low, 0);
  int file = pf_ds (c, "file", 4096, top, 0);
  c->dataspaces[file].backing = lowds;
  int p = pf_process (c, "app");
  pf_worker (c, p, "w", 2, 50, dist_const (100e3), file, TOUCH_RANDOM);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_gt (r->faults.total, 100);
  ck_assert_uint_eq (faults_of_roles (r, ROLE_USER, ROLE_USER), r->faults.total);
  ck_assert_uint_gt (r->faults.system, 100);
  ck_assert_uint_eq (faults_of_roles (r, ROLE_MANAGER, ROLE_REGION_MAPPER), r->faults.system);
  ck_assert_uint_eq (r->faults.innocent_latency.count + r->faults.culprit_latency.count,
                     r->faults.resolved);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_sequential_position_per_thread)
{
  /* Two threads of one process walk the same dataspace in order; the second
   * starts when the first is done, finds its own position at page 0, and
   * every page it touches is mapped already.  A position shared by the
   * process would send it to pages 8..15: eight more faults. */
  ScenarioConfig *c = pf_new ("sequential", 20 * PF_MS, _i);
  int m = pf_manager (c, "swap", 100, dist_const (10e3));
  int heap = pf_ds (c, "heap", 64, m, 0);
  int p = pf_process (c, "app");
  pf_touches (c, p, "a", 50, 0, 8, heap, TOUCH_SEQUENTIAL);
  pf_touches (c, p, "b", 50, 5 * PF_MS, 8, heap, TOUCH_SEQUENTIAL);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.total, 8);
  ck_assert_uint_eq (pf_thread (r, "app.a[0]")->faults, 8);
  ck_assert_uint_eq (pf_thread (r, "app.b[0]")->faults, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_backing_touch_wraps_around)
{
  /* Pages 0..19 of a 64-page dataspace backed by a 16-page one: the manager
   * touches backing pages 0..15, then 0..3 again (mapped by then). */
  ScenarioConfig *c = pf_new ("wrap", 20 * PF_MS, _i);
  no_deadlock (c);
  int top = pf_manager (c, "top", 100, dist_const (10e3));
  int low = pf_manager (c, "low", 100, dist_const (10e3));
  int lowds = pf_ds (c, "low", 16, low, 0);
  int file = pf_ds (c, "file", 64, top, 0);
  c->dataspaces[file].backing = lowds;
  int p = pf_process (c, "app");
  pf_touches (c, p, "w", 50, 0, 20, file, TOUCH_SEQUENTIAL);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.resolved, 20);
  ck_assert_uint_eq (pf_thread (r, "top.manager[0]")->faults, 16);
  ck_assert_uint_eq (r->faults.system - r->kernel.rm_self_faults, 16);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_culprit_down_the_backing_chain)
{
  /* c touches a dataspace whose own manager is fine, but whose backing
   * store's manager is slow: c is a culprit, decided before the run. */
  for (int slow = 0; slow <= 1; slow++)
    {
      ScenarioConfig *c = pf_new ("culprit", 20 * PF_MS, STRATEGY_ASYNC_SIGNAL);
      int top = pf_manager (c, "top", 100, dist_const (10e3));
      int low = pf_manager (c, "low", 100, dist_const (10e3));
      if (slow)
        c->managers[low].behavior = (Behavior) { .kind = BEHAVIOR_SLOW, .service = dist_const (20e3), .has_service = true };
      int lowds = pf_ds (c, "low", 4096, low, 0);
      int file = pf_ds (c, "file", 4096, top, 0);
      c->dataspaces[file].backing = lowds;
      int rom = pf_ds (c, "rom", 4096, -1, 0);
      int p = pf_process (c, "app");
      pf_worker (c, p, "c", 1, 50, dist_const (200e3), file, TOUCH_RANDOM);
      pf_worker (c, p, "i", 1, 50, dist_const (200e3), rom, TOUCH_RANDOM);
      RunResult *r = machine_run (c, NULL);
      uint64_t nc = pf_thread (r, "app.c[0]")->latency.count, ni = pf_thread (r, "app.i[0]")->latency.count;
      ck_assert_uint_gt (nc, 10);
      ck_assert_uint_eq (r->faults.culprit_latency.count, slow ? nc : 0);
      ck_assert_uint_eq (r->faults.innocent_latency.count, slow ? ni : ni + nc);
      run_result_free (r);
      pf_free (c);
    }
}
END_TEST

START_TEST (test_paging_map_pages_beyond_the_dataspace)
{
  /* A 64-page flexpage over a 16-page dataspace: one fault per space maps
   * all 16 pages (the flexpage is clipped to the dataspace). */
  ScenarioConfig *c = pf_new ("big-flexpage", 20 * PF_MS, _i);
  int m = pf_manager (c, "swap", 100, dist_const (10e3));
  c->managers[m].map_pages = 64;
  int heap = pf_ds (c, "heap", 16, m, 4);
  int p = pf_process (c, "a");
  pf_touches (c, p, "w", 50, 0, 16, heap, TOUCH_SEQUENTIAL);
  int q = pf_process (c, "b");
  pf_touches (c, q, "w", 50, 0, 16, heap, TOUCH_SEQUENTIAL);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.total, 2);
  ck_assert_uint_eq (r->faults.resolved, 2);
  if (_i == STRATEGY_LOCAL_RM)
    ck_assert_uint_eq (r->kernel.mapdb_entries_peak, 32 + r->kernel.rm_self_faults);
  else
    ck_assert_uint_eq (r->kernel.mapdb_entries_peak, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_zero_costs)
{
  /* Nothing costs time: faults take no time at all, and nothing loops. */
  ScenarioConfig *c = one_thread (_i, 4096, 1, TOUCH_RANDOM);
  pf_costs (c, 0);
  c->managers[0].service = dist_const (0);
  c->dataspaces[0].resident = 16;
  RunResult *r = machine_run (c, NULL);
  ck_assert (!r->max_events_hit);
  ck_assert_uint_gt (r->faults.resolved, 400);
  ck_assert_int_eq (r->faults.latency.max, 0);
  ck_assert_int_eq (r->core.max_stall_ns, 0);
  ck_assert_int_eq (r->kernel.revocation_ns, 0);
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* Four processes fault on one page at once; the manager serves one request
 * and hangs.  Genode's attach wakes every faulter of the range, and core's
 * region map then serves them alone (sync-rpc likewise); under L4 each
 * process's region mapper must ask the manager itself. */
START_TEST (test_paging_one_attach_wakes_every_faulter)
{
  ScenarioConfig *c = pf_new ("wake-all", 20 * PF_MS, _i);
  int m = pf_manager (c, "swap", 10, dist_const (1e6));
  c->managers[m].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .faults = 1 };
  int heap = pf_ds (c, "heap", 64, m, 0);
  static const char *const names[] = { "p0", "p1", "p2", "p3" };
  for (int i = 0; i < 4; i++)
    pf_touches (c, pf_process (c, names[i]), "w", 50, 0, 1, heap, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.total, 4);
  ck_assert_uint_eq (r->faults.resolved, _i == STRATEGY_LOCAL_RM ? 1 : 4);
  ck_assert_int_lt (pf_thread (r, "swap.manager[0]")->cpu_ns, 11 * PF_MS / 10);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_eviction_cost_charged_to_the_manager)
{
  /* 100 faults on distinct pages with 8 resident: 92 evictions.  Each costs
   * `map` (core unmaps) or one `mapdb_revoke` (the kernel walks its mapping
   * database), on the manager's CPU. */
  const int64_t cost = 1000;
  int64_t cpu[2], revocation[2];
  for (int run = 0; run < 2; run++)
    {
      ScenarioConfig *c = pf_new ("evict", 50 * PF_MS, _i);
      int m = pf_manager (c, "swap", 100, dist_const (10e3));
      int heap = pf_ds (c, "heap", 4096, m, 8);
      pf_touches (c, pf_process (c, "app"), "w", 50, 0, 100, heap, TOUCH_SEQUENTIAL);
      if (_i == STRATEGY_LOCAL_RM)
        c->kernel.costs.mapdb_revoke = run ? cost : 0;
      else
        c->kernel.costs.map = run ? cost : 0;
      RunResult *r = machine_run (c, NULL);
      ck_assert_uint_eq (r->faults.resolved, 100);
      cpu[run] = pf_thread (r, "swap.manager[0]")->cpu_ns;
      revocation[run] = r->kernel.revocation_ns;
      run_result_free (r);
      pf_free (c);
    }
  ck_assert_int_eq (cpu[1] - cpu[0], 92 * cost);
  ck_assert_int_eq (revocation[0], 0);
  ck_assert_int_eq (revocation[1], _i == STRATEGY_LOCAL_RM ? 92 * cost : 0);
}
END_TEST

START_TEST (test_paging_rm_pages_are_self_faults)
{
  /* Each region mapper walks its own pages (code, stack, region list), paged
   * by core: rm_pages self faults per process, system faults all. */
  ScenarioConfig *c = pf_new ("rm-pages", 20 * PF_MS, _i);
  int rom = pf_ds (c, "rom", 4096, -1, 0);
  int a = pf_process (c, "a");
  c->processes[a].rm_pages = 2;
  pf_touches (c, a, "w", 50, 0, 50, rom, TOUCH_SEQUENTIAL);
  int b = pf_process (c, "b");
  c->processes[b].rm_pages = 7;
  pf_touches (c, b, "w", 50, 0, 50, rom, TOUCH_SEQUENTIAL);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.total, 100);
  if (_i == STRATEGY_LOCAL_RM)
    {
      ck_assert_uint_eq (r->kernel.rm_self_faults, 9);
      ck_assert_uint_eq (pf_thread (r, "a.region-mapper[0]")->faults, 2);
      ck_assert_uint_eq (pf_thread (r, "b.region-mapper[0]")->faults, 7);
      ck_assert_uint_eq (r->faults.system, 9);
    }
  else
    {
      ck_assert_uint_eq (r->kernel.rm_self_faults, 0);
      ck_assert_uint_eq (r->faults.system, 0);
    }
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* ---------------------------------------------------------------- core */

START_TEST (test_paging_stalled_is_longer_than_the_threshold)
{
  /* sync-rpc: a manager serving one fault for 150 ms holds core's pager; an
   * innocent fault on a plain page 1 ms later waits 149 ms behind it and is
   * then resolved.  It stalls the thread at a 100 ms threshold, not at
   * 200 ms. */
  for (int t = 0; t < 2; t++)
    {
      ScenarioConfig *c = pf_new ("stalled", 300 * PF_MS, STRATEGY_SYNC_RPC);
      c->stall_threshold = t == 0 ? 100 * PF_MS : 200 * PF_MS;
      /* Below the users: its service must not keep them off the CPU. */
      int m = pf_manager (c, "swap", 10, dist_const (10e3));
      c->managers[m].behavior = (Behavior) { .kind = BEHAVIOR_SLOW, .service = dist_const (150e6), .has_service = true };
      int heap = pf_ds (c, "heap", 64, m, 0);
      int rom = pf_ds (c, "rom", 64, -1, 0);
      int p = pf_process (c, "app");
      pf_touches (c, p, "culprit", 50, 0, 1, heap, TOUCH_SAME);
      pf_touches (c, p, "innocent", 50, PF_MS, 1, rom, TOUCH_SAME);
      RunResult *r = machine_run (c, NULL);
      ck_assert_uint_eq (r->faults.resolved, 2);
      ck_assert_uint_eq (r->faults.unresolved, 0);
      ck_assert_int_gt (r->faults.innocent_latency.max, 140 * PF_MS);
      ck_assert_uint_eq (r->faults.innocent_stalled_threads, t == 0 ? 1 : 0);
      run_result_free (r);
      pf_free (c);
    }
}
END_TEST

START_TEST (test_paging_max_stall_joins_only_core_work)
{
  /* ipc-timeout, two hung managers.  Two faults together: core goes from
   * one timeout straight into the next, one stall of two timeouts.  The
   * second fault 7 ms later: a user thread ran between the two timeouts,
   * two stalls of one timeout each. */
  const int64_t timeout = 5 * PF_MS;
  for (int apart = 0; apart <= 1; apart++)
    {
      ScenarioConfig *c = pf_new ("stall-join", 30 * PF_MS, STRATEGY_IPC_TIMEOUT);
      c->kernel.ipc_timeout = timeout;
      int ma = pf_manager (c, "hung-a", 100, dist_const (10e3));
      int mb = pf_manager (c, "hung-b", 100, dist_const (10e3));
      c->managers[ma].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .has_after = true };
      c->managers[mb].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .has_after = true };
      int a = pf_ds (c, "a", 64, ma, 0);
      int b = pf_ds (c, "b", 64, mb, 0);
      int p = pf_process (c, "app");
      pf_touches (c, p, "ta", 50, 0, 1, a, TOUCH_SAME);
      pf_touches (c, p, "tb", 50, apart ? 7 * PF_MS : 0, 1, b, TOUCH_SAME);
      RunResult *r = machine_run (c, NULL);
      ck_assert_uint_eq (r->faults.dropped, 2);
      ck_assert_int_ge (r->core.blocked_ns, 2 * timeout);
      ck_assert_int_lt (r->core.blocked_ns, 2 * timeout + 10 * PF_US);
      if (apart)
        {
          ck_assert_int_ge (r->core.max_stall_ns, timeout);
          ck_assert_int_lt (r->core.max_stall_ns, timeout + 10 * PF_US);
        }
      else
        {
          ck_assert_int_ge (r->core.max_stall_ns, 2 * timeout);
          ck_assert_int_lt (r->core.max_stall_ns, 2 * timeout + 10 * PF_US);
        }
      run_result_free (r);
      pf_free (c);
    }
}
END_TEST

START_TEST (test_paging_retry_answered_by_another_pager)
{
  /* ipc-timeout retry with two pager threads.  pager[0] reflects a's fault
   * to `slow` (8 ms), times out at 5 ms, and takes h's new fault to a hung
   * manager; pager[1], done with b's fault, retries a's and maps it at
   * 12.5 ms.  Its answer must reach a although a's call was accepted by
   * pager[0] (a reply-and-wait would be lost: a would wait forever with its
   * fault counted as resolved). */
  ScenarioConfig *c = pf_new ("retry-other-pager", 30 * PF_MS, STRATEGY_IPC_TIMEOUT);
  c->kernel.on_timeout = ON_TIMEOUT_RETRY;
  c->core.pager_threads = 2;
  /* Below the users, quick above slow: their services do not hold up the
   * faulters, and quick's runs while slow's waits. */
  int slow = pf_manager (c, "slow", 20, dist_const (8e6));
  int quick = pf_manager (c, "quick", 30, dist_const (4.5e6));
  int hung = pf_manager (c, "hung", 100, dist_const (10e3));
  c->managers[hung].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .has_after = true };
  int ds_slow = pf_ds (c, "s", 64, slow, 0);
  int ds_quick = pf_ds (c, "q", 64, quick, 0);
  int ds_hung = pf_ds (c, "h", 64, hung, 0);
  int p = pf_process (c, "app");
  pf_touches (c, p, "a", 50, 0, 1, ds_slow, TOUCH_SAME);
  pf_touches (c, p, "b", 50, 4 * PF_MS, 1, ds_quick, TOUCH_SAME);
  pf_touches (c, p, "h", 50, 4500 * PF_US, 1, ds_hung, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  const ThreadResult *a = pf_thread (r, "app.a[0]");
  ck_assert_uint_eq (a->latency.count, 1);
  ck_assert_int_eq (a->state, TS_SLEEPING);
  ck_assert_int_eq (pf_thread (r, "app.b[0]")->state, TS_SLEEPING);
  ck_assert_int_eq (pf_thread (r, "app.h[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_uint_ge (r->faults.retried, 1);
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* Occurrences of `needle` in `hay`. */
static int
count_of (const char *hay, const char *needle)
{
  int n = 0;
  for (const char *at = strstr (hay, needle); at; at = strstr (at + 1, needle))
    n++;
  return n;
}

START_TEST (test_paging_late_answer_is_lost)
{
  /* ipc-timeout: x (hangs at 1 s, so it never replies-and-waits) takes
   * 6 ms for a's fault from 1 ms on; core's call times out at 6 ms and
   * core calls y for b's fault, which y (idle, below x) accepts at once.
   * x's late answer at 7 ms must be lost, not taken for y's: core calls x
   * once and y once, and b is mapped when y answers at 10 ms. */
  ScenarioConfig *c = pf_new ("late-answer", 30 * PF_MS, STRATEGY_IPC_TIMEOUT);
  int x = pf_manager (c, "x", 20, dist_const (6e6));
  c->managers[x].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .after = 1000 * PF_MS, .has_after = true };
  int y = pf_manager (c, "y", 10, dist_const (3e6));
  int dx = pf_ds (c, "dx", 64, x, 0);
  int dy = pf_ds (c, "dy", 64, y, 0);
  int p = pf_process (c, "app");
  pf_touches (c, p, "a", 50, PF_MS, 1, dx, TOUCH_SAME);
  pf_touches (c, p, "b", 50, 2 * PF_MS, 1, dy, TOUCH_SAME);
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&text, &len);
  Trace *tr = trace_new (NULL, 0, -1, mem, 100000);
  RunResult *r = machine_run (c, tr);
  trace_free (tr);
  fclose (mem);
  ck_assert_int_eq (count_of (text, "core's pager calls x "), 1);
  ck_assert_int_eq (count_of (text, "core's pager calls y "), 1);
  ck_assert_uint_eq (r->faults.dropped, 1);
  ck_assert_uint_eq (pf_thread (r, "app.b[0]")->latency.count, 1);
  ck_assert_int_ge (pf_thread (r, "app.b[0]")->latency.max, 7 * PF_MS);
  free (text);
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* ----------------------------------------------------------- behaviors */

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

/* The behaviors under each strategy.  Manager bad serves cache, good serves
 * heap.  Process v: v.culprit (cache) and v.bystander (heap); process o:
 * o.culprit (cache, 1 ms later), o.heap and o.rom (plain).  Each case says
 * when bad misbehaves; the table says which innocent threads stall. */
typedef enum {
  CASE_HANG_AFTER,       /* hangs at 10 ms */
  CASE_HANG_FAULTS,      /* hangs after 5 requests */
  CASE_CRASH_IDLE,       /* dies at 10 ms, before anyone asked it */
  CASE_CRASH_SERVING,    /* dies at 5 ms, in the middle of a 10 ms service */
  CASE_COUNT
} BehaviorCase;

/* Innocent threads stalled, per strategy and case (StrategyKind order). */
static const uint64_t behavior_stalls[STRATEGY_COUNT][CASE_COUNT] = {
  /* async-signal: core never waits for a manager */
  [STRATEGY_ASYNC_SIGNAL] = { 0, 0, 0, 0 },
  /* sync-rpc: a hang, or a crash with core's call accepted, stalls everyone;
   * a crash before the call aborts it */
  [STRATEGY_SYNC_RPC] = { 3, 3, 0, 3 },
  /* local-rm: the region mappers of v and o are stuck on the hung manager,
   * and every thread of v and o with them; when bad crashes serving v's
   * region mapper, o's was still queued: aborted, o goes on */
  [STRATEGY_LOCAL_RM] = { 3, 3, 0, 1 },
  /* ipc-timeout: each misbehaviour costs core one timeout per fault */
  [STRATEGY_IPC_TIMEOUT] = { 0, 0, 0, 0 },
};

START_TEST (test_paging_behaviors)
{
  StrategyKind strategy = _i / CASE_COUNT;
  BehaviorCase bc = _i % CASE_COUNT;
  ScenarioConfig *c = pf_new ("behaviors", 300 * PF_MS, strategy);
  int good = pf_manager (c, "good", 100, dist_const (20e3));
  int bad = pf_manager (c, "bad", 100, dist_const (20e3));
  int64_t start = 0;
  switch (bc)
    {
    case CASE_HANG_AFTER:
      c->managers[bad].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .after = 10 * PF_MS, .has_after = true };
      break;
    case CASE_HANG_FAULTS:
      c->managers[bad].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .faults = 5 };
      break;
    case CASE_CRASH_IDLE:
      c->managers[bad].behavior = (Behavior) { .kind = BEHAVIOR_CRASH, .after = 10 * PF_MS, .has_after = true };
      start = 20 * PF_MS;
      break;
    case CASE_CRASH_SERVING:
      c->managers[bad].behavior = (Behavior) { .kind = BEHAVIOR_CRASH, .after = 5 * PF_MS, .has_after = true };
      c->managers[bad].service = dist_const (10e6);
      break;
    case CASE_COUNT:
      g_assert_not_reached ();
    }
  int heap = pf_ds (c, "heap", 4096, good, 0);
  int cache = pf_ds (c, "cache", 4096, bad, 0);
  int rom = pf_ds (c, "rom", 65536, -1, 0);
  int v = pf_process (c, "v");
  pf_periodic (c, v, "culprit", 50, start, 200 * PF_US, cache);
  pf_periodic (c, v, "bystander", 50, 0, 200 * PF_US, heap);
  int o = pf_process (c, "o");
  pf_periodic (c, o, "culprit", 50, start + PF_MS, 200 * PF_US, cache);
  pf_periodic (c, o, "heap", 50, 0, 200 * PF_US, heap);
  pf_periodic (c, o, "rom", 50, 0, 200 * PF_US, rom);
  RunResult *r = machine_run (c, NULL);

  /* The culprits are stuck in every design, whatever the misbehaviour. */
  ck_assert_int_eq (pf_thread (r, "v.culprit[0]")->state, TS_BLOCKED_FAULT);
  ck_assert_int_eq (pf_thread (r, "o.culprit[0]")->state, TS_BLOCKED_FAULT);
  uint64_t served = pf_thread (r, "v.culprit[0]")->latency.count + pf_thread (r, "o.culprit[0]")->latency.count;
  switch (bc)
    {
    case CASE_HANG_AFTER:
      ck_assert_uint_gt (served, 40);
      break;
    case CASE_HANG_FAULTS:
      ck_assert_uint_eq (served, 5);
      break;
    case CASE_CRASH_IDLE:
    case CASE_CRASH_SERVING:
      ck_assert_uint_eq (served, 0);
      ck_assert_int_eq (pf_thread (r, "bad.manager[0]")->state, TS_DEAD);
      break;
    case CASE_COUNT:
      g_assert_not_reached ();
    }
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, behavior_stalls[strategy][bc]);
  /* Who is left waiting on a dead manager: the caller it had accepted, not
   * those still queued. */
  const ThreadResult *pager = pf_thread (r, "core.pager[0]");
  switch (strategy)
    {
    case STRATEGY_ASYNC_SIGNAL:
      ck_assert_int_eq (r->core.blocked_ns, 0);
      ck_assert_int_eq (pager->state, TS_BLOCKED_RECV);
      ck_assert_uint_gt (pf_thread (r, "v.bystander[0]")->latency.count, 1000);
      break;
    case STRATEGY_SYNC_RPC:
      /* (core is blocked for every reflection: only the stall tells) */
      if (behavior_stalls[strategy][bc])
        {
          ck_assert_int_ge (r->core.max_stall_ns, 280 * PF_MS);
          ck_assert_int_eq (pager->state, bc == CASE_CRASH_SERVING ? TS_BLOCKED_REPLY : TS_BLOCKED_SEND);
        }
      else
        ck_assert_int_lt (r->core.max_stall_ns, PF_MS);
      break;
    case STRATEGY_LOCAL_RM:
      ck_assert_int_eq (r->core.blocked_ns, 0);
      ck_assert_int_eq (pf_thread (r, "v.region-mapper[0]")->state,
                        bc == CASE_CRASH_SERVING ? TS_BLOCKED_REPLY
                        : bc == CASE_CRASH_IDLE ? TS_BLOCKED_RECV : TS_BLOCKED_SEND);
      ck_assert_int_eq (pf_thread (r, "o.region-mapper[0]")->state,
                        bc == CASE_HANG_AFTER || bc == CASE_HANG_FAULTS ? TS_BLOCKED_SEND : TS_BLOCKED_RECV);
      if (bc == CASE_CRASH_IDLE || bc == CASE_CRASH_SERVING)
        ck_assert_uint_gt (pf_thread (r, "o.heap[0]")->latency.count, 1000);
      break;
    case STRATEGY_IPC_TIMEOUT:
      /* A timeout per fault that reaches bad while it hangs or serves as it
       * dies: v's and o's culprits, once each (dropped, never asked again).
       * A call to a dead manager is aborted at once. */
      ck_assert_int_le (r->core.max_stall_ns, 2 * c->kernel.ipc_timeout + PF_MS);
      if (bc == CASE_CRASH_IDLE)
        ck_assert_int_lt (r->core.max_stall_ns, PF_MS);
      else
        ck_assert_int_ge (r->core.max_stall_ns, c->kernel.ipc_timeout);
      ck_assert_uint_eq (r->faults.dropped, bc == CASE_CRASH_IDLE ? 0 : bc == CASE_CRASH_SERVING ? 1 : 2);
      ck_assert_uint_gt (pf_thread (r, "v.bystander[0]")->latency.count, 1000);
      break;
    case STRATEGY_COUNT:
      g_assert_not_reached ();
    }
  run_result_free (r);
  pf_free (c);
}
END_TEST

/* ---------------------------------------------------------- process exit */

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
      /* ... charged to core, which destroys the process, on a worker of
       * its own (plus the switch to it). */
      const ThreadResult *worker = pf_thread (r, "core.exit[0]");
      ck_assert_ptr_nonnull (worker);
      ck_assert_int_ge (worker->cpu_ns, 20 * c->kernel.costs.mapdb_revoke);
      ck_assert_int_le (worker->cpu_ns, 20 * c->kernel.costs.mapdb_revoke + c->kernel.costs.context_switch);
      ck_assert_uint_eq (r->kernel.rm_self_faults, 4);
      ck_assert_int_eq (pf_thread (r, "tmp.region-mapper[0]")->state, TS_DEAD);
    }
  else
    {
      /* No mapping database: core unmaps the 16 pages it handed out, one
       * `map` each, on its exit worker. */
      ck_assert_int_eq (r->kernel.revocation_ns, 0);
      ck_assert_uint_eq (r->kernel.rm_self_faults, 0);
      const ThreadResult *worker = pf_thread (r, "core.exit[0]");
      ck_assert_ptr_nonnull (worker);
      ck_assert_int_ge (worker->cpu_ns, 16 * c->kernel.costs.map);
      ck_assert_int_le (worker->cpu_ns, 16 * c->kernel.costs.map + c->kernel.costs.context_switch);
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
   * faults parked (async), queued (sync), in its region mapper or on core's
   * retry list (the last loop index: ipc-timeout with retry). */
  bool retry = _i == STRATEGY_COUNT;
  ScenarioConfig *c = pf_new ("exit-parked", 50 * PF_MS, retry ? STRATEGY_IPC_TIMEOUT : (StrategyKind) _i);
  if (retry)
    c->kernel.on_timeout = ON_TIMEOUT_RETRY;
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
  /* The dead process's faults are not counted as unresolved; only under
   * sync-rpc is the other process stuck behind core. */
  ck_assert_uint_eq (r->faults.unresolved, _i == STRATEGY_SYNC_RPC ? 1 : 0);
  if (_i != STRATEGY_SYNC_RPC)
    ck_assert_uint_gt (pf_thread (r, "other.w[0]")->latency.count, 100);
  if (retry)
    {
      /* Two timeouts before the exit (w[0]'s is dropped and waits for a
       * retry behind the new faults; w[1]'s ends after the exit and is not
       * counted); then the retry list holds nothing of the dead process and
       * core is not blocked again. */
      ck_assert_uint_eq (r->faults.dropped, 1);
      ck_assert_int_ge (r->core.blocked_ns, 2 * c->kernel.ipc_timeout);
      ck_assert_int_lt (r->core.blocked_ns, 2 * c->kernel.ipc_timeout + PF_MS);
    }
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_exit_empties_the_retry_list_under_a_poll)
{
  /* ipc-timeout 0 with retry: every reflection to the hung manager drops at
   * once and the pager alternates a poll for new faults (a receive with
   * timeout 0, 100 ns) and a retry.  The process exits while a poll is under
   * way, which takes its fault off the retry list: the poll finds neither a
   * new fault nor a retry, and the pager must simply receive (it used to
   * dereference the empty list).  Exits at several points of the cycle. */
  static const int64_t exit_at[] = { 10000000, 10000050, 10000100, 10000150 };
  ScenarioConfig *c = pf_new ("retry-exit", 20 * PF_MS, STRATEGY_IPC_TIMEOUT);
  c->kernel.ipc_timeout = 0;
  c->kernel.on_timeout = ON_TIMEOUT_RETRY;
  int m = pf_manager (c, "evil", 100, dist_const (1e6));
  c->managers[m].behavior = (Behavior) { .kind = BEHAVIOR_HANG, .after = 0, .has_after = true };
  int d = pf_ds (c, "d", 16, m, 0);
  int p = pf_process (c, "app");
  pf_worker (c, p, "w", 1, 100, dist_const (0), d, TOUCH_RANDOM);
  c->processes[p].has_exit_at = true;
  c->processes[p].exit_at = exit_at[_i];
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.unresolved, 0);   /* the dead process's fault is not counted */
  ck_assert_uint_ge (r->faults.dropped, 1);
  /* After the exit nothing is left to retry: core's pager goes idle. */
  const ThreadResult *pager = pf_thread (r, "core.pager[0]");
  ck_assert_int_eq (pager->state, TS_BLOCKED_RECV);
  ck_assert_int_le (pager->cpu_ns, exit_at[_i] + 1000);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_exit_while_attach_wakes)
{
  /* async-signal: four faulters of `victim` wait on one page; the manager's
   * attach (about 1 ms in) wakes them one reply at a time, and `victim`
   * exits somewhere in between (a sweep over 10 us in 50 ns steps).  The
   * faulters not yet woken are withdrawn from the waking list; the
   * manager's list stays whole, so `other`'s later faults are each served. */
  for (int64_t at = 1000 * PF_US; at <= 1010 * PF_US; at += 50)
    {
      ScenarioConfig *c = pf_new ("exit-wake", 8 * PF_MS, STRATEGY_ASYNC_SIGNAL);
      int m = pf_manager (c, "swap", 10, dist_const (1e6));
      int heap = pf_ds (c, "heap", 64, m, 0);
      int v = pf_process (c, "victim");
      for (int i = 0; i < 4; i++)
        {
          g_autofree char *name = g_strdup_printf ("w%d", i);
          pf_touches (c, v, name, 50, 0, 1, heap, TOUCH_SAME);
        }
      c->processes[v].has_exit_at = true;
      c->processes[v].exit_at = at;
      int o = pf_process (c, "other");
      pf_touches (c, o, "w", 50, 2 * PF_MS, 3, heap, TOUCH_SEQUENTIAL);
      RunResult *r = machine_run (c, NULL);
      ck_assert_msg (pf_thread (r, "other.w[0]")->latency.count == 3, "exit at %" G_GINT64_FORMAT " ns", at);
      ck_assert_uint_eq (r->faults.unresolved, 0);
      run_result_free (r);
      pf_free (c);
    }
}
END_TEST

START_TEST (test_paging_exit_maps_nothing_into_the_dead_space)
{
  /* local-rm, an exclusive manager: a's fault is being served (2 ms) when a
   * exits at 1 ms.  The map item finds the space gone: nothing is mapped
   * there and the page is nobody's, so b's fault at 5 ms revokes nothing.
   * The only revocation is a's exit (its region mapper's one page). */
  ScenarioConfig *c = pf_new ("exit-serving", 20 * PF_MS, STRATEGY_LOCAL_RM);
  int m = pf_manager (c, "lock", 100, dist_const (2e6));
  c->managers[m].exclusive = true;
  int shared = pf_ds (c, "shared", 16, m, 0);
  int a = pf_process (c, "a");
  pf_touches (c, a, "w", 50, 0, 1, shared, TOUCH_SAME);
  c->processes[a].has_exit_at = true;
  c->processes[a].exit_at = PF_MS;
  int b = pf_process (c, "b");
  pf_touches (c, b, "w", 50, 5 * PF_MS, 1, shared, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->faults.resolved, 1);
  ck_assert_int_eq (r->kernel.revocation_ns, c->kernel.costs.mapdb_revoke);
  run_result_free (r);
  pf_free (c);
}
END_TEST

START_TEST (test_paging_crashed_manager_withdraws_its_own_fault)
{
  /* async-signal, nesting: top's fault on its backing store waits for low
   * (50 ms) when top crashes at 10 ms.  The dead manager's fault is not
   * counted, and low's attach wakes nobody. */
  ScenarioConfig *c = pf_new ("crash-nested", 100 * PF_MS, STRATEGY_ASYNC_SIGNAL);
  int top = pf_manager (c, "top", 100, dist_const (10e3));
  c->managers[top].behavior = (Behavior) { .kind = BEHAVIOR_CRASH, .after = 10 * PF_MS, .has_after = true };
  int low = pf_manager (c, "low", 100, dist_const (50e6));
  int lowds = pf_ds (c, "low", 64, low, 0);
  int file = pf_ds (c, "file", 64, top, 0);
  c->dataspaces[file].backing = lowds;
  pf_touches (c, pf_process (c, "app"), "w", 50, 0, 1, file, TOUCH_SAME);
  RunResult *r = machine_run (c, NULL);
  ck_assert_int_eq (pf_thread (r, "top.manager[0]")->state, TS_DEAD);
  ck_assert_uint_eq (pf_thread (r, "top.manager[0]")->faults, 1);
  ck_assert_uint_eq (r->faults.system, 0);
  ck_assert_uint_eq (r->faults.unresolved, 1);
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

START_TEST (test_authority_nested_local_rm)
{
  /* A manager whose dataspace is backed by another manager's faults on it
   * through a region mapper of its own: one more process-manager pair. */
  ScenarioConfig *c = pf_new ("authority-nested", 5 * PF_MS, STRATEGY_LOCAL_RM);
  int top = pf_manager (c, "top", 100, dist_const (10e3));
  int low = pf_manager (c, "low", 100, dist_const (10e3));
  int lowds = pf_ds (c, "lowds", 64, low, 0);
  int file = pf_ds (c, "file", 64, top, 0);
  c->dataspaces[file].backing = lowds;
  pf_worker (c, pf_process (c, "app"), "w", 1, 50, dist_const (100e3), file, TOUCH_RANDOM);
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->authority.rights, 4);
  ck_assert (has_right (r, "app.region-mapper", "top", "call"));
  ck_assert (has_right (r, "top", "app", "map"));
  ck_assert (has_right (r, "top.region-mapper", "low", "call"));
  ck_assert (has_right (r, "low", "top", "map"));
  ck_assert (!has_right (r, "app.region-mapper", "low", "call"));
  run_result_free (r);
  pf_free (c);
}
END_TEST

Suite *paging_suite (void)
{
  Suite *s = suite_create ("paging");
  TCase *tc = tcase_create ("faults");
  tcase_add_loop_test (tc, test_paging_touch_of_a_mapped_page_is_free, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_flexpages_are_aligned, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_breakdown_adds_up, 0, STRATEGY_COUNT);
  tcase_add_test (tc, test_paging_warmup_leaves_early_faults_out);
  tcase_add_loop_test (tc, test_paging_one_fault_costs_the_service_time, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_cpu_wait_counts_under_every_design, 0, 2);
  tcase_add_test (tc, test_paging_manager_io_is_off_the_cpu);
  tcase_add_test (tc, test_paging_slow_behavior_io);
  tcase_add_loop_test (tc, test_paging_thread_faults_add_up_to_total, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_system_faults_kept_apart, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_sequential_position_per_thread, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_backing_touch_wraps_around, 0, STRATEGY_COUNT);
  tcase_add_test (tc, test_paging_culprit_down_the_backing_chain);
  tcase_add_loop_test (tc, test_paging_map_pages_beyond_the_dataspace, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_zero_costs, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_one_attach_wakes_every_faulter, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_eviction_cost_charged_to_the_manager, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_rm_pages_are_self_faults, 0, STRATEGY_COUNT);
  suite_add_tcase (s, tc);
  tc = tcase_create ("core");
  tcase_add_test (tc, test_paging_stalled_is_longer_than_the_threshold);
  tcase_add_test (tc, test_paging_max_stall_joins_only_core_work);
  tcase_add_test (tc, test_paging_retry_answered_by_another_pager);
  tcase_add_test (tc, test_paging_late_answer_is_lost);
  suite_add_tcase (s, tc);
  tc = tcase_create ("behaviors");
  tcase_add_test (tc, test_paging_hang_after_n_faults);
  tcase_add_test (tc, test_paging_crashed_manager_aborts_the_call);
  tcase_add_loop_test (tc, test_paging_behaviors, 0, STRATEGY_COUNT * CASE_COUNT);
  tcase_add_test (tc, test_paging_crashed_manager_withdraws_its_own_fault);
  suite_add_tcase (s, tc);
  tc = tcase_create ("exit");
  tcase_add_loop_test (tc, test_paging_exit_revokes_the_mapdb, 0, STRATEGY_COUNT);
  tcase_add_loop_test (tc, test_paging_exit_withdraws_parked_faults, 0, STRATEGY_COUNT + 1);
  tcase_add_loop_test (tc, test_paging_exit_empties_the_retry_list_under_a_poll, 0, 4);
  tcase_add_test (tc, test_paging_exit_while_attach_wakes);
  tcase_add_test (tc, test_paging_exit_maps_nothing_into_the_dead_space);
  suite_add_tcase (s, tc);
  tc = tcase_create ("authority");
  tcase_add_loop_test (tc, test_authority_counts, 0, STRATEGY_COUNT);
  tcase_add_test (tc, test_authority_nested_local_rm);
  suite_add_tcase (s, tc);
  return s;
}
