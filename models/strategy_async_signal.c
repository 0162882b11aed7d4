/* async-signal: Genode's way.  Core never calls a dataspace manager, so it
 * never depends on one:
 *
 *   1. core's pager receives the fault; the page is not attached to the
 *      region map: it parks the faulter on the region map (it keeps the
 *      faulter's reply capability) and asks core's signal entrypoint to
 *      submit a signal to the manager's fault handler (fire and forget);
 *      then it goes back to receive the next fault at once;
 *   2. the manager's handler wakes, asks core for the fault (`fault()`, a
 *      synchronous RPC — the manager trusts core), which reports only the
 *      head faulter; serves it; `attach`es the backing store;
 *   3. attach wakes every faulter parked on that range ("retry"); each
 *      re-executes the access, faults again, and core now maps the page;
 *   4. signals coalesce, so the handler loops on fault() until it reports
 *      none.
 *
 * Core's entrypoint thread serves the managers' RM-session RPCs (fault(),
 * attach) and the pager's local submit request.  Its states: RECEIVING
 * (answers go out with the next receive, in one kernel entry), SUBMITTING,
 * WAKING (replying "retry" to each woken faulter, one kernel operation
 * each).  The manager's side is WAITING -> QUERYING -> serve -> ATTACHING ->
 * QUERYING ... until fault() reports none -> WAITING.  As everywhere in
 * paging, each continuation checks on entry the state it belongs to. */
#include "models/strategy.h"

/* ORDER CoreEpState: cep_state_names */
typedef enum {
  CEP_NEW,             /* created, its thread has not run yet */
  CEP_RECEIVING,
  CEP_SUBMITTING,
  CEP_WAKING,
} CoreEpState;

struct _CoreEp {
  Paging *p;
  KThread *t;
  Endpoint *ep;
  CoreEpState state;
  KThread *caller;             /* the manager whose attach is being served */
  Manager *submit_to;          /* the manager being signalled */
  FaultList waking;            /* faulters the attach wakes, one reply each */
};

static void cep_got (KThread *t, IpcStatus st);
static void mgr_query (Manager *m);
static void mgr_signalled (KThread *t, IpcStatus st);

/* ----------------------------------------------------- core's pager side */

static void
pager_signalled (KThread *t, IpcStatus st)
{
  (void) st;
  core_pager_receive (core_pager_expect (t, PAGER_SIGNALLING, G_STRFUNC));
}

static void
async_reflect (Pager *pg)
{
  Paging *p = pg->p;
  PgFault *f = pg->f;
  Manager *m = p->ds[f->ds].mgr;
  f->state = FAULT_DEFERRED;
  f->caller = pg->caller;
  fault_list_append (&m->deferred, f);
  fault_waits_for_core (p, f, false);
  fault_seg (p, f, SEG_MANAGER_WAIT);
  /* The faulter's kernel partner is still core's pager, but what it waits
   * for now is the manager: say so for the wait-for graph. */
  kern_set_waits_on (f->owner->t, m->t, "fault parked for");
  pg_explain (p, "%s parks %s's fault on %s page %" G_GINT64_FORMAT " on the region map "
              "and has %s signalled; it goes back to receive at once", pg->t->name,
              f->owner->t->name, fault_ds_name (p, f), f->page, m->cfg->name);
  core_pager_release (pg);
  core_pager_enter (pg, PAGER_SIGNALLING);
  Msg msg = pg_msg (PG_MSG_SUBMIT);
  msg.w[0] = m->id;
  ipc_call (pg->t, p->core_ep->ep, &msg, KERN_NO_TIMEOUT, pager_signalled);
}

/* ----------------------------------------------- core's entrypoint side */

/* ORDER CoreEpState */
static const char *const cep_state_names[] = {
  [CEP_NEW] = "NEW",
  [CEP_RECEIVING] = "RECEIVING",
  [CEP_SUBMITTING] = "SUBMITTING",
  [CEP_WAKING] = "WAKING",
};
G_STATIC_ASSERT (G_N_ELEMENTS (cep_state_names) == CEP_WAKING + 1);

/* Every transition of the entrypoint goes through here. */
static void
cep_enter (CoreEp *cep, CoreEpState s)
{
  cep->state = s;
}

static void G_GNUC_NORETURN
cep_bad_state (const CoreEp *cep, const char *continuation)
{
  guint s = cep->state;
  pg_bad_state ("core entrypoint", cep->t,
                s < G_N_ELEMENTS (cep_state_names) ? cep_state_names[s] : "(corrupt)",
                continuation);
}

/* The entrypoint whose thread `t` runs `continuation`, which belongs to
 * state `s`; any other state aborts. */
static inline CoreEp *
cep_expect (KThread *t, CoreEpState s, const char *continuation)
{
  CoreEp *cep = t->ctx;
  if (G_UNLIKELY (cep->state != s))
    cep_bad_state (cep, continuation);
  return cep;
}

static void
cep_receive (CoreEp *cep)
{
  cep_enter (cep, CEP_RECEIVING);
  ipc_recv (cep->t, cep->ep, KERN_NO_TIMEOUT, cep_got);
}

/* Answers the caller and receives the next request, in one kernel entry. */
static void
cep_answer (CoreEp *cep, const Msg *m)
{
  cep_enter (cep, CEP_RECEIVING);
  ipc_reply_recv (cep->t, m, cep->ep, cep_got);
}

static void
cep_submitted (KThread *t, IpcStatus st)
{
  (void) st;
  CoreEp *cep = cep_expect (t, CEP_SUBMITTING, G_STRFUNC);
  Paging *p = cep->p;
  /* What core holds for the context: the kernel keeps one record with a
   * count, however many submits it stands for (C10). */
  uint64_t pending = sig_pending (cep->submit_to->sig);
  p->sig_submits_max = MAX (p->sig_submits_max, pending);
  p->sig_records_max = MAX (p->sig_records_max, pending > 0 ? 1u : 0u);
  cep->submit_to = NULL;
  Msg done = pg_msg (PG_MSG_DONE);
  cep_answer (cep, &done);
}

static void cep_woken (KThread *t, IpcStatus st);

/* Replies "retry" to the next woken faulter, or, all woken, answers the
 * manager. */
static void
cep_wake_next (CoreEp *cep)
{
  Paging *p = cep->p;
  PgFault *f = fault_list_pop (&cep->waking);
  if (f == NULL)
    {
      Msg done = pg_msg (PG_MSG_DONE);
      cep->t->reply_to = cep->caller;   /* the parked manager is owed the reply */
      cep->caller = NULL;
      cep_answer (cep, &done);
      return;
    }
  f->state = FAULT_WOKEN;
  fault_seg (p, f, SEG_REFAULT);
  KThread *faulter = f->caller;
  f->caller = NULL;
  Msg retry;
  fault_msg (f, PG_MSG_RETRY, &retry);
  cep_enter (cep, CEP_WAKING);
  ipc_reply_to (cep->t, faulter, &retry, cep_woken);
}

static void
cep_woken (KThread *t, IpcStatus st)
{
  (void) st;
  cep_wake_next (cep_expect (t, CEP_WAKING, G_STRFUNC));
}

/* The attach in words, with the faulters it wakes. */
static void
explain_attach (CoreEp *cep, const Manager *m, int ds, int64_t page)
{
  Paging *p = cep->p;
  if (!pg_explaining (p))
    return;
  const char *name = p->ds[ds].cfg->name;
  if (cep->waking.head == NULL)
    {
      pg_explain (p, "%s attaches %s page %" G_GINT64_FORMAT " to the region map; no faulter "
                  "is parked on it", m->t->name, name, page);
      return;
    }
  g_autoptr (GString) woken = g_string_new (NULL);
  for (const PgFault *f = cep->waking.head; f != NULL; f = f->lnext)
    g_string_append_printf (woken, "%s%s", woken->len ? ", " : "", f->owner->t->name);
  pg_explain (p, "%s attaches %s page %" G_GINT64_FORMAT " to the region map; %s wakes "
              "the faulters parked on it (%s), each to fault again", m->t->name, name, page,
              cep->t->name, woken->str);
}

/* attach(): the block is in core's region map now; every faulter parked on
 * it (for an exclusive manager: of the space it was attached for) wakes.
 * They stay DEFERRED on the waking list until their reply is sent. */
static void
cep_attach (CoreEp *cep, Manager *m, int ds, int64_t page, int space)
{
  Paging *p = cep->p;
  DsState *d = &p->ds[ds];
  int64_t block = page / d->block_pages;
  if (d->flags[block] & BLOCK_RESIDENT)
    d->flags[block] |= BLOCK_KNOWN;
  PgFault *next;
  for (PgFault *f = m->deferred.head; f != NULL; f = next)
    {
      next = f->lnext;
      if (f->ds != ds || f->page / d->block_pages != block
          || (m->cfg->exclusive && f->owner->space != space))
        continue;
      fault_list_remove (f);
      fault_list_append (&cep->waking, f);
    }
  explain_attach (cep, m, ds, page);
  cep->caller = ipc_take_caller (cep->t);
  cep_wake_next (cep);
}

/* The answer of fault() in words: the head faulter, or none (the handler's
 * last fault() after coalesced signals). */
static void
query_words (CoreEp *cep, const Manager *m, Msg *out)
{
  Paging *p = cep->p;
  const PgFault *f = m->deferred.head;
  if (f == NULL)
    pg_msg_words (p, cep->t, out, "%s answers %s's fault(): no fault is pending, so %s "
                  "waits for the next signal", cep->t->name, m->t->name, m->t->name);
  else
    pg_msg_words (p, cep->t, out, "%s answers %s's fault(): %s's fault on %s page %"
                  G_GINT64_FORMAT, cep->t->name, m->t->name, f->owner->t->name,
                  fault_ds_name (p, f), f->page);
}

static void
cep_got (KThread *t, IpcStatus st)
{
  CoreEp *cep = cep_expect (t, CEP_RECEIVING, G_STRFUNC);
  Paging *p = cep->p;
  g_assert (st == IPC_OK);
  const Msg *in = &t->msg;
  switch ((PgRmMsg) in->label)
    {
    case PG_MSG_SUBMIT:
      {
        Manager *m = &p->managers[in->w[0]];
        cep_enter (cep, CEP_SUBMITTING);
        cep->submit_to = m;
        sig_submit (t, m->sig, cep_submitted);
        return;
      }
    case PG_MSG_QUERY:
      {
        Manager *m = &p->managers[in->w[0]];
        Msg out = pg_msg (PG_MSG_NONE);
        if (m->deferred.head)
          fault_msg (m->deferred.head, PG_MSG_FAULT_INFO, &out);
        query_words (cep, m, &out);
        cep_answer (cep, &out);
        return;
      }
    case PG_MSG_ATTACH:
      cep_attach (cep, &p->managers[in->w[3]], (int) in->w[0], in->w[1], (int) in->w[2]);
      return;
    }
  g_assert_not_reached ();
}

static void
cep_start (KThread *t, IpcStatus st)
{
  (void) st;
  cep_receive (cep_expect (t, CEP_NEW, G_STRFUNC));
}

/* ------------------------------------------------------ the manager side */

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
  ipc_call (m->t, m->p->core_ep->ep, &msg, KERN_NO_TIMEOUT, mgr_attached);
}

static void
mgr_answered (KThread *t, IpcStatus st)
{
  Manager *m = manager_expect (t, MGR_QUERYING, G_STRFUNC);
  g_assert (st == IPC_OK);
  switch ((PgRmAnswer) t->msg.label)
    {
    case PG_MSG_NONE:
      mgr_wait (m);
      return;
    case PG_MSG_FAULT_INFO:
      manager_take_request (m, &t->msg);
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
  ipc_call (m->t, m->p->core_ep->ep, &msg, KERN_NO_TIMEOUT, mgr_answered);
}

static void
mgr_start (KThread *t, IpcStatus st)
{
  (void) st;
  mgr_wait (manager_expect (t, MGR_NEW, G_STRFUNC));
}

/* --------------------------------------------------------------- table */

static void
async_setup (Paging *p)
{
  CoreEp *cep = g_new0 (CoreEp, 1);
  cep->p = p;
  cep_enter (cep, CEP_NEW);
  cep->ep = ipc_endpoint_new (p->k, "core.rm");
  cep->t = kern_thread_new (p->k, "core", "entrypoint", 0, KERN_CORE_SPACE, ROLE_CORE,
                            p->c->core.priority, cep_start, cep);
  ipc_endpoint_add_server (cep->ep, cep->t);
  p->core_ep = cep;
  g_ptr_array_add (p->jobs, cep);
  for (size_t i = 0; i < p->n_managers; i++)
    {
      Manager *m = &p->managers[i];
      g_autofree char *name = g_strdup_printf ("%s.fault-handler", m->cfg->name);
      m->sig = sig_ctx_new (p->k, name);
    }
}

/* Each manager holds the capability of its region map (RM session); core
 * holds a signal capability for the region map's fault handler.  Nobody
 * else holds anything: managed dataspaces stay transparent to their users. */
static void
async_authority (Paging *p, GArray *rights)
{
  for (size_t i = 0; i < p->n_ds; i++)
    {
      const DsState *d = &p->ds[i];
      if (d->mgr == NULL)
        continue;
      g_autofree char *rm = g_strdup_printf ("core/rm:%s", d->cfg->name);
      g_autofree char *sigh = g_strdup_printf ("%s/fault-handler:%s", d->mgr->cfg->name,
                                               d->cfg->name);
      authority_add (rights, d->mgr->cfg->name, rm, "rm");
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
  .fault_endpoint = core_fault_endpoint,
  .reflect = async_reflect,
  .manager_start = mgr_start,
  .authority = async_authority,
  .kernel_features = async_features,
};
