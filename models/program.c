/* The thread programs of a scenario and the plain servers they call.
 *
 * A user thread walks its program with a small stack of frames, one per
 * `repeat` being executed.  Each step issues one kernel operation and
 * resumes in a continuation that records what the operation achieved (a
 * call's latency, a sleep's lateness) before fetching the next op.  A touch
 * of a page that is already mapped completes at once; such steps run in a
 * loop rather than by recursion, and a long run of them yields through a
 * zero-length compute so that a program that never consumes time still
 * reaches the max_events guard.
 *
 * A `replay` op plays a page trace record by record: the record's compute,
 * then its touch, each issued as a compute op and a touch op would be; the
 * op stays at the frame's pc until its last pass has issued its last touch.
 * Only one replay can be under way in a thread (a replay holds no ops), so
 * its position lives in the thread's context, not in a frame.  One record
 * is one program operation (ops_completed), counted when its touch
 * completes. */
#include "models/program.h"

#include "models/fault.h"

#include <glib.h>

#define INSTANT_STEPS_BEFORE_YIELD 1024
/* Program operations one thread may issue within one simulated instant
 * before the run is stopped as a runaway: a program that loops without
 * spending time (touches of mapped pages, compute 0, calls at zero cost)
 * would otherwise keep the clock standing for ever.  Ten million such
 * operations take about a tenth of a second. */
#define PROGRAM_MAX_INSTANT_OPS 10000000

/* Labels of a user thread's call to a plain server and of the answer.  A
 * plain server has one request, so neither side looks at them. */
enum { PROGRAM_MSG_REPLY = 0, PROGRAM_MSG_CALL = 1 };

typedef struct {
  const Op *ops;
  size_t n;
  size_t pc;
  int64_t left;        /* iterations still to run, -1 = forever */
} Frame;

typedef struct {
  Programs *env;
  Frame *frames;
  int depth;
  SimTime op_start;
  int64_t *seq_pos;    /* per dataspace, for sequential touches */
  KThread *t;
  PgThread *pt;        /* its paging side (NULL: no paging) */
  uint64_t ops_done;   /* program operations completed */
  SimTime last_op;     /* when the last one completed, -1: none */
  bool in_touch;       /* fault_touch has not returned yet */
  SimTime instant;     /* the simulated instant its last operations were issued at */
  uint64_t instant_ops;   /* ... and how many */
  bool touch_done;     /* ... and already completed the touch */
  const Op *replay;    /* the replay op under way, NULL: none */
  size_t replay_rec;   /* ... the record it plays next */
  bool replay_computed;   /* ... whose compute is done */
  int64_t replay_left; /* ... passes to play, this one included, -1 = forever */
} UserCtx;

typedef struct {
  Programs *env;
  const ServerConfig *sc;
  Endpoint *ep;
} ServerCtx;

struct _Programs {
  Kernel *k;
  const ScenarioConfig *c;
  Paging *paging;
  Endpoint **server_eps;
  GPtrArray *users;            /* UserCtx*, owned */
  GPtrArray *ctxs;             /* ServerCtx* / ExitEvent*, owned (g_free) */
  GPtrArray *procs;            /* per process: GPtrArray of its KThread* */
  Stats *call_latency;
  uint64_t calls_completed, calls_dropped, calls_open;
  uint64_t timer_wakeups;
  int64_t timer_max_error;
  uint64_t served;             /* requests the plain servers took */
  int64_t served_cpu, served_io;   /* ... their CPU and device time */
};

typedef struct {
  Programs *env;
  int space;
} ExitEvent;

static void user_next (KThread *t);

static bool
counted (const Programs *p)
{
  return kern_now (p->k) >= p->c->warmup;
}

static void
user_step (KThread *t, IpcStatus st)
{
  (void) st;
  user_next (t);
}

/* The operation in hand completed: the thread made progress. */
static void
op_completed (UserCtx *u)
{
  u->ops_done++;
  u->last_op = kern_now (u->env->k);
}

static void
on_compute (KThread *t, IpcStatus st)
{
  (void) st;
  op_completed (kern_thread_ctx (t));
  user_next (t);
}

static void
on_call (KThread *t, IpcStatus st)
{
  UserCtx *u = kern_thread_ctx (t);
  Programs *p = u->env;
  op_completed (u);
  p->calls_open--;
  if (counted (p))
    switch (st)
      {
      case IPC_OK:
        p->calls_completed++;
        stats_add (p->call_latency, kern_now (p->k) - u->op_start);
        break;
      case IPC_TIMEOUT:
      case IPC_ABORTED:
        p->calls_dropped++;
        break;
      }
  user_next (t);
}

static void
on_sleep (KThread *t, IpcStatus st)
{
  (void) st;
  UserCtx *u = kern_thread_ctx (t);
  Programs *p = u->env;
  op_completed (u);
  if (counted (p))
    {
      p->timer_wakeups++;
      p->timer_max_error = MAX (p->timer_max_error, kern_now (p->k) - kern_thread_sleep_deadline (t));
    }
  user_next (t);
}

static void
on_touch (KThread *t, IpcStatus st)
{
  (void) st;
  UserCtx *u = kern_thread_ctx (t);
  op_completed (u);
  if (u->in_touch)
    {
      u->touch_done = true;
      return;
    }
  user_next (t);
}

static int64_t
touch_page (UserCtx *u, KThread *t, int ds, TouchPattern pattern)
{
  int64_t pages = u->env->c->dataspaces[ds].pages;
  switch (pattern)
    {
    case TOUCH_RANDOM:
      return (int64_t) rng_below (kern_thread_rng (t), (uint64_t) pages);
    case TOUCH_SEQUENTIAL:
      if (u->seq_pos == NULL)
        u->seq_pos = g_new0 (int64_t, u->env->c->n_dataspaces);
      return u->seq_pos[ds]++ % pages;
    case TOUCH_SAME:
      return 0;
    }
  g_assert_not_reached ();
}

/* The top frame ran its last op: run it again, or pop it and step past the
 * `repeat` that pushed it.  False when that frame is the program itself:
 * the program is done. */
static bool
frame_finish (UserCtx *u)
{
  Frame *f = &u->frames[u->depth - 1];
  if (u->depth == 1)
    return false;
  if (f->left > 0)
    f->left--;
  if (f->left != 0)
    f->pc = 0;
  else
    {
      u->depth--;
      u->frames[u->depth - 1].pc++;
    }
  return true;
}

/* Touches `page` of dataspace `ds`; true when the touch completed at once
 * (the page was mapped), false when the thread faulted and waits. */
static bool
user_touch (UserCtx *u, int ds, int64_t page)
{
  u->in_touch = true;
  u->touch_done = false;
  fault_touch (u->pt, ds, page, on_touch);
  u->in_touch = false;
  return u->touch_done;
}

/* One step of the replay `op`: the compute of its next record, or once
 * that is done (or when it is 0), the record's touch; the last touch of the
 * last pass moves the frame past the op.  True when a kernel operation is
 * under way, as for user_issue. */
static bool
user_replay (KThread *t, UserCtx *u, const Op *op)
{
  const PageTrace *tr = op->u.replay.trace;
  Frame *f = &u->frames[u->depth - 1];
  int64_t page;

  if (u->replay != op)
    {
      u->replay = op;
      u->replay_rec = 0;
      u->replay_computed = false;
      u->replay_left = op->u.replay.count;
    }
  if (!u->replay_computed && tr->compute_ns[u->replay_rec] > 0)
    {
      u->replay_computed = true;
      kern_compute (t, tr->compute_ns[u->replay_rec], user_step);
      return true;
    }
  page = tr->page[u->replay_rec];
  u->replay_computed = false;
  if (++u->replay_rec == tr->n_records)
    {
      u->replay_rec = 0;
      if (u->replay_left > 0)
        u->replay_left--;
      if (u->replay_left == 0)
        {
          u->replay = NULL;
          f->pc++;
        }
    }
  return !user_touch (u, op->u.replay.dataspace, page);
}

/* Issues `op`, the op at the top frame's pc, and moves past it (past a
 * repeat once its body is done); true when a kernel operation is under way,
 * false when the op completed at once (a repeat entered, a touch of a
 * mapped page). */
static bool
user_issue (KThread *t, UserCtx *u, const Op *op)
{
  Programs *p = u->env;
  Frame *f = &u->frames[u->depth - 1];
  switch (op->kind)
    {
    case OP_COMPUTE:
      f->pc++;
      kern_compute (t, op->u.compute.forever ? KERN_FOREVER
                                             : dist_sample (&op->u.compute.d, kern_thread_rng (t)),
                    on_compute);
      return true;
    case OP_SLEEP:
      f->pc++;
      kern_sleep (t, dist_sample (&op->u.sleep.d, kern_thread_rng (t)), on_sleep);
      return true;
    case OP_IO:
      f->pc++;
      kern_io (t, dist_sample (&op->u.io.d, kern_thread_rng (t)), on_compute);
      return true;
    case OP_CALL:
      {
        f->pc++;
        Msg m = { .label = PROGRAM_MSG_CALL };
        u->op_start = kern_now (p->k);
        p->calls_open++;
        ipc_call (t, p->server_eps[op->u.call.server], &m,
                  op->u.call.has_timeout ? op->u.call.timeout : KERN_NO_TIMEOUT, on_call);
        return true;
      }
    case OP_TOUCH:
      f->pc++;
      return !user_touch (u, op->u.touch.dataspace,
                          touch_page (u, t, op->u.touch.dataspace, op->u.touch.pattern));
    case OP_REPLAY:
      return user_replay (t, u, op);
    case OP_REPEAT:
      u->frames[u->depth++] = (Frame) {
        .ops = op->u.repeat.body, .n = op->u.repeat.n_body, .pc = 0, .left = op->u.repeat.count,
      };
      return false;
    }
  g_assert_not_reached ();
}

static const char *
op_words (const Op *op)
{
  switch (op->kind)
    {
    case OP_COMPUTE:
      return "compute";
    case OP_TOUCH:
      return "touch";
    case OP_CALL:
      return "call";
    case OP_SLEEP:
      return "sleep";
    case OP_REPEAT:
      return "repeat";
    case OP_IO:
      return "io";
    case OP_REPLAY:
      return "replay";
    }
  g_assert_not_reached ();
}

/* Counts `op` against the bound on operations within one instant; past it
 * the run is stopped, and the thread spends the rest of it computing (it
 * must issue something, and it is what a runaway does). */
static bool
user_within_bound (KThread *t, UserCtx *u, const Op *op)
{
  Kernel *k = u->env->k;
  SimTime now = kern_now (k);
  if (now != u->instant)
    {
      u->instant = now;
      u->instant_ops = 0;
    }
  if (++u->instant_ops <= PROGRAM_MAX_INSTANT_OPS)
    return true;
  kern_stop (k, "%s makes no progress in simulated time: %d operations within one instant, "
             "the last a %s (a program that loops without spending time never ends: give the "
             "loop a compute or a sleep, or make its kernel operations cost something)",
             kern_thread_name (t), PROGRAM_MAX_INSTANT_OPS, op_words (op));
  kern_compute (t, KERN_FOREVER, user_step);
  return false;
}

/* Fetches the next op and issues it; returns when an operation is under way
 * or the program has ended (the thread then exits). */
static void
user_next (KThread *t)
{
  UserCtx *u = kern_thread_ctx (t);
  for (int steps = 0;; steps++)
    {
      if (steps == INSTANT_STEPS_BEFORE_YIELD)
        {
          kern_compute (t, 0, user_step);
          return;
        }
      Frame *f = &u->frames[u->depth - 1];
      if (f->pc == f->n)
        {
          if (!frame_finish (u))
            return;   /* no operation: the thread ends */
          continue;
        }
      if (!user_within_bound (t, u, &f->ops[f->pc]) || user_issue (t, u, &f->ops[f->pc]))
        return;
    }
}

static int
program_depth (const Op *ops, size_t n)
{
  int d = 0;
  for (size_t i = 0; i < n; i++)
    if (ops[i].kind == OP_REPEAT)
      {
        /* Not inside MAX(), which would evaluate it twice per level. */
        int inner = program_depth (ops[i].u.repeat.body, ops[i].u.repeat.n_body);
        d = MAX (d, inner);
      }
  return d + 1;
}

static bool
manager_chain_misbehaves (const ScenarioConfig *c, int ds)
{
  for (int depth = 0; ds >= 0 && depth <= (int) c->n_dataspaces; depth++)
    {
      int m = c->dataspaces[ds].manager;
      if (m >= 0 && c->managers[m].behavior.kind != BEHAVIOR_OK)
        return true;
      ds = c->dataspaces[ds].backing;
    }
  return false;
}

static bool
ops_culprit (const ScenarioConfig *c, const Op *ops, size_t n)
{
  for (size_t i = 0; i < n; i++)
    switch (ops[i].kind)
      {
      case OP_TOUCH:
        if (manager_chain_misbehaves (c, ops[i].u.touch.dataspace))
          return true;
        break;
      case OP_REPLAY:
        if (manager_chain_misbehaves (c, ops[i].u.replay.dataspace))
          return true;
        break;
      case OP_REPEAT:
        if (ops_culprit (c, ops[i].u.repeat.body, ops[i].u.repeat.n_body))
          return true;
        break;
      case OP_COMPUTE:
      case OP_CALL:
      case OP_SLEEP:
      case OP_IO:
        break;
      }
  return false;
}

bool
program_is_culprit (const ScenarioConfig *c, const ThreadConfig *tc)
{
  return ops_culprit (c, tc->program, tc->n_program);
}

/* ------------------------------------------------------------ servers */

static void server_got (KThread *t, IpcStatus st);

static void
server_answer (KThread *t, IpcStatus st)
{
  (void) st;
  ServerCtx *s = kern_thread_ctx (t);
  Msg reply = { .label = PROGRAM_MSG_REPLY };
  ipc_reply_recv (t, &reply, s->ep, server_got);
}

/* Its CPU time is spent: then the device, if it has one. */
static void
server_served (KThread *t, IpcStatus st)
{
  (void) st;
  ServerCtx *s = kern_thread_ctx (t);
  int64_t io = dist_sample (&s->sc->io, kern_thread_rng (t));
  s->env->served_io += io;
  if (io == 0)
    {
      server_answer (t, st);
      return;
    }
  kern_io (t, io, server_answer);
}

static void
server_got (KThread *t, IpcStatus st)
{
  (void) st;
  ServerCtx *s = kern_thread_ctx (t);
  int64_t ns = dist_sample (&s->sc->service, kern_thread_rng (t));
  s->env->served++;
  s->env->served_cpu += ns;
  kern_compute (t, ns, server_served);
}

static void
server_start (KThread *t, IpcStatus st)
{
  (void) st;
  ServerCtx *s = kern_thread_ctx (t);
  ipc_recv (t, s->ep, KERN_NO_TIMEOUT, server_got);
}

/* -------------------------------------------------------- process exit */

static void
process_exit (void *data)
{
  ExitEvent *ev = data;
  Programs *p = ev->env;
  GPtrArray *threads = p->procs->pdata[ev->space];
  Trace *tr = kern_trace (p->k);
  if (trace_explaining (tr))
    trace_explain (tr, kern_now (p->k),
                   "process %s exits: its threads die and its mappings are revoked",
                   p->c->processes[ev->space].name);
  for (guint i = 0; i < threads->len; i++)
    kern_kill (threads->pdata[i]);
  if (p->paging)
    paging_process_exit (p->paging, ev->space);
}

static void
user_ctx_free (UserCtx *u)
{
  g_free (u->seq_pos);
  g_free (u);
}

/* A plain server is a component of its own, not core: its threads share an
 * address space, numbered below core's so that it meets no process's or
 * manager's. */
static int
server_space (size_t server)
{
  return KERN_CORE_SPACE - 1 - (int) server;
}

static void
servers_new (Programs *p)
{
  const ScenarioConfig *c = p->c;
  for (size_t i = 0; i < c->n_servers; i++)
    {
      const ServerConfig *sc = &c->servers[i];
      p->server_eps[i] = ipc_endpoint_new (p->k, sc->name);
      for (int j = 0; j < sc->threads; j++)
        {
          ServerCtx *s = g_new0 (ServerCtx, 1);
          s->env = p;
          s->sc = sc;
          s->ep = p->server_eps[i];
          g_ptr_array_add (p->ctxs, s);
          int cpu = config_cpu_of (&sc->cpu, j, kern_cpus (p->k));
          KThread *t = kern_thread_new_on (p->k, cpu, sc->name, "worker", j, server_space (i),
                                           ROLE_SERVER, sc->priority, server_start, s);
          ipc_endpoint_add_server (s->ep, t);
        }
    }
}

static UserCtx *
user_ctx_new (Programs *p, const ThreadConfig *tc, int depth)
{
  /* One allocation for the context and its frame stack. */
  UserCtx *u = g_malloc0 (sizeof (UserCtx) + (size_t) depth * sizeof (Frame));
  u->env = p;
  u->last_op = -1;
  u->frames = (Frame *) (u + 1);
  u->depth = 1;
  u->frames[0] = (Frame) { tc->program, tc->n_program, 0, 1 };
  g_ptr_array_add (p->users, u);
  return u;
}

/* threads[].start and stagger: instance n begins at its draw of start plus
 * n * stagger.  The draw comes from a stream of its own, so that giving a
 * start leaves every other draw of the thread as it was. */
static void
user_delay_start (Programs *p, const ThreadConfig *tc, KThread *t, int n)
{
  int64_t at = 0;
  if (tc->start.kind != DIST_CONST || tc->start.a != 0)
    {
      RngStream rng;
      g_autofree char *stream = g_strdup_printf ("start/%s", kern_thread_name (t));
      sim_rng (kern_engine (p->k), &rng, stream);
      at = dist_sample (&tc->start, &rng);
    }
  if (tc->stagger > 0 && n > 0)
    at = tc->stagger > (INT64_MAX - at) / n ? INT64_MAX : at + tc->stagger * (int64_t) n;
  if (at > 0)
    kern_thread_start_at (t, at);
}

/* The threads of process `proc` (address space `proc`), and its exit. */
static void
process_new (Programs *p, size_t proc)
{
  const ScenarioConfig *c = p->c;
  const ProcessConfig *pc = &c->processes[proc];
  GPtrArray *threads = g_ptr_array_new ();
  g_ptr_array_add (p->procs, threads);
  for (size_t j = 0; j < pc->n_threads; j++)
    {
      const ThreadConfig *tc = &pc->threads[j];
      int depth = program_depth (tc->program, tc->n_program);
      bool culprit = program_is_culprit (c, tc);
      for (int n = 0; n < tc->count; n++)
        {
          UserCtx *u = user_ctx_new (p, tc, depth);
          int cpu = config_cpu_of (&tc->cpu, n, kern_cpus (p->k));
          KThread *t = kern_thread_new_on (p->k, cpu, pc->name, tc->name, n, (int) proc,
                                           ROLE_USER, tc->priority, user_step, u);
          u->t = t;
          user_delay_start (p, tc, t, n);
          g_ptr_array_add (threads, t);
          if (p->paging)
            u->pt = paging_add_user (p->paging, t, culprit);
        }
    }
  if (pc->has_exit_at && pc->exit_at < c->duration)
    {
      ExitEvent *ev = g_new0 (ExitEvent, 1);
      ev->env = p;
      ev->space = (int) proc;
      g_ptr_array_add (p->ctxs, ev);
      sim_schedule (kern_engine (p->k), pc->exit_at, process_exit, ev);
    }
}

Programs *
programs_new (Kernel *k, const ScenarioConfig *c, Paging *paging)
{
  Programs *p = g_new0 (Programs, 1);
  p->k = k;
  p->c = c;
  p->paging = paging;
  p->users = g_ptr_array_new_with_free_func ((GDestroyNotify) user_ctx_free);
  p->ctxs = g_ptr_array_new_with_free_func (g_free);
  p->procs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  p->call_latency = stats_new ();
  p->server_eps = g_new0 (Endpoint *, MAX (c->n_servers, 1));
  servers_new (p);
  for (size_t i = 0; i < c->n_processes; i++)
    process_new (p, i);
  return p;
}

void
programs_collect (Programs *p, RunResult *r)
{
  stats_summary (p->call_latency, &r->calls.latency);
  r->calls.completed = p->calls_completed;
  r->calls.dropped = p->calls_dropped;
  r->calls.total = p->calls_completed + p->calls_dropped + p->calls_open;
  if (p->served > 0)
    {
      r->calls.service_ns = p->served_cpu / (int64_t) p->served;
      r->calls.io_ns = p->served_io / (int64_t) p->served;
    }
  r->timer.wakeups = p->timer_wakeups;
  r->timer.max_error_ns = p->timer_max_error;
}

void
programs_collect_threads (Programs *p, RunResult *r)
{
  /* The progress window: the run's last stall_threshold. */
  SimTime window = MAX (r->sim_time_ns - p->c->stall_threshold, 0);
  r->progress.window_ns = r->sim_time_ns - window;
  for (guint i = 0; i < p->users->len; i++)
    {
      const UserCtx *u = p->users->pdata[i];
      ThreadResult *tr = &r->threads[kern_thread_id (u->t)];
      tr->ops_completed = u->ops_done;
      /* A thread that has ended (its program ran out, or its process exited)
       * is done, not stuck. */
      if (kern_thread_state (u->t) == TS_DEAD || u->last_op >= window)
        continue;
      tr->no_progress = true;
      r->progress.no_progress_threads++;
      if (u->pt != NULL && pg_thread_window_answers (u->pt) >= 2)
        {
          tr->livelocked = true;
          r->progress.livelocked_threads++;
        }
    }
}

void
programs_free (Programs *p)
{
  if (p == NULL)
    return;
  g_ptr_array_free (p->users, TRUE);
  g_ptr_array_free (p->ctxs, TRUE);
  g_ptr_array_free (p->procs, TRUE);
  stats_free (p->call_latency);
  g_free (p->server_eps);
  g_free (p);
}
