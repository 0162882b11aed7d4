/* Core: its pager threads, which receive every fault sent to core, map what
 * core can map alone (plain dataspaces, and managed pages core's region map
 * already has) and hand the rest to the strategy's reflect(); the mapping
 * work core does; core's retry list (ipc-timeout "retry"); and the
 * bookkeeping of how long core is blocked on user-level components.
 *
 * A pager thread is a small state machine (PagerState): RECEIVING (or
 * POLLING when retries are waiting) -> look up -> MAPPING -> RECEIVING (L4's
 * reply-and-wait) or ANSWERING -> RECEIVING, or -> the strategy's reflect
 * (SIGNALLING or REFLECTING) -> ... -> RECEIVING.  Each continuation checks
 * on entry that the pager is in the state it belongs to; pager_received(),
 * which follows both kinds of receive, picks its transition by the state. */
#include "models/core.h"

#include "models/strategy.h"

static void pager_received (KThread *t, IpcStatus st);

/* ------------------------------------------------------------- mapping */

bool
core_can_map (const DsState *d, int64_t block, int space)
{
  if (d->mgr == NULL)
    return true;
  if (!(d->flags[block] & BLOCK_KNOWN))
    return false;
  /* An exclusive page is core's to map only into the space holding it. */
  return !d->mgr->cfg->exclusive || d->holder[block] == space;
}

int64_t
core_map (Paging *p, const DsState *d, int64_t block, int space)
{
  const KernelCosts *kc = &p->c->kernel.costs;
  if (p->space_gone[space])
    return 0;   /* the kernel refuses a mapping into a destroyed space */
  size_t added = mapdb_map_block (p->db, space, d->id, block);
  if (added == 0)
    return 0;
  /* One map operation installs the whole flexpage; the mapping database,
   * where the kernel keeps one, needs an entry per page. */
  int64_t cost = kc->map;
  if (p->in_kernel_mapdb)
    cost += kc->mapdb_insert * (int64_t) added;
  return cost;
}

/* ------------------------------------------------------- stall figures */

int64_t
core_pager_cpu (Paging *p)
{
  int64_t sum = 0;
  for (int i = 0; i < p->n_pagers; i++)
    sum += p->pagers[i].t->cpu_ns;
  return sum;
}

/* core.max_stall_ns: the longest interval in which every pager thread was
 * blocked on a user-level component while a fault waited for core.  Two
 * such intervals separated only by core's own work (the gap is all pager
 * CPU, give or take the context switches into and out of it) are one: with
 * ipc-timeout and K hung managers core goes from one timeout straight into
 * the next, and that is one stall of K timeouts. */
void
core_stall_update (Paging *p)
{
  bool stalled = p->n_pagers > 0 && p->pagers_blocked == p->n_pagers && p->waiting_for_core > 0;
  SimTime now = kern_now (p->k);
  if (stalled && !p->stall_open)
    {
      p->stall_open = true;
      p->stall_start = now;
      if (p->stall_have_last)
        {
          int64_t gap = now - p->stall_last_end;
          int64_t own = core_pager_cpu (p) - p->stall_cpu_at_end;
          if (gap - own <= 2 * p->c->kernel.costs.context_switch)
            p->stall_start = p->stall_last_start;
        }
    }
  else if (!stalled && p->stall_open)
    {
      p->stall_open = false;
      p->max_stall = MAX (p->max_stall, now - p->stall_start);
      p->stall_have_last = true;
      p->stall_last_start = p->stall_start;
      p->stall_last_end = now;
      p->stall_cpu_at_end = core_pager_cpu (p);
    }
}

void
core_pager_set_blocked (Pager *pg, bool blocked)
{
  Paging *p = pg->p;
  g_assert (pg->blocked != blocked);
  SimTime now = kern_now (p->k);
  pg->blocked = blocked;
  if (blocked)
    {
      pg->blocked_since = now;
      p->pagers_blocked++;
    }
  else
    {
      p->blocked_ns += now - pg->blocked_since;
      p->pagers_blocked--;
    }
  core_stall_update (p);
}

/* ---------------------------------------------------------- retry list */

void
core_retry_push (Paging *p, PgFault *f)
{
  f->state = FAULT_RETRY_WAIT;
  /* Until a pager reflects it again, the fault waits for core. */
  fault_seg (p, f, SEG_PAGER_WAIT);
  fault_list_append (&p->retry, f);
}

/* ----------------------------------------------------------- the pager */

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
G_STATIC_ASSERT (G_N_ELEMENTS (pager_state_names) == PAGER_REFLECTING + 1);

void
core_pager_bad_state (const Pager *pg, const char *continuation)
{
  guint s = pg->state;
  pg_bad_state ("core pager", pg->t,
                s < G_N_ELEMENTS (pager_state_names) ? pager_state_names[s] : "(corrupt)",
                continuation);
}

void
core_pager_release (Pager *pg)
{
  if (pg->retrying)
    {
      pg->p->retry_cpu_ns += pg->t->cpu_ns - pg->retry_cpu0;
      pg->retrying = false;
    }
  pg->f = NULL;
  pg->caller = NULL;
  pg->found_mapped = false;
}

void
core_pager_next (Pager *pg)
{
  core_pager_release (pg);
  core_pager_receive (pg);
}

void
core_pager_give_up (Pager *pg)
{
  PgFault *f = pg->f;
  f->state = FAULT_LOST;
  fault_waits_for_core (pg->p, f, false);
  core_pager_next (pg);
}

/* Looks the fault in hand up: map it if core can, else reflect it. */
static void
pager_decide (Pager *pg)
{
  Paging *p = pg->p;
  PgFault *f = pg->f;
  DsState *d = &p->ds[f->ds];
  int space = f->owner->space;
  int64_t block = f->page / d->block_pages;
  if (f->owner->gone)
    {
      /* Its process was destroyed meanwhile: nobody to map it for. */
      core_pager_give_up (pg);
      return;
    }
  if (mapdb_is_mapped (p->db, space, f->ds, f->page))
    {
      /* Another thread of the space got the page mapped meanwhile. */
      fault_seg (p, f, SEG_MAP);
      pg->found_mapped = true;
      core_pager_answer (pg, 0);
      return;
    }
  if (core_can_map (d, block, space))
    {
      fault_seg (p, f, SEG_MAP);
      core_pager_answer (pg, core_map (p, d, block, space));
      return;
    }
  g_assert (p->ops->reflect != NULL);
  p->ops->reflect (pg);
}

/* The answer in words: what core did, and for a faulter how long its
 * fault took (until the reply makes it ready at `ready_at`). */
static void
pager_answer_words (Pager *pg, KThread *caller, SimTime ready_at, Msg *m)
{
  Paging *p = pg->p;
  if (!pg_explaining (p))
    return;
  const PgFault *f = pg->f;
  const char *space = pg_space_name (p, f->owner->space);
  const char *where = fault_ds_name (p, f);
  g_autofree char *did = NULL;
  if (pg->found_mapped)
    did = g_strdup_printf ("%s finds %s page %" G_GINT64_FORMAT " mapped into %s already",
                           pg->t->name, where, f->page, space);
  else if (f->state == FAULT_REFLECTED)
    did = g_strdup_printf ("%s answers; %s maps %s page %" G_GINT64_FORMAT " into %s",
                           p->ds[f->ds].mgr->cfg->name, pg->t->name, where, f->page, space);
  else
    did = g_strdup_printf ("%s maps %s page %" G_GINT64_FORMAT " into %s", pg->t->name, where,
                           f->page, space);
  if (caller != f->owner->t)
    {
      pg_msg_words (p, pg->t, m, "%s and answers %s, which asked for %s", did, caller->name,
                    f->owner->t->name);
      return;
    }
  char lat[32];
  pg_msg_words (p, pg->t, m, "%s and answers %s: resolved after %s", did, caller->name,
                pg_format_ns (lat, sizeof lat, ready_at - f->start));
}

static void
pager_answered (KThread *t, IpcStatus st)
{
  (void) st;
  core_pager_receive (core_pager_expect (t, PAGER_ANSWERING, G_STRFUNC));
}

static void
pager_mapped (KThread *t, IpcStatus st)
{
  (void) st;
  Pager *pg = core_pager_expect (t, PAGER_MAPPING, G_STRFUNC);
  Paging *p = pg->p;
  PgFault *f = pg->f;
  KThread *caller = pg->caller;
  bool accepted = !pg->retrying;   /* it received the caller's call itself */
  Msg m;
  fault_msg (f, PG_MSG_MAPPED, &m);
  /* The reply makes the faulter ready once its IPC cost is charged; a region
   * mapper asking for a plain page answers its faulter itself. */
  SimTime ready_at = kern_now (p->k) + p->c->kernel.costs.ipc;
  pager_answer_words (pg, caller, ready_at, &m);
  if (caller == f->owner->t)
    fault_resolved (p, f, ready_at);
  fault_waits_for_core (p, f, false);
  core_pager_release (pg);
  if (accepted && p->retry.head == NULL)
    {
      /* L4's reply-and-wait: one kernel entry.  The caller was parked by
       * ipc_take_caller(); it is given back as the one owed the reply. */
      t->reply_to = caller;
      core_pager_enter (pg, PAGER_RECEIVING);
      ipc_reply_recv (t, &m, p->pager_ep, pager_received);
      return;
    }
  /* A retried fault may have been accepted by another pager thread: answer
   * through the reply capability core kept. */
  core_pager_enter (pg, PAGER_ANSWERING);
  ipc_reply_to (t, caller, &m, pager_answered);
}

void
core_pager_answer (Pager *pg, int64_t cost)
{
  core_pager_enter (pg, PAGER_MAPPING);
  kern_charge (pg->t, cost, pager_mapped);
}

/* ipc-timeout "retry": the oldest reflection that expired is tried again. */
static void
pager_retry (Pager *pg)
{
  Paging *p = pg->p;
  PgFault *f = fault_list_pop (&p->retry);
  if (fault_counted (p, f))
    p->retried++;
  pg->f = f;
  pg->caller = f->caller;
  f->caller = NULL;
  f->state = FAULT_AT_HANDLER;
  pg->retrying = true;
  pg->retry_cpu0 = pg->t->cpu_ns;
  pager_decide (pg);
}

/* The pager received a fault, or a region mapper's request to map one. */
static void
pager_accept (Pager *pg)
{
  Paging *p = pg->p;
  KThread *t = pg->t;
  pg->caller = ipc_take_caller (t);
  PgFault *f = t->msg.ptr;
  switch ((PgPagerMsg) t->msg.label)
    {
    case PG_MSG_FAULT:
      fault_accepted (p, f);
      break;
    case PG_MSG_MAP:
      /* A region mapper forwards a fault it accepted itself. */
      break;
    }
  f->state = FAULT_AT_HANDLER;
  pg->f = f;
  pager_decide (pg);
}

/* After a receive: a waiting one (RECEIVING) always gets a message; a
 * poll (POLLING) that finds none times out at once, and a retry is due. */
static void
pager_received (KThread *t, IpcStatus st)
{
  Pager *pg = t->ctx;
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
  core_pager_bad_state (pg, G_STRFUNC);
}

void
core_pager_receive (Pager *pg)
{
  Paging *p = pg->p;
  if (p->retry.head)
    {
      /* New faults first (a receive that does not wait), then one retry. */
      core_pager_enter (pg, PAGER_POLLING);
      ipc_recv (pg->t, p->pager_ep, 0, pager_received);
      return;
    }
  core_pager_enter (pg, PAGER_RECEIVING);
  ipc_recv (pg->t, p->pager_ep, KERN_NO_TIMEOUT, pager_received);
}

static void
pager_start (KThread *t, IpcStatus st)
{
  (void) st;
  core_pager_receive (core_pager_expect (t, PAGER_NEW, G_STRFUNC));
}

Endpoint *
core_fault_endpoint (Paging *p, PgThread *pt)
{
  (void) pt;
  return p->pager_ep;
}

void
core_setup (Paging *p)
{
  const CoreConfig *cc = &p->c->core;
  p->pager_ep = ipc_endpoint_new (p->k, "core.pager");
  p->n_pagers = MAX (cc->pager_threads, 1);
  p->pagers = g_new0 (Pager, p->n_pagers);
  for (int i = 0; i < p->n_pagers; i++)
    {
      Pager *pg = &p->pagers[i];
      pg->p = p;
      core_pager_enter (pg, PAGER_NEW);
      pg->t = kern_thread_new (p->k, "core", "pager", i, KERN_CORE_SPACE, ROLE_PAGER, cc->priority,
                               pager_start, pg);
      ipc_endpoint_add_server (p->pager_ep, pg->t);
    }
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
  ExitJob *j = t->ctx;
  kern_charge (t, j->cost, exit_done);
}

/* Exclusive blocks the dead space held are free for the next asker. */
static void
release_exclusive_blocks (Paging *p, int space)
{
  for (size_t i = 0; i < p->n_ds; i++)
    {
      DsState *d = &p->ds[i];
      if (d->holder == NULL)
        continue;
      for (int64_t b = 0; b < d->n_blocks; b++)
        if (d->holder[b] == space)
          d->holder[b] = -1;
    }
}

/* What taking back `removed` mappings of the process `space` costs: through
 * the in-kernel mapping database under local-region-mapper (that is
 * kernel.revocation_ns), by unmapping what core's region maps handed out
 * otherwise. */
static int64_t
revocation_cost (Paging *p, int space, size_t removed)
{
  const KernelCosts *costs = &p->c->kernel.costs;
  const char *process = p->c->processes[space].name;
  if (!p->in_kernel_mapdb)
    {
      pg_explain (p, "core unmaps the %zu mappings of %s it handed out", removed, process);
      return costs->map * (int64_t) removed;
    }
  pg_explain (p, "the kernel revokes the %zu mapping-database entries of %s, on core's time",
              removed, process);
  int64_t cost = costs->mapdb_revoke * (int64_t) removed;
  p->revocation_ns += cost;
  return cost;
}

void
core_process_exit (Paging *p, int space)
{
  size_t removed = mapdb_revoke_space (p->db, space);
  release_exclusive_blocks (p, space);
  if (removed == 0)
    return;
  /* The work is core's, done on a worker of its own, so that it competes
   * for the CPU at core's priority like any other work of core's. */
  ExitJob *j = g_new0 (ExitJob, 1);
  j->cost = revocation_cost (p, space, removed);
  g_ptr_array_add (p->jobs, j);
  kern_thread_new (p->k, "core", "exit", p->n_exits++, KERN_CORE_SPACE, ROLE_CORE,
                   p->c->core.priority, exit_start, j);
}
