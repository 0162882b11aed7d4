/* The JSON result of one run, in the shape of DESIGN.md "Result format",
 * and its fingerprint.
 *
 * The JSON is built by hand into a GString rather than through cJSON: the key
 * order, the number formats and so the bytes must be stable across versions
 * of any library, because the fingerprint is a hash of those bytes and tests
 * compare results byte for byte.  Integers are printed as integers, means and
 * standard deviations with one decimal ("%.1f" in the C locale), wall_s with
 * three. */
#include "sim/report_json.h"

#include <inttypes.h>
#include <math.h>

#include "sim/report.h"

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
      jw_string (w, "role", report_role_name (t->role));
      jw_i64 (w, "priority", t->priority);
      jw_i64 (w, "cpu_ns", t->cpu_ns);
      jw_u64 (w, "faults", t->faults);
      jw_latency (w, "latency_ns", &t->latency);
      jw_string (w, "state", report_state_name (t->state));
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
report_json_fingerprint (const RunResult *r, char out[17])
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
  report_json_fingerprint (r, fp);
  return json_build (r, fp, with_wall);
}
