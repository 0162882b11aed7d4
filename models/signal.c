/* Signal contexts: asynchronous notifications.  A submit never blocks the
 * submitter; submits that arrive before the handler picked up the last one
 * coalesce into a count, so a context costs constant memory whatever the
 * rate (one pending record), as Genode's signal contexts and seL4's
 * notifications do.  The submit costs the submitter kernel.costs.signal;
 * the handler pays costs.signal_delivery for its dispatch of each delivery
 * (Genode's framework: the handler thread, a mutex, a semaphore), which is
 * most of what a Genode signal takes. */
#include "models/kernel_priv.h"

#include <glib.h>

typedef enum {
  SIG_IDLE,      /* nothing pending, nobody waiting */
  SIG_WAITING,   /* a handler waits */
  SIG_ACTIVE,    /* submits pending, not yet delivered */
} SigState;

struct _SigCtx {
  Kernel *k;
  char *name;
  KThread *waiter;
  uint64_t pending;      /* submits since the last delivery */
  uint64_t submitted, delivered;
};

static SigState
sig_state (const SigCtx *s)
{
  if (s->waiter)
    return SIG_WAITING;
  return s->pending ? SIG_ACTIVE : SIG_IDLE;
}

SigCtx *
sig_ctx_new (Kernel *k, const char *name)
{
  SigCtx *s = g_new0 (SigCtx, 1);
  s->k = k;
  s->name = g_strdup (name);
  kern_register_sigctx (k, s);
  return s;
}

void
sig_ctx_free (SigCtx *s)
{
  g_free (s->name);
  g_free (s);
}

uint64_t
sig_pending (const SigCtx *s)
{
  return s->pending;
}

/* Hands `count` coalesced submits to the handler `to`. */
static void
deliver (SigCtx *s, KThread *to, uint64_t count)
{
  to->msg.label = 0;
  to->msg.w[0] = (int64_t) count;
  s->delivered++;
  kern_counters_mut (s->k)->signals_delivered++;
}

static void
submit_effect (KThread *t, IpcStatus st)
{
  (void) st;
  SigCtx *s = t->op.sig;
  t->op.sig = NULL;
  Kernel *k = s->k;
  Trace *tr = kern_trace (k);
  s->submitted++;
  kern_counters_mut (k)->signals_submitted++;
  switch (sig_state (s))
    {
    case SIG_WAITING:
      {
        KThread *h = s->waiter;
        s->waiter = NULL;
        deliver (s, h, 1);
        if (trace_explaining (tr))
          trace_explain (tr, kern_now (k), "%s submits signal %s; handler %s wakes",
                         t->name, s->name, h->name);
        if (tr)
          trace_flow (tr, t->track, kern_now (k), h->track, kern_now (k), "signal");
        kern_wake_charged (h, IPC_OK, kern_config (k)->costs.signal_delivery);
        break;
      }
    case SIG_IDLE:
    case SIG_ACTIVE:
      s->pending++;
      if (trace_explaining (tr))
        trace_explain (tr, kern_now (k), "%s submits signal %s and goes on; "
                       "%llu pending, coalesced into one delivery",
                       t->name, s->name, (unsigned long long) s->pending);
      break;
    }
  kern_continue (t, IPC_OK);
}

void
sig_submit (KThread *t, SigCtx *s, KStepFn next)
{
  g_return_if_fail (s != NULL);
  t->op.sig = s;
  kern_op (t, kern_config (t->k)->costs.signal, submit_effect, next);
}

static void
wait_effect (KThread *t, IpcStatus st)
{
  (void) st;
  SigCtx *s = t->op.sig;
  t->op.sig = NULL;
  switch (sig_state (s))
    {
    case SIG_ACTIVE:
      deliver (s, t, s->pending);
      s->pending = 0;
      kern_continue (t, IPC_OK);
      /* The handler dispatches what it got before its continuation runs. */
      t->np_left = kern_config (t->k)->costs.signal_delivery;
      return;
    case SIG_IDLE:
      s->waiter = t;
      kern_block (t, TS_BLOCKED_SIGNAL, (KWait) { .kind = WAIT_SIGNAL, .on.sig = s });
      return;
    case SIG_WAITING:
      /* One handler per context, as in Genode's signal receivers. */
      g_error ("signal context %s: %s waits while %s already does",
               s->name, t->name, s->waiter->name);
    }
  g_assert_not_reached ();
}

void
sig_wait (KThread *t, SigCtx *s, KStepFn next)
{
  g_return_if_fail (s != NULL);
  t->op.sig = s;
  kern_op (t, kern_config (t->k)->costs.ipc, wait_effect, next);
}

void
sig_unlink (KThread *t)
{
  if (t->wait.kind != WAIT_SIGNAL)
    return;
  SigCtx *s = t->wait.on.sig;
  if (s->waiter == t)
    s->waiter = NULL;
  t->wait.on.sig = NULL;
}

/* Submits merged into another's delivery (a context still pending at the
 * end holds one undelivered record). */
uint64_t
sig_coalesced (Kernel *k)
{
  GPtrArray *ctxs = kern_sigctxs (k);
  uint64_t n = 0;
  for (guint i = 0; i < ctxs->len; i++)
    {
      SigCtx *s = ctxs->pdata[i];
      n += s->submitted - s->delivered - (s->pending ? 1 : 0);
    }
  return n;
}
