/* Tests of the kernel model: scheduling, IPC with timeouts, signals, thread
 * programs, plain servers and determinism.  Small systems are built directly
 * on the kernel API with test continuations; whole runs go through
 * machine_run on hand-built configurations. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/kernel.h"
#include "models/machine.h"
#include "models/program.h"
#include "sim/report.h"

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
  Endpoint *ep;
  SigCtx *sig;
  int64_t a, b;          /* script parameters */
  int n;                 /* how many times something happened */
  IpcStatus last;
  SimTime at;            /* when it happened */
  int64_t value;
} Script;

static void
step_done (KThread *t, IpcStatus st)
{
  Script *s = t->ctx;
  s->n++;
  s->last = st;
  s->at = kern_now (t->k);
  s->value = t->msg.w[0];
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
  /* 1 s of 10 ms slices is 100 slices for three threads: 34/33/33. */
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
  Script *s = t->ctx;
  (void) st;
  int64_t err = kern_now (t->k) - t->sleep_deadline;
  s->value = MAX (s->value, err);
  s->n++;
  sleeper_loop (t, IPC_OK);
}

static void
sleeper_loop (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = t->ctx;
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
  Script *s = t->ctx;
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
  Script *s = t->ctx;
  s->n++;
  kern_compute (t, s->a, server_computed);
}

static void
server_start_late (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = t->ctx;
  /* Away until `b` (not on the CPU), then receives. */
  kern_sleep (t, s->b, server_replied);
}

static void
caller_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = t->ctx;
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
  Script *s = t->ctx;
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
  Script *s = t->ctx;
  Msg m = { .w = { t->priority } };
  ipc_send (t, s->ep, &m, KERN_NO_TIMEOUT, step_done);
}

static GArray *order_log;

static void
order_receiver (KThread *t, IpcStatus st);

static void
order_got (KThread *t, IpcStatus st)
{
  (void) st;
  int64_t v = t->msg.w[0];
  g_array_append_val (order_log, v);
  order_receiver (t, IPC_OK);
}

static void
order_receiver (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = t->ctx;
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
  Script *s = t->ctx;
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
  Script *s = t->ctx;
  if (s->n++ < s->a)
    sig_submit (t, s->sig, sig_submitter);
}

static void
sig_handler_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = t->ctx;
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
  Script *s = t->ctx;
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
  KThread *st = kern_thread_new (r->k, "srv", "worker", 0, 1, ROLE_SERVER, 100, crash_server_start, &srv);
  ipc_endpoint_add_server (ep, st);
  KThread *a = kern_thread_new (r->k, "app", "a", 0, 0, ROLE_USER, 60, caller_start, &c1);
  KThread *b = kern_thread_new (r->k, "app", "b", 0, 0, ROLE_USER, 50, caller_start, &c2);
  KillEv ev = { st };
  sim_schedule (r->e, 5 * MS, kill_ev, &ev);
  rig_run (r, 20 * MS);
  ck_assert_int_eq (st->state, TS_DEAD);
  ck_assert_int_eq (c1.n, 0);                     /* accepted: blocked forever */
  ck_assert_int_eq (a->state, TS_BLOCKED_REPLY);
  ck_assert_int_eq (c2.n, 1);
  ck_assert_int_eq (c2.last, IPC_ABORTED);
  ck_assert_int_eq (c2.at, 5 * MS);
  ck_assert_int_eq (b->state, TS_DEAD);           /* its script ended */
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
  c->servers[0] = (ServerConfig) { g_strdup ("srv"), 100, 1, dist_const ((double) service) };
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
  c->processes[0].threads[0] = (ThreadConfig) { g_strdup ("client"), clients, 50, prog, 1 };
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

Suite *
kernel_suite (void)
{
  Suite *s = suite_create ("kernel");
  TCase *tc = tcase_create ("sched");
  tcase_add_test (tc, test_sched_round_robin_shares_cpu);
  tcase_add_test (tc, test_sched_wakeup_preempts_within_context_switch);
  tcase_add_test (tc, test_sched_timer_tick_rounds_up);
  suite_add_tcase (s, tc);
  tc = tcase_create ("ipc");
  tcase_add_test (tc, test_ipc_send_timeout_delivered_before_expiry);
  tcase_add_test (tc, test_ipc_send_timeout_drops_after_expiry);
  tcase_add_test (tc, test_ipc_send_timeout_respects_tick);
  tcase_add_test (tc, test_ipc_reply_timeout_loses_reply);
  tcase_add_test (tc, test_ipc_zero_timeout_is_nonblocking);
  tcase_add_test (tc, test_ipc_send_queue_priority_and_fifo);
  tcase_add_test (tc, test_ipc_send_queue_priority_reorders_arrivals);
  tcase_add_test (tc, test_ipc_dead_server_aborts_queued_callers);
  tcase_add_test (tc, test_ipc_direct_switch_donates_cpu);
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
  return s;
}
