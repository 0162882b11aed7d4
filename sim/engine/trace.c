/* The trace writer and the classroom narration.
 *
 * The trace is streamed in the Chrome trace-event format as the run goes, so
 * a long run never holds its trace in memory: first the metadata events that
 * name each process and thread track ("ph": "M"), then a complete event
 * ("ph": "X") per state interval and a start/finish pair ("ph": "s"/"f",
 * bound to the enclosing slices) per message.  Timestamps are microseconds, as
 * the format wants, printed from integer nanoseconds with three decimals, so
 * no precision is lost and the bytes do not depend on floating point.
 *
 * Only what falls in the window [from, to) is written: slices are clipped at
 * its edges, flows with an end outside it are left out (an arrow to nowhere
 * would not load).  The document is valid JSON even when nothing was traced.
 *
 * This file is engine-side: it knows tracks and times, never threads of the
 * models. */
#include "sim/engine/trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#define TRACE_NUMBER_MAX 32   /* bytes of a formatted time: 21 digits, sign, point */

struct _Trace {
  FILE *out;               /* the trace document, NULL for narration only */
  SimTime from, to;        /* the window; to < 0: open-ended */
  FILE *explain_out;
  long explain_max;        /* narrated lines wanted */
  SimTime explain_from;    /* lines of events before it are not written */
  long explained;          /* narrated lines written */
  bool any_event;          /* an event is written: the next needs a comma */
  bool closed;
  GHashTable *pids;        /* process name (owned) -> pid */
  GArray *tracks;          /* track id -> TraceTrack */
  uint64_t next_flow;
};

typedef struct {
  int pid, tid;
} TraceTrack;

Trace *
trace_new (FILE *out, SimTime from, SimTime to, FILE *explain_out, long explain_max)
{
  Trace *t = g_new0 (Trace, 1);

  t->out = out;
  t->from = from;
  t->to = to;
  t->explain_out = explain_out;
  t->explain_max = explain_out != NULL && explain_max > 0 ? explain_max : 0;
  t->pids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t->tracks = g_array_new (FALSE, FALSE, sizeof (TraceTrack));
  if (t->out != NULL)
    fputs ("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", t->out);
  return t;
}

void
trace_set_explain_from (Trace *t, SimTime from)
{
  g_return_if_fail (t != NULL && from >= 0);
  t->explain_from = from;
}

bool
trace_close (Trace *t)
{
  bool ok = true;

  if (t == NULL)
    return true;
  if (t->explain_out != NULL)
    ok = fflush (t->explain_out) == 0 && ok;
  if (t->out != NULL && !t->closed)
    {
      fputs ("\n]}\n", t->out);
      ok = fflush (t->out) == 0 && !ferror (t->out) && ok;
    }
  t->closed = true;
  return ok;
}

/* Does not close the trace: a trace freed unclosed was abandoned, and its
 * file is the caller's to remove. */
void
trace_free (Trace *t)
{
  if (t == NULL)
    return;
  g_hash_table_unref (t->pids);
  g_array_unref (t->tracks);
  g_free (t);
}

static void
trace_string (FILE *out, const char *s)
{
  fputc ('"', out);
  for (const unsigned char *p = (const unsigned char *) (s != NULL ? s : ""); *p; p++)
    {
      if (*p == '"' || *p == '\\')
        fprintf (out, "\\%c", *p);
      else if (*p < 0x20)
        fprintf (out, "\\u%04x", *p);
      else
        fputc (*p, out);
    }
  fputc ('"', out);
}

/* `ns` in units of 10^`digits` ns, with `digits` decimals, from integers
 * alone: exact, and the same bytes on every machine. */
static char *
trace_format_fixed (char *buf, size_t size, SimTime ns, int digits)
{
  uint64_t unit = 1;
  uint64_t a = ns < 0 ? -(uint64_t) ns : (uint64_t) ns;

  for (int i = 0; i < digits; i++)
    unit *= 10;
  g_snprintf (buf, size, "%s%" PRIu64 ".%0*" PRIu64, ns < 0 ? "-" : "", a / unit, digits,
              a % unit);
  return buf;
}

/* Nanoseconds as decimal microseconds, as the trace format wants. */
static void
trace_us (FILE *out, SimTime ns)
{
  char buf[TRACE_NUMBER_MAX];

  fputs (trace_format_fixed (buf, sizeof buf, ns, 3), out);
}

/* Starts an event object: the comma and line break before it. */
static void
trace_begin (Trace *t)
{
  fputs (t->any_event ? ",\n" : "\n", t->out);
  t->any_event = true;
}

static void
trace_metadata (Trace *t, int pid, int tid, const char *what, const char *name, int sort)
{
  trace_begin (t);
  fprintf (t->out, "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"%s_name\",\"args\":{\"name\":",
           pid, tid, what);
  trace_string (t->out, name);
  fputs ("}}", t->out);
  /* Keep tracks in the order they were declared, not by name. */
  trace_begin (t);
  fprintf (t->out, "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"%s_sort_index\","
           "\"args\":{\"sort_index\":%d}}", pid, tid, what, sort);
}

int
trace_track (Trace *t, const char *process, const char *name)
{
  TraceTrack track;
  gpointer pid;

  if (t == NULL)
    return -1;
  if (process == NULL)
    process = "";
  if (!g_hash_table_lookup_extended (t->pids, process, NULL, &pid))
    {
      pid = GINT_TO_POINTER (g_hash_table_size (t->pids) + 1);
      g_hash_table_insert (t->pids, g_strdup (process), pid);
      if (t->out != NULL)
        trace_metadata (t, GPOINTER_TO_INT (pid), 0, "process", process,
                        GPOINTER_TO_INT (pid));
    }
  track.pid = GPOINTER_TO_INT (pid);
  track.tid = (int) t->tracks->len + 1;
  g_array_append_val (t->tracks, track);
  if (t->out != NULL)
    trace_metadata (t, track.pid, track.tid, "thread", name, track.tid);
  return track.tid - 1;
}

static bool
trace_in_window (const Trace *t, SimTime when)
{
  return when >= t->from && (t->to < 0 || when < t->to);
}

static const TraceTrack *
trace_get_track (const Trace *t, int track)
{
  g_return_val_if_fail (track >= 0 && (guint) track < t->tracks->len, NULL);
  return &g_array_index (t->tracks, TraceTrack, track);
}

void
trace_slice (Trace *t, int track, const char *state, SimTime start, SimTime end)
{
  const TraceTrack *tr;

  if (t == NULL || t->out == NULL || t->closed)
    return;
  tr = trace_get_track (t, track);
  if (tr == NULL)
    return;
  if (start == end)
    {
      /* An instant state still shows as a zero-length slice. */
      if (!trace_in_window (t, start))
        return;
    }
  else
    {
      start = MAX (start, t->from);
      if (t->to >= 0)
        end = MIN (end, t->to);
      if (end <= start)
        return;
    }
  trace_begin (t);
  fputs ("{\"ph\":\"X\",\"name\":", t->out);
  trace_string (t->out, state);
  fprintf (t->out, ",\"pid\":%d,\"tid\":%d,\"ts\":", tr->pid, tr->tid);
  trace_us (t->out, start);
  fputs (",\"dur\":", t->out);
  trace_us (t->out, end - start);
  fputc ('}', t->out);
}

static void
trace_flow_end (Trace *t, const char *ph, const TraceTrack *tr, SimTime when,
                const char *what, uint64_t id)
{
  trace_begin (t);
  fprintf (t->out, "{\"ph\":\"%s\",%s\"cat\":\"msg\",\"name\":", ph,
           ph[0] == 'f' ? "\"bp\":\"e\"," : "");
  trace_string (t->out, what);
  fprintf (t->out, ",\"id\":%" PRIu64 ",\"pid\":%d,\"tid\":%d,\"ts\":", id, tr->pid, tr->tid);
  trace_us (t->out, when);
  fputc ('}', t->out);
}

void
trace_flow (Trace *t, int from_track, SimTime t0, int to_track, SimTime t1, const char *what)
{
  const TraceTrack *from, *to;

  if (t == NULL || t->out == NULL || t->closed)
    return;
  from = trace_get_track (t, from_track);
  to = trace_get_track (t, to_track);
  if (from == NULL || to == NULL || !trace_in_window (t, t0) || !trace_in_window (t, t1))
    return;
  t->next_flow++;
  trace_flow_end (t, "s", from, t0, what, t->next_flow);
  trace_flow_end (t, "f", to, t1, what, t->next_flow);
}

bool
trace_explaining (const Trace *t)
{
  return t != NULL && t->explained < t->explain_max;
}

void
trace_explain (Trace *t, SimTime now, const char *fmt, ...)
{
  g_autofree char *text = NULL;
  char ms[TRACE_NUMBER_MAX];
  va_list ap;

  if (!trace_explaining (t) || now < t->explain_from)
    return;
  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* "%12.6f ms", but exact. */
  fprintf (t->explain_out, "%12s ms  %s\n", trace_format_fixed (ms, sizeof ms, now, 6), text);
  t->explained++;
}

char *
trace_format_ns (char *buf, size_t size, int64_t ns)
{
  if (ns < 1000)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT " ns", ns);
  else if (ns < 1000000)
    g_snprintf (buf, size, "%.1f us", ns / 1e3);
  else
    g_snprintf (buf, size, "%.3f ms", ns / 1e6);
  return buf;
}
