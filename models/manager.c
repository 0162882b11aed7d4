/* Dataspace managers (see manager.h).
 *
 * Service time is spent only when the manager has work to do — backing a
 * block that is not resident or moving an exclusive block — and it is CPU
 * time of the manager's thread at its own priority (DESIGN.md).  A manager
 * serving a dataspace with a `backing` touches the backing page first, and
 * that touch may fault in turn (nested managers).
 *
 * A manager is a state machine (ManagerState, manager.h): serving is
 * FETCHING -> SERVING -> PROVIDING, and its continuations are here; the
 * request loop below (RECEIVING -> serve -> [MAPPING] -> REPLYING or
 * RECEIVING) serves sync-rpc, ipc-timeout and local-rm; the fault-handler
 * loop (WAITING -> QUERYING -> serve -> ATTACHING -> QUERYING ...) serves
 * async-signal. */
#include "models/manager.h"

/* ------------------------------------------------------------- states */

/* ORDER ManagerState */
const char *const manager_state_names[MGR_DEAD + 1] = {
  [MGR_NEW] = "NEW",
  [MGR_WAITING] = "WAITING",
  [MGR_QUERYING] = "QUERYING",
  [MGR_RECEIVING] = "RECEIVING",
  [MGR_FETCHING] = "FETCHING",
  [MGR_SERVING] = "SERVING",
  [MGR_IO] = "IO",
  [MGR_HOLDING] = "HOLDING",
  [MGR_PROVIDING] = "PROVIDING",
  [MGR_MAPPING] = "MAPPING",
  [MGR_ATTACHING] = "ATTACHING",
  [MGR_REPLYING] = "REPLYING",
  [MGR_HUNG] = "HUNG",
  [MGR_DEAD] = "DEAD",
};
FSM_NAMES_CHECK (manager_state_names, MGR_DEAD);

/* ----------------------------------------------------------- behaviors */

static bool
manager_should_hang (Manager *m)
{
  const Behavior *b = &m->cfg->behavior;
  if (b->kind != BEHAVIOR_HANG)
    return false;
  if (b->has_after)
    return kern_now (m->k) >= b->after;
  return (int64_t) m->served >= b->faults;
}

/* The manager never receives again. */
static void
manager_hang (Manager *m)
{
  kern_explain (m->k, "%s hangs: it never receives again", kern_thread_name (m->t));
  manager_enter (m, MGR_HUNG);
  kern_misbehave (m->t, MISBEHAVIOR_HANG);
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
  return b->kind == BEHAVIOR_SLOW && b->has_service ? &b->service : &m->cfg->service;
}

/* The manager's thread dies: the kernel aborts the calls queued to it and
 * leaves an accepted caller blocked; a fault the manager itself had open
 * (nesting) is withdrawn. */
static void
manager_crash (void *data)
{
  Manager *m = data;
  if (kern_thread_state (m->t) == TS_DEAD)
    return;
  kern_explain (m->k, "dataspace manager %s crashes", m->cfg->name);
  manager_enter (m, MGR_DEAD);
  kern_misbehave (m->t, MISBEHAVIOR_CRASH);
  kern_kill (m->t);
  pg_thread_withdraw (&m->pt);
}

/* ----------------------------------------------------------- serving */

static void
serve_provided (KThread *t, IpcStatus st)
{
  (void) st;
  Manager *m = manager_expect (t, MGR_PROVIDING, G_STRFUNC);
  m->done (m);
}

/* Backing store at hand: the kernel work of providing it. */
static void
serve_provide (Manager *m)
{
  KThread *t = m->t;
  int64_t block = memory_block (m->mem, m->req.ds, m->req.page);
  int64_t cost = memory_provide (m->mem, m->req.ds, block, m->req.space);
  if (fault_with_manager (m->req.f, m->req.gen))
    fault_seg (m->req.f, SEG_MAP);
  manager_enter (m, MGR_PROVIDING);
  kern_charge (t, cost, serve_provided);
}

static void
serve_waited (KThread *t, IpcStatus st)
{
  (void) st;
  serve_provide (manager_expect (t, MGR_IO, G_STRFUNC));
}

static const Dist *
manager_io (const Manager *m)
{
  const Behavior *b = &m->cfg->behavior;
  return b->kind == BEHAVIOR_SLOW && b->has_io ? &b->io : &m->cfg->io;
}

/* The service time is spent: then the device, off the CPU, if there is one
 * (a disk read of the backing store), while other threads run. */
static void
serve_computed (KThread *t, IpcStatus st)
{
  (void) st;
  Manager *m = manager_expect (t, MGR_SERVING, G_STRFUNC);
  int64_t io = dist_sample (manager_io (m), kern_thread_rng (t));
  if (io == 0)
    {
      serve_provide (m);
      return;
    }
  if (fault_with_manager (m->req.f, m->req.gen))
    fault_seg (m->req.f, SEG_IO);
  if (kern_explaining (m->k))
    {
      char d[32];
      kern_explain_about (m->k, m->req.about, "%s waits %s for its device (%s page %"
                          G_GINT64_FORMAT ")",
                    kern_thread_name (t), trace_format_ns (d, sizeof d, io),
                    memory_ds_name (m->mem, m->req.ds), m->req.page);
    }
  manager_enter (m, MGR_IO);
  kern_io (t, io, serve_waited);
}

/* The backing page is at hand (or there is none): the service time. */
static void
serve_compute (Manager *m)
{
  manager_enter (m, MGR_SERVING);
  int64_t ns = dist_sample (manager_service (m), kern_thread_rng (m->t));
  if (kern_explaining (m->k))
    {
      char d[32];
      kern_explain_about (m->k, m->req.about, "%s works %s on %s page %" G_GINT64_FORMAT
                          " (its service time)",
                    kern_thread_name (m->t), trace_format_ns (d, sizeof d, ns),
                    memory_ds_name (m->mem, m->req.ds), m->req.page);
    }
  kern_compute (m->t, ns, serve_computed);
}

static void
serve_fetched (KThread *t, IpcStatus st)
{
  (void) st;
  serve_compute (manager_expect (t, MGR_FETCHING, G_STRFUNC));
}

static void serve_request (Manager *m);

/* The page's holder has had it long enough (min_hold): serve on. */
static void
serve_held (KThread *t, IpcStatus st)
{
  (void) st;
  serve_request (manager_expect (t, MGR_HOLDING, G_STRFUNC));
}

void
manager_serve (Manager *m, ManagerStep done)
{
  m->served++;
  m->done = done;
  serve_request (m);
}

static void
serve_request (Manager *m)
{
  ManagerStep done = m->done;
  /* The fault's time is the manager's only while someone waits for this
   * answer: a reflection that timed out waits for core again. */
  PgFault *f = fault_with_manager (m->req.f, m->req.gen) ? m->req.f : NULL;
  int64_t block = memory_block (m->mem, m->req.ds, m->req.page);
  if (!memory_needs_provider (m->mem, m->req.ds, block, m->req.space))
    {
      /* Already backed for this space: nothing to do but answer. */
      if (f)
        fault_seg (f, SEG_MAP);
      done (m);
      return;
    }
  if (f)
    fault_seg (f, SEG_SERVICE);
  int64_t hold = memory_hold_left (m->mem, m->req.ds, block, m->req.space);
  if (hold > 0)
    {
      /* An exclusive page stays with its holder for min_hold after it was
       * handed over, so the holder can use it before it moves on (the cure
       * of the livelock; Mirage's delta).  The manager waits for its timer. */
      if (kern_explaining (m->k))
        {
          char d[32];
          kern_explain_about (m->k, m->req.about, "%s leaves %s page %" G_GINT64_FORMAT
                              " with its holder %s longer (min_hold)", kern_thread_name (m->t),
                        memory_ds_name (m->mem, m->req.ds), m->req.page,
                        trace_format_ns (d, sizeof d, hold));
        }
      manager_enter (m, MGR_HOLDING);
      kern_sleep (m->t, hold, serve_held);
      return;
    }
  int backing = memory_backing (m->mem, m->req.ds);
  if (backing >= 0)
    {
      /* Fetching from the backing store: the same page index, modulo the
       * backing's size, of another managed dataspace.  The touch continues
       * at once when the page is mapped. */
      manager_enter (m, MGR_FETCHING);
      fault_touch (&m->pt, backing, m->req.page % memory_pages (m->mem, backing), serve_fetched);
      return;
    }
  serve_compute (m);
}

/* --------------------------------------- the synchronous request loop */

static void mgr_server_got (KThread *t, IpcStatus st);

void
manager_take_request (Manager *m, const Msg *msg)
{
  m->req.ds = (int) msg->w[0];
  m->req.page = msg->w[1];
  m->req.space = (int) msg->w[2];
  m->req.gen = (uint32_t) msg->w[3];
  m->req.f = msg->ptr;
  m->req.about = msg->about;
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
  Msg msg = pg_msg (PG_MSG_MAPPED);
  msg.w[0] = m->req.ds;
  msg.w[1] = m->req.page;
  msg.w[2] = m->req.space;
  msg.w[3] = m->req.gen;
  msg.ptr = m->req.f;
  msg.about = m->req.about;
  /* The caller was kept aside: if its call timed out meanwhile
   * (ipc-timeout), the reply is lost, even when it waits in another call by
   * now. */
  KThread *caller = m->caller;
  m->caller = NULL;
  if (manager_hang_time (m) < 0 && !manager_should_hang (m))
    {
      /* Reply and wait in one kernel entry. */
      manager_enter (m, MGR_RECEIVING);
      ipc_reply_recv_to (m->t, caller, &msg, m->ep, mgr_server_got);
      return;
    }
  manager_enter (m, MGR_REPLYING);
  ipc_reply_to (m->t, caller, &msg, mgr_server_replied);
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
  if (memory_in_kernel_mapdb (m->mem))
    {
      /* local-rm: the answer carries a map item; the kernel installs the
       * flexpage and records it in its mapping database, on our time. */
      int64_t block = memory_block (m->mem, m->req.ds, m->req.page);
      int64_t cost = memory_map (m->mem, m->req.ds, block, m->req.space);
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
  g_assert (kern_thread_msg (t)->label == PG_MSG_RESOLVE);
  m->caller = ipc_take_caller (t);
  manager_take_request (m, kern_thread_msg (t));
  manager_serve (m, mgr_server_served);
}

void
manager_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_server_receive (manager_expect (t, MGR_NEW, G_STRFUNC));
}

/* ------------------------------------- async-signal: the fault handler */

/* The manager's side of async-signal: WAITING -> QUERYING -> serve ->
 * ATTACHING -> QUERYING ... until fault() reports none -> WAITING. */
static void mgr_query (Manager *m);
static void mgr_signalled (KThread *t, IpcStatus st);

static void
mgr_wait (Manager *m)
{
  manager_enter (m, MGR_WAITING);
  sig_wait (m->t, m->sig, mgr_signalled);
}

static void
mgr_signalled (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_query (manager_expect (t, MGR_WAITING, G_STRFUNC));
}

/* Done attaching: ask core for the next fault. */
static void
mgr_attached (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_query (manager_expect (t, MGR_ATTACHING, G_STRFUNC));
}

/* manager_serve() is done with the fault: attach the backing store. */
static void
mgr_served (Manager *m)
{
  manager_enter (m, MGR_ATTACHING);
  Msg msg = pg_msg (PG_MSG_ATTACH);
  msg.w[0] = m->req.ds;
  msg.w[1] = m->req.page;
  msg.w[2] = m->req.space;
  msg.w[3] = m->id;
  msg.about = m->req.about;
  ipc_call (m->t, m->core_rm, &msg, KERN_NO_TIMEOUT, mgr_attached);
}

static void
mgr_answered (KThread *t, IpcStatus st)
{
  Manager *m = manager_expect (t, MGR_QUERYING, G_STRFUNC);
  g_assert (st == IPC_OK);
  const Msg *answer = kern_thread_msg (t);
  switch ((PgRmAnswer) answer->label)
    {
    case PG_MSG_NONE:
      mgr_wait (m);
      return;
    case PG_MSG_FAULT_INFO:
      manager_take_request (m, answer);
      manager_serve (m, mgr_served);
      return;
    case PG_MSG_DONE:
      break;
    }
  g_assert_not_reached ();
}

/* A correct handler asks fault() until it reports none: signals coalesce,
 * so one delivery may stand for many faults. */
static void
mgr_query (Manager *m)
{
  if (manager_hang_if_due (m))
    return;
  manager_enter (m, MGR_QUERYING);
  Msg msg = pg_msg (PG_MSG_QUERY);
  msg.w[0] = m->id;
  ipc_call (m->t, m->core_rm, &msg, KERN_NO_TIMEOUT, mgr_answered);
}

void
manager_handler_start (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_wait (manager_expect (t, MGR_NEW, G_STRFUNC));
}

/* ---------------------------------------------------------------- setup */

Manager *
managers_new (Kernel *k, const ScenarioConfig *c, Memory *mem, FaultFigures *fig,
              int first_space, KStepFn start)
{
  Manager *managers = g_new0 (Manager, MAX (c->n_managers, 1));
  for (size_t i = 0; i < c->n_managers; i++)
    {
      Manager *m = &managers[i];
      m->k = k;
      m->mem = mem;
      m->id = (int) i;
      m->cfg = &c->managers[i];
      m->space = first_space + (int) i;
      manager_enter (m, MGR_NEW);
      /* A manager is a thread in an address space of its own. */
      m->t = kern_thread_new_on (k, config_cpu_of (&m->cfg->cpu, 0, kern_cpus (k)),
                                 m->cfg->name, "manager", 0, m->space, ROLE_MANAGER,
                                 m->cfg->priority, start, m);
      pg_thread_init (&m->pt, fig, mem, m->t, m->space, false, false);
      if (m->cfg->behavior.kind == BEHAVIOR_CRASH)
        sim_schedule (kern_engine (k), m->cfg->behavior.after, manager_crash, m);
    }
  return managers;
}

void
managers_free (Manager *managers)
{
  g_free (managers);
}

void
managers_open_endpoints (Manager *managers, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      Manager *m = &managers[i];
      m->ep = ipc_endpoint_new (m->k, m->cfg->name);
      ipc_endpoint_add_server (m->ep, m->t);
    }
}
