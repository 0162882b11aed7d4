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

void
strategy_ipc_timeout_expired (Pager *pg)
{
  Paging *p = pg->p;
  PgFault *f = pg->f;
  if (fault_counted (p, f))
    p->dropped++;
  pg_explain (p, "%s's call to %s times out: %s's fault on %s page %" G_GINT64_FORMAT " %s",
              pg->t->name, p->ds[f->ds].mgr->cfg->name, f->owner->t->name, fault_ds_name (p, f),
              f->page, p->c->kernel.on_timeout == ON_TIMEOUT_DROP
                       ? "is dropped: it will never be resolved"
                       : "goes on core's retry list");
  switch (p->c->kernel.on_timeout)
    {
    case ON_TIMEOUT_DROP:
      core_pager_give_up (pg);
      return;
    case ON_TIMEOUT_RETRY:
      /* Still waiting for core: it stays counted as such. */
      f->caller = pg->caller;
      core_retry_push (p, f);
      core_pager_next (pg);
      return;
    }
  g_assert_not_reached ();
}

static void
timeout_reflect (Pager *pg)
{
  sync_rpc_reflect (pg, pg->p->c->kernel.ipc_timeout);
}

static const char *const timeout_features[] = { "synchronous IPC", "IPC timeouts", NULL };

const StrategyOps strategy_ipc_timeout = {
  .kind = STRATEGY_IPC_TIMEOUT,
  .in_kernel_mapdb = false,
  .setup = manager_endpoints_new,
  .fault_endpoint = core_fault_endpoint,
  .reflect = timeout_reflect,
  .manager_start = manager_server_start,
  .authority = sync_rpc_authority,  /* as sync-rpc: a call capability per manager */
  .kernel_features = timeout_features,
};
