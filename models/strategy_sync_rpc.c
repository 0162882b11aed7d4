/* sync-rpc: core's pager calls the dataspace manager (`resolve_fault`) and
 * waits for the answer before it maps the page and answers the faulter.
 * The fewest messages per fault — and core now depends on every manager:
 * while one is slow, every other fault in the system, on plain dataspaces
 * too, queues behind the blocked pager; while one hangs, they queue forever.
 * With nested managers and one pager thread it deadlocks: core waits for the
 * manager, and the manager's own fault waits for core.
 *
 * Core's side is core_pager_call (core.c); the manager runs the request loop
 * of manager.c. */
#include "models/strategy.h"

Endpoint *
strategy_core_endpoint (Paging *p, PgThread *pt)
{
  return core_fault_endpoint (p->core, kern_thread_cpu (pt->t));
}

void
sync_rpc_setup (Paging *p)
{
  managers_open_endpoints (p->managers, p->n_managers);
}

static void
sync_reflect (Pager *pg)
{
  core_pager_call (pg, KERN_NO_TIMEOUT);
}

/* Core holds a call capability to every manager (ipc-timeout too). */
void
sync_rpc_authority (Paging *p, GArray *rights)
{
  for (size_t i = 0; i < p->n_managers; i++)
    authority_add (rights, "core", p->managers[i].cfg->name, "call");
}

static const char *const sync_features[] = { "synchronous IPC", NULL };

const StrategyOps strategy_sync_rpc = {
  .kind = STRATEGY_SYNC_RPC,
  .in_kernel_mapdb = false,
  .setup = sync_rpc_setup,
  .fault_endpoint = strategy_core_endpoint,
  .reflect = sync_reflect,
  .on_timeout = NULL,
  .manager_start = manager_server_start,
  .authority = sync_rpc_authority,
  .kernel_features = sync_features,
};
