/* Run results built in C for the writers' tests: an empty one (every
 * section zero) and a full one (every section filled, so every branch of the
 * writers runs).  Header-only; included by tests/check_report*.c and
 * tests/check_figures.c. */
#ifndef MKSIM_REPORT_FIXTURE_H
#define MKSIM_REPORT_FIXTURE_H

#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/result.h"

static inline RunResult *
rf_empty (void)
{
  RunResult *r = g_new0 (RunResult, 1);

  r->scenario = g_strdup ("empty");
  r->strategy = g_strdup ("async-signal");
  r->seed = 1;
  r->sim_time_ns = 1000000000;
  return r;
}

static inline StatSummary
rf_summary (uint64_t count, int64_t base)
{
  return (StatSummary) { count, base * 1.25, base * 0.5, base / 2, base, 2 * base, 3 * base,
                         4 * base, 5 * base };
}

/* Every section filled, so every branch of the writers runs. */
static inline RunResult *
rf_full (void)
{
  RunResult *r = rf_empty ();

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
  r->faults.latency = rf_summary (990, 12000);
  r->faults.jitter_ns = 24000;
  r->faults.innocent_latency = rf_summary (900, 10000);
  r->faults.innocent_stalled_threads = 1;
  r->faults.culprit_latency = rf_summary (90, 90000);
  r->faults.breakdown = (FaultBreakdown) { .fault_entry = 500, .pager_wait = 1000, .manager_wait = 2000,
                                           .service = 8000, .refault = 400, .map = 300,
                                           .cpu_wait = 700 };
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
  r->calls.latency = rf_summary (48, 3000);
  r->gui.events = 100;
  r->gui.delivered = 180;
  r->gui.dropped = 20;
  r->gui.n_drop_causes = 2;
  r->gui.dropped_by_cause = g_new0 (DropCause, 2);
  r->gui.dropped_by_cause[0] = (DropCause) { g_strdup ("timeout"), 15 };
  r->gui.dropped_by_cause[1] = (DropCause) { g_strdup ("overflow"), 5 };
  r->gui.latency = rf_summary (180, 40000);
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
  r->n_cpus = 1;
  r->cpus = g_new0 (CpuResult, 1);
  r->cpus[0] = (CpuResult) { 7000100, 992999900 };
  r->n_threads = 3;
  r->threads = g_new0 (ThreadResult, 3);
  r->threads[0] = (ThreadResult) { g_strdup ("app.worker[0]"), g_strdup ("app"),
                                   g_strdup ("worker"), 0, ROLE_USER, 50, 0, 4000000, 12,
                                   rf_summary (12, 11000), TS_BLOCKED_FAULT, false,
                                   MISBEHAVIOR_NONE, 0, 40, false, false };
  r->threads[1] = (ThreadResult) { g_strdup ("core.pager[0]"), g_strdup ("core"),
                                   g_strdup ("pager"), 0, ROLE_PAGER, 250, 0, 3000000, 0,
                                   rf_summary (0, 0), TS_BLOCKED_REPLY, false, MISBEHAVIOR_NONE,
                                   0, 0, false, false };
  r->threads[2] = (ThreadResult) { g_strdup ("stuck.main[0]"), g_strdup ("stuck"),
                                   g_strdup ("main"), 0, ROLE_GUI_CLIENT, 100, 0, 100, 0,
                                   rf_summary (3, 70000), TS_BLOCKED_RECV, true,
                                   MISBEHAVIOR_HANG, 50000000, 0, false, false };
  return r;
}

#endif
