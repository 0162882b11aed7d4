/* Paging: the public face of core, the dataspaces, the managers and the
 * strategies (paging.h), the fault record every faulting thread carries,
 * and the figures of a run.
 *
 * A fault is one blocking page fault, from the touch until the thread is
 * ready again with the page mapped; Genode's re-fault after attach belongs
 * to the same fault.  When the thread next runs it re-executes the access,
 * as every kernel makes it do: if the page was taken away in between
 * (evicted, or moved by an exclusive manager), that is a new fault.  So a
 * manager that outranks the threads it serves can take every page away
 * before it is used: a livelock the model shows rather than hides
 * (scenarios/exclusive-page.json).  Its record lives in the faulting
 * thread's PgThread (a thread has at most one fault open), so faulting
 * allocates nothing.
 * Every answer to a fault carries the record (Msg.ptr), which is how the
 * faulter's continuation finds its way back here.
 *
 * The fault's time is split into segments (paging_int.h FaultSeg) as it
 * moves from component to component, so the latency breakdown of a run adds
 * up to its mean latency. */
#include "models/paging.h"

#include <stdarg.h>
#include <string.h>

#include "models/core.h"
#include "models/manager.h"
#include "models/strategy.h"

const StrategyOps *
strategy_ops (StrategyKind kind)
{
  switch (kind)
    {
    case STRATEGY_ASYNC_SIGNAL:
      return &strategy_async_signal;
    case STRATEGY_SYNC_RPC:
      return &strategy_sync_rpc;
    case STRATEGY_LOCAL_RM:
      return &strategy_local_rm;
    case STRATEGY_IPC_TIMEOUT:
      return &strategy_ipc_timeout;
    case STRATEGY_COUNT:
      break;
    }
  g_assert_not_reached ();
}

/* ------------------------------------------------------------- threads */

PgThread *
pg_thread (Paging *p, KThread *t)
{
  if ((guint) t->id >= p->by_id->len)
    return NULL;
  return p->by_id->pdata[t->id];
}

PgThread *
pg_thread_add (Paging *p, KThread *t, int space, bool user, bool culprit)
{
  g_return_val_if_fail (space >= 0 && (size_t) space < p->n_spaces, NULL);
  PgThread *pt = g_new0 (PgThread, 1);
  pt->p = p;
  pt->t = t;
  pt->space = space;
  pt->user = user;
  pt->culprit = culprit;
  pt->fault.owner = pt;
  pt->fault.state = FAULT_IDLE;
  g_ptr_array_add (p->pts, pt);
  if ((guint) t->id >= p->by_id->len)
    g_ptr_array_set_size (p->by_id, t->id + 1);
  p->by_id->pdata[t->id] = pt;
  return pt;
}

void
paging_add_user (Paging *p, KThread *t, bool culprit)
{
  g_return_if_fail (p != NULL && t != NULL && t->role == ROLE_USER);
  pg_thread_add (p, t, t->space, true, culprit);
}

/* -------------------------------------------------------- fault record */

void
fault_seg (Paging *p, PgFault *f, FaultSeg s)
{
  SimTime now = kern_now (p->k);
  f->segs[f->seg] += now - f->mark;
  f->mark = now;
  f->seg = s;
}

void
fault_accepted (Paging *p, PgFault *f)
{
  if (f->seg != SEG_FAULT_ENTRY)
    return;   /* a re-fault stays in SEG_REFAULT until core maps it */
  /* The trap was charged to the faulter before it queued: split the two. */
  SimTime now = kern_now (p->k);
  int64_t elapsed = now - f->mark;
  int64_t entry = MIN (elapsed, p->c->kernel.costs.fault_entry);
  f->segs[SEG_FAULT_ENTRY] += entry;
  f->segs[SEG_PAGER_WAIT] += elapsed - entry;
  f->mark = now;
  f->seg = SEG_PAGER_WAIT;
}

bool
fault_current (const PgFault *f, uint32_t gen)
{
  return f != NULL && f->gen == gen && f->state != FAULT_IDLE && f->state != FAULT_ANSWERED
         && !f->owner->gone;
}

bool
fault_counted (const Paging *p, const PgFault *f)
{
  return f->owner->user && !f->owner->gone && kern_now (p->k) >= p->c->warmup;
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

bool
fault_with_manager (const PgFault *f, uint32_t gen)
{
  return fault_current (f, gen) && (f->state == FAULT_REFLECTED || f->state == FAULT_DEFERRED);
}

void
fault_msg (const PgFault *f, int label, Msg *m)
{
  *m = (Msg) { .label = label,
               .w = { f->ds, f->page, f->owner->space, f->gen },
               .ptr = (void *) f,
               .op = pg_msg_op (label),
               .explain = "" };
}

void
pg_bad_state (const char *component, const KThread *t, const char *state,
              const char *continuation)
{
  g_error ("%s %s: continuation %s ran in state %s, which it does not belong to",
           component, t->name, continuation, state);
}

bool
pg_explaining (Paging *p)
{
  /* The backing store's unit tests run without a kernel. */
  return p->k != NULL && trace_explaining (kern_trace (p->k));
}

void
pg_explain (Paging *p, const char *fmt, ...)
{
  if (!pg_explaining (p))
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  trace_explain (kern_trace (p->k), kern_now (p->k), "%s", line);
}

void
pg_msg_words (Paging *p, KThread *t, Msg *m, const char *fmt, ...)
{
  if (!pg_explaining (p))
    return;
  va_list ap;
  va_start (ap, fmt);
  char *words = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* The thread sends nothing else while this message is in flight, so its
   * previous words are no longer looked at. */
  if ((guint) t->id >= p->words->len)
    g_ptr_array_set_size (p->words, t->id + 1);
  g_free (p->words->pdata[t->id]);
  p->words->pdata[t->id] = words;
  m->explain = words;
}

char *
pg_format_ns (char *buf, size_t size, int64_t ns)
{
  if (ns < 1000)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT " ns", ns);
  else if (ns < 1000000)
    g_snprintf (buf, size, "%.1f us", ns / 1e3);
  else
    g_snprintf (buf, size, "%.3f ms", ns / 1e6);
  return buf;
}

const char *
fault_ds_name (const Paging *p, const PgFault *f)
{
  return p->ds[f->ds].cfg->name;
}

const char *
pg_space_name (const Paging *p, int space)
{
  if (space < 0)
    return "core";
  if ((size_t) space < p->n_procs)
    return p->c->processes[space].name;
  return p->managers[(size_t) space - p->n_procs].cfg->name;
}

void
fault_waits_for_core (Paging *p, PgFault *f, bool on)
{
  if (f->waits_for_core == on)
    return;
  f->waits_for_core = on;
  p->waiting_for_core += on ? 1 : -1;
  core_stall_update (p);
}

static void fault_returned (KThread *t, IpcStatus st);

/* The fault message in words: a first fault, Genode's re-fault, or a
 * region mapper touching its own pages. */
static void
fault_words (Paging *p, PgThread *pt, Msg *m)
{
  const PgFault *f = &pt->fault;
  const char *name = pt->t->name;
  if (pt->is_rm)
    pg_msg_words (p, pt->t, m, "%s faults on its own page %" G_GINT64_FORMAT
                  " (core pages the region mappers)", name, f->page);
  else if (f->state == FAULT_WOKEN)
    pg_msg_words (p, pt->t, m, "%s faults again on %s page %" G_GINT64_FORMAT
                  " (the re-fault after attach)", name, fault_ds_name (p, f), f->page);
  else
    pg_msg_words (p, pt->t, m, "%s faults on %s page %" G_GINT64_FORMAT, name,
                  fault_ds_name (p, f), f->page);
}

static void
fault_send (Paging *p, PgThread *pt)
{
  PgFault *f = &pt->fault;
  Endpoint *ep = p->ops->fault_endpoint (p, pt);
  if (ep == p->pager_ep)
    fault_waits_for_core (p, f, true);
  Msg m;
  fault_msg (f, PG_MSG_FAULT, &m);
  fault_words (p, pt, &m);
  f->state = FAULT_SENT;
  ipc_fault (pt->t, ep, &m, fault_returned);
}

void
fault_resolved (Paging *p, PgFault *f, SimTime ready_at)
{
  PgThread *pt = f->owner;
  f->segs[f->seg] += ready_at - f->mark;
  f->mark = ready_at;
  f->state = FAULT_ANSWERED;
  int64_t lat = ready_at - f->start;
  /* Faults completed during the warm-up, or of a destroyed process, are
   * left out of the figures. */
  if (ready_at < p->c->warmup || pt->gone)
    return;
  stats_add (pt->t->latency, lat);
  if (!pt->user)
    {
      p->system_faults++;
      return;
    }
  p->resolved++;
  stats_add (p->lat_all, lat);
  stats_add (pt->culprit ? p->lat_culprit : p->lat_innocent, lat);
  for (int s = 0; s < SEG_COUNT; s++)
    p->seg_sum[s] += f->segs[s];
  pt->max_latency = MAX (pt->max_latency, lat);
}

/* Genode's "retry": attach woke the faulter, which re-executes the access. */
static void
fault_on_retry (PgThread *pt, PgFault *f)
{
  Paging *p = pt->p;
  KThread *t = pt->t;
  g_assert (f->state == FAULT_WOKEN);
  if (mapdb_is_mapped (p->db, pt->space, f->ds, f->page))
    {
      /* Another faulter of the space re-faulted first and core mapped the
       * page: the access goes through, no second fault. */
      KStepFn next = f->next;
      if (pg_explaining (p))
        {
          char lat[32];
          pg_explain (p, "%s retries the access to %s page %" G_GINT64_FORMAT ": another "
                      "thread's re-fault got it mapped, so it goes on: resolved after %s",
                      t->name, fault_ds_name (p, f), f->page,
                      pg_format_ns (lat, sizeof lat, kern_now (p->k) - f->start));
        }
      fault_resolved (p, f, kern_now (p->k));
      f->state = FAULT_IDLE;
      f->next = NULL;
      next (t, IPC_OK);
      return;
    }
  /* The access faults again.  The kernel counts every fault message; this
   * one belongs to the same fault. */
  t->faults--;
  fault_send (p, pt);
}

/* The fault ended when the thread was made ready with the page mapped.  If
 * the page was taken away before the thread got the CPU (evicted, or moved
 * by an exclusive manager), the access faults again: a new fault. */
static void
fault_on_mapped (PgThread *pt, PgFault *f)
{
  Paging *p = pt->p;
  KThread *t = pt->t;
  KStepFn next = f->next;
  g_assert (f->state == FAULT_ANSWERED);
  f->state = FAULT_IDLE;
  f->next = NULL;
  if (!mapdb_is_mapped (p->db, pt->space, f->ds, f->page))
    pg_explain (p, "%s runs again, but %s page %" G_GINT64_FORMAT " was taken away "
                "meanwhile: the access faults anew", t->name, fault_ds_name (p, f), f->page);
  paging_touch (p, t, f->ds, f->page, next);
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
  PgFault *f = t->msg.ptr;
  PgThread *pt = f->owner;
  g_assert (pt->t == t);
  switch ((PgFaultAnswer) t->msg.label)
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
paging_touch (Paging *p, KThread *t, int ds, int64_t page, KStepFn next)
{
  PgThread *pt = pg_thread (p, t);
  g_return_if_fail (pt != NULL);
  g_return_if_fail (ds >= 0 && (size_t) ds <= p->n_ds && page >= 0 && page < p->ds[ds].pages);
  if (mapdb_is_mapped (p->db, pt->space, ds, page))
    {
      /* Mapped: the access costs nothing and the thread goes on at once. */
      next (t, IPC_OK);
      return;
    }
  PgFault *f = &pt->fault;
  g_assert (f->state == FAULT_IDLE);
  f->gen++;
  f->ds = ds;
  f->page = page;
  f->start = f->mark = kern_now (p->k);
  f->seg = SEG_FAULT_ENTRY;
  memset (f->segs, 0, sizeof f->segs);
  f->next = next;
  if (pt->is_rm)
    p->rm_self_faults++;
  fault_send (p, pt);
}

/* ---------------------------------------------------------- process exit */

void
pg_thread_withdraw (Paging *p, PgThread *pt)
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
  fault_waits_for_core (p, f, false);
}

void
paging_process_exit (Paging *p, int space)
{
  g_return_if_fail (p != NULL && space >= 0 && (size_t) space < p->n_procs);
  /* The program interpreter has killed the process's threads; their open
   * faults are withdrawn (not counted: nobody waits for them any more).
   * Handlers still working for them map nothing into the dead space. */
  p->space_gone[space] = true;
  for (guint i = 0; i < p->pts->len; i++)
    {
      PgThread *pt = p->pts->pdata[i];
      if (pt->space != space)
        continue;
      pg_thread_withdraw (p, pt);
      if (pt->is_rm && pt->t->state != TS_DEAD)
        kern_kill (pt->t);
    }
  core_process_exit (p, space);
}

/* ------------------------------------------------------------ authority */

void
authority_add (GArray *rights, const char *holder, const char *target, const char *right)
{
  AuthorityRight a = { g_strdup (holder), g_strdup (target), g_strdup (right) };
  g_array_append_val (rights, a);
}

static void
ops_touches (const Op *ops, size_t n, bool *touched)
{
  for (size_t i = 0; i < n; i++)
    switch (ops[i].kind)
      {
      case OP_TOUCH:
        touched[ops[i].u.touch.dataspace] = true;
        break;
      case OP_REPEAT:
        ops_touches (ops[i].u.repeat.body, ops[i].u.repeat.n_body, touched);
        break;
      case OP_COMPUTE:
      case OP_CALL:
      case OP_SLEEP:
        break;
      }
}

void
paging_process_touches (const ScenarioConfig *c, size_t proc, bool *touched)
{
  const ProcessConfig *pc = &c->processes[proc];
  for (size_t j = 0; j < pc->n_threads; j++)
    ops_touches (pc->threads[j].program, pc->threads[j].n_program, touched);
}

/* -------------------------------------------------------------- figures */

/* The longest time a fault of `pt` took, counting one still open now. */
static int64_t
pg_thread_worst_latency (const PgThread *pt, SimTime now, bool open)
{
  return open ? MAX (pt->max_latency, now - pt->fault.start) : pt->max_latency;
}

static void
collect_faults (Paging *p, RunResult *r)
{
  SimTime now = kern_now (p->k);
  uint64_t unresolved = 0, system_open = 0, stalled = 0;
  int64_t open_max = 0;
  for (guint i = 0; i < p->pts->len; i++)
    {
      PgThread *pt = p->pts->pdata[i];
      if (pt->gone)
        continue;
      bool open = pt->fault.state != FAULT_IDLE && pt->fault.state != FAULT_ANSWERED;
      if (!pt->user)
        {
          system_open += open;
          continue;
        }
      unresolved += open;
      /* The latency figures hold resolved faults only: a fault that never
       * resolves would otherwise make its design look fast. */
      if (open)
        open_max = MAX (open_max, now - pt->fault.start);
      if (!pt->culprit && pg_thread_worst_latency (pt, now, open) > p->c->stall_threshold)
        stalled++;
    }

  r->faults.resolved = p->resolved;
  r->faults.unresolved = unresolved;
  r->faults.open_max_ns = open_max;
  r->faults.total = p->resolved + unresolved;
  r->faults.dropped = p->dropped;
  r->faults.retried = p->retried;
  r->faults.system = p->system_faults + system_open;
  stats_summary (p->lat_all, &r->faults.latency);
  r->faults.jitter_ns = r->faults.latency.p99 - r->faults.latency.p50;
  stats_summary (p->lat_innocent, &r->faults.innocent_latency);
  stats_summary (p->lat_culprit, &r->faults.culprit_latency);
  for (guint i = 0; i < p->pts->len; i++)
    {
      const PgThread *pt = p->pts->pdata[i];
      if (pt->user)
        {
          if (pt->culprit)
            r->faults.culprit_threads++;
          else
            r->faults.innocent_threads++;
        }
    }
  r->faults.innocent_stalled_threads = stalled;
  int64_t n = (int64_t) MAX (p->resolved, 1);
  r->faults.breakdown = (FaultBreakdown) {
    .fault_entry = p->seg_sum[SEG_FAULT_ENTRY] / n,
    .pager_wait = p->seg_sum[SEG_PAGER_WAIT] / n,
    .manager_wait = p->seg_sum[SEG_MANAGER_WAIT] / n,
    .service = p->seg_sum[SEG_SERVICE] / n,
    .refault = p->seg_sum[SEG_REFAULT] / n,
    .map = p->seg_sum[SEG_MAP] / n,
  };
  /* Right after stats_summary the sample view is sorted: the CDF wants it so. */
  size_t n_samples;
  const int64_t *samples = stats_samples (p->lat_all, &n_samples);
  g_free (r->faults.samples);
  r->faults.samples = n_samples ? g_memdup2 (samples, n_samples * sizeof *samples) : NULL;
  r->faults.n_samples = n_samples;
}

static void
collect_core (Paging *p, RunResult *r)
{
  SimTime now = kern_now (p->k);
  /* Intervals still open at the end count up to it. */
  int64_t blocked = p->blocked_ns;
  for (int i = 0; i < p->n_pagers; i++)
    if (p->pagers[i].blocked)
      blocked += now - p->pagers[i].blocked_since;
  int64_t max_stall = p->max_stall;
  if (p->stall_open)
    max_stall = MAX (max_stall, now - p->stall_start);

  int64_t busy = 0;
  size_t n_threads;
  KThread **threads = kern_threads (p->k, &n_threads);
  for (size_t i = 0; i < n_threads; i++)
    if (threads[i]->role == ROLE_PAGER || threads[i]->role == ROLE_CORE)
      busy += threads[i]->cpu_ns;

  r->core.pager_threads = p->n_pagers;
  r->core.blocked_ns = blocked;
  r->core.busy_ns = busy;
  r->core.max_stall_ns = max_stall;
  r->core.retry_cpu_ns = p->retry_cpu_ns;
  /* Each managed dataspace is a region map in core, an RM session paid for
   * with RAM quota.  L4's region mappers keep their region lists in the
   * processes instead (their own pages). */
  uint64_t sessions = 0;
  if (!p->in_kernel_mapdb)
    for (size_t i = 0; i < p->n_ds; i++)
      sessions += p->ds[i].mgr != NULL;
  r->core.rm_sessions = sessions;
  r->core.quota_bytes = (int64_t) sessions * p->c->core.rm_session_quota;
  r->core.signal_records_max = p->sig_records_max;
  r->core.signal_submits_max = p->sig_submits_max;
}

static void
collect_kernel (Paging *p, RunResult *r)
{
  if (p->in_kernel_mapdb)
    {
      r->kernel.mapdb_entries_peak = mapdb_entries_peak (p->db);
      r->kernel.mapdb_bytes_peak = (int64_t) mapdb_entries_peak (p->db)
                                   * p->c->kernel.mapdb_entry_bytes;
    }
  r->kernel.revocation_ns = p->revocation_ns;
  r->kernel.rm_self_faults = p->rm_self_faults;
}

static void
collect_authority (Paging *p, RunResult *r)
{
  GArray *rights = g_array_new (FALSE, TRUE, sizeof (AuthorityRight));
  p->ops->authority (p, rights);
  r->authority.rights = rights->len;
  r->authority.n_matrix = rights->len;
  r->authority.matrix = (AuthorityRight *) g_array_free (rights, FALSE);
  size_t nf = 0;
  while (p->ops->kernel_features[nf])
    nf++;
  r->authority.kernel_features = g_new0 (char *, MAX (nf, 1));
  for (size_t i = 0; i < nf; i++)
    r->authority.kernel_features[i] = g_strdup (p->ops->kernel_features[i]);
  r->authority.n_kernel_features = nf;
}

void
paging_collect (Paging *p, RunResult *r)
{
  collect_faults (p, r);
  collect_core (p, r);
  collect_kernel (p, r);
  collect_authority (p, r);
}

/* -------------------------------------------------------------- set up */

/* The backing-store bookkeeping of a managed dataspace (manager.c): how
 * many blocks stay resident, the eviction FIFO when not all of them fit,
 * and who holds each block under an exclusive manager. */
static void
ds_store_init (DsState *d)
{
  d->capacity = d->cfg->resident > 0 ? MAX (d->cfg->resident / d->block_pages, 1)
                                     : d->n_blocks;
  d->capacity = MIN (d->capacity, d->n_blocks);
  d->flags = g_new0 (uint8_t, d->n_blocks);
  if (d->capacity < d->n_blocks)
    d->fifo = g_new (int64_t, d->capacity);
  if (d->mgr->cfg->exclusive)
    {
      d->holder = g_new (int32_t, d->n_blocks);
      for (int64_t b = 0; b < d->n_blocks; b++)
        d->holder[b] = -1;
    }
}

/* The mapping database over every address space and every dataspace,
 * the region mappers' own pages included. */
static MapDb *
ds_mapdb_new (Paging *p)
{
  g_autofree int64_t *pages = g_new (int64_t, p->n_ds + 1);
  g_autofree int64_t *block_pages = g_new (int64_t, p->n_ds + 1);
  for (size_t i = 0; i <= p->n_ds; i++)
    {
      pages[i] = p->ds[i].pages;
      block_pages[i] = p->ds[i].block_pages;
    }
  return mapdb_new (p->n_spaces, p->n_ds + 1, pages, block_pages);
}

/* The scenario's dataspaces, then one more (id n_ds): the region mappers'
 * own pages, a plain dataspace as large as the largest rm_pages. */
static void
ds_setup (Paging *p)
{
  const ScenarioConfig *c = p->c;
  p->n_ds = c->n_dataspaces;
  p->rm_ds = (int) p->n_ds;
  p->ds = g_new0 (DsState, p->n_ds + 1);
  int rm_pages = CONFIG_DEFAULT_RM_PAGES;
  for (size_t i = 0; i < c->n_processes; i++)
    rm_pages = MAX (rm_pages, c->processes[i].rm_pages);
  p->rm_cfg = (DataspaceConfig) { .name = "region-mapper", .pages = rm_pages, .manager = -1,
                                  .backing = -1 };
  for (size_t i = 0; i <= p->n_ds; i++)
    {
      DsState *d = &p->ds[i];
      d->cfg = i < p->n_ds ? &c->dataspaces[i] : &p->rm_cfg;
      d->id = (int) i;
      d->mgr = d->cfg->manager >= 0 ? &p->managers[d->cfg->manager] : NULL;
      d->pages = d->cfg->pages;
      d->block_pages = d->mgr ? MAX (d->mgr->cfg->map_pages, 1) : 1;
      d->n_blocks = (d->pages + d->block_pages - 1) / d->block_pages;
      if (d->mgr != NULL)
        ds_store_init (d);
    }
  p->db = ds_mapdb_new (p);
}

Paging *
paging_new (Kernel *k, const ScenarioConfig *c)
{
  Paging *p = g_new0 (Paging, 1);
  p->k = k;
  p->c = c;
  p->ops = strategy_ops (c->strategy);
  p->in_kernel_mapdb = p->ops->in_kernel_mapdb;
  p->n_procs = c->n_processes;
  p->n_spaces = c->n_processes + c->n_managers;
  p->space_gone = g_new0 (bool, MAX (p->n_spaces, 1));
  p->by_id = g_ptr_array_new ();
  p->pts = g_ptr_array_new_with_free_func (g_free);
  p->jobs = g_ptr_array_new_with_free_func (g_free);
  p->words = g_ptr_array_new_with_free_func (g_free);
  p->lat_all = stats_new ();
  p->lat_innocent = stats_new ();
  p->lat_culprit = stats_new ();
  /* Creation order is fixed: core's pagers, the managers, then what the
   * strategy adds; thread ids and random streams follow from it. */
  core_setup (p);
  manager_setup (p);
  ds_setup (p);
  p->ops->setup (p);
  return p;
}

void
paging_free (Paging *p)
{
  if (p == NULL)
    return;
  for (size_t i = 0; i <= p->n_ds; i++)
    {
      g_free (p->ds[i].fifo);
      g_free (p->ds[i].flags);
      g_free (p->ds[i].holder);
    }
  g_free (p->ds);
  mapdb_free (p->db);
  g_free (p->managers);
  g_free (p->pagers);
  g_free (p->rms);
  g_free (p->space_gone);
  g_ptr_array_free (p->by_id, TRUE);
  g_ptr_array_free (p->pts, TRUE);
  g_ptr_array_free (p->jobs, TRUE);
  g_ptr_array_free (p->words, TRUE);
  stats_free (p->lat_all);
  stats_free (p->lat_innocent);
  stats_free (p->lat_culprit);
  g_free (p);
}
