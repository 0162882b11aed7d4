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
 * a reply token in the API; no model does that with a timeout.) */
#include "models/kernel_priv.h"

#include <glib.h>

typedef enum {
  EP_IDLE,
  EP_SEND,     /* senders wait in sq */
  EP_RECV,     /* receivers wait in rq */
  EP_DEAD,     /* every server died: callers are aborted */
} EpState;

struct _Endpoint {
  Kernel *k;
  char *name;
  KThread *sq_head, *sq_tail;
  KThread *rq_head, *rq_tail;
  GPtrArray *servers;      /* KThread*, not owned */
  int alive;               /* servers not dead */
};

static EpState
ep_state (const Endpoint *ep)
{
  if (ep->servers->len > 0 && ep->alive == 0)
    return EP_DEAD;
  if (ep->sq_head)
    return EP_SEND;
  if (ep->rq_head)
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

static void
q_append (KThread **head, KThread **tail, KThread *t)
{
  t->qnext = NULL;
  t->qprev = *tail;
  if (*tail)
    (*tail)->qnext = t;
  else
    *head = t;
  *tail = t;
}

static void
q_remove (KThread **head, KThread **tail, KThread *t)
{
  if (t->qprev)
    t->qprev->qnext = t->qnext;
  else
    *head = t->qnext;
  if (t->qnext)
    t->qnext->qprev = t->qprev;
  else
    *tail = t->qprev;
  t->qprev = t->qnext = NULL;
}

/* Fiasco orders senders by priority (FIFO among equals), seL4 by arrival. */
static void
sq_insert (Endpoint *ep, KThread *t)
{
  if (kern_config (ep->k)->send_queue == SEND_QUEUE_FIFO || ep->sq_tail == NULL
      || ep->sq_tail->priority >= t->priority)
    {
      q_append (&ep->sq_head, &ep->sq_tail, t);
      return;
    }
  KThread *at = ep->sq_head;
  while (at && at->priority >= t->priority)
    at = at->qnext;
  /* insert before `at` (not NULL: the tail has lower priority) */
  t->qnext = at;
  t->qprev = at->qprev;
  if (at->qprev)
    at->qprev->qnext = t;
  else
    ep->sq_head = t;
  at->qprev = t;
}

static bool
queued_as_sender (const KThread *t)
{
  return t->wait == WAIT_SEND || (t->wait == WAIT_FAULT && t->partner == NULL);
}

void
ipc_unlink (KThread *t)
{
  Endpoint *ep = t->wait_ep;
  if (ep == NULL)
    return;
  if (t->wait == WAIT_RECV)
    q_remove (&ep->rq_head, &ep->rq_tail, t);
  else if (queued_as_sender (t))
    q_remove (&ep->sq_head, &ep->sq_tail, t);
  t->wait_ep = NULL;
}

/* ------------------------------------------------------------ timeouts */

static void
ipc_timeout_fire (void *data)
{
  KThread *t = data;
  KernelCounters *ctr = kern_counters_mut (t->k);
  Trace *tr = kern_trace (t->k);
  t->timeout_ev = 0;
  switch (t->wait)
    {
    case WAIT_SEND:
      ctr->ipc_dropped++;
      if (trace_explaining (tr))
        trace_explain (tr, kern_now (t->k), "%s: send to %s timed out before anyone received; the message is dropped",
                       t->name, ipc_endpoint_name (t->wait_ep));
      ipc_unlink (t);
      kern_wake (t, IPC_TIMEOUT);
      return;
    case WAIT_RECV:
      ipc_unlink (t);
      kern_wake (t, IPC_TIMEOUT);
      return;
    case WAIT_REPLY:
      if (trace_explaining (tr))
        trace_explain (tr, kern_now (t->k), "%s stops waiting for the reply of %s (timeout); a later reply is lost",
                       t->name, t->partner ? t->partner->name : "?");
      kern_wake (t, IPC_TIMEOUT);
      return;
    case WAIT_FAULT:
    case WAIT_NONE:
    case WAIT_SIGNAL:
    case WAIT_SLEEP:
    case WAIT_HANG:
      break;
    }
  g_assert_not_reached ();
}

static void
arm_phase_timeout (KThread *t)
{
  if (t->reply_timeout > 0)
    kern_arm_timeout (t, t->reply_timeout, ipc_timeout_fire);
}

/* The caller `s` was received: it now waits for the reply of `r`. */
static void
caller_accepted (KThread *s, KThread *r)
{
  kern_cancel_timeout (s);
  s->partner = r;
  s->wait_ep = NULL;
  if (s->is_fault)
    s->wait = WAIT_FAULT;
  else
    {
      s->wait = WAIT_REPLY;
      if (s->state != TS_BLOCKED_REPLY)
        kern_trace_state (s, TS_BLOCKED_REPLY);
    }
}

/* ---------------------------------------------------------- operations */

static void
send_effect (KThread *t, IpcStatus st)
{
  (void) st;
  Kernel *k = t->k;
  Endpoint *ep = t->wait_ep;
  KernelCounters *ctr = kern_counters_mut (k);
  Trace *tr = kern_trace (k);

  switch (ep_state (ep))
    {
    case EP_DEAD:
      t->wait_ep = NULL;
      if (trace_explaining (tr))
        trace_explain (tr, kern_now (k), "%s sends to %s, but its server is dead: aborted", t->name, ep->name);
      kern_continue (t, IPC_ABORTED);
      return;

    case EP_RECV:
      {
        KThread *r = ep->rq_head;
        q_remove (&ep->rq_head, &ep->rq_tail, r);
        r->wait_ep = NULL;
        r->msg = t->out;
        ctr->ipc++;
        if (trace_explaining (tr))
          trace_explain (tr, kern_now (k), "%s %s %s%s%s%s; %s was waiting and receives at once", t->name,
                         t->is_fault ? "faults to" : t->out_is_call ? "calls" : "sends to", ep->name,
                         t->out.op ? " (" : "", t->out.op ? t->out.op : "", t->out.op ? ")" : "", r->name);
        if (tr)
          trace_flow (tr, t->track, kern_now (k), r->track, kern_now (k), t->is_fault ? "fault" : "ipc");
        if (t->out_is_call)
          {
            r->reply_to = t;
            r->reply_gen = t->call_gen;
            r->reply_gen_of = t;
            t->wait_ep = NULL;
            kern_block (t, t->is_fault ? TS_BLOCKED_FAULT : TS_BLOCKED_REPLY,
                        t->is_fault ? WAIT_FAULT : WAIT_REPLY);
            t->partner = r;
            arm_phase_timeout (t);
            kern_wake (r, IPC_OK);
            kern_donate (t, r);
          }
        else
          {
            r->reply_to = NULL;
            r->reply_gen_of = NULL;
            t->wait_ep = NULL;
            kern_wake (r, IPC_OK);
            kern_continue (t, IPC_OK);
          }
        return;
      }

    case EP_IDLE:
    case EP_SEND:
      if (t->reply_timeout == 0)
        {
          /* A non-blocking send finds nobody waiting. */
          ctr->ipc_dropped++;
          t->wait_ep = NULL;
          if (trace_explaining (tr))
            trace_explain (tr, kern_now (k), "%s sends to %s with timeout 0 and nobody waits: dropped", t->name, ep->name);
          kern_continue (t, IPC_TIMEOUT);
          return;
        }
      if (trace_explaining (tr))
        {
          KThread *srv = ipc_endpoint_sole_server (ep);
          bool hung = srv != NULL && srv->wait == WAIT_HANG;
          trace_explain (tr, kern_now (k), "%s %s %s%s%s%s; %s %s, %s waits in %s's queue", t->name,
                         t->is_fault ? "faults to" : t->out_is_call ? "calls" : "sends to", ep->name,
                         t->out.op ? " (" : "", t->out.op ? t->out.op : "", t->out.op ? ")" : "",
                         srv ? srv->name : ep->name, hung ? "never receives again (hung)" : "is busy",
                         t->name, ep->name);
        }
      sq_insert (ep, t);
      kern_block (t, t->is_fault ? TS_BLOCKED_FAULT : TS_BLOCKED_SEND,
                  t->is_fault ? WAIT_FAULT : WAIT_SEND);
      t->wait_ep = ep;
      t->partner = NULL;
      arm_phase_timeout (t);
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
  t->out = *m;
  t->out_is_call = call;
  if (call)
    t->call_gen++;
  t->is_fault = fault;
  t->reply_timeout = timeout;
  t->wait_ep = ep;
  kern_op (t, fault ? c->fault_entry : c->ipc, send_effect, next);
}

void
ipc_call (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, KStepFn next)
{
  send_common (t, ep, m, timeout, true, false, next);
}

void
ipc_fault (KThread *t, Endpoint *pager, const Msg *m, KStepFn next)
{
  t->faults++;
  send_common (t, pager, m, KERN_NO_TIMEOUT, true, true, next);
}

void
ipc_send (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, KStepFn next)
{
  send_common (t, ep, m, timeout, false, false, next);
}

static void
recv_effect (KThread *t, IpcStatus st)
{
  (void) st;
  Kernel *k = t->k;
  Endpoint *ep = t->wait_ep;
  KernelCounters *ctr = kern_counters_mut (k);
  Trace *tr = kern_trace (k);

  switch (ep_state (ep))
    {
    case EP_SEND:
      {
        KThread *s = ep->sq_head;
        q_remove (&ep->sq_head, &ep->sq_tail, s);
        t->wait_ep = NULL;
        t->msg = s->out;
        ctr->ipc++;
        if (trace_explaining (tr))
          trace_explain (tr, kern_now (k), "%s receives on %s: takes the %s of %s from its queue", t->name,
                         ep->name, s->is_fault ? "fault" : "message", s->name);
        if (tr)
          trace_flow (tr, s->track, kern_now (k), t->track, kern_now (k), s->is_fault ? "fault" : "ipc");
        if (s->out_is_call)
          {
            t->reply_to = s;
            t->reply_gen = s->call_gen;
            t->reply_gen_of = s;
            caller_accepted (s, t);
            arm_phase_timeout (s);
          }
        else
          {
            t->reply_to = NULL;
            t->reply_gen_of = NULL;
            s->wait_ep = NULL;
            kern_wake (s, IPC_OK);
          }
        kern_continue (t, IPC_OK);
        return;
      }

    case EP_DEAD:
    case EP_IDLE:
    case EP_RECV:
      if (t->reply_timeout == 0)
        {
          t->wait_ep = NULL;
          kern_continue (t, IPC_TIMEOUT);
          return;
        }
      q_append (&ep->rq_head, &ep->rq_tail, t);
      kern_block (t, TS_BLOCKED_RECV, WAIT_RECV);
      t->wait_ep = ep;
      arm_phase_timeout (t);
      return;
    }
  g_assert_not_reached ();
}

void
ipc_recv (KThread *t, Endpoint *ep, int64_t timeout, KStepFn next)
{
  g_return_if_fail (ep != NULL);
  t->wait_ep = ep;
  t->reply_timeout = timeout;
  kern_op (t, kern_config (t->k)->costs.ipc, recv_effect, next);
}

/* Whether `c` waits for a reply now (not in the send phase, not dead). */
static bool
awaits_reply (const KThread *c)
{
  switch (c->state)
    {
    case TS_BLOCKED_REPLY:
      return c->wait == WAIT_REPLY;
    case TS_BLOCKED_FAULT:
      return c->wait == WAIT_FAULT && c->partner != NULL;
    case TS_READY:
    case TS_RUNNING:
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
    case TS_BLOCKED_SIGNAL:
    case TS_SLEEPING:
    case TS_DEAD:
      return false;
    case TS_COUNT:
      break;
    }
  g_assert_not_reached ();
}

/* Hands t->out to caller `c` if the right t answers with belongs to the
 * call `c` waits in.  `held`: the right is t->reply_to (reply, reply_recv);
 * its generation is known unless a model put the pointer there. */
static void
deliver_reply (KThread *t, KThread *c, bool held)
{
  Kernel *k = t->k;
  if (c == NULL)
    return;
  bool known = held && t->reply_gen_of == c;
  bool current = known ? t->reply_gen == c->call_gen
                       : c->detached_gen == c->call_gen && c->detached_space == t->space;
  if (!awaits_reply (c) || !current)
    {
      kern_counters_mut (k)->replies_lost++;
      if (trace_explaining (kern_trace (k)))
        trace_explain (kern_trace (k), kern_now (k), "%s replies to %s, who no longer waits for it: the reply is lost",
                       t->name, c->name);
      return;
    }
  c->msg = t->out;
  kern_counters_mut (k)->ipc++;
  if (kern_trace (k))
    trace_flow (kern_trace (k), t->track, kern_now (k), c->track, kern_now (k), "reply");
  kern_wake (c, IPC_OK);
}

static void
reply_effect (KThread *t, IpcStatus st)
{
  (void) st;
  KThread *c = t->reply_to;
  deliver_reply (t, c, true);
  t->reply_to = NULL;
  t->reply_gen_of = NULL;
  kern_continue (t, IPC_OK);
}

void
ipc_reply (KThread *t, const Msg *m, KStepFn next)
{
  t->out = *m;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_effect, next);
}

static void
reply_to_effect (KThread *t, IpcStatus st)
{
  (void) st;
  KThread *c = t->reply_dest;
  t->reply_dest = NULL;
  deliver_reply (t, c, false);
  kern_continue (t, IPC_OK);
}

void
ipc_reply_to (KThread *t, KThread *caller, const Msg *m, KStepFn next)
{
  t->out = *m;
  t->reply_dest = caller;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_to_effect, next);
}

static void
reply_recv_effect (KThread *t, IpcStatus st)
{
  KThread *c = t->reply_to;
  deliver_reply (t, c, true);
  t->reply_to = NULL;
  t->reply_gen_of = NULL;
  recv_effect (t, st);
}

void
ipc_reply_recv (KThread *t, const Msg *m, Endpoint *ep, KStepFn next)
{
  g_return_if_fail (ep != NULL);
  t->out = *m;
  t->wait_ep = ep;
  t->reply_timeout = KERN_NO_TIMEOUT;
  kern_op (t, kern_config (t->k)->costs.ipc, reply_recv_effect, next);
}

KThread *
ipc_take_caller (KThread *t)
{
  KThread *c = t->reply_to;
  if (c != NULL && t->reply_gen_of == c)
    {
      /* The right leaves the kernel's hands: the caller keeps its stamp. */
      c->detached_gen = t->reply_gen;
      c->detached_space = t->space;
    }
  t->reply_to = NULL;
  t->reply_gen_of = NULL;
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
      bool serves = false;
      for (guint j = 0; j < ep->servers->len; j++)
        serves = serves || ep->servers->pdata[j] == t;
      if (!serves)
        continue;
      ep->alive--;
      if (ep_state (ep) != EP_DEAD)
        continue;
      while (ep->sq_head)
        {
          KThread *s = ep->sq_head;
          q_remove (&ep->sq_head, &ep->sq_tail, s);
          s->wait_ep = NULL;
          kern_wake (s, IPC_ABORTED);
        }
    }
}
