/* Tests of the kernel model: scheduling, IPC with timeouts, signals, thread
 * programs, plain servers and determinism.  Small systems are built directly
 * on the kernel API with test continuations; whole runs go through
 * machine_run on hand-built configurations. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/kernel.h"
#include "models/machine.h"
#include "models/program.h"
#include "sim/report_json.h"

#define US INT64_C (1000)
#define MS INT64_C (1000000)
#define S INT64_C (1000000000)

/* ------------------------------------------------------------ fixture */

typedef struct {
  ScenarioConfig c;
  SimEngine *e;
  Kernel *k;
} Rig;

static Rig *
rig_new (void)
{
  Rig *r = g_new0 (Rig, 1);
  config_defaults (&r->c);
  r->c.name = "rig";
  r->c.duration = S;
  memset (&r->c.kernel.costs, 0, sizeof r->c.kernel.costs);
  return r;
}

static void
rig_start (Rig *r)
{
  r->e = sim_engine_new (1);
  r->k = kern_new (&r->c, r->e, NULL);
}

static void
rig_run (Rig *r, SimTime until)
{
  sim_run (r->e, until, 100000000);
  kern_finish (r->k);
}

static void
rig_free (Rig *r)
{
  kern_free (r->k);
  sim_engine_free (r->e);
  g_free (r);
}

/* Test threads keep their script in ctx. */
typedef struct {
  Endpoint *ep, *ep2;
  SigCtx *sig;
  int64_t a, b;          /* script parameters */
  int n;                 /* how many times something happened */
  IpcStatus last;
  SimTime at;            /* when it happened */
  int64_t value;
  IpcStatus first;       /* a two-step script: the first step's outcome */
  KThread **held;        /* a caller handed between threads */
} Script;

static void
step_done (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  s->n++;
  s->last = st;
  s->at = kern_now (kern_thread_kernel (t));
  s->value = kern_thread_msg (t)->w[0];
}

static void
forever (KThread *t, IpcStatus st)
{
  (void) st;
  kern_compute (t, KERN_FOREVER, forever);
}

/* --------------------------------------------------------- scheduling */

static Op op_forever = { .kind = OP_COMPUTE, .u.compute = { .forever = true } };

static RunResult *
run_hogs (int64_t duration)
{
  ScenarioConfig c;
  config_defaults (&c);
  c.name = "hogs";
  c.duration = duration;
  ThreadConfig tc = { .name = "hog", .count = 3, .priority = 50, .program = &op_forever, .n_program = 1 };
  ProcessConfig pc = { .name = "load", .threads = &tc, .n_threads = 1 };
  c.processes = &pc;
  c.n_processes = 1;
  return machine_run (&c, NULL);
}

START_TEST (test_sched_round_robin_shares_cpu)
{
  /* The issue asks for 333 ms +- 1 % each over 1 s.  With 10 ms quanta that
   * cannot hold: 1 s is 100 whole slices, dealt 34/33/33, so one hog gets
   * 340 ms (+2 %).  So at 1 s each share is checked to within one slice, and
   * the 1 % is checked over 3 s (300 slices, 100 each, only the context
   * switches' cost apart).  The hogs switch once per slice: ~100 switches. */
  RunResult *r = run_hogs (S);
  int hogs = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    {
      if (r->threads[i].role != ROLE_USER)
        {
          ck_assert_int_le (r->threads[i].cpu_ns, 1 * US);   /* core only waits */
          continue;
        }
      hogs++;
      ck_assert_int_ge (r->threads[i].cpu_ns, 333 * MS - 10 * MS);
      ck_assert_int_le (r->threads[i].cpu_ns, 333 * MS + 10 * MS);
    }
  ck_assert_int_eq (hogs, 3);
  ck_assert_uint_ge (r->kernel.context_switches, 99);
  ck_assert_uint_le (r->kernel.context_switches, 102);
  run_result_free (r);

  /* Over 3 s the quantisation is within 1 %. */
  r = run_hogs (3 * S);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      if (r->threads[i].role != ROLE_USER)
        continue;
      ck_assert_int_ge (r->threads[i].cpu_ns, (int64_t) (1000 * MS * 0.99));
      ck_assert_int_le (r->threads[i].cpu_ns, (int64_t) (1000 * MS * 1.01));
    }
  run_result_free (r);
}
END_TEST

static void
sleeper_loop (KThread *t, IpcStatus st);

static void
sleeper_woke (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  (void) st;
  int64_t err = kern_now (kern_thread_kernel (t)) - kern_thread_sleep_deadline (t);
  s->value = MAX (s->value, err);
  s->n++;
  sleeper_loop (t, IPC_OK);
}

static void
sleeper_loop (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, sleeper_woke);
}

START_TEST (test_sched_wakeup_preempts_within_context_switch)
{
  for (int hogs = 1; hogs <= 2; hogs++)
    {
      Rig *r = rig_new ();
      r->c.kernel.costs = config_default_costs ();
      rig_start (r);
      Script hog = { 0 }, timer = { .a = 3 * MS + 7 };
      for (int i = 0; i < hogs; i++)
        kern_thread_new (r->k, "load", "hog", i, 0, ROLE_USER, 10, forever, &hog);
      kern_thread_new (r->k, "timer", "t", 0, 1, ROLE_USER, 200, sleeper_loop, &timer);
      rig_run (r, S);
      ck_assert_int_ge (timer.n, 300);
      /* One hog: the wake-up costs only the switch into the timer.  Two hogs
       * switch between themselves too, and that kernel work is not preempted. */
      ck_assert_int_le (timer.value, hogs * r->c.kernel.costs.context_switch);
      ck_assert_int_ge (timer.value, r->c.kernel.costs.context_switch);
      rig_free (r);
    }
}
END_TEST

START_TEST (test_sched_timer_tick_rounds_up)
{
  Rig *r = rig_new ();
  r->c.kernel.costs = config_default_costs ();
  r->c.kernel.timer_tick = MS;
  rig_start (r);
  Script hog = { 0 }, timer = { .a = 3 * MS + 7 };
  kern_thread_new (r->k, "load", "hog", 0, 0, ROLE_USER, 10, forever, &hog);
  kern_thread_new (r->k, "timer", "t", 0, 1, ROLE_USER, 200, sleeper_loop, &timer);
  rig_run (r, S);
  ck_assert_int_ge (timer.n, 200);
  ck_assert_int_gt (timer.value, 0);
  ck_assert_int_lt (timer.value, MS + r->c.kernel.costs.context_switch);
  ck_assert_int_eq (kern_timeout_at (r->k, 3 * MS + 7), 4 * MS);
  ck_assert_int_eq (kern_timeout_at (r->k, 4 * MS), 4 * MS);
  rig_free (r);
}
END_TEST

/* ----------------------------------------------------------------- IPC */

static void
server_reply_after (KThread *t, IpcStatus st);

static void
server_replied (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, server_reply_after);
}

static void
server_computed (KThread *t, IpcStatus st)
{
  (void) st;
  Msg m = { .w = { 42 } };
  ipc_reply (t, &m, server_replied);
}

static void
server_reply_after (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  s->n++;
  kern_compute (t, s->a, server_computed);
}

static void
server_start_late (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  /* Away until `b` (not on the CPU), then receives. */
  kern_sleep (t, s->b, server_replied);
}

static void
caller_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1 };
  ipc_call (t, s->ep, &m, s->a, step_done);
}

static void
check_send_timeout (int64_t receive_at, IpcStatus expect)
{
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 1 * MS, .b = receive_at };
  Script cli = { .ep = ep, .a = 5 * MS };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 100, server_start_late, &srv);
  ipc_endpoint_add_server (ep, st);
  kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, caller_start, &cli);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (cli.n, 1);
  ck_assert_int_eq (cli.last, expect);
  if (expect == IPC_OK)
    {
      ck_assert_int_eq (cli.value, 42);
      ck_assert_int_eq (cli.at, receive_at + 1 * MS);
      ck_assert_uint_eq (kern_counters (r->k)->ipc, 2);
      ck_assert_uint_eq (kern_counters (r->k)->ipc_dropped, 0);
    }
  else
    {
      ck_assert_int_eq (cli.at, 5 * MS);
      ck_assert_uint_eq (kern_counters (r->k)->ipc, 0);
      ck_assert_uint_eq (kern_counters (r->k)->ipc_dropped, 1);
    }
  rig_free (r);
}

/* A thread that does nothing more: it dies. */
static void
step_end (KThread *t, IpcStatus st)
{
  (void) t;
  (void) st;
}

static void
sleep_then_end (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, step_end);
}

START_TEST (test_sched_preempted_keeps_head_and_slice)
{
  /* A and B share priority 10; H wakes at 3 ms and leaves at once.  A was
   * preempted: it goes on first (head) for the 7 ms left of its slice, then
   * B.  At 15 ms: A 10 ms, B 5 ms.  (Tail: A 5, B 10; a fresh slice for A:
   * A 13, B 2.) */
  Rig *r = rig_new ();
  rig_start (r);
  Script h = { .a = 3 * MS }, hog = { 0 };
  kern_thread_new (r->k, "timer", "h", 0, 0, ROLE_USER, 200, sleep_then_end, &h);
  KThread *a = kern_thread_new (r->k, "load", "a", 0, 1, ROLE_USER, 10, forever, &hog);
  KThread *b = kern_thread_new (r->k, "load", "b", 0, 1, ROLE_USER, 10, forever, &hog);
  rig_run (r, 15 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (a), 10 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (b), 5 * MS);
  rig_free (r);
}
END_TEST

START_TEST (test_sched_expired_slice_goes_to_tail)
{
  /* A, B, C take 10 ms turns; A's second turn starts at 30 ms with a whole
   * new slice.  At 35 ms: 15/10/10.  (An expired thread kept at the head
   * would take it all; one without a fresh slice would expire at once.) */
  Rig *r = rig_new ();
  rig_start (r);
  Script hog = { 0 };
  KThread *a = kern_thread_new (r->k, "load", "a", 0, 1, ROLE_USER, 10, forever, &hog);
  KThread *b = kern_thread_new (r->k, "load", "b", 0, 1, ROLE_USER, 10, forever, &hog);
  KThread *c = kern_thread_new (r->k, "load", "c", 0, 1, ROLE_USER, 10, forever, &hog);
  rig_run (r, 35 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (a), 15 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (b), 10 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (c), 10 * MS);
  ck_assert_uint_eq (kern_counters (r->k)->context_switches, 4);
  rig_free (r);
}
END_TEST

static void
compute_sleep_forever (KThread *t, IpcStatus st);

static void
compute_then_sleep (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_compute (t, s->a, compute_sleep_forever);
}

static void
compute_sleep_forever (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->b, forever);
}

START_TEST (test_sched_woken_goes_to_tail_with_fresh_slice)
{
  /* W computes 4 ms, sleeps 2 ms and computes on; A and B are hogs of its
   * priority.  W wakes at 6 ms behind B (A runs 4-14, B 14-24) and then
   * has a whole slice, 24-34.  At 32 ms: W 12, A 10, B 10.  (At the head W
   * would run at 14; with only the 6 ms left of its slice A would be back
   * at 30.) */
  Rig *r = rig_new ();
  rig_start (r);
  Script ws = { .a = 4 * MS, .b = 2 * MS }, hog = { 0 };
  KThread *w = kern_thread_new (r->k, "app", "w", 0, 0, ROLE_USER, 10, compute_then_sleep, &ws);
  KThread *a = kern_thread_new (r->k, "load", "a", 0, 1, ROLE_USER, 10, forever, &hog);
  KThread *b = kern_thread_new (r->k, "load", "b", 0, 1, ROLE_USER, 10, forever, &hog);
  rig_run (r, 32 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (w), 12 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (a), 10 * MS);
  ck_assert_int_eq (kern_thread_cpu_ns (b), 10 * MS);
  rig_free (r);
}
END_TEST

static void
woke_record_end (KThread *t, IpcStatus st)
{
  step_done (t, st);
}

static void
timer_sleep_once (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, woke_record_end);
}

static void
nb_send_then_forever (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1 };
  ipc_send (t, s->ep, &m, 0, forever);
}

START_TEST (test_sched_kernel_costs_not_preemptible)
{
  /* An IPC costs 30 us of kernel time.  H (high) pays 0-30 us for its
   * sleep and is due at 40 us; L (low) is then inside its own 30-60 us
   * send and is not preempted: H runs at 60 us.  Each pays its own IPC.  A
   * preemptible burst in L's place lets H in at 40 us exactly. */
  for (int kernel = 0; kernel < 2; kernel++)
    {
      Rig *r = rig_new ();
      r->c.kernel.costs.ipc = 30 * US;
      rig_start (r);
      Endpoint *ep = ipc_endpoint_new (r->k, "nobody");
      Script h = { .a = 10 * US }, l = { .ep = ep };
      KThread *ht = kern_thread_new (r->k, "timer", "h", 0, 0, ROLE_USER, 200, timer_sleep_once, &h);
      KThread *lt = kern_thread_new (r->k, "load", "l", 0, 1, ROLE_USER, 10,
                                     kernel ? nb_send_then_forever : forever, &l);
      rig_run (r, 1 * MS);
      ck_assert_int_eq (h.n, 1);
      ck_assert_int_eq (h.at, kernel ? 60 * US : 40 * US);
      ck_assert_int_eq (kern_thread_cpu_ns (ht), 30 * US);
      ck_assert_int_eq (kern_thread_cpu_ns (lt), 1 * MS - 30 * US);
      ck_assert_uint_eq (kern_counters (r->k)->ipc_dropped, kernel ? 1 : 0);
      rig_free (r);
    }
}
END_TEST

static void
recv_record (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, s->a, step_done);
}

START_TEST (test_sched_tick_rounds_recv_and_sleep)
{
  /* A receive timeout of 3.2 ms and a sleep of 2.5 ms: exact without a
   * tick, at the next 1 ms tick with one (4 ms, 3 ms).  A deadline on a
   * tick stays; one past the end of time never comes (and does not
   * overflow). */
  for (int tick = 0; tick < 2; tick++)
    {
      Rig *r = rig_new ();
      r->c.kernel.timer_tick = tick ? MS : 0;
      rig_start (r);
      Endpoint *ep = ipc_endpoint_new (r->k, "idle");
      Script rx = { .ep = ep, .a = 3 * MS + 200 * US }, sl = { .a = 2 * MS + 500 * US };
      kern_thread_new (r->k, "app", "rx", 0, 0, ROLE_USER, 100, recv_record, &rx);
      kern_thread_new (r->k, "app", "sl", 0, 0, ROLE_USER, 90, timer_sleep_once, &sl);
      rig_run (r, 10 * MS);
      ck_assert_int_eq (rx.n, 1);
      ck_assert_int_eq (rx.last, IPC_TIMEOUT);
      ck_assert_int_eq (rx.at, tick ? 4 * MS : 3 * MS + 200 * US);
      ck_assert_int_eq (sl.n, 1);
      ck_assert_int_eq (sl.at, tick ? 3 * MS : 2 * MS + 500 * US);
      ck_assert_int_eq (kern_timeout_at (r->k, 7 * MS), 7 * MS);
      ck_assert_int_eq (kern_timeout_at (r->k, INT64_MAX - 5), tick ? INT64_MAX : INT64_MAX - 5);
      rig_free (r);
    }
}
END_TEST

static void
sleep_then_call (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->b, caller_start);
}

static void
compute_then_send (KThread *t, IpcStatus st);

static void
send_then_forever (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .w = { 7 } };
  ipc_send (t, s->ep, &m, KERN_NO_TIMEOUT, compute_then_send);
}

static void
compute_then_send (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  if (s->n++ == 0)
    {
      kern_compute (t, s->b, send_then_forever);
      return;
    }
  s->last = st;
  s->at = kern_now (kern_thread_kernel (t));
  forever (t, st);
}

static void late_hog (KThread *t, IpcStatus st);

/* When does a receiver woken by IPC run?  `call`: caller C (100) calls at
 * 1 ms, preempting a hog X (50) that started its slice at 10 us; `send`: a
 * sender S of the hog's priority sends at 1 ms and goes on. */
static SimTime
woken_receiver_runs_at (IpcSwitchPolicy policy, bool call, int rx_prio)
{
  Rig *r = rig_new ();
  r->c.kernel.ipc_switch = policy;
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "rx");
  Script rx = { .ep = ep, .a = KERN_NO_TIMEOUT }, cl = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 1 * MS };
  Script hog = { 0 };
  kern_thread_new (r->k, "srv", "rx", 0, 1, ROLE_SERVER, rx_prio, recv_record, &rx);
  if (call)
    {
      kern_thread_new (r->k, "load", "x", 0, 2, ROLE_USER, 50, late_hog, &hog);
      kern_thread_new (r->k, "app", "c", 0, 0, ROLE_USER, 100, sleep_then_call, &cl);
    }
  else
    {
      kern_thread_new (r->k, "app", "s", 0, 0, ROLE_USER, 50, compute_then_send, &cl);
    }
  rig_run (r, 30 * MS);
  ck_assert_int_eq (rx.n, 1);
  ck_assert_int_eq (rx.value, call ? 0 : 7);
  if (!call)
    {
      /* The sender went on at once, or as soon as the receiver let it. */
      ck_assert_int_eq (cl.last, IPC_OK);
      ck_assert_int_eq (cl.at, 1 * MS);
    }
  SimTime at = rx.at;
  rig_free (r);
  return at;
}

START_TEST (test_sched_ipc_switch_scheduler_queues_woken_receiver)
{
  /* DESIGN.md "Precise semantics": under `scheduler` a woken receiver goes
   * to the tail of its priority and preempts only a lower priority.  A
   * receiver of the hog's priority therefore waits out the rest of the
   * hog's slice (to 10.01 ms).  (seL4 itself switches to it at once on a
   * call, its priority being at least the highest runnable one; DESIGN.md's
   * rule for woken threads is kept for every wake-up.)  A higher receiver
   * runs at once; `direct` hands the caller's CPU over, whatever else is
   * ready. */
  ck_assert_int_eq (woken_receiver_runs_at (IPC_SWITCH_SCHEDULER, true, 50), 10 * MS + 10 * US);
  ck_assert_int_eq (woken_receiver_runs_at (IPC_SWITCH_SCHEDULER, true, 60), 1 * MS);
  ck_assert_int_eq (woken_receiver_runs_at (IPC_SWITCH_DIRECT, true, 50), 1 * MS);
  ck_assert_int_eq (woken_receiver_runs_at (IPC_SWITCH_DIRECT, true, 10), 1 * MS);
  /* A send: the sender goes on; an equal receiver waits for the sender's
   * slice to end, a higher one preempts it at once. */
  ck_assert_int_eq (woken_receiver_runs_at (IPC_SWITCH_SCHEDULER, false, 50), 10 * MS);
  ck_assert_int_eq (woken_receiver_runs_at (IPC_SWITCH_SCHEDULER, false, 60), 1 * MS);
}
END_TEST

START_TEST (test_sched_end_of_run_counts_open_intervals)
{
  /* The run ends at `duration` although the hog's slice (and its burst)
   * would go on: its CPU time is counted to the end, and every thread's
   * time adds up to the whole run (the CPU is never idle with hogs). */
  RunResult *r = run_hogs (7 * MS + 500 * US);
  ck_assert_int_eq (r->sim_time_ns, 7 * MS + 500 * US);
  int64_t sum = 0;
  int running = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    {
      sum += r->threads[i].cpu_ns;
      running += r->threads[i].state == TS_RUNNING;
    }
  ck_assert_int_eq (sum, 7 * MS + 500 * US);
  ck_assert_int_eq (running, 1);
  run_result_free (r);
}
END_TEST

START_TEST (test_ipc_send_timeout_delivered_before_expiry)
{
  check_send_timeout (4 * MS, IPC_OK);
}
END_TEST

START_TEST (test_ipc_send_timeout_drops_after_expiry)
{
  check_send_timeout (6 * MS, IPC_TIMEOUT);
}
END_TEST

static void
server_busy_then_recv (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_compute (t, s->b, server_replied);
}

START_TEST (test_ipc_send_timeout_respects_tick)
{
  /* A 5 ms send timeout and a receiver that gets to its receive at 5.5 ms:
   * exact timeouts drop the message; with a 2 ms tick the timeout expires
   * at 6 ms and the message gets through. */
  for (int tick = 0; tick < 2; tick++)
    {
      Rig *r = rig_new ();
      r->c.kernel.timer_tick = tick ? 2 * MS : 0;
      rig_start (r);
      Endpoint *ep = ipc_endpoint_new (r->k, "srv");
      Script srv = { .ep = ep, .a = 0, .b = 5 * MS + 500 * US };
      Script cli = { .ep = ep, .a = 5 * MS };
      kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, server_busy_then_recv, &srv);
      kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, caller_start, &cli);
      rig_run (r, 20 * MS);
      ck_assert_int_eq (cli.last, tick ? IPC_OK : IPC_TIMEOUT);
      ck_assert_int_eq (cli.at, tick ? 5 * MS + 500 * US : 5 * MS);
      rig_free (r);
    }
}
END_TEST

START_TEST (test_ipc_reply_timeout_loses_reply)
{
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 8 * MS, .b = 0 };
  Script cli = { .ep = ep, .a = 5 * MS };
  kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, server_start_late, &srv);
  kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, caller_start, &cli);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (cli.last, IPC_TIMEOUT);
  ck_assert_int_eq (cli.at, 5 * MS);      /* accepted at 0, reply phase bounded by 5 ms; the client preempts the server */
  ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
  rig_free (r);
}
END_TEST

START_TEST (test_ipc_zero_timeout_is_nonblocking)
{
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 0, .b = 1 * MS };
  Script cli = { .ep = ep, .a = 0 };
  kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 100, server_start_late, &srv);
  kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, caller_start, &cli);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (cli.last, IPC_TIMEOUT);
  ck_assert_int_eq (cli.at, 0);          /* the server sleeps: nobody waits */
  ck_assert_uint_eq (kern_counters (r->k)->ipc_dropped, 1);
  rig_free (r);
}
END_TEST

static void
order_caller (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .w = { kern_thread_priority (t) } };
  ipc_send (t, s->ep, &m, KERN_NO_TIMEOUT, step_done);
}

static GArray *order_log;

static void
order_receiver (KThread *t, IpcStatus st);

static void
order_got (KThread *t, IpcStatus st)
{
  (void) st;
  int64_t v = kern_thread_msg (t)->w[0];
  g_array_append_val (order_log, v);
  order_receiver (t, IPC_OK);
}

static void
order_receiver (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, order_got);
}

static void
order_receiver_start (KThread *t, IpcStatus st)
{
  (void) st;
  kern_compute (t, 1 * MS, order_receiver);
}

static void
check_send_queue (SendQueuePolicy policy, const int64_t *expect)
{
  Rig *r = rig_new ();
  r->c.kernel.send_queue = policy;
  rig_start (r);
  order_log = g_array_new (FALSE, FALSE, sizeof (int64_t));
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script rs = { .ep = ep }, cs = { .ep = ep };
  /* The receiver is busy first, at the top priority, so all three queue. */
  kern_thread_new (r->k, "srv", "rx", 0, 1, ROLE_SERVER, 200, order_receiver_start, &rs);
  kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 10, order_caller, &cs);
  kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 30, order_caller, &cs);
  kern_thread_new (r->k, "app", "c", 0, 0, ROLE_USER, 20, order_caller, &cs);
  rig_run (r, 5 * MS);
  ck_assert_uint_eq (order_log->len, 3);
  for (int i = 0; i < 3; i++)
    ck_assert_int_eq (g_array_index (order_log, int64_t, i), expect[i]);
  g_array_free (order_log, TRUE);
  rig_free (r);
}

START_TEST (test_ipc_send_queue_priority_and_fifo)
{
  /* The receiver runs first (200); the callers then run by priority: 30, 20, 10. */
  static const int64_t prio[] = { 30, 20, 10 };
  check_send_queue (SEND_QUEUE_PRIORITY, prio);
  check_send_queue (SEND_QUEUE_FIFO, prio);
}
END_TEST

static void
delayed_sender (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, order_caller);
}

static void
sleepy_receiver (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 1 * MS, order_receiver);
}

START_TEST (test_ipc_send_queue_priority_reorders_arrivals)
{
  /* The callers arrive in the order 10, 20, 30 while the receiver sleeps:
   * `priority` serves 30 first, `fifo` serves them as they came. */
  static const int64_t by_prio[] = { 30, 20, 10 }, by_arrival[] = { 10, 20, 30 };
  for (int policy = 0; policy < 2; policy++)
    {
      Rig *r = rig_new ();
      r->c.kernel.send_queue = policy == 0 ? SEND_QUEUE_PRIORITY : SEND_QUEUE_FIFO;
      rig_start (r);
      order_log = g_array_new (FALSE, FALSE, sizeof (int64_t));
      Endpoint *ep = ipc_endpoint_new (r->k, "srv");
      Script rs = { .ep = ep };
      Script c10 = { .ep = ep, .a = 1 * US }, c20 = { .ep = ep, .a = 2 * US }, c30 = { .ep = ep, .a = 3 * US };
      kern_thread_new (r->k, "srv", "rx", 0, 1, ROLE_SERVER, 200, sleepy_receiver, &rs);
      kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 10, delayed_sender, &c10);
      kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 20, delayed_sender, &c20);
      kern_thread_new (r->k, "app", "c", 0, 0, ROLE_USER, 30, delayed_sender, &c30);
      rig_run (r, 5 * MS);
      const int64_t *expect = policy == 0 ? by_prio : by_arrival;
      ck_assert_uint_eq (order_log->len, 3);
      for (int i = 0; i < 3; i++)
        ck_assert_int_eq (g_array_index (order_log, int64_t, i), expect[i]);
      g_array_free (order_log, TRUE);
      rig_free (r);
    }
}
END_TEST

static void
sig_submitter (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  if (s->n++ < s->a)
    sig_submit (t, s->sig, sig_submitter);
}

static void
sig_handler_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  sig_wait (t, s->sig, step_done);
}

START_TEST (test_signal_ten_submits_deliver_once)
{
  Rig *r = rig_new ();
  rig_start (r);
  SigCtx *sig = sig_ctx_new (r->k, "faults");
  Script sub = { .sig = sig, .a = 10 }, h = { .sig = sig };
  kern_thread_new (r->k, "core", "pager", 0, -1, ROLE_PAGER, 200, sig_submitter, &sub);
  kern_thread_new (r->k, "mgr", "handler", 0, 1, ROLE_MANAGER, 100, sig_handler_start, &h);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (h.n, 1);
  ck_assert_int_eq (h.value, 10);
  ck_assert_uint_eq (kern_counters (r->k)->signals_submitted, 10);
  ck_assert_uint_eq (kern_counters (r->k)->signals_delivered, 1);
  ck_assert_uint_eq (sig_coalesced (r->k), 9);
  ck_assert_uint_eq (sig_pending (sig), 0);
  rig_free (r);
}
END_TEST

START_TEST (test_signal_submit_wakes_waiting_handler)
{
  Rig *r = rig_new ();
  rig_start (r);
  SigCtx *sig = sig_ctx_new (r->k, "faults");
  Script sub = { .sig = sig, .a = 1 }, h = { .sig = sig };
  kern_thread_new (r->k, "mgr", "handler", 0, 1, ROLE_MANAGER, 100, sig_handler_start, &h);
  kern_thread_new (r->k, "core", "pager", 0, -1, ROLE_PAGER, 50, sig_submitter, &sub);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (h.n, 1);
  ck_assert_int_eq (h.value, 1);
  ck_assert_uint_eq (sig_coalesced (r->k), 0);
  rig_free (r);
}
END_TEST

/* A server that dies aborts queued callers; the accepted one stays blocked. */
static void
crash_server_got (KThread *t, IpcStatus st)
{
  (void) st;
  kern_compute (t, 10 * MS, server_computed);
}

static void
crash_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, crash_server_got);
}

typedef struct {
  KThread *victim;
} KillEv;

static void
kill_ev (void *data)
{
  KillEv *ev = data;
  kern_kill (ev->victim);
}

START_TEST (test_ipc_dead_server_aborts_queued_callers)
{
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep };
  Script c1 = { .ep = ep, .a = KERN_NO_TIMEOUT }, c2 = { .ep = ep, .a = KERN_NO_TIMEOUT };
  /* The server is the lowest: both calls are queued before it receives;
   * it takes a's (higher) and is killed at 5 ms while serving it. */
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, crash_server_start, &srv);
  ipc_endpoint_add_server (ep, st);
  KThread *a = kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 60, caller_start, &c1);
  KThread *b = kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 50, caller_start, &c2);
  KillEv ev = { st };
  sim_schedule (r->e, 5 * MS, kill_ev, &ev);
  sim_run (r->e, 1 * MS, 1000000);
  ck_assert_int_eq (kern_thread_state (b), TS_BLOCKED_SEND);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (kern_thread_state (st), TS_DEAD);
  ck_assert_int_eq (c1.n, 0);                     /* accepted: blocked forever */
  ck_assert_int_eq (kern_thread_state (a), TS_BLOCKED_REPLY);
  ck_assert_int_eq (c2.n, 1);
  ck_assert_int_eq (c2.last, IPC_ABORTED);
  ck_assert_int_eq (c2.at, 5 * MS);
  ck_assert_int_eq (kern_thread_state (b), TS_DEAD);           /* its script ended */
  const char *why;
  ck_assert_ptr_eq (kern_waits_for (a, &why), st);
  ck_assert_str_eq (why, "reply from");
  rig_free (r);
}
END_TEST

static void
late_caller (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 100 * US, caller_start);
}

static void
late_hog (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 10 * US, forever);
}

START_TEST (test_ipc_direct_switch_donates_cpu)
{
  /* A call to a waiting low-priority server while a middle-priority hog is
   * ready: `direct` runs the server on the caller's slice and priority at
   * once; `scheduler` queues it behind the hog, which never yields. */
  for (int direct = 0; direct < 2; direct++)
    {
      Rig *r = rig_new ();
      r->c.kernel.ipc_switch = direct ? IPC_SWITCH_DIRECT : IPC_SWITCH_SCHEDULER;
      rig_start (r);
      Endpoint *ep = ipc_endpoint_new (r->k, "srv");
      Script srv = { .ep = ep, .a = 1 * MS, .b = 0 }, cli = { .ep = ep, .a = KERN_NO_TIMEOUT }, hog = { 0 };
      kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, server_start_late, &srv);
      kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 100, late_caller, &cli);
      kern_thread_new (r->k, "load", "hog", 0, 2, ROLE_USER, 50, late_hog, &hog);
      rig_run (r, 100 * MS);
      if (direct)
        {
          ck_assert_int_eq (cli.n, 1);
          ck_assert_int_eq (cli.at, 100 * US + 1 * MS);
        }
      else
        ck_assert_int_eq (cli.n, 0);
      rig_free (r);
    }
}
END_TEST

START_TEST (test_ipc_call_timeout_bounds_both_phases)
{
  /* A call with a 2.5 ms timeout.  The server receives at 1.5 ms, inside
   * the send bound, and serves 10 ms: the reply wait is bounded from the
   * acceptance, so the caller gives up at 4 ms.  With timer_tick 1 ms the
   * server's own sleep ends at 2 ms, and the reply bound at 4.5 ms rounds
   * up to 5 ms.  The request was transferred, so nothing is dropped; the
   * late reply is lost. */
  for (int tick = 0; tick < 2; tick++)
    {
      Rig *r = rig_new ();
      r->c.kernel.timer_tick = tick ? MS : 0;
      rig_start (r);
      Endpoint *ep = ipc_endpoint_new (r->k, "srv");
      Script srv = { .ep = ep, .a = 10 * MS, .b = 1 * MS + 500 * US };
      Script cli = { .ep = ep, .a = 2 * MS + 500 * US };
      KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, server_start_late, &srv);
      ipc_endpoint_add_server (ep, st);
      kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, caller_start, &cli);
      rig_run (r, 20 * MS);
      ck_assert_int_eq (cli.n, 1);
      ck_assert_int_eq (cli.last, IPC_TIMEOUT);
      ck_assert_int_eq (cli.at, tick ? 5 * MS : 4 * MS);
      ck_assert_uint_eq (kern_counters (r->k)->ipc, 1);
      ck_assert_uint_eq (kern_counters (r->k)->ipc_dropped, 0);
      ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
      rig_free (r);
    }
}
END_TEST

static void
sleep_then_recv (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->b, recv_record);
}

START_TEST (test_ipc_send_transfers_and_sender_goes_on)
{
  /* A send to a receiver that is away for 2 ms waits in its queue; when it
   * is received the message is transferred, the sender continues with OK
   * and the receiver owes no reply. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "rx");
  Script rx = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 2 * MS }, sd = { .ep = ep, .b = 0 };
  KThread *rt = kern_thread_new (r->k, "srv", "rx", 0, 1, ROLE_SERVER, 100, sleep_then_recv, &rx);
  KThread *st = kern_thread_new (r->k, "app", "s", 0, 0, ROLE_USER, 50, compute_then_send, &sd);
  sim_run (r->e, 1 * MS, 1000000);
  ck_assert_int_eq (kern_thread_state (st), TS_BLOCKED_SEND);
  rig_run (r, 5 * MS);
  ck_assert_int_eq (rx.n, 1);
  ck_assert_int_eq (rx.at, 2 * MS);
  ck_assert_int_eq (rx.value, 7);
  ck_assert_ptr_null (ipc_take_caller (rt));   /* it holds no reply right */
  ck_assert_int_eq (sd.last, IPC_OK);
  ck_assert_int_eq (sd.at, 2 * MS);
  ck_assert_int_eq (kern_thread_state (st), TS_RUNNING);
  ck_assert_uint_eq (kern_counters (r->k)->ipc, 1);
  rig_free (r);
}
END_TEST

static void counting_server_got (KThread *t, IpcStatus st);

static void
counting_server_served (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .w = { s->value } };
  ipc_reply_recv (t, &m, s->ep, counting_server_got);
}

/* Serves each call `a` ns and answers with `b` if set, else the number of
 * calls it has taken. */
static void
counting_server_got (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  s->n++;
  s->value = s->b ? s->b : s->n;
  kern_compute (t, s->a, counting_server_served);
}

static void
counting_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, counting_server_got);
}

START_TEST (test_ipc_reply_recv_is_one_kernel_entry)
{
  /* Two clients call a server that serves 10 us and answers with
   * reply_recv: one IPC cost (1 us) per round besides its first receive,
   * 1 + 2 x (10 + 1) = 23 us; a reply and a receive would be 25 us. */
  Rig *r = rig_new ();
  r->c.kernel.costs.ipc = 1 * US;
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 10 * US, .b = 42 };
  Script c1 = { .ep = ep, .a = KERN_NO_TIMEOUT }, c2 = { .ep = ep, .a = KERN_NO_TIMEOUT };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 100, counting_server_start, &srv);
  ipc_endpoint_add_server (ep, st);
  KThread *a = kern_thread_new (r->k, "app", "c", 0, 0, ROLE_USER, 50, caller_start, &c1);
  KThread *b = kern_thread_new (r->k, "app", "c", 1, 0, ROLE_USER, 50, caller_start, &c2);
  rig_run (r, 1 * MS);
  ck_assert_int_eq (c1.last, IPC_OK);
  ck_assert_int_eq (c1.value, 42);
  ck_assert_int_eq (c2.last, IPC_OK);
  ck_assert_int_eq (c2.value, 42);
  ck_assert_int_eq (srv.n, 2);
  ck_assert_int_eq (kern_thread_cpu_ns (st), 23 * US);
  ck_assert_int_eq (kern_thread_cpu_ns (a), 1 * US);
  ck_assert_int_eq (kern_thread_cpu_ns (b), 1 * US);
  ck_assert_int_eq (kern_thread_state (st), TS_BLOCKED_RECV);
  ck_assert_uint_eq (kern_counters (r->k)->ipc, 4);
  rig_free (r);
}
END_TEST

static void
send_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 2 };
  ipc_send (t, s->ep, &m, KERN_NO_TIMEOUT, step_done);
}

static void
away (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 1 * S, away);
}

START_TEST (test_ipc_dead_server_aborts_only_when_all_died)
{
  /* An endpoint with two server threads, both away: a call and a send
   * queue.  The first death changes nothing; the second aborts both, and a
   * call made later is aborted at once. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script idle = { 0 };
  Script cs = { .ep = ep, .a = KERN_NO_TIMEOUT }, ss = { .ep = ep };
  Script late = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 3 * MS };
  KThread *s1 = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 100, away, &idle);
  KThread *s2 = kern_thread_new (r->k, "srv", "worker", 1, 1, ROLE_SERVER, 100, away, &idle);
  ipc_endpoint_add_server (ep, s1);
  ipc_endpoint_add_server (ep, s2);
  KThread *c = kern_thread_new (r->k, "app", "c", 0, 0, ROLE_USER, 50, caller_start, &cs);
  KThread *d = kern_thread_new (r->k, "app", "d", 0, 0, ROLE_USER, 50, send_start, &ss);
  kern_thread_new (r->k, "app", "e", 0, 0, ROLE_USER, 50, sleep_then_call, &late);
  KillEv k1 = { s1 }, k2 = { s2 };
  sim_schedule (r->e, 1 * MS, kill_ev, &k1);
  sim_schedule (r->e, 2 * MS, kill_ev, &k2);
  sim_run (r->e, 1 * MS + 500 * US, 1000000);
  ck_assert_int_eq (kern_thread_state (c), TS_BLOCKED_SEND);
  ck_assert_int_eq (kern_thread_state (d), TS_BLOCKED_SEND);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (cs.n, 1);
  ck_assert_int_eq (cs.last, IPC_ABORTED);
  ck_assert_int_eq (cs.at, 2 * MS);
  ck_assert_int_eq (ss.n, 1);
  ck_assert_int_eq (ss.last, IPC_ABORTED);
  ck_assert_int_eq (ss.at, 2 * MS);
  ck_assert_int_eq (late.n, 1);
  ck_assert_int_eq (late.last, IPC_ABORTED);
  ck_assert_int_eq (late.at, 3 * MS);
  ck_assert_uint_eq (kern_counters (r->k)->ipc, 0);
  rig_free (r);
}
END_TEST

/* A caller whose first call (to s->ep, timeout s->a) times out calls again,
 * without a timeout, on s->ep2 (or s->ep). */
static void
recaller_step (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  if (s->n++ == 0)
    {
      s->first = st;
      Msg m = { .label = 2 };
      ipc_call (t, s->ep2 ? s->ep2 : s->ep, &m, KERN_NO_TIMEOUT, recaller_step);
      return;
    }
  s->last = st;
  s->at = kern_now (kern_thread_kernel (t));
  s->value = kern_thread_msg (t)->w[0];
}

static void
recaller_call (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1 };
  ipc_call (t, s->ep, &m, s->a, recaller_step);
}

/* Away for `b` first (0: not at all). */
static void
recaller_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->b, recaller_call);
}

START_TEST (test_ipc_stale_reply_same_server)
{
  /* One lower server thread, 5 ms per call.  The caller gives up on call 1
   * at 2 ms and calls again at once; call 2 queues.  The reply to call 1
   * (5 ms) is lost; call 2 is answered (with "2") at 10 ms. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 5 * MS };
  Script cli = { .ep = ep, .a = 2 * MS };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, counting_server_start, &srv);
  ipc_endpoint_add_server (ep, st);
  kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, recaller_start, &cli);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (cli.first, IPC_TIMEOUT);
  ck_assert_int_eq (cli.last, IPC_OK);
  ck_assert_int_eq (cli.value, 2);
  ck_assert_int_eq (cli.at, 10 * MS);
  ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
  rig_free (r);
}
END_TEST

START_TEST (test_ipc_stale_reply_other_server_thread)
{
  /* Two lower server threads, both waiting, answer with their own mark.
   * Call 1 (at 0.1 ms) goes to the first (5 ms of work) and times out at
   * 2.1 ms; call 2 goes to the second, which answers at 10.1 ms.  The
   * first's reply at 5.1 ms must not answer call 2. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script s1 = { .ep = ep, .a = 5 * MS, .b = 1 }, s2 = { .ep = ep, .a = 5 * MS, .b = 2 };
  Script cli = { .ep = ep, .a = 2 * MS, .b = 100 * US };
  ipc_endpoint_add_server (ep, kern_thread_new (r->k, "srv", "w", 0, 1, ROLE_SERVER, 10, counting_server_start, &s1));
  ipc_endpoint_add_server (ep, kern_thread_new (r->k, "srv", "w", 1, 1, ROLE_SERVER, 10, counting_server_start, &s2));
  kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, recaller_start, &cli);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (cli.first, IPC_TIMEOUT);
  ck_assert_int_eq (cli.last, IPC_OK);
  ck_assert_int_eq (cli.value, 2);
  ck_assert_int_eq (cli.at, 10 * MS + 100 * US);
  ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
  rig_free (r);
}
END_TEST

/* A server that keeps its caller aside (ipc_take_caller), serves `a` ns
 * and answers with ipc_reply_to, mark `b`. */
static void deferring_server_start (KThread *t, IpcStatus st);

static void
deferring_server_answer (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .w = { s->b } };
  KThread *c = *s->held;
  *s->held = NULL;
  ipc_reply_to (t, c, &m, deferring_server_start);
}

static void
deferring_server_got (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  *s->held = ipc_take_caller (t);
  kern_compute (t, s->a, deferring_server_answer);
}

static void
deferring_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, deferring_server_got);
}

START_TEST (test_ipc_stale_detached_reply_other_component)
{
  /* Core's pager under ipc-timeout, in small: its call to M1 (at 0.1 ms)
   * times out at 2.1 ms, and it then calls M2.  Both managers keep the
   * caller aside and answer with ipc_reply_to.  M1's late answer (5.1 ms)
   * must not pass for M2's (15.1 ms). */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *e1 = ipc_endpoint_new (r->k, "m1"), *e2 = ipc_endpoint_new (r->k, "m2");
  KThread *h1 = NULL, *h2 = NULL;
  Script m1 = { .ep = e1, .a = 5 * MS, .b = 1, .held = &h1 }, m2 = { .ep = e2, .a = 10 * MS, .b = 2, .held = &h2 };
  Script cli = { .ep = e1, .ep2 = e2, .a = 2 * MS, .b = 100 * US };
  ipc_endpoint_add_server (e1, kern_thread_new (r->k, "m1", "mgr", 0, 1, ROLE_MANAGER, 10, deferring_server_start, &m1));
  ipc_endpoint_add_server (e2, kern_thread_new (r->k, "m2", "mgr", 0, 2, ROLE_MANAGER, 10, deferring_server_start, &m2));
  kern_thread_new (r->k, "core", "pager", 0, -1, ROLE_PAGER, 50, recaller_start, &cli);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (cli.first, IPC_TIMEOUT);
  ck_assert_int_eq (cli.last, IPC_OK);
  ck_assert_int_eq (cli.value, 2);
  ck_assert_int_eq (cli.at, 15 * MS + 100 * US);
  ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
  rig_free (r);
}
END_TEST

/* A thread of the accepting component answers a caller that another of its
 * threads kept aside, by ipc_reply_to (`a` = 0) or by ipc_reply_recv_to
 * (`a` = 1). */
static void
helper_answer (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .w = { s->b } };
  KThread *c = *s->held;
  if (s->a)
    ipc_reply_recv_to (t, c, &m, s->ep2, step_end);
  else
    ipc_reply_to (t, c, &m, step_end);
}

static void
helper_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->value, helper_answer);
}

static void
taker_got (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  *s->held = ipc_take_caller (t);
  away (t, IPC_OK);
}

static void
taker_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, taker_got);
}

START_TEST (test_ipc_detached_right_stays_in_component)
{
  /* Core's pager keeps a faulter aside; core's entrypoint (another thread
   * of core) answers it.  A thread of another component trying the same
   * pointer first (0.5 ms) is refused: the reply is lost and the caller
   * still waits, until the entrypoint answers at 1 ms. */
  for (int handback = 0; handback < 2; handback++)
    {
      Rig *r = rig_new ();
      rig_start (r);
      Endpoint *ep = ipc_endpoint_new (r->k, "pager"), *other = ipc_endpoint_new (r->k, "entry");
      KThread *held = NULL;
      Script taker = { .ep = ep, .held = &held };
      Script entry = { .ep2 = other, .a = handback, .b = 5, .held = &held, .value = 1 * MS };
      Script intruder = { .ep2 = other, .a = 0, .b = 9, .held = &held, .value = 500 * US };
      Script cli = { .ep = ep, .a = KERN_NO_TIMEOUT };
      ipc_endpoint_add_server (ep, kern_thread_new (r->k, "core", "pager", 0, -1, ROLE_PAGER, 200, taker_start, &taker));
      kern_thread_new (r->k, "core", "entrypoint", 0, -1, ROLE_CORE, 200, helper_start, &entry);
      kern_thread_new (r->k, "evil", "t", 0, 7, ROLE_USER, 200, helper_start, &intruder);
      kern_thread_new (r->k, "app", "faulter", 0, 0, ROLE_USER, 50, caller_start, &cli);
      rig_run (r, 5 * MS);
      ck_assert_int_eq (cli.n, 1);
      ck_assert_int_eq (cli.last, IPC_OK);
      ck_assert_int_eq (cli.value, 5);
      ck_assert_int_eq (cli.at, 1 * MS);
      ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
      rig_free (r);
    }
}
END_TEST

START_TEST (test_ipc_reply_to_dead_caller_is_lost)
{
  /* The caller dies at 2 ms while the server works on its call; the reply
   * at 5 ms is lost and the server goes on to the next caller, queued at
   * 3 ms and answered at 10 ms. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 5 * MS, .b = 42 };
  Script c1 = { .ep = ep, .a = KERN_NO_TIMEOUT }, c2 = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 3 * MS };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, counting_server_start, &srv);
  ipc_endpoint_add_server (ep, st);
  KThread *a = kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 50, caller_start, &c1);
  kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 50, sleep_then_call, &c2);
  KillEv ev = { a };
  sim_schedule (r->e, 2 * MS, kill_ev, &ev);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (kern_thread_state (a), TS_DEAD);
  ck_assert_int_eq (c1.n, 0);
  ck_assert_int_eq (c2.n, 1);
  ck_assert_int_eq (c2.last, IPC_OK);
  ck_assert_int_eq (c2.value, 42);
  ck_assert_int_eq (c2.at, 10 * MS);
  ck_assert_uint_eq (kern_counters (r->k)->replies_lost, 1);
  ck_assert_int_eq (kern_thread_state (st), TS_BLOCKED_RECV);
  rig_free (r);
}
END_TEST

/* --------------------------------------------------- killing, limits */

START_TEST (test_kill_donee_on_donated_slice)
{
  /* `direct`: the caller's CPU goes to a low server, which is killed at
   * 500 us while it runs on the donated slice.  The caller stays blocked
   * for good (its call was accepted); the hog gets the CPU at once. */
  Rig *r = rig_new ();
  r->c.kernel.ipc_switch = IPC_SWITCH_DIRECT;
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 1 * MS, .b = 0 }, cli = { .ep = ep, .a = KERN_NO_TIMEOUT }, hog = { 0 };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, server_start_late, &srv);
  ipc_endpoint_add_server (ep, st);
  KThread *c = kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 100, late_caller, &cli);
  KThread *h = kern_thread_new (r->k, "load", "hog", 0, 2, ROLE_USER, 50, late_hog, &hog);
  KillEv ev = { st };
  sim_schedule (r->e, 500 * US, kill_ev, &ev);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (kern_thread_state (st), TS_DEAD);
  ck_assert_int_eq (kern_thread_cpu_ns (st), 400 * US);
  ck_assert_int_eq (cli.n, 0);
  ck_assert_int_eq (kern_thread_state (c), TS_BLOCKED_REPLY);
  ck_assert_ptr_eq (kern_waits_for (c, NULL), st);
  ck_assert_int_eq (kern_thread_cpu_ns (h), 90 * US + 9500 * US);
  rig_free (r);
}
END_TEST

START_TEST (test_kill_cancels_pending_timeout)
{
  /* Threads killed at the very instant their timeouts are due (the kill
   * comes first): no timeout may fire on a dead thread. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv"), *quiet = ipc_endpoint_new (r->k, "quiet");
  Script idle = { 0 };
  KThread *srv = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, away, &idle);
  ipc_endpoint_add_server (ep, srv);
  Script rx = { .ep = quiet, .a = 5 * MS }, sl = { .a = 5 * MS }, cl = { .ep = ep, .a = 5 * MS };
  KThread *a = kern_thread_new (r->k, "app", "rx", 0, 0, ROLE_USER, 50, recv_record, &rx);
  KThread *b = kern_thread_new (r->k, "app", "sl", 0, 0, ROLE_USER, 50, timer_sleep_once, &sl);
  KThread *c = kern_thread_new (r->k, "app", "cl", 0, 0, ROLE_USER, 50, caller_start, &cl);
  KillEv ka = { a }, kb = { b }, kc = { c };
  sim_schedule (r->e, 5 * MS, kill_ev, &ka);
  sim_schedule (r->e, 5 * MS, kill_ev, &kb);
  sim_schedule (r->e, 5 * MS, kill_ev, &kc);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (rx.n + sl.n + cl.n, 0);
  ck_assert_int_eq (kern_thread_state (a), TS_DEAD);
  ck_assert_int_eq (kern_thread_state (b), TS_DEAD);
  ck_assert_int_eq (kern_thread_state (c), TS_DEAD);
  ck_assert_uint_eq (kern_counters (r->k)->ipc_dropped, 0);
  rig_free (r);
}
END_TEST

typedef struct {
  KThread *victims[2];
} ExitEv;

static void
exit_ev (void *data)
{
  ExitEv *ev = data;
  for (int i = 0; i < 2; i++)
    kern_kill (ev->victims[i]);
}

START_TEST (test_kill_process_mid_burst)
{
  /* A process of two hogs exits at 3.5 ms while one of them is in the
   * middle of its burst: it is charged to that instant and never runs
   * again; the other process runs next.  Only one switch is made then: no
   * thread of the dying process is switched to only to be killed. */
  Rig *r = rig_new ();
  r->c.kernel.costs.context_switch = 1 * US;
  rig_start (r);
  Script hog = { 0 };
  KThread *a = kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 50, forever, &hog);
  KThread *b = kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 50, forever, &hog);
  KThread *c = kern_thread_new (r->k, "bg", "c", 0, 1, ROLE_USER, 10, forever, &hog);
  ExitEv ev = { { a, b } };
  sim_schedule (r->e, 3 * MS + 500 * US, exit_ev, &ev);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (kern_thread_state (a), TS_DEAD);
  ck_assert_int_eq (kern_thread_state (b), TS_DEAD);
  ck_assert_int_eq (kern_thread_cpu_ns (a), 3 * MS + 500 * US);
  ck_assert_int_eq (kern_thread_cpu_ns (b), 0);
  ck_assert_int_eq (kern_thread_cpu_ns (c), 6 * MS + 500 * US);
  ck_assert_uint_eq (kern_counters (r->k)->context_switches, 2);
  rig_free (r);
}
END_TEST

static void
server_computed_then_end (KThread *t, IpcStatus st)
{
  (void) st;
  Msg m = { .w = { 42 } };
  ipc_reply (t, &m, step_end);
}

static void
reply_once_got (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  s->n++;
  kern_compute (t, s->a, server_computed_then_end);
}

static void
recv_once_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, reply_once_got);
}

static void
called_then_away (KThread *t, IpcStatus st)
{
  step_done (t, st);
  away (t, st);
}

static void
caller_then_away (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1 };
  ipc_call (t, s->ep, &m, s->a, called_then_away);
}

START_TEST (test_kill_server_ends_with_callers_queued)
{
  /* A low server answers one call and its program ends, while a
   * higher-priority caller waits in its queue: that caller is aborted,
   * runs, and the dead server never comes back to the CPU. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep, .a = 10 * US };
  Script c1 = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 0 }, c2 = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 1 * US };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 10, recv_once_start, &srv);
  ipc_endpoint_add_server (ep, st);
  KThread *a = kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 50, caller_then_away, &c1);
  KThread *b = kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 60, sleep_then_call, &c2);
  rig_run (r, 1 * MS);
  ck_assert_int_eq (srv.n, 1);
  ck_assert_int_eq (kern_thread_state (st), TS_DEAD);
  ck_assert_int_eq (c1.last, IPC_OK);
  ck_assert_int_eq (kern_thread_state (a), TS_SLEEPING);
  ck_assert_int_eq (c2.n, 1);
  ck_assert_int_eq (c2.last, IPC_ABORTED);
  ck_assert_int_eq (c2.at, 10 * US);
  ck_assert_int_eq (kern_thread_state (b), TS_DEAD);
  ck_assert_ptr_null (kern_running (r->k, 0));
  rig_free (r);
}
END_TEST

static void
sleep_zero_loop (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 0, sleep_zero_loop);
}

START_TEST (test_kill_zero_length_loops_reach_guard)
{
  /* Programs that loop without consuming time never advance the clock;
   * they must reach the max_events guard, not recurse or assert. */
  Rig *r = rig_new ();
  rig_start (r);
  Script idle = { 0 };
  kern_thread_new (r->k, "app", "z", 0, 0, ROLE_USER, 50, sleep_zero_loop, &idle);
  ck_assert_int_eq (sim_run (r->e, S, 10000), SIM_RUN_MAX_EVENTS);
  ck_assert_int_eq (kern_now (r->k), 0);
  kern_finish (r->k);
  rig_free (r);

  Op zero = { .kind = OP_COMPUTE, .u.compute = { .d = dist_const (0) } };
  Op loop = { .kind = OP_REPEAT, .u.repeat = { .count = -1, .body = &zero, .n_body = 1 } };
  ScenarioConfig c;
  config_defaults (&c);
  c.name = "spin";
  c.duration = S;
  c.max_events = 20000;
  memset (&c.kernel.costs, 0, sizeof c.kernel.costs);
  ThreadConfig tc = { .name = "spin", .count = 1, .priority = 50, .program = &loop, .n_program = 1 };
  ProcessConfig pc = { .name = "app", .threads = &tc, .n_threads = 1 };
  c.processes = &pc;
  c.n_processes = 1;
  RunResult *res = machine_run (&c, NULL);
  ck_assert (res->max_events_hit);
  ck_assert_int_eq (res->sim_time_ns, 0);
  run_result_free (res);

  /* A finite one ends, and the thread goes on to what follows. */
  Op body[2] = { { .kind = OP_REPEAT, .u.repeat = { .count = 100000, .body = &zero, .n_body = 1 } },
                 { .kind = OP_COMPUTE, .u.compute = { .d = dist_const (1e6) } } };
  tc.program = body;
  tc.n_program = 2;
  c.max_events = 1000000;
  res = machine_run (&c, NULL);
  ck_assert (!res->max_events_hit);
  for (size_t i = 0; i < res->n_threads; i++)
    if (res->threads[i].role == ROLE_USER)
      {
        ck_assert_int_eq (res->threads[i].cpu_ns, 1 * MS);
        ck_assert_int_eq (res->threads[i].state, TS_DEAD);
      }
  run_result_free (res);
}
END_TEST

/* ---------------------------------------------------- programs, servers */

static ScenarioConfig *
client_server_config (int clients, int64_t think, int64_t service)
{
  ScenarioConfig *c = g_new0 (ScenarioConfig, 1);
  config_defaults (c);
  c->name = g_strdup ("client-server");
  c->duration = S;
  memset (&c->kernel.costs, 0, sizeof c->kernel.costs);
  c->n_servers = 1;
  c->servers = g_new0 (ServerConfig, 1);
  c->servers[0] = (ServerConfig) { .name = g_strdup ("srv"), .priority = 100, .threads = 1,
                                   .service = dist_const ((double) service) };
  Op *body = g_new0 (Op, 2);
  body[0] = (Op) { .kind = OP_COMPUTE, .u.compute = { .d = dist_const ((double) think) } };
  body[1] = (Op) { .kind = OP_CALL, .u.call = { .server = 0 } };
  Op *prog = g_new0 (Op, 1);
  prog[0] = (Op) { .kind = OP_REPEAT, .u.repeat = { .count = -1, .body = body, .n_body = 2 } };
  c->n_processes = 1;
  c->processes = g_new0 (ProcessConfig, 1);
  c->processes[0].name = g_strdup ("app");
  c->processes[0].n_threads = 1;
  c->processes[0].rm_pages = 4;
  c->processes[0].threads = g_new0 (ThreadConfig, 1);
  c->processes[0].threads[0] = (ThreadConfig) { .name = g_strdup ("client"), .count = clients,
                                                .priority = 50, .program = prog, .n_program = 1 };
  return c;
}

START_TEST (test_program_client_server_throughput)
{
  ScenarioConfig *c = client_server_config (16, 10 * US, 10 * US);
  RunResult *r = machine_run (c, NULL);
  double expect = (double) S / (20 * US);
  ck_assert_double_ge ((double) r->calls.completed, expect * 0.99);
  ck_assert_double_le ((double) r->calls.completed, expect * 1.01);
  ck_assert_uint_eq (r->calls.dropped, 0);
  /* A call and its reply are two messages; calls still open at the end may have one. */
  ck_assert_uint_ge (r->kernel.ipc, 2 * r->calls.completed);
  ck_assert_uint_le (r->kernel.ipc, 2 * r->calls.total);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

START_TEST (test_program_call_timeout_counts_drops)
{
  /* Four callers queue on a lower-priority server that takes 3 ms per call. */
  ScenarioConfig *c = client_server_config (4, 0, 3 * MS);
  c->servers[0].priority = 10;
  c->processes[0].threads[0].program[0].u.repeat.body[1].u.call.has_timeout = true;
  c->processes[0].threads[0].program[0].u.repeat.body[1].u.call.timeout = 5 * MS;
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_gt (r->calls.dropped, 0);
  ck_assert_uint_gt (r->calls.completed, 0);
  ck_assert_uint_le (r->calls.latency.max, 10 * MS);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

START_TEST (test_program_warmup_ignores_early_calls)
{
  ScenarioConfig *c = client_server_config (1, 10 * US, 10 * US);
  c->warmup = S / 2;
  RunResult *r = machine_run (c, NULL);
  double expect = (double) S / 2 / (20 * US);
  ck_assert_double_ge ((double) r->calls.completed, expect * 0.99);
  ck_assert_double_le ((double) r->calls.completed, expect * 1.01);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

START_TEST (test_program_repeat_count_and_exit)
{
  ScenarioConfig *c = client_server_config (2, 10 * US, 10 * US);
  c->processes[0].threads[0].program[0].u.repeat.count = 7;
  RunResult *r = machine_run (c, NULL);
  ck_assert_uint_eq (r->calls.completed, 14);
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].role == ROLE_USER)
      ck_assert_int_eq (r->threads[i].state, TS_DEAD);
    else if (r->threads[i].role == ROLE_SERVER)
      ck_assert_int_eq (r->threads[i].state, TS_BLOCKED_RECV);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

START_TEST (test_machine_deterministic_json)
{
  ScenarioConfig *c = client_server_config (5, 0, 0);
  c->processes[0].threads[0].program[0].u.repeat.body[0].u.compute.d = (Dist) { DIST_EXP, 20 * US, 0 };
  c->servers[0].service = (Dist) { DIST_EXP, 15 * US, 0 };
  c->kernel.costs = config_default_costs ();
  RunResult *a = machine_run (c, NULL);
  RunResult *b = machine_run (c, NULL);
  g_autofree char *ja = report_json (a, false);
  g_autofree char *jb = report_json (b, false);
  ck_assert_str_eq (ja, jb);
  ck_assert_uint_gt (a->calls.completed, 1000);
  run_result_free (a);
  run_result_free (b);
  /* Another seed gives other numbers. */
  c->seed = 2;
  RunResult *d = machine_run (c, NULL);
  g_autofree char *jd = report_json (d, false);
  ck_assert_str_ne (ja, jd);
  run_result_free (d);
  config_free (c);
  g_free (c);
}
END_TEST

START_TEST (test_machine_deadlock_cycle_reported)
{
  /* Two servers that call each other while serving: each waits for the other. */
  Rig *r = rig_new ();
  rig_start (r);
  Endpoint *e1 = ipc_endpoint_new (r->k, "one");
  Endpoint *e2 = ipc_endpoint_new (r->k, "two");
  Script s1 = { .ep = e2, .a = KERN_NO_TIMEOUT }, s2 = { .ep = e1, .a = KERN_NO_TIMEOUT };
  KThread *t1 = kern_thread_new (r->k, "one", "w", 0, 1, ROLE_SERVER, 100, caller_start, &s1);
  KThread *t2 = kern_thread_new (r->k, "two", "w", 0, 2, ROLE_SERVER, 100, caller_start, &s2);
  ipc_endpoint_add_server (e1, t1);
  ipc_endpoint_add_server (e2, t2);
  rig_run (r, 10 * MS);
  ck_assert_ptr_eq (kern_waits_for (t1, NULL), t2);
  ck_assert_ptr_eq (kern_waits_for (t2, NULL), t1);
  rig_free (r);
}
END_TEST

/* --------------------------------------------------- trace, narration */

static char *
slurp (FILE *f)
{
  fflush (f);
  long n = ftell (f);
  ck_assert_int_ge (n, 0);
  char *buf = g_malloc ((size_t) n + 1);
  rewind (f);
  ck_assert_uint_eq (fread (buf, 1, (size_t) n, f), (size_t) n);
  buf[n] = '\0';
  return buf;
}

static int64_t
json_ns (const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItem (o, key);
  ck_assert (cJSON_IsNumber (v));
  return llround (v->valuedouble * 1000.0);   /* microseconds with 3 decimals */
}

static gint
by_ts (gconstpointer a, gconstpointer b)
{
  int64_t x = json_ns (*(const cJSON *const *) a, "ts"), y = json_ns (*(const cJSON *const *) b, "ts");
  return x < y ? -1 : x > y;
}

START_TEST (test_trace_tracks_cover_run)
{
  /* --trace of a real run: one track per thread, named as in the result,
   * and each track's state slices tile [0, duration) with no gap and no
   * overlap; messages are flows. */
  ScenarioConfig *c = client_server_config (3, 10 * US, 10 * US);
  c->duration = 3 * MS;
  c->kernel.costs = config_default_costs ();
  FILE *f = tmpfile ();
  ck_assert_ptr_nonnull (f);
  Trace *tr = trace_new (f, 0, -1, NULL, 0);
  RunResult *r = machine_run (c, tr);
  ck_assert (trace_close (tr));
  trace_free (tr);
  g_autofree char *text = slurp (f);
  fclose (f);
  cJSON *doc = cJSON_Parse (text);
  ck_assert_ptr_nonnull (doc);
  const cJSON *events = cJSON_GetObjectItem (doc, "traceEvents");
  ck_assert (cJSON_IsArray (events));

  GHashTable *tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int flows = 0;
  const cJSON *ev;
  cJSON_ArrayForEach (ev, events)
    {
      const char *ph = cJSON_GetObjectItem (ev, "ph")->valuestring;
      char *key = g_strdup_printf ("%d/%d", cJSON_GetObjectItem (ev, "pid")->valueint,
                                   cJSON_GetObjectItem (ev, "tid")->valueint);
      if (strcmp (ph, "M") == 0 && strcmp (cJSON_GetObjectItem (ev, "name")->valuestring, "thread_name") == 0)
        {
          const char *name = cJSON_GetObjectItem (cJSON_GetObjectItem (ev, "args"), "name")->valuestring;
          ck_assert (!g_hash_table_contains (names, key));
          g_hash_table_insert (names, key, g_strdup (name));
          g_hash_table_insert (tracks, g_strdup (name), g_ptr_array_new ());
          continue;
        }
      if (strcmp (ph, "X") == 0)
        {
          const char *name = g_hash_table_lookup (names, key);
          ck_assert_ptr_nonnull (name);
          g_ptr_array_add (g_hash_table_lookup (tracks, name), (gpointer) ev);
        }
      flows += strcmp (ph, "s") == 0;
      g_free (key);
    }
  ck_assert_uint_eq (g_hash_table_size (tracks), r->n_threads);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      GPtrArray *slices = g_hash_table_lookup (tracks, r->threads[i].name);
      ck_assert_msg (slices != NULL, "no track for %s", r->threads[i].name);
      ck_assert_uint_gt (slices->len, 0);
      g_ptr_array_sort (slices, by_ts);
      int64_t at = 0;
      for (guint j = 0; j < slices->len; j++)
        {
          ck_assert_int_eq (json_ns (slices->pdata[j], "ts"), at);
          int64_t dur = json_ns (slices->pdata[j], "dur");
          ck_assert_int_gt (dur, 0);
          at += dur;
        }
      ck_assert_int_eq (at, c->duration);
      /* The last slice is the thread's final state. */
      const cJSON *last = slices->pdata[slices->len - 1];
      ck_assert_str_eq (cJSON_GetObjectItem (last, "name")->valuestring,
                        thread_state_names[r->threads[i].state]);
    }
  ck_assert_int_gt (flows, 100);
  g_hash_table_unref (tracks);
  g_hash_table_unref (names);
  cJSON_Delete (doc);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

START_TEST (test_trace_explain_narrates)
{
  /* --explain=N tells the first N events in words, each line stamped with
   * the simulated time. */
  ScenarioConfig *c = client_server_config (2, 10 * US, 10 * US);
  c->duration = 1 * MS;
  Op *body = c->processes[0].threads[0].program[0].u.repeat.body;
  body[0] = (Op) { .kind = OP_SLEEP, .u.sleep = { .d = dist_const (10 * US) } };
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  Trace *tr = trace_new (NULL, 0, -1, f, 12);
  RunResult *r = machine_run (c, tr);
  ck_assert (trace_close (tr));
  trace_free (tr);
  fclose (f);
  g_auto (GStrv) lines = g_strsplit (buf, "\n", -1);
  ck_assert_uint_eq (g_strv_length (lines), 13);   /* 12 lines and the empty rest */
  ck_assert (strstr (lines[0], " ms  ") != NULL);
  ck_assert (strstr (buf, "app.client[0] sleeps 0.010 ms") != NULL);
  ck_assert (strstr (buf, "app.client[0] calls srv; srv.worker[0] receives it at once") != NULL);
  ck_assert (strstr (buf, "srv.worker[0] replies to app.client[0]; app.client[0] goes on") != NULL);
  free (buf);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

/* Narration of messages a model tells itself (Msg.explain): the server
 * answers a request given in words with words of its own. */
static void told_server_got (KThread *t, IpcStatus st);

static void
told_server_recv (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, told_server_got);
}

static void
told_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 1 * MS, told_server_recv);
}

static void
told_server_got (KThread *t, IpcStatus st)
{
  (void) st;
  Msg m = { .w = { 42 } };
  if (kern_thread_msg (t)->label == 1)
    m.explain = "srv.worker[0] answers app.a[0]: 42";
  ipc_reply (t, &m, told_server_recv);
}

static void
told_words_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1, .explain = "app.a[0] asks srv for the answer" };
  ipc_call (t, s->ep, &m, KERN_NO_TIMEOUT, step_done);
}

static void
told_silent_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 2, .explain = "" };
  ipc_call (t, s->ep, &m, 100 * US, step_done);
}

static void
told_plain_call (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 3 };
  ipc_call (t, s->ep, &m, KERN_NO_TIMEOUT, step_done);
}

static void
told_plain_start (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 2 * MS, told_plain_call);
}

/* How many lines of `text` contain `what`. */
static int
count_lines_with (const char *text, const char *what)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  int n = 0;
  for (int i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], what) != NULL;
  return n;
}

START_TEST (test_trace_explain_tells_senders_words)
{
  /* A call in the sender's words is told once, with how it went; its taking
   * from the queue is the model's to tell; the answer is told in the
   * replier's words.  A call of no words is told only when it does not go
   * through at once, and its timeout is the model's to tell.  Without words
   * the kernel tells call and reply in its own. */
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  Trace *tr = trace_new (NULL, 0, -1, f, 100);
  Rig *r = rig_new ();
  r->e = sim_engine_new (1);
  r->k = kern_new (&r->c, r->e, tr);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script srv = { .ep = ep }, a = { .ep = ep }, c = { .ep = ep }, b = { .ep = ep };
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 100, told_server_start,
                                 &srv);
  ipc_endpoint_add_server (ep, st);
  kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 50, told_words_start, &a);
  kern_thread_new (r->k, "app", "c", 0, 0, ROLE_USER, 50, told_silent_start, &c);
  kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 50, told_plain_start, &b);
  rig_run (r, 5 * MS);
  ck_assert (trace_close (tr));
  fclose (f);
  ck_assert_int_eq (a.last, IPC_OK);
  ck_assert_int_eq (a.value, 42);
  ck_assert_int_eq (c.last, IPC_TIMEOUT);
  ck_assert_int_eq (b.last, IPC_OK);
  ck_assert_msg (strstr (buf, "0.000000 ms  app.a[0] asks srv for the answer; srv.worker[0] is "
                              "sleeping: app.a[0] waits in srv's queue\n") != NULL, "%s", buf);
  ck_assert (strstr (buf, "app.c[0] calls srv; srv.worker[0] is sleeping: app.c[0] waits in "
                          "srv's queue\n") != NULL);
  ck_assert (strstr (buf, "1.000000 ms  srv.worker[0] answers app.a[0]: 42\n") != NULL);
  ck_assert (strstr (buf, "2.000000 ms  app.b[0] calls srv; srv.worker[0] receives it at once\n")
             != NULL);
  ck_assert (strstr (buf, "2.000000 ms  srv.worker[0] replies to app.b[0]; app.b[0] goes on\n")
             != NULL);
  /* Told once each: no line for the taking from the queue or the timeout. */
  ck_assert_ptr_null (strstr (buf, "takes the"));
  ck_assert_ptr_null (strstr (buf, "timed out"));
  ck_assert_int_eq (count_lines_with (buf, "asks srv"), 1);
  ck_assert_int_eq (count_lines_with (buf, " ms  "), 7);   /* and two sleeps */
  free (buf);
  trace_free (tr);
  rig_free (r);
}
END_TEST

static void
submit_loop (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  sig_submit (t, s->sig, submit_loop);
}

static void
sleep_then_submit (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, submit_loop);
}

static void
sleep_once (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, step_done);
}

START_TEST (test_sched_wakeup_preempts_before_next_kernel_operation)
{
  /* L wakes at 1 ms and is switched in (100 ns of kernel work, not
   * preemptible); the timer H wakes 50 ns into that switch.  H must run as
   * soon as the switch is done, before L starts its next operation (a 300 ns
   * signal submit): H is late by the rest of L's switch plus its own switch
   * in, 150 ns, not 450 ns.  M only makes L's wake-up a real switch.  The
   * costs are fixed here, whatever the defaults. */
  Rig *r = rig_new ();
  r->c.kernel.costs = (KernelCosts) { .ipc = 100, .signal = 300, .context_switch = 100,
                                      .fault_entry = 200, .map = 200, .mapdb_insert = 100,
                                      .mapdb_revoke = 100 };
  rig_start (r);
  SigCtx *sig = sig_ctx_new (r->k, "nobody");
  /* H runs first (0..200 ns: switch in, sleep), then L (200..400), then M. */
  Script h = { .a = 1 * MS + 50 - 200 }, l = { .sig = sig, .a = 1 * MS - 400 }, m = { 0 };
  KThread *ht = kern_thread_new (r->k, "timer", "h", 0, 2, ROLE_USER, 200, sleep_once, &h);
  kern_thread_new (r->k, "app", "l", 0, 0, ROLE_USER, 10, sleep_then_submit, &l);
  kern_thread_new (r->k, "load", "m", 0, 1, ROLE_USER, 5, forever, &m);
  rig_run (r, 2 * MS);
  ck_assert_int_eq (h.n, 1);
  ck_assert_int_eq (kern_thread_sleep_deadline (ht), 1 * MS + 50);
  ck_assert_int_eq (h.at - kern_thread_sleep_deadline (ht), 50 + r->c.kernel.costs.context_switch);
  rig_free (r);
}
END_TEST

static void
recv_until_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv_until (t, s->ep, s->a, step_done);
}

static void
compute_then_call (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_compute (t, s->b, caller_start);
}

START_TEST (test_ipc_recv_until_is_exact_under_a_tick)
{
  /* A component's end of life (a hang time) is not an IPC timeout: with a
   * 1 ms tick, a receive that ends at 5.5 ms must not take a call that
   * comes at 5.7 ms, before the next tick. */
  Rig *r = rig_new ();
  r->c.kernel.timer_tick = MS;
  rig_start (r);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  Script rx = { .ep = ep, .a = 5 * MS + 500 * US }, cli = { .ep = ep, .a = KERN_NO_TIMEOUT, .b = 5 * MS + 700 * US };
  kern_thread_new (r->k, "srv", "rx", 0, 1, ROLE_SERVER, 100, recv_until_start, &rx);
  kern_thread_new (r->k, "app", "client", 0, 0, ROLE_USER, 50, compute_then_call, &cli);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (rx.n, 1);
  ck_assert_int_eq (rx.last, IPC_TIMEOUT);
  ck_assert_int_eq (rx.at, 5 * MS + 500 * US);
  ck_assert_int_eq (cli.n, 0);                    /* queued, nobody receives */
  ck_assert_uint_eq (kern_counters (r->k)->ipc, 0);
  rig_free (r);
}
END_TEST

static size_t
thread_index (const RunResult *r, const char *name)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (strcmp (r->threads[i].name, name) == 0)
      return i;
  ck_abort_msg ("no thread %s", name);
  return 0;
}

/* ---------------------------------------------------------------- io */

static void
io_done (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  s->n++;
  s->last = st;
  s->at = kern_now (kern_thread_kernel (t));
  kern_hang (t);
}

static void
io_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_io (t, s->a, io_done);
}

/* A device wait is exact (not an IPC timeout: the tick does not round it),
 * costs no kernel operation, and the thread is blocked_io meanwhile, off
 * the CPU: a hog below it runs. */
START_TEST (test_io_is_exact_and_off_the_cpu)
{
  Rig *r = rig_new ();
  r->c.kernel.timer_tick = MS;
  rig_start (r);
  Script w = { .a = 2 * MS + 300 }, hog = { 0 };
  KThread *wt = kern_thread_new (r->k, "app", "w", 0, 0, ROLE_USER, 100, io_start, &w);
  KThread *ht = kern_thread_new (r->k, "load", "hog", 0, 1, ROLE_USER, 10, forever, &hog);
  sim_run (r->e, 1 * MS, 1000000);
  ck_assert_int_eq (kern_thread_state (wt), TS_BLOCKED_IO);
  rig_run (r, 5 * MS);
  ck_assert_int_eq (w.n, 1);
  ck_assert_int_eq (w.at, 2 * MS + 300);
  ck_assert_int_eq (kern_thread_cpu_ns (wt), 0);
  ck_assert_int_eq (kern_thread_cpu_ns (ht), 5 * MS);
  rig_free (r);
}
END_TEST

/* A server that waits for its device per call: the call takes its service
 * plus its io, and the figures say how much of each. */
START_TEST (test_io_server_per_call)
{
  ScenarioConfig *c = g_new0 (ScenarioConfig, 1);
  config_defaults (c);
  c->name = g_strdup ("io-server");
  c->duration = 100 * MS;
  memset (&c->kernel.costs, 0, sizeof c->kernel.costs);
  c->n_servers = 1;
  c->servers = g_new0 (ServerConfig, 1);
  c->servers[0] = (ServerConfig) { .name = g_strdup ("fs"), .priority = 100, .threads = 1,
                                   .service = dist_const (100e3), .io = dist_const (900e3) };
  Op *body = g_new0 (Op, 2);
  body[0] = (Op) { .kind = OP_IO, .u.io = { .d = dist_const (1e6) } };
  body[1] = (Op) { .kind = OP_CALL, .u.call = { .server = 0 } };
  Op *prog = g_new0 (Op, 1);
  prog[0] = (Op) { .kind = OP_REPEAT, .u.repeat = { .count = -1, .body = body, .n_body = 2 } };
  c->n_processes = 1;
  c->processes = g_new0 (ProcessConfig, 1);
  c->processes[0].name = g_strdup ("app");
  c->processes[0].n_threads = 1;
  c->processes[0].threads = g_new0 (ThreadConfig, 1);
  c->processes[0].threads[0] = (ThreadConfig) { .name = g_strdup ("c"), .count = 1,
                                                .priority = 50, .program = prog, .n_program = 1 };
  RunResult *r = machine_run (c, NULL);
  /* Each round: 1 ms at its own device, then a call of 0.1 + 0.9 ms; the
   * 50th call would complete at 100 ms, the end, which is not in the run. */
  ck_assert_uint_eq (r->calls.completed, 49);
  ck_assert_int_eq (r->calls.latency.max, 1 * MS);
  ck_assert_int_eq (r->calls.service_ns, 100 * US);
  ck_assert_int_eq (r->calls.io_ns, 900 * US);
  ck_assert_int_le (r->threads[thread_index (r, "fs.worker[0]")].cpu_ns, 6 * MS);
  run_result_free (r);
  config_free (c);
  g_free (c);
}
END_TEST

Suite *
kernel_suite (void)
{
  Suite *s = suite_create ("kernel");
  TCase *tc = tcase_create ("io");
  tcase_add_test (tc, test_io_is_exact_and_off_the_cpu);
  tcase_add_test (tc, test_io_server_per_call);
  suite_add_tcase (s, tc);
  tc = tcase_create ("sched");
  tcase_add_test (tc, test_sched_round_robin_shares_cpu);
  tcase_add_test (tc, test_sched_preempted_keeps_head_and_slice);
  tcase_add_test (tc, test_sched_expired_slice_goes_to_tail);
  tcase_add_test (tc, test_sched_woken_goes_to_tail_with_fresh_slice);
  tcase_add_test (tc, test_sched_kernel_costs_not_preemptible);
  tcase_add_test (tc, test_sched_wakeup_preempts_within_context_switch);
  tcase_add_test (tc, test_sched_wakeup_preempts_before_next_kernel_operation);
  tcase_add_test (tc, test_sched_timer_tick_rounds_up);
  tcase_add_test (tc, test_sched_tick_rounds_recv_and_sleep);
  tcase_add_test (tc, test_sched_ipc_switch_scheduler_queues_woken_receiver);
  tcase_add_test (tc, test_sched_end_of_run_counts_open_intervals);
  suite_add_tcase (s, tc);
  tc = tcase_create ("ipc");
  tcase_add_test (tc, test_ipc_send_timeout_delivered_before_expiry);
  tcase_add_test (tc, test_ipc_send_timeout_drops_after_expiry);
  tcase_add_test (tc, test_ipc_send_timeout_respects_tick);
  tcase_add_test (tc, test_ipc_reply_timeout_loses_reply);
  tcase_add_test (tc, test_ipc_recv_until_is_exact_under_a_tick);
  tcase_add_test (tc, test_ipc_call_timeout_bounds_both_phases);
  tcase_add_test (tc, test_ipc_zero_timeout_is_nonblocking);
  tcase_add_test (tc, test_ipc_send_transfers_and_sender_goes_on);
  tcase_add_test (tc, test_ipc_reply_recv_is_one_kernel_entry);
  tcase_add_test (tc, test_ipc_send_queue_priority_and_fifo);
  tcase_add_test (tc, test_ipc_send_queue_priority_reorders_arrivals);
  tcase_add_test (tc, test_ipc_dead_server_aborts_queued_callers);
  tcase_add_test (tc, test_ipc_dead_server_aborts_only_when_all_died);
  tcase_add_test (tc, test_ipc_direct_switch_donates_cpu);
  tcase_add_test (tc, test_ipc_stale_reply_same_server);
  tcase_add_test (tc, test_ipc_stale_reply_other_server_thread);
  tcase_add_test (tc, test_ipc_stale_detached_reply_other_component);
  tcase_add_test (tc, test_ipc_detached_right_stays_in_component);
  tcase_add_test (tc, test_ipc_reply_to_dead_caller_is_lost);
  suite_add_tcase (s, tc);
  tc = tcase_create ("kill");
  tcase_add_test (tc, test_kill_donee_on_donated_slice);
  tcase_add_test (tc, test_kill_cancels_pending_timeout);
  tcase_add_test (tc, test_kill_process_mid_burst);
  tcase_add_test (tc, test_kill_server_ends_with_callers_queued);
  tcase_add_test (tc, test_kill_zero_length_loops_reach_guard);
  suite_add_tcase (s, tc);
  tc = tcase_create ("signal");
  tcase_add_test (tc, test_signal_ten_submits_deliver_once);
  tcase_add_test (tc, test_signal_submit_wakes_waiting_handler);
  suite_add_tcase (s, tc);
  tc = tcase_create ("program");
  tcase_add_test (tc, test_program_client_server_throughput);
  tcase_add_test (tc, test_program_call_timeout_counts_drops);
  tcase_add_test (tc, test_program_warmup_ignores_early_calls);
  tcase_add_test (tc, test_program_repeat_count_and_exit);
  tcase_add_test (tc, test_machine_deterministic_json);
  tcase_add_test (tc, test_machine_deadlock_cycle_reported);
  suite_add_tcase (s, tc);
  tc = tcase_create ("trace");
  tcase_add_test (tc, test_trace_tracks_cover_run);
  tcase_add_test (tc, test_trace_explain_narrates);
  tcase_add_test (tc, test_trace_explain_tells_senders_words);
  suite_add_tcase (s, tc);
  return s;
}
