/* The simulated CPU and its scheduler: ready queues, time slices,
 * preemption, and where a woken thread goes — by Fiasco's rules or by
 * seL4's (kernel.scheduler).
 *
 * One CPU runs one thread at a time.  What a thread does is a burst: some
 * non-preemptible nanoseconds (kernel work: operation costs, the context
 * switch into it), then some preemptible ones (its own computing), then a
 * continuation.  A single engine event ends the running segment: at the end
 * of the burst, at the end of the slice, or when a deferred decision may be
 * taken (the running thread's kernel work is done).
 *
 * Fiasco (DESIGN.md "Precise semantics"): preempted threads go to the head
 * of their priority's queue and keep their slice, expired ones to the tail
 * with a fresh slice, woken ones to the tail with a fresh slice; a woken
 * thread of higher priority preempts at once.
 *
 * seL4 (non-MCS, src/kernel/thread.c and src/object/tcb.c): a wake-up calls
 * possibleSwitchTo(), which makes the woken thread the candidate
 * (ksSchedulerAction) unless one is chosen already — then both go to the
 * HEAD of their queues (rescheduleRequired, SCHED_ENQUEUE = tcbSchedEnqueue).
 * At the end of the kernel entry schedule() decides: a running thread is
 * enqueued at the head (SCHED_ENQUEUE_CURRENT_TCB); a candidate of lower
 * priority than the entry's thread that is not of the highest ready priority
 * goes to the head of its queue and the highest runs (chooseThread); one of
 * the running thread's priority goes to the TAIL (SCHED_APPEND =
 * tcbSchedAppend) and the running thread goes on; otherwise the kernel
 * switches to the candidate directly (switchToThread).  Time slices are
 * per thread and kept across blocking (tcbTimeSlice is reset only when it
 * runs out, in timerTick, which appends the thread to the tail). */
#include "models/kernel_priv.h"

/* Zero-length bursts run back to back without an engine event, up to this
 * many, so a program that loops without consuming time still reaches the
 * max_events guard instead of recursing without end. */
#define MAX_INLINE_STEPS 64

static void cpu_dispatch (Kernel *k);
static void cpu_event (void *data);

static bool
sel4 (const Kernel *k)
{
  return k->kc.scheduler == SCHEDULER_SEL4;
}

/* ---------------------------------------------------------------- queues */

static uint64_t
rq_bit (int prio)
{
  return UINT64_C (1) << (prio % RQ_WORD_BITS);
}

void
sched_link (Kernel *k, KThread *t, bool at_head)
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

/* The head of the highest ready priority, taken off its queue; NULL: none. */
static KThread *
rq_take_highest (Kernel *k)
{
  int p = rq_top_prio (k);
  if (p < 0)
    return NULL;
  KThread *t = k->rq[p].head;
  rq_unlink (k, t);
  return t;
}

/* ------------------------------------------------------------- the CPU */

void
sched_account (Kernel *k)
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

/* Whether the running thread `t` must give way at its next preemption
 * point: a higher thread is ready (Fiasco), or a wake-up left schedule() a
 * decision (seL4). */
static bool
decision_due (const Kernel *k, const KThread *t)
{
  return sel4 (k) ? k->action != SCHED_RESUME : higher_ready (k, t);
}

static void
cpu_disarm (Kernel *k)
{
  if (k->cpu_ev)
    sim_cancel (k->e, k->cpu_ev);
  k->cpu_ev = 0;
}

/* Arms the event that ends cur's running segment: the end of its burst or
 * of its slice, or, with a decision due, the end of its kernel work. */
static void
cpu_arm (Kernel *k)
{
  KThread *t = k->cur;
  SimTime now = sim_now (k->e);
  k->seg_start = now;
  SimTime np_end = now + t->np_left;
  SimTime when = t->p_left == KERN_FOREVER ? INT64_MAX : kern_sat_add (np_end, t->p_left);
  SimTime slice_end = MAX (kern_sat_add (now, t->slice_left), np_end);
  when = MIN (when, slice_end);
  if (decision_due (k, t))
    when = MIN (when, np_end);
  cpu_disarm (k);
  if (when != INT64_MAX)
    k->cpu_ev = sim_schedule (k->e, when, cpu_event, k);
}

/* The running thread leaves the CPU to another: it stays at the head of its
 * queue and keeps the rest of its slice. */
static void
cpu_preempt (Kernel *k)
{
  KThread *t = k->cur;
  kern_trace_state (t, TS_READY);
  sched_link (k, t, true);
  k->cur = NULL;
}

/* Whether the running burst has no time left to spend. */
static bool
burst_spent (const KThread *t)
{
  return t->np_left == 0 && t->p_left == 0;
}

/* `t` (or nothing, when NULL) runs now. */
static void
cpu_run (Kernel *k, KThread *t)
{
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

/* ------------------------------------------------------- seL4's rules */

/* possibleSwitchTo(): the woken thread is the candidate, unless a candidate
 * is chosen already ("too many threads want special treatment"): then
 * rescheduleRequired() puts that one at the head of its queue, and the
 * woken one goes to the head of its own. */
static void
sel4_possible_switch (Kernel *k, KThread *t)
{
  switch (k->action)
    {
    case SCHED_RESUME:
      k->action = SCHED_SWITCH_TO;
      k->candidate = t;
      return;
    case SCHED_SWITCH_TO:
      sched_link (k, k->candidate, true);
      k->candidate = NULL;
      k->action = SCHED_CHOOSE_NEW;
      sched_link (k, t, true);
      return;
    case SCHED_CHOOSE_NEW:
      sched_link (k, t, true);
      return;
    }
  g_assert_not_reached ();
}

/* schedule() at the end of a kernel entry of `me` (ksCurThread: the thread
 * that entered the kernel, running or blocked by now; NULL: the CPU was
 * idle).  The running thread, if any, has no kernel work left. */
static void
sel4_schedule (Kernel *k, const KThread *me)
{
  KThread *cur = k->cur;
  g_assert (cur == NULL || cur->np_left == 0);
  KThread *next = NULL;
  switch (k->action)
    {
    case SCHED_RESUME:
      if (cur != NULL)
        return;
      /* The entry's thread blocked (setThreadState -> rescheduleRequired). */
      next = rq_take_highest (k);
      break;
    case SCHED_CHOOSE_NEW:
      if (cur != NULL)
        sched_link (k, cur, true);
      next = rq_take_highest (k);
      break;
    case SCHED_SWITCH_TO:
      {
        KThread *c = k->candidate;
        if (cur != NULL)
          sched_link (k, cur, true);
        bool fastfail = me == NULL || c->priority < me->priority;
        if (fastfail && c->priority < rq_top_prio (k))
          {
            sched_link (k, c, true);
            next = rq_take_highest (k);
          }
        else if (cur != NULL && c->priority == cur->priority)
          {
            sched_link (k, c, false);
            next = rq_take_highest (k);
          }
        else
          next = c;
        break;
      }
    }
  k->action = SCHED_RESUME;
  k->candidate = NULL;
  if (next == cur)
    return;   /* it goes on: taken back off the head of its queue */
  if (cur != NULL)
    kern_trace_state (cur, TS_READY);   /* preempted: at the head, with its slice */
  if (next != NULL)
    next->run_prio = next->priority;
  cpu_run (k, next);
}

/* A decision left by a wake-up or a death outside any thread's kernel
 * entry (an engine event: a timeout, an exit): taken now if the running
 * thread has no kernel work left, else as soon as it has none. */
static void
sel4_interrupt (Kernel *k)
{
  if (k->cur == NULL)
    {
      if (k->cpu_ev == 0)
        sel4_schedule (k, NULL);   /* else a dispatch is due at this instant anyway */
      return;
    }
  sched_account (k);
  if (k->cur->np_left == 0)
    sel4_schedule (k, k->cur);
  else
    cpu_arm (k);
}

/* ------------------------------------------------------ the run loop */

/* Runs the continuation of cur's spent burst, and the next one while each
 * issues a zero-length burst (up to MAX_INLINE_STEPS): until the thread
 * blocks, ends, has time to spend, used up its slice or must yield.  Under
 * seL4 a decision a kernel operation's effect left is taken right after it,
 * at the end of that kernel entry. */
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
      if (sel4 (k) && k->cur == t && k->action != SCHED_RESUME && t->np_left == 0)
        sel4_schedule (k, t);
      if (k->cur != t || t->state != TS_RUNNING || t->burst_next == NULL || !burst_spent (t)
          || t->slice_left <= 0 || decision_due (k, t))
        return;
    }
}

/* The running thread used up its slice: the tail, with a fresh one.  Under
 * seL4 (timerTick) a candidate chosen meanwhile goes to the head of its
 * queue (rescheduleRequired). */
static void
cpu_expire (Kernel *k)
{
  KThread *t = k->cur;
  t->slice_left = k->kc.time_slice;
  kern_trace_state (t, TS_READY);
  sched_link (k, t, false);
  k->cur = NULL;
  if (sel4 (k) && k->action == SCHED_SWITCH_TO)
    sched_link (k, k->candidate, true);
  k->action = SCHED_RESUME;
  k->candidate = NULL;
}

/* The running segment ended, or the CPU is free: decide what runs. */
static void
cpu_after (Kernel *k)
{
  k->cpu_ev = 0;
  sched_account (k);
  KThread *t = k->cur;
  KThread *me = t;
  /* seL4: an interrupt's decision, due once the kernel work was done. */
  if (sel4 (k) && t != NULL && t->np_left == 0 && k->action != SCHED_RESUME)
    {
      sel4_schedule (k, t);
      t = k->cur;
    }
  /* A burst that ends in the thread's own code (not in the effect of a
   * kernel operation, which completes atomically) is a preemption point: a
   * higher-priority thread that became ready meanwhile runs before the
   * thread issues its next operation. */
  if (t != NULL && burst_spent (t) && t->burst_next != NULL
      && !(t->burst_next == t->step && decision_due (k, t)))
    {
      cpu_run_burst_end (k);
      t = k->cur;
    }
  if (t != NULL && t->state == TS_RUNNING)
    {
      if (t->burst_next == NULL)
        {
          /* The continuation issued nothing: the thread's work is done. */
          kern_thread_end (t);
        }
      else if (t->np_left == 0 && t->slice_left <= 0)
        cpu_expire (k);
      else if (t->np_left == 0 && decision_due (k, t))
        {
          if (sel4 (k))
            {
              sel4_schedule (k, t);
              if (k->cur == t)
                cpu_arm (k);
              return;
            }
          cpu_preempt (k);
        }
      else
        {
          cpu_arm (k);
          return;
        }
    }
  if (k->cur != NULL)
    return;
  if (sel4 (k))
    sel4_schedule (k, me);
  else
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
  t = rq_take_highest (k);
  if (t != NULL)
    t->run_prio = t->priority;
  return t;
}

static void
cpu_dispatch (Kernel *k)
{
  cpu_run (k, cpu_pick (k));
}

/* ------------------------------------------- what the kernel tells us */

void
sched_start (void *data)
{
  Kernel *k = data;
  k->started = true;
  if (k->cur == NULL)
    cpu_dispatch (k);
}

/* A new thread is ready.  Before the run starts every thread is queued in
 * creation order.  Created by an engine event (a process exit's worker): a
 * higher thread than the one running preempts it through the segment's
 * event, at this same instant once its kernel work is done (Fiasco); under
 * seL4 it is woken like any other (restart -> possibleSwitchTo). */
void
sched_new_thread (Kernel *k, KThread *t)
{
  if (!k->started || !sel4 (k))
    sched_link (k, t, false);
  if (!k->started || k->in_cpu)
    {
      if (sel4 (k) && k->started)
        sel4_possible_switch (k, t);
      return;
    }
  if (sel4 (k))
    {
      sel4_possible_switch (k, t);
      sel4_interrupt (k);
      return;
    }
  if (k->cur == NULL)
    {
      if (k->cpu_ev == 0)
        cpu_dispatch (k);
    }
  else if (t->priority > k->cur->run_prio)
    {
      sched_account (k);
      cpu_arm (k);
    }
}

/* A blocked thread is ready: Fiasco queues it at the tail with a fresh
 * slice and lets it preempt a lower one at once; seL4 makes it a candidate
 * (possibleSwitchTo) and leaves the rest to schedule(). */
void
sched_wake (Kernel *k, KThread *t)
{
  if (sel4 (k))
    {
      kern_trace_state (t, TS_READY);
      sel4_possible_switch (k, t);
      if (!k->started || k->in_cpu)
        return;   /* decided at the end of the running thread's kernel entry */
      sel4_interrupt (k);
      return;
    }
  t->slice_left = k->kc.time_slice;
  kern_trace_state (t, TS_READY);
  sched_link (k, t, false);
  if (!k->started || k->in_cpu)
    return;   /* cpu_after decides once the running continuation is done */
  if (k->cur == NULL)
    {
      if (k->cpu_ev == 0)
        cpu_dispatch (k);   /* else a dispatch is due at this instant anyway */
    }
  else if (t->priority > k->cur->run_prio)
    {
      sched_account (k);
      if (k->cur->np_left == 0)
        {
          cpu_preempt (k);
          cpu_dispatch (k);
        }
      else
        cpu_arm (k);   /* preempt as soon as its kernel work is done */
    }
}

/* `t`, running or ready, leaves the CPU and the queues for good. */
void
sched_remove (Kernel *k, KThread *t)
{
  switch (t->state)
    {
    case TS_RUNNING:
      sched_account (k);
      cpu_disarm (k);
      k->cur = NULL;
      break;
    case TS_READY:
      if (k->candidate == t)
        {
          /* The chosen one died before schedule(): choose anew. */
          k->candidate = NULL;
          k->action = SCHED_CHOOSE_NEW;
        }
      else
        rq_unlink (k, t);
      break;
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
    case TS_BLOCKED_REPLY:
    case TS_BLOCKED_SIGNAL:
    case TS_BLOCKED_FAULT:
    case TS_SLEEPING:
    case TS_BLOCKED_IO:
    case TS_DEAD:
      break;   /* in no ready queue: the kernel unlinks what it waits on */
    case TS_COUNT:
      g_assert_not_reached ();
    }
  if (k->donee == t)
    k->donee = NULL;
}

/* A thread was killed by an engine event: what runs next is decided once,
 * by an event at this same instant (kern_kill). */
void
sched_after_kill (Kernel *k)
{
  if (k->cur == NULL)
    {
      if (k->cpu_ev == 0)
        k->cpu_ev = sim_schedule (k->e, sim_now (k->e), cpu_event, k);
    }
  else if (decision_due (k, k->cur))
    {
      sched_account (k);
      cpu_arm (k);     /* decide once its kernel work is done */
    }
}

void
sched_donate (KThread *from, KThread *to)
{
  Kernel *k = from->k;
  /* Fiasco's time-slice donation; seL4 (non-MCS) donates nothing. */
  if (k->kc.ipc_switch != IPC_SWITCH_DIRECT || sel4 (k))
    return;
  to->slice_left = from->slice_left > 0 ? from->slice_left : k->kc.time_slice;
  k->donee = to;
  k->donee_prio = from->run_prio;
}

void
sched_finish (Kernel *k)
{
  sched_account (k);
  cpu_disarm (k);
}
