/* The simulated CPU and scheduler: threads, ready queues, time slices,
 * preemption and the operation mechanism every IPC and signal operation
 * is built on.
 *
 * One CPU runs one thread at a time.  What a thread does is a burst: some
 * non-preemptible nanoseconds (kernel work: operation costs, the context
 * switch into it), then some preemptible ones (its own computing), then a
 * continuation.  A single engine event ends the running segment: at the end
 * of the burst, at the end of the slice, or when a deferred preemption may
 * happen.  Queueing follows DESIGN.md "Precise semantics": preempted threads
 * go to the head of their priority's queue and keep their slice, expired
 * ones to the tail with a fresh slice, woken ones to the tail with a fresh
 * slice. */
#include "models/kernel_priv.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

#define N_PRIO (KERN_MAX_PRIORITY + 1)
#define RQ_WORD_BITS 64          /* priorities per word of the ready bitmap */
/* Zero-length bursts run back to back without an engine event, up to this
 * many, so a program that loops without consuming time still reaches the
 * max_events guard instead of recursing without end. */
#define MAX_INLINE_STEPS 64

struct _Kernel {
  SimEngine *e;
  Trace *trace;
  KernelConfig kc;
  GPtrArray *threads;      /* KThread*, owned */
  GPtrArray *endpoints;    /* Endpoint*, owned */
  GPtrArray *sigctxs;      /* SigCtx*, owned */

  KThreadQueue rq[N_PRIO];  /* ready threads per priority */
  uint64_t rq_map[N_PRIO / RQ_WORD_BITS];   /* bit p: rq[p] is not empty */

  KThread *cur;            /* on the CPU, NULL when idle */
  KThread *last;           /* the last thread that ran: switching away costs */
  KThread *donee;          /* runs next, on a donated slice (ipc_switch direct) */
  int donee_prio;          /* ... at the donor's priority if that is higher */
  SimTime seg_start;       /* when the running segment of cur began */
  SimEventId cpu_ev;       /* ends the running segment; with cur NULL, a
                              dispatch already due at this instant */
  bool in_cpu;             /* inside cur's continuation, or killing: decisions wait */
  bool started;

  KernelCounters ctr;
  char *stopped;           /* kern_stop's reason, owned */
};

static void cpu_dispatch (Kernel *k);
static void cpu_after (Kernel *k);
static void cpu_event (void *data);
static void thread_end (KThread *t);

/* ---------------------------------------------------------------- queues */

static uint64_t
rq_bit (int prio)
{
  return UINT64_C (1) << (prio % RQ_WORD_BITS);
}

static void
rq_link (Kernel *k, KThread *t, bool at_head)
{
  int p = t->priority;
  t->qprio = p;
  if (at_head)
    kern_queue_prepend (&k->rq[p], t);
  else
    kern_queue_append (&k->rq[p], t);
  k->rq_map[p / RQ_WORD_BITS] |= rq_bit (p);
}

static void
rq_unlink (Kernel *k, KThread *t)
{
  int p = t->qprio;
  kern_queue_remove (&k->rq[p], t);
  if (k->rq[p].head == NULL)
    k->rq_map[p / RQ_WORD_BITS] &= ~rq_bit (p);
}

/* Highest priority with a ready thread, -1 when none. */
static int
rq_top_prio (const Kernel *k)
{
  for (int w = N_PRIO / RQ_WORD_BITS - 1; w >= 0; w--)
    if (k->rq_map[w])
      return w * RQ_WORD_BITS + RQ_WORD_BITS - 1 - __builtin_clzll (k->rq_map[w]);
  return -1;
}

/* ------------------------------------------------------------- threads */

void
kern_trace_state (KThread *t, ThreadState state)
{
  Kernel *k = t->k;
  SimTime now = sim_now (k->e);
  if (k->trace && now > t->state_since)
    trace_slice (k->trace, t->track, thread_state_names[t->state], t->state_since, now);
  t->state = state;
  t->state_since = now;
}

static void
cpu_account (Kernel *k)
{
  KThread *t = k->cur;
  SimTime now = sim_now (k->e);
  int64_t elapsed = now - k->seg_start;
  k->seg_start = now;
  if (t == NULL || elapsed <= 0)
    return;
  t->cpu_ns += elapsed;
  t->slice_left -= elapsed;
  int64_t np = MIN (elapsed, t->np_left);
  t->np_left -= np;
  if (t->p_left != KERN_FOREVER)
    t->p_left -= elapsed - np;
  g_assert (t->p_left >= 0);
}

static bool
higher_ready (const Kernel *k, const KThread *t)
{
  return rq_top_prio (k) > t->run_prio;
}

static SimTime
sat_add (SimTime a, int64_t b)
{
  return b >= INT64_MAX - a ? INT64_MAX : a + b;
}

static void
cpu_disarm (Kernel *k)
{
  if (k->cpu_ev)
    sim_cancel (k->e, k->cpu_ev);
  k->cpu_ev = 0;
}

/* Arms the event that ends cur's running segment: the end of its burst or
 * of its slice, or, with a higher thread ready, the end of its kernel work. */
static void
cpu_arm (Kernel *k)
{
  KThread *t = k->cur;
  SimTime now = sim_now (k->e);
  k->seg_start = now;
  SimTime np_end = now + t->np_left;
  SimTime when = t->p_left == KERN_FOREVER ? INT64_MAX : sat_add (np_end, t->p_left);
  SimTime slice_end = MAX (sat_add (now, t->slice_left), np_end);
  when = MIN (when, slice_end);
  if (higher_ready (k, t))
    when = MIN (when, np_end);
  cpu_disarm (k);
  if (when != INT64_MAX)
    k->cpu_ev = sim_schedule (k->e, when, cpu_event, k);
}

/* The running thread leaves the CPU to a higher one: it stays at the head
 * of its queue and keeps the rest of its slice. */
static void
cpu_preempt (Kernel *k)
{
  KThread *t = k->cur;
  kern_trace_state (t, TS_READY);
  rq_link (k, t, true);
  k->cur = NULL;
}

/* The running thread used up its slice: the tail, with a fresh one. */
static void
cpu_expire (Kernel *k)
{
  KThread *t = k->cur;
  t->slice_left = k->kc.time_slice;
  kern_trace_state (t, TS_READY);
  rq_link (k, t, false);
  k->cur = NULL;
}

/* Whether the running burst has no time left to spend. */
static bool
burst_spent (const KThread *t)
{
  return t->np_left == 0 && t->p_left == 0;
}

/* Runs the continuation of cur's spent burst, and the next one while each
 * issues a zero-length burst (up to MAX_INLINE_STEPS): until the thread
 * blocks, ends, has time to spend, used up its slice or must yield. */
static void
cpu_run_burst_end (Kernel *k)
{
  KThread *t = k->cur;
  for (int i = 0; i < MAX_INLINE_STEPS; i++)
    {
      KStepFn fn = t->burst_next;
      t->burst_next = NULL;
      k->in_cpu = true;
      fn (t, t->burst_status);
      k->in_cpu = false;
      if (k->cur != t || t->state != TS_RUNNING || t->burst_next == NULL || !burst_spent (t)
          || t->slice_left <= 0 || higher_ready (k, t))
        return;
    }
}

/* The running segment ended, or the CPU is free: decide what runs. */
static void
cpu_after (Kernel *k)
{
  k->cpu_ev = 0;
  cpu_account (k);
  KThread *t = k->cur;
  /* A burst that ends in the thread's own code (not in the effect of a
   * kernel operation, which completes atomically) is a preemption point: a
   * higher-priority thread that became ready meanwhile runs before the
   * thread issues its next operation. */
  if (t != NULL && burst_spent (t) && t->burst_next != NULL
      && !(t->burst_next == t->step && higher_ready (k, t)))
    {
      cpu_run_burst_end (k);
      t = k->cur;
    }
  if (t != NULL && t->state == TS_RUNNING)
    {
      if (t->burst_next == NULL)
        {
          /* The continuation issued nothing: the thread's work is done. */
          thread_end (t);
        }
      else if (t->np_left == 0 && t->slice_left <= 0)
        cpu_expire (k);
      else if (t->np_left == 0 && higher_ready (k, t))
        cpu_preempt (k);
      else
        {
          cpu_arm (k);
          return;
        }
    }
  if (k->cur == NULL)
    cpu_dispatch (k);
}

static void
cpu_event (void *data)
{
  cpu_after (data);
}

/* The thread to run next, taken off its queue: the donee of a direct
 * switch, else the head of the highest ready priority; NULL when none. */
static KThread *
cpu_pick (Kernel *k)
{
  KThread *t = k->donee;
  k->donee = NULL;
  if (t != NULL && t->state == TS_READY)
    {
      rq_unlink (k, t);
      t->run_prio = MAX (t->priority, k->donee_prio);
      return t;
    }
  int p = rq_top_prio (k);
  if (p < 0)
    return NULL;
  t = k->rq[p].head;
  rq_unlink (k, t);
  t->run_prio = t->priority;
  return t;
}

static void
cpu_dispatch (Kernel *k)
{
  KThread *t = cpu_pick (k);
  cpu_disarm (k);
  k->cur = t;
  k->seg_start = sim_now (k->e);
  if (t == NULL)
    return;
  kern_trace_state (t, TS_RUNNING);
  if (k->last != t)
    {
      k->ctr.context_switches++;
      t->np_left += k->kc.costs.context_switch;
    }
  k->last = t;
  cpu_arm (k);
}

static void
kern_start (void *data)
{
  Kernel *k = data;
  k->started = true;
  if (k->cur == NULL)
    cpu_dispatch (k);
}

static void
thread_free (KThread *t)
{
  g_free (t->words);
  g_free (t->name);
  g_free (t->process_name);
  g_free (t->thread_name);
  stats_free (t->latency);
  g_free (t);
}

Kernel *
kern_new (const ScenarioConfig *c, SimEngine *e, Trace *trace)
{
  Kernel *k = g_new0 (Kernel, 1);
  k->e = e;
  k->trace = trace;
  k->kc = c->kernel;
  k->threads = g_ptr_array_new_with_free_func ((GDestroyNotify) thread_free);
  k->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) ipc_endpoint_free);
  k->sigctxs = g_ptr_array_new_with_free_func ((GDestroyNotify) sig_ctx_free);
  sim_schedule (e, 0, kern_start, k);
  return k;
}

void
kern_free (Kernel *k)
{
  if (k == NULL)
    return;
  g_ptr_array_free (k->threads, TRUE);
  g_ptr_array_free (k->endpoints, TRUE);
  g_ptr_array_free (k->sigctxs, TRUE);
  g_free (k->stopped);
  g_free (k);
}

SimEngine *kern_engine (Kernel *k) { return k->e; }
SimTime kern_now (const Kernel *k) { return sim_now (k->e); }
Trace *kern_trace (Kernel *k) { return k->trace; }
const KernelConfig *kern_config (const Kernel *k) { return &k->kc; }
const KernelCounters *kern_counters (const Kernel *k) { return &k->ctr; }
KernelCounters *kern_counters_mut (Kernel *k) { return &k->ctr; }
KThread *kern_current (const Kernel *k) { return k->cur; }

KThread **
kern_threads (Kernel *k, size_t *n)
{
  *n = k->threads->len;
  return (KThread **) k->threads->pdata;
}

SimTime
kern_timeout_at (const Kernel *k, SimTime due)
{
  int64_t tick = k->kc.timer_tick;
  if (tick <= 0)
    return due;
  if (due > INT64_MAX - tick)
    return INT64_MAX;    /* never: past the end of time */
  return (due + tick - 1) / tick * tick;
}

void
kern_register_endpoint (Kernel *k, Endpoint *ep)
{
  g_ptr_array_add (k->endpoints, ep);
}

void
kern_register_sigctx (Kernel *k, SigCtx *s)
{
  g_ptr_array_add (k->sigctxs, s);
}

GPtrArray *
kern_endpoints (Kernel *k)
{
  return k->endpoints;
}

GPtrArray *
kern_sigctxs (Kernel *k)
{
  return k->sigctxs;
}

KThread *
kern_thread_new (Kernel *k, const char *process, const char *thread, int index,
                 int space, ThreadRole role, int priority, KStepFn start, void *ctx)
{
  g_return_val_if_fail (priority >= 0 && priority < N_PRIO, NULL);
  KThread *t = g_new0 (KThread, 1);
  t->k = k;
  t->id = (int) k->threads->len;
  t->name = g_strdup_printf ("%s.%s[%d]", process, thread, index);
  t->process_name = g_strdup (process);
  t->thread_name = g_strdup (thread);
  t->index = index;
  t->space = space;
  t->role = role;
  t->priority = priority;
  t->run_prio = priority;
  t->state = TS_READY;
  t->state_since = sim_now (k->e);
  t->op.timeout = KERN_NO_TIMEOUT;
  t->op.deadline = -1;
  t->step = start;
  t->burst_next = start;
  t->burst_status = IPC_OK;
  t->slice_left = k->kc.time_slice;
  t->latency = stats_new ();
  t->ctx = ctx;
  g_autofree char *stream = g_strdup_printf ("threads/%s", t->name);
  sim_rng (k->e, &t->rng, stream);
  t->track = k->trace ? trace_track (k->trace, process, t->name) : -1;
  g_ptr_array_add (k->threads, t);
  rq_link (k, t, false);
  /* Created by an engine event (a process exit's worker): a higher thread
   * than the one running preempts it through the segment's event, at this
   * same instant once its kernel work is done. */
  if (k->started && !k->in_cpu)
    {
      if (k->cur == NULL)
        {
          if (k->cpu_ev == 0)
            cpu_dispatch (k);
        }
      else if (priority > k->cur->run_prio)
        {
          cpu_account (k);
          cpu_arm (k);
        }
    }
  return t;
}

/* --------------------------------------------------------- transitions */

/* The running thread's next burst: `np` kernel ns, then `p` own ns, then `then`. */
static void
burst_set (KThread *t, int64_t np, int64_t p, KStepFn then, KStepFn next)
{
  g_assert (t == t->k->cur && t->state == TS_RUNNING);
  g_assert (t->burst_next == NULL);   /* one operation per continuation */
  g_assert (np >= 0 && p >= 0);
  t->step = next;
  t->np_left = np;
  t->p_left = p;
  t->burst_next = then;
  t->burst_status = IPC_OK;
}

void
kern_op (KThread *t, int64_t cost, KStepFn effect, KStepFn next)
{
  burst_set (t, cost, 0, effect, next);
}

void
kern_compute (KThread *t, int64_t ns, KStepFn next)
{
  burst_set (t, 0, ns, next, next);
}

void
kern_charge (KThread *t, int64_t ns, KStepFn next)
{
  burst_set (t, ns, 0, next, next);
}

void
kern_continue (KThread *t, IpcStatus st)
{
  g_assert (t == t->k->cur && t->state == TS_RUNNING);
  t->np_left = 0;
  t->p_left = 0;
  t->burst_next = t->step;
  t->burst_status = st;
}

void
kern_block (KThread *t, ThreadState state, KWait wait)
{
  Kernel *k = t->k;
  g_assert (t == k->cur && t->state == TS_RUNNING);
  t->burst_next = NULL;
  t->wait = wait;
  kern_trace_state (t, state);
  k->cur = NULL;
}

void
kern_wake (KThread *t, IpcStatus st)
{
  Kernel *k = t->k;
  g_assert (t->state != TS_READY && t->state != TS_RUNNING && t->state != TS_DEAD);
  kern_cancel_timeout (t);
  t->wait = (KWait) { .kind = WAIT_NONE };
  t->op.is_fault = false;
  t->np_left = 0;
  t->p_left = 0;
  t->burst_next = t->step;
  t->burst_status = st;
  t->slice_left = k->kc.time_slice;
  kern_trace_state (t, TS_READY);
  rq_link (k, t, false);
  if (!k->started || k->in_cpu)
    return;   /* cpu_after decides once the running continuation is done */
  if (k->cur == NULL)
    {
      if (k->cpu_ev == 0)
        cpu_dispatch (k);   /* else a dispatch is due at this instant anyway */
    }
  else if (t->priority > k->cur->run_prio)
    {
      cpu_account (k);
      if (k->cur->np_left == 0)
        {
          cpu_preempt (k);
          cpu_dispatch (k);
        }
      else
        cpu_arm (k);   /* preempt as soon as its kernel work is done */
    }
}

void
kern_donate (KThread *from, KThread *to)
{
  Kernel *k = from->k;
  if (k->kc.ipc_switch != IPC_SWITCH_DIRECT)
    return;
  to->slice_left = from->slice_left > 0 ? from->slice_left : k->kc.time_slice;
  k->donee = to;
  k->donee_prio = from->run_prio;
}

void
kern_arm_timeout (KThread *t, int64_t ns, void (*fire) (void *t))
{
  Kernel *k = t->k;
  kern_cancel_timeout (t);
  SimTime at = kern_timeout_at (k, sat_add (sim_now (k->e), ns));
  if (at != INT64_MAX)
    t->timeout_ev = sim_schedule (k->e, at, fire, t);
}

void
kern_arm_timeout_at (KThread *t, SimTime at, void (*fire) (void *t))
{
  kern_cancel_timeout (t);
  t->timeout_ev = sim_schedule (t->k->e, at, fire, t);
}

void
kern_cancel_timeout (KThread *t)
{
  if (t->timeout_ev)
    sim_cancel (t->k->e, t->timeout_ev);
  t->timeout_ev = 0;
}

/* Ends a thread wherever it is: on the CPU, ready, or blocked.  Decides
 * nothing about the CPU: callers it aborts are only queued, and the caller
 * of thread_end chooses what runs next (a dead thread must never be the
 * `cur` that a wake-up preempts and queues again). */
static void
thread_end (KThread *t)
{
  Kernel *k = t->k;
  switch (t->state)
    {
    case TS_DEAD:
      return;
    case TS_RUNNING:
      cpu_account (k);
      cpu_disarm (k);
      k->cur = NULL;
      break;
    case TS_READY:
      rq_unlink (k, t);
      break;
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
    case TS_BLOCKED_REPLY:
    case TS_BLOCKED_FAULT:
    case TS_SLEEPING:
      ipc_unlink (t);
      break;
    case TS_BLOCKED_SIGNAL:
      sig_unlink (t);
      break;
    case TS_COUNT:
      g_assert_not_reached ();
    }
  kern_cancel_timeout (t);
  t->burst_next = NULL;
  t->wait = (KWait) { .kind = WAIT_NONE };
  if (k->donee == t)
    k->donee = NULL;
  kern_trace_state (t, TS_DEAD);
  bool held = k->in_cpu;
  k->in_cpu = true;
  ipc_thread_died (k, t);
  k->in_cpu = held;
}

/* Threads often die together (a process exits, killing each of its
 * threads in turn): what runs next is decided once, by an event at this
 * same instant, so that no thread is switched to only to be killed, and
 * callers woken with an error meanwhile compete on equal terms. */
void
kern_kill (KThread *t)
{
  Kernel *k = t->k;
  thread_end (t);
  if (!k->started || k->in_cpu)
    return;   /* cpu_after (or kern_start) decides */
  if (k->cur == NULL)
    {
      if (k->cpu_ev == 0)
        k->cpu_ev = sim_schedule (k->e, sim_now (k->e), cpu_event, k);
    }
  else if (higher_ready (k, k->cur))
    {
      cpu_account (k);
      cpu_arm (k);     /* preempt once its kernel work is done */
    }
}

void
kern_exit (KThread *t)
{
  g_assert (t == t->k->cur);
  thread_end (t);
}

void
kern_hang (KThread *t)
{
  t->step = NULL;
  kern_block (t, TS_BLOCKED_RECV, (KWait) { .kind = WAIT_HANG });
}

static void
sleep_fire (void *data)
{
  KThread *t = data;
  t->timeout_ev = 0;
  kern_wake (t, IPC_TIMEOUT);
}

static void
sleep_effect (KThread *t, IpcStatus st)
{
  (void) st;
  Kernel *k = t->k;
  int64_t ns = t->op.timeout;
  t->sleep_deadline = sat_add (sim_now (k->e), ns);
  if (ns == 0)
    {
      kern_continue (t, IPC_TIMEOUT);
      return;
    }
  if (trace_explaining (k->trace))
    trace_explain (k->trace, sim_now (k->e),
                   "%s sleeps %.3f ms (a receive with a timeout and no sender)", t->name, ns / 1e6);
  kern_block (t, TS_SLEEPING, (KWait) { .kind = WAIT_SLEEP });
  kern_arm_timeout (t, ns, sleep_fire);
}

void
kern_sleep (KThread *t, int64_t ns, KStepFn next)
{
  g_assert (ns >= 0);
  t->op.timeout = ns;
  kern_op (t, t->k->kc.costs.ipc, sleep_effect, next);
}

void
kern_finish (Kernel *k)
{
  cpu_account (k);
  cpu_disarm (k);
  if (k->trace)
    for (guint i = 0; i < k->threads->len; i++)
      {
        KThread *t = k->threads->pdata[i];
        kern_trace_state (t, t->state);
      }
}

void
kern_stop (Kernel *k, const char *fmt, ...)
{
  if (k->stopped != NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  k->stopped = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  sim_stop (k->e);
}

const char *
kern_stopped (const Kernel *k)
{
  return k->stopped;
}

void
kern_set_waits_on (KThread *t, KThread *on, const char *why)
{
  t->wait.blame = on;
  t->wait.blame_why = why;
}

KThread *
kern_waits_for (KThread *t, const char **why)
{
  const char *dummy;
  if (why == NULL)
    why = &dummy;
  *why = NULL;
  const KWait *w = &t->wait;
  if (w->blame)
    {
      *why = w->blame_why ? w->blame_why : "waits for";
      return w->blame;
    }
  switch (w->kind)
    {
    case WAIT_REPLY:
      *why = "reply from";
      return w->on.partner;
    case WAIT_FAULT_SERVED:
      *why = "fault served by";
      return w->on.partner;
    case WAIT_FAULT:
      *why = "fault queued at";
      return w->on.ep ? ipc_endpoint_sole_server (w->on.ep) : NULL;
    case WAIT_SEND:
      *why = "send to";
      return w->on.ep ? ipc_endpoint_sole_server (w->on.ep) : NULL;
    case WAIT_NONE:
    case WAIT_RECV:
    case WAIT_SIGNAL:
    case WAIT_SLEEP:
    case WAIT_HANG:
      return NULL;
    }
  g_assert_not_reached ();
}

int
kern_wake_sources (KThread *t, KThread **out, int max, const char **why)
{
  *why = NULL;
  if (t->state == TS_READY || t->state == TS_RUNNING || t->state == TS_DEAD || t->timeout_ev)
    return -1;
  const KWait *w = &t->wait;
  if (w->blame)
    {
      *why = w->blame_why ? w->blame_why : "waits for";
      out[0] = w->blame;
      return 1;
    }
  switch (w->kind)
    {
    case WAIT_REPLY:
    case WAIT_FAULT_SERVED:
      if (w->on.partner == NULL)
        return -1;
      *why = w->kind == WAIT_REPLY ? "reply from" : "fault served by";
      out[0] = w->on.partner;
      return 1;
    case WAIT_FAULT:
      *why = "fault queued at";
      return w->on.ep ? ipc_endpoint_live_servers (w->on.ep, out, max) : -1;
    case WAIT_SEND:
      *why = "send to";
      return w->on.ep ? ipc_endpoint_live_servers (w->on.ep, out, max) : -1;
    case WAIT_HANG:
      *why = "hung";
      return 0;
    case WAIT_NONE:
    case WAIT_RECV:
    case WAIT_SIGNAL:
    case WAIT_SLEEP:
      return -1;
    }
  g_assert_not_reached ();
}

/* ------------------------------------------------------------ narration */

bool
kern_explaining (const Kernel *k)
{
  return trace_explaining (k->trace);
}

void
kern_explain (Kernel *k, const char *fmt, ...)
{
  if (!trace_explaining (k->trace))
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  trace_explain (k->trace, sim_now (k->e), "%s", line);
}

void
kern_msg_words (KThread *t, Msg *m, const char *fmt, ...)
{
  if (!trace_explaining (t->k->trace))
    return;
  va_list ap;
  va_start (ap, fmt);
  char *words = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* The thread sends nothing else while this message is in flight, so its
   * previous words are no longer looked at. */
  g_free (t->words);
  t->words = words;
  m->explain = words;
}

/* ---------------------------------------------------- thread accessors */

Kernel *kern_thread_kernel (const KThread *t) { return t->k; }
int kern_thread_id (const KThread *t) { return t->id; }
const char *kern_thread_name (const KThread *t) { return t->name; }
const char *kern_thread_process (const KThread *t) { return t->process_name; }
const char *kern_thread_entry (const KThread *t) { return t->thread_name; }
int kern_thread_index (const KThread *t) { return t->index; }
int kern_thread_space (const KThread *t) { return t->space; }
ThreadRole kern_thread_role (const KThread *t) { return t->role; }
int kern_thread_priority (const KThread *t) { return t->priority; }
ThreadState kern_thread_state (const KThread *t) { return t->state; }
void *kern_thread_ctx (const KThread *t) { return t->ctx; }
RngStream *kern_thread_rng (KThread *t) { return &t->rng; }
const Msg *kern_thread_msg (const KThread *t) { return &t->msg; }
int64_t kern_thread_cpu_ns (const KThread *t) { return t->cpu_ns; }
uint64_t kern_thread_faults (const KThread *t) { return t->faults; }
Stats *kern_thread_latency (KThread *t) { return t->latency; }
SimTime kern_thread_sleep_deadline (const KThread *t) { return t->sleep_deadline; }

bool
kern_thread_hung (const KThread *t)
{
  return t->state == TS_BLOCKED_RECV && t->wait.kind == WAIT_HANG;
}

bool
kern_thread_receiving (const KThread *t)
{
  return t->state == TS_BLOCKED_RECV && t->wait.kind == WAIT_RECV;
}
