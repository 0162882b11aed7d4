/* Dataspace managers (see manager.h).
 *
 * The backing store of a managed dataspace is kept per block (the flexpage a
 * manager answers with, managers[].map_pages pages): a block is resident
 * when the manager has backing store for it.  At most `capacity` blocks are
 * resident; backing one more evicts the oldest (FIFO), which unmaps it from
 * every space, so faults keep coming in a long run and revocation is
 * exercised.  An exclusive manager also moves a block from the space holding
 * it to the one asking, revoking the old holder's mappings first.
 *
 * Service time is spent only when the manager has work to do — backing a
 * block that is not resident or moving an exclusive block — and it is CPU
 * time of the manager's thread at its own priority (DESIGN.md).  A manager
 * serving a dataspace with a `backing` touches the backing page first, and
 * that touch may fault in turn (nested managers).
 *
 * A manager is a state machine (ManagerState, paging_int.h): serving is
 * FETCHING -> SERVING -> PROVIDING, and its continuations are here; the
 * request loop below (RECEIVING -> serve -> [MAPPING] -> REPLYING or
 * RECEIVING) serves sync-rpc, ipc-timeout and local-rm; the async-signal
 * manager loop (signal, fault(), attach) lives in strategy_async_signal.c. */
#include "models/manager.h"

#include "models/core.h"
#include "models/strategy.h"

static void mgr_server_got (KThread *t, IpcStatus st);

/* ------------------------------------------------------------- states */

/* ORDER ManagerState */
static const char *const manager_state_names[] = {
  [MGR_NEW] = "NEW",
  [MGR_WAITING] = "WAITING",
  [MGR_QUERYING] = "QUERYING",
  [MGR_RECEIVING] = "RECEIVING",
  [MGR_FETCHING] = "FETCHING",
  [MGR_SERVING] = "SERVING",
  [MGR_PROVIDING] = "PROVIDING",
  [MGR_MAPPING] = "MAPPING",
  [MGR_ATTACHING] = "ATTACHING",
  [MGR_REPLYING] = "REPLYING",
  [MGR_HUNG] = "HUNG",
  [MGR_DEAD] = "DEAD",
};
G_STATIC_ASSERT (G_N_ELEMENTS (manager_state_names) == MGR_DEAD + 1);

void
manager_bad_state (const Manager *m, const char *continuation)
{
  guint s = m->state;
  pg_bad_state ("manager", m->t,
                s < G_N_ELEMENTS (manager_state_names) ? manager_state_names[s] : "(corrupt)",
                continuation);
}

/* ------------------------------------------------------- backing store */

bool
store_needs_work (const DsState *d, int64_t block, int space)
{
  if (!(d->flags[block] & BLOCK_RESIDENT))
    return true;
  return d->holder != NULL && d->holder[block] != space;
}

#define STORE_ALL_SPACES (-1)

/* Unmaps the block from `space` (or from every space); returns the
 * kernel work.  Core-based strategies: core unmaps, one `map` per space that
 * had it.  local-rm: the kernel revokes through its mapping database, one
 * `mapdb_revoke` per entry. */
static int64_t
store_unmap (Paging *p, DsState *d, int64_t block, int space)
{
  const KernelCosts *kc = &p->c->kernel.costs;
  size_t spaces = 1;
  size_t entries = space == STORE_ALL_SPACES
                   ? mapdb_revoke_block (p->db, d->id, block, &spaces)
                   : mapdb_revoke_block_in (p->db, d->id, block, space);
  if (entries == 0)
    return 0;
  if (!p->in_kernel_mapdb)
    return kc->map * (int64_t) spaces;
  int64_t cost = kc->mapdb_revoke * (int64_t) entries;
  p->revocation_ns += cost;
  return cost;
}

/* The store is full: the oldest resident block goes, from every space. */
static int64_t
store_evict_oldest (Paging *p, DsState *d)
{
  int64_t victim = d->fifo[d->fifo_head];
  pg_explain (p, "%s evicts page block %" G_GINT64_FORMAT " of %s (FIFO): it is "
              "unmapped wherever it is mapped", d->mgr->cfg->name, victim, d->cfg->name);
  d->fifo_head = (d->fifo_head + 1) % d->capacity;
  d->fifo_len--;
  int64_t cost = store_unmap (p, d, victim, STORE_ALL_SPACES);
  d->flags[victim] = 0;
  if (d->holder)
    d->holder[victim] = -1;
  return cost;
}

/* The manager backs `block`; returns the kernel work of the eviction this
 * may cause.  Without a FIFO every block of the dataspace fits. */
static int64_t
store_back (Paging *p, DsState *d, int64_t block)
{
  int64_t cost = 0;
  if (d->fifo != NULL)
    {
      if (d->fifo_len == d->capacity)
        cost = store_evict_oldest (p, d);
      d->fifo[(d->fifo_head + d->fifo_len) % d->capacity] = block;
      d->fifo_len++;
    }
  d->flags[block] |= BLOCK_RESIDENT;
  return cost;
}

int64_t
store_provide (Paging *p, DsState *d, int64_t block, int space)
{
  int64_t cost = 0;
  if (!(d->flags[block] & BLOCK_RESIDENT))
    cost += store_back (p, d, block);
  /* An exclusive block moves to the asking space; not to a destroyed one,
   * which nobody would take it back from. */
  if (d->holder != NULL && d->holder[block] != space && !p->space_gone[space])
    {
      if (d->holder[block] >= 0)
        cost += store_unmap (p, d, block, d->holder[block]);
      d->holder[block] = space;
    }
  return cost;
}

/* ----------------------------------------------------------- behaviors */

static bool
manager_should_hang (Manager *m)
{
  const Behavior *b = &m->cfg->behavior;
  if (b->kind != BEHAVIOR_HANG)
    return false;
  if (b->has_after)
    return kern_now (m->p->k) >= b->after;
  return (int64_t) m->served >= b->faults;
}

/* The manager never receives again. */
static void
manager_hang (Manager *m)
{
  pg_explain (m->p, "%s hangs: it never receives again", m->t->name);
  manager_enter (m, MGR_HUNG);
  kern_hang (m->t);
}

bool
manager_hang_if_due (Manager *m)
{
  if (!manager_should_hang (m))
    return false;
  manager_hang (m);
  return true;
}

SimTime
manager_hang_time (const Manager *m)
{
  const Behavior *b = &m->cfg->behavior;
  if (b->kind == BEHAVIOR_HANG && b->has_after)
    return b->after;
  return -1;
}

static const Dist *
manager_service (const Manager *m)
{
  const Behavior *b = &m->cfg->behavior;
  return b->kind == BEHAVIOR_SLOW ? &b->service : &m->cfg->service;
}

/* The manager's thread dies: the kernel aborts the calls queued to it and
 * leaves an accepted caller blocked; a fault the manager itself had open
 * (nesting) is withdrawn. */
static void
manager_crash (void *data)
{
  Manager *m = data;
  if (m->t->state == TS_DEAD)
    return;
  pg_explain (m->p, "dataspace manager %s crashes", m->cfg->name);
  manager_enter (m, MGR_DEAD);
  kern_kill (m->t);
  pg_thread_withdraw (m->p, pg_thread (m->p, m->t));
}

/* ----------------------------------------------------------- serving */

static void
serve_provided (KThread *t, IpcStatus st)
{
  (void) st;
  Manager *m = manager_expect (t, MGR_PROVIDING, G_STRFUNC);
  m->done (m);
}

static void
serve_computed (KThread *t, IpcStatus st)
{
  (void) st;
  Manager *m = manager_expect (t, MGR_SERVING, G_STRFUNC);
  Paging *p = m->p;
  DsState *d = &p->ds[m->req.ds];
  int64_t cost = store_provide (p, d, m->req.page / d->block_pages, m->req.space);
  if (fault_with_manager (m->req.f, m->req.gen))
    fault_seg (p, m->req.f, SEG_MAP);
  manager_enter (m, MGR_PROVIDING);
  kern_charge (t, cost, serve_provided);
}

/* The backing page is at hand (or there is none): the service time. */
static void
serve_compute (Manager *m)
{
  manager_enter (m, MGR_SERVING);
  int64_t ns = dist_sample (manager_service (m), &m->t->rng);
  if (pg_explaining (m->p))
    {
      char d[32];
      pg_explain (m->p, "%s works %s on %s page %" G_GINT64_FORMAT " (its service time)",
                  m->t->name, pg_format_ns (d, sizeof d, ns), m->p->ds[m->req.ds].cfg->name,
                  m->req.page);
    }
  kern_compute (m->t, ns, serve_computed);
}

static void
serve_fetched (KThread *t, IpcStatus st)
{
  (void) st;
  serve_compute (manager_expect (t, MGR_FETCHING, G_STRFUNC));
}

void
manager_serve (Manager *m, ManagerStep done)
{
  Paging *p = m->p;
  KThread *t = m->t;
  DsState *d = &p->ds[m->req.ds];
  /* The fault's time is the manager's only while someone waits for this
   * answer: a reflection that timed out waits for core again. */
  PgFault *f = fault_with_manager (m->req.f, m->req.gen) ? m->req.f : NULL;
  m->served++;
  m->done = done;
  if (!store_needs_work (d, m->req.page / d->block_pages, m->req.space))
    {
      /* Already backed for this space: nothing to do but answer. */
      if (f)
        fault_seg (p, f, SEG_MAP);
      done (m);
      return;
    }
  if (f)
    fault_seg (p, f, SEG_SERVICE);
  int backing = d->cfg->backing;
  if (backing >= 0)
    {
      /* Fetching from the backing store: the same page index, modulo the
       * backing's size, of another managed dataspace.  The touch continues
       * at once when the page is mapped. */
      manager_enter (m, MGR_FETCHING);
      paging_touch (p, t, backing, m->req.page % p->ds[backing].pages, serve_fetched);
      return;
    }
  serve_compute (m);
}

/* --------------------------------------- the synchronous request loop */

void
manager_take_request (Manager *m, const Msg *msg)
{
  m->req.ds = (int) msg->w[0];
  m->req.page = msg->w[1];
  m->req.space = (int) msg->w[2];
  m->req.gen = (uint32_t) msg->w[3];
  m->req.f = msg->ptr;
}

static void
mgr_server_receive (Manager *m)
{
  if (manager_hang_if_due (m))
    return;
  manager_enter (m, MGR_RECEIVING);
  /* A receive still waiting at the hang time must not take a later request. */
  if (manager_hang_time (m) >= 0)
    ipc_recv_until (m->t, m->ep, manager_hang_time (m), mgr_server_got);
  else
    ipc_recv (m->t, m->ep, KERN_NO_TIMEOUT, mgr_server_got);
}

static void
mgr_server_replied (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_server_receive (manager_expect (t, MGR_REPLYING, G_STRFUNC));
}

static void
mgr_server_answer (Manager *m)
{
  KThread *t = m->t;
  Msg msg = pg_msg (PG_MSG_MAPPED);
  msg.w[0] = m->req.ds;
  msg.w[1] = m->req.page;
  msg.w[2] = m->req.space;
  msg.w[3] = m->req.gen;
  msg.ptr = m->req.f;
  /* The parked caller is handed back as the one owed the reply: if its
   * call timed out meanwhile (ipc-timeout), the reply is lost, even when it
   * waits in another call by now. */
  t->reply_to = m->caller;
  m->caller = NULL;
  if (manager_hang_time (m) < 0 && !manager_should_hang (m))
    {
      /* Reply and wait in one kernel entry. */
      manager_enter (m, MGR_RECEIVING);
      ipc_reply_recv (t, &msg, m->ep, mgr_server_got);
      return;
    }
  manager_enter (m, MGR_REPLYING);
  ipc_reply (t, &msg, mgr_server_replied);
}

static void
mgr_server_mapped (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_server_answer (manager_expect (t, MGR_MAPPING, G_STRFUNC));
}

/* manager_serve() is done with the request. */
static void
mgr_server_served (Manager *m)
{
  Paging *p = m->p;
  if (p->in_kernel_mapdb)
    {
      /* local-rm: the answer carries a map item; the kernel installs the
       * flexpage and records it in its mapping database, on our time. */
      DsState *d = &p->ds[m->req.ds];
      int64_t cost = core_map (p, d, m->req.page / d->block_pages, m->req.space);
      manager_enter (m, MGR_MAPPING);
      kern_charge (m->t, cost, mgr_server_mapped);
      return;
    }
  mgr_server_answer (m);
}

static void
mgr_server_got (KThread *t, IpcStatus st)
{
  Manager *m = manager_expect (t, MGR_RECEIVING, G_STRFUNC);
  switch (st)
    {
    case IPC_OK:
      break;
    case IPC_TIMEOUT:
      /* The receive was bounded by the hang time, and it has come. */
      manager_hang (m);
      return;
    case IPC_ABORTED:
      g_assert_not_reached ();
    }
  g_assert (t->msg.label == PG_MSG_RESOLVE);
  m->caller = ipc_take_caller (t);
  manager_take_request (m, &t->msg);
  manager_serve (m, mgr_server_served);
}

void
manager_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_server_receive (manager_expect (t, MGR_NEW, G_STRFUNC));
}

/* ---------------------------------------------------------------- setup */

void
manager_setup (Paging *p)
{
  const ScenarioConfig *c = p->c;
  p->n_managers = c->n_managers;
  p->managers = g_new0 (Manager, MAX (c->n_managers, 1));
  for (size_t i = 0; i < c->n_managers; i++)
    {
      Manager *m = &p->managers[i];
      m->p = p;
      m->id = (int) i;
      m->cfg = &c->managers[i];
      m->space = (int) (p->n_procs + i);
      manager_enter (m, MGR_NEW);
      /* A manager is a thread in an address space of its own. */
      m->t = kern_thread_new (p->k, m->cfg->name, "manager", 0, m->space, ROLE_MANAGER,
                              m->cfg->priority, p->ops->manager_start, m);
      pg_thread_add (p, m->t, m->space, false, false);
      if (m->cfg->behavior.kind == BEHAVIOR_CRASH)
        sim_schedule (kern_engine (p->k), m->cfg->behavior.after, manager_crash, m);
    }
}

void
manager_endpoints_new (Paging *p)
{
  for (size_t i = 0; i < p->n_managers; i++)
    {
      Manager *m = &p->managers[i];
      m->ep = ipc_endpoint_new (p->k, m->cfg->name);
      ipc_endpoint_add_server (m->ep, m->t);
    }
}
