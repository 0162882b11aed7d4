/* local-region-mapper: the L4 way.  Every process has a region mapper, a
 * thread in its own address space that is the pager of the process's other
 * threads (and is itself paged by core: its own pages fault to core the
 * first time it touches them — the special case the thread mentions).
 *
 *   fault -> the process's region mapper -> (managed) a call to the
 *   dataspace manager, which answers with a map item: the kernel installs
 *   the flexpage and records it in its mapping database -> the region mapper
 *   answers the faulter.  Plain dataspaces: the region mapper asks core,
 *   their manager, the same way.
 *
 * Core is not involved for managed dataspaces and is never blocked by a
 * manager.  A region mapper serves one fault at a time, so a hung manager
 * stalls the region mapper of every process using it — every faulting
 * thread of those processes, even on healthy dataspaces — and nobody else.
 * The price: the kernel needs map items in IPC and a mapping database (its
 * entries, and the revocation work when a page is evicted or a process
 * destroyed), and region mappers and managers must hold rights to each other.
 *
 * States of a region mapper (RmState): RECEIVING -> SELF_FAULT (touching
 * its own pages) -> CALLING_MANAGER or CALLING_CORE -> RECEIVING (it answers
 * the faulter and receives the next fault in one kernel entry).  Each
 * continuation checks on entry the state it belongs to; rm_called(), which
 * follows either call, picks its transition by the state. */
#include "models/strategy.h"

#include <string.h>

static void rm_got (KThread *t, IpcStatus st);

/* ORDER RmState */
static const char *const rm_state_names[] = {
  [RM_NEW] = "NEW",
  [RM_RECEIVING] = "RECEIVING",
  [RM_SELF_FAULT] = "SELF_FAULT",
  [RM_CALLING_MANAGER] = "CALLING_MANAGER",
  [RM_CALLING_CORE] = "CALLING_CORE",
};
G_STATIC_ASSERT (G_N_ELEMENTS (rm_state_names) == RM_CALLING_CORE + 1);

/* Every transition of a region mapper goes through here. */
static void
rm_enter (RegionMapper *rm, RmState s)
{
  rm->state = s;
}

static void G_GNUC_NORETURN
rm_bad_state (const RegionMapper *rm, const char *continuation)
{
  guint s = rm->state;
  pg_bad_state ("region mapper", rm->t,
                s < G_N_ELEMENTS (rm_state_names) ? rm_state_names[s] : "(corrupt)",
                continuation);
}

/* The region mapper whose thread `t` runs `continuation`, which belongs to
 * state `s`; any other state aborts. */
static inline RegionMapper *
rm_expect (KThread *t, RmState s, const char *continuation)
{
  RegionMapper *rm = t->ctx;
  if (G_UNLIKELY (rm->state != s))
    rm_bad_state (rm, continuation);
  return rm;
}

static void
rm_receive (RegionMapper *rm)
{
  rm_enter (rm, RM_RECEIVING);
  ipc_recv (rm->t, rm->ep, KERN_NO_TIMEOUT, rm_got);
}

/* The answer in words: who mapped the page (the manager's map item, or
 * another fault before it; core tells its own mappings), and how long the
 * fault took until the reply makes the faulter ready at `ready_at`. */
static void
rm_answer_words (RegionMapper *rm, SimTime ready_at, Msg *m)
{
  Paging *p = rm->p;
  if (!pg_explaining (p))
    return;
  const PgFault *f = rm->f;
  const char *where = fault_ds_name (p, f), *space = pg_space_name (p, rm->space);
  g_autofree char *how = NULL;
  switch (rm->state)
    {
    case RM_CALLING_MANAGER:
      how = g_strdup_printf ("%s maps %s page %" G_GINT64_FORMAT " into %s with a map item; ",
                             p->ds[f->ds].mgr->t->name, where, f->page, space);
      break;
    case RM_CALLING_CORE:
      how = g_strdup ("");
      break;
    case RM_NEW:
    case RM_RECEIVING:
    case RM_SELF_FAULT:
      how = g_strdup_printf ("%s page %" G_GINT64_FORMAT " is mapped already; ", where, f->page);
      break;
    }
  char lat[32];
  pg_msg_words (p, rm->t, m, "%s%s answers %s: resolved after %s", how, rm->t->name,
                f->owner->t->name, pg_format_ns (lat, sizeof lat, ready_at - f->start));
}

/* Answers the faulter in hand (its page is mapped) and receives the next. */
static void
rm_answer (RegionMapper *rm)
{
  Paging *p = rm->p;
  PgFault *f = rm->f;
  Msg m;
  fault_msg (f, PG_MSG_MAPPED, &m);
  SimTime ready_at = kern_now (p->k) + p->c->kernel.costs.ipc;
  rm_answer_words (rm, ready_at, &m);
  fault_resolved (p, f, ready_at);
  KThread *caller = rm->caller;
  rm->f = NULL;
  rm->caller = NULL;
  rm_enter (rm, RM_RECEIVING);
  rm->t->reply_to = caller;   /* the parked faulter is owed the reply */
  ipc_reply_recv (rm->t, &m, rm->ep, rm_got);
}

/* The manager's answer (its map item is installed), or the manager died
 * with our call queued: the fault is never resolved, and the region mapper
 * serves the process's next fault. */
static void
rm_manager_answered (RegionMapper *rm, IpcStatus st)
{
  switch (st)
    {
    case IPC_OK:
      rm_answer (rm);
      return;
    case IPC_ABORTED:
      pg_explain (rm->p, "%s is dead: %s gives up %s's fault on %s page %" G_GINT64_FORMAT
                  ", which will never be resolved", rm->p->ds[rm->f->ds].mgr->cfg->name,
                  rm->t->name, rm->f->owner->t->name, fault_ds_name (rm->p, rm->f), rm->f->page);
      rm->f->state = FAULT_LOST;
      rm->f = NULL;
      rm->caller = NULL;
      rm_receive (rm);
      return;
    case IPC_TIMEOUT:
      break;
    }
  g_assert_not_reached ();
}

/* After the call of the fault in hand: to the manager, or to core for a
 * plain page (core's pagers never die and the call has no timeout). */
static void
rm_called (KThread *t, IpcStatus st)
{
  RegionMapper *rm = t->ctx;
  switch (rm->state)
    {
    case RM_CALLING_MANAGER:
      rm_manager_answered (rm, st);
      return;
    case RM_CALLING_CORE:
      g_assert (st == IPC_OK);
      rm_answer (rm);
      return;
    case RM_NEW:
    case RM_RECEIVING:
    case RM_SELF_FAULT:
      break;
    }
  rm_bad_state (rm, G_STRFUNC);
}

/* The region mapper's own page is mapped: resolve the fault in hand. */
static void
rm_resolve (KThread *t, IpcStatus st)
{
  (void) st;
  RegionMapper *rm = rm_expect (t, RM_SELF_FAULT, G_STRFUNC);
  Paging *p = rm->p;
  PgFault *f = rm->f;
  DsState *d = &p->ds[f->ds];
  Msg m;
  if (mapdb_is_mapped (p->db, rm->space, f->ds, f->page))
    {
      /* Another thread's fault on the same flexpage got it mapped. */
      fault_seg (p, f, SEG_MAP);
      rm_answer (rm);
      return;
    }
  if (d->mgr == NULL)
    {
      rm_enter (rm, RM_CALLING_CORE);
      fault_waits_for_core (p, f, true);
      fault_msg (f, PG_MSG_MAP, &m);
      ipc_call (t, p->pager_ep, &m, KERN_NO_TIMEOUT, rm_called);
      return;
    }
  rm_enter (rm, RM_CALLING_MANAGER);
  f->state = FAULT_REFLECTED;
  fault_seg (p, f, SEG_MANAGER_WAIT);
  fault_msg (f, PG_MSG_RESOLVE, &m);
  pg_msg_words (p, t, &m, "%s calls %s (resolve_fault) for %s's fault on %s page %"
                G_GINT64_FORMAT " (the process's other faults wait behind it)", t->name,
                d->mgr->cfg->name,
                f->owner->t->name, d->cfg->name, f->page);
  ipc_call (t, d->mgr->ep, &m, KERN_NO_TIMEOUT, rm_called);
}

static void
rm_got (KThread *t, IpcStatus st)
{
  RegionMapper *rm = rm_expect (t, RM_RECEIVING, G_STRFUNC);
  Paging *p = rm->p;
  g_assert (st == IPC_OK && t->msg.label == PG_MSG_FAULT);
  rm->caller = ipc_take_caller (t);
  rm->f = t->msg.ptr;
  fault_accepted (p, rm->f);
  rm->f->state = FAULT_AT_HANDLER;
  /* Handling a fault runs the region mapper's code on its stack and reads
   * its region list: each request touches one of its own pages in turn. */
  int64_t page = (int64_t) (rm->requests++ % (uint64_t) rm->rm_pages);
  rm_enter (rm, RM_SELF_FAULT);
  paging_touch (p, t, p->rm_ds, page, rm_resolve);
}

static void
rm_start (KThread *t, IpcStatus st)
{
  (void) st;
  rm_receive (rm_expect (t, RM_NEW, G_STRFUNC));
}

static void
rm_new (Paging *p, int space, const char *name, int priority, int rm_pages)
{
  RegionMapper *rm = g_new0 (RegionMapper, 1);
  rm->p = p;
  rm_enter (rm, RM_NEW);
  rm->space = space;
  rm->rm_pages = MAX (rm_pages, 1);
  g_autofree char *ep_name = g_strdup_printf ("%s.region-mapper", name);
  rm->ep = ipc_endpoint_new (p->k, ep_name);
  rm->t = kern_thread_new (p->k, name, "region-mapper", 0, space, ROLE_REGION_MAPPER, priority,
                           rm_start, rm);
  ipc_endpoint_add_server (rm->ep, rm->t);
  PgThread *pt = pg_thread_add (p, rm->t, space, false, false);
  pt->is_rm = true;
  p->rms[space] = rm;
  g_ptr_array_add (p->jobs, rm);
}

/* A region mapper is the pager of the threads of its space: it runs just
 * above the highest of them, so a fault is taken as soon as it comes, as
 * core's pager takes it under the other strategies. */
static int
rm_priority (int highest)
{
  return MIN (highest + 1, KERN_MAX_PRIORITY);
}

/* A manager whose dataspaces are backed by other managed dataspaces faults
 * on them: its space needs a region mapper too. */
static bool
manager_nests (const Paging *p, const Manager *m)
{
  for (size_t i = 0; i < p->n_ds; i++)
    if (p->ds[i].mgr == m && p->ds[i].cfg->backing >= 0)
      return true;
  return false;
}

static void
local_rm_setup (Paging *p)
{
  const ScenarioConfig *c = p->c;
  manager_endpoints_new (p);
  p->rms = g_new0 (RegionMapper *, MAX (p->n_spaces, 1));
  for (size_t i = 0; i < c->n_processes; i++)
    {
      const ProcessConfig *pc = &c->processes[i];
      if (pc->n_threads == 0)
        continue;
      int highest = 0;
      for (size_t j = 0; j < pc->n_threads; j++)
        highest = MAX (highest, pc->threads[j].priority);
      rm_new (p, (int) i, pc->name, rm_priority (highest), pc->rm_pages);
    }
  for (size_t i = 0; i < p->n_managers; i++)
    {
      Manager *m = &p->managers[i];
      if (manager_nests (p, m))
        rm_new (p, m->space, m->cfg->name, rm_priority (m->cfg->priority),
                CONFIG_DEFAULT_RM_PAGES);
    }
}

static Endpoint *
local_rm_fault_endpoint (Paging *p, PgThread *pt)
{
  if (pt->is_rm || p->rms[pt->space] == NULL)
    return p->pager_ep;   /* region mappers are paged by core */
  return p->rms[pt->space]->ep;
}

static void
add_pair (GArray *rights, const char *space_name, const char *mgr_name)
{
  g_autofree char *rm = g_strdup_printf ("%s.region-mapper", space_name);
  authority_add (rights, rm, mgr_name, "call");
  authority_add (rights, mgr_name, space_name, "map");
}

/* The pairs of process `proc` with the managers of the dataspaces its
 * threads touch, each manager once.  `touched` and `seen` are scratch
 * arrays of n_ds and n_managers flags. */
static void
process_authority (Paging *p, size_t proc, GArray *rights, bool *touched, bool *seen)
{
  memset (touched, 0, p->n_ds * sizeof *touched);
  memset (seen, 0, p->n_managers * sizeof *seen);
  paging_process_touches (p->c, proc, touched);
  for (size_t d = 0; d < p->n_ds; d++)
    {
      Manager *m = p->ds[d].mgr;
      if (!touched[d] || m == NULL || seen[m->id])
        continue;
      seen[m->id] = true;
      add_pair (rights, p->c->processes[proc].name, m->cfg->name);
    }
}

/* The pairs of a nesting manager with the managers of its backing stores. */
static void
nesting_authority (Paging *p, const Manager *owner, GArray *rights, bool *seen)
{
  memset (seen, 0, p->n_managers * sizeof *seen);
  for (size_t d = 0; d < p->n_ds; d++)
    {
      if (p->ds[d].mgr != owner || p->ds[d].cfg->backing < 0)
        continue;
      Manager *m = p->ds[p->ds[d].cfg->backing].mgr;
      if (m == NULL || seen[m->id])
        continue;
      seen[m->id] = true;
      add_pair (rights, owner->cfg->name, m->cfg->name);
    }
}

/* For each process, its region mapper holds a call capability to every
 * manager whose dataspace it touches, and that manager a right to map into
 * the process: 2 per process-manager pair.  Managers with backing stores
 * are such processes too. */
static void
local_rm_authority (Paging *p, GArray *rights)
{
  g_autofree bool *touched = g_new0 (bool, MAX (p->n_ds, 1));
  g_autofree bool *seen = g_new0 (bool, MAX (p->n_managers, 1));
  for (size_t i = 0; i < p->c->n_processes; i++)
    process_authority (p, i, rights, touched, seen);
  for (size_t i = 0; i < p->n_managers; i++)
    nesting_authority (p, &p->managers[i], rights, seen);
}

static const char *const local_rm_features[] = {
  "synchronous IPC", "map items in IPC", "in-kernel mapping database", NULL,
};

const StrategyOps strategy_local_rm = {
  .kind = STRATEGY_LOCAL_RM,
  .in_kernel_mapdb = true,
  .setup = local_rm_setup,
  .fault_endpoint = local_rm_fault_endpoint,
  .reflect = NULL,
  .manager_start = manager_server_start,
  .authority = local_rm_authority,
  .kernel_features = local_rm_features,
};
