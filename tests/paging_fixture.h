/* Scenarios built in C for the paging tests: a few lines per manager,
 * dataspace and worker, so a unit test states the system it runs without a
 * JSON file.  Header-only; included by tests/check_paging.c. */
#ifndef MKSIM_PAGING_FIXTURE_H
#define MKSIM_PAGING_FIXTURE_H

#include <glib.h>

#include "models/config.h"
#include "models/machine.h"

#define PF_US INT64_C (1000)
#define PF_MS INT64_C (1000000)

static inline ScenarioConfig *
pf_new (const char *name, int64_t duration, StrategyKind s)
{
  ScenarioConfig *c = g_new0 (ScenarioConfig, 1);
  config_defaults (c);
  c->name = g_strdup (name);
  c->duration = duration;
  c->strategy = s;
  return c;
}

static inline void
pf_free (ScenarioConfig *c)
{
  config_free (c);
  g_free (c);
}

static inline int
pf_manager (ScenarioConfig *c, const char *name, int priority, Dist service)
{
  c->managers = g_renew (ManagerConfig, c->managers, c->n_managers + 1);
  c->managers[c->n_managers] = (ManagerConfig) {
    .name = g_strdup (name), .priority = priority, .service = service,
    .behavior = { .kind = BEHAVIOR_OK }, .map_pages = 1,
  };
  return (int) c->n_managers++;
}

static inline int
pf_ds (ScenarioConfig *c, const char *name, int64_t pages, int manager, int64_t resident)
{
  c->dataspaces = g_renew (DataspaceConfig, c->dataspaces, c->n_dataspaces + 1);
  c->dataspaces[c->n_dataspaces] = (DataspaceConfig) {
    .name = g_strdup (name), .pages = pages, .manager = manager, .resident = resident, .backing = -1,
  };
  return (int) c->n_dataspaces++;
}

static inline int
pf_process (ScenarioConfig *c, const char *name)
{
  c->processes = g_renew (ProcessConfig, c->processes, c->n_processes + 1);
  c->processes[c->n_processes] = (ProcessConfig) { .name = g_strdup (name), .rm_pages = 4 };
  return (int) c->n_processes++;
}

/* `count` threads that forever compute `compute`, then touch `ds`. */
static inline void
pf_worker (ScenarioConfig *c, int proc, const char *name, int count, int priority, Dist compute,
           int ds, TouchPattern pattern)
{
  ProcessConfig *pc = &c->processes[proc];
  pc->threads = g_renew (ThreadConfig, pc->threads, pc->n_threads + 1);
  Op *body = g_new0 (Op, 2);
  body[0].kind = OP_COMPUTE;
  body[0].u.compute.d = compute;
  body[1].kind = OP_TOUCH;
  body[1].u.touch.dataspace = ds;
  body[1].u.touch.pattern = pattern;
  Op *prog = g_new0 (Op, 1);
  prog[0].kind = OP_REPEAT;
  prog[0].u.repeat.count = -1;
  prog[0].u.repeat.body = body;
  prog[0].u.repeat.n_body = 2;
  pc->threads[pc->n_threads++] = (ThreadConfig) {
    .name = g_strdup (name), .count = count, .priority = priority, .program = prog, .n_program = 1,
  };
}

static inline void
pf_add_thread (ScenarioConfig *c, int proc, const char *name, int count, int priority, Op *prog,
               size_t n_prog)
{
  ProcessConfig *pc = &c->processes[proc];
  pc->threads = g_renew (ThreadConfig, pc->threads, pc->n_threads + 1);
  pc->threads[pc->n_threads++] = (ThreadConfig) {
    .name = g_strdup (name), .count = count, .priority = priority, .program = prog, .n_program = n_prog,
  };
}

/* A thread that sleeps `start`, touches `ds` `n` times with `pattern` (each
 * touch after the previous one is done), then sleeps for good: faults at a
 * chosen time, and no more than `n`. */
static inline void
pf_touches (ScenarioConfig *c, int proc, const char *name, int priority, int64_t start, int n, int ds,
            TouchPattern pattern)
{
  Op *body = g_new0 (Op, 1);
  body[0].kind = OP_TOUCH;
  body[0].u.touch.dataspace = ds;
  body[0].u.touch.pattern = pattern;
  Op *prog = g_new0 (Op, 3);
  prog[0].kind = OP_SLEEP;
  prog[0].u.sleep.d = dist_const ((double) start);
  prog[1].kind = OP_REPEAT;
  prog[1].u.repeat.count = n;
  prog[1].u.repeat.body = body;
  prog[1].u.repeat.n_body = 1;
  prog[2].kind = OP_SLEEP;
  prog[2].u.sleep.d = dist_const (1e12);
  pf_add_thread (c, proc, name, 1, priority, prog, 3);
}

/* A thread that sleeps `start`, then forever touches a random page of `ds`
 * and sleeps `period`. */
static inline void
pf_periodic (ScenarioConfig *c, int proc, const char *name, int priority, int64_t start,
             int64_t period, int ds)
{
  Op *body = g_new0 (Op, 2);
  body[0].kind = OP_TOUCH;
  body[0].u.touch.dataspace = ds;
  body[0].u.touch.pattern = TOUCH_RANDOM;
  body[1].kind = OP_SLEEP;
  body[1].u.sleep.d = dist_const ((double) period);
  Op *prog = g_new0 (Op, 2);
  prog[0].kind = OP_SLEEP;
  prog[0].u.sleep.d = dist_const ((double) start);
  prog[1].kind = OP_REPEAT;
  prog[1].u.repeat.count = -1;
  prog[1].u.repeat.body = body;
  prog[1].u.repeat.n_body = 2;
  pf_add_thread (c, proc, name, 1, priority, prog, 2);
}

/* Every kernel cost of `c` set to `ns`. */
static inline void
pf_costs (ScenarioConfig *c, int64_t ns)
{
  c->kernel.costs = (KernelCosts) { .ipc = ns, .signal = ns, .signal_delivery = ns,
                                    .context_switch = ns, .fault_entry = ns, .map = ns,
                                    .mapdb_insert = ns, .mapdb_revoke = ns };
}

/* A thread that computes forever (load). */
static inline void
pf_hog (ScenarioConfig *c, int proc, const char *name, int count, int priority)
{
  ProcessConfig *pc = &c->processes[proc];
  pc->threads = g_renew (ThreadConfig, pc->threads, pc->n_threads + 1);
  Op *prog = g_new0 (Op, 1);
  prog[0].kind = OP_COMPUTE;
  prog[0].u.compute.forever = true;
  pc->threads[pc->n_threads++] = (ThreadConfig) {
    .name = g_strdup (name), .count = count, .priority = priority, .program = prog, .n_program = 1,
  };
}

static inline const ThreadResult *
pf_thread (const RunResult *r, const char *name)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (g_strcmp0 (r->threads[i].name, name) == 0)
      return &r->threads[i];
  return NULL;
}

#endif
