/* Tests of the trace writer and the narration (sim/engine/trace.c).  Every trace is
 * parsed back with cJSON: a document Perfetto cannot load is a failure even
 * if its brackets balance. */
#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/engine/trace.h"

#define US 1000   /* ns */

/* A trace writing into memory. */
typedef struct {
  char *buf;
  size_t len;
  FILE *f;
  Trace *t;
} MemTrace;

static void
mem_open (MemTrace *m, SimTime from, SimTime to)
{
  m->buf = NULL;
  m->len = 0;
  m->f = open_memstream (&m->buf, &m->len);
  ck_assert_ptr_nonnull (m->f);
  m->t = trace_new (m->f, from, to, NULL, 0);
}

/* Closes the trace and returns the parsed document. */
static cJSON *
mem_close (MemTrace *m)
{
  cJSON *root;

  ck_assert (trace_close (m->t));
  trace_free (m->t);
  fclose (m->f);
  root = cJSON_Parse (m->buf);
  ck_assert_msg (root != NULL, "trace is not JSON:\n%s", m->buf);
  return root;
}

static void
mem_free (MemTrace *m)
{
  free (m->buf);
}

static cJSON *
events (cJSON *root)
{
  cJSON *ev = cJSON_GetObjectItemCaseSensitive (root, "traceEvents");

  ck_assert (cJSON_IsArray (ev));
  return ev;
}

static const char *
str (const cJSON *ev, const char *key)
{
  return cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (ev, key));
}

static double
num (const cJSON *ev, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (ev, key);

  ck_assert_msg (cJSON_IsNumber (v), "no number %s", key);
  return cJSON_GetNumberValue (v);
}

/* The n-th event with this "ph" (0-based), or NULL. */
static cJSON *
nth_ph (cJSON *root, const char *ph, int n)
{
  cJSON *ev;

  cJSON_ArrayForEach (ev, events (root))
    if (g_strcmp0 (str (ev, "ph"), ph) == 0 && n-- == 0)
      return ev;
  return NULL;
}

static int
count_ph (cJSON *root, const char *ph)
{
  int n = 0;

  while (nth_ph (root, ph, n) != NULL)
    n++;
  return n;
}

/* ---- document --------------------------------------------------------- */

START_TEST (test_trace_empty_is_valid)
{
  MemTrace m;
  cJSON *root;

  mem_open (&m, 0, -1);
  root = mem_close (&m);
  ck_assert_int_eq (cJSON_GetArraySize (events (root)), 0);
  ck_assert_str_eq (str (root, "displayTimeUnit"), "ns");
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_names_processes_and_threads)
{
  MemTrace m;
  cJSON *root, *ev;
  int a, b, c;
  int process_names = 0, thread_names = 0;

  mem_open (&m, 0, -1);
  a = trace_track (m.t, "core", "core.pager[0]");
  b = trace_track (m.t, "app", "app.worker[0]");
  c = trace_track (m.t, "app", "app.worker[1]");
  ck_assert_int_eq (a, 0);
  ck_assert_int_eq (b, 1);
  ck_assert_int_eq (c, 2);
  root = mem_close (&m);
  cJSON_ArrayForEach (ev, events (root))
    {
      const char *name = str (ev, "name");
      const char *arg = str (cJSON_GetObjectItem (ev, "args"), "name");

      ck_assert_str_eq (str (ev, "ph"), "M");
      if (strcmp (name, "process_name") == 0)
        {
          process_names++;
          ck_assert_str_eq (arg, num (ev, "pid") == 1 ? "core" : "app");
        }
      else if (strcmp (name, "thread_name") == 0)
        {
          thread_names++;
          if (num (ev, "tid") == 3)
            {
              ck_assert_str_eq (arg, "app.worker[1]");
              ck_assert_int_eq ((int) num (ev, "pid"), 2);
            }
        }
    }
  ck_assert_int_eq (process_names, 2);
  ck_assert_int_eq (thread_names, 3);
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_slice_times_in_microseconds)
{
  MemTrace m;
  cJSON *root, *x;
  int k;

  mem_open (&m, 0, -1);
  k = trace_track (m.t, "app", "app.worker[0]");
  trace_slice (m.t, k, "running", 12345, 12345 + 1000001);
  root = mem_close (&m);
  /* Exact decimals, not a float rendering. */
  ck_assert_ptr_nonnull (strstr (m.buf, "\"ts\":12.345,\"dur\":1000.001}"));
  x = nth_ph (root, "X", 0);
  ck_assert_ptr_nonnull (x);
  ck_assert_str_eq (str (x, "name"), "running");
  ck_assert_int_eq ((int) num (x, "tid"), 1);
  ck_assert_double_eq_tol (num (x, "ts"), 12.345, 1e-9);
  ck_assert_double_eq_tol (num (x, "dur"), 1000.001, 1e-9);
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_escapes_names)
{
  MemTrace m;
  cJSON *root;
  int k;

  mem_open (&m, 0, -1);
  k = trace_track (m.t, "p\"q", "a\\b\nc");
  trace_slice (m.t, k, "st\tate", 0, 10);
  root = mem_close (&m);
  ck_assert_str_eq (str (nth_ph (root, "X", 0), "name"), "st\tate");
  ck_assert_str_eq (str (cJSON_GetObjectItem (nth_ph (root, "M", 0), "args"), "name"), "p\"q");
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

/* ---- window ----------------------------------------------------------- */

START_TEST (test_trace_window_clips_slices)
{
  MemTrace m;
  cJSON *root, *x;
  int k;

  mem_open (&m, 10 * US, 20 * US);
  k = trace_track (m.t, "app", "w");
  trace_slice (m.t, k, "a", 5 * US, 15 * US);    /* clipped at the start */
  trace_slice (m.t, k, "b", 15 * US, 40 * US);   /* clipped at the end */
  trace_slice (m.t, k, "c", 25 * US, 30 * US);   /* after: dropped */
  trace_slice (m.t, k, "d", 1 * US, 10 * US);    /* ends where the window begins: dropped */
  trace_slice (m.t, k, "e", 20 * US, 20 * US);   /* instant at the end: outside [from, to) */
  trace_slice (m.t, k, "f", 10 * US, 10 * US);   /* instant at the start: inside */
  trace_slice (m.t, k, "g", 0, 100 * US);        /* spans it: the whole window */
  root = mem_close (&m);
  ck_assert_int_eq (count_ph (root, "X"), 4);
  x = nth_ph (root, "X", 0);
  ck_assert_str_eq (str (x, "name"), "a");
  ck_assert_double_eq_tol (num (x, "ts"), 10, 1e-9);
  ck_assert_double_eq_tol (num (x, "dur"), 5, 1e-9);
  x = nth_ph (root, "X", 1);
  ck_assert_str_eq (str (x, "name"), "b");
  ck_assert_double_eq_tol (num (x, "ts"), 15, 1e-9);
  ck_assert_double_eq_tol (num (x, "dur"), 5, 1e-9);
  x = nth_ph (root, "X", 2);
  ck_assert_str_eq (str (x, "name"), "f");
  ck_assert_double_eq_tol (num (x, "dur"), 0, 1e-9);
  x = nth_ph (root, "X", 3);
  ck_assert_str_eq (str (x, "name"), "g");
  ck_assert_double_eq_tol (num (x, "ts"), 10, 1e-9);
  ck_assert_double_eq_tol (num (x, "dur"), 10, 1e-9);
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_open_window_keeps_everything)
{
  MemTrace m;
  cJSON *root;
  int k;

  mem_open (&m, 0, -1);
  k = trace_track (m.t, "app", "w");
  trace_slice (m.t, k, "a", 0, 1);
  trace_slice (m.t, k, "b", INT64_C (5000000000000), INT64_C (5000000000001));
  root = mem_close (&m);
  ck_assert_int_eq (count_ph (root, "X"), 2);
  ck_assert_ptr_nonnull (strstr (m.buf, "\"ts\":5000000000.000"));
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

/* ---- flows ------------------------------------------------------------ */

START_TEST (test_trace_flow_pairs_match)
{
  MemTrace m;
  cJSON *root, *s0, *f0, *s1, *f1;
  int a, b;

  mem_open (&m, 0, 100 * US);
  a = trace_track (m.t, "app", "client");
  b = trace_track (m.t, "srv", "server");
  trace_slice (m.t, a, "running", 0, 10 * US);
  trace_slice (m.t, b, "running", 10 * US, 20 * US);
  trace_flow (m.t, a, 9 * US, b, 11 * US, "call");
  trace_flow (m.t, b, 19 * US, a, 21 * US, "reply");
  trace_flow (m.t, a, 99 * US, b, 101 * US, "late");   /* ends outside: dropped */
  root = mem_close (&m);
  ck_assert_int_eq (count_ph (root, "s"), 2);
  ck_assert_int_eq (count_ph (root, "f"), 2);
  s0 = nth_ph (root, "s", 0);
  f0 = nth_ph (root, "f", 0);
  s1 = nth_ph (root, "s", 1);
  f1 = nth_ph (root, "f", 1);
  ck_assert_int_eq ((int) num (s0, "id"), (int) num (f0, "id"));
  ck_assert_int_eq ((int) num (s1, "id"), (int) num (f1, "id"));
  ck_assert_int_ne ((int) num (s0, "id"), (int) num (s1, "id"));
  ck_assert_str_eq (str (s0, "name"), "call");
  ck_assert_int_eq ((int) num (s0, "tid"), 1);
  ck_assert_int_eq ((int) num (f0, "tid"), 2);
  ck_assert_str_eq (str (f0, "bp"), "e");
  ck_assert_double_eq_tol (num (f0, "ts"), 11, 1e-9);
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

/* ---- NULL and errors -------------------------------------------------- */

START_TEST (test_trace_null_is_accepted)
{
  ck_assert_int_eq (trace_track (NULL, "p", "t"), -1);
  trace_slice (NULL, 0, "x", 0, 1);
  trace_flow (NULL, 0, 0, 1, 1, "m");
  ck_assert (!trace_explaining (NULL));
  trace_explain (NULL, 0, "%s", "nothing");
  ck_assert (trace_close (NULL));
  trace_free (NULL);
}
END_TEST

START_TEST (test_trace_without_file_still_tracks)
{
  Trace *t = trace_new (NULL, 0, -1, NULL, 0);

  ck_assert_int_eq (trace_track (t, "p", "a"), 0);
  ck_assert_int_eq (trace_track (t, "p", "b"), 1);
  trace_slice (t, 1, "x", 0, 1);
  ck_assert (!trace_explaining (t));
  ck_assert (trace_close (t));
  trace_free (t);
}
END_TEST

START_TEST (test_trace_write_error_is_reported)
{
  struct stat st;
  FILE *f;
  Trace *t;
  int k;

  /* fopen would create a plain /dev/full if the device were missing. */
  if (stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    return;
  f = fopen ("/dev/full", "w");
  ck_assert_ptr_nonnull (f);
  t = trace_new (f, 0, -1, NULL, 0);
  k = trace_track (t, "p", "a");
  for (int i = 0; i < 10000; i++)
    trace_slice (t, k, "running", i, i + 1);
  ck_assert (!trace_close (t));
  trace_free (t);
  fclose (f);
}
END_TEST

/* ---- explain ---------------------------------------------------------- */

START_TEST (test_explain_formats_and_stops)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  Trace *t = trace_new (NULL, 0, -1, f, 2);

  ck_assert (trace_explaining (t));
  trace_explain (t, 1500, "thread %s faults on page %d", "app.worker[0]", 7);
  trace_explain (t, INT64_C (1234567891), "second");
  ck_assert (!trace_explaining (t));
  trace_explain (t, 2000000000, "third: never shown");
  ck_assert (trace_close (t));
  trace_free (t);
  fclose (f);
  ck_assert_str_eq (buf,
                    "    0.001500 ms  thread app.worker[0] faults on page 7\n"
                    " 1234.567891 ms  second\n");
  free (buf);
}
END_TEST

START_TEST (test_explain_zero_means_none)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  Trace *t = trace_new (NULL, 0, -1, f, 0);

  ck_assert (!trace_explaining (t));
  trace_explain (t, 0, "nothing");
  trace_free (t);
  fclose (f);
  ck_assert_uint_eq (len, 0);
  free (buf);
}
END_TEST

/* A moment on a track (a component hangs) is a thread-scoped instant
 * event; slices and instants carry their arguments, strings escaped. */
START_TEST (test_trace_instant_and_arguments)
{
  MemTrace m;
  const TraceArg fault[] = { { .key = "fault", .num = 17 }, { .key = "page", .num = 26 },
                             { .key = "manager", .str = "sw\"ap" } };
  const TraceArg why[] = { { .key = "behavior", .str = "hang" } };
  cJSON *root, *x, *i, *args;
  int tid;

  mem_open (&m, 0, -1);
  ck_assert (trace_writing (m.t));
  tid = trace_track (m.t, "app", "app.w[0]");
  trace_slice_args (m.t, tid, "blocked_fault", 1 * US, 3 * US, fault, G_N_ELEMENTS (fault));
  trace_instant (m.t, tid, 2500, "hangs", why, G_N_ELEMENTS (why));
  trace_instant (m.t, tid, 4 * US, "no arguments", NULL, 0);
  root = mem_close (&m);
  x = nth_ph (root, "X", 0);
  args = cJSON_GetObjectItemCaseSensitive (x, "args");
  ck_assert_double_eq (num (args, "fault"), 17);
  ck_assert_double_eq (num (args, "page"), 26);
  ck_assert_str_eq (str (args, "manager"), "sw\"ap");
  ck_assert_int_eq (count_ph (root, "i"), 2);
  i = nth_ph (root, "i", 0);
  ck_assert_str_eq (str (i, "name"), "hangs");
  ck_assert_str_eq (str (i, "s"), "t");
  ck_assert_double_eq_tol (num (i, "ts"), 2.5, 1e-9);
  ck_assert_double_eq (num (i, "tid"), num (x, "tid"));
  ck_assert_str_eq (str (cJSON_GetObjectItemCaseSensitive (i, "args"), "behavior"), "hang");
  ck_assert_ptr_null (cJSON_GetObjectItemCaseSensitive (nth_ph (root, "i", 1), "args"));
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

/* An instant outside the window is left out; nothing is written once the
 * trace is closed, or without a file. */
START_TEST (test_trace_instant_outside_the_window)
{
  MemTrace m;
  Trace *none = trace_new (NULL, 0, -1, NULL, 0);
  cJSON *root;
  int tid;

  mem_open (&m, 10 * US, 20 * US);
  tid = trace_track (m.t, "p", "p.t[0]");
  trace_instant (m.t, tid, 5 * US, "before", NULL, 0);
  trace_instant (m.t, tid, 20 * US, "at the end: outside", NULL, 0);
  trace_instant (m.t, tid, 15 * US, "inside", NULL, 0);
  root = mem_close (&m);
  ck_assert_int_eq (count_ph (root, "i"), 1);
  ck_assert_str_eq (str (nth_ph (root, "i", 0), "name"), "inside");
  ck_assert (!trace_writing (none));
  trace_instant (none, trace_track (none, "p", "p.t[0]"), 0, "x", NULL, 0);
  trace_free (none);
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

/* Narration into memory, for the filters. */
typedef struct {
  char *buf;
  size_t len;
  FILE *f;
  Trace *t;
} MemExplain;

static void
explain_open (MemExplain *e, long max)
{
  e->buf = NULL;
  e->len = 0;
  e->f = open_memstream (&e->buf, &e->len);
  e->t = trace_new (NULL, 0, -1, e->f, max);
}

static char *
explain_close (MemExplain *e)
{
  ck_assert (trace_close (e->t));
  trace_free (e->t);
  fclose (e->f);
  return e->buf;
}

/* --explain-fault: only the lines about that fault, however many faults a
 * line is about; the count of lines is of those narrated. */
START_TEST (test_explain_filters_one_fault)
{
  MemExplain e;
  const uint64_t one = 1, two = 2, both[] = { 1, 2 };
  g_autofree char *out = NULL;

  explain_open (&e, 2);
  trace_set_explain_fault (e.t, 2);
  trace_explain (e.t, 0, "about nothing");
  trace_explain_about (e.t, 1, &one, 1, "fault 1 begins");
  trace_explain_about (e.t, 2, &two, 1, "fault 2 begins");
  trace_explain_about (e.t, 3, both, 2, "an attach wakes 1 and 2");
  ck_assert (!trace_explaining (e.t));
  trace_explain_about (e.t, 4, &two, 1, "past the count");
  ck_assert_uint_eq (trace_explain_last_about (e.t), 2);
  out = explain_close (&e);
  ck_assert_str_eq (out, "    0.000002 ms  fault 2 begins\n"
                         "    0.000003 ms  an attach wakes 1 and 2\n");
}
END_TEST

/* --explain-thread: the tracks named so, or so with an index; lines that
 * name one of them whole, or are about one of their faults. */
START_TEST (test_explain_filters_one_thread)
{
  MemExplain e;
  const uint64_t mine = 7, other = 8;
  g_autofree char *out = NULL;
  int w0;

  explain_open (&e, 100);
  trace_set_explain_track (e.t, "app.w");
  w0 = trace_track (e.t, "app", "app.w[0]");
  trace_track (e.t, "app", "app.w[1]");
  trace_track (e.t, "app", "app.wx[0]");
  trace_track (e.t, "xapp", "xapp.w[0]");
  trace_track (e.t, "app", "app.w");
  ck_assert_uint_eq (trace_explain_tracks (e.t), 3);
  trace_explain_fault_of (e.t, mine, w0);
  trace_explain (e.t, 1, "app.w[0] faults on heap page 3");
  trace_explain (e.t, 2, "core answers app.w[1]: done");
  trace_explain (e.t, 3, "app.wx[0] faults");
  trace_explain (e.t, 4, "xapp.w[0] faults");
  trace_explain (e.t, 5, "it wakes app.w.");
  trace_explain_about (e.t, 6, &mine, 1, "swap works on heap page 3");
  trace_explain_about (e.t, 7, &other, 1, "swap works on heap page 4");
  trace_explain (e.t, 8, "app.w[0]'s fault");
  out = explain_close (&e);
  ck_assert_str_eq (out, "    0.000001 ms  app.w[0] faults on heap page 3\n"
                         "    0.000002 ms  core answers app.w[1]: done\n"
                         "    0.000005 ms  it wakes app.w.\n"
                         "    0.000006 ms  swap works on heap page 3\n"
                         "    0.000008 ms  app.w[0]'s fault\n");
}
END_TEST

/* Times in narration read as in the reports. */
START_TEST (test_trace_format_ns_as_the_report)
{
  char buf[32];

  ck_assert_str_eq (trace_format_ns (buf, sizeof buf, 850), "850 ns");
  ck_assert_str_eq (trace_format_ns (buf, sizeof buf, 135900), "135.90 µs");
  ck_assert_str_eq (trace_format_ns (buf, sizeof buf, 12345678), "12.35 ms");
  ck_assert_str_eq (trace_format_ns (buf, sizeof buf, INT64_C (1250000000)), "1.250 s");
  ck_assert_str_eq (trace_format_duration (buf, sizeof buf, 0.5), "0.5 ns");
}
END_TEST

/* ---- the size bound and the marks ------------------------------------- */

START_TEST (test_trace_max_bytes_stops_with_a_note)
{
  MemTrace m;
  cJSON *root, *ev, *last;
  int k;

  mem_open (&m, 0, -1);
  trace_set_max_bytes (m.t, 8192);
  k = trace_track (m.t, "p", "a");
  for (int i = 0; i < 10000; i++)
    trace_slice (m.t, k, "running", i * US, (i + 1) * US);
  ck_assert_int_gt (trace_full_at (m.t), 0);
  ck_assert_int_lt (trace_full_at (m.t), 10000 * US);
  root = mem_close (&m);
  ck_assert_uint_le (m.len, 8192);
  ev = events (root);
  last = cJSON_GetArrayItem (ev, cJSON_GetArraySize (ev) - 1);
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (last, "ph")), "i");
  ck_assert_ptr_nonnull (strstr (cJSON_GetStringValue (cJSON_GetObjectItem (last, "name")),
                                 "reached its size bound of 8 KiB"));
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_without_bound_is_whole)
{
  MemTrace m;
  cJSON *root;
  int k;

  mem_open (&m, 0, -1);
  k = trace_track (m.t, "p", "a");
  for (int i = 0; i < 1000; i++)
    trace_slice (m.t, k, "running", i * US, (i + 1) * US);
  ck_assert_int_eq (trace_full_at (m.t), -1);
  root = mem_close (&m);
  ck_assert_int_eq (cJSON_GetArraySize (events (root)), 1000 + 4);   /* and 4 metadata */
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_marked_incomplete)
{
  MemTrace m;
  cJSON *root, *ev, *last;

  mem_open (&m, 0, -1);
  trace_slice (m.t, trace_track (m.t, "p", "a"), "running", 0, US);
  trace_mark_incomplete (m.t, 5 * US, "the max_wall guard stopped the \"run\"");
  root = mem_close (&m);
  ck_assert (cJSON_IsTrue (cJSON_GetObjectItem (root, "incomplete")));
  ck_assert_str_eq (cJSON_GetStringValue (cJSON_GetObjectItem (root, "stopped")),
                    "the max_wall guard stopped the \"run\"");
  ev = events (root);
  last = cJSON_GetArrayItem (ev, cJSON_GetArraySize (ev) - 1);
  ck_assert_double_eq (cJSON_GetNumberValue (cJSON_GetObjectItem (last, "ts")), 5.0);
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_write_error_has_its_reason)
{
  struct stat st;
  FILE *f;
  Trace *t;
  int k;

  if (stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    return;
  f = fopen ("/dev/full", "w");
  ck_assert_ptr_nonnull (f);
  t = trace_new (f, 0, -1, NULL, 0);
  k = trace_track (t, "p", "a");
  for (int i = 0; i < 10000; i++)
    trace_slice (t, k, "running", i, i + 1);
  ck_assert (!trace_close (t));
  ck_assert_int_eq (trace_errno (t), ENOSPC);
  trace_free (t);
  fclose (f);
}
END_TEST

START_TEST (test_explain_escapes_control_characters)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  Trace *t = trace_new (NULL, 0, -1, f, 5);

  trace_explain (t, 0, "%s wakes", "t\x1b]2;title\x07[0]");
  ck_assert (trace_close (t));
  trace_free (t);
  fclose (f);
  ck_assert_str_eq (buf, "    0.000000 ms  t\\u001b]2;title\\u0007[0] wakes\n");
  free (buf);
}
END_TEST

START_TEST (test_trace_invalid_utf8_is_replaced)
{
  MemTrace m;
  cJSON *root;

  mem_open (&m, 0, -1);
  trace_slice (m.t, trace_track (m.t, "p\xff", "t\xc3"), "running", 0, US);
  root = mem_close (&m);
  ck_assert (g_utf8_validate (m.buf, (gssize) m.len, NULL));
  cJSON_Delete (root);
  mem_free (&m);
}
END_TEST

START_TEST (test_trace_format_size)
{
  g_autofree char *b = trace_format_size (512);
  g_autofree char *k = trace_format_size (64 << 10);
  g_autofree char *m = trace_format_size (UINT64_C (100) << 20);
  g_autofree char *g = trace_format_size (UINT64_C (3) << 29);

  ck_assert_str_eq (b, "512 B");
  ck_assert_str_eq (k, "64 KiB");
  ck_assert_str_eq (m, "100 MiB");
  ck_assert_str_eq (g, "1.5 GiB");
}
END_TEST

Suite *trace_suite (void)
{
  Suite *s = suite_create ("trace");
  TCase *tc;

  tc = tcase_create ("document");
  tcase_add_test (tc, test_trace_empty_is_valid);
  tcase_add_test (tc, test_trace_names_processes_and_threads);
  tcase_add_test (tc, test_trace_slice_times_in_microseconds);
  tcase_add_test (tc, test_trace_escapes_names);
  suite_add_tcase (s, tc);

  tc = tcase_create ("window");
  tcase_add_test (tc, test_trace_window_clips_slices);
  tcase_add_test (tc, test_trace_open_window_keeps_everything);
  suite_add_tcase (s, tc);

  tc = tcase_create ("flows");
  tcase_add_test (tc, test_trace_flow_pairs_match);
  suite_add_tcase (s, tc);

  tc = tcase_create ("moments");
  tcase_add_test (tc, test_trace_instant_and_arguments);
  tcase_add_test (tc, test_trace_instant_outside_the_window);
  suite_add_tcase (s, tc);

  tc = tcase_create ("limits");
  tcase_add_test (tc, test_trace_null_is_accepted);
  tcase_add_test (tc, test_trace_without_file_still_tracks);
  tcase_add_test (tc, test_trace_write_error_is_reported);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bound");
  tcase_add_test (tc, test_trace_max_bytes_stops_with_a_note);
  tcase_add_test (tc, test_trace_without_bound_is_whole);
  tcase_add_test (tc, test_trace_marked_incomplete);
  tcase_add_test (tc, test_trace_write_error_has_its_reason);
  tcase_add_test (tc, test_trace_format_size);
  tcase_add_test (tc, test_trace_invalid_utf8_is_replaced);
  suite_add_tcase (s, tc);

  tc = tcase_create ("explain");
  tcase_add_test (tc, test_explain_escapes_control_characters);
  tcase_add_test (tc, test_explain_formats_and_stops);
  tcase_add_test (tc, test_explain_zero_means_none);
  tcase_add_test (tc, test_explain_filters_one_fault);
  tcase_add_test (tc, test_explain_filters_one_thread);
  tcase_add_test (tc, test_trace_format_ns_as_the_report);
  suite_add_tcase (s, tc);
  return s;
}
