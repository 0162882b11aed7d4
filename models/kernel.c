/* The simulated machine's threads and the operation mechanism every IPC
 * and signal operation is built on: creating, blocking, waking and ending
 * threads, bursts of kernel and own CPU time, timeouts, sleeps, the
 * wait-for graph, narration, and the accessors models read threads by.
 * Where a thread runs, and when, is the scheduler's (models/sched.c). */
#include "models/kernel_priv.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

/* ------------------------------------------------------------- threads */

static void
slice_args_clear (KSliceArgs *a)
{
  for (size_t i = 0; i < a->n; i++)
    g_free ((char *) a->a[i].str);
  a->n = 0;
}

/* Ends the slice of t's current state (with its arguments) and begins one
 * of `state`, which takes the arguments armed for the next state, if any. */
void
kern_trace_state (KThread *t, ThreadState state)
{
  Kernel *k = t->k;
  SimTime now = sim_now (k->e);
  if (k->trace && now > t->state_since)
    trace_slice_args (k->trace, t->track, thread_state_names[t->state], t->state_since, now,
                      t->slice_args.a, t->slice_args.n);
  if (state != t->state || now > t->state_since)
    slice_args_clear (&t->slice_args);
  if (t->next_args.n > 0 && state != t->next_args_from)
    {
      slice_args_clear (&t->slice_args);
      t->slice_args = t->next_args;
      t->next_args.n = 0;
    }
  t->state = state;
  t->state_since = now;
}

bool
kern_tracing (const Kernel *k)
{
  return trace_writing (k->trace);
}

void
kern_trace_next_args (KThread *t, const TraceArg *args, size_t n)
{
  g_return_if_fail (n <= KERN_SLICE_ARGS);
  slice_args_clear (&t->next_args);
  if (!trace_writing (t->k->trace))
    return;
  for (size_t i = 0; i < n; i++)
    t->next_args.a[i] = (TraceArg) { .key = args[i].key, .str = g_strdup (args[i].str),
                                     .num = args[i].num };
  t->next_args.n = n;
  t->next_args_from = t->state;
}

void
kern_misbehave (KThread *t, Misbehavior how)
{
  g_return_if_fail (how != MISBEHAVIOR_NONE && t->misbehavior == MISBEHAVIOR_NONE);
  t->misbehavior = how;
  t->misbehaved_at = sim_now (t->k->e);
  if (!trace_writing (t->k->trace))
    return;
  const char *what = how == MISBEHAVIOR_HANG ? "hangs: never receives again (its behavior)"
                                             : "crashes: dies (its behavior)";
  const TraceArg args[] = { { .key = "behavior", .str = misbehavior_names[how] } };
  trace_instant (t->k->trace, t->track, t->misbehaved_at, what, args, G_N_ELEMENTS (args));
  /* A hang leaves it blocked to the end: its last slice says why. */
  const TraceArg why[] = { { .key = "why", .str = what } };
  kern_trace_next_args (t, why, G_N_ELEMENTS (why));
}

Misbehavior
kern_thread_misbehavior (const KThread *t, SimTime *at)
{
  if (at != NULL)
    *at = t->misbehavior != MISBEHAVIOR_NONE ? t->misbehaved_at : -1;
  return t->misbehavior;
}

bool
kern_thread_ready_place (const KThread *t, int *same, int *higher, const KThread **first)
{
  return sched_ready_place (t, same, higher, first);
}

static void
thread_free (KThread *t)
{
  slice_args_clear (&t->slice_args);
  slice_args_clear (&t->next_args);
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
  k->n_cpus = MAX (c->kernel.cpus, 1);
  k->cpus = g_new0 (Cpu, k->n_cpus);
  for (int i = 0; i < k->n_cpus; i++)
    {
      k->cpus[i].k = k;
      k->cpus[i].id = i;
    }
  k->entry_cpu = -1;
  sim_schedule (e, 0, sched_start, k);
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
  g_free (k->cpus);
  g_free (k->stopped);
  g_free (k);
}

SimEngine *kern_engine (Kernel *k) { return k->e; }
SimTime kern_now (const Kernel *k) { return sim_now (k->e); }
Trace *kern_trace (Kernel *k) { return k->trace; }
const KernelConfig *kern_config (const Kernel *k) { return &k->kc; }
const KernelCounters *kern_counters (const Kernel *k) { return &k->ctr; }
KernelCounters *kern_counters_mut (Kernel *k) { return &k->ctr; }
int kern_cpus (const Kernel *k) { return k->n_cpus; }
KThread *kern_running (const Kernel *k, int cpu) { return sched_running (k, cpu); }
int64_t kern_cpu_busy_ns (const Kernel *k, int cpu) { return k->cpus[cpu].busy_ns; }

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
  return kern_thread_new_on (k, 0, process, thread, index, space, role, priority, start, ctx);
}

KThread *
kern_thread_new_on (Kernel *k, int cpu, const char *process, const char *thread, int index,
                    int space, ThreadRole role, int priority, KStepFn start, void *ctx)
{
  g_return_val_if_fail (priority >= 0 && priority < N_PRIO, NULL);
  g_return_val_if_fail (cpu >= 0 && cpu < k->n_cpus, NULL);
  KThread *t = g_new0 (KThread, 1);
  t->k = k;
  t->cpu = cpu;
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
  /* With several CPUs the trace groups threads by CPU, the way a schedule
   * is read; with one, by process. */
  if (k->trace && k->n_cpus > 1)
    {
      g_autofree char *group = g_strdup_printf ("cpu %d", cpu);
      t->track = trace_track (k->trace, group, t->name);
    }
  else
    t->track = k->trace ? trace_track (k->trace, process, t->name) : -1;
  g_ptr_array_add (k->threads, t);
  sched_new_thread (t);
  return t;
}

/* --------------------------------------------------------- transitions */

/* Bursts of no length any thread may issue within one simulated instant,
 * beyond a few per thread, before the run is stopped as a runaway: kernel
 * operations that cost nothing, looping between threads (core retrying a
 * reflection that times out at once, with ipc_timeout 0 and ipc 0), keep
 * the clock standing for ever.  A user program's own loop is caught
 * earlier, with its own words, by models/program.c. */
#define KERN_MAX_INSTANT_BURSTS INT64_C (10000000)
#define KERN_INSTANT_BURSTS_PER_THREAD 64

static void
burst_count (KThread *t)
{
  Kernel *k = t->k;
  SimTime now = sim_now (k->e);
  if (now != k->instant)
    {
      k->instant = now;
      k->instant_bursts = 0;
    }
  int64_t bound = KERN_MAX_INSTANT_BURSTS
                  + KERN_INSTANT_BURSTS_PER_THREAD * (int64_t) k->threads->len;
  if (++k->instant_bursts == bound)
    kern_stop (k, "the system makes no progress in simulated time: %" G_GINT64_FORMAT " kernel "
               "operations of no length within one instant, the last by %s (operations that "
               "cost nothing and loop, such as a reflection that times out at once and is "
               "retried at once, never end: give kernel.costs.ipc or kernel.ipc_timeout a "
               "length)", bound, t->name);
}

/* The running thread's next burst: `np` kernel ns, then `p` own ns, then `then`. */
static void
burst_set (KThread *t, int64_t np, int64_t p, KStepFn then, KStepFn next)
{
  g_assert (t == sched_running (t->k, t->cpu) && t->state == TS_RUNNING);
  g_assert (t->burst_next == NULL);   /* one operation per continuation */
  g_assert (np >= 0 && p >= 0);
  if (np == 0 && p == 0)
    burst_count (t);
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
  g_assert (t == sched_running (t->k, t->cpu) && t->state == TS_RUNNING);
  t->np_left = 0;
  t->p_left = 0;
  t->burst_next = t->step;
  t->burst_status = st;
}

void
kern_block (KThread *t, ThreadState state, KWait wait)
{
  t->burst_next = NULL;
  t->wait = wait;
  sched_block (t);
  kern_trace_state (t, state);
}

/* --explain: a faulter answered (with its page, or woken to fault again)
 * that must wait for the CPU says behind whom, so that the time between
 * the answer and its access, the re-fault's cost, shows. */
static void
explain_cpu_wait (const KThread *t, uint64_t about)
{
  int same, higher;
  const KThread *first;
  if (!kern_thread_ready_place (t, &same, &higher, &first) || (same == 0 && higher == 0))
    return;
  g_autofree char *line = g_strdup_printf ("%s is ready, behind %d %s of its priority", t->name,
                                           same, same == 1 ? "thread" : "threads");
  g_autofree char *more = higher > 0
    ? g_strdup_printf (" and %d of higher priority", higher) : g_strdup ("");
  trace_explain_about (t->k->trace, sim_now (t->k->e), &about, about != 0,
                       "%s%s: it waits for the CPU (%s runs first)", line, more, first->name);
}

void
kern_wake_charged (KThread *t, IpcStatus st, int64_t ns)
{
  g_assert (t->state != TS_READY && t->state != TS_RUNNING && t->state != TS_DEAD);
  g_assert (ns >= 0);
  bool fault_answer = t->op.is_fault && st == IPC_OK;
  kern_cancel_timeout (t);
  t->wait = (KWait) { .kind = WAIT_NONE };
  t->op.is_fault = false;
  /* A wake-up from another CPU's kernel entry reaches it by an IPI. */
  t->np_left = ns + (sched_remote (t) ? t->k->kc.costs.ipi : 0);
  t->p_left = 0;
  t->burst_next = t->step;
  t->burst_status = st;
  sched_wake (t);
  if (fault_answer && trace_explaining (t->k->trace))
    explain_cpu_wait (t, t->op.msg.about);
}

void
kern_wake (KThread *t, IpcStatus st)
{
  kern_wake_charged (t, st, 0);
}

void
kern_arm_timeout (KThread *t, int64_t ns, void (*fire) (void *t))
{
  Kernel *k = t->k;
  kern_cancel_timeout (t);
  SimTime at = kern_timeout_at (k, kern_sat_add (sim_now (k->e), ns));
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
void
kern_thread_end (KThread *t)
{
  Kernel *k = t->k;
  switch (t->state)
    {
    case TS_DEAD:
      return;
    case TS_RUNNING:
    case TS_READY:
      sched_remove (t);
      break;
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
    case TS_BLOCKED_REPLY:
    case TS_BLOCKED_FAULT:
    case TS_SLEEPING:
    case TS_BLOCKED_IO:
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
  kern_trace_state (t, TS_DEAD);
  /* Callers it aborts are only queued; what runs next is decided once they
   * all are. */
  k->holding++;
  ipc_thread_died (k, t);
  k->holding--;
  if (k->holding == 0)
    sched_release (k);
}

/* Threads often die together (a process exits, killing each of its
 * threads in turn): what runs next is decided once, by an event at this
 * same instant, so that no thread is switched to only to be killed, and
 * callers woken with an error meanwhile compete on equal terms. */
void
kern_kill (KThread *t)
{
  Kernel *k = t->k;
  k->holding++;
  kern_thread_end (t);
  /* Its CPU decides (unless its continuation is running, or the run has
   * not started: cpu_after or sched_start does). */
  sched_cpu (t)->dirty = true;
  k->holding--;
  if (k->holding == 0)
    sched_release (k);
}

void
kern_exit (KThread *t)
{
  g_assert (t == sched_running (t->k, t->cpu));
  kern_thread_end (t);
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
  t->sleep_deadline = kern_sat_add (sim_now (k->e), ns);
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

static void
io_done (void *data)
{
  KThread *t = data;
  t->timeout_ev = 0;
  kern_wake (t, IPC_OK);
}

static void
io_effect (KThread *t, IpcStatus st)
{
  (void) st;
  int64_t ns = t->op.timeout;
  if (ns == 0)
    {
      kern_continue (t, IPC_OK);
      return;
    }
  kern_block (t, TS_BLOCKED_IO, (KWait) { .kind = WAIT_IO });
  kern_arm_timeout_at (t, kern_sat_add (sim_now (t->k->e), ns), io_done);
}

void
kern_io (KThread *t, int64_t ns, KStepFn next)
{
  g_assert (ns >= 0);
  t->op.timeout = ns;
  /* Waiting for a device costs no kernel operation of its own. */
  kern_op (t, 0, io_effect, next);
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
  sched_finish (k);
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
    case WAIT_IO:
    case WAIT_START:
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
    case WAIT_IO:
    case WAIT_START:
      return -1;
    }
  g_assert_not_reached ();
}

static void
start_due (void *data)
{
  KThread *t = data;
  t->timeout_ev = 0;
  kern_wake (t, IPC_OK);
}

void
kern_thread_start_at (KThread *t, SimTime at)
{
  g_return_if_fail (!t->k->started && t->state == TS_READY);
  if (at <= 0)
    return;
  sched_remove (t);
  t->wait = (KWait) { .kind = WAIT_START };
  kern_trace_state (t, TS_SLEEPING);
  kern_arm_timeout_at (t, at, start_due);
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
kern_explain_about_n (Kernel *k, const uint64_t *about, size_t n, const char *fmt, ...)
{
  if (!trace_explaining (k->trace))
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  trace_explain_about (k->trace, sim_now (k->e), about, n, "%s", line);
}

void
kern_explain_about (Kernel *k, uint64_t about, const char *fmt, ...)
{
  if (!trace_explaining (k->trace))
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  trace_explain_about (k->trace, sim_now (k->e), &about, about != 0, "%s", line);
}

void
kern_explain_fault_of (KThread *t, uint64_t about)
{
  trace_explain_fault_of (t->k->trace, about, t->track);
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
int kern_thread_cpu (const KThread *t) { return t->cpu; }
bool kern_thread_running (const KThread *t) { return t->state == TS_RUNNING; }
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
