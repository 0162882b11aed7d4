/* What the kernel's own files (kernel.c, ipc.c, signal.c) share and the
 * rest of models/ does not need: blocking, waking and the operation
 * mechanism.  An operation is a non-preemptible burst of its kernel cost
 * followed by its effect, which runs while the thread is still on the CPU. */
#ifndef MKSIM_KERNEL_PRIV_H
#define MKSIM_KERNEL_PRIV_H

#include <glib.h>

#include "models/kernel.h"

/* A FIFO of threads linked through KThread.qprev/qnext, so that removing a
 * thread from the middle (a timeout, a death) is O(1): the ready queue of
 * one priority, an endpoint's senders or its receivers.  A thread is on one
 * queue at most. */
typedef struct {
  KThread *head, *tail;
} KThreadQueue;

static inline void
kern_queue_append (KThreadQueue *q, KThread *t)
{
  t->qnext = NULL;
  t->qprev = q->tail;
  if (q->tail)
    q->tail->qnext = t;
  else
    q->head = t;
  q->tail = t;
}

static inline void
kern_queue_prepend (KThreadQueue *q, KThread *t)
{
  t->qprev = NULL;
  t->qnext = q->head;
  if (q->head)
    q->head->qprev = t;
  else
    q->tail = t;
  q->head = t;
}

/* Puts `t` right before `at`, which is on `q`. */
static inline void
kern_queue_insert_before (KThreadQueue *q, KThread *at, KThread *t)
{
  t->qnext = at;
  t->qprev = at->qprev;
  if (at->qprev)
    at->qprev->qnext = t;
  else
    q->head = t;
  at->qprev = t;
}

static inline void
kern_queue_remove (KThreadQueue *q, KThread *t)
{
  if (t->qprev)
    t->qprev->qnext = t->qnext;
  else
    q->head = t->qnext;
  if (t->qnext)
    t->qnext->qprev = t->qprev;
  else
    q->tail = t->qprev;
  t->qprev = t->qnext = NULL;
}

/* Charges `cost` to the running thread `t`, then runs `effect` (an internal
 * KStepFn) while `t` still holds the CPU; `next` is remembered as the
 * continuation the effect will hand control back to. */
void kern_op (KThread *t, int64_t cost, KStepFn effect, KStepFn next);

/* The running thread stops on the CPU: it now waits (state, why). */
void kern_block (KThread *t, ThreadState state, WaitKind why);
/* A blocked thread becomes ready (tail of its queue, fresh slice); its
 * continuation t->step will run with `st`. */
void kern_wake (KThread *t, IpcStatus st);
/* Continue the running thread at once with its continuation t->step. */
void kern_continue (KThread *t, IpcStatus st);
/* A call transferred with `ipc_switch: direct`: `to` runs next on the
 * caller's remaining slice, whatever else is ready. */
void kern_donate (KThread *from, KThread *to);

/* Arms a timeout `ns` from now (kernel.timer_tick rounding) that calls
 * `fire` on `t`; cancels any earlier one. */
void kern_arm_timeout (KThread *t, int64_t ns, void (*fire) (void *t));
void kern_cancel_timeout (KThread *t);
/* The same at the absolute time `at`, not rounded to the timer tick. */
void kern_arm_timeout_at (KThread *t, SimTime at, void (*fire) (void *t));

KernelCounters *kern_counters_mut (Kernel *k);
void kern_trace_state (KThread *t, ThreadState state);

/* Endpoints and signal contexts are owned by the kernel. */
void kern_register_endpoint (Kernel *k, Endpoint *ep);
void kern_register_sigctx (Kernel *k, SigCtx *s);
GPtrArray *kern_endpoints (Kernel *k);
GPtrArray *kern_sigctxs (Kernel *k);
void ipc_endpoint_free (Endpoint *ep);
void ipc_thread_died (Kernel *k, KThread *t);
void ipc_unlink (KThread *t);
KThread *ipc_endpoint_sole_server (const Endpoint *ep);
/* Live servers of `ep` (up to max in out); -1 when it has none registered. */
int ipc_endpoint_live_servers (const Endpoint *ep, KThread **out, int max);
void sig_ctx_free (SigCtx *s);
void sig_unlink (KThread *t);

#endif
