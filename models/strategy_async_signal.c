/* async-signal: Genode's way.  Core never calls a dataspace manager, so it
 * never depends on one:
 *
 *   1. core's pager receives the fault; the page is not attached to the
 *      region map: it parks the faulter on the region map (it keeps the
 *      faulter's reply capability) and asks core's signal entrypoint to
 *      submit a signal to the manager's fault handler (fire and forget);
 *      then it goes back to receive the next fault at once
 *      (core_pager_defer, core.c);
 *   2. the manager's handler wakes, asks core for the fault (`fault()`, a
 *      synchronous RPC — the manager trusts core), which reports only the
 *      head faulter; serves it; `attach`es the backing store (here);
 *   3. attach wakes every faulter parked on that range ("retry"); each
 *      re-executes the access, faults again, and core now maps the page
 *      (core_rm.c, fault.c);
 *   4. signals coalesce, so the handler loops on fault() until it reports
 *      none.
 *
 * The manager's side is WAITING -> QUERYING -> serve -> ATTACHING ->
 * QUERYING ... until fault() reports none -> WAITING.  As everywhere in
 * paging, each continuation checks on entry the state it belongs to. */
#include "models/strategy.h"

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

static void
mgr_start (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_wait (manager_expect (t, MGR_NEW, G_STRFUNC));
}

/* --------------------------------------------------------------- table */

/* Core's entrypoint, which the handlers call, and for each manager its
 * fault-handler signal context. */
static void
async_setup (Paging *p)
{
  core_rm_open (p->core);
  for (size_t i = 0; i < p->n_managers; i++)
    {
      Manager *m = &p->managers[i];
      g_autofree char *name = g_strdup_printf ("%s.fault-handler", m->cfg->name);
      m->sig = sig_ctx_new (p->k, name);
      m->core_rm = core_rm_endpoint (p->core);
    }
}

/* Each manager holds the capability of its region map (RM session); core
 * holds a signal capability for the region map's fault handler.  Nobody
 * else holds anything: managed dataspaces stay transparent to their users. */
static void
async_authority (Paging *p, GArray *rights)
{
  for (size_t i = 0; i < memory_n_ds (p->mem); i++)
    {
      int mi = memory_manager (p->mem, (int) i);
      if (mi < 0)
        continue;
      const char *ds = memory_ds_name (p->mem, (int) i), *mgr = p->managers[mi].cfg->name;
      g_autofree char *rm = g_strdup_printf ("core/rm:%s", ds);
      g_autofree char *sigh = g_strdup_printf ("%s/fault-handler:%s", mgr, ds);
      authority_add (rights, mgr, rm, "rm");
      authority_add (rights, "core", sigh, "signal");
    }
}

static const char *const async_features[] = {
  "asynchronous notifications", "synchronous IPC", NULL,
};

const StrategyOps strategy_async_signal = {
  .kind = STRATEGY_ASYNC_SIGNAL,
  .in_kernel_mapdb = false,
  .setup = async_setup,
  .fault_endpoint = strategy_core_endpoint,
  .reflect = core_pager_defer,
  .on_timeout = NULL,
  .manager_start = mgr_start,
  .authority = async_authority,
  .kernel_features = async_features,
};
