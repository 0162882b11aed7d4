/* sync-rpc: core's pager calls the dataspace manager (`resolve_fault`) and
 * waits for the answer before it maps the page and answers the faulter.
 * The fewest messages per fault — and core now depends on every manager:
 * while one is slow, every other fault in the system, on plain dataspaces
 * too, queues behind the blocked pager; while one hangs, they queue forever.
 * With nested managers and one pager thread it deadlocks: core waits for the
 * manager, and the manager's own fault waits for core.
 *
 * The pager's side is REFLECTING (blocked on the manager) -> MAPPING ->
 * ANSWERING; the manager runs the request loop of manager.c. */
#include "models/strategy.h"

static void
sync_reflected (KThread *t, IpcStatus st)
{
  Pager *pg = core_pager_expect (t, PAGER_REFLECTING, G_STRFUNC);
  Paging *p = pg->p;
  PgFault *f = pg->f;
  core_pager_set_blocked (pg, false);
  if (f->owner->gone)
    {
      /* The faulter's process was destroyed while core waited: the answer,
       * or the timeout, finds nobody to map for. */
      core_pager_give_up (pg);
      return;
    }
  switch (st)
    {
    case IPC_OK:
      {
        DsState *d = &p->ds[f->ds];
        int64_t block = f->page / d->block_pages;
        int space = f->owner->space;
        if (store_needs_work (d, block, space))
          {
            /* With several pager threads the manager may have evicted or
             * moved the block again before we ran: ask once more. */
            p->ops->reflect (pg);
            return;
          }
        /* The answer attaches the block to core's region map. */
        d->flags[block] |= BLOCK_KNOWN;
        fault_seg (p, f, SEG_MAP);
        core_pager_answer (pg, core_map (p, d, block, space));
        return;
      }
    case IPC_TIMEOUT:
      strategy_ipc_timeout_expired (pg);
      return;
    case IPC_ABORTED:
      /* The manager died with our request queued: nobody will ever provide
       * the page, and core has no one else to ask. */
      pg_explain (p, "%s is dead: %s gives up %s's fault on %s page %" G_GINT64_FORMAT
                  ", which will never be resolved", p->ds[f->ds].mgr->cfg->name, t->name,
                  f->owner->t->name, fault_ds_name (p, f), f->page);
      core_pager_give_up (pg);
      return;
    }
  g_assert_not_reached ();
}

void
sync_rpc_reflect (Pager *pg, int64_t timeout)
{
  Paging *p = pg->p;
  PgFault *f = pg->f;
  Manager *m = p->ds[f->ds].mgr;
  f->state = FAULT_REFLECTED;
  fault_seg (p, f, SEG_MANAGER_WAIT);
  core_pager_enter (pg, PAGER_REFLECTING);
  core_pager_set_blocked (pg, true);
  Msg msg;
  fault_msg (f, PG_MSG_RESOLVE, &msg);
  if (pg_explaining (p))
    {
      char bound[64] = "", d[32];
      if (timeout != KERN_NO_TIMEOUT)
        g_snprintf (bound, sizeof bound, ", at most %s per phase",
                    pg_format_ns (d, sizeof d, timeout));
      pg_msg_words (p, pg->t, &msg, "core's pager calls %s (resolve_fault)%s for %s's fault on "
                    "%s page %" G_GINT64_FORMAT " and waits for the answer%s", m->cfg->name,
                    pg->retrying ? " again, from its retry list," : "", f->owner->t->name,
                    fault_ds_name (p, f), f->page, bound);
    }
  ipc_call (pg->t, m->ep, &msg, timeout, sync_reflected);
}

static void
sync_reflect (Pager *pg)
{
  sync_rpc_reflect (pg, KERN_NO_TIMEOUT);
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
  .setup = manager_endpoints_new,
  .fault_endpoint = core_fault_endpoint,
  .reflect = sync_reflect,
  .manager_start = manager_server_start,
  .authority = sync_rpc_authority,
  .kernel_features = sync_features,
};
