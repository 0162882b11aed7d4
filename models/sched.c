/* The simulated CPUs and their scheduler: a ready queue per CPU, time
 * slices, preemption, and where a woken thread goes — by Fiasco's rules or
 * by seL4's (kernel.scheduler).
 *
 * Each CPU runs one thread at a time, and a thread runs only on the CPU it
 * was placed on (kernel.cpus; threads[].cpu): neither Fiasco nor seL4
 * migrates threads by itself.  What a thread does is a burst: some
 * non-preemptible nanoseconds (kernel work: operation costs, the context
 * switch into it, an IPI), then some preemptible ones (its own computing),
 * then a continuation.  A single engine event per CPU ends its running
 * segment: at the end of the burst, at the end of the slice, or when a
 * deferred decision may be taken (the running thread's kernel work is done).
 *
 * Fiasco (DESIGN.md "Precise semantics"): preempted threads go to the head
 * of their priority's queue and keep their slice, expired ones to the tail
 * with a fresh slice, woken ones to the tail with a fresh slice; a woken
 * thread of higher priority preempts at once.
 *
 * seL4 (non-MCS, src/kernel/thread.c and src/object/tcb.c): a wake-up calls
 * possibleSwitchTo(), which makes the woken thread its CPU's candidate
 * (ksSchedulerAction) unless one is chosen already — then both go to the
 * HEAD of their queues (rescheduleRequired, SCHED_ENQUEUE = tcbSchedEnqueue).
 * At the end of the kernel entry schedule() decides: a running thread is
 * enqueued at the head (SCHED_ENQUEUE_CURRENT_TCB); a candidate of lower
 * priority than the entry's thread that is not of the highest ready priority
 * goes to the head of its queue and the highest runs (chooseThread); one of
 * the running thread's priority goes to the TAIL (SCHED_APPEND =
 * tcbSchedAppend) and the running thread goes on; otherwise the kernel
 * switches to the candidate directly (switchToThread).  A thread woken for
 * another CPU goes to the head of that CPU's queue, which reschedules if
 * it outranks what runs there (SCHED_ENQUEUE with remoteQueueUpdate).  Time
 * slices are per thread and kept across blocking (tcbTimeSlice is reset
 * only when it runs out, in timerTick, which appends the thread to the
 * tail). */
#include "models/kernel_priv.h"

/* Zero-length bursts run back to back without an engine event, up to this
 * many, so a program that loops without consuming time still reaches the
 * max_events guard instead of recursing without end. */
#define MAX_INLINE_STEPS 64

static void cpu_dispatch (Cpu *c);
static void cpu_event (void *data);

static bool
sel4 (const Cpu *c)
{
  return c->k->kc.scheduler == SCHEDULER_SEL4;
}

static SimTime
cpu_now (const Cpu *c)
{
  return sim_now (c->k->e);
}

Cpu *
sched_cpu (const KThread *t)
{
  return &t->k->cpus[t->cpu];
}

/* ---------------------------------------------------------------- queues */

static uint64_t
rq_bit (int prio)
{
  return UINT64_C (1) << (prio % RQ_WORD_BITS);
}

static void
rq_link (Cpu *c, KThread *t, bool at_head)
{
  int p = t->priority;
  t->qprio = p;
  if (at_head)
    kern_queue_prepend (&c->rq[p], t);
  else
    kern_queue_append (&c->rq[p], t);
  c->rq_map[p / RQ_WORD_BITS] |= rq_bit (p);
}

void
sched_link (KThread *t, bool at_head)
{
  rq_link (sched_cpu (t), t, at_head);
}

static void
rq_unlink (Cpu *c, KThread *t)
{
  int p = t->qprio;
  kern_queue_remove (&c->rq[p], t);
  if (c->rq[p].head == NULL)
    c->rq_map[p / RQ_WORD_BITS] &= ~rq_bit (p);
}

/* Highest priority with a ready thread, -1 when none. */
static int
rq_top_prio (const Cpu *c)
{
  for (int w = N_PRIO / RQ_WORD_BITS - 1; w >= 0; w--)
    if (c->rq_map[w])
      return w * RQ_WORD_BITS + RQ_WORD_BITS - 1 - __builtin_clzll (c->rq_map[w]);
  return -1;
}

/* The head of the highest ready priority, taken off its queue; NULL: none. */
static KThread *
rq_take_highest (Cpu *c)
{
  int p = rq_top_prio (c);
  if (p < 0)
    return NULL;
  KThread *t = c->rq[p].head;
  rq_unlink (c, t);
  return t;
}

/* ------------------------------------------------------------- the CPU */

static void
cpu_account (Cpu *c)
{
  KThread *t = c->cur;
  SimTime now = cpu_now (c);
  int64_t elapsed = now - c->seg_start;
  c->seg_start = now;
  if (t == NULL || elapsed <= 0)
    return;
  t->cpu_ns += elapsed;
  c->busy_ns += elapsed;
  t->slice_left -= elapsed;
  int64_t np = MIN (elapsed, t->np_left);
  t->np_left -= np;
  if (t->p_left != KERN_FOREVER)
    t->p_left -= elapsed - np;
  g_assert (t->p_left >= 0);
}

static bool
higher_ready (const Cpu *c, const KThread *t)
{
  return rq_top_prio (c) > t->run_prio;
}

/* Whether the running thread `t` must give way at its next preemption
 * point: a higher thread is ready (Fiasco), or a wake-up left schedule() a
 * decision (seL4). */
static bool
decision_due (const Cpu *c, const KThread *t)
{
  return sel4 (c) ? c->action != SCHED_RESUME : higher_ready (c, t);
}

static void
cpu_disarm (Cpu *c)
{
  if (c->cpu_ev)
    sim_cancel (c->k->e, c->cpu_ev);
  c->cpu_ev = 0;
}

/* Arms the event that ends cur's running segment: the end of its burst or
 * of its slice, or, with a decision due, the end of its kernel work. */
static void
cpu_arm (Cpu *c)
{
  KThread *t = c->cur;
  SimTime now = cpu_now (c);
  c->seg_start = now;
  SimTime np_end = now + t->np_left;
  SimTime when = t->p_left == KERN_FOREVER ? INT64_MAX : kern_sat_add (np_end, t->p_left);
  SimTime slice_end = MAX (kern_sat_add (now, t->slice_left), np_end);
  when = MIN (when, slice_end);
  if (decision_due (c, t))
    when = MIN (when, np_end);
  cpu_disarm (c);
  if (when != INT64_MAX)
    c->cpu_ev = sim_schedule (c->k->e, when, cpu_event, c);
}

/* The running thread leaves the CPU to another: it stays at the head of its
 * queue and keeps the rest of its slice. */
static void
cpu_preempt (Cpu *c)
{
  KThread *t = c->cur;
  kern_trace_state (t, TS_READY);
  rq_link (c, t, true);
  c->cur = NULL;
}

/* Whether the running burst has no time left to spend. */
static bool
burst_spent (const KThread *t)
{
  return t->np_left == 0 && t->p_left == 0;
}

/* `t` (or nothing, when NULL) runs now. */
static void
cpu_run (Cpu *c, KThread *t)
{
  cpu_disarm (c);
  c->cur = t;
  c->seg_start = cpu_now (c);
  if (t == NULL)
    return;
  kern_trace_state (t, TS_RUNNING);
  if (c->last != t)
    {
      c->k->ctr.context_switches++;
      t->np_left += c->k->kc.costs.context_switch;
    }
  c->last = t;
  cpu_arm (c);
}

/* ------------------------------------------------------- seL4's rules */

/* possibleSwitchTo(): the woken thread is the candidate, unless a candidate
 * is chosen already ("too many threads want special treatment"): then
 * rescheduleRequired() puts that one at the head of its queue, and the
 * woken one goes to the head of its own. */
static void
sel4_possible_switch (Cpu *c, KThread *t)
{
  switch (c->action)
    {
    case SCHED_RESUME:
      c->action = SCHED_SWITCH_TO;
      c->candidate = t;
      return;
    case SCHED_SWITCH_TO:
      rq_link (c, c->candidate, true);
      c->candidate = NULL;
      c->action = SCHED_CHOOSE_NEW;
      rq_link (c, t, true);
      return;
    case SCHED_CHOOSE_NEW:
      rq_link (c, t, true);
      return;
    }
  g_assert_not_reached ();
}

/* schedule() at the end of a kernel entry of `me` (ksCurThread: the thread
 * that entered the kernel, running or blocked by now; NULL: the CPU was
 * idle).  The running thread, if any, has no kernel work left. */
static void
sel4_schedule (Cpu *c, const KThread *me)
{
  KThread *cur = c->cur;
  g_assert (cur == NULL || cur->np_left == 0);
  KThread *next = NULL;
  switch (c->action)
    {
    case SCHED_RESUME:
      if (cur != NULL)
        return;
      /* The entry's thread blocked (setThreadState -> rescheduleRequired). */
      next = rq_take_highest (c);
      break;
    case SCHED_CHOOSE_NEW:
      if (cur != NULL)
        rq_link (c, cur, true);
      next = rq_take_highest (c);
      break;
    case SCHED_SWITCH_TO:
      {
        KThread *cand = c->candidate;
        if (cur != NULL)
          rq_link (c, cur, true);
        bool fastfail = me == NULL || cand->priority < me->priority;
        if (fastfail && cand->priority < rq_top_prio (c))
          {
            rq_link (c, cand, true);
            next = rq_take_highest (c);
          }
        else if (cur != NULL && cand->priority == cur->priority)
          {
            rq_link (c, cand, false);
            next = rq_take_highest (c);
          }
        else
          next = cand;
        break;
      }
    }
  c->action = SCHED_RESUME;
  c->candidate = NULL;
  if (next == cur)
    return;   /* it goes on: taken back off the head of its queue */
  if (cur != NULL)
    kern_trace_state (cur, TS_READY);   /* preempted: at the head, with its slice */
  if (next != NULL)
    next->run_prio = next->priority;
  cpu_run (c, next);
}

/* A decision left by a wake-up or a death outside any thread's kernel
 * entry on this CPU (an engine event: a timeout, an exit; or another
 * CPU's IPI): taken now if the running thread has no kernel work left, else
 * as soon as it has none. */
static void
sel4_interrupt (Cpu *c)
{
  if (c->cur == NULL)
    {
      if (c->cpu_ev == 0)
        sel4_schedule (c, NULL);   /* else a dispatch is due at this instant anyway */
      return;
    }
  cpu_account (c);
  if (c->cur->np_left == 0)
    sel4_schedule (c, c->cur);
  else
    cpu_arm (c);
}

/* A thread woken by a kernel entry on another CPU: the head of its own
 * CPU's queue (SCHED_ENQUEUE), and that CPU reschedules when it outranks
 * what runs there (remoteQueueUpdate's IPI). */
static void
sel4_remote_wake (Cpu *c, KThread *t)
{
  if (c->action == SCHED_SWITCH_TO)
    {
      rq_link (c, c->candidate, true);
      c->candidate = NULL;
      c->action = SCHED_CHOOSE_NEW;
    }
  rq_link (c, t, true);
  if (c->cur == NULL || t->priority > c->cur->priority)
    c->action = SCHED_CHOOSE_NEW;
}

/* ------------------------------------------------------ the run loop */

/* Runs the continuation of cur's spent burst, and the next one while each
 * issues a zero-length burst (up to MAX_INLINE_STEPS): until the thread
 * blocks, ends, has time to spend, used up its slice or must yield.  Under
 * seL4 a decision a kernel operation's effect left is taken right after it,
 * at the end of that kernel entry. */
static void
cpu_run_burst_end (Cpu *c)
{
  Kernel *k = c->k;
  KThread *t = c->cur;
  for (int i = 0; i < MAX_INLINE_STEPS; i++)
    {
      KStepFn fn = t->burst_next;
      t->burst_next = NULL;
      c->in_cpu = true;
      k->entry_cpu = c->id;
      fn (t, t->burst_status);
      k->entry_cpu = -1;
      c->in_cpu = false;
      if (sel4 (c) && c->cur == t && c->action != SCHED_RESUME && t->np_left == 0)
        sel4_schedule (c, t);
      if (c->cur != t || t->state != TS_RUNNING || t->burst_next == NULL || !burst_spent (t)
          || t->slice_left <= 0 || decision_due (c, t))
        return;
    }
}

/* The running thread used up its slice: the tail, with a fresh one.  Under
 * seL4 (timerTick) a candidate chosen meanwhile goes to the head of its
 * queue (rescheduleRequired). */
static void
cpu_expire (Cpu *c)
{
  KThread *t = c->cur;
  t->slice_left = c->k->kc.time_slice;
  kern_trace_state (t, TS_READY);
  rq_link (c, t, false);
  c->cur = NULL;
  if (sel4 (c) && c->action == SCHED_SWITCH_TO)
    rq_link (c, c->candidate, true);
  c->action = SCHED_RESUME;
  c->candidate = NULL;
}

/* The running segment ended, or the CPU is free: decide what runs. */
static void
cpu_after (Cpu *c)
{
  c->cpu_ev = 0;
  cpu_account (c);
  KThread *t = c->cur;
  KThread *me = t;
  /* seL4: an interrupt's decision, due once the kernel work was done. */
  if (sel4 (c) && t != NULL && t->np_left == 0 && c->action != SCHED_RESUME)
    {
      sel4_schedule (c, t);
      t = c->cur;
    }
  /* A burst that ends in the thread's own code (not in the effect of a
   * kernel operation, which completes atomically) is a preemption point: a
   * higher-priority thread that became ready meanwhile runs before the
   * thread issues its next operation. */
  if (t != NULL && burst_spent (t) && t->burst_next != NULL
      && !(t->burst_next == t->step && decision_due (c, t)))
    {
      cpu_run_burst_end (c);
      t = c->cur;
    }
  if (t != NULL && t->state == TS_RUNNING)
    {
      if (t->burst_next == NULL)
        {
          /* The continuation issued nothing: the thread's work is done. */
          kern_thread_end (t);
        }
      else if (t->np_left == 0 && t->slice_left <= 0)
        cpu_expire (c);
      else if (t->np_left == 0 && decision_due (c, t))
        {
          if (sel4 (c))
            {
              sel4_schedule (c, t);
              if (c->cur == t)
                cpu_arm (c);
              return;
            }
          cpu_preempt (c);
        }
      else
        {
          cpu_arm (c);
          return;
        }
    }
  if (c->cur != NULL)
    return;
  if (sel4 (c))
    sel4_schedule (c, me);
  else
    cpu_dispatch (c);
}

static void
cpu_event (void *data)
{
  cpu_after (data);
}

/* The thread to run next, taken off its queue: the donee of a direct
 * switch, else the head of the highest ready priority; NULL when none. */
static KThread *
cpu_pick (Cpu *c)
{
  KThread *t = c->donee;
  c->donee = NULL;
  if (t != NULL && t->state == TS_READY)
    {
      rq_unlink (c, t);
      t->run_prio = MAX (t->priority, c->donee_prio);
      return t;
    }
  t = rq_take_highest (c);
  if (t != NULL)
    t->run_prio = t->priority;
  return t;
}

static void
cpu_dispatch (Cpu *c)
{
  cpu_run (c, cpu_pick (c));
}

/* A decision on `c` that cannot be taken inside the kernel entry that made
 * it due (a death, a wake-up from another CPU's entry): by an event at this
 * same instant on an idle CPU, or once the running thread's kernel work is
 * done. */
static void
cpu_decide_soon (Cpu *c)
{
  if (c->cur == NULL)
    {
      if (c->cpu_ev == 0)
        c->cpu_ev = sim_schedule (c->k->e, cpu_now (c), cpu_event, c);
    }
  else if (decision_due (c, c->cur))
    {
      cpu_account (c);
      cpu_arm (c);
    }
}

/* ------------------------------------------- what the kernel tells us */

void
sched_start (void *data)
{
  Kernel *k = data;
  k->started = true;
  for (int i = 0; i < k->n_cpus; i++)
    if (k->cpus[i].cur == NULL)
      cpu_dispatch (&k->cpus[i]);
}

/* Whether a decision on `c` must wait: the run has not started, `c` is
 * inside its running thread's continuation (cpu_after decides when it is
 * done), or the kernel holds decisions (a death in progress): `c` is then
 * marked for kern_thread_end to see to. */
static bool
cpu_decision_waits (Cpu *c)
{
  Kernel *k = c->k;
  if (k->holding > 0)
    c->dirty = true;
  return !k->started || c->in_cpu || k->holding > 0;
}

/* A new thread is ready.  Before the run starts every thread is queued in
 * creation order.  Created by an engine event (a process exit's worker): a
 * higher thread than the one running preempts it through the segment's
 * event, at this same instant once its kernel work is done (Fiasco); under
 * seL4 it is woken like any other (restart -> possibleSwitchTo). */
void
sched_new_thread (KThread *t)
{
  Cpu *c = sched_cpu (t);
  if (!c->k->started || !sel4 (c))
    rq_link (c, t, false);
  if (cpu_decision_waits (c))
    {
      if (sel4 (c) && c->k->started)
        sel4_possible_switch (c, t);
      return;
    }
  if (sel4 (c))
    {
      sel4_possible_switch (c, t);
      sel4_interrupt (c);
      return;
    }
  if (c->cur == NULL)
    {
      if (c->cpu_ev == 0)
        cpu_dispatch (c);
    }
  else if (t->priority > c->cur->run_prio)
    {
      cpu_account (c);
      cpu_arm (c);
    }
}

/* A blocked thread is ready: Fiasco queues it at the tail with a fresh
 * slice and lets it preempt a lower one at once; seL4 makes it a candidate
 * (possibleSwitchTo) and leaves the rest to schedule().  A wake-up made by
 * another CPU's kernel entry is an IPI to this one: it is decided at once,
 * as an interrupt would be. */
void
sched_wake (KThread *t)
{
  Cpu *c = sched_cpu (t);
  Kernel *k = c->k;
  bool remote = k->entry_cpu >= 0 && k->entry_cpu != c->id;
  if (sel4 (c))
    {
      kern_trace_state (t, TS_READY);
      if (remote)
        sel4_remote_wake (c, t);
      else
        sel4_possible_switch (c, t);
      if (cpu_decision_waits (c))
        return;   /* decided at the end of the running thread's kernel entry */
      sel4_interrupt (c);
      return;
    }
  t->slice_left = k->kc.time_slice;
  kern_trace_state (t, TS_READY);
  rq_link (c, t, false);
  if (cpu_decision_waits (c))
    return;   /* cpu_after decides once the running continuation is done */
  if (c->cur == NULL)
    {
      if (c->cpu_ev == 0)
        cpu_dispatch (c);   /* else a dispatch is due at this instant anyway */
    }
  else if (t->priority > c->cur->run_prio)
    {
      cpu_account (c);
      if (c->cur->np_left == 0)
        {
          cpu_preempt (c);
          cpu_dispatch (c);
        }
      else
        cpu_arm (c);   /* preempt as soon as its kernel work is done */
    }
}

bool
sched_remote (const KThread *t)
{
  int e = t->k->entry_cpu;
  return e >= 0 && e != t->cpu;
}

/* `t`, running or ready, leaves the CPU and the queues for good. */
void
sched_remove (KThread *t)
{
  Cpu *c = sched_cpu (t);
  switch (t->state)
    {
    case TS_RUNNING:
      cpu_account (c);
      cpu_disarm (c);
      c->cur = NULL;
      break;
    case TS_READY:
      if (c->candidate == t)
        {
          /* The chosen one died before schedule(): choose anew. */
          c->candidate = NULL;
          c->action = SCHED_CHOOSE_NEW;
        }
      else
        rq_unlink (c, t);
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
  if (c->donee == t)
    c->donee = NULL;
}

/* Decisions held during a death (kern_thread_end) are taken: on every CPU
 * a woken caller was queued on, unless it is inside a continuation (its
 * cpu_after decides). */
void
sched_release (Kernel *k)
{
  for (int i = 0; i < k->n_cpus; i++)
    {
      Cpu *c = &k->cpus[i];
      if (!c->dirty)
        continue;
      c->dirty = false;
      if (k->started && !c->in_cpu)
        cpu_decide_soon (c);
    }
}

/* A thread was killed by an engine event: what runs next on its CPU is
 * decided once, by an event at this same instant (kern_kill). */
void
sched_after_kill (KThread *t)
{
  cpu_decide_soon (sched_cpu (t));
}

void
sched_donate (KThread *from, KThread *to)
{
  Kernel *k = from->k;
  Cpu *c = sched_cpu (from);
  /* Fiasco's time-slice donation, on one CPU; seL4 (non-MCS) donates nothing. */
  if (k->kc.ipc_switch != IPC_SWITCH_DIRECT || sel4 (c) || to->cpu != from->cpu)
    return;
  to->slice_left = from->slice_left > 0 ? from->slice_left : k->kc.time_slice;
  c->donee = to;
  c->donee_prio = from->run_prio;
}

void
sched_finish (Kernel *k)
{
  for (int i = 0; i < k->n_cpus; i++)
    {
      cpu_account (&k->cpus[i]);
      cpu_disarm (&k->cpus[i]);
    }
}

KThread *
sched_running (const Kernel *k, int cpu)
{
  return k->cpus[cpu].cur;
}

/* For narration only: it walks the queues.  The running thread runs before
 * `t` when its priority is at least t's (a woken thread of the same
 * priority does not preempt, under either kernel's rules), unless it is in
 * the kernel entry that woke `t` (c->in_cpu): that one is on its way out. */
bool
sched_ready_place (const KThread *t, int *same, int *higher, const KThread **first)
{
  const Cpu *c = &t->k->cpus[t->cpu];
  *same = *higher = 0;
  *first = NULL;
  if (t->state != TS_READY)
    return false;
  const KThread *cur = c->cur;
  if (cur != NULL && cur != t && !c->in_cpu && cur->run_prio >= t->priority)
    {
      *first = cur;
      if (cur->run_prio > t->priority)
        (*higher)++;
      else
        (*same)++;
    }
  for (int p = N_PRIO - 1; p > t->priority; p--)
    for (const KThread *q = c->rq[p].head; q != NULL; q = q->qnext)
      {
        if (*first == NULL)
          *first = q;
        (*higher)++;
      }
  /* seL4's candidate is in no queue: it is first in line of its priority. */
  if (c->candidate == t)
    return true;
  for (const KThread *q = c->rq[t->priority].head; q != NULL && q != t; q = q->qnext)
    {
      if (*first == NULL)
        *first = q;
      (*same)++;
    }
  return true;
}

void
sched_block (KThread *t)
{
  Cpu *c = sched_cpu (t);
  g_assert (t == c->cur && t->state == TS_RUNNING);
  c->cur = NULL;
}
