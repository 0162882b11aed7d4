/* Core's pager threads (see core.h), the mapping work core does, its retry
 * list, the two ways of reflecting a fault (defer and signal, or call and
 * wait), process destruction, and the bookkeeping of how long core is
 * blocked on user-level components.
 *
 * A pager thread is a small state machine (PagerState): RECEIVING (or
 * POLLING when retries are waiting) -> look up -> MAPPING -> RECEIVING (L4's
 * reply-and-wait) or ANSWERING -> RECEIVING, or -> the strategy's reflection
 * (SIGNALLING, or REFLECTING -> MAPPING ...) -> RECEIVING.  Each
 * continuation checks on entry that the pager is in the state it belongs
 * to; pager_received(), which follows both kinds of receive, picks its
 * transition by the state. */
#include "models/core_priv.h"

/* ORDER PagerState */
static const char *const pager_state_names[] = {
  [PAGER_NEW] = "NEW",
  [PAGER_RECEIVING] = "RECEIVING",
  [PAGER_POLLING] = "POLLING",
  [PAGER_MAPPING] = "MAPPING",
  [PAGER_ANSWERING] = "ANSWERING",
  [PAGER_SIGNALLING] = "SIGNALLING",
  [PAGER_REFLECTING] = "REFLECTING",
};
FSM_NAMES_CHECK (pager_state_names, PAGER_REFLECTING);
FSM_DEFINE (pager, Pager, PagerState, state, "core pager", pager_state_names)

static void pager_received (KThread *t, IpcStatus st);

/* ------------------------------------------------------- stall figures */

static int64_t
group_pager_cpu (const Core *core, const PagerGroup *g)
{
  int64_t sum = 0;
  for (int i = g->first; i < g->first + g->n; i++)
    sum += kern_thread_cpu_ns (core->pagers[i].t);
  return sum;
}

/* The pagers serving CPU `cpu`'s faults. */
static PagerGroup *
core_group (Core *core, int cpu)
{
  return &core->groups[core->n_groups > 1 ? cpu : 0];
}

/* core.max_stall_ns: the longest interval in which every pager thread of a
 * group (all of core's, or one CPU's with per_cpu_pagers) was blocked on a
 * user-level component while a fault waited for them.  Two such intervals
 * separated only by the group's own work (the gap is all pager CPU, give or
 * take the context switches into and out of it) are one: with ipc-timeout
 * and K hung managers core goes from one timeout straight into the next,
 * and that is one stall of K timeouts. */
static void
core_stall_update (Core *core, PagerGroup *g)
{
  bool stalled = g->n > 0 && g->blocked == g->n && g->waiting > 0;
  SimTime now = kern_now (core->k);
  if (stalled && !g->stall_open)
    {
      g->stall_open = true;
      g->stall_start = now;
      if (g->stall_have_last)
        {
          int64_t gap = now - g->stall_last_end;
          int64_t own = group_pager_cpu (core, g) - g->stall_cpu_at_end;
          if (gap - own <= 2 * core->c->kernel.costs.context_switch)
            g->stall_start = g->stall_last_start;
        }
    }
  else if (!stalled && g->stall_open)
    {
      g->stall_open = false;
      core->max_stall = MAX (core->max_stall, now - g->stall_start);
      g->stall_have_last = true;
      g->stall_last_start = g->stall_start;
      g->stall_last_end = now;
      g->stall_cpu_at_end = group_pager_cpu (core, g);
    }
}

/* The fault record tells core when a fault starts or stops waiting for the
 * pagers of CPU `cpu`. */
static void
core_wait_changed (void *data, int cpu, bool on)
{
  Core *core = data;
  PagerGroup *g = core_group (core, cpu);
  g->waiting += on ? 1 : -1;
  g_assert (g->waiting >= 0);
  core_stall_update (core, g);
}

/* The pager starts or stops waiting for a user-level component. */
static void
pager_set_blocked (Pager *pg, bool blocked)
{
  Core *core = pg->core;
  PagerGroup *g = pg->group;
  g_assert (pg->blocked != blocked);
  SimTime now = kern_now (core->k);
  pg->blocked = blocked;
  if (blocked)
    {
      pg->blocked_since = now;
      g->blocked++;
    }
  else
    {
      core->blocked_ns += now - pg->blocked_since;
      g->blocked--;
    }
  core_stall_update (core, g);
}

/* ----------------------------------------------------------- the pager */

/* The fault in hand is done with (answered, dropped or parked). */
static void
pager_release (Pager *pg)
{
  if (pg->retrying)
    {
      pg->core->retry_cpu_ns += kern_thread_cpu_ns (pg->t) - pg->retry_cpu0;
      pg->retrying = false;
    }
  pg->f = NULL;
  pg->caller = NULL;
  pg->found_mapped = false;
}

/* ... and the pager receives the next. */
static void
pager_next (Pager *pg)
{
  pager_release (pg);
  core_pager_receive (pg);
}

/* Core will never answer the fault in hand (its process is gone, its
 * reflection was dropped or aborted); the pager receives the next. */
static void
pager_give_up (Pager *pg)
{
  fault_lost (pg->f);
  pager_next (pg);
}

/* The answer in words: what core did, and for a faulter how long until the
 * reply makes it ready at `ready_at` (its fault ends when it has run). */
static void
pager_answer_words (Pager *pg, KThread *caller, SimTime ready_at, Msg *m)
{
  Core *core = pg->core;
  if (!kern_explaining (core->k))
    return;
  const PgFault *f = pg->f;
  KThread *faulter = fault_thread (f);
  const char *space = memory_space_name (core->mem, f->owner->space);
  const char *where = fault_ds_name (f);
  const char *me = kern_thread_name (pg->t);
  g_autofree char *did = NULL;
  if (pg->found_mapped)
    did = g_strdup_printf ("%s finds %s page %" G_GINT64_FORMAT " mapped into %s already",
                           me, where, f->page, space);
  else if (f->state == FAULT_REFLECTED)
    did = g_strdup_printf ("%s answers; %s maps %s page %" G_GINT64_FORMAT " into %s",
                           core->managers[memory_manager (core->mem, f->ds)].cfg->name, me,
                           where, f->page, space);
  else
    did = g_strdup_printf ("%s maps %s page %" G_GINT64_FORMAT " into %s", me, where, f->page,
                           space);
  if (caller != faulter)
    {
      kern_msg_words (pg->t, m, "%s and answers %s, which asked for %s", did,
                      kern_thread_name (caller), kern_thread_name (faulter));
      return;
    }
  char lat[32];
  kern_msg_words (pg->t, m, "%s and answers %s: answered after %s", did,
                  kern_thread_name (caller), trace_format_ns (lat, sizeof lat, ready_at - f->start));
}

static void
pager_answered (KThread *t, IpcStatus st)
{
  (void) st;
  core_pager_receive (pager_expect (t, PAGER_ANSWERING, G_STRFUNC));
}

static void
pager_mapped (KThread *t, IpcStatus st)
{
  (void) st;
  Pager *pg = pager_expect (t, PAGER_MAPPING, G_STRFUNC);
  Core *core = pg->core;
  PgFault *f = pg->f;
  KThread *caller = pg->caller;
  bool accepted = !pg->retrying;   /* it received the caller's call itself */
  Msg m;
  fault_msg (f, PG_MSG_MAPPED, &m);
  /* The reply makes the faulter ready once its IPC cost is charged; a region
   * mapper asking for a plain page answers its faulter itself. */
  SimTime ready_at = kern_now (core->k) + core->c->kernel.costs.ipc;
  pager_answer_words (pg, caller, ready_at, &m);
  if (caller == fault_thread (f))
    fault_answered (f, ready_at);
  fault_stops_waiting_for_core (f);
  pager_release (pg);
  if (accepted && core->retry.head == NULL)
    {
      /* L4's reply-and-wait: one kernel entry. */
      pager_enter (pg, PAGER_RECEIVING);
      ipc_reply_recv_to (t, caller, &m, pg->group->ep, pager_received);
      return;
    }
  /* A retried fault may have been accepted by another pager thread: answer
   * through the reply capability core kept. */
  pager_enter (pg, PAGER_ANSWERING);
  ipc_reply_to (t, caller, &m, pager_answered);
}

/* Answers the fault in hand after charging `cost` for the mapping. */
static void
pager_answer (Pager *pg, int64_t cost)
{
  pager_enter (pg, PAGER_MAPPING);
  kern_charge (pg->t, cost, pager_mapped);
}

/* Looks the fault in hand up: map it if core can, else reflect it. */
static void
pager_decide (Pager *pg)
{
  Core *core = pg->core;
  PgFault *f = pg->f;
  int space = f->owner->space;
  int64_t block = memory_block (core->mem, f->ds, f->page);
  if (f->owner->gone)
    {
      /* Its process was destroyed meanwhile: nobody to map it for. */
      pager_give_up (pg);
      return;
    }
  if (memory_is_mapped (core->mem, space, f->ds, f->page))
    {
      /* Another thread of the space got the page mapped meanwhile. */
      fault_seg (f, SEG_MAP);
      pg->found_mapped = true;
      pager_answer (pg, 0);
      return;
    }
  if (memory_core_can_map (core->mem, f->ds, block, space))
    {
      fault_seg (f, SEG_MAP);
      pager_answer (pg, memory_map (core->mem, f->ds, block, space));
      return;
    }
  g_assert (core->how.reflect != NULL);
  core->how.reflect (pg);
}

/* ipc-timeout "retry": the oldest reflection that expired is tried again.
 * The list may have emptied while the poll was under way (the faulter's
 * process exited): then the pager simply receives. */
static void
pager_retry (Pager *pg)
{
  PgFault *f = fault_list_pop (&pg->core->retry);
  if (f == NULL)
    {
      core_pager_receive (pg);
      return;
    }
  fault_count_retried (f);
  pg->f = f;
  pg->caller = f->caller;
  f->caller = NULL;
  fault_enter (f, FAULT_AT_HANDLER);
  pg->retrying = true;
  pg->retry_cpu0 = kern_thread_cpu_ns (pg->t);
  pager_decide (pg);
}

/* The pager received a fault, or a region mapper's request to map one. */
static void
pager_accept (Pager *pg)
{
  KThread *t = pg->t;
  const Msg *in = kern_thread_msg (t);
  PgFault *f = in->ptr;
  pg->caller = ipc_take_caller (t);
  switch ((PgPagerMsg) in->label)
    {
    case PG_MSG_FAULT:
      fault_accepted (f);
      break;
    case PG_MSG_MAP:
      /* A region mapper forwards a fault it accepted itself. */
      fault_enter (f, FAULT_AT_HANDLER);
      break;
    }
  pg->f = f;
  pager_decide (pg);
}

/* After a receive: a waiting one (RECEIVING) always gets a message; a
 * poll (POLLING) that finds none times out at once, and a retry is due. */
static void
pager_received (KThread *t, IpcStatus st)
{
  Pager *pg = kern_thread_ctx (t);
  switch (pg->state)
    {
    case PAGER_RECEIVING:
      g_assert (st == IPC_OK);
      pager_accept (pg);
      return;
    case PAGER_POLLING:
      if (st == IPC_TIMEOUT)
        {
          pager_retry (pg);
          return;
        }
      g_assert (st == IPC_OK);
      pager_accept (pg);
      return;
    case PAGER_NEW:
    case PAGER_MAPPING:
    case PAGER_ANSWERING:
    case PAGER_SIGNALLING:
    case PAGER_REFLECTING:
      break;
    }
  pager_bad_state (pg, G_STRFUNC);
}

void
core_pager_receive (Pager *pg)
{
  Core *core = pg->core;
  if (core->retry.head)
    {
      /* New faults first (a receive that does not wait), then one retry. */
      pager_enter (pg, PAGER_POLLING);
      ipc_recv (pg->t, pg->group->ep, 0, pager_received);
      return;
    }
  pager_enter (pg, PAGER_RECEIVING);
  ipc_recv (pg->t, pg->group->ep, KERN_NO_TIMEOUT, pager_received);
}

static void
pager_start (KThread *t, IpcStatus st)
{
  (void) st;
  core_pager_receive (pager_expect (t, PAGER_NEW, G_STRFUNC));
}

const KernelConfig *
core_pager_kernel (const Pager *pg)
{
  return &pg->core->c->kernel;
}

/* --------------------------------------- async-signal: defer and signal */

static void
pager_signalled (KThread *t, IpcStatus st)
{
  (void) st;
  core_pager_receive (pager_expect (t, PAGER_SIGNALLING, G_STRFUNC));
}

void
core_pager_defer (Pager *pg)
{
  Core *core = pg->core;
  PgFault *f = pg->f;
  Manager *m = &core->managers[memory_manager (core->mem, f->ds)];
  fault_deferred (f, &core->parked[m->id], pg->caller);
  /* The faulter's kernel partner is still core's pager, but what it waits
   * for now is the manager: say so for the wait-for graph. */
  kern_set_waits_on (fault_thread (f), m->t, "fault parked for");
  kern_explain_about (core->k, f->number, "%s parks %s's fault on %s page %" G_GINT64_FORMAT
                      " on the region map and has %s signalled; it goes back to receive at once",
                kern_thread_name (pg->t), kern_thread_name (fault_thread (f)), fault_ds_name (f),
                f->page, m->cfg->name);
  pager_release (pg);
  pager_enter (pg, PAGER_SIGNALLING);
  Msg msg = pg_msg (PG_MSG_SUBMIT);
  msg.w[0] = m->id;
  msg.about = f->number;
  ipc_call (pg->t, core_rm_endpoint (core), &msg, KERN_NO_TIMEOUT, pager_signalled);
}

/* ------------------------------------ sync-rpc, ipc-timeout: call and wait */

static void
pager_call_returned (KThread *t, IpcStatus st)
{
  Pager *pg = pager_expect (t, PAGER_REFLECTING, G_STRFUNC);
  Core *core = pg->core;
  PgFault *f = pg->f;
  pager_set_blocked (pg, false);
  if (f->owner->gone)
    {
      /* The faulter's process was destroyed while core waited: the answer,
       * or the timeout, finds nobody to map for. */
      pager_give_up (pg);
      return;
    }
  switch (st)
    {
    case IPC_OK:
      {
        int64_t block = memory_block (core->mem, f->ds, f->page);
        int space = f->owner->space;
        if (memory_needs_provider (core->mem, f->ds, block, space))
          {
            /* With several pager threads the manager may have evicted or
             * moved the block again before we ran: ask once more. */
            core->how.reflect (pg);
            return;
          }
        /* The answer attaches the block to core's region map. */
        memory_attach (core->mem, f->ds, block);
        fault_seg (f, SEG_MAP);
        pager_answer (pg, memory_map (core->mem, f->ds, block, space));
        return;
      }
    case IPC_TIMEOUT:
      g_assert (core->how.on_timeout != NULL);
      core->how.on_timeout (pg);
      return;
    case IPC_ABORTED:
      /* The manager died with our request queued: nobody will ever provide
       * the page, and core has no one else to ask. */
      kern_explain_about (core->k, f->number, "%s is dead: %s gives up %s's fault on %s page %"
                          G_GINT64_FORMAT ", which will never be resolved",
                    core->managers[memory_manager (core->mem, f->ds)].cfg->name,
                    kern_thread_name (t), kern_thread_name (fault_thread (f)), fault_ds_name (f),
                    f->page);
      pager_give_up (pg);
      return;
    }
  g_assert_not_reached ();
}

void
core_pager_call (Pager *pg, int64_t timeout)
{
  Core *core = pg->core;
  PgFault *f = pg->f;
  Manager *m = &core->managers[memory_manager (core->mem, f->ds)];
  fault_reflected (f);
  pager_enter (pg, PAGER_REFLECTING);
  pager_set_blocked (pg, true);
  Msg msg;
  fault_msg (f, PG_MSG_RESOLVE, &msg);
  if (kern_explaining (core->k))
    {
      char bound[64] = "", d[32];
      if (timeout != KERN_NO_TIMEOUT)
        g_snprintf (bound, sizeof bound, ", at most %s per phase",
                    trace_format_ns (d, sizeof d, timeout));
      kern_msg_words (pg->t, &msg, "core's pager calls %s (resolve_fault)%s for %s's fault on "
                      "%s page %" G_GINT64_FORMAT " and waits for the answer%s", m->cfg->name,
                      pg->retrying ? " again, from its retry list," : "",
                      kern_thread_name (fault_thread (f)), fault_ds_name (f), f->page, bound);
    }
  if (kern_tracing (core->k))
    {
      /* What core's pager waits for, on its blocked slice. */
      const TraceArg args[] = {
        { .key = "calls", .str = m->cfg->name },
        { .key = "for", .str = kern_thread_name (fault_thread (f)) },
        { .key = "fault", .num = (int64_t) f->number },
        { .key = "dataspace", .str = fault_ds_name (f) },
        { .key = "page", .num = f->page },
      };
      kern_trace_next_args (pg->t, args, G_N_ELEMENTS (args));
    }
  ipc_call (pg->t, m->ep, &msg, timeout, pager_call_returned);
}

void
core_pager_expired (Pager *pg, bool retry)
{
  Core *core = pg->core;
  PgFault *f = pg->f;
  fault_count_dropped (f);
  kern_explain_about (core->k, f->number, "%s's call to %s times out: %s's fault on %s page %"
                      G_GINT64_FORMAT " %s", kern_thread_name (pg->t),
                core->managers[memory_manager (core->mem, f->ds)].cfg->name,
                kern_thread_name (fault_thread (f)), fault_ds_name (f), f->page,
                retry ? "goes on core's retry list" : "is dropped: it will never be resolved");
  if (!retry)
    {
      pager_give_up (pg);
      return;
    }
  /* Still waiting for core: it stays counted as such. */
  fault_retry_wait (f, &core->retry, pg->caller);
  pager_next (pg);
}

/* -------------------------------------------------------------- set up */

Core *
core_new (Kernel *k, const ScenarioConfig *c, Memory *mem, FaultFigures *fig, CoreStrategy how)
{
  Core *core = g_new0 (Core, 1);
  core->k = k;
  core->c = c;
  core->mem = mem;
  core->fig = fig;
  core->how = how;
  core->jobs = g_ptr_array_new_with_free_func (g_free);
  fig->core_wait_changed = core_wait_changed;
  fig->core = core;
  /* Genode's cores on base-hw and NOVA run a pager per CPU; elsewhere the
   * pagers run on the boot CPU and serve every CPU. */
  int per_group = MAX (c->core.pager_threads, 1);
  core->n_groups = c->core.per_cpu_pagers ? kern_cpus (k) : 1;
  core->groups = g_new0 (PagerGroup, core->n_groups);
  core->n_pagers = per_group * core->n_groups;
  core->pagers = g_new0 (Pager, core->n_pagers);
  for (int gi = 0; gi < core->n_groups; gi++)
    {
      PagerGroup *g = &core->groups[gi];
      g_autofree char *name = core->n_groups > 1 ? g_strdup_printf ("core.pager/cpu%d", gi)
                                                 : g_strdup ("core.pager");
      g->ep = ipc_endpoint_new (k, name);
      g->first = gi * per_group;
      g->n = per_group;
      for (int i = g->first; i < g->first + g->n; i++)
        {
          Pager *pg = &core->pagers[i];
          pg->core = core;
          pg->group = g;
          pager_enter (pg, PAGER_NEW);
          pg->t = kern_thread_new_on (k, gi, "core", "pager", i, KERN_CORE_SPACE, ROLE_PAGER,
                                      c->core.priority, pager_start, pg);
          ipc_endpoint_add_server (g->ep, pg->t);
        }
    }
  return core;
}

void
core_set_managers (Core *core, Manager *managers, size_t n)
{
  core->managers = managers;
  core->n_managers = n;
  g_free (core->parked);
  core->parked = g_new0 (FaultList, MAX (n, 1));
}

void
core_free (Core *core)
{
  if (core == NULL)
    return;
  core_rm_free (core->rm);
  g_ptr_array_free (core->jobs, TRUE);
  g_free (core->parked);
  g_free (core->pagers);
  g_free (core->groups);
  g_free (core);
}

Endpoint *
core_fault_endpoint (Core *core, int cpu)
{
  return core_group (core, cpu)->ep;
}

bool
core_serves (const Core *core, const Endpoint *ep)
{
  for (int i = 0; i < core->n_groups; i++)
    if (core->groups[i].ep == ep)
      return true;
  return false;
}

/* ------------------------------------------------------- process exit */

typedef struct {
  int64_t cost;
} ExitJob;

static void
exit_done (KThread *t, IpcStatus st)
{
  (void) t;
  (void) st;
  /* No operation: the worker's job is done and it ends. */
}

static void
exit_start (KThread *t, IpcStatus st)
{
  (void) st;
  ExitJob *j = kern_thread_ctx (t);
  kern_charge (t, j->cost, exit_done);
}

void
core_process_exit (Core *core, int space)
{
  int64_t cost;
  if (memory_destroy_space (core->mem, space, &cost) == 0)
    return;
  /* The work is core's, done on a worker of its own, so that it competes
   * for the CPU at core's priority like any other work of core's. */
  ExitJob *j = g_new0 (ExitJob, 1);
  j->cost = cost;
  g_ptr_array_add (core->jobs, j);
  kern_thread_new (core->k, "core", "exit", core->n_exits++, KERN_CORE_SPACE, ROLE_CORE,
                   core->c->core.priority, exit_start, j);
}

/* ------------------------------------------------------------ figures */

void
core_collect (Core *core, RunResult *r)
{
  SimTime now = kern_now (core->k);
  /* Intervals still open at the end count up to it. */
  int64_t blocked = core->blocked_ns;
  for (int i = 0; i < core->n_pagers; i++)
    if (core->pagers[i].blocked)
      blocked += now - core->pagers[i].blocked_since;
  int64_t max_stall = core->max_stall;
  for (int i = 0; i < core->n_groups; i++)
    if (core->groups[i].stall_open)
      max_stall = MAX (max_stall, now - core->groups[i].stall_start);

  int64_t busy = 0;
  size_t n_threads;
  KThread **threads = kern_threads (core->k, &n_threads);
  for (size_t i = 0; i < n_threads; i++)
    if (kern_thread_role (threads[i]) == ROLE_PAGER || kern_thread_role (threads[i]) == ROLE_CORE)
      busy += kern_thread_cpu_ns (threads[i]);

  r->core.pager_threads = core->n_pagers;
  r->core.blocked_ns = blocked;
  r->core.busy_ns = busy;
  r->core.max_stall_ns = max_stall;
  r->core.retry_cpu_ns = core->retry_cpu_ns;
  /* Each managed dataspace is a region map in core, an RM session paid for
   * with RAM quota.  L4's region mappers keep their region lists in the
   * processes instead (their own pages). */
  uint64_t sessions = 0;
  if (!memory_in_kernel_mapdb (core->mem))
    for (size_t i = 0; i < memory_n_ds (core->mem); i++)
      sessions += memory_manager (core->mem, (int) i) >= 0;
  r->core.rm_sessions = sessions;
  r->core.quota_bytes = (int64_t) sessions * core->c->core.rm_session_quota;
  r->core.signal_records_max = core->sig_records_max;
  r->core.signal_submits_max = core->sig_submits_max;
}
