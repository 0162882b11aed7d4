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
 * A trace grows with the run (about 15 MB per simulated second of a busy
 * scenario), so it may be given a size bound: each event is put together in
 * memory first, and the first one that would pass the bound is replaced by
 * a global instant event saying that the trace stops there; nothing after it
 * is written, and the document is still closed, so it still loads.  Bytes
 * are counted as written, so the bound holds whatever the file is (a pipe
 * has no size to ask for).
 *
 * Narration may be filtered to one fault (the lines the models say are
 * about it) or to the tracks of one thread entry (the lines that name one of
 * them, and the lines about their faults).
 *
 * This file is engine-side: it knows tracks and times, never threads of the
 * models. */
#include "sim/engine/trace.h"

#include "sim/engine/textfit.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sim/engine/escape.h"

#define TRACE_NUMBER_MAX 32   /* bytes of a formatted time: 21 digits, sign, point */
/* Bytes kept below the size bound for the note that the trace stops, the
 * closing brackets and the marks of an incomplete run. */
#define TRACE_TAIL_RESERVE 1024

struct _Trace {
  FILE *out;               /* the trace document, NULL for narration only */
  SimTime from, to;        /* the window; to < 0: open-ended */
  FILE *explain_out;
  long explain_max;        /* narrated lines wanted */
  int explain_width;       /* characters a narrated line may take, 0: any */
  SimTime explain_from;    /* lines of events before it are not written */
  long explained;          /* narrated lines written */
  bool any_event;          /* an event is written: the next needs a comma */
  bool closed;
  GHashTable *pids;        /* process name (owned) -> pid */
  GArray *tracks;          /* track id -> TraceTrack */
  uint64_t next_flow;
  GString *event;          /* the event being put together */
  uint64_t max_bytes;      /* size bound of the document, 0: none */
  uint64_t bytes;          /* written so far */
  SimTime full_at;         /* the bound was reached here; -1: not yet */
  int write_errno;         /* of the first failed write, 0: none */
  char *stopped;           /* trace_mark_incomplete's reason, or NULL */
  uint64_t explain_fault;  /* narrate only lines about this fault; 0: any */
  char *explain_track;     /* narrate only lines naming these tracks; NULL: any */
  GPtrArray *explain_names;   /* names of the tracks it matched (owned) */
  GHashTable *explain_faults; /* their faults' numbers (gint64, owned) */
  uint64_t last_about;     /* the highest fault number a line was about */
};

typedef struct {
  int pid, tid;
  bool watched;            /* matched by the track filter */
} TraceTrack;

static GString *trace_begin (Trace *t);
static void     trace_put (Trace *t);
static void     trace_string (GString *out, const char *s);
static void     trace_us (GString *out, SimTime ns);

/* Writes `len` bytes (-1: up to the NUL) of `text` to the document,
 * counting them and keeping the reason of the first failure. */
static void
trace_write (Trace *t, const char *text, gssize len)
{
  size_t n = len < 0 ? strlen (text) : (size_t) len;

  if (fwrite (text, 1, n, t->out) != n && t->write_errno == 0)
    t->write_errno = errno != 0 ? errno : EIO;
  t->bytes += n;
}

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
  t->event = g_string_sized_new (256);
  t->full_at = -1;
  t->explain_names = g_ptr_array_new_with_free_func (g_free);
  t->explain_faults = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (t->out != NULL)
    trace_write (t, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", -1);
  return t;
}

void
trace_set_max_bytes (Trace *t, uint64_t max)
{
  g_return_if_fail (t != NULL);
  t->max_bytes = max;
}

SimTime
trace_full_at (const Trace *t)
{
  return t != NULL ? t->full_at : -1;
}

int
trace_errno (const Trace *t)
{
  return t != NULL ? t->write_errno : 0;
}

void
trace_set_explain_width (Trace *t, int width)
{
  g_return_if_fail (t != NULL);
  t->explain_width = MAX (width, 0);
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
      trace_write (t, "\n]", -1);
      if (t->stopped != NULL)
        {
          GString *e = trace_begin (t);

          g_string_append (e, ",\"incomplete\":true,\"stopped\":");
          trace_string (e, t->stopped);
          trace_write (t, e->str, (gssize) e->len);
        }
      trace_write (t, "}\n", -1);
      if (fflush (t->out) != 0 && t->write_errno == 0)
        t->write_errno = errno != 0 ? errno : EIO;
      if (ferror (t->out) && t->write_errno == 0)
        t->write_errno = EIO;
      ok = t->write_errno == 0 && ok;
    }
  t->closed = true;
  return ok;
}

void
trace_mark_incomplete (Trace *t, SimTime at, const char *why)
{
  GString *e;

  if (t == NULL || t->out == NULL || t->closed)
    return;
  g_free (t->stopped);
  t->stopped = g_strdup (why != NULL ? why : "the run stopped early");
  /* Shown on the timeline too, even past the window or the bound. */
  e = trace_begin (t);
  g_string_append (e, "{\"ph\":\"i\",\"s\":\"g\",\"name\":");
  trace_string (e, t->stopped);
  g_string_append (e, ",\"pid\":0,\"tid\":0,\"ts\":");
  trace_us (e, MAX (at, 0));
  g_string_append_c (e, '}');
  trace_put (t);
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
  g_string_free (t->event, TRUE);
  g_free (t->stopped);
  g_free (t->explain_track);
  g_ptr_array_unref (t->explain_names);
  g_hash_table_unref (t->explain_faults);
  g_free (t);
}

/* `s` as a JSON string; invalid UTF-8 (a name from a scenario file) is
 * replaced, as report_json_string does, or the document would not load. */
static void
trace_string (GString *out, const char *s)
{
  g_autofree char *valid = NULL;

  if (s != NULL && !g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) (s != NULL ? s : ""); *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
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
trace_us (GString *out, SimTime ns)
{
  char buf[TRACE_NUMBER_MAX];

  g_string_append (out, trace_format_fixed (buf, sizeof buf, ns, 3));
}

/* Starts putting an event object together in t->event. */
static GString *
trace_begin (Trace *t)
{
  g_string_truncate (t->event, 0);
  return t->event;
}

/* Writes t->event, the comma and line break before it; does not count
 * against the bound. */
static void
trace_put (Trace *t)
{
  trace_write (t, t->any_event ? ",\n" : "\n", -1);
  trace_write (t, t->event->str, (gssize) t->event->len);
  t->any_event = true;
}

/* The bound is reached at `when`: the note that says so is the last event. */
static void
trace_stop_full (Trace *t, SimTime when)
{
  g_autofree char *size = trace_format_size (t->max_bytes);
  g_autofree char *note =
    g_strdup_printf ("trace stops here: it reached its size bound of %s; nothing later "
                     "is traced", size);
  GString *e = trace_begin (t);

  t->full_at = MAX (when, 0);
  g_string_append (e, "{\"ph\":\"i\",\"s\":\"g\",\"name\":");
  trace_string (e, note);
  g_string_append (e, ",\"pid\":0,\"tid\":0,\"ts\":");
  trace_us (e, t->full_at);
  g_string_append_c (e, '}');
  trace_put (t);
}

/* Writes t->event (an event at simulated time `when`) unless it would pass
 * the size bound; the first one that would stops the trace. */
static void
trace_emit (Trace *t, SimTime when)
{
  if (t->full_at >= 0)
    return;
  if (t->max_bytes > 0 && t->bytes + 2 + t->event->len + TRACE_TAIL_RESERVE > t->max_bytes)
    {
      trace_stop_full (t, when);
      return;
    }
  trace_put (t);
}

/* Metadata come before the run (time 0). */
static void
trace_metadata (Trace *t, int pid, int tid, const char *what, const char *name, int sort)
{
  GString *e = trace_begin (t);

  g_string_append_printf (e, "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"%s_name\","
                          "\"args\":{\"name\":", pid, tid, what);
  trace_string (e, name);
  g_string_append (e, "}}");
  trace_emit (t, 0);
  /* Keep tracks in the order they were declared, not by name. */
  e = trace_begin (t);
  g_string_append_printf (e, "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"%s_sort_index\","
                          "\"args\":{\"sort_index\":%d}}", pid, tid, what, sort);
  trace_emit (t, 0);
}

/* `name` is `want`, or `want` and an index: "app.worker[3]" for "app.worker". */
static bool
trace_name_matches (const char *name, const char *want)
{
  size_t n = strlen (want);
  const char *p;

  if (name == NULL || strncmp (name, want, n) != 0)
    return false;
  if (name[n] == '\0')
    return true;
  if (name[n] != '[' || !g_ascii_isdigit (name[n + 1]))
    return false;
  for (p = name + n + 1; g_ascii_isdigit (*p); p++)
    ;
  return p[0] == ']' && p[1] == '\0';
}

bool
trace_writing (const Trace *t)
{
  return t != NULL && t->out != NULL && !t->closed && t->full_at < 0;
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
  track.watched = t->explain_track != NULL && trace_name_matches (name, t->explain_track);
  if (track.watched)
    g_ptr_array_add (t->explain_names, g_strdup (name));
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

/* `,"args":{...}` of an event, when it has any. */
static void
trace_args (GString *e, const TraceArg *args, size_t n_args)
{
  if (n_args == 0)
    return;
  g_string_append (e, ",\"args\":{");
  for (size_t i = 0; i < n_args; i++)
    {
      if (i > 0)
        g_string_append_c (e, ',');
      trace_string (e, args[i].key);
      g_string_append_c (e, ':');
      if (args[i].str != NULL)
        trace_string (e, args[i].str);
      else
        g_string_append_printf (e, "%" PRId64, args[i].num);
    }
  g_string_append_c (e, '}');
}

void
trace_slice (Trace *t, int track, const char *state, SimTime start, SimTime end)
{
  trace_slice_args (t, track, state, start, end, NULL, 0);
}

void
trace_instant (Trace *t, int track, SimTime at, const char *name, const TraceArg *args,
               size_t n_args)
{
  const TraceTrack *tr;
  GString *e;

  if (!trace_writing (t) || !trace_in_window (t, at))
    return;
  tr = trace_get_track (t, track);
  if (tr == NULL)
    return;
  e = trace_begin (t);
  g_string_append (e, "{\"ph\":\"i\",\"s\":\"t\",\"name\":");
  trace_string (e, name);
  g_string_append_printf (e, ",\"pid\":%d,\"tid\":%d,\"ts\":", tr->pid, tr->tid);
  trace_us (e, at);
  trace_args (e, args, n_args);
  g_string_append_c (e, '}');
  trace_emit (t, at);
}

void
trace_slice_args (Trace *t, int track, const char *state, SimTime start, SimTime end,
                  const TraceArg *args, size_t n_args)
{
  const TraceTrack *tr;
  GString *e;

  if (t == NULL || t->out == NULL || t->closed || t->full_at >= 0)
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
  e = trace_begin (t);
  g_string_append (e, "{\"ph\":\"X\",\"name\":");
  trace_string (e, state);
  g_string_append_printf (e, ",\"pid\":%d,\"tid\":%d,\"ts\":", tr->pid, tr->tid);
  trace_us (e, start);
  g_string_append (e, ",\"dur\":");
  trace_us (e, end - start);
  trace_args (e, args, n_args);
  g_string_append_c (e, '}');
  trace_emit (t, start);
}

/* One end of a flow, appended to `e`. */
static void
trace_flow_end (GString *e, const char *ph, const TraceTrack *tr, SimTime when,
                const char *what, uint64_t id)
{
  g_string_append_printf (e, "{\"ph\":\"%s\",%s\"cat\":\"msg\",\"name\":", ph,
                          ph[0] == 'f' ? "\"bp\":\"e\"," : "");
  trace_string (e, what);
  g_string_append_printf (e, ",\"id\":%" PRIu64 ",\"pid\":%d,\"tid\":%d,\"ts\":", id,
                          tr->pid, tr->tid);
  trace_us (e, when);
  g_string_append_c (e, '}');
}

void
trace_flow (Trace *t, int from_track, SimTime t0, int to_track, SimTime t1, const char *what)
{
  const TraceTrack *from, *to;
  GString *e;

  if (t == NULL || t->out == NULL || t->closed || t->full_at >= 0)
    return;
  from = trace_get_track (t, from_track);
  to = trace_get_track (t, to_track);
  if (from == NULL || to == NULL || !trace_in_window (t, t0) || !trace_in_window (t, t1))
    return;
  /* Both ends in one piece, so the bound never splits a pair. */
  t->next_flow++;
  e = trace_begin (t);
  trace_flow_end (e, "s", from, t0, what, t->next_flow);
  g_string_append (e, ",\n");
  trace_flow_end (e, "f", to, t1, what, t->next_flow);
  trace_emit (t, t0);
}

bool
trace_explaining (const Trace *t)
{
  return t != NULL && t->explained < t->explain_max;
}

void
trace_set_explain_fault (Trace *t, uint64_t n)
{
  g_return_if_fail (t != NULL);
  t->explain_fault = n;
}

void
trace_set_explain_track (Trace *t, const char *name)
{
  g_return_if_fail (t != NULL && t->tracks->len == 0);
  g_free (t->explain_track);
  t->explain_track = g_strdup (name);
}

void
trace_explain_fault_of (Trace *t, uint64_t about, int track)
{
  gint64 key = (gint64) about;
  const TraceTrack *tr;

  if (t == NULL || t->explain_track == NULL || about == 0)
    return;
  tr = trace_get_track (t, track);
  if (tr != NULL && tr->watched)
    g_hash_table_add (t->explain_faults, g_memdup2 (&key, sizeof key));
}

size_t
trace_explain_tracks (const Trace *t)
{
  return t != NULL ? t->explain_names->len : 0;
}

uint64_t
trace_explain_last_about (const Trace *t)
{
  return t != NULL ? t->last_about : 0;
}

/* A byte that may stand inside a thread name next to where `name` ends or
 * begins in a line, so that "a.b[1]" is not found inside "xa.b[1]". */
static bool
trace_name_byte (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
}

/* Whether `text` names `name` where it stands whole. */
static bool
trace_text_names (const char *text, const char *name)
{
  size_t n = strlen (name);

  for (const char *p = strstr (text, name); p != NULL; p = strstr (p + 1, name))
    {
      /* What follows may be "'s", ";", ":" or the full stop of a sentence. */
      bool before = p == text || !trace_name_byte (p[-1]);
      bool after = p[n] == '\0' || !trace_name_byte (p[n])
                   || (p[n] == '.' && !trace_name_byte (p[n + 1]));

      if (before && after)
        return true;
    }
  return false;
}

/* Whether a line passes the filters. */
static bool
trace_explain_wanted (const Trace *t, const char *text, const uint64_t *about, size_t n_about)
{
  if (t->explain_fault != 0)
    {
      bool hit = false;

      for (size_t i = 0; i < n_about; i++)
        hit = hit || about[i] == t->explain_fault;
      if (!hit)
        return false;
    }
  if (t->explain_track == NULL)
    return true;
  for (size_t i = 0; i < n_about; i++)
    {
      gint64 key = (gint64) about[i];

      if (g_hash_table_contains (t->explain_faults, &key))
        return true;
    }
  for (guint i = 0; i < t->explain_names->len; i++)
    if (trace_text_names (text, t->explain_names->pdata[i]))
      return true;
  return false;
}

static void
trace_vexplain (Trace *t, SimTime now, const uint64_t *about, size_t n_about, const char *fmt,
                va_list ap)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autoptr (GString) line = NULL;
  g_autoptr (GString) out = NULL;
  char ms[TRACE_NUMBER_MAX];

  for (size_t i = 0; i < n_about; i++)
    t->last_about = MAX (t->last_about, about[i]);
  if (now < t->explain_from)
    return;
  text = g_strdup_vprintf (fmt, ap);
  if (!trace_explain_wanted (t, text, about, n_about))
    return;
  /* Names in it come from the scenario: never raw to the terminal. */
  shown = escape_text (text, false);
  /* "%12.6f ms", but exact; the text goes on under itself, after the time. */
  line = g_string_new (NULL);
  g_string_printf (line, "%12s ms  %s", trace_format_fixed (ms, sizeof ms, now, 6), shown);
  out = g_string_new (NULL);
  textfit_append_line (out, line->str, t->explain_width, 17);
  fputs (out->str, t->explain_out);
  t->explained++;
}

void
trace_explain (Trace *t, SimTime now, const char *fmt, ...)
{
  va_list ap;

  if (!trace_explaining (t))
    return;
  va_start (ap, fmt);
  trace_vexplain (t, now, NULL, 0, fmt, ap);
  va_end (ap);
}

void
trace_explain_about (Trace *t, SimTime now, const uint64_t *about, size_t n_about,
                     const char *fmt, ...)
{
  va_list ap;

  if (!trace_explaining (t))
    return;
  va_start (ap, fmt);
  trace_vexplain (t, now, about, n_about, fmt, ap);
  va_end (ap);
}

char *
trace_format_duration (char *buf, size_t size, double ns)
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

char *
trace_format_ns (char *buf, size_t size, int64_t ns)
{
  return trace_format_duration (buf, size, (double) ns);
}

char *
trace_format_size (uint64_t bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double v = (double) bytes;
  size_t u = 0;

  while (v >= 1024 && u + 1 < G_N_ELEMENTS (units))
    {
      v /= 1024;
      u++;
    }
  if (u == 0)
    return g_strdup_printf ("%" PRIu64 " B", bytes);
  return g_strdup_printf (v == (double) (uint64_t) v ? "%.0f %s" : "%.1f %s", v, units[u]);
}
