/* Tests of models/sched.c under kernel.scheduler "sel4": each of seL4's
 * queueing rules (src/kernel/thread.c possibleSwitchTo and schedule,
 * src/object/tcb.c tcbSchedEnqueue and tcbSchedAppend) against the same
 * system under Fiasco's rules, where the two differ; and the loader's
 * defaults under sel4.  Kernel costs are zero, so every time is exact. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/kernel.h"
#include "sim/scenario.h"

#define US INT64_C (1000)
#define MS INT64_C (1000000)

typedef struct {
  ScenarioConfig c;
  SimEngine *e;
  Kernel *k;
} Rig;

static Rig *
rig_new (SchedulerKind sched)
{
  Rig *r = g_new0 (Rig, 1);
  config_defaults (&r->c);
  r->c.name = "sched";
  r->c.duration = 100 * MS;
  r->c.kernel.scheduler = sched;
  memset (&r->c.kernel.costs, 0, sizeof r->c.kernel.costs);
  r->e = sim_engine_new (1);
  r->k = kern_new (&r->c, r->e, NULL);
  return r;
}

static void
rig_run (Rig *r, SimTime until)
{
  sim_run (r->e, until, 10000000);
  kern_finish (r->k);
}

static void
rig_free (Rig *r)
{
  kern_free (r->k);
  sim_engine_free (r->e);
  g_free (r);
}

/* What a test thread does, and what it saw. */
typedef struct {
  SigCtx *sig, *never;
  Endpoint *ep;
  int64_t a, b;
  SimTime ran_at;        /* when it first ran after its wait */
  int n;
} Script;

static SimTime
now_of (KThread *t)
{
  return kern_now (kern_thread_kernel (t));
}

static void
forever (KThread *t, IpcStatus st)
{
  (void) st;
  kern_compute (t, KERN_FOREVER, forever);
}

/* Done: it never runs again. */
static void
park (KThread *t, IpcStatus st)
{
  (void) st;
  kern_hang (t);
}

/* Records when it runs after its wait, then parks. */
static void
note_run (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  if (s->n++ == 0)
    s->ran_at = now_of (t);
  park (t, st);
}

static void
wait_signal (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  sig_wait (t, s->sig, note_run);
}

/* Sleeps `a`, submits `sig`, computes `b`, parks. */
static void
waker_compute (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_compute (t, s->b, park);
}

static void
waker_submit (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  sig_submit (t, s->sig, waker_compute);
}

static void
waker_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, waker_submit);
}

/* A thread of priority 100 wakes W (priority 50) while two hogs of priority
 * 50 are ready, then computes 1 ms and parks.  seL4: W is not of the highest
 * ready priority, so it goes to the HEAD of its queue (tcbSchedEnqueue) and
 * runs as soon as the waker parks, at 6 ms.  Fiasco: W goes to the tail and
 * waits for both hogs' slices, until 5 ms + 1 ms + 5 ms + 10 ms = 21 ms. */
START_TEST (test_sched_sel4_woken_lower_goes_to_the_head)
{
  static const SchedulerKind kinds[] = { SCHEDULER_SEL4, SCHEDULER_FIASCO };
  static const SimTime want[] = { 6 * MS, 21 * MS };
  Rig *r = rig_new (kinds[_i]);
  SigCtx *sig = sig_ctx_new (r->k, "w"), *never = sig_ctx_new (r->k, "never");
  Script hog = { 0 }, w = { .sig = sig, .never = never };
  Script h = { .sig = sig, .never = never, .a = 5 * MS, .b = 1 * MS };
  /* W is created first, so it runs first and waits before the hogs start. */
  kern_thread_new (r->k, "app", "w", 0, 1, ROLE_USER, 50, wait_signal, &w);
  kern_thread_new (r->k, "load", "hog", 0, 0, ROLE_USER, 50, forever, &hog);
  kern_thread_new (r->k, "load", "hog", 1, 0, ROLE_USER, 50, forever, &hog);
  kern_thread_new (r->k, "app", "h", 0, 2, ROLE_USER, 100, waker_start, &h);
  rig_run (r, 50 * MS);
  ck_assert_int_eq (w.n, 1);
  ck_assert_int_eq (w.ran_at, want[_i]);
  rig_free (r);
}
END_TEST

/* A hog of priority 50 runs; W (50) sleeps 2 ms.  Its timeout wakes it while
 * a thread of its own priority runs: seL4 appends it to the TAIL
 * (SCHED_APPEND in schedule(): was_runnable and equal priority) behind the
 * other hog, as Fiasco does: both see W at 20 ms (the hogs' two slices). */
static void
sleep_then_note (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, note_run);
}

START_TEST (test_sched_sel4_woken_equal_goes_to_the_tail)
{
  Rig *r = rig_new (_i == 0 ? SCHEDULER_SEL4 : SCHEDULER_FIASCO);
  SigCtx *never = sig_ctx_new (r->k, "never");
  Script hog = { 0 }, w = { .never = never, .a = 2 * MS };
  kern_thread_new (r->k, "app", "w", 0, 1, ROLE_USER, 50, sleep_then_note, &w);
  kern_thread_new (r->k, "load", "hog", 0, 0, ROLE_USER, 50, forever, &hog);
  kern_thread_new (r->k, "load", "hog", 1, 0, ROLE_USER, 50, forever, &hog);
  rig_run (r, 50 * MS);
  ck_assert_int_eq (w.ran_at, 20 * MS);
  rig_free (r);
}
END_TEST

/* A caller of priority 100 calls a server of priority 50 that waits in its
 * receive, while a hog of priority 50 is ready.  seL4: the caller blocks;
 * the server, of the highest ready priority, is switched to directly
 * (switchToThread), ahead of the hog, and answers at once.  Fiasco: the
 * server is woken to the tail, behind the hog's whole 10 ms slice. */
static void
server_got (KThread *t, IpcStatus st);

static void
server_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, server_got);
}

static void
server_got (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 0 };
  ipc_reply_recv (t, &m, s->ep, server_got);
}

static void
caller_answered (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  s->ran_at = now_of (t);
  s->n++;
  park (t, st);
}

static void
caller_call (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1 };
  ipc_call (t, s->ep, &m, KERN_NO_TIMEOUT, caller_answered);
}

static void
caller_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  kern_sleep (t, s->a, caller_call);
}

START_TEST (test_sched_sel4_call_switches_to_the_receiver)
{
  static const SimTime want[] = { 1 * MS, 10 * MS };
  Rig *r = rig_new (_i == 0 ? SCHEDULER_SEL4 : SCHEDULER_FIASCO);
  Endpoint *ep = ipc_endpoint_new (r->k, "srv");
  SigCtx *never = sig_ctx_new (r->k, "never");
  Script srv = { .ep = ep }, hog = { 0 }, cl = { .ep = ep, .never = never, .a = 1 * MS };
  KThread *s = kern_thread_new (r->k, "srv", "s", 0, 1, ROLE_SERVER, 50, server_start, &srv);
  ipc_endpoint_add_server (ep, s);
  kern_thread_new (r->k, "load", "hog", 0, 0, ROLE_USER, 50, forever, &hog);
  kern_thread_new (r->k, "app", "c", 0, 2, ROLE_USER, 100, caller_start, &cl);
  rig_run (r, 50 * MS);
  ck_assert_int_eq (cl.n, 1);
  /* Fiasco: the hog got the CPU at 0 ms and keeps it to its slice's end. */
  ck_assert_int_eq (cl.ran_at, want[_i]);
  rig_free (r);
}
END_TEST

/* T (50) computes 6 ms, sleeps 1 ms, computes 6 ms; a hog (50) competes.
 * seL4 keeps a thread's time slice across blocking (tcbTimeSlice is reset
 * only by timerTick): T resumes at 16 ms with 4 ms left, is appended behind
 * the hog at 20 ms and finishes at 32 ms.  Fiasco gives a woken thread a
 * fresh slice: T finishes at 22 ms. */
static void
slice_done (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  s->ran_at = now_of (t);
  s->n++;
  park (t, st);
}

static void
slice_second (KThread *t, IpcStatus st)
{
  (void) st;
  kern_compute (t, 6 * MS, slice_done);
}

static void
slice_sleep (KThread *t, IpcStatus st)
{
  (void) st;
  kern_sleep (t, 1 * MS, slice_second);
}

static void
slice_first (KThread *t, IpcStatus st)
{
  (void) st;
  kern_compute (t, 6 * MS, slice_sleep);
}

START_TEST (test_sched_sel4_keeps_the_slice_across_blocking)
{
  static const SimTime want[] = { 32 * MS, 22 * MS };
  Rig *r = rig_new (_i == 0 ? SCHEDULER_SEL4 : SCHEDULER_FIASCO);
  SigCtx *never = sig_ctx_new (r->k, "never");
  Script t = { .never = never }, hog = { 0 };
  kern_thread_new (r->k, "app", "t", 0, 1, ROLE_USER, 50, slice_first, &t);
  kern_thread_new (r->k, "load", "hog", 0, 0, ROLE_USER, 50, forever, &hog);
  rig_run (r, 60 * MS);
  ck_assert_int_eq (t.n, 1);
  ck_assert_int_eq (t.ran_at, want[_i]);
  rig_free (r);
}
END_TEST

/* Two threads woken in one kernel entry: the server they both wait on dies
 * (an engine event), aborting W1 then W2.  seL4: the second wake-up finds a
 * candidate chosen already, so both go to the head of their queue, W2 in
 * front of W1 (rescheduleRequired, then tcbSchedEnqueue): W2 runs first.
 * Fiasco: both go to the tail in the order they were woken: W1 first. */
static void
sender_aborted (KThread *t, IpcStatus st)
{
  Script *s = kern_thread_ctx (t);
  ck_assert_int_eq (st, IPC_ABORTED);
  s->ran_at = now_of (t);
  s->n++;
  park (t, st);
}

static void
sender_start (KThread *t, IpcStatus st)
{
  (void) st;
  Script *s = kern_thread_ctx (t);
  Msg m = { .label = 1 };
  ipc_call (t, s->ep, &m, KERN_NO_TIMEOUT, sender_aborted);
}

static void
mute_start (KThread *t, IpcStatus st)
{
  (void) st;
  kern_hang (t);
}

static void
kill_it (void *data)
{
  kern_kill (data);
}

START_TEST (test_sched_sel4_second_wakeup_goes_to_the_head_too)
{
  Rig *r = rig_new (_i == 0 ? SCHEDULER_SEL4 : SCHEDULER_FIASCO);
  Endpoint *ep = ipc_endpoint_new (r->k, "mute");
  SigCtx *never = sig_ctx_new (r->k, "never");
  Script mute = { 0 }, w1 = { .ep = ep, .never = never }, w2 = { .ep = ep, .never = never };
  KThread *m = kern_thread_new (r->k, "srv", "mute", 0, 1, ROLE_SERVER, 60, mute_start, &mute);
  ipc_endpoint_add_server (ep, m);
  kern_thread_new (r->k, "app", "w1", 0, 2, ROLE_USER, 50, sender_start, &w1);
  kern_thread_new (r->k, "app", "w2", 0, 2, ROLE_USER, 50, sender_start, &w2);
  sim_schedule (r->e, 1 * MS, kill_it, m);
  rig_run (r, 10 * MS);
  ck_assert_int_eq (w1.n, 1);
  ck_assert_int_eq (w2.n, 1);
  if (_i == 0)
    ck_assert_int_le (w2.ran_at, w1.ran_at);
  else
    ck_assert_int_le (w1.ran_at, w2.ran_at);
  rig_free (r);
}
END_TEST

/* The loader: endpoint queues are fifo under seL4 unless the scenario
 * says otherwise; Fiasco's direct switch does not exist there. */
START_TEST (test_sched_sel4_loader_defaults)
{
  static const char *json =
    "{ \"name\": \"s\", \"duration\": \"1ms\", \"kernel\": { \"scheduler\": \"sel4\" } }";
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_data ("s", json, strlen (json), NULL, &err);
  ck_assert_ptr_nonnull (c);
  ck_assert_int_eq (c->kernel.scheduler, SCHEDULER_SEL4);
  ck_assert_int_eq (c->kernel.send_queue, SEND_QUEUE_FIFO);
  scenario_free (c);

  static const char *const prio[] = { "kernel.send_queue=priority", NULL };
  c = scenario_load_data ("s", json, strlen (json), prio, &err);
  ck_assert_ptr_nonnull (c);
  ck_assert_int_eq (c->kernel.send_queue, SEND_QUEUE_PRIORITY);
  scenario_free (c);

  static const char *const fiasco = "{ \"name\": \"s\", \"duration\": \"1ms\" }";
  c = scenario_load_data ("s", fiasco, strlen (fiasco), NULL, &err);
  ck_assert_ptr_nonnull (c);
  ck_assert_int_eq (c->kernel.scheduler, SCHEDULER_FIASCO);
  ck_assert_int_eq (c->kernel.send_queue, SEND_QUEUE_PRIORITY);
  scenario_free (c);

  static const char *const direct[] = { "kernel.ipc_switch=direct", NULL };
  c = scenario_load_data ("s", json, strlen (json), direct, &err);
  ck_assert_ptr_null (c);
  ck_assert_msg (strstr (err->message, "kernel.ipc_switch") != NULL
                 && strstr (err->message, "sel4") != NULL, "%s", err->message);
}
END_TEST

Suite *sched_suite (void)
{
  Suite *s = suite_create ("sched");
  TCase *tc = tcase_create ("sel4");
  tcase_add_loop_test (tc, test_sched_sel4_woken_lower_goes_to_the_head, 0, 2);
  tcase_add_loop_test (tc, test_sched_sel4_woken_equal_goes_to_the_tail, 0, 2);
  tcase_add_loop_test (tc, test_sched_sel4_call_switches_to_the_receiver, 0, 2);
  tcase_add_loop_test (tc, test_sched_sel4_keeps_the_slice_across_blocking, 0, 2);
  tcase_add_loop_test (tc, test_sched_sel4_second_wakeup_goes_to_the_head_too, 0, 2);
  tcase_add_test (tc, test_sched_sel4_loader_defaults);
  suite_add_tcase (s, tc);
  return s;
}
