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

/* A region mapper's states; changed only through rm_enter(), checked by
 * every continuation.  ORDER RmState: rm_state_names. */
typedef enum {
  RM_NEW,              /* created, its thread has not run yet */
  RM_RECEIVING,
  RM_SELF_FAULT,       /* touching its own pages (paged by core) */
  RM_CALLING_MANAGER,
  RM_CALLING_CORE,
} RmState;

typedef struct {
  Kernel *k;
  Memory *mem;
  Manager *managers;
  Endpoint *core_ep;           /* core's pagers: plain pages, and its own */
  int space;
  KThread *t;
  PgThread pt;                 /* its own pages' faults */
  Endpoint *ep;
  RmState state;
  PgFault *f;
  KThread *caller;
  uint64_t requests;
  int rm_pages;
} RegionMapper;

/* ORDER RmState */
static const char *const rm_state_names[] = {
  [RM_NEW] = "NEW",
  [RM_RECEIVING] = "RECEIVING",
  [RM_SELF_FAULT] = "SELF_FAULT",
  [RM_CALLING_MANAGER] = "CALLING_MANAGER",
  [RM_CALLING_CORE] = "CALLING_CORE",
};
FSM_NAMES_CHECK (rm_state_names, RM_CALLING_CORE);
FSM_DEFINE (rm, RegionMapper, RmState, state, "region mapper", rm_state_names)

static void rm_got (KThread *t, IpcStatus st);

/* The manager of the dataspace of `f`. */
static Manager *
rm_manager (const RegionMapper *rm, const PgFault *f)
{
  return &rm->managers[memory_manager (rm->mem, f->ds)];
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
  if (!kern_explaining (rm->k))
    return;
  const PgFault *f = rm->f;
  const char *where = fault_ds_name (f), *space = memory_space_name (rm->mem, rm->space);
  g_autofree char *how = NULL;
  switch (rm->state)
    {
    case RM_CALLING_MANAGER:
      how = g_strdup_printf ("%s maps %s page %" G_GINT64_FORMAT " into %s with a map item; ",
                             kern_thread_name (rm_manager (rm, f)->t), where, f->page, space);
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
  kern_msg_words (rm->t, m, "%s%s answers %s: answered after %s", how, kern_thread_name (rm->t),
                  kern_thread_name (fault_thread (f)),
                  trace_format_ns (lat, sizeof lat, ready_at - f->start));
}

/* Answers the faulter in hand (its page is mapped) and receives the next. */
static void
rm_answer (RegionMapper *rm)
{
  PgFault *f = rm->f;
  Msg m;
  fault_msg (f, PG_MSG_MAPPED, &m);
  SimTime ready_at = kern_now (rm->k) + kern_config (rm->k)->costs.ipc;
  rm_answer_words (rm, ready_at, &m);
  fault_answered (f, ready_at);
  KThread *caller = rm->caller;   /* the faulter kept aside is owed the reply */
  rm->f = NULL;
  rm->caller = NULL;
  rm_enter (rm, RM_RECEIVING);
  ipc_reply_recv_to (rm->t, caller, &m, rm->ep, rm_got);
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
      kern_explain_about (rm->k, rm->f->number, "%s is dead: %s gives up %s's fault on %s page %"
                          G_GINT64_FORMAT ", which will never be resolved",
                          rm_manager (rm, rm->f)->cfg->name, kern_thread_name (rm->t),
                          kern_thread_name (fault_thread (rm->f)), fault_ds_name (rm->f),
                          rm->f->page);
      fault_lost (rm->f);
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
  RegionMapper *rm = kern_thread_ctx (t);
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
  PgFault *f = rm->f;
  Msg m;
  if (memory_is_mapped (rm->mem, rm->space, f->ds, f->page))
    {
      /* Another thread's fault on the same flexpage got it mapped. */
      fault_seg (f, SEG_MAP);
      rm_answer (rm);
      return;
    }
  if (memory_manager (rm->mem, f->ds) < 0)
    {
      rm_enter (rm, RM_CALLING_CORE);
      fault_waits_for_core (f, kern_thread_cpu (t));
      fault_msg (f, PG_MSG_MAP, &m);
      ipc_call (t, rm->core_ep, &m, KERN_NO_TIMEOUT, rm_called);
      return;
    }
  Manager *mgr = rm_manager (rm, f);
  rm_enter (rm, RM_CALLING_MANAGER);
  fault_reflected (f);
  fault_msg (f, PG_MSG_RESOLVE, &m);
  kern_msg_words (t, &m, "%s calls %s (resolve_fault) for %s's fault on %s page %"
                  G_GINT64_FORMAT " (the process's other faults wait behind it)",
                  kern_thread_name (t), mgr->cfg->name, kern_thread_name (fault_thread (f)),
                  fault_ds_name (f), f->page);
  if (kern_tracing (rm->k))
    {
      /* What the region mapper waits for, on its blocked slice. */
      const TraceArg args[] = {
        { .key = "calls", .str = mgr->cfg->name },
        { .key = "for", .str = kern_thread_name (fault_thread (f)) },
        { .key = "fault", .num = (int64_t) f->number },
        { .key = "dataspace", .str = fault_ds_name (f) },
        { .key = "page", .num = f->page },
      };
      kern_trace_next_args (t, args, G_N_ELEMENTS (args));
    }
  ipc_call (t, mgr->ep, &m, KERN_NO_TIMEOUT, rm_called);
}

static void
rm_got (KThread *t, IpcStatus st)
{
  RegionMapper *rm = rm_expect (t, RM_RECEIVING, G_STRFUNC);
  const Msg *in = kern_thread_msg (t);
  g_assert (st == IPC_OK && in->label == PG_MSG_FAULT);
  rm->caller = ipc_take_caller (t);
  rm->f = in->ptr;
  fault_accepted (rm->f);
  /* Handling a fault runs the region mapper's code on its stack and reads
   * its region list: each request touches one of its own pages in turn. */
  int64_t page = (int64_t) (rm->requests++ % (uint64_t) rm->rm_pages);
  rm_enter (rm, RM_SELF_FAULT);
  fault_touch (&rm->pt, memory_rm_ds (rm->mem), page, rm_resolve);
}

static void
rm_start (KThread *t, IpcStatus st)
{
  (void) st;
  rm_receive (rm_expect (t, RM_NEW, G_STRFUNC));
}

/* The region mappers, by address space (NULL where none), for the faults'
 * routes. */
typedef struct {
  RegionMapper **by_space;
} LocalRm;

static void
rm_new (Paging *p, RegionMapper **by_space, int space, const char *name, int priority,
        int rm_pages, int cpu)
{
  RegionMapper *rm = g_new0 (RegionMapper, 1);
  g_ptr_array_add (p->owned, rm);
  rm->k = p->k;
  rm->mem = p->mem;
  rm->managers = p->managers;
  rm->core_ep = core_fault_endpoint (p->core, cpu);
  rm_enter (rm, RM_NEW);
  rm->space = space;
  rm->rm_pages = MAX (rm_pages, 1);
  g_autofree char *ep_name = g_strdup_printf ("%s.region-mapper", name);
  rm->ep = ipc_endpoint_new (p->k, ep_name);
  rm->t = kern_thread_new_on (p->k, cpu, name, "region-mapper", 0, space, ROLE_REGION_MAPPER,
                              priority, rm_start, rm);
  ipc_endpoint_add_server (rm->ep, rm->t);
  pg_thread_init (&rm->pt, &p->fig, p->mem, rm->t, space, false, false);
  rm->pt.is_rm = true;
  paging_thread_add (p, &rm->pt);
  by_space[space] = rm;
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
  for (size_t i = 0; i < memory_n_ds (p->mem); i++)
    if (memory_manager (p->mem, (int) i) == m->id && memory_backing (p->mem, (int) i) >= 0)
      return true;
  return false;
}

static void
local_rm_setup (Paging *p)
{
  const ScenarioConfig *c = p->c;
  managers_open_endpoints (p->managers, p->n_managers);
  LocalRm *lrm = g_new0 (LocalRm, 1);
  lrm->by_space = g_new0 (RegionMapper *, MAX (p->n_spaces, 1));
  g_ptr_array_add (p->owned, lrm->by_space);
  g_ptr_array_add (p->owned, lrm);
  p->strategy_data = lrm;
  for (size_t i = 0; i < c->n_processes; i++)
    {
      const ProcessConfig *pc = &c->processes[i];
      if (pc->n_threads == 0)
        continue;
      int highest = 0;
      for (size_t j = 0; j < pc->n_threads; j++)
        highest = MAX (highest, pc->threads[j].priority);
      /* It goes with the process's first thread. */
      rm_new (p, lrm->by_space, (int) i, pc->name, rm_priority (highest), pc->rm_pages,
              config_cpu_of (&pc->threads[0].cpu, 0, kern_cpus (p->k)));
    }
  for (size_t i = 0; i < p->n_managers; i++)
    {
      Manager *m = &p->managers[i];
      if (manager_nests (p, m))
        rm_new (p, lrm->by_space, m->space, m->cfg->name, rm_priority (m->cfg->priority),
                CONFIG_DEFAULT_RM_PAGES, kern_thread_cpu (m->t));
    }
}

static Endpoint *
local_rm_fault_endpoint (Paging *p, PgThread *pt)
{
  const LocalRm *lrm = p->strategy_data;
  if (pt->is_rm || lrm->by_space[pt->space] == NULL)
    return strategy_core_endpoint (p, pt);   /* region mappers are paged by core */
  return lrm->by_space[pt->space]->ep;
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
  size_t n_ds = memory_n_ds (p->mem);
  memset (touched, 0, n_ds * sizeof *touched);
  memset (seen, 0, p->n_managers * sizeof *seen);
  paging_process_touches (p->c, proc, touched);
  for (size_t d = 0; d < n_ds; d++)
    {
      int mi = memory_manager (p->mem, (int) d);
      Manager *m = mi >= 0 ? &p->managers[mi] : NULL;
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
  for (size_t d = 0; d < memory_n_ds (p->mem); d++)
    {
      int backing = memory_backing (p->mem, (int) d);
      if (memory_manager (p->mem, (int) d) != owner->id || backing < 0)
        continue;
      int mi = memory_manager (p->mem, backing);
      Manager *m = mi >= 0 ? &p->managers[mi] : NULL;
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
  g_autofree bool *touched = g_new0 (bool, MAX (memory_n_ds (p->mem), 1));
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
  .on_timeout = NULL,
  .manager_start = manager_server_start,
  .authority = local_rm_authority,
  .kernel_features = local_rm_features,
};
