/* Core's RM-session entrypoint (async-signal): the thread that serves the
 * managers' region-map RPCs and the pagers' signal submits, as Genode's core
 * does.
 *
 *   submit    a pager parked a fault on a region map: submit a signal to the
 *             manager's fault handler (local to core; the pager does not wait
 *             for the manager, only for this submit);
 *   fault()   the manager asks for the fault: the head faulter of its region
 *             maps, or none (signals coalesce, so a correct handler asks
 *             until none is left);
 *   attach    the manager attached backing store: every faulter parked on
 *             that range wakes ("retry") and faults again, and core now maps.
 *
 * Its states (CoreRmState): RECEIVING (answers go out with the next
 * receive, in one kernel entry), SUBMITTING, WAKING (replying "retry" to
 * each woken faulter, one kernel operation each).  Each continuation checks
 * on entry the state it belongs to. */
#include "models/core_priv.h"

/* ORDER CoreRmState: core_rm_state_names */
typedef enum {
  CORE_RM_NEW,         /* created, its thread has not run yet */
  CORE_RM_RECEIVING,
  CORE_RM_SUBMITTING,
  CORE_RM_WAKING,
} CoreRmState;

struct _CoreRm {
  Core *core;
  KThread *t;
  Endpoint *ep;
  CoreRmState state;
  KThread *caller;             /* the manager whose attach is being served */
  Manager *submit_to;          /* the manager being signalled */
  FaultList waking;            /* faulters the attach wakes, one reply each */
};

/* ORDER CoreRmState */
static const char *const core_rm_state_names[] = {
  [CORE_RM_NEW] = "NEW",
  [CORE_RM_RECEIVING] = "RECEIVING",
  [CORE_RM_SUBMITTING] = "SUBMITTING",
  [CORE_RM_WAKING] = "WAKING",
};
FSM_NAMES_CHECK (core_rm_state_names, CORE_RM_WAKING);
FSM_DEFINE (rm_ep, CoreRm, CoreRmState, state, "core entrypoint", core_rm_state_names)

static void rm_ep_got (KThread *t, IpcStatus st);

static void
rm_ep_receive (CoreRm *rm)
{
  rm_ep_enter (rm, CORE_RM_RECEIVING);
  ipc_recv (rm->t, rm->ep, KERN_NO_TIMEOUT, rm_ep_got);
}

/* Answers the caller and receives the next request, in one kernel entry. */
static void
rm_ep_answer (CoreRm *rm, const Msg *m)
{
  rm_ep_enter (rm, CORE_RM_RECEIVING);
  ipc_reply_recv (rm->t, m, rm->ep, rm_ep_got);
}

static void
rm_ep_submitted (KThread *t, IpcStatus st)
{
  (void) st;
  CoreRm *rm = rm_ep_expect (t, CORE_RM_SUBMITTING, G_STRFUNC);
  Core *core = rm->core;
  /* What core holds for the context: the kernel keeps one record with a
   * count, however many submits it stands for (C10). */
  uint64_t pending = sig_pending (rm->submit_to->sig);
  core->sig_submits_max = MAX (core->sig_submits_max, pending);
  core->sig_records_max = MAX (core->sig_records_max, pending > 0 ? 1u : 0u);
  rm->submit_to = NULL;
  Msg done = pg_msg (PG_MSG_DONE);
  rm_ep_answer (rm, &done);
}

static void rm_ep_woken (KThread *t, IpcStatus st);

/* Replies "retry" to the next woken faulter, or, all woken, answers the
 * manager. */
static void
rm_ep_wake_next (CoreRm *rm)
{
  PgFault *f = fault_list_pop (&rm->waking);
  if (f == NULL)
    {
      /* The parked manager is owed the reply. */
      Msg done = pg_msg (PG_MSG_DONE);
      KThread *manager = rm->caller;
      rm->caller = NULL;
      rm_ep_enter (rm, CORE_RM_RECEIVING);
      ipc_reply_recv_to (rm->t, manager, &done, rm->ep, rm_ep_got);
      return;
    }
  fault_woken (f);
  KThread *faulter = f->caller;
  f->caller = NULL;
  Msg retry;
  fault_msg (f, PG_MSG_RETRY, &retry);
  rm_ep_enter (rm, CORE_RM_WAKING);
  ipc_reply_to (rm->t, faulter, &retry, rm_ep_woken);
}

static void
rm_ep_woken (KThread *t, IpcStatus st)
{
  (void) st;
  rm_ep_wake_next (rm_ep_expect (t, CORE_RM_WAKING, G_STRFUNC));
}

/* The attach in words, with the faulters it wakes. */
static void
explain_attach (CoreRm *rm, const Manager *m, int ds, int64_t page)
{
  Core *core = rm->core;
  if (!kern_explaining (core->k))
    return;
  const char *name = memory_ds_name (core->mem, ds);
  const char *who = kern_thread_name (m->t);
  if (rm->waking.head == NULL)
    {
      kern_explain (core->k, "%s attaches %s page %" G_GINT64_FORMAT " to the region map; no "
                    "faulter is parked on it", who, name, page);
      return;
    }
  g_autoptr (GString) woken = g_string_new (NULL);
  g_autoptr (GArray) about = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  for (const PgFault *f = rm->waking.head; f != NULL; f = f->lnext)
    {
      g_string_append_printf (woken, "%s%s", woken->len ? ", " : "",
                              kern_thread_name (fault_thread (f)));
      g_array_append_val (about, f->number);
    }
  kern_explain_about_n (core->k, (const uint64_t *) about->data, about->len,
                        "%s attaches %s page %" G_GINT64_FORMAT " to the region map; %s "
                        "wakes the faulters parked on it (%s), each to fault again", who, name,
                        page, kern_thread_name (rm->t), woken->str);
}

/* attach(): the block is in core's region map now; every faulter parked on
 * it (for an exclusive manager: of the space it was attached for) wakes.
 * They stay DEFERRED on the waking list until their reply is sent. */
static void
rm_ep_attach (CoreRm *rm, Manager *m, int ds, int64_t page, int space)
{
  Core *core = rm->core;
  int64_t block = memory_block (core->mem, ds, page);
  memory_attach (core->mem, ds, block);
  PgFault *next;
  for (PgFault *f = core->parked[m->id].head; f != NULL; f = next)
    {
      next = f->lnext;
      if (f->ds != ds || memory_block (core->mem, ds, f->page) != block
          || (m->cfg->exclusive && f->owner->space != space))
        continue;
      fault_list_remove (f);
      fault_list_append (&rm->waking, f);
    }
  explain_attach (rm, m, ds, page);
  rm->caller = ipc_take_caller (rm->t);
  rm_ep_wake_next (rm);
}

/* The answer of fault() in words: the head faulter, or none (the handler's
 * last fault() after coalesced signals). */
static void
query_words (CoreRm *rm, const Manager *m, Msg *out)
{
  const PgFault *f = rm->core->parked[m->id].head;
  const char *me = kern_thread_name (rm->t), *who = kern_thread_name (m->t);
  if (f == NULL)
    kern_msg_words (rm->t, out, "%s answers %s's fault(): no fault is pending, so %s waits "
                    "for the next signal", me, who, who);
  else
    kern_msg_words (rm->t, out, "%s answers %s's fault(): %s's fault on %s page %"
                    G_GINT64_FORMAT, me, who, kern_thread_name (fault_thread (f)),
                    fault_ds_name (f), f->page);
}

static void
rm_ep_got (KThread *t, IpcStatus st)
{
  CoreRm *rm = rm_ep_expect (t, CORE_RM_RECEIVING, G_STRFUNC);
  Core *core = rm->core;
  g_assert (st == IPC_OK);
  const Msg *in = kern_thread_msg (t);
  switch ((PgRmMsg) in->label)
    {
    case PG_MSG_SUBMIT:
      {
        Manager *m = &core->managers[in->w[0]];
        rm_ep_enter (rm, CORE_RM_SUBMITTING);
        rm->submit_to = m;
        sig_submit (t, m->sig, rm_ep_submitted);
        return;
      }
    case PG_MSG_QUERY:
      {
        Manager *m = &core->managers[in->w[0]];
        const PgFault *head = core->parked[m->id].head;
        Msg out = pg_msg (PG_MSG_NONE);
        if (head)
          fault_msg (head, PG_MSG_FAULT_INFO, &out);
        query_words (rm, m, &out);
        rm_ep_answer (rm, &out);
        return;
      }
    case PG_MSG_ATTACH:
      rm_ep_attach (rm, &core->managers[in->w[3]], (int) in->w[0], in->w[1], (int) in->w[2]);
      return;
    }
  g_assert_not_reached ();
}

static void
rm_ep_start (KThread *t, IpcStatus st)
{
  (void) st;
  rm_ep_receive (rm_ep_expect (t, CORE_RM_NEW, G_STRFUNC));
}

void
core_rm_open (Core *core)
{
  g_return_if_fail (core->rm == NULL);
  CoreRm *rm = g_new0 (CoreRm, 1);
  rm->core = core;
  rm_ep_enter (rm, CORE_RM_NEW);
  rm->ep = ipc_endpoint_new (core->k, "core.rm");
  rm->t = kern_thread_new (core->k, "core", "entrypoint", 0, KERN_CORE_SPACE, ROLE_CORE,
                           core->c->core.priority, rm_ep_start, rm);
  ipc_endpoint_add_server (rm->ep, rm->t);
  core->rm = rm;
}

Endpoint *
core_rm_endpoint (Core *core)
{
  g_return_val_if_fail (core->rm != NULL, NULL);
  return core->rm->ep;
}

void
core_rm_free (CoreRm *rm)
{
  g_free (rm);
}
