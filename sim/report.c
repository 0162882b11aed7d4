/* The report writers: what a run's figures look like to a person (text), to a
 * script (JSON, in the shape of DESIGN.md "Result format") and to a
 * spreadsheet (CSV).  The files they go to are sim/outfile.c's.
 *
 * The JSON is built by hand into a GString rather than through cJSON: the key
 * order, the number formats and so the bytes must be stable across versions
 * of any library, because the fingerprint is a hash of those bytes and tests
 * compare results byte for byte.  Integers are printed as integers, means and
 * standard deviations with one decimal ("%.1f" in the C locale), wall_s with
 * three. */
#include "sim/report.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

/* ---- JSON ------------------------------------------------------------- */

#define JW_MAX_DEPTH 16

/* A pretty-printing JSON writer.  Containers opened `compact` (and all
 * inside them) stay on one line, so a latency summary or a thread entry
 * reads as one row. */
typedef struct {
  GString *s;
  int depth;
  bool first[JW_MAX_DEPTH];    /* nothing written yet at this level */
  bool compact[JW_MAX_DEPTH];
} JsonWriter;

void
report_json_string (GString *s, const char *str)
{
  g_autofree char *valid = NULL;

  /* Names come from scenario files; a stray invalid byte must not make the
   * whole result unparsable. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);
  g_string_append_c (s, '"');
  for (const unsigned char *p = (const unsigned char *) str; *p != '\0'; p++)
    switch (*p)
      {
      case '"':  g_string_append (s, "\\\""); break;
      case '\\': g_string_append (s, "\\\\"); break;
      case '\b': g_string_append (s, "\\b"); break;
      case '\f': g_string_append (s, "\\f"); break;
      case '\n': g_string_append (s, "\\n"); break;
      case '\r': g_string_append (s, "\\r"); break;
      case '\t': g_string_append (s, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (s, "\\u%04x", *p);
        else
          g_string_append_c (s, (char) *p);
      }
  g_string_append_c (s, '"');
}

static void
jw_newline (JsonWriter *w, int depth)
{
  g_string_append_c (w->s, '\n');
  for (int i = 0; i < depth; i++)
    g_string_append (w->s, "  ");
}

/* Starts a member (key != NULL) or an array element. */
static void
jw_item (JsonWriter *w, const char *key)
{
  if (w->depth > 0)
    {
      bool first = w->first[w->depth];

      if (!first)
        g_string_append_c (w->s, ',');
      if (!w->compact[w->depth])
        jw_newline (w, w->depth);
      else if (!first)
        g_string_append_c (w->s, ' ');
      w->first[w->depth] = false;
    }
  if (key != NULL)
    {
      report_json_string (w->s, key);
      g_string_append (w->s, ": ");
    }
}

static void
jw_open (JsonWriter *w, const char *key, char bracket, bool compact)
{
  jw_item (w, key);
  g_string_append_c (w->s, bracket);
  g_assert (w->depth + 1 < JW_MAX_DEPTH);
  w->depth++;
  w->first[w->depth] = true;
  w->compact[w->depth] = compact || w->compact[w->depth - 1];
}

static void
jw_close (JsonWriter *w, char bracket)
{
  bool empty = w->first[w->depth];
  bool compact = w->compact[w->depth];

  g_assert (w->depth > 0);
  w->depth--;
  if (!empty && !compact)
    jw_newline (w, w->depth);
  g_string_append_c (w->s, bracket);
}

static void
jw_object (JsonWriter *w, const char *key, bool compact)
{
  jw_open (w, key, '{', compact);
}

static void
jw_array (JsonWriter *w, const char *key, bool compact)
{
  jw_open (w, key, '[', compact);
}

static void
jw_end_object (JsonWriter *w)
{
  jw_close (w, '}');
}

static void
jw_end_array (JsonWriter *w)
{
  jw_close (w, ']');
}

static void
jw_string (JsonWriter *w, const char *key, const char *value)
{
  jw_item (w, key);
  if (value == NULL)
    g_string_append (w->s, "null");
  else
    report_json_string (w->s, value);
}

static void
jw_u64 (JsonWriter *w, const char *key, uint64_t value)
{
  jw_item (w, key);
  g_string_append_printf (w->s, "%" PRIu64, value);
}

static void
jw_i64 (JsonWriter *w, const char *key, int64_t value)
{
  jw_item (w, key);
  g_string_append_printf (w->s, "%" PRId64, value);
}

static void
jw_bool (JsonWriter *w, const char *key, bool value)
{
  jw_item (w, key);
  g_string_append (w->s, value ? "true" : "false");
}

/* `format` is a printf format for one double, applied in the C locale. */
static void
jw_double (JsonWriter *w, const char *key, const char *format, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  jw_item (w, key);
  if (!isfinite (value))
    g_string_append (w->s, "null");   /* JSON has no NaN or Infinity */
  else
    g_string_append (w->s, g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
jw_latency (JsonWriter *w, const char *key, const StatSummary *l)
{
  jw_object (w, key, true);
  jw_u64 (w, "count", l->count);
  jw_double (w, "mean", "%.1f", l->mean);
  jw_double (w, "stddev", "%.1f", l->stddev);
  jw_i64 (w, "min", l->min);
  jw_i64 (w, "p50", l->p50);
  jw_i64 (w, "p90", l->p90);
  jw_i64 (w, "p99", l->p99);
  jw_i64 (w, "p999", l->p999);
  jw_i64 (w, "max", l->max);
  jw_end_object (w);
}

static const char *
role_name (ThreadRole role)
{
  return role >= 0 && role < ROLE_COUNT ? role_names[role] : "unknown";
}

static const char *
state_name (ThreadState state)
{
  return state >= 0 && state < TS_COUNT ? thread_state_names[state] : "unknown";
}

static void
json_faults (JsonWriter *w, const RunResult *r)
{
  const FaultBreakdown *b = &r->faults.breakdown;

  jw_object (w, "faults", false);
  jw_u64 (w, "total", r->faults.total);
  jw_u64 (w, "resolved", r->faults.resolved);
  jw_u64 (w, "unresolved", r->faults.unresolved);
  jw_i64 (w, "open_max_ns", r->faults.open_max_ns);
  jw_u64 (w, "dropped", r->faults.dropped);
  jw_u64 (w, "retried", r->faults.retried);
  jw_u64 (w, "system", r->faults.system);
  jw_latency (w, "latency_ns", &r->faults.latency);
  jw_i64 (w, "jitter_ns", r->faults.jitter_ns);
  jw_object (w, "innocent", false);
  jw_u64 (w, "threads", r->faults.innocent_threads);
  jw_latency (w, "latency_ns", &r->faults.innocent_latency);
  jw_u64 (w, "stalled_threads", r->faults.innocent_stalled_threads);
  jw_end_object (w);
  jw_object (w, "culprit", false);
  jw_u64 (w, "threads", r->faults.culprit_threads);
  jw_latency (w, "latency_ns", &r->faults.culprit_latency);
  jw_end_object (w);
  jw_object (w, "breakdown_ns", true);
  jw_i64 (w, "fault_entry", b->fault_entry);
  jw_i64 (w, "pager_wait", b->pager_wait);
  jw_i64 (w, "manager_wait", b->manager_wait);
  jw_i64 (w, "service", b->service);
  jw_i64 (w, "refault", b->refault);
  jw_i64 (w, "map", b->map);
  jw_end_object (w);
  jw_end_object (w);
}

static void
json_core (JsonWriter *w, const RunResult *r)
{
  jw_object (w, "core", false);
  jw_i64 (w, "pager_threads", r->core.pager_threads);
  jw_i64 (w, "blocked_ns", r->core.blocked_ns);
  jw_i64 (w, "busy_ns", r->core.busy_ns);
  jw_i64 (w, "max_stall_ns", r->core.max_stall_ns);
  jw_i64 (w, "retry_cpu_ns", r->core.retry_cpu_ns);
  jw_u64 (w, "rm_sessions", r->core.rm_sessions);
  jw_i64 (w, "quota_bytes", r->core.quota_bytes);
  jw_u64 (w, "signal_records_max", r->core.signal_records_max);
  jw_u64 (w, "signal_submits_max", r->core.signal_submits_max);
  jw_end_object (w);
}

static void
json_kernel (JsonWriter *w, const RunResult *r)
{
  jw_object (w, "kernel", false);
  jw_u64 (w, "ipc", r->kernel.ipc);
  jw_u64 (w, "signals_submitted", r->kernel.signals_submitted);
  jw_u64 (w, "signals_delivered", r->kernel.signals_delivered);
  jw_u64 (w, "signals_coalesced", r->kernel.signals_coalesced);
  jw_u64 (w, "context_switches", r->kernel.context_switches);
  jw_u64 (w, "mapdb_entries_peak", r->kernel.mapdb_entries_peak);
  jw_i64 (w, "mapdb_bytes_peak", r->kernel.mapdb_bytes_peak);
  jw_i64 (w, "revocation_ns", r->kernel.revocation_ns);
  jw_u64 (w, "rm_self_faults", r->kernel.rm_self_faults);
  jw_end_object (w);
}

static void
json_calls (JsonWriter *w, const RunResult *r)
{
  jw_object (w, "calls", false);
  jw_u64 (w, "total", r->calls.total);
  jw_u64 (w, "completed", r->calls.completed);
  jw_u64 (w, "dropped", r->calls.dropped);
  jw_latency (w, "latency_ns", &r->calls.latency);
  jw_end_object (w);
}

static void
json_gui (JsonWriter *w, const RunResult *r)
{
  jw_object (w, "gui", false);
  jw_u64 (w, "events", r->gui.events);
  jw_u64 (w, "delivered", r->gui.delivered);
  jw_u64 (w, "dropped", r->gui.dropped);
  jw_object (w, "dropped_by_cause", true);
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    {
      const DropCause *d = &r->gui.dropped_by_cause[i];

      jw_u64 (w, d->cause != NULL ? d->cause : "unknown", d->count);
    }
  jw_end_object (w);
  jw_latency (w, "latency_ns", &r->gui.latency);
  jw_i64 (w, "jitter_ns", r->gui.jitter_ns);
  jw_i64 (w, "max_freeze_ns", r->gui.max_freeze_ns);
  jw_end_object (w);
}

static void
json_timer (JsonWriter *w, const RunResult *r)
{
  jw_object (w, "timer", false);
  jw_u64 (w, "wakeups", r->timer.wakeups);
  jw_i64 (w, "max_error_ns", r->timer.max_error_ns);
  jw_end_object (w);
}

static void
json_authority (JsonWriter *w, const RunResult *r)
{
  jw_object (w, "authority", false);
  jw_u64 (w, "rights", r->authority.rights);
  jw_array (w, "matrix", false);
  for (size_t i = 0; i < r->authority.n_matrix; i++)
    {
      const AuthorityRight *a = &r->authority.matrix[i];

      jw_object (w, NULL, true);
      jw_string (w, "holder", a->holder);
      jw_string (w, "target", a->target);
      jw_string (w, "right", a->right);
      jw_end_object (w);
    }
  jw_end_array (w);
  jw_array (w, "kernel_features", true);
  for (size_t i = 0; i < r->authority.n_kernel_features; i++)
    jw_string (w, NULL, r->authority.kernel_features[i]);
  jw_end_array (w);
  jw_end_object (w);
}

static void
json_deadlocks (JsonWriter *w, const RunResult *r)
{
  jw_array (w, "deadlocks", false);
  for (size_t i = 0; i < r->n_deadlocks; i++)
    {
      jw_array (w, NULL, true);
      for (size_t j = 0; j < r->deadlocks[i].n_edges; j++)
        {
          const WaitEdge *e = &r->deadlocks[i].edges[j];

          jw_object (w, NULL, true);
          jw_string (w, "thread", e->thread);
          jw_string (w, "waits_on", e->waits_on);
          jw_string (w, "why", e->why);
          jw_end_object (w);
        }
      jw_end_array (w);
    }
  jw_end_array (w);
}

static void
json_threads (JsonWriter *w, const RunResult *r)
{
  jw_array (w, "threads", false);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      const ThreadResult *t = &r->threads[i];

      jw_object (w, NULL, true);
      jw_string (w, "name", t->name);
      jw_string (w, "process", t->process);
      jw_string (w, "thread", t->thread);
      jw_i64 (w, "index", t->index);
      jw_string (w, "role", role_name (t->role));
      jw_i64 (w, "priority", t->priority);
      jw_i64 (w, "cpu_ns", t->cpu_ns);
      jw_u64 (w, "faults", t->faults);
      jw_latency (w, "latency_ns", &t->latency);
      jw_string (w, "state", state_name (t->state));
      jw_bool (w, "hung", t->hung);
      jw_end_object (w);
    }
  jw_end_array (w);
}

/* The whole result, sections in the order of DESIGN.md; `fingerprint` NULL
 * leaves that key out (the text that is hashed), and so does !with_wall for
 * wall_s. */
static char *
json_build (const RunResult *r, const char *fingerprint, bool with_wall)
{
  JsonWriter w = { .s = g_string_sized_new (4096) };

  jw_object (&w, NULL, false);
  jw_string (&w, "scenario", r->scenario);
  jw_string (&w, "strategy", r->strategy);
  jw_u64 (&w, "seed", r->seed);
  jw_i64 (&w, "sim_time_ns", r->sim_time_ns);
  jw_u64 (&w, "events", r->events);
  if (fingerprint != NULL)
    jw_string (&w, "fingerprint", fingerprint);
  jw_string (&w, "scenario_sha256", r->scenario_sha256);
  json_faults (&w, r);
  json_core (&w, r);
  json_kernel (&w, r);
  json_calls (&w, r);
  json_gui (&w, r);
  json_timer (&w, r);
  json_authority (&w, r);
  json_deadlocks (&w, r);
  json_threads (&w, r);
  if (with_wall)
    jw_double (&w, "wall_s", "%.3f", r->wall_s);
  jw_end_object (&w);
  g_assert (w.depth == 0);
  return g_string_free (w.s, FALSE);
}

void
report_fingerprint (const RunResult *r, char out[17])
{
  g_autofree char *text = json_build (r, NULL, false);
  uint64_t h = UINT64_C (0xcbf29ce484222325);   /* FNV-1a 64 offset basis */

  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      h ^= *p;
      h *= UINT64_C (0x100000001b3);
    }
  g_snprintf (out, 17, "%016" PRIx64, h);
}

char *
report_json (const RunResult *r, bool with_wall)
{
  char fp[17];

  g_return_val_if_fail (r != NULL, NULL);
  report_fingerprint (r, fp);
  return json_build (r, fp, with_wall);
}

/* ---- text ------------------------------------------------------------- */

char *
report_format_ns (char *buf, size_t size, double ns)
{
  double a = fabs (ns);

  if (!isfinite (ns))
    g_snprintf (buf, size, "%s", ns > 0 ? "forever" : "-");
  else if (a < 1e3)
    g_snprintf (buf, size, ns == floor (ns) ? "%.0f ns" : "%.1f ns", ns);
  else if (a < 1e6)
    g_snprintf (buf, size, "%.2f µs", ns / 1e3);
  else if (a < 1e9)
    g_snprintf (buf, size, "%.2f ms", ns / 1e6);
  else
    g_snprintf (buf, size, "%.3f s", ns / 1e9);
  return buf;
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
  if (open > 0)
    fprintf (out, "  %-13s %" PRIu64 " still waiting at the end, %s %s\n", "unresolved", open,
             open == 1 ? "for" : "the oldest for", ns (f, r->faults.open_max_ns));
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
  if (b->fault_entry || b->pager_wait || b->manager_wait || b->service || b->refault || b->map)
    {
      fprintf (out, "  where a resolved fault's time went, on average:\n");
      fprintf (out, "    fault entry %s, waiting for a pager %s, waiting for the manager %s,\n"
               "    service %s, re-fault %s, map %s\n",
               ns (f, b->fault_entry), ns (f, b->pager_wait), ns (f, b->manager_wait),
               ns (f, b->service), ns (f, b->refault), ns (f, b->map));
    }
  fputc ('\n', out);
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
           pagers == 1 ? "the pager blocked" : "every pager blocked at once",
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
  put_latency (out, f, "latency", &r->gui.latency);
  if (r->gui.latency.count > 0)
    fprintf (out, "  %-13s %s (p99 - p50)\n", "jitter", ns (f, r->gui.jitter_ns));
  fprintf (out, "  longest server freeze %s\n\n", ns (f, r->gui.max_freeze_ns));
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

#define TEXT_MAX_ROWS 40   /* longer lists are for --json */

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
  return g_strdup_printf ("%s%s", state_name (t->state), t->hung ? " (hung)" : "");
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
  if (faults)
    fprintf (out, "  p99: page-fault latency of the thread (from the fault until it runs again)%s\n",
             deliveries ? ";" : "");
  if (deliveries)
    fprintf (out, "  %s input-event delivery latency (from arrival until received)\n",
             faults ? "     for a GUI client," : "p99: for a GUI client,");
}

static void
text_threads (FILE *out, NsFormat *f, const RunResult *r)
{
  size_t shown = MIN (r->n_threads, (size_t) TEXT_MAX_ROWS);
  int name_w = 6, state_w = 5;

  if (r->n_threads == 0)
    return;
  for (size_t i = 0; i < shown; i++)
    {
      g_autofree char *state = text_thread_state (&r->threads[i]);

      name_w = MAX (name_w, (int) g_utf8_strlen (r->threads[i].name, -1));
      state_w = MAX (state_w, (int) strlen (state));
    }
  fprintf (out, "Threads\n  ");
  put_col (out, "thread", name_w, false);
  fprintf (out, "  %-13s %4s %-*s %11s %7s %11s\n", "role", "prio", state_w, "state", "cpu",
           "faults", "p99");
  for (size_t i = 0; i < shown; i++)
    {
      const ThreadResult *t = &r->threads[i];
      g_autofree char *state = text_thread_state (t);

      fprintf (out, "  ");
      put_col (out, t->name, name_w, false);
      fprintf (out, "  %-13s %4d %-*s ", role_name (t->role), t->priority, state_w, state);
      put_col (out, ns (f, t->cpu_ns), 11, true);
      fprintf (out, " %7" PRIu64 " ", t->faults);
      put_col (out, t->latency.count > 0 ? ns (f, t->latency.p99) : "-", 11, true);
      fputc ('\n', out);
    }
  if (r->n_threads > shown)
    fprintf (out, "  ... and %zu more %s (all are in --json)\n", r->n_threads - shown,
             plural (r->n_threads - shown, "thread", "threads"));
  text_threads_footnote (out, r, shown);
}

void
report_text (FILE *out, const RunResult *r)
{
  NsFormat f = { 0 };

  g_return_if_fail (out != NULL && r != NULL);
  fprintf (out, "Scenario %s, strategy %s, seed %" PRIu64 "\n",
           r->scenario ? r->scenario : "?", r->strategy ? r->strategy : "?", r->seed);
  fprintf (out, "  simulated %s in %" PRIu64 " %s", ns (&f, r->sim_time_ns), r->events,
           plural (r->events, "event", "events"));
  if (r->fingerprint[0] != '\0')
    fprintf (out, ", fingerprint %s", r->fingerprint);
  fputc ('\n', out);
  if (r->max_events_hit)
    fprintf (out, "  STOPPED EARLY by the max_events guard: the figures cover only the "
             "simulated time reached\n");
  fputc ('\n', out);
  text_faults (out, &f, r);
  text_core (out, &f, r);
  text_kernel (out, &f, r);
  text_calls (out, &f, r);
  text_gui (out, &f, r);
  text_timer (out, &f, r);
  text_authority (out, r);
  text_deadlocks (out, r);
  text_threads (out, &f, r);
}

/* ---- CSV -------------------------------------------------------------- */

typedef enum { COL_STR, COL_U64, COL_I64, COL_MEAN } ColumnKind;

/* Header and row are both written from this table, so they cannot disagree.
 * Column names are the JSON paths of the figures. */
static const struct {
  const char *name;
  ColumnKind kind;
  size_t offset;
} csv_columns[] = {
#define COL(name, kind, field) { name, kind, offsetof (RunResult, field) }
  COL ("scenario", COL_STR, scenario),
  COL ("strategy", COL_STR, strategy),
  COL ("seed", COL_U64, seed),
  COL ("sim_time_ns", COL_I64, sim_time_ns),
  COL ("faults.total", COL_U64, faults.total),
  COL ("faults.latency_ns.mean", COL_MEAN, faults.latency.mean),
  COL ("faults.latency_ns.p50", COL_I64, faults.latency.p50),
  COL ("faults.latency_ns.p99", COL_I64, faults.latency.p99),
  COL ("faults.latency_ns.max", COL_I64, faults.latency.max),
  COL ("faults.jitter_ns", COL_I64, faults.jitter_ns),
  COL ("faults.unresolved", COL_U64, faults.unresolved),
  COL ("faults.dropped", COL_U64, faults.dropped),
  COL ("faults.innocent.stalled_threads", COL_U64, faults.innocent_stalled_threads),
  COL ("core.blocked_ns", COL_I64, core.blocked_ns),
  COL ("core.max_stall_ns", COL_I64, core.max_stall_ns),
  COL ("kernel.ipc", COL_U64, kernel.ipc),
  COL ("kernel.signals_submitted", COL_U64, kernel.signals_submitted),
  COL ("kernel.signals_delivered", COL_U64, kernel.signals_delivered),
  COL ("kernel.mapdb_entries_peak", COL_U64, kernel.mapdb_entries_peak),
  COL ("calls.completed", COL_U64, calls.completed),
  COL ("calls.dropped", COL_U64, calls.dropped),
  COL ("gui.events", COL_U64, gui.events),
  COL ("gui.delivered", COL_U64, gui.delivered),
  COL ("gui.dropped", COL_U64, gui.dropped),
  COL ("gui.max_freeze_ns", COL_I64, gui.max_freeze_ns),
  COL ("timer.max_error_ns", COL_I64, timer.max_error_ns),
  COL ("authority.rights", COL_U64, authority.rights),
#undef COL
};

void
report_csv_field (FILE *out, const char *s)
{
  if (s == NULL)
    return;
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      fputs (s, out);
      return;
    }
  fputc ('"', out);
  for (; *s != '\0'; s++)
    {
      if (*s == '"')
        fputc ('"', out);
      fputc (*s, out);
    }
  fputc ('"', out);
}

void
report_csv_header (FILE *out)
{
  for (size_t i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    fprintf (out, "%s%s", i > 0 ? "," : "", csv_columns[i].name);
  fputc ('\n', out);
}

void
report_csv_row (FILE *out, const RunResult *r)
{
  const char *base = (const char *) r;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (size_t i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      const void *field = base + csv_columns[i].offset;

      if (i > 0)
        fputc (',', out);
      switch (csv_columns[i].kind)
        {
        case COL_STR:
          report_csv_field (out, *(char *const *) field);
          break;
        case COL_U64:
          fprintf (out, "%" PRIu64, *(const uint64_t *) field);
          break;
        case COL_I64:
          fprintf (out, "%" PRId64, *(const int64_t *) field);
          break;
        case COL_MEAN:
          if (isfinite (*(const double *) field))
            fputs (g_ascii_formatd (buf, sizeof buf, "%.1f", *(const double *) field), out);
          break;
        }
    }
  fputc ('\n', out);
}
