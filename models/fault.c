/* The fault record and the faulter's side (see fault.h).
 *
 * When the faulting thread runs again after its pager's answer it
 * re-executes the access, as every kernel makes it do: after Genode's
 * "retry" it faults again (the re-fault segment); after a mapping it usually
 * goes on — the fault ends — but if the page was taken away in between
 * (evicted, or moved by an exclusive manager) the answer was wasted and the
 * access faults again, still the same fault.  So a manager that outranks the
 * threads it serves can take every page away before it is used: a livelock,
 * in which no access ever completes, and the figures say so
 * (scenarios/livelock.json). */
#include "models/fault.h"

#include <inttypes.h>
#include <string.h>

#include "models/fsm.h"

/* ORDER FaultState */
static const char *const fault_state_names[] = {
  [FAULT_IDLE] = "IDLE",
  [FAULT_SENT] = "SENT",
  [FAULT_AT_HANDLER] = "AT_HANDLER",
  [FAULT_REFLECTED] = "REFLECTED",
  [FAULT_DEFERRED] = "DEFERRED",
  [FAULT_WOKEN] = "WOKEN",
  [FAULT_RETRY_WAIT] = "RETRY_WAIT",
  [FAULT_LOST] = "LOST",
  [FAULT_ANSWERED] = "ANSWERED",
};
FSM_NAMES_CHECK (fault_state_names, FAULT_ANSWERED);

const char *
fault_state_name (FaultState s)
{
  return fsm_state_name (fault_state_names, G_N_ELEMENTS (fault_state_names), s);
}

void
fault_expect (const PgFault *f, FaultState s, const char *where)
{
  if (G_UNLIKELY (f->state != s))
    fsm_fail ("fault of", kern_thread_name (f->owner->t), fault_state_names,
              G_N_ELEMENTS (fault_state_names), f->state, where);
}

static Kernel *
fault_kernel (const PgFault *f)
{
  return kern_thread_kernel (f->owner->t);
}

static SimTime
fault_now (const PgFault *f)
{
  return kern_now (fault_kernel (f));
}

KThread *
fault_thread (const PgFault *f)
{
  return f->owner->t;
}

const char *
fault_ds_name (const PgFault *f)
{
  return memory_ds_name (f->owner->mem, f->ds);
}

/* ------------------------------------------------------------- figures */

void
fault_figures_init (FaultFigures *fig, SimTime warmup, SimTime window)
{
  *fig = (FaultFigures) { .warmup = warmup, .window = window };
  fig->lat_all = stats_new ();
  fig->lat_innocent = stats_new ();
  fig->lat_culprit = stats_new ();
  fig->lat_answer = stats_new ();
}

void
fault_figures_clear (FaultFigures *fig)
{
  stats_free (fig->lat_all);
  stats_free (fig->lat_innocent);
  stats_free (fig->lat_culprit);
  stats_free (fig->lat_answer);
  if (fig->series != NULL)
    g_array_unref (fig->series);
  *fig = (FaultFigures) { 0 };
}

bool
fault_counted (const PgFault *f)
{
  const PgThread *pt = f->owner;
  return pt->user && !pt->gone && fault_now (f) >= pt->fig->warmup;
}

void
fault_count_dropped (PgFault *f)
{
  if (fault_counted (f))
    f->owner->fig->dropped++;
}

void
fault_count_retried (PgFault *f)
{
  if (fault_counted (f))
    f->owner->fig->retried++;
}

static void
fault_set_waiting_for_core (PgFault *f, bool on)
{
  FaultFigures *fig = f->owner->fig;
  f->waits_for_core = on;
  fig->waiting_for_core += on ? 1 : -1;
  if (fig->core_wait_changed)
    fig->core_wait_changed (fig->core, f->core_cpu, on);
}

void
fault_waits_for_core (PgFault *f, int cpu)
{
  if (f->waits_for_core)
    return;
  f->core_cpu = cpu;
  fault_set_waiting_for_core (f, true);
}

void
fault_stops_waiting_for_core (PgFault *f)
{
  if (f->waits_for_core)
    fault_set_waiting_for_core (f, false);
}

/* -------------------------------------------------------------- threads */

void
pg_thread_init (PgThread *pt, FaultFigures *fig, Memory *mem, KThread *t, int space, bool user,
                bool culprit)
{
  *pt = (PgThread) { .fig = fig, .mem = mem, .t = t, .space = space, .user = user,
                     .culprit = culprit };
  pt->fault.owner = pt;
  fault_enter (&pt->fault, FAULT_IDLE);
}

void
pg_thread_route (PgThread *pt, Endpoint *pager, bool pager_is_core)
{
  pt->pager = pager;
  pt->pager_is_core = pager_is_core;
}

void
pg_thread_withdraw (PgThread *pt)
{
  pt->gone = true;
  PgFault *f = &pt->fault;
  switch (f->state)
    {
    case FAULT_DEFERRED:
    case FAULT_RETRY_WAIT:
      /* On a list: a region map, the faulters an attach is waking, or
       * core's retry list. */
      fault_list_remove (f);
      break;
    case FAULT_IDLE:
    case FAULT_ANSWERED:
    case FAULT_SENT:
    case FAULT_AT_HANDLER:
    case FAULT_REFLECTED:
    case FAULT_WOKEN:
    case FAULT_LOST:
      /* Queued in an endpoint (the kernel took it out) or held by a
       * handler, whose answer will find nobody. */
      g_assert (f->list == NULL);
      break;
    }
  fault_stops_waiting_for_core (f);
}

/* ---------------------------------------------------------- the record */

void
fault_seg (PgFault *f, FaultSeg s)
{
  SimTime now = fault_now (f);
  f->segs[f->seg] += now - f->mark;
  f->mark = now;
  f->seg = s;
}

void
fault_accepted (PgFault *f)
{
  fault_enter (f, FAULT_AT_HANDLER);
  if (f->seg != SEG_FAULT_ENTRY)
    return;   /* a re-fault stays in SEG_REFAULT until core maps it */
  /* The trap was charged to the faulter before it queued: split the two. */
  SimTime now = fault_now (f);
  int64_t elapsed = now - f->mark;
  int64_t entry = MIN (elapsed, kern_config (fault_kernel (f))->costs.fault_entry);
  f->segs[SEG_FAULT_ENTRY] += entry;
  f->segs[SEG_PAGER_WAIT] += elapsed - entry;
  f->mark = now;
  f->seg = SEG_PAGER_WAIT;
}

void
fault_reflected (PgFault *f)
{
  fault_enter (f, FAULT_REFLECTED);
  fault_seg (f, SEG_MANAGER_WAIT);
}

void
fault_deferred (PgFault *f, FaultList *l, KThread *caller)
{
  fault_enter (f, FAULT_DEFERRED);
  f->caller = caller;
  fault_list_append (l, f);
  fault_stops_waiting_for_core (f);
  fault_seg (f, SEG_MANAGER_WAIT);
}

/* An answer to the fault of `pt` at `at`, for the progress window. */
static void
fault_count_answer (PgThread *pt, SimTime at)
{
  if (at >= pt->fig->window)
    pt->window_answers++;
}

void
fault_woken (PgFault *f)
{
  fault_enter (f, FAULT_WOKEN);
  fault_seg (f, SEG_REFAULT);
  fault_count_answer (f->owner, fault_now (f));
}

void
fault_retry_wait (PgFault *f, FaultList *l, KThread *caller)
{
  f->caller = caller;
  fault_enter (f, FAULT_RETRY_WAIT);
  /* Until a pager reflects it again, the fault waits for core. */
  fault_seg (f, SEG_PAGER_WAIT);
  fault_list_append (l, f);
}

void
fault_lost (PgFault *f)
{
  fault_enter (f, FAULT_LOST);
  fault_stops_waiting_for_core (f);
}

bool
fault_current (const PgFault *f, uint32_t gen)
{
  return f != NULL && f->gen == gen && f->state != FAULT_IDLE && f->state != FAULT_ANSWERED
         && !f->owner->gone;
}

bool
fault_with_manager (const PgFault *f, uint32_t gen)
{
  return fault_current (f, gen) && (f->state == FAULT_REFLECTED || f->state == FAULT_DEFERRED);
}

void
fault_answered (PgFault *f, SimTime ready_at)
{
  PgThread *pt = f->owner;
  f->segs[f->seg] += ready_at - f->mark;
  f->mark = ready_at;
  f->seg = SEG_CPU_WAIT;
  fault_enter (f, FAULT_ANSWERED);
  fault_count_answer (pt, ready_at);
  if (pt->user && !pt->gone && ready_at >= pt->fig->warmup)
    stats_add (pt->fig->lat_answer, ready_at - f->attempt);
}

/* The access went through at `at`: the fault ends.  Faults completed during
 * the warm-up, or of a destroyed process, are left out of the figures. */
static void
fault_done (PgFault *f, SimTime at)
{
  PgThread *pt = f->owner;
  FaultFigures *fig = pt->fig;
  f->segs[f->seg] += at - f->mark;
  f->mark = at;
  fault_enter (f, FAULT_IDLE);
  int64_t lat = at - f->start;
  if (fig->series != NULL && pt->user && !pt->gone)
    {
      int64_t pair[2] = { at, lat };

      g_array_append_vals (fig->series, pair, 2);
    }
  if (at < fig->warmup || pt->gone)
    return;
  stats_add (kern_thread_latency (pt->t), lat);
  if (!pt->user)
    {
      fig->system_faults++;
      return;
    }
  fig->resolved++;
  stats_add (fig->lat_all, lat);
  stats_add (pt->culprit ? fig->lat_culprit : fig->lat_innocent, lat);
  for (int s = 0; s < SEG_COUNT; s++)
    fig->seg_sum[s] += f->segs[s];
  pt->max_latency = MAX (pt->max_latency, lat);
}

/* ------------------------------------------------------------ messages */

/* ORDER PgPagerMsg PgFaultAnswer PgManagerMsg PgRmMsg PgRmAnswer */
static const char *
pg_msg_op (int label)
{
  static const char *const ops[] = {
    [PG_MSG_FAULT - PG_MSG_FIRST] = "page fault",
    [PG_MSG_MAP - PG_MSG_FIRST] = "map plain page",
    [PG_MSG_MAPPED - PG_MSG_FIRST] = "mapped",
    [PG_MSG_RETRY - PG_MSG_FIRST] = "retry",
    [PG_MSG_RESOLVE - PG_MSG_FIRST] = "resolve_fault",
    [PG_MSG_SUBMIT - PG_MSG_FIRST] = "submit signal",
    [PG_MSG_QUERY - PG_MSG_FIRST] = "fault()",
    [PG_MSG_ATTACH - PG_MSG_FIRST] = "attach",
    [PG_MSG_DONE - PG_MSG_FIRST] = "done",
    [PG_MSG_NONE - PG_MSG_FIRST] = "no fault",
    [PG_MSG_FAULT_INFO - PG_MSG_FIRST] = "fault info",
  };
  if (label < PG_MSG_FIRST || label - PG_MSG_FIRST >= (int) G_N_ELEMENTS (ops))
    return NULL;
  return ops[label - PG_MSG_FIRST];
}

Msg
pg_msg (int label)
{
  return (Msg) { .label = label, .op = pg_msg_op (label), .explain = "" };
}

void
fault_msg (const PgFault *f, int label, Msg *m)
{
  *m = (Msg) { .label = label,
               .w = { f->ds, f->page, f->owner->space, f->gen },
               .ptr = (void *) f,
               .op = pg_msg_op (label),
               .explain = "",
               .about = f->number };
}

/* ------------------------------------------------------------ fault lists */

void
fault_list_append (FaultList *l, PgFault *f)
{
  g_assert (f->list == NULL);
  f->list = l;
  f->lnext = NULL;
  f->lprev = l->tail;
  if (l->tail)
    l->tail->lnext = f;
  else
    l->head = f;
  l->tail = f;
}

void
fault_list_remove (PgFault *f)
{
  FaultList *l = f->list;
  g_assert (l != NULL);
  if (f->lprev)
    f->lprev->lnext = f->lnext;
  else
    l->head = f->lnext;
  if (f->lnext)
    f->lnext->lprev = f->lprev;
  else
    l->tail = f->lprev;
  f->lprev = f->lnext = NULL;
  f->list = NULL;
}

PgFault *
fault_list_pop (FaultList *l)
{
  PgFault *f = l->head;
  if (f)
    fault_list_remove (f);
  return f;
}

/* ----------------------------------------------------- the faulter's side */

static void fault_returned (KThread *t, IpcStatus st);

/* The fault message in words: a first fault, Genode's re-fault, the access
 * faulting again after a wasted answer, or a region mapper touching its own
 * pages. */
static void
fault_words (PgThread *pt, Msg *m)
{
  const PgFault *f = &pt->fault;
  const char *name = kern_thread_name (pt->t);
  if (f->state == FAULT_ANSWERED)
    kern_msg_words (pt->t, m, "%s faults again on %s page %" G_GINT64_FORMAT " (the page was "
                    "taken away before it ran: the same fault, a new attempt)", name,
                    fault_ds_name (f), f->page);
  else if (f->state == FAULT_WOKEN)
    kern_msg_words (pt->t, m, "%s faults again on %s page %" G_GINT64_FORMAT
                    " (the re-fault after attach)", name, fault_ds_name (f), f->page);
  else if (pt->is_rm)
    kern_msg_words (pt->t, m, "%s faults on its own page %" G_GINT64_FORMAT
                    " (fault %" PRIu64 "; core pages the region mappers)", name, f->page,
                    f->number);
  else
    kern_msg_words (pt->t, m, "%s faults on %s page %" G_GINT64_FORMAT " (fault %" PRIu64 ")",
                    name, fault_ds_name (f), f->page, f->number);
}

/* The fault on t's blocked_fault slice of the trace, for a click to tell. */
static void
fault_trace_args (PgThread *pt, bool refault)
{
  const PgFault *f = &pt->fault;
  if (!kern_tracing (kern_thread_kernel (pt->t)))
    return;
  const char *manager = memory_manager_name (pt->mem, f->ds);
  const char *attempt = f->state == FAULT_ANSWERED ? "again: the page was taken away first"
                        : refault ? "the re-fault after attach" : "the first";
  const TraceArg args[] = {
    { .key = "fault", .num = (int64_t) f->number },
    { .key = "dataspace", .str = fault_ds_name (f) },
    { .key = "page", .num = f->page },
    { .key = "manager", .str = manager != NULL ? manager : "none: a plain dataspace, core "
                                                           "maps it" },
    { .key = "attempt", .str = attempt },
  };
  kern_trace_next_args (pt->t, args, G_N_ELEMENTS (args));
}

/* The access faults: the fault message goes to the thread's pager.
 * `refault`: the access re-executed after attach, the same fault. */
static void
fault_send (PgThread *pt, bool refault)
{
  PgFault *f = &pt->fault;
  if (pt->pager_is_core)
    fault_waits_for_core (f, kern_thread_cpu (pt->t));
  Msg m;
  fault_msg (f, PG_MSG_FAULT, &m);
  fault_words (pt, &m);
  fault_trace_args (pt, refault);
  fault_enter (f, FAULT_SENT);
  ipc_fault (pt->t, pt->pager, &m, refault, fault_returned);
}

/* The access went through: the fault ends and the thread goes on.
 * `how` says so in words ("%s" the thread, then the dataspace and page). */
static void
fault_complete (PgThread *pt, PgFault *f, const char *how)
{
  KThread *t = pt->t;
  Kernel *k = kern_thread_kernel (t);
  KStepFn next = f->next;
  if (kern_explaining (k))
    {
      char lat[32];
      g_autofree char *words = g_strdup_printf (how, kern_thread_name (t), fault_ds_name (f),
                                                f->page);
      kern_explain_about (k, f->number, "%s: fault %" PRIu64 " resolved after %s", words,
                          f->number, trace_format_ns (lat, sizeof lat, kern_now (k) - f->start));
    }
  fault_done (f, kern_now (k));
  f->next = NULL;
  next (t, IPC_OK);
}

/* Genode's "retry": attach woke the faulter, which re-executes the access. */
static void
fault_on_retry (PgThread *pt, PgFault *f)
{
  fault_expect (f, FAULT_WOKEN, G_STRFUNC);
  if (memory_is_mapped (pt->mem, pt->space, f->ds, f->page))
    {
      /* Another faulter of the space re-faulted first and core mapped the
       * page: the access goes through, no second fault. */
      fault_complete (pt, f, "%s retries the access to %s page %" G_GINT64_FORMAT
                      ": another thread's re-fault got it mapped, so it goes through");
      return;
    }
  /* The attach that woke it was wasted if the page has moved on since
   * (an exclusive manager handed it to another space first): core cannot
   * map it and reflects the fault once more. */
  int64_t block = memory_block (pt->mem, f->ds, f->page);
  if (!memory_core_can_map (pt->mem, f->ds, block, pt->space) && fault_counted (f))
    pt->fig->wasted++;
  /* The access faults again.  The kernel sees a fault message; this one
   * belongs to the same fault. */
  fault_send (pt, true);
}

/* Answered with the page mapped, the thread runs again and re-executes the
 * access: it goes through — the fault ends — unless the page was taken
 * away before the thread got the CPU (evicted, or moved by an exclusive
 * manager): the answer was wasted, and the access faults again, still the
 * same fault. */
static void
fault_on_mapped (PgThread *pt, PgFault *f)
{
  fault_expect (f, FAULT_ANSWERED, G_STRFUNC);
  if (memory_is_mapped (pt->mem, pt->space, f->ds, f->page))
    {
      fault_complete (pt, f, "%s runs again and its access to %s page %" G_GINT64_FORMAT
                      " goes through");
      return;
    }
  if (fault_counted (f))
    pt->fig->wasted++;
  KThread *t = pt->t;
  SimTime now = kern_now (kern_thread_kernel (t));
  kern_explain_about (kern_thread_kernel (t), f->number, "%s runs again, but %s page %"
                      G_GINT64_FORMAT " was taken away meanwhile: the answer was wasted, and "
                      "the access faults again", kern_thread_name (t), fault_ds_name (f),
                      f->page);
  fault_seg (f, SEG_FAULT_ENTRY);
  f->attempt = now;
  fault_send (pt, true);
}

/* The faulter runs again after its pager's answer and re-executes the
 * access, as every kernel makes it do. */
static void
fault_returned (KThread *t, IpcStatus st)
{
  switch (st)
    {
    case IPC_OK:
      break;
    case IPC_ABORTED:
      /* Its pager died (the process is being destroyed): nothing answers. */
      kern_hang (t);
      return;
    case IPC_TIMEOUT:
      g_assert_not_reached ();
    }
  const Msg *answer = kern_thread_msg (t);
  PgFault *f = answer->ptr;
  PgThread *pt = f->owner;
  g_assert (pt->t == t);
  switch ((PgFaultAnswer) answer->label)
    {
    case PG_MSG_RETRY:
      fault_on_retry (pt, f);
      return;
    case PG_MSG_MAPPED:
      fault_on_mapped (pt, f);
      return;
    }
  g_assert_not_reached ();
}

void
fault_touch (PgThread *pt, int ds, int64_t page, KStepFn next)
{
  KThread *t = pt->t;
  g_return_if_fail (kern_thread_running (t));
  g_return_if_fail (ds >= 0 && (size_t) ds <= memory_n_ds (pt->mem) && page >= 0
                    && page < memory_pages (pt->mem, ds));
  if (memory_is_mapped (pt->mem, pt->space, ds, page))
    {
      /* Mapped: the access costs nothing and the thread goes on at once. */
      next (t, IPC_OK);
      return;
    }
  PgFault *f = &pt->fault;
  fault_expect (f, FAULT_IDLE, G_STRFUNC);
  f->gen++;
  f->number = ++pt->fig->numbered;
  kern_explain_fault_of (t, f->number);
  f->ds = ds;
  f->page = page;
  f->start = f->attempt = f->mark = kern_now (kern_thread_kernel (t));
  f->seg = SEG_FAULT_ENTRY;
  memset (f->segs, 0, sizeof f->segs);
  f->next = next;
  if (pt->is_rm)
    pt->fig->rm_self_faults++;
  fault_send (pt, false);
}
