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
 *      head faulter; serves it; `attach`es the backing store
 *      (manager_handler_start, manager.c);
 *   3. attach wakes every faulter parked on that range ("retry"); each
 *      re-executes the access, faults again, and core now maps the page
 *      (core_rm.c, fault.c);
 *   4. signals coalesce, so the handler loops on fault() until it reports
 *      none.
 *
 * This file wires the parts: core's entrypoint and a signal context per
 * manager, and the rights the design needs. */
#include "models/strategy.h"

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
  .manager_start = manager_handler_start,
  .authority = async_authority,
  .kernel_features = async_features,
};
