/* The text report of one run: what its figures mean to a person, section
 * by section, in words and human units.  A section that does not apply to
 * the scenario is left out rather than shown as zeros that read as findings
 * (the JSON keeps every section; sim/report_json.c). */
#include "sim/report.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/escape.h"
#include "sim/engine/textfit.h"
#include "sim/engine/trace.h"

const char *
report_role_name (ThreadRole role)
{
  return role >= 0 && role < ROLE_COUNT ? role_names[role] : "unknown";
}

const char *
report_state_name (ThreadState state)
{
  return state >= 0 && state < TS_COUNT ? thread_state_names[state] : "unknown";
}

char *
report_format_ns (char *buf, size_t size, double ns)
{
  /* The narration's formatter, so that both tell a time alike. */
  return trace_format_duration (buf, size, ns);
}

/* A few rotating buffers, so one printf can show several durations. */
typedef struct {
  char buf[8][32];
  int next;
} NsFormat;

static const char *
ns (NsFormat *f, double value)
{
  char *b = f->buf[f->next];

  f->next = (f->next + 1) % (int) G_N_ELEMENTS (f->buf);
  return report_format_ns (b, sizeof f->buf[0], value);
}

/* Pads by characters, not bytes: "µs" is two bytes wide in UTF-8. */
static void
put_col (FILE *out, const char *s, int width, bool right)
{
  int pad = width - (int) g_utf8_strlen (s, -1);

  if (right)
    for (int i = 0; i < pad; i++)
      fputc (' ', out);
  fputs (s, out);
  if (!right)
    for (int i = 0; i < pad; i++)
      fputc (' ', out);
}

/* The noun that goes with a count: "1 fault", "2 faults". */
static const char *
plural (uint64_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

static void
put_latency (FILE *out, NsFormat *f, const char *label, const StatSummary *l)
{
  if (l->count == 0)
    {
      fprintf (out, "  %-13s none\n", label);
      return;
    }
  fprintf (out, "  %-13s p50 %s  p90 %s  p99 %s  max %s  (n=%" PRIu64 ", mean %s, sd %s)\n",
           label, ns (f, l->p50), ns (f, l->p90), ns (f, l->p99), ns (f, l->max),
           l->count, ns (f, l->mean), ns (f, l->stddev));
}

static double
percent (int64_t part, int64_t whole)
{
  return whole > 0 ? 100.0 * (double) part / (double) whole : 0.0;
}

/* Did anything page?  A scenario without dataspaces has no fault, no RM
 * session and a core that never blocked: its text report leaves the paging
 * sections out rather than show zeros that read as findings ("Page faults:
 * none", a Core section of one idle pager).  The JSON keeps them. */
static bool
text_has_paging (const RunResult *r)
{
  return r->faults.total > 0 || r->faults.system > 0 || r->faults.unresolved > 0
         || r->core.rm_sessions > 0 || r->core.blocked_ns > 0 || r->core.max_stall_ns > 0
         || r->kernel.rm_self_faults > 0;
}

static void
text_faults (FILE *out, NsFormat *f, const RunResult *r)
{
  const FaultBreakdown *b = &r->faults.breakdown;
  uint64_t open = r->faults.unresolved;

  if (!text_has_paging (r))
    return;
  if (r->faults.total == 0 && r->faults.system == 0)
    {
      fprintf (out, "Page faults: none\n\n");
      return;
    }
  fprintf (out, "Page faults of user threads\n");
  fprintf (out, "  %" PRIu64 " %s: %" PRIu64 " resolved, %" PRIu64 " unresolved at the end, "
           "%" PRIu64 " dropped, %" PRIu64 " retried", r->faults.total,
           plural (r->faults.total, "fault", "faults"), r->faults.resolved, open,
           r->faults.dropped, r->faults.retried);
  if (r->faults.system > 0)
    fprintf (out, " (and %" PRIu64 " %s of system threads)", r->faults.system,
             plural (r->faults.system, "fault", "faults"));
  fputc ('\n', out);
  put_latency (out, f, "latency", &r->faults.latency);
  /* The latency holds resolved faults only, so a design whose faults never
   * resolve would look fast without this line beside it. */
  if (open > 0 && r->faults.culprit_threads > 0)
    fprintf (out, "  %-13s %" PRIu64 " still waiting at the end (%" PRIu64 " of innocent "
             "threads, %" PRIu64 " of culprits), %s %s\n", "unresolved", open,
             r->faults.innocent_unresolved, r->faults.culprit_unresolved,
             open == 1 ? "for" : "the oldest for", ns (f, r->faults.open_max_ns));
  else if (open > 0)
    fprintf (out, "  %-13s %" PRIu64 " still waiting at the end, %s %s\n", "unresolved", open,
             open == 1 ? "for" : "the oldest for", ns (f, r->faults.open_max_ns));
  /* Core's view, until the answer made the faulter ready: the difference is
   * the wait for the CPU once answered (and any wasted answers). */
  put_latency (out, f, "answered", &r->faults.answer_latency);
  if (r->faults.wasted > 0)
    fprintf (out, "  %-13s %" PRIu64 " %s: the page was gone again before the thread ran\n",
             "wasted", r->faults.wasted, plural (r->faults.wasted, "answer", "answers"));
  if (r->faults.latency.count > 0)
    fprintf (out, "  %-13s %s (p99 - p50)\n", "jitter", ns (f, r->faults.jitter_ns));
  /* The split means something only when some manager misbehaves (some
   * threads are culprits); otherwise every thread is innocent. */
  if (r->faults.culprit_threads > 0)
    {
      put_latency (out, f, "innocent", &r->faults.innocent_latency);
      put_latency (out, f, "culprit", &r->faults.culprit_latency);
      fprintf (out, "  innocent threads stalled: %" PRIu64 " of %" PRIu64 "\n",
               r->faults.innocent_stalled_threads, r->faults.innocent_threads);
    }
  else if (r->faults.innocent_stalled_threads > 0)
    fprintf (out, "  threads stalled (no manager misbehaves): %" PRIu64 " of %" PRIu64 "\n",
             r->faults.innocent_stalled_threads, r->faults.innocent_threads);
  if (b->fault_entry || b->pager_wait || b->manager_wait || b->service || b->io || b->refault
      || b->map || b->cpu_wait)
    {
      fprintf (out, "  where a resolved fault's time went, on average:\n");
      /* One line, fitted to the terminal on output. */
      fprintf (out, "    fault entry %s, waiting for a pager %s, waiting for the manager %s, "
               "service %s", ns (f, b->fault_entry), ns (f, b->pager_wait),
               ns (f, b->manager_wait), ns (f, b->service));
      if (b->io > 0)
        fprintf (out, ", the manager's device %s", ns (f, b->io));
      fprintf (out, ", re-fault %s, map %s, waiting for the CPU once answered %s\n",
               ns (f, b->refault), ns (f, b->map), ns (f, b->cpu_wait));
    }
  fputc ('\n', out);
}

/* The CPUs core's pagers run on: more than one with core.per_cpu_pagers. */
static int
text_pager_cpus (const RunResult *r)
{
  g_autofree bool *seen = g_new0 (bool, MAX (r->n_cpus, 1));
  int n = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    {
      const ThreadResult *t = &r->threads[i];
      if (t->role == ROLE_PAGER && (size_t) t->cpu < r->n_cpus && !seen[t->cpu])
        {
          seen[t->cpu] = true;
          n++;
        }
    }
  return n;
}

/* blocked_ns is summed over the pager threads, so with several it is shown
 * against their summed time, never against the run alone (which could read
 * "174 % of the run"). */
static void
text_core (FILE *out, NsFormat *f, const RunResult *r)
{
  int pagers = MAX (r->core.pager_threads, 1);

  if (!text_has_paging (r))
    return;
  fprintf (out, "Core\n");
  if (pagers == 1)
    fprintf (out, "  blocked on user-level components %s (%.1f %% of the run)\n",
             ns (f, r->core.blocked_ns), percent (r->core.blocked_ns, r->sim_time_ns));
  else
    fprintf (out, "  blocked on user-level components %s, summed over %d pager threads: "
             "%.1f %% of their %s\n", ns (f, r->core.blocked_ns), pagers,
             percent (r->core.blocked_ns, pagers * r->sim_time_ns),
             ns (f, (double) pagers * (double) r->sim_time_ns));
  fprintf (out, "  longest stall (%s while a fault waited) %s\n",
           pagers == 1 ? "the pager blocked"
           : text_pager_cpus (r) > 1 ? "every pager of one CPU blocked at once"
           : "every pager blocked at once",
           ns (f, r->core.max_stall_ns));
  fprintf (out, "  pager%s busy %s", pagers == 1 ? "" : "s", ns (f, r->core.busy_ns));
  if (r->core.retry_cpu_ns > 0)
    fprintf (out, ", of it on retried reflections %s", ns (f, r->core.retry_cpu_ns));
  fputc ('\n', out);
  if (r->core.rm_sessions > 0 || r->core.quota_bytes > 0)
    {
      g_autofree char *quota = g_format_size_full ((guint64) MAX (r->core.quota_bytes, 0),
                                                   G_FORMAT_SIZE_IEC_UNITS);

      fprintf (out, "  %" PRIu64 " RM %s costing %s of RAM quota\n", r->core.rm_sessions,
               plural (r->core.rm_sessions, "session", "sessions"), quota);
    }
  if (r->core.signal_records_max > 0)
    fprintf (out, "  pending signal records per context: at most %" PRIu64
             ", standing for up to %" PRIu64 " %s\n", r->core.signal_records_max,
             r->core.signal_submits_max, plural (r->core.signal_submits_max, "submit", "submits"));
  fputc ('\n', out);
}

static void
text_kernel (FILE *out, NsFormat *f, const RunResult *r)
{
  if (r->kernel.ipc == 0 && r->kernel.signals_submitted == 0 && r->kernel.signals_delivered == 0
      && r->kernel.signals_coalesced == 0 && r->kernel.context_switches == 0
      && r->kernel.mapdb_entries_peak == 0 && r->kernel.mapdb_bytes_peak == 0
      && r->kernel.revocation_ns == 0 && r->kernel.rm_self_faults == 0)
    return;
  fprintf (out, "Kernel\n");
  fprintf (out, "  %" PRIu64 " IPC %s, %" PRIu64 " context %s\n",
           r->kernel.ipc, plural (r->kernel.ipc, "message", "messages"),
           r->kernel.context_switches, plural (r->kernel.context_switches, "switch", "switches"));
  if (r->kernel.signals_submitted > 0 || r->kernel.signals_delivered > 0)
    fprintf (out, "  signals: %" PRIu64 " submitted, %" PRIu64 " delivered, %" PRIu64
             " coalesced\n", r->kernel.signals_submitted, r->kernel.signals_delivered,
             r->kernel.signals_coalesced);
  if (r->kernel.mapdb_entries_peak > 0 || r->kernel.revocation_ns > 0)
    fprintf (out, "  mapping database: peak %" PRIu64 " %s (%" PRId64 " %s), revocation %s\n",
             r->kernel.mapdb_entries_peak, plural (r->kernel.mapdb_entries_peak, "entry", "entries"),
             r->kernel.mapdb_bytes_peak,
             plural ((uint64_t) r->kernel.mapdb_bytes_peak, "byte", "bytes"),
             ns (f, r->kernel.revocation_ns));
  if (r->kernel.rm_self_faults > 0)
    fprintf (out, "  region mappers faulted on their own pages %" PRIu64 " %s\n",
             r->kernel.rm_self_faults, plural (r->kernel.rm_self_faults, "time", "times"));
  fputc ('\n', out);
}

/* With several CPUs: how busy each was (one CPU's busy time is the threads'
 * CPU time). */
static void
text_cpus (FILE *out, NsFormat *f, const RunResult *r)
{
  if (r->n_cpus < 2)
    return;
  fprintf (out, "CPUs\n");
  for (size_t i = 0; i < r->n_cpus; i++)
    {
      int64_t total = r->cpus[i].busy_ns + r->cpus[i].idle_ns;
      fprintf (out, "  CPU %zu: busy %s (%.1f%%)\n", i, ns (f, r->cpus[i].busy_ns),
               total > 0 ? 100.0 * (double) r->cpus[i].busy_ns / (double) total : 0.0);
    }
  fputc ('\n', out);
}

static void
text_calls (FILE *out, NsFormat *f, const RunResult *r)
{
  if (r->calls.total == 0 && r->calls.completed == 0 && r->calls.dropped == 0)
    return;
  fprintf (out, "Calls to servers\n");
  fprintf (out, "  %" PRIu64 " %s: %" PRIu64 " completed, %" PRIu64 " dropped by timeouts\n",
           r->calls.total, plural (r->calls.total, "call", "calls"), r->calls.completed,
           r->calls.dropped);
  put_latency (out, f, "latency", &r->calls.latency);
  if (r->calls.io_ns > 0)
    fprintf (out, "  the servers spent %s of CPU and waited %s for their devices per request\n",
             ns (f, r->calls.service_ns), ns (f, r->calls.io_ns));
  fputc ('\n', out);
}

static void
text_gui (FILE *out, NsFormat *f, const RunResult *r)
{
  if (r->gui.events == 0 && r->gui.delivered == 0 && r->gui.dropped == 0
      && r->gui.max_freeze_ns == 0)
    return;
  fprintf (out, "GUI input\n");
  fprintf (out, "  %" PRIu64 " %s, %" PRIu64 " %s, %" PRIu64 " dropped",
           r->gui.events, plural (r->gui.events, "event", "events"), r->gui.delivered,
           plural (r->gui.delivered, "delivery", "deliveries"), r->gui.dropped);
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    fprintf (out, "%s%s: %" PRIu64, i == 0 ? " (" : ", ",
             r->gui.dropped_by_cause[i].cause, r->gui.dropped_by_cause[i].count);
  fprintf (out, "%s\n", r->gui.n_drop_causes > 0 ? ")" : "");
  if (r->gui.pending > 0)
    fprintf (out, "  %" PRIu64 " %s still on the way at the end\n", r->gui.pending,
             plural (r->gui.pending, "delivery", "deliveries"));
  put_latency (out, f, "latency", &r->gui.latency);
  if (r->gui.latency.count > 0)
    fprintf (out, "  %-13s %s (p99 - p50)\n", "jitter", ns (f, r->gui.jitter_ns));
  /* Until the client runs with the event: under async-signal the transfer
   * is a copy into its buffer, so this is where the designs compare. */
  put_latency (out, f, "seen", &r->gui.seen_latency);
  fprintf (out, "  longest server freeze %s\n\n", ns (f, r->gui.max_freeze_ns));
}

#define TEXT_MAX_ROWS 40   /* longer lists are for --json */
#define TEXT_MAX_NAMES 8   /* threads named in a sentence */

/* Threads that completed no operation in the run's last stall_threshold;
 * a livelock (answered again and again, never getting on) is named. */
static void
text_progress (FILE *out, NsFormat *f, const RunResult *r)
{
  if (r->progress.no_progress_threads == 0)
    return;
  fprintf (out, "Progress\n");
  fprintf (out, "  %" PRIu64 " user %s completed no operation in the last %s of the run\n",
           r->progress.no_progress_threads,
           plural (r->progress.no_progress_threads, "thread", "threads"),
           ns (f, r->progress.window_ns));
  if (r->progress.livelocked_threads > 0)
    {
      g_autoptr (GString) names = g_string_new (NULL);
      size_t listed = 0;
      for (size_t i = 0; i < r->n_threads && listed < TEXT_MAX_NAMES; i++)
        if (r->threads[i].livelocked)
          g_string_append_printf (names, "%s%s", listed++ ? ", " : "", r->threads[i].name);
      if (r->progress.livelocked_threads > listed)
        g_string_append (names, ", ...");
      fprintf (out, "  livelock: %" PRIu64 " of them (%s) had %s fault answered again and "
               "again in that time, yet never got on: the page was taken away each time "
               "before %s ran\n", r->progress.livelocked_threads, names->str,
               r->progress.livelocked_threads == 1 ? "its" : "their",
               r->progress.livelocked_threads == 1 ? "it" : "they");
    }
  fputc ('\n', out);
}

static void
text_timer (FILE *out, NsFormat *f, const RunResult *r)
{
  if (r->timer.wakeups == 0 && r->timer.max_error_ns == 0)
    return;
  fprintf (out, "Timer\n");
  fprintf (out, "  %" PRIu64 " %s, late by at most %s\n\n", r->timer.wakeups,
           plural (r->timer.wakeups, "wake-up", "wake-ups"), ns (f, r->timer.max_error_ns));
}


/* The rights are those of fault reflection, so the title says so: a GUI
 * scenario's "0 communication rights" must not read as a finding about its
 * IPC; with no right at all the section is left out. */
static void
text_authority (FILE *out, const RunResult *r)
{
  if (r->authority.rights == 0 && r->authority.n_matrix == 0)
    return;
  fprintf (out, "Authority (paging)\n");
  fprintf (out, "  %" PRIu64 " communication %s\n", r->authority.rights,
           plural (r->authority.rights, "right", "rights"));
  for (size_t i = 0; i < r->authority.n_matrix && i < TEXT_MAX_ROWS; i++)
    fprintf (out, "    %s -> %s (%s)\n", r->authority.matrix[i].holder,
             r->authority.matrix[i].target, r->authority.matrix[i].right);
  if (r->authority.n_matrix > TEXT_MAX_ROWS)
    fprintf (out, "    ... and %zu more\n", r->authority.n_matrix - TEXT_MAX_ROWS);
  if (r->authority.n_kernel_features > 0)
    {
      fprintf (out, "  needs from the kernel: ");
      for (size_t i = 0; i < r->authority.n_kernel_features; i++)
        fprintf (out, "%s%s", i > 0 ? ", " : "", r->authority.kernel_features[i]);
      fputc ('\n', out);
    }
  fputc ('\n', out);
}

static void
text_deadlocks (FILE *out, const RunResult *r)
{
  if (r->n_deadlocks == 0)
    return;
  fprintf (out, "Deadlocks (wait-for cycles at the end of the run)\n");
  for (size_t i = 0; i < r->n_deadlocks; i++)
    {
      const DeadlockCycle *c = &r->deadlocks[i];

      fprintf (out, "  deadlock:");
      for (size_t j = 0; j < c->n_edges; j++)
        fprintf (out, "%s %s waits for %s (%s)", j > 0 ? "," : "",
                 c->edges[j].thread, c->edges[j].waits_on, c->edges[j].why);
      fputc ('\n', out);
    }
  fputc ('\n', out);
}

/* A thread's final state; a hung one is told from a healthy idle receiver. */
static char *
text_thread_state (const ThreadResult *t)
{
  return g_strdup_printf ("%s%s", report_state_name (t->state), t->hung ? " (hung)" : "");
}

/* What the p99 column holds depends on the role: say it under the table. */
static void
text_threads_footnote (FILE *out, const RunResult *r, size_t shown)
{
  bool faults = false, deliveries = false;

  for (size_t i = 0; i < shown; i++)
    if (r->threads[i].latency.count > 0)
      {
        if (r->threads[i].role == ROLE_GUI_CLIENT)
          deliveries = true;
        else
          faults = true;
      }
  /* One sentence: fitted to the terminal, it goes on under itself. */
  if (faults)
    fprintf (out, "  p99: page-fault latency of the thread (from the fault until its access "
             "completed)%s", deliveries ? "; " : "\n");
  if (deliveries)
    fprintf (out, "%s input-event delivery latency (from arrival until received)\n",
             faults ? "for a GUI client," : "  p99: for a GUI client,");
}

/* The columns of the threads table after the thread's name, in order. */
typedef enum {
  TCOL_CPU_NO, TCOL_ROLE, TCOL_PRIO, TCOL_STATE, TCOL_CPU, TCOL_FAULTS, TCOL_P99, TCOL_COUNT
} ThreadCol;

static const struct {
  const char *head;
  int min;                      /* the width when there is room */
  bool right;                   /* numbers are right-aligned */
  int gap;                      /* spaces before the column */
} text_thread_cols[] = {       /* ORDER ThreadCol */
  { "cpu#", 4, true, 2 },
  { "role", 13, false, 2 },
  { "prio", 4, true, 1 },
  { "state", 5, false, 1 },
  { "cpu", 11, true, 1 },
  { "faults", 7, true, 1 },
  { "p99", 11, true, 1 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (text_thread_cols) == TCOL_COUNT);

/* The columns [from, to) of the threads table, every row led by its name. */
static void
text_threads_part (FILE *out, size_t shown, GPtrArray *names, int name_w,
                   char *const *cells, const int *width, const bool *on, int from, int to)
{
  fputs ("  ", out);
  put_col (out, "thread", name_w, false);
  for (int c = from; c < to; c++)
    if (on[c])
      {
        fprintf (out, "%*s", c == from ? 2 : text_thread_cols[c].gap, "");
        put_col (out, text_thread_cols[c].head, c == to - 1 && !text_thread_cols[c].right ? 0
                 : width[c], text_thread_cols[c].right);
      }
  fputc ('\n', out);
  for (size_t i = 0; i < shown; i++)
    {
      fputs ("  ", out);
      put_col (out, names->pdata[i], name_w, false);
      for (int c = from; c < to; c++)
        if (on[c])
          {
            fprintf (out, "%*s", c == from ? 2 : text_thread_cols[c].gap, "");
            put_col (out, cells[i * TCOL_COUNT + c], c == to - 1 && !text_thread_cols[c].right
                     ? 0 : width[c], text_thread_cols[c].right);
          }
      fputc ('\n', out);
    }
}

/* One row per thread.  A table wider than the terminal first gives up the
 * columns' spare room (each takes only what its cells need), then is cut
 * into two, each led by the threads' names: who the thread is (role,
 * priority, state), then what it did (CPU time, faults, latency), rather
 * than lines the terminal wraps across the columns. */
static void
text_threads (FILE *out, NsFormat *f, const RunResult *r, int room)
{
  size_t shown = MIN (r->n_threads, (size_t) TEXT_MAX_ROWS);
  int name_w = 6, width[TCOL_COUNT], tight[TCOL_COUNT], total, tight_total;
  const int split = TCOL_CPU;
  bool on[TCOL_COUNT];
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  if (r->n_threads == 0)
    return;
  for (int c = 0; c < TCOL_COUNT; c++)
    {
      on[c] = c != TCOL_CPU_NO || r->n_cpus > 1;
      tight[c] = (int) strlen (text_thread_cols[c].head);
    }
  /* Escaped before they are measured, so the columns line up. */
  for (size_t i = 0; i < shown; i++)
    {
      const ThreadResult *t = &r->threads[i];

      g_ptr_array_add (names, escape_text (t->name, false));
      name_w = MAX (name_w, (int) g_utf8_strlen (names->pdata[i], -1));
      g_ptr_array_add (cells, g_strdup_printf ("%d", t->cpu));
      g_ptr_array_add (cells, g_strdup (report_role_name (t->role)));
      g_ptr_array_add (cells, g_strdup_printf ("%d", t->priority));
      g_ptr_array_add (cells, text_thread_state (t));
      g_ptr_array_add (cells, g_strdup (ns (f, t->cpu_ns)));
      g_ptr_array_add (cells, g_strdup_printf ("%" PRIu64, t->faults));
      g_ptr_array_add (cells, g_strdup (t->latency.count > 0 ? ns (f, t->latency.p99) : "-"));
      for (int c = 0; c < TCOL_COUNT; c++)
        tight[c] = MAX (tight[c], (int) g_utf8_strlen (cells->pdata[i * TCOL_COUNT + c], -1));
    }
  total = 2 + name_w;
  tight_total = 2 + name_w;
  for (int c = 0; c < TCOL_COUNT; c++)
    {
      width[c] = MAX (tight[c], text_thread_cols[c].min);
      if (on[c])
        {
          total += text_thread_cols[c].gap + width[c];
          tight_total += text_thread_cols[c].gap + tight[c];
        }
    }
  fprintf (out, "Threads\n");
  if (total > room)
    memcpy (width, tight, sizeof width);
  if (total <= room || tight_total <= room)
    text_threads_part (out, shown, names, name_w, (char *const *) cells->pdata, width, on,
                       0, TCOL_COUNT);
  else
    {
      text_threads_part (out, shown, names, name_w, (char *const *) cells->pdata, width, on,
                         0, split);
      fputc ('\n', out);
      text_threads_part (out, shown, names, name_w, (char *const *) cells->pdata, width, on,
                         split, TCOL_COUNT);
    }
  if (r->n_threads > shown)
    fprintf (out, "  ... and %zu more %s (all are in --json)\n", r->n_threads - shown,
             plural (r->n_threads - shown, "thread", "threads"));
  text_threads_footnote (out, r, shown);
}

/* The report as written, before its control characters are escaped. */
static void
text_report (FILE *out, const RunResult *r, int room)
{
  NsFormat f = { 0 };

  fprintf (out, "Scenario %s, strategy %s, seed %" PRIu64 "\n",
           r->scenario ? r->scenario : "?", r->strategy ? r->strategy : "?", r->seed);
  fprintf (out, "  simulated %s in %" PRIu64 " %s", ns (&f, r->sim_time_ns), r->events,
           plural (r->events, "event", "events"));
  if (r->fingerprint[0] != '\0')
    fprintf (out, ", fingerprint %s", r->fingerprint);
  fputc ('\n', out);
  if (r->incomplete)
    fprintf (out, "  STOPPED EARLY: %s.\n  The figures cover only the simulated time "
             "reached.\n", r->stopped != NULL ? r->stopped : "the run did not reach its end");
  fputc ('\n', out);
  text_faults (out, &f, r);
  text_progress (out, &f, r);
  text_core (out, &f, r);
  text_kernel (out, &f, r);
  text_cpus (out, &f, r);
  text_calls (out, &f, r);
  text_gui (out, &f, r);
  text_timer (out, &f, r);
  text_authority (out, r);
  text_deadlocks (out, r);
  text_threads (out, &f, r, room);
}

/* Names in the report come from the scenario: the whole text is written
 * into memory first and printed with its control characters escaped
 * (sim/engine/escape.h), so that no name reaches the terminal raw, whichever
 * section quotes it.  The threads table escapes its names itself, to
 * measure its columns on what is shown. */
void
report_text (FILE *out, const RunResult *r, int width)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem;

  g_return_if_fail (out != NULL && r != NULL);
  mem = open_memstream (&text, &len);
  if (mem == NULL)
    {
      fprintf (out, "(no memory for the report)\n");
      return;
    }
  text_report (mem, r, width > 0 ? width : INT_MAX);
  if (fclose (mem) == 0)
    {
      g_autofree char *shown = escape_text (text, true);
      g_autofree char *fitted = textfit_lines (shown, width);

      fputs (fitted, out);
    }
  free (text);
}
