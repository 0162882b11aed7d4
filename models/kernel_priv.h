/* What the kernel's own files (kernel.c, ipc.c, signal.c) share and the
 * rest of models/ does not need: blocking, waking and the operation
 * mechanism.  An operation is a non-preemptible burst of its kernel cost
 * followed by its effect, which runs while the thread is still on the CPU. */
#ifndef MKSIM_KERNEL_PRIV_H
#define MKSIM_KERNEL_PRIV_H

#include <glib.h>

#include "models/kernel.h"

/* What a blocked thread waits on (seL4's thread state and blocking object):
 * the kind of wait and the one object of that kind, so that cancelling it (a
 * timeout, a death) works from the thread alone. */
typedef struct {
  WaitKind kind;
  union {
    Endpoint *ep;              /* SEND, RECV, FAULT: the endpoint whose queue it is in
                                  (NULL: not queued, e.g. a receive that cannot be) */
    SigCtx *sig;               /* SIGNAL */
    KThread *partner;          /* REPLY, FAULT_SERVED: who accepted its call */
  } on;
  /* A model's edge for the wait-for graph when what the thread waits for is
   * not its IPC partner (a fault parked on a region map waits for the
   * manager, not for core's pager that holds its reply right). */
  KThread *blame;
  const char *blame_why;
} KWait;

/* The arguments of the kernel operation in progress.  They are set when the
 * operation is issued and read by its effect and, while it blocks, by its
 * timeouts and its partner's side of the rendezvous. */
typedef struct {
  Endpoint *ep;                /* send, call, fault, receive */
  SigCtx *sig;                 /* submit, wait for a signal */
  KThread *dest;               /* reply_to: the caller to answer */
  Msg msg;                     /* the message of a send, call, fault or reply */
  bool is_call;                /* a call or fault: the sender waits for a reply */
  bool is_fault;
  int64_t timeout;             /* bounds each phase of a call, a send, a receive
                                  or a sleep; KERN_NO_TIMEOUT = none */
  SimTime deadline;            /* ipc_recv_until's exact deadline, -1 = none */
} KOp;

/* Arguments of a trace slice: the keys are the models' constants, the
 * strings owned copies. */
typedef struct {
  size_t n;
  TraceArg a[KERN_SLICE_ARGS];
} KSliceArgs;

struct _KThread {
  Kernel *k;
  int id;                      /* index in creation order */
  int cpu;                     /* the CPU it runs on, for good */
  char *name;                  /* <process>.<thread>[<i>] */
  char *process_name, *thread_name;
  int index;
  int space;                   /* address space (process) id, KERN_CORE_SPACE, < -1 plain servers */
  ThreadRole role;
  int priority;
  int run_prio;                /* while on the CPU: raised by a donated slice */
  ThreadState state;
  SimTime state_since;

  KWait wait;                  /* while blocked */
  KOp op;                      /* the operation in progress */
  SimEventId timeout_ev;
  SimTime sleep_deadline;      /* unrounded deadline of the current sleep */
  char *words;                 /* --explain: the words of its message in flight, owned */

  Msg msg;                     /* message register: last message received (or reply) */

  /* The right to reply to the caller its last receive accepted (seL4's
   * reply capability), stamped with the generation of that call, so a
   * reply meant for a call its caller gave up on never answers the caller's
   * next call (seL4 deletes the reply cap, Fiasco clears the partner link). */
  KThread *reply_to;
  uint32_t reply_gen;
  uint32_t call_gen;           /* bumped each time this thread calls or faults */
  uint32_t detached_gen;       /* our call whose reply right ipc_take_caller detached */
  int detached_space;          /* ... into this address space, where it stays */

  /* what to do when the thread next runs */
  KStepFn step;

  /* the CPU burst in progress: non-preemptible ns, then preemptible ns, then `burst_next` */
  int64_t np_left, p_left;
  KStepFn burst_next;
  IpcStatus burst_status;
  int64_t slice_left;

  /* scheduler queues (intrusive, O(1) removal) */
  KThread *qprev, *qnext;
  int qprio;                   /* priority it was queued at */

  /* accounting */
  int64_t cpu_ns;
  uint64_t faults;
  Stats *latency;              /* per-thread latencies (faults or deliveries) */

  void *ctx;                   /* the model's per-thread state */
  RngStream rng;
  int track;                   /* trace track */
  /* the trace: arguments of the slice of the state it is in, and of the
   * next state it enters (armed while in `next_args_from`) */
  KSliceArgs slice_args, next_args;
  ThreadState next_args_from;
  Misbehavior misbehavior;     /* kern_misbehave */
  SimTime misbehaved_at;
};

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

#define N_PRIO (KERN_MAX_PRIORITY + 1)
#define RQ_WORD_BITS 64          /* priorities per word of the ready bitmap */

/* seL4's ksSchedulerAction (kernel.scheduler sel4): what schedule() is to
 * do at the end of the kernel entry. */
typedef enum {
  SCHED_RESUME,        /* SchedulerAction_ResumeCurrentThread */
  SCHED_SWITCH_TO,     /* a thread possibleSwitchTo() chose (Cpu.candidate) */
  SCHED_CHOOSE_NEW,    /* SchedulerAction_ChooseNewThread */
} SchedAction;

/* One CPU: its ready queues and what runs on it (models/sched.c). */
typedef struct {
  Kernel *k;
  int id;
  KThreadQueue rq[N_PRIO];  /* ready threads per priority */
  uint64_t rq_map[N_PRIO / RQ_WORD_BITS];   /* bit p: rq[p] is not empty */
  KThread *cur;            /* on the CPU, NULL when idle */
  KThread *last;           /* the last thread that ran: switching away costs */
  KThread *donee;          /* runs next, on a donated slice (ipc_switch direct) */
  int donee_prio;          /* ... at the donor's priority if that is higher */
  SchedAction action;      /* seL4: the decision a wake-up left */
  KThread *candidate;      /* ... its thread, READY but in no queue */
  SimTime seg_start;       /* when the running segment of cur began */
  SimEventId cpu_ev;       /* ends the running segment; with cur NULL, a
                              dispatch already due at this instant */
  bool in_cpu;             /* inside cur's continuation: decisions wait */
  bool dirty;              /* a decision was held (a death in progress) */
  int64_t busy_ns;         /* time a thread ran on it */
} Cpu;

struct _Kernel {
  SimEngine *e;
  Trace *trace;
  KernelConfig kc;
  GPtrArray *threads;      /* KThread*, owned */
  GPtrArray *endpoints;    /* Endpoint*, owned */
  GPtrArray *sigctxs;      /* SigCtx*, owned */

  Cpu *cpus;
  int n_cpus;
  int entry_cpu;           /* the CPU whose thread is in a continuation, -1: none */
  int holding;             /* > 0: decisions wait (a death in progress) */
  bool started;
  SimTime instant;         /* the instant of the last burst of no length ... */
  int64_t instant_bursts;  /* ... and how many there were (a runaway guard) */

  KernelCounters ctr;
  char *stopped;           /* kern_stop's reason, owned */
};

static inline SimTime
kern_sat_add (SimTime a, int64_t b)
{
  return b >= INT64_MAX - a ? INT64_MAX : a + b;
}

/* --- the CPUs and the scheduler (models/sched.c) --- */

/* The CPU `t` is placed on. */
Cpu *sched_cpu (const KThread *t);
/* Queues a ready thread at the head or the tail of its priority. */
void sched_link (KThread *t, bool at_head);
/* The engine event at time 0: the first dispatch on every CPU. */
void sched_start (void *k);
void sched_new_thread (KThread *t);
/* `t` became ready (kern_wake has reset its burst). */
void sched_wake (KThread *t);
/* Whether the kernel entry in progress runs on another CPU than `t`'s (its
 * wake-up is an IPI). */
bool sched_remote (const KThread *t);
/* The running thread `t` stops on its CPU. */
void sched_block (KThread *t);
/* `t`, running or ready, leaves the CPU and the queues for good. */
void sched_remove (KThread *t);
/* Decisions held during a death are taken (kern_thread_end). */
void sched_release (Kernel *k);
void sched_after_kill (KThread *t);
/* A call transferred with `ipc_switch: direct`: `to` runs next on the
 * caller's remaining slice, whatever else is ready (Fiasco, one CPU). */
void sched_donate (KThread *from, KThread *to);
void sched_finish (Kernel *k);
/* The thread on CPU `cpu` (NULL when idle). */
KThread *sched_running (const Kernel *k, int cpu);
/* kern_thread_ready_place(), from the ready queues. */
bool sched_ready_place (const KThread *t, int *same, int *higher, const KThread **first);

/* Ends a thread wherever it is (kernel.c); decides nothing about the CPU. */
void kern_thread_end (KThread *t);

/* Charges `cost` to the running thread `t`, then runs `effect` (an internal
 * KStepFn) while `t` still holds the CPU; `next` is remembered as the
 * continuation the effect will hand control back to. */
void kern_op (KThread *t, int64_t cost, KStepFn effect, KStepFn next);

/* The running thread stops on the CPU: it now waits (state, on what). */
void kern_block (KThread *t, ThreadState state, KWait wait);
/* A blocked thread becomes ready (tail of its queue, fresh slice); its
 * continuation t->step will run with `st`. */
void kern_wake (KThread *t, IpcStatus st);
/* The same, with `ns` of non-preemptible work of its own before the
 * continuation (a signal's dispatch in the woken handler). */
void kern_wake_charged (KThread *t, IpcStatus st, int64_t ns);
/* Continue the running thread at once with its continuation t->step. */
void kern_continue (KThread *t, IpcStatus st);

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
