/* ipc-timeout: sync-rpc whose call to the manager carries
 * kernel.ipc_timeout.  On expiry the reflection is dropped — nothing is
 * transferred or buffered (a late answer finds nobody waiting) — and then:
 *
 *   on_timeout "drop"   the fault stays unresolved forever: core has given
 *                       up, and the faulter stays blocked to the end;
 *   on_timeout "retry"  core puts the fault on its retry list and reflects
 *                       it again once no new fault is waiting; every retry
 *                       to a manager that still does not answer stalls core
 *                       for another timeout.
 *
 * Core is stalled up to one timeout per misbehaving manager per fault, and
 * such stalls add up: the thread's "if 10 clients misbehave, the GUI would
 * freeze for half a second", for page faults. */
#include "models/strategy.h"

static void
timeout_reflect (Pager *pg)
{
  core_pager_call (pg, core_pager_kernel (pg)->ipc_timeout);
}

static void
timeout_expired (Pager *pg)
{
  switch (core_pager_kernel (pg)->on_timeout)
    {
    case ON_TIMEOUT_DROP:
      core_pager_expired (pg, false);
      return;
    case ON_TIMEOUT_RETRY:
      core_pager_expired (pg, true);
      return;
    }
  g_assert_not_reached ();
}

static const char *const timeout_features[] = { "synchronous IPC", "IPC timeouts", NULL };

const StrategyOps strategy_ipc_timeout = {
  .kind = STRATEGY_IPC_TIMEOUT,
  .in_kernel_mapdb = false,
  .setup = sync_rpc_setup,
  .fault_endpoint = strategy_core_endpoint,
  .reflect = timeout_reflect,
  .on_timeout = timeout_expired,
  .manager_start = manager_server_start,
  .authority = sync_rpc_authority,  /* as sync-rpc: a call capability per manager */
  .kernel_features = timeout_features,
};
