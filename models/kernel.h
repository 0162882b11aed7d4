/* The simulated microkernel: threads, a fixed-priority preemptive scheduler
 * with round-robin time slices on one CPU, synchronous IPC endpoints with
 * timeouts, and signal contexts.  Everything a thread does is a sequence of
 * CPU bursts and kernel operations; when an operation completes, the kernel
 * calls the thread's continuation (a KStepFn) while the thread runs.
 *
 * A continuation may issue exactly one operation on its own thread (compute,
 * call, recv, ...), or none, in which case the thread is finished and dies.
 * Kernel operations are charged as non-preemptible CPU time of the calling
 * thread (kernel.costs) before they take effect.
 *
 * DESIGN.md "Precise semantics" fixes where preempted, expired and woken
 * threads are queued; models/kernel.c implements it, models/ipc.c the IPC
 * state machine, models/signal.c the signal contexts. */
#ifndef MKSIM_KERNEL_H
#define MKSIM_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "models/config.h"
#include "models/result.h"
#include "sim/engine/engine.h"
#include "sim/engine/stats.h"
#include "sim/engine/trace.h"

typedef struct _Kernel Kernel;
typedef struct _KThread KThread;
typedef struct _Endpoint Endpoint;
typedef struct _SigCtx SigCtx;

#define KERN_NO_TIMEOUT INT64_C (-1)
#define KERN_FOREVER INT64_MAX
/* Thread priorities run from 0 to this, higher wins (DESIGN.md). */
#define KERN_MAX_PRIORITY 255
/* The address space of core's threads (KThread.space). */
#define KERN_CORE_SPACE (-1)

typedef enum {
  IPC_OK,
  IPC_TIMEOUT,       /* send phase: nothing transferred (dropped); reply phase: reply lost */
  IPC_ABORTED,       /* the partner died while we waited in its queue, or is dead */
} IpcStatus;

/* A message: a label and a few words; `ptr` lets a model pass a record
 * (a fault, an input event) without copying it into words. */
typedef struct Msg Msg;
struct Msg {
  int label;
  int64_t w[4];
  void *ptr;
  const char *op;    /* the operation's name, for narration and traces (may be NULL) */
  /* --explain only.  NULL: the kernel narrates the message in its own words
   * ("<sender> calls <endpoint> (<op>)").  Otherwise the sender's model tells
   * this message itself: these are its words for it ("app.worker[0] faults
   * on heap page 7"), or "" for no line of its own.  The kernel then adds
   * only what it alone knows, at the moment it happens: how the send went
   * (received at once, queued behind a busy or hung server, dropped,
   * aborted; a "" message is told in the kernel's words when it does not go
   * through at once) and a reply that is lost; a reply's words are told when
   * it is delivered.  Its later fate (taken from a queue, a timeout) is the
   * model's to tell.  The words must stay valid while the message is in
   * flight. */
  const char *explain;
  /* The fault this message is about: its number (1, 2, ... in the order the
   * faults began; 0: none), so that the kernel's words about the message
   * pass the narration's fault filter (trace_explain_about). */
  uint64_t about;
  /* Called by the kernel the moment this message (a send or a call) is
   * transferred to `receiver` (its copy is the receiver's message
   * register), whoever runs next: a model that counts a transfer counts it
   * when it happens, not when either side runs again.  NULL: none. */
  void (*on_transfer) (const Msg *m, KThread *receiver);
};

typedef void (*KStepFn) (KThread *t, IpcStatus st);

/* Why a blocked thread waits, for the wait-for graph and the narration. */
typedef enum {
  WAIT_NONE,
  WAIT_SEND,          /* in an endpoint's send queue */
  WAIT_REPLY,         /* for the reply of the thread that accepted its call */
  WAIT_RECV,          /* for any sender */
  WAIT_SIGNAL,
  WAIT_FAULT,         /* page fault, queued at its pager's endpoint */
  WAIT_FAULT_SERVED,  /* page fault, accepted: for the answer of the thread serving it */
  WAIT_SLEEP,
  WAIT_IO,            /* for a device, a given time */
  WAIT_START,         /* for its start time (threads[].start, stagger) */
  WAIT_HANG,          /* never receives again */
} WaitKind;

/* --- a thread, as models see it: the kernel's record is its own --- */

Kernel      *kern_thread_kernel (const KThread *t);
/* Index in creation order. */
int          kern_thread_id (const KThread *t);
/* <process>.<thread>[<i>] */
const char  *kern_thread_name (const KThread *t);
const char  *kern_thread_process (const KThread *t);
/* The thread entry's name, without process and index. */
const char  *kern_thread_entry (const KThread *t);
int          kern_thread_index (const KThread *t);
/* Its address space: a process or manager index, KERN_CORE_SPACE, or below
 * that a plain server's. */
int          kern_thread_space (const KThread *t);
ThreadRole   kern_thread_role (const KThread *t);
int          kern_thread_priority (const KThread *t);
ThreadState  kern_thread_state (const KThread *t);
/* The CPU it runs on. */
int          kern_thread_cpu (const KThread *t);
/* On its CPU now. */
bool         kern_thread_running (const KThread *t);
/* Blocked for good: its behavior stopped it receiving (kern_hang). */
bool         kern_thread_hung (const KThread *t);
/* Waits in a receive for any sender (not hung, not in a call's reply phase). */
bool         kern_thread_receiving (const KThread *t);
/* The model's per-thread state, given to kern_thread_new. */
void        *kern_thread_ctx (const KThread *t);
/* Its own random stream ("threads/<name>"). */
RngStream   *kern_thread_rng (KThread *t);
/* The last message it received, or the reply to its last call. */
const Msg   *kern_thread_msg (const KThread *t);
int64_t      kern_thread_cpu_ns (const KThread *t);
/* Fault messages it sent (a re-executed access counts only when asked to). */
uint64_t     kern_thread_faults (const KThread *t);
/* Its latencies, kept by models (faults, or input deliveries). */
Stats       *kern_thread_latency (KThread *t);
/* When its last sleep was due, unrounded (for the timer's lateness). */
SimTime      kern_thread_sleep_deadline (const KThread *t);
/* What its behavior did to it (kern_misbehave), and when (`at`, if not
 * NULL; -1 for none). */
Misbehavior  kern_thread_misbehavior (const KThread *t, SimTime *at);
/* Where the ready thread `t` stands in its CPU's line: in `same` the
 * threads of its priority that will run before it (queued ahead of it, or
 * running), in `higher` the ready or running threads of higher priority,
 * and in `first` the one that runs before all (NULL: none).  The thread
 * whose kernel entry is under way on that CPU (the one that woke `t`) is
 * not counted: it is leaving the kernel.  False if `t` is not ready. */
bool         kern_thread_ready_place (const KThread *t, int *same, int *higher,
                                      const KThread **first);

/* The kernel's counters, read into RunResult.kernel at the end. */
typedef struct {
  uint64_t ipc;                /* messages transferred (a call and its reply are two) */
  uint64_t ipc_dropped;        /* sends that timed out: nothing transferred */
  uint64_t replies_lost;       /* replies to a caller whose reply wait timed out */
  uint64_t signals_submitted, signals_delivered;
  uint64_t context_switches;
} KernelCounters;

Kernel     *kern_new (const ScenarioConfig *c, SimEngine *e, Trace *trace);
void        kern_free (Kernel *k);
SimEngine  *kern_engine (Kernel *k);
SimTime     kern_now (const Kernel *k);
Trace      *kern_trace (Kernel *k);
const KernelConfig *kern_config (const Kernel *k);
const KernelCounters *kern_counters (const Kernel *k);
/* Every thread in creation order. */
KThread   **kern_threads (Kernel *k, size_t *n);
/* CPUs (kernel.cpus), and the time a thread ran on CPU `cpu`. */
int         kern_cpus (const Kernel *k);
/* The thread on CPU `cpu` (NULL when idle). */
KThread    *kern_running (const Kernel *k, int cpu);
int64_t     kern_cpu_busy_ns (const Kernel *k, int cpu);
/* A timeout due at `due` expires at this time (kernel.timer_tick rounding). */
SimTime     kern_timeout_at (const Kernel *k, SimTime due);

/* A new thread, ready at the current time; it runs `start` first.  `space`
 * groups threads of one address space (process); -1 for core. */
KThread    *kern_thread_new (Kernel *k, const char *process, const char *thread, int index,
                             int space, ThreadRole role, int priority, KStepFn start, void *ctx);
/* The same on CPU `cpu`, where it runs for good (no migration, as in
 * Fiasco and seL4). */
KThread    *kern_thread_new_on (Kernel *k, int cpu, const char *process, const char *thread,
                                int index, int space, ThreadRole role, int priority,
                                KStepFn start, void *ctx);
/* The new thread `t` begins at `at` instead of now: until then it sleeps,
 * in no ready queue.  Only before the run starts. */
void        kern_thread_start_at (KThread *t, SimTime at);
/* The thread dies now: it leaves every queue; callers queued on endpoints it
 * alone served are aborted; a caller it already accepted stays blocked. */
void        kern_kill (KThread *t);
/* Stops the run at the end of `duration`; open intervals are closed there. */
void        kern_finish (Kernel *k);
/* A model found the run cannot go on (a runaway, a queue without bound):
 * the run stops after the running handler, keeping what it measured; the
 * sentence says why (the first stop wins). */
void        kern_stop (Kernel *k, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* Why the run was stopped (kern_stop), or NULL. */
const char *kern_stopped (const Kernel *k);

/* --- operations of the running thread (call from its continuation) --- */

/* `ns` of preemptible CPU time, then `next`.  KERN_FOREVER never ends. */
void        kern_compute (KThread *t, int64_t ns, KStepFn next);
/* `ns` of non-preemptible CPU time (kernel work), then `next`. */
void        kern_charge (KThread *t, int64_t ns, KStepFn next);
/* Receive with a timeout and no partner: sleeps `ns` (the timer-driver use). */
void        kern_sleep (KThread *t, int64_t ns, KStepFn next);
/* Waits `ns` for a device, off the CPU (blocked_io), then `next`: not an IPC
 * timeout, so exact whatever the timer tick. */
void        kern_io (KThread *t, int64_t ns, KStepFn next);
/* Never receives again (a hung component). */
void        kern_hang (KThread *t);
/* `t`'s behavior stops it for good now, `how` (a hang, a crash): for the
 * result (threads[].misbehavior) and the trace (an instant event on its
 * track, and the reason on the slice it enters next).  Call right before
 * kern_hang or kern_kill. */
void        kern_misbehave (KThread *t, Misbehavior how);
/* The thread ends (dead). */
void        kern_exit (KThread *t);

/* --- endpoints (models/ipc.c) --- */
Endpoint   *ipc_endpoint_new (Kernel *k, const char *name);
/* `t` serves `ep`: when every server of an endpoint is dead, its queued and
 * future callers are aborted. */
void        ipc_endpoint_add_server (Endpoint *ep, KThread *t);
const char *ipc_endpoint_name (const Endpoint *ep);

/* Send `m` and wait for the reply (kern_thread_msg).  `timeout` bounds each
 * phase (KERN_NO_TIMEOUT: none; 0: only if a receiver waits). */
void        ipc_call (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, KStepFn next);
/* A page fault: like ipc_call with no timeout, but costs fault_entry and the
 * thread is blocked_fault throughout.  It counts in kern_thread_faults unless
 * `refault`: the access re-executed after an answer that was not yet the
 * mapping (Genode's "retry"), which the model counts as the same fault. */
void        ipc_fault (KThread *t, Endpoint *pager, const Msg *m, bool refault, KStepFn next);
void        ipc_send (KThread *t, Endpoint *ep, const Msg *m, int64_t timeout, KStepFn next);
/* Wait for a message on `ep` (kern_thread_msg); after a call, `t` holds the
 * right to answer that caller (ipc_reply, ipc_reply_recv, ipc_take_caller). */
void        ipc_recv (KThread *t, Endpoint *ep, int64_t timeout, KStepFn next);
/* Receive, giving up at `deadline` exactly (IPC_TIMEOUT; at once if it has
 * passed when the receive takes effect).  This is the end a scenario gives a
 * component (a behavior's hang time), not an IPC timeout, so the timer tick
 * does not round it. */
void        ipc_recv_until (KThread *t, Endpoint *ep, SimTime deadline, KStepFn next);
/* Reply to the caller t's last receive accepted (if it still waits for us)
 * and continue; never blocks. */
void        ipc_reply (KThread *t, const Msg *m, KStepFn next);
/* Reply to a caller accepted earlier and kept aside (Genode's pager answers
 * deferred faulters this way).  The detached reply right stays in the address
 * space that accepted the call: any thread of that space may use it, and it
 * answers only the call it was taken for (a caller that timed out and called
 * again is not answered by it: the reply is lost and counted). */
void        ipc_reply_to (KThread *t, KThread *caller, const Msg *m, KStepFn next);
/* Reply, then receive the next message on `ep` (L4 reply_wait). */
void        ipc_reply_recv (KThread *t, const Msg *m, Endpoint *ep, KStepFn next);
/* The same with a caller kept aside (ipc_take_caller): answer `caller` as
 * ipc_reply_to does, then receive on `ep`, in one kernel entry. */
void        ipc_reply_recv_to (KThread *t, KThread *caller, const Msg *m, Endpoint *ep,
                               KStepFn next);
/* Detach the caller t's last receive accepted, to answer it later with
 * ipc_reply_to or ipc_reply_recv_to (possibly from another thread of t's
 * address space); t holds no reply right afterwards. */
KThread    *ipc_take_caller (KThread *t);

/* --- signal contexts (models/signal.c) --- */
SigCtx     *sig_ctx_new (Kernel *k, const char *name);
/* Never blocks: wakes the waiting handler or adds one to the pending count. */
void        sig_submit (KThread *t, SigCtx *s, KStepFn next);
/* Wait until the context was submitted; the number of coalesced submits
 * arrives in kern_thread_msg (t)->w[0]. */
void        sig_wait (KThread *t, SigCtx *s, KStepFn next);
uint64_t    sig_pending (const SigCtx *s);
/* Submits that were merged into another submit's delivery, over all contexts. */
uint64_t    sig_coalesced (Kernel *k);

/* --- the trace (--trace) --- */

/* Whether the trace is written: check before putting arguments together. */
bool        kern_tracing (const Kernel *k);
/* Arguments (copied) for the slice of the state `t` enters next: the fault
 * on its blocked_fault slice, the call on core's blocked_reply.  At most
 * KERN_SLICE_ARGS; a later call replaces them. */
#define KERN_SLICE_ARGS 6
void        kern_trace_next_args (KThread *t, const TraceArg *args, size_t n);

/* --- narration (--explain) --- */

/* Whether narration is wanted now (before building words that cost something). */
bool        kern_explaining (const Kernel *k);
/* A line of narration at the current time, if it is wanted. */
void        kern_explain (Kernel *k, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* The same about fault number `about` (Msg.about), or several. */
void        kern_explain_about (Kernel *k, uint64_t about, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);
void        kern_explain_about_n (Kernel *k, const uint64_t *about, size_t n, const char *fmt,
                                  ...) G_GNUC_PRINTF (4, 5);
/* Fault number `about` is `t`'s (for the narration's thread filter). */
void        kern_explain_fault_of (KThread *t, uint64_t about);
/* The words (Msg.explain) `t` gives the message `m` it is about to send, if
 * narration is wanted; the kernel keeps them until t's next words (a thread
 * has one message in flight at a time). */
void        kern_msg_words (KThread *t, Msg *m, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* --- for models: a graph edge when the wait is not an IPC partner --- */
void        kern_set_waits_on (KThread *t, KThread *on, const char *why);
/* Who `t` waits for now (NULL: nobody, several, or not blocked) and why. */
KThread    *kern_waits_for (KThread *t, const char **why);
/* The threads any one of which could end t's wait (up to `max` in `out`),
 * and why it waits; -1 when something else could (a receive, a signal, a
 * timeout still pending): t is not stuck.  0 means nothing ever will (a
 * hung thread).  For deadlock detection over the OR-graph of waits. */
int         kern_wake_sources (KThread *t, KThread **out, int max, const char **why);

#endif
