/* Synchronous IPC endpoints, L4 style: a rendezvous between a sender and a
 * receiver, with optional timeouts on both phases of a call.
 *
 * An endpoint is idle, has senders queued (a receiver is not ready), or has
 * receivers queued (no sender has come): each operation is one switch over
 * that state, as seL4's src/object/endpoint.c is written.  A send timeout
 * takes the sender out of the queue and transfers nothing: the message is
 * dropped, not buffered (Fiasco, L4 X.2).  A reply-phase timeout leaves the
 * later reply with nobody to receive it.
 *
 * Reply rights.  Accepting a call gives the receiver the right to answer
 * that one call, stamped with the caller's call generation; a reply whose
 * generation is not the caller's current call is lost, so a caller that
 * timed out and called again (the same server or another) is never
 * answered with the stale reply.  Models may detach a right
 * (ipc_take_caller) and carry it as a bare thread pointer: the caller then
 * remembers which of its calls was detached and into which address space,
 * and only a thread of that space may answer that call with it.  (Two calls
 * of one caller both detached into one space cannot be told apart without
 * a reply token in the API; no model does that with a timeout.)
 *
 * Narration (--explain): a message is told once, when it is sent, with what
 * became of it (received at once, queued, dropped); a reply when it is
 * delivered or lost.  A model that tells its own protocol gives its words
 * in Msg.explain, and the kernel then says only what the model cannot
 * know (kernel.h). */
#include "models/kernel_priv.h"

#include <glib.h>

typedef enum {
  EP_IDLE,
  EP_SEND,     /* senders wait in `senders` */
  EP_RECV,     /* receivers wait in `receivers` */
  EP_DEAD,     /* every server died: callers are aborted */
} EpState;

struct _Endpoint {
  Kernel *k;
  char *name;
  KThreadQueue senders;    /* priority or FIFO order (kernel.send_queue) */
  KThreadQueue receivers;
  GPtrArray *servers;      /* KThread*, not owned */
  int alive;               /* servers not dead */
};

static EpState
ep_state (const Endpoint *ep)
{
  if (ep->servers->len > 0 && ep->alive == 0)
    return EP_DEAD;
  if (ep->senders.head)
    return EP_SEND;
  if (ep->receivers.head)
    return EP_RECV;
  return EP_IDLE;
}

Endpoint *
ipc_endpoint_new (Kernel *k, const char *name)
{
  Endpoint *ep = g_new0 (Endpoint, 1);
  ep->k = k;
  ep->name = g_strdup (name);
  ep->servers = g_ptr_array_new ();
  kern_register_endpoint (k, ep);
  return ep;
}

void
ipc_endpoint_free (Endpoint *ep)
{
  g_ptr_array_free (ep->servers, TRUE);
  g_free (ep->name);
  g_free (ep);
}

void
ipc_endpoint_add_server (Endpoint *ep, KThread *t)
{
  /* Twice would count one life twice: the endpoint would never die. */
  g_return_if_fail (!g_ptr_array_find (ep->servers, t, NULL));
  g_ptr_array_add (ep->servers, t);
  if (t->state != TS_DEAD)
    ep->alive++;
}

const char *
ipc_endpoint_name (const Endpoint *ep)
{
  return ep->name;
}

KThread *
ipc_endpoint_sole_server (const Endpoint *ep)
{
  if (ep->servers->len == 1)
    return ep->servers->pdata[0];
  KThread *only = NULL;
  for (guint i = 0; i < ep->servers->len; i++)
    {
      KThread *s = ep->servers->pdata[i];
      if (s->state == TS_DEAD)
        continue;
      if (only)
        return NULL;   /* any of several may serve: no single edge */
      only = s;
    }
  return only;
}

int
ipc_endpoint_live_servers (const Endpoint *ep, KThread **out, int max)
{
  if (ep->servers->len == 0)
    return -1;
  int n = 0;
  for (guint i = 0; i < ep->servers->len && n < max; i++)
    {
      KThread *s = ep->servers->pdata[i];
      if (s->state != TS_DEAD)
        out[n++] = s;
    }
  return n;
}

/* ------------------------------------------------------------- queues */

/* Fiasco orders senders by priority (FIFO among equals), seL4 by arrival. */
static void
senders_insert (Endpoint *ep, KThread *t)
{
  KThreadQueue *q = &ep->senders;
  if (kern_config (ep->k)->send_queue == SEND_QUEUE_FIFO || q->tail == NULL
      || q->tail->priority >= t->priority)
    {
      kern_queue_append (q, t);
      return;
    }
  KThread *at = q->head;
  while (at->priority >= t->priority)
    at = at->qnext;   /* stops before the end: the tail has lower priority */
  kern_queue_insert_before (q, at, t);
}

void
ipc_unlink (KThread *t)
{
  Endpoint *ep;
  switch (t->wait.kind)
    {
    case WAIT_RECV:
      if ((ep = t->wait.on.ep) != NULL)
        kern_queue_remove (&ep->receivers, t);
      break;
    case WAIT_SEND:
    case WAIT_FAULT:
      if ((ep = t->wait.on.ep) != NULL)
        kern_queue_remove (&ep->senders, t);
      break;
    case WAIT_NONE:
    case WAIT_REPLY:
    case WAIT_FAULT_SERVED:
    case WAIT_SIGNAL:
    case WAIT_SLEEP:
    case WAIT_IO:
    case WAIT_START:
    case WAIT_HANG:
      return;   /* in no endpoint's queue */
    }
  t->wait.on.ep = NULL;
}

/* ------------------------------------------------------- reply rights */

/* `r` accepted the call of `c`: it may answer that call, and no later one. */
static void
reply_right_grant (KThread *r, KThread *c)
{
  r->reply_to = c;
  r->reply_gen = c->call_gen;
}

static void
reply_right_clear (KThread *t)
{
  t->reply_to = NULL;
}

/* ------------------------------------------------------------ timeouts */

static void
ipc_timeout_fire (void *data)
{
  KThread *t = data;
  Trace *tr = kern_trace (t->k);
  t->timeout_ev = 0;
  switch (t->wait.kind)
    {
    case WAIT_SEND:
      kern_counters_mut (t->k)->ipc_dropped++;
      if (trace_explaining (tr) && t->op.msg.explain == NULL)
        trace_explain_about (tr, kern_now (t->k), &t->op.msg.about, t->op.msg.about != 0,
                             "%s: send to %s timed out before anyone received; the message is dropped",
                       t->name, ipc_endpoint_name (t->wait.on.ep));
      ipc_unlink (t);
      kern_wake (t, IPC_TIMEOUT);
      return;
    case WAIT_RECV:
      ipc_unlink (t);
      kern_wake (t, IPC_TIMEOUT);
      return;
    case WAIT_REPLY:
      if (trace_explaining (tr) && t->op.msg.explain == NULL)
        trace_explain_about (tr, kern_now (t->k), &t->op.msg.about, t->op.msg.about != 0,
                             "%s stops waiting for the reply of %s (timeout); a later reply is lost",
                       t->name, t->wait.on.partner ? t->wait.on.partner->name : "?");
      kern_wake (t, IPC_TIMEOUT);
      return;
    case WAIT_FAULT:
    case WAIT_FAULT_SERVED:
    case WAIT_NONE:
    case WAIT_SIGNAL:
    case WAIT_SLEEP:
    case WAIT_IO:
    case WAIT_START:
    case WAIT_HANG:
      break;
    }
  g_assert_not_reached ();
}

/* Bounds the phase `t` now waits in by the timeout of its operation. */
static void
arm_phase_timeout (KThread *t)
{
  if (t->op.timeout > 0)
    kern_arm_timeout (t, t->op.timeout, ipc_timeout_fire);
}

/* ---------------------------------------------------------- operations */

/* The rendezvous: receiver `r` takes the message of sender `s` and, when
 * it is a call, the right to answer it. */
static void
transfer (KThread *s, KThread *r)
{
  Kernel *k = s->k;
  Trace *tr = kern_trace (k);
  r->msg = s->op.msg;
  r->msg.explain = NULL;   /* the sender's words, for its send only */
  r->msg.on_transfer = NULL;
  kern_counters_mut (k)->ipc++;
  if (s->op.msg.on_transfer)
    s->op.msg.on_transfer (&r->msg, r);
  if (tr)
    trace_flow (tr, s->track, kern_now (k), r->track, kern_now (k),
                s->op.is_fault ? "fault" : "ipc");
  if (s->op.is_call)
    reply_right_grant (r, s);
  else
    reply_right_clear (r);
}

/* The blocked caller `s` was received by `r`: it now waits for the reply
 * (still blocked_fault, if it is a fault), bounded by its timeout. */
static void
caller_accepted (KThread *s, KThread *r)
{
  kern_cancel_timeout (s);
  s->wait.on.partner = r;
  if (s->op.is_fault)
    s->wait.kind = WAIT_FAULT_SERVED;
  else
    {
      s->wait.kind = WAIT_REPLY;
      if (s->state != TS_BLOCKED_REPLY)
        kern_trace_state (s, TS_BLOCKED_REPLY);
    }
  arm_phase_timeout (s);
}

/* The send of `t` in the sender's words, or "<t> calls <ep> (<op>)". */
static char *
describe_send (const KThread *t, const Endpoint *ep)
{
  const Msg *m = &t->op.msg;
  if (m->explain != NULL && m->explain[0] != '\0')
    return g_strdup (m->explain);
  const char *verb = t->op.is_fault ? "faults to" : t->op.is_call ? "calls" : "sends to";
  if (m->op)
    return g_strdup_printf ("%s %s %s (%s)", t->name, verb, ep->name, m->op);
  return g_strdup_printf ("%s %s %s", t->name, verb, ep->name);
}

/* A send that did not go through at once: "<what>; <how>". */
static void
explain_send_outcome (const KThread *t, const Endpoint *ep, const char *how)
{
  g_autofree char *what = describe_send (t, ep);
  trace_explain_about (kern_trace (t->k), kern_now (t->k), &t->op.msg.about,
                       t->op.msg.about != 0, "%s; %s", what, how);
}

/* Why the server of a queued send does not receive it: busy, or blocked
 * itself (the chain of waits a student has to follow). */
static char *
describe_not_receiving (const KThread *srv)
{
  switch (srv->wait.kind)
    {
    case WAIT_HANG:
      return g_strdup ("never receives again (hung)");
    case WAIT_SEND:
      return g_strdup_printf ("is itself waiting in %s's queue",
                              srv->wait.on.ep ? srv->wait.on.ep->name : "a send");
    case WAIT_REPLY:
      return g_strdup_printf ("is itself waiting for the reply of %s",
                              srv->wait.on.partner ? srv->wait.on.partner->name : "its call");
    case WAIT_FAULT:
    case WAIT_FAULT_SERVED:
      return g_strdup ("is itself blocked on a page fault");
    case WAIT_SLEEP:
      return g_strdup ("is sleeping");
    case WAIT_IO:
      return g_strdup ("waits for its device");
    case WAIT_START:
      return g_strdup ("has not started yet");
    case WAIT_SIGNAL:
      return g_strdup ("waits for a signal");
    case WAIT_RECV:
      return g_strdup_printf ("waits on %s",
                              srv->wait.on.ep ? srv->wait.on.ep->name : "another endpoint");
    case WAIT_NONE:
      break;
    }
  return g_strdup ("is busy");
}

static void
explain_queued (const KThread *t, const Endpoint *ep)
{
  if (!trace_explaining (kern_trace (t->k)))
    return;
  KThread *srv = ipc_endpoint_sole_server (ep);
  g_autofree char *why = srv ? describe_not_receiving (srv) : g_strdup ("is busy");
  g_autofree char *how = g_strdup_printf ("%s %s: %s waits in %s's queue",
                                          srv ? srv->name : ep->name, why, t->name, ep->name);
  explain_send_outcome (t, ep, how);
}

/* A receiver waits: the message goes over at once.  A call blocks the
 * sender for the reply; a plain send continues. */
static void
send_to_receiver (KThread *t, Endpoint *ep)
{
  Trace *tr = kern_trace (t->k);
  KThread *r = ep->receivers.head;
  kern_queue_remove (&ep->receivers, r);
  r->wait.on.ep = NULL;
  /* Gone through at once: a message of no words of its own needs no line. */
  if (trace_explaining (tr) && (t->op.msg.explain == NULL || t->op.msg.explain[0] != '\0'))
    {
      g_autofree char *what = describe_send (t, ep);
      trace_explain_about (tr, kern_now (t->k), &t->op.msg.about, t->op.msg.about != 0,
                           "%s; %s receives it at once", what, r->name);
    }
  transfer (t, r);
  if (!t->op.is_call)
    {
      kern_wake (r, IPC_OK);
      kern_continue (t, IPC_OK);
      return;
    }
  if (t->op.is_fault)
    kern_block (t, TS_BLOCKED_FAULT, (KWait) { .kind = WAIT_FAULT_SERVED, .on.partner = r });
  else
    kern_block (t, TS_BLOCKED_REPLY, (KWait) { .kind = WAIT_REPLY, .on.partner = r });
  arm_phase_timeout (t);
  kern_wake (r, IPC_OK);
  sched_donate (t, r);
}

/* Nobody receives: the sender waits in the endpoint's queue, bounded by its
 * timeout; with a timeout of 0 the message is dropped at once. */
static void
send_wait (KThread *t, Endpoint *ep)
{
  Trace *tr = kern_trace (t->k);
  if (t->op.timeout == 0)
    {
      kern_counters_mut (t->k)->ipc_dropped++;
      if (trace_explaining (tr))
        explain_send_outcome (t, ep, "nobody receives and its timeout is 0: dropped");
      kern_continue (t, IPC_TIMEOUT);
      return;
    }
  explain_queued (t, ep);
  senders_insert (ep, t);
  if (t->op.is_fault)
    kern_block (t, TS_BLOCKED_FAULT, (KWait) { .kind = WAIT_FAULT, .on.ep = ep });
  else
    kern_block (t, TS_BLOCKED_SEND, (KWait) { .kind = WAIT_SEND, .on.ep = ep });
  arm_phase_timeout (t);
}

static void
send_effect (KThread *t, IpcStatus st)
{
  (void) st;
  Endpoint *ep = t->op.ep;
  Trace *tr = kern_trace (t->k);
  switch (ep_state (ep))
    {
    case EP_DEAD:
      if (trace_explaining (tr))
        explain_send_outcome (t, ep, "but its server is dead: aborted");
      kern_continue (t, IPC_ABORTED);
      return;
    case EP_RECV:
      send_to_receiver (t, ep);
      return;
    case EP_IDLE:
    case EP_SEND:
      send_wait (t, ep);
      return;
    }
  g_assert_not_reached ();
}

static void
send_common (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, bool call, bool fault,
             KStepFn next)
{
  g_return_if_fail (ep != NULL && m != NULL);
  const KernelCosts *c = &kern_config (t->k)->costs;
  t->op.msg = *m;
  t->op.is_call = call;
  if (call)
    t->call_gen++;
  t->op.is_fault = fault;
  t->op.timeout = timeout;
  t->op.ep = ep;
  kern_op (t, fault ? c->fault_entry : c->ipc, send_effect, next);
}

void
ipc_call (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, KStepFn next)
{
  send_common (t, ep, m, timeout, true, false, next);
}

void
ipc_fault (KThread *t, Endpoint *pager, const Msg *m, bool refault, KStepFn next)
{
  if (!refault)
    t->faults++;
  send_common (t, pager, m, KERN_NO_TIMEOUT, true, true, next);
}

void
ipc_send (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, KStepFn next)
{
  send_common (t, ep, m, timeout, false, false, next);
}

/* A sender waits: take its message.  A caller now waits for our reply;
 * a plain sender continues. */
static void
recv_from_sender (KThread *t, Endpoint *ep)
{
  Trace *tr = kern_trace (t->k);
  KThread *s = ep->senders.head;
  kern_queue_remove (&ep->senders, s);
  s->wait.on.ep = NULL;
  if (trace_explaining (tr) && s->op.msg.explain == NULL)
    trace_explain_about (tr, kern_now (t->k), &s->op.msg.about, s->op.msg.about != 0,
                         "%s receives on %s: takes the %s of %s from its queue",
                   t->name, ep->name,
                   s->op.is_fault ? "fault" : s->op.is_call ? "call" : "message", s->name);
  transfer (s, t);
  if (s->op.is_call)
    caller_accepted (s, t);
  else
    kern_wake (s, IPC_OK);
  kern_continue (t, IPC_OK);
}

/* Nobody sends: wait in the endpoint's queue, bounded by the timeout; a
 * timeout of 0 returns at once. */
static void
recv_wait (KThread *t, Endpoint *ep)
{
  if (t->op.timeout == 0)
    {
      kern_continue (t, IPC_TIMEOUT);
      return;
    }
  kern_queue_append (&ep->receivers, t);
  kern_block (t, TS_BLOCKED_RECV, (KWait) { .kind = WAIT_RECV, .on.ep = ep });
  if (t->op.deadline >= 0)
    kern_arm_timeout_at (t, t->op.deadline, ipc_timeout_fire);
  else
    arm_phase_timeout (t);
}

static void
recv_effect (KThread *t, IpcStatus st)
{
  (void) st;
  Endpoint *ep = t->op.ep;
  if (t->op.deadline >= 0 && kern_now (t->k) >= t->op.deadline)
    {
      kern_continue (t, IPC_TIMEOUT);
      return;
    }
  switch (ep_state (ep))
    {
    case EP_SEND:
      recv_from_sender (t, ep);
      return;
    case EP_DEAD:
    case EP_IDLE:
    case EP_RECV:
      recv_wait (t, ep);
      return;
    }
  g_assert_not_reached ();
}

void
ipc_recv (KThread *t, Endpoint *ep, int64_t timeout, KStepFn next)
{
  g_return_if_fail (ep != NULL);
  t->op.ep = ep;
  t->op.timeout = timeout;
  t->op.deadline = -1;
  kern_op (t, kern_config (t->k)->costs.ipc, recv_effect, next);
}

void
ipc_recv_until (KThread *t, Endpoint *ep, SimTime deadline, KStepFn next)
{
  g_return_if_fail (ep != NULL && deadline >= 0);
  t->op.ep = ep;
  t->op.timeout = KERN_NO_TIMEOUT;
  t->op.deadline = deadline;
  kern_op (t, kern_config (t->k)->costs.ipc, recv_effect, next);
}

/* Whether `c` waits for a reply now (not in the send phase, not dead). */
static bool
awaits_reply (const KThread *c)
{
  switch (c->state)
    {
    case TS_BLOCKED_REPLY:
      return c->wait.kind == WAIT_REPLY;
    case TS_BLOCKED_FAULT:
      return c->wait.kind == WAIT_FAULT_SERVED;
    case TS_READY:
    case TS_RUNNING:
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
    case TS_BLOCKED_SIGNAL:
    case TS_SLEEPING:
    case TS_BLOCKED_IO:
    case TS_DEAD:
      return false;
    case TS_COUNT:
      break;
    }
  g_assert_not_reached ();
}

/* The fault a reply of `t` to `c` is about: its own, or that of the call. */
static uint64_t
reply_about (const KThread *t, const KThread *c)
{
  return t->op.msg.about != 0 ? t->op.msg.about : c->op.msg.about;
}

/* The reply t->op.msg reaches `c`, which goes on. */
static void
explain_reply (const KThread *t, const KThread *c)
{
  const Msg *m = &t->op.msg;
  const char *words = m->explain;
  Trace *tr = kern_trace (t->k);
  SimTime now = kern_now (t->k);
  uint64_t about = reply_about (t, c);
  if (words != NULL)
    {
      if (words[0] != '\0')
        trace_explain_about (tr, now, &about, about != 0, "%s", words);
    }
  else if (m->op != NULL)
    trace_explain_about (tr, now, &about, about != 0, "%s replies to %s (%s); %s goes on",
                         t->name, c->name, m->op, c->name);
  else
    trace_explain_about (tr, now, &about, about != 0, "%s replies to %s; %s goes on", t->name,
                         c->name, c->name);
}

/* Hands t->op.msg to caller `c` if the right t answers with belongs to the
 * call `c` waits in.  `held`: the right is the one t holds (reply,
 * reply_recv), stamped with the call's generation; otherwise it was
 * detached (ipc_take_caller) into an address space, and answers from it. */
static void
deliver_reply (KThread *t, KThread *c, bool held)
{
  Kernel *k = t->k;
  Trace *tr = kern_trace (k);
  if (c == NULL)
    return;
  bool current = held ? t->reply_gen == c->call_gen
                      : c->detached_gen == c->call_gen && c->detached_space == t->space;
  if (!awaits_reply (c) || !current)
    {
      kern_counters_mut (k)->replies_lost++;
      if (trace_explaining (tr))
        {
          uint64_t about = reply_about (t, c);
          trace_explain_about (tr, kern_now (k), &about, about != 0,
                               "%s replies to %s, who no longer waits for it: the reply is lost",
                               t->name, c->name);
        }
      return;
    }
  c->msg = t->op.msg;
  c->msg.explain = NULL;
  c->msg.on_transfer = NULL;   /* for sends only */
  kern_counters_mut (k)->ipc++;
  if (tr)
    trace_flow (tr, t->track, kern_now (k), c->track, kern_now (k), "reply");
  if (trace_explaining (tr))
    explain_reply (t, c);
  kern_wake (c, IPC_OK);
}

static void
reply_effect (KThread *t, IpcStatus st)
{
  (void) st;
  deliver_reply (t, t->reply_to, true);
  reply_right_clear (t);
  kern_continue (t, IPC_OK);
}

void
ipc_reply (KThread *t, const Msg *m, KStepFn next)
{
  t->op.msg = *m;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_effect, next);
}

static void
reply_to_effect (KThread *t, IpcStatus st)
{
  (void) st;
  KThread *c = t->op.dest;
  t->op.dest = NULL;
  deliver_reply (t, c, false);
  kern_continue (t, IPC_OK);
}

void
ipc_reply_to (KThread *t, KThread *caller, const Msg *m, KStepFn next)
{
  t->op.msg = *m;
  t->op.dest = caller;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_to_effect, next);
}

static void
reply_recv_effect (KThread *t, IpcStatus st)
{
  deliver_reply (t, t->reply_to, true);
  reply_right_clear (t);
  recv_effect (t, st);
}

void
ipc_reply_recv (KThread *t, const Msg *m, Endpoint *ep, KStepFn next)
{
  g_return_if_fail (ep != NULL);
  t->op.msg = *m;
  t->op.ep = ep;
  t->op.timeout = KERN_NO_TIMEOUT;
  t->op.deadline = -1;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_recv_effect, next);
}

static void
reply_recv_to_effect (KThread *t, IpcStatus st)
{
  KThread *c = t->op.dest;
  t->op.dest = NULL;
  deliver_reply (t, c, false);
  reply_right_clear (t);
  recv_effect (t, st);
}

void
ipc_reply_recv_to (KThread *t, KThread *caller, const Msg *m, Endpoint *ep, KStepFn next)
{
  g_return_if_fail (ep != NULL);
  t->op.msg = *m;
  t->op.dest = caller;
  t->op.ep = ep;
  t->op.timeout = KERN_NO_TIMEOUT;
  t->op.deadline = -1;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_recv_to_effect, next);
}

KThread *
ipc_take_caller (KThread *t)
{
  KThread *c = t->reply_to;
  if (c != NULL)
    {
      /* The right leaves the kernel's hands: the caller keeps its stamp. */
      c->detached_gen = t->reply_gen;
      c->detached_space = t->space;
    }
  reply_right_clear (t);
  return c;
}

/* A dead server aborts the callers still queued on endpoints it alone
 * served; a caller it had accepted stays blocked (Fiasco). */
void
ipc_thread_died (Kernel *k, KThread *t)
{
  GPtrArray *eps = kern_endpoints (k);
  for (guint i = 0; i < eps->len; i++)
    {
      Endpoint *ep = eps->pdata[i];
      if (!g_ptr_array_find (ep->servers, t, NULL))
        continue;
      ep->alive--;
      if (ep_state (ep) != EP_DEAD)
        continue;
      while (ep->senders.head)
        {
          KThread *s = ep->senders.head;
          kern_queue_remove (&ep->senders, s);
          s->wait.on.ep = NULL;
          kern_wake (s, IPC_ABORTED);
        }
    }
}
