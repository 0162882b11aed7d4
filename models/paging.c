/* Paging: the public face of the paging designs (paging.h).  It builds the
 * parts a scenario needs in a fixed order — memory, core's pagers, the
 * managers, what the strategy adds — keeps every thread that pages, and
 * gathers the figures of a run.  The parts do the work: the fault record and
 * the faulter's side in fault.c, core in core.c and core_rm.c, the managers
 * in manager.c, the wiring of each design in strategy_*.c. */
#include "models/paging.h"

#include "models/strategy.h"

const StrategyOps *
strategy_ops (StrategyKind kind)
{
  switch (kind)
    {
    case STRATEGY_ASYNC_SIGNAL:
      return &strategy_async_signal;
    case STRATEGY_SYNC_RPC:
      return &strategy_sync_rpc;
    case STRATEGY_LOCAL_RM:
      return &strategy_local_rm;
    case STRATEGY_IPC_TIMEOUT:
      return &strategy_ipc_timeout;
    case STRATEGY_COUNT:
      break;
    }
  g_assert_not_reached ();
}

/* ------------------------------------------------------------- threads */

/* Where the faults of `pt` go, as the strategy says. */
static void
paging_route (Paging *p, PgThread *pt)
{
  Endpoint *ep = p->ops->fault_endpoint (p, pt);
  pg_thread_route (pt, ep, core_serves (p->core, ep));
}

void
paging_thread_add (Paging *p, PgThread *pt)
{
  g_ptr_array_add (p->pts, pt);
}

PgThread *
paging_add_user (Paging *p, KThread *t, bool culprit)
{
  g_return_val_if_fail (p != NULL && t != NULL && kern_thread_role (t) == ROLE_USER, NULL);
  int space = kern_thread_space (t);
  g_return_val_if_fail (space >= 0 && (size_t) space < p->n_procs, NULL);
  PgThread *pt = g_new (PgThread, 1);
  g_ptr_array_add (p->owned, pt);
  pg_thread_init (pt, &p->fig, p->mem, t, space, true, culprit);
  paging_thread_add (p, pt);
  paging_route (p, pt);
  return pt;
}

uint64_t
pg_thread_window_answers (const PgThread *pt)
{
  return pt->window_answers;
}

void
paging_process_exit (Paging *p, int space)
{
  g_return_if_fail (p != NULL && space >= 0 && (size_t) space < p->n_procs);
  /* The program interpreter has killed the process's threads; their open
   * faults are withdrawn (not counted: nobody waits for them any more).
   * Handlers still working for them map nothing into the dead space. */
  for (guint i = 0; i < p->pts->len; i++)
    {
      PgThread *pt = p->pts->pdata[i];
      if (pt->space != space)
        continue;
      pg_thread_withdraw (pt);
      if (pt->is_rm && kern_thread_state (pt->t) != TS_DEAD)
        kern_kill (pt->t);
    }
  core_process_exit (p->core, space);
}

/* ------------------------------------------------------------ authority */

void
authority_add (GArray *rights, const char *holder, const char *target, const char *right)
{
  AuthorityRight a = { g_strdup (holder), g_strdup (target), g_strdup (right) };
  g_array_append_val (rights, a);
}

static void
ops_touches (const Op *ops, size_t n, bool *touched)
{
  for (size_t i = 0; i < n; i++)
    switch (ops[i].kind)
      {
      case OP_TOUCH:
        touched[ops[i].u.touch.dataspace] = true;
        break;
      case OP_REPLAY:
        touched[ops[i].u.replay.dataspace] = true;
        break;
      case OP_REPEAT:
        ops_touches (ops[i].u.repeat.body, ops[i].u.repeat.n_body, touched);
        break;
      case OP_COMPUTE:
      case OP_CALL:
      case OP_SLEEP:
      case OP_IO:
        break;
      }
}

void
paging_process_touches (const ScenarioConfig *c, size_t proc, bool *touched)
{
  const ProcessConfig *pc = &c->processes[proc];
  for (size_t j = 0; j < pc->n_threads; j++)
    ops_touches (pc->threads[j].program, pc->threads[j].n_program, touched);
}

/* -------------------------------------------------------------- figures */

/* The longest time a fault of `pt` took, counting one still open now. */
static int64_t
pg_thread_worst_latency (const PgThread *pt, SimTime now, bool open)
{
  return open ? MAX (pt->max_latency, now - pt->fault.start) : pt->max_latency;
}

static void
collect_faults (Paging *p, RunResult *r)
{
  const FaultFigures *fig = &p->fig;
  SimTime now = kern_now (p->k);
  uint64_t unresolved = 0, system_open = 0, stalled = 0, culprit_open = 0;
  int64_t open_max = 0;
  for (guint i = 0; i < p->pts->len; i++)
    {
      PgThread *pt = p->pts->pdata[i];
      if (pt->gone)
        continue;
      /* Answered but not yet run is open too: the access has not completed. */
      bool open = pt->fault.state != FAULT_IDLE;
      if (!pt->user)
        {
          system_open += open;
          continue;
        }
      unresolved += open;
      culprit_open += open && pt->culprit;
      /* The latency figures hold resolved faults only: a fault that never
       * resolves would otherwise make its design look fast. */
      if (open)
        open_max = MAX (open_max, now - pt->fault.start);
      if (!pt->culprit && pg_thread_worst_latency (pt, now, open) > p->c->stall_threshold)
        stalled++;
    }

  r->faults.resolved = fig->resolved;
  r->faults.unresolved = unresolved;
  r->faults.culprit_unresolved = culprit_open;
  r->faults.innocent_unresolved = unresolved - culprit_open;
  r->faults.open_max_ns = open_max;
  r->faults.total = fig->resolved + unresolved;
  r->faults.dropped = fig->dropped;
  r->faults.retried = fig->retried;
  r->faults.wasted = fig->wasted;
  r->faults.system = fig->system_faults + system_open;
  stats_summary (fig->lat_all, &r->faults.latency);
  r->faults.jitter_ns = r->faults.latency.p99 - r->faults.latency.p50;
  stats_summary (fig->lat_innocent, &r->faults.innocent_latency);
  stats_summary (fig->lat_culprit, &r->faults.culprit_latency);
  stats_summary (fig->lat_answer, &r->faults.answer_latency);
  for (guint i = 0; i < p->pts->len; i++)
    {
      const PgThread *pt = p->pts->pdata[i];
      if (pt->user)
        {
          if (pt->culprit)
            r->faults.culprit_threads++;
          else
            r->faults.innocent_threads++;
        }
    }
  r->faults.innocent_stalled_threads = stalled;
  int64_t n = (int64_t) MAX (fig->resolved, 1);
  r->faults.breakdown = (FaultBreakdown) {
    .fault_entry = fig->seg_sum[SEG_FAULT_ENTRY] / n,
    .pager_wait = fig->seg_sum[SEG_PAGER_WAIT] / n,
    .manager_wait = fig->seg_sum[SEG_MANAGER_WAIT] / n,
    .service = fig->seg_sum[SEG_SERVICE] / n,
    .io = fig->seg_sum[SEG_IO] / n,
    .refault = fig->seg_sum[SEG_REFAULT] / n,
    .map = fig->seg_sum[SEG_MAP] / n,
    .cpu_wait = fig->seg_sum[SEG_CPU_WAIT] / n,
  };
  /* Right after stats_summary the sample view is sorted: the CDF wants it so. */
  size_t n_samples;
  const int64_t *samples = stats_samples (fig->lat_all, &n_samples);
  g_free (r->faults.samples);
  r->faults.samples = n_samples ? g_memdup2 (samples, n_samples * sizeof *samples) : NULL;
  r->faults.n_samples = n_samples;
  if (fig->series != NULL)
    {
      r->faults.n_series = fig->series->len / 2;
      r->faults.series = g_memdup2 (fig->series->data, fig->series->len * sizeof (int64_t));
    }
}

static void
collect_kernel (Paging *p, RunResult *r)
{
  if (memory_in_kernel_mapdb (p->mem))
    {
      size_t peak = memory_mapdb_entries_peak (p->mem);
      r->kernel.mapdb_entries_peak = peak;
      r->kernel.mapdb_bytes_peak = (int64_t) peak * p->c->kernel.mapdb_entry_bytes;
    }
  r->kernel.revocation_ns = memory_revocation_ns (p->mem);
  r->kernel.rm_self_faults = p->fig.rm_self_faults;
}

static void
collect_authority (Paging *p, RunResult *r)
{
  GArray *rights = g_array_new (FALSE, TRUE, sizeof (AuthorityRight));
  p->ops->authority (p, rights);
  r->authority.rights = rights->len;
  r->authority.n_matrix = rights->len;
  r->authority.matrix = (AuthorityRight *) g_array_free (rights, FALSE);
  size_t nf = 0;
  while (p->ops->kernel_features[nf])
    nf++;
  r->authority.kernel_features = g_new0 (char *, MAX (nf, 1));
  for (size_t i = 0; i < nf; i++)
    r->authority.kernel_features[i] = g_strdup (p->ops->kernel_features[i]);
  r->authority.n_kernel_features = nf;
}

void
paging_collect (Paging *p, RunResult *r)
{
  collect_faults (p, r);
  core_collect (p->core, r);
  collect_kernel (p, r);
  collect_authority (p, r);
}

/* -------------------------------------------------------------- set up */

Paging *
paging_new (Kernel *k, const ScenarioConfig *c)
{
  Paging *p = g_new0 (Paging, 1);
  p->k = k;
  p->c = c;
  p->ops = strategy_ops (c->strategy);
  p->n_procs = c->n_processes;
  p->n_spaces = c->n_processes + c->n_managers;
  p->pts = g_ptr_array_new ();
  p->owned = g_ptr_array_new_with_free_func (g_free);
  fault_figures_init (&p->fig, c->warmup, MAX (c->duration - c->stall_threshold, 0));
  if (c->keep_fault_series)
    p->fig.series = g_array_new (FALSE, FALSE, sizeof (int64_t));
  p->mem = memory_new (k, c, p->ops->in_kernel_mapdb);
  /* Creation order is fixed: core's pagers, the managers, then what the
   * strategy adds; thread ids and random streams follow from it. */
  p->core = core_new (k, c, p->mem, &p->fig,
                      (CoreStrategy) { p->ops->reflect, p->ops->on_timeout });
  p->n_managers = c->n_managers;
  p->managers = managers_new (k, c, p->mem, &p->fig, (int) p->n_procs, p->ops->manager_start);
  core_set_managers (p->core, p->managers, p->n_managers);
  for (size_t i = 0; i < p->n_managers; i++)
    paging_thread_add (p, &p->managers[i].pt);
  p->ops->setup (p);
  for (guint i = 0; i < p->pts->len; i++)
    paging_route (p, p->pts->pdata[i]);
  return p;
}

void
paging_free (Paging *p)
{
  if (p == NULL)
    return;
  core_free (p->core);
  managers_free (p->managers);
  memory_free (p->mem);
  g_ptr_array_free (p->pts, TRUE);
  g_ptr_array_free (p->owned, TRUE);
  fault_figures_clear (&p->fig);
  g_free (p);
}
