/* Tests of page traces: the lackey importer (sim/lackey.c) on the
 * handwritten log tests/data/lackey/small.log, record by record (dense page
 * numbers in the order of first touch, instructions as compute, runs on one
 * page collapsed, an access across a page boundary, instruction fetches
 * with --with-code, a window of the run), its errors and that they leave no
 * file; the reader (sim/pagetrace.c) refusing each kind of damage with its
 * line; and the replay op run through the loader and machine_run: one fault
 * per distinct page when nothing is evicted and nothing costs anything,
 * faults recurring when resident pages are few, repeat counts, the compute
 * time replayed and ops_completed (one a record). */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sim/lackey.h"
#include "sim/pagetrace.h"
#include "tests/gui_fixture.h"

#define SMALL_LOG "tests/data/lackey/small.log"

#define ZERO_COSTS                                                                        \
  "\"costs\": { \"ipc\": \"0ns\", \"signal\": \"0ns\", \"signal_delivery\": \"0ns\", "   \
  "\"context_switch\": \"0ns\", \"ipi\": \"0ns\", \"fault_entry\": \"0ns\", \"map\": \"0ns\", " \
  "\"mapdb_insert\": \"0ns\", \"mapdb_revoke\": \"0ns\" }"

static const char *const strategies[] = {
  "strategy=async-signal", "strategy=sync-rpc", "strategy=local-region-mapper",
  "strategy=ipc-timeout",
};

/* A fresh folder per test, removed with what is in it. */
static char *tmpdir;

static void
tmp_setup (void)
{
  tmpdir = g_dir_make_tmp ("mksim-pagetrace-XXXXXX", NULL);
  ck_assert_ptr_nonnull (tmpdir);
}

static void
tmp_teardown (void)
{
  g_autoptr (GDir) d = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *f = g_build_filename (tmpdir, name, NULL);
      g_unlink (f);
    }
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Writes `text` to the temporary file `name`; its path. */
static char *
tmp_write (const char *name, const char *text)
{
  char *path = tmp_file (name);
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static size_t
tmp_count (void)
{
  g_autoptr (GDir) d = g_dir_open (tmpdir, 0, NULL);
  size_t n = 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static LackeyOptions
opts (double ns_per_instr)
{
  return (LackeyOptions) { .page_size = 4096, .ns_per_instr = ns_per_instr };
}

/* Imports `log` with `o` into a temporary trace and reads it back. */
static PageTrace *
import_and_load (const char *log, const LackeyOptions *o, LackeyStats *st)
{
  g_autofree char *out = tmp_file ("t.trace");
  g_autoptr (GError) err = NULL;
  PageTrace *t;

  ck_assert_msg (lackey_import (log, out, o, st, &err), "%s", err ? err->message : "?");
  t = pagetrace_load (out, &err);
  ck_assert_msg (t != NULL, "%s", err ? err->message : "?");
  return t;
}

static void
assert_records (const PageTrace *t, const int64_t (*want)[2], size_t n)
{
  ck_assert_uint_eq (t->n_records, n);
  for (size_t i = 0; i < n; i++)
    {
      ck_assert_msg (t->compute_ns[i] == want[i][0] && t->page[i] == (uint32_t) want[i][1],
                     "record %zu is %" G_GINT64_FORMAT " %u, want %" G_GINT64_FORMAT " %"
                     G_GINT64_FORMAT, i, t->compute_ns[i], t->page[i], want[i][0], want[i][1]);
    }
}

/* ---- the importer ------------------------------------------------------- */

/* small.log at 1 ns an instruction: the load of 0x602000 after two
 * instructions is page 0; the store to the same page is no record, and its
 * instruction goes to the next; the modify of 16 bytes at 0x7ff000ff8
 * crosses into the next page (pages 1 and 2); 0x602020 is page 0 again; the
 * load and store on 0x7ff001 are one record, page 2; the last instruction,
 * after every access, is in none. */
START_TEST (test_lackey_import_small_log)
{
  static const int64_t want[][2] = { { 2, 0 }, { 3, 1 }, { 0, 2 }, { 1, 0 }, { 4, 2 } };
  LackeyOptions o = opts (1);
  LackeyStats st;
  g_autofree char *out = tmp_file ("t.trace");
  g_autofree char *text = NULL;
  PageTrace *t = import_and_load (SMALL_LOG, &o, &st);

  ck_assert_int_eq (t->n_pages, 3);
  assert_records (t, want, G_N_ELEMENTS (want));
  ck_assert_uint_eq (st.records, 5);
  ck_assert_int_eq (st.pages, 3);
  ck_assert_uint_eq (st.instructions, 11);
  ck_assert_uint_eq (st.window_instructions, 10);
  ck_assert_uint_eq (st.accesses, 6);
  ck_assert_int_eq (st.compute_ns, 10);
  ck_assert_uint_eq (st.lines, 22);
  ck_assert (g_file_get_contents (out, &text, NULL, NULL));
  ck_assert (g_str_has_prefix (text, "mksim-page-trace 1\nsource small.log\n"
                               "command ./demo arg\npage_size 4096\nns_per_instr 1\n"
                               "with_code no\ninstructions 10\npages 3\nrecords 5\n2 0\n"));
  config_trace_unref (t);
}
END_TEST

/* At 0.3 ns an instruction the running total is rounded, not each record:
 * 0.6, 1.5, 1.5, 1.8 and 3.0 ns make 1, 1, 0, 0 and 1, which add up to 3. */
START_TEST (test_lackey_rounds_the_running_total)
{
  static const int64_t want[][2] = { { 1, 0 }, { 1, 1 }, { 0, 2 }, { 0, 0 }, { 1, 2 } };
  LackeyOptions o = opts (LACKEY_DEFAULT_NS_PER_INSTR);
  PageTrace *t = import_and_load (SMALL_LOG, &o, NULL);

  assert_records (t, want, G_N_ELEMENTS (want));
  config_trace_unref (t);
}
END_TEST

/* With code, each fetch touches the code page 0x401 first (page 0), then
 * the instruction counts: a fetch between two data accesses is a record of
 * its own, and so is the last one. */
START_TEST (test_lackey_with_code)
{
  static const int64_t want[][2] = {
    { 0, 0 }, { 2, 1 }, { 0, 0 }, { 1, 1 }, { 0, 0 }, { 2, 2 }, { 0, 3 }, { 0, 0 }, { 1, 1 },
    { 0, 0 }, { 4, 3 }, { 0, 0 },
  };
  LackeyOptions o = opts (1);
  LackeyStats st;
  PageTrace *t;

  o.with_code = true;
  t = import_and_load (SMALL_LOG, &o, &st);
  ck_assert_int_eq (t->n_pages, 4);
  assert_records (t, want, G_N_ELEMENTS (want));
  ck_assert_uint_eq (st.accesses, 17);
  config_trace_unref (t);
}
END_TEST

/* An access touches every page from its first byte to its last, the later
 * ones with no compute; a page the record before touched is no record. */
START_TEST (test_lackey_page_crossing)
{
  /* 4 KiB pages: 0x4fff-0x5000 is pages 4 and 5; 0x5ff0-0x6247 is 5 and 6. */
  static const int64_t big[][2] = { { 1, 0 }, { 0, 1 }, { 2, 2 } };
  /* 256-byte pages: 0x4f and 0x50; then 0x5f, 0x60, 0x61 and 0x62. */
  static const int64_t small[][2] = { { 1, 0 }, { 0, 1 }, { 2, 2 }, { 0, 3 }, { 0, 4 },
                                      { 0, 5 } };
  g_autofree char *log = tmp_write ("cross.log", "I  00001000,2\n L 00004fff,2\n"
                                    "I  00001002,2\nI  00001004,2\n L 00005ff0,600\n");
  LackeyOptions o = opts (1);
  PageTrace *t = import_and_load (log, &o, NULL);

  assert_records (t, big, G_N_ELEMENTS (big));
  ck_assert_int_eq (t->n_pages, 3);
  config_trace_unref (t);
  o.page_size = 256;
  t = import_and_load (log, &o, NULL);
  assert_records (t, small, G_N_ELEMENTS (small));
  ck_assert_int_eq (t->n_pages, 6);
  config_trace_unref (t);
}
END_TEST

/* A run of accesses to one page is one record; the instructions within the
 * run go to the next record, so no compute is lost. */
START_TEST (test_lackey_collapses_runs_on_one_page)
{
  GString *text = g_string_new (NULL);
  g_autofree char *log = NULL;
  LackeyOptions o = opts (1);
  LackeyStats st;
  PageTrace *t;

  for (int i = 0; i < 100; i++)
    g_string_append_printf (text, "I  00400000,4\n %c %08x,4\n", "LSM"[i % 3], 0x10000 + 8 * i);
  g_string_append (text, " L 00020000,8\n");
  log = tmp_write ("run.log", text->str);
  g_string_free (text, TRUE);
  t = import_and_load (log, &o, &st);
  ck_assert_uint_eq (t->n_records, 2);
  ck_assert_int_eq (t->compute_ns[0], 1);
  ck_assert_int_eq (t->compute_ns[1], 99);
  ck_assert_uint_eq (t->page[1], 1);
  ck_assert_uint_eq (st.accesses, 101);
  config_trace_unref (t);
}
END_TEST

/* --skip-records and --max-records: a window, renumbered from page 0, whose
 * first record computes from the last one left out. */
START_TEST (test_lackey_window)
{
  static const int64_t want[][2] = { { 0, 0 }, { 1, 1 } };
  LackeyOptions o = opts (1);
  LackeyStats st;
  g_autofree char *out = tmp_file ("t.trace");
  g_autofree char *text = NULL;
  PageTrace *t;

  o.skip_records = 2;
  o.max_records = 2;
  t = import_and_load (SMALL_LOG, &o, &st);
  assert_records (t, want, G_N_ELEMENTS (want));
  ck_assert_int_eq (t->n_pages, 2);
  ck_assert_uint_eq (st.window_instructions, 1);
  ck_assert (g_file_get_contents (out, &text, NULL, NULL));
  ck_assert_ptr_nonnull (strstr (text, "# A window of the run: its records 3 to 4 "
                                       "(import-lackey --skip-records 2 --max-records 2).\n"));
  config_trace_unref (t);

  o.skip_records = 5;
  o.max_records = 0;
  {
    g_autoptr (GError) err = NULL;
    ck_assert (!lackey_import (SMALL_LOG, out, &o, NULL, &err));
    ck_assert_str_eq (err->message, SMALL_LOG ": only 5 records, all left out by "
                      "--skip-records 5");
  }
}
END_TEST

/* A log that is not lackey's: the message names the log and the line, and
 * neither the output nor a temporary file is left. */
START_TEST (test_lackey_bad_logs)
{
  static const struct { const char *text; const char *message; } bad[] = {
    { "hello\n", "bad.log:1: not a lackey log: \"hello\" is neither" },
    { "==1== x\nI  00401000,3\n L 00602000,8\nprogram output\n",
      "bad.log:4: not a line of lackey's trace: \"program output\" (the program's own output "
      "mixed in?" },
    { "I  00401000,3\n L 0060200g,8\n", "bad.log:2: expected ADDR,SIZE (a hexadecimal address "
      "and a size in bytes from 1 to 1048576) after \"L\", got \" L 0060200g,8\"" },
    { " S 00602000\n", "bad.log:1: expected ADDR,SIZE" },
    { " M 00602000,0\n", "bad.log:1: expected ADDR,SIZE" },
    { "I  00401000,3x\n", "bad.log:1: expected ADDR,SIZE" },
    { " L 12345678901234567,4\n", "bad.log:1: expected ADDR,SIZE" },
    { " L ffffffffffffffff,2\n", "bad.log:1: the access runs past the end of the address space" },
    { "==1== Lackey\n==1== \n", "bad.log: no memory access in 2 lines of loads, stores or "
      "modifies (is it the log of valgrind --tool=lackey --trace-mem=yes?)" },
    { "", "bad.log: no memory access in 0 lines" },
    { "==12x== x\n", "bad.log:1: not a lackey log" },
  };
  LackeyOptions o = opts (1);

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *log = tmp_write ("bad.log", bad[i].text);
      g_autofree char *out = tmp_file ("out.trace");
      g_autofree char *want = g_strdup_printf ("%s/%s", tmpdir, bad[i].message);
      g_autoptr (GError) err = NULL;

      ck_assert_msg (!lackey_import (log, out, &o, NULL, &err), "case %zu imported", i);
      ck_assert_int_eq (err->code, LACKEY_ERROR_PARSE);
      ck_assert_msg (g_str_has_prefix (err->message, want), "case %zu: %s", i, err->message);
      ck_assert_msg (tmp_count () == 1, "case %zu left a file", i);
    }
}
END_TEST

START_TEST (test_lackey_unreadable)
{
  LackeyOptions o = opts (1);
  g_autofree char *out = tmp_file ("out.trace");
  g_autofree char *missing = tmp_file ("missing.log");
  g_autofree char *bad_out = tmp_file ("no/such/dir/out.trace");
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;
  g_autofree char *want = g_strdup_printf ("%s: no such file", missing);

  ck_assert (!lackey_import (missing, out, &o, NULL, &e1));
  ck_assert_int_eq (e1->code, LACKEY_ERROR_IO);
  ck_assert_str_eq (e1->message, want);
  ck_assert (!lackey_import (tmpdir, out, &o, NULL, &e2));
  ck_assert_ptr_nonnull (strstr (e2->message, "is a directory"));
  ck_assert (!lackey_import (SMALL_LOG, bad_out, &o, NULL, &e3));
  ck_assert_int_eq (e3->code, LACKEY_ERROR_OUTPUT);
  ck_assert_uint_eq (tmp_count (), 0);
}
END_TEST

/* ---- the reader --------------------------------------------------------- */

/* Each kind of damage is refused with its line. */
START_TEST (test_pagetrace_refuses_damage)
{
  static const struct { const char *text; const char *message; } bad[] = {
    { "", "t.trace:1: an empty file, not a page trace" },
    { "hello\n", "t.trace:1: not a page trace: the first line is \"hello\", not "
      "\"mksim-page-trace 1\"" },
    { "==1== Lackey\n", "t.trace:1: not a page trace but a lackey log, it seems" },
    { "mksim-page-trace 2\n", "t.trace:1: a page trace of version 2; this mksim reads "
      "version 1" },
    { "mksim-page-trace 1\npages 1\n", "t.trace:2: the header ends without \"records N\"" },
    { "mksim-page-trace 1\nrecords 1\n", "t.trace:2: the header needs \"pages N\" before" },
    { "mksim-page-trace 1\ncolour red\n", "t.trace:2: unknown header key \"colour\"" },
    { "mksim-page-trace 1\npages 1\npages 1\n", "t.trace:3: header key \"pages\" given twice" },
    { "mksim-page-trace 1\npages 0\n", "t.trace:2: pages must be a whole number from 1 to" },
    { "mksim-page-trace 1\npage_size 1000\n", "t.trace:2: page_size must be a power of two" },
    { "mksim-page-trace 1\nns_per_instr -1\n", "t.trace:2: ns_per_instr must be a number >= 0" },
    { "mksim-page-trace 1\nwith_code maybe\n", "t.trace:2: with_code must be yes or no" },
    { "mksim-page-trace 1\npages\n", "t.trace:2: expected a header line \"KEY VALUE\"" },
    { "mksim-page-trace 1\npages 2\nrecords 3\n0 0\n5 1\n",
      "t.trace:5: the file ends after 2 of the header's 3 records (a truncated file?)" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 0\n5 1\n1 0\n",
      "t.trace:6: more records than the header's 2" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 0\n5 1", "t.trace:5: the last line does not "
      "end with a line break (a truncated file?)" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 0\n5 x\n", "t.trace:5: expected a record "
      "\"COMPUTE_NS PAGE\" (two whole numbers and one space), got \"5 x\"" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 0\n-5 1\n", "t.trace:5: expected a record" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 0\n5  1\n", "t.trace:5: expected a record" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 1\n5 0\n", "t.trace:4: page 1 before page 0 "
      "(pages are numbered in the order of their first touch)" },
    { "mksim-page-trace 1\npages 2\nrecords 2\n0 0\n5 2\n", "t.trace:5: page 2, but the header "
      "says 2 pages (0 to 1)" },
    { "mksim-page-trace 1\npages 3\nrecords 2\n0 0\n5 1\n", "t.trace:5: the records touch 2 "
      "distinct pages, the header says 3" },
    { "mksim-page-trace 1\npages 1\nrecords 1\n1000000000000001 0\n", "t.trace:4: compute time "
      "1000000000000001 ns is more than 1000000000000000 ns" },
    { "mksim-page-trace 1\npages 1\nrecords 1\n99999999999999999999 0\n",
      "t.trace:4: expected a record" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = tmp_write ("t.trace", bad[i].text);
      g_autofree char *want = g_strdup_printf ("%s/%s", tmpdir, bad[i].message);
      g_autoptr (GError) err = NULL;
      PageTrace *t = pagetrace_load (path, &err);

      ck_assert_msg (t == NULL, "case %zu loaded", i);
      ck_assert_int_eq (err->code, PAGETRACE_ERROR_FORMAT);
      ck_assert_msg (g_str_has_prefix (err->message, want), "case %zu: %s", i, err->message);
    }
}
END_TEST

START_TEST (test_pagetrace_refuses_binary_and_long_lines)
{
  g_autofree char *path = tmp_file ("t.trace");
  g_autofree char *longline = g_strnfill (PAGETRACE_MAX_LINE + 1, 'x');
  g_autofree char *text = g_strdup_printf ("mksim-page-trace 1\n# %s\n", longline);
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;

  ck_assert (g_file_set_contents (path, "mksim-page-trace 1\npa\0ges 1\n", 27, NULL));
  ck_assert_ptr_null (pagetrace_load (path, &e1));
  ck_assert_ptr_nonnull (strstr (e1->message, ":2: a NUL byte"));
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  ck_assert_ptr_null (pagetrace_load (path, &e2));
  ck_assert_ptr_nonnull (strstr (e2->message, ":2: a line longer than 4096 bytes"));
  ck_assert_ptr_null (pagetrace_load (tmpdir, &e3));
  ck_assert_int_eq (e3->code, PAGETRACE_ERROR_IO);
  ck_assert_ptr_nonnull (strstr (e3->message, "is a directory"));
}
END_TEST

/* What the writer writes, the reader reads, comments and text values made
 * one line each. */
START_TEST (test_pagetrace_write_and_read)
{
  static const char *const comments[] = { "two\nlines", "", NULL };
  g_autofree char *path = tmp_file ("t.trace");
  g_autofree char *text = NULL;
  PageTraceHeader h = {
    .source = "a\tb.log", .command = "", .comments = comments, .page_size = 8192,
    .ns_per_instr = 0.25, .with_code = 1, .instructions = 7, .has_instructions = true,
    .pages = 2, .records = 3,
  };
  FILE *f = fopen (path, "w");
  g_autoptr (GError) err = NULL;
  PageTrace *t;

  pagetrace_write_header (f, &h);
  pagetrace_write_record (f, 5, 0);
  pagetrace_write_record (f, 0, 1);
  pagetrace_write_record (f, 1000000000000000, 0);
  fclose (f);
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  ck_assert_str_eq (text, "mksim-page-trace 1\n# two\n# lines\n#\nsource a?b.log\ncommand ?\n"
                    "page_size 8192\nns_per_instr 0.25\nwith_code yes\ninstructions 7\n"
                    "pages 2\nrecords 3\n5 0\n0 1\n1000000000000000 0\n");
  t = pagetrace_load (path, &err);
  ck_assert_msg (t != NULL, "%s", err ? err->message : "?");
  ck_assert_uint_eq (t->n_records, 3);
  ck_assert_int_eq (t->n_pages, 2);
  ck_assert_int_eq (t->compute_ns[2], 1000000000000000);
  ck_assert_str_eq (t->name, path);
  config_trace_unref (t);
}
END_TEST

/* ---- replay ----------------------------------------------------------- */

/* A scenario of `duration` replaying `trace` `repeat` times (JSON text) on
 * a managed dataspace of `pages` pages keeping `resident`, with zero costs. */
static char *
replay_json_for (const char *duration, const char *trace, int pages, int resident,
                 const char *repeat)
{
  return g_strdup_printf (
    "{ \"name\": \"replay\", \"duration\": \"%s\", \"kernel\": { " ZERO_COSTS " },"
    "  \"managers\": [ { \"name\": \"m\", \"service\": \"0ns\" } ],"
    "  \"dataspaces\": [ { \"name\": \"mem\", \"pages\": %d, \"manager\": \"m\","
    "                      \"resident\": %d } ],"
    "  \"processes\": [ { \"name\": \"p\", \"threads\": [ { \"name\": \"prog\", \"program\": ["
    "    { \"replay\": { \"trace\": \"%s\", \"dataspace\": \"mem\", \"repeat\": %s } } ] } ] } ] }",
    duration, pages, resident, trace, repeat);
}

static char *
replay_json (const char *trace, int pages, int resident, const char *repeat)
{
  return replay_json_for ("1s", trace, pages, resident, repeat);
}

/* The small log's trace: 5 records on 3 pages, 10 ns of compute. */
static char *
small_trace (double ns_per_instr)
{
  g_autofree char *out = tmp_file ("small.trace");
  LackeyOptions o = opts (ns_per_instr);
  g_autoptr (GError) err = NULL;

  ck_assert_msg (lackey_import (SMALL_LOG, out, &o, NULL, &err), "%s", err ? err->message : "");
  return g_steal_pointer (&out);
}

/* With nothing evicted (resident 0) and nothing costing time, each
 * distinct page faults once, however often the trace is played, under
 * every strategy; a record is one operation, and the thread's CPU time is
 * the trace's compute, once per pass. */
START_TEST (test_replay_one_fault_per_distinct_page)
{
  g_autofree char *trace = small_trace (1);
  g_autofree char *json = replay_json (trace, 3, 0, "4");
  const char *sets[] = { strategies[_i], NULL };
  RunResult *r = gf_run_json (json, sets, NULL);
  const ThreadResult *t = gf_thread (r, "p.prog[0]");

  ck_assert_uint_eq (r->faults.total, 3);
  ck_assert_uint_eq (r->faults.resolved, 3);
  ck_assert_uint_eq (t->faults, 3);
  ck_assert_uint_eq (t->ops_completed, 4 * 5);
  ck_assert_int_eq (t->cpu_ns, 4 * 10);
  ck_assert_int_eq (t->state, TS_DEAD);
  run_result_free (r);
}
END_TEST

/* One resident page and a trace that changes page at every record: every
 * record faults, on every pass. */
START_TEST (test_replay_faults_recur_when_few_pages_stay)
{
  g_autofree char *trace = tmp_write ("alt.trace", "mksim-page-trace 1\npages 2\nrecords 4\n"
                                      "10 0\n10 1\n10 0\n10 1\n");
  g_autofree char *json = replay_json (trace, 2, 1, "3");
  const char *sets[] = { strategies[_i], NULL };
  RunResult *r = gf_run_json (json, sets, NULL);
  const ThreadResult *t = gf_thread (r, "p.prog[0]");

  ck_assert_uint_eq (t->faults, 12);
  ck_assert_uint_eq (r->faults.resolved, 12);
  ck_assert_uint_eq (t->ops_completed, 12);
  ck_assert_int_eq (t->cpu_ns, 120);
  run_result_free (r);
}
END_TEST

/* "repeat" defaults to 1; "forever" plays until the run ends, and the
 * repeat around a replay starts it afresh each time. */
START_TEST (test_replay_repeat)
{
  g_autofree char *trace = small_trace (1);
  g_autofree char *once = g_strdup_printf (
    "{ \"name\": \"once\", \"duration\": \"1s\", \"kernel\": { " ZERO_COSTS " },"
    "  \"dataspaces\": [ { \"name\": \"mem\", \"pages\": 8 } ],"
    "  \"processes\": [ { \"name\": \"p\", \"threads\": [ { \"name\": \"prog\", \"program\": ["
    "    { \"repeat\": 2, \"do\": [ { \"replay\": { \"trace\": \"%s\", \"dataspace\": \"mem\" } },"
    "                             { \"compute\": \"1us\" } ] } ] } ] } ] }", trace);
  g_autofree char *forever = replay_json_for ("10us", trace, 3, 0, "\"forever\"");
  ScenarioConfig *c = NULL;
  RunResult *r = gf_run_json (once, NULL, &c);
  const ThreadResult *t = gf_thread (r, "p.prog[0]");

  ck_assert_int_eq (c->processes[0].threads[0].program[0].u.repeat.body[0].u.replay.count, 1);
  ck_assert_uint_eq (t->ops_completed, 2 * (5 + 1));
  ck_assert_int_eq (t->cpu_ns, 2 * (10 + 1000));
  ck_assert_uint_eq (t->faults, 3);
  run_result_free (r);
  scenario_free (c);

  r = gf_run_json (forever, NULL, &c);
  t = gf_thread (r, "p.prog[0]");
  ck_assert_int_eq (c->processes[0].threads[0].program[0].u.replay.count, -1);
  /* Pass k completes its records at 10k + 2, 5, 5, 6 and 10 ns: in [0, 10 us)
   * 999 passes and 4 records of the thousandth. */
  ck_assert_uint_eq (t->ops_completed, 999 * 5 + 4);
  ck_assert_int_ne (t->state, TS_DEAD);
  ck_assert_uint_eq (t->faults, 3);
  run_result_free (r);
  scenario_free (c);
}
END_TEST

/* Two ops naming one file share one copy of the trace. */
START_TEST (test_replay_shares_a_trace)
{
  g_autofree char *trace = small_trace (1);
  g_autofree char *json = g_strdup_printf (
    "{ \"name\": \"two\", \"duration\": \"1s\","
    "  \"dataspaces\": [ { \"name\": \"a\", \"pages\": 3 }, { \"name\": \"b\", \"pages\": 4 } ],"
    "  \"processes\": [ { \"name\": \"p\", \"threads\": [ { \"name\": \"prog\", \"program\": ["
    "    { \"replay\": { \"trace\": \"%s\", \"dataspace\": \"a\" } },"
    "    { \"replay\": { \"trace\": \"%s\", \"dataspace\": \"b\", \"repeat\": 2 } } ] } ] } ] }",
    trace, trace);
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_data ("two", json, strlen (json), NULL, &err);
  const Op *ops;

  ck_assert_msg (c != NULL, "%s", err ? err->message : "?");
  ops = c->processes[0].threads[0].program;
  ck_assert_int_eq (ops[0].kind, OP_REPLAY);
  ck_assert_ptr_eq (ops[0].u.replay.trace, ops[1].u.replay.trace);
  ck_assert_int_eq (ops[0].u.replay.trace->refs, 2);
  ck_assert_int_eq (ops[0].u.replay.dataspace, 0);
  ck_assert_int_eq (ops[1].u.replay.dataspace, 1);
  ck_assert_int_eq (ops[1].u.replay.count, 2);
  scenario_free (c);
}
END_TEST

/* A relative trace path starts from the scenario file's folder; given as
 * text, from the current directory. */
START_TEST (test_replay_relative_paths)
{
  g_autofree char *trace = small_trace (1);
  g_autofree char *json = replay_json ("small.trace", 3, 0, "1");
  g_autofree char *scenario = tmp_write ("s.json", json);
  g_autoptr (GError) err = NULL;
  g_autoptr (GError) err2 = NULL;
  ScenarioConfig *c = scenario_load_file (scenario, NULL, &err);

  ck_assert_msg (c != NULL, "%s", err ? err->message : "?");
  ck_assert_str_eq (c->processes[0].threads[0].program[0].u.replay.trace->name, trace);
  scenario_free (c);
  c = scenario_load_data ("text", json, strlen (json), NULL, &err2);
  ck_assert_ptr_null (c);
  ck_assert_ptr_nonnull (strstr (err2->message, "replay.trace: small.trace: no such file (a "
                                 "relative path starts from the current directory)"));
}
END_TEST

/* The loader's messages: the dataspace too small names both numbers and
 * the JSON path; a damaged trace its path and line. */
START_TEST (test_replay_loader_errors)
{
  g_autofree char *trace = small_trace (1);
  g_autofree char *small = replay_json (trace, 2, 0, "1");
  g_autofree char *damaged = tmp_write ("bad.trace", "mksim-page-trace 1\npages 1\nrecords 2\n"
                                        "0 0\n");
  g_autofree char *bad = replay_json (damaged, 2, 0, "1");
  g_autofree char *zero = replay_json (trace, 3, 0, "0");
  g_autofree char *want1 = g_strdup_printf ("processes[0].threads[0].program[0].replay."
                                            "dataspace: dataspace \"mem\" has 2 pages, fewer "
                                            "than the 3 pages of the trace %s (give it "
                                            "\"pages\": 3 or more)", trace);
  g_autofree char *want2 = g_strdup_printf ("processes[0].threads[0].program[0].replay.trace: "
                                            "%s:4: the file ends after 1 of the header's 2 "
                                            "records", damaged);
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;

  ck_assert_ptr_null (scenario_load_data ("t", small, strlen (small), NULL, &e1));
  ck_assert_msg (strstr (e1->message, want1) != NULL, "%s", e1->message);
  ck_assert_ptr_null (scenario_load_data ("t", bad, strlen (bad), NULL, &e2));
  ck_assert_msg (strstr (e2->message, want2) != NULL, "%s", e2->message);
  ck_assert_ptr_null (scenario_load_data ("t", zero, strlen (zero), NULL, &e3));
  ck_assert_msg (strstr (e3->message, "replay.repeat: ") != NULL, "%s", e3->message);
}
END_TEST

/* The bundled traces load, and the lesson's dataspaces hold them. */
START_TEST (test_replay_bundled_traces)
{
  g_autoptr (GError) err = NULL;
  PageTrace *gz = pagetrace_load ("scenarios/traces/gzip.trace", &err);
  PageTrace *cc = gz != NULL ? pagetrace_load ("scenarios/traces/cc1.trace", &err) : NULL;
  ScenarioConfig *c;

  ck_assert_msg (cc != NULL, "%s", err ? err->message : "?");
  ck_assert_int_ge (gz->n_records, 10000);
  ck_assert_int_ge (cc->n_records, 10000);
  config_trace_unref (gz);
  config_trace_unref (cc);
  c = scenario_load_file ("scenarios/traces.json", NULL, &err);
  ck_assert_msg (c != NULL, "%s", err ? err->message : "?");
  scenario_free (c);
}
END_TEST

Suite *
pagetrace_suite (void)
{
  Suite *s = suite_create ("pagetrace");
  TCase *tc = tcase_create ("lackey");

  tcase_add_checked_fixture (tc, tmp_setup, tmp_teardown);
  tcase_add_test (tc, test_lackey_import_small_log);
  tcase_add_test (tc, test_lackey_rounds_the_running_total);
  tcase_add_test (tc, test_lackey_with_code);
  tcase_add_test (tc, test_lackey_page_crossing);
  tcase_add_test (tc, test_lackey_collapses_runs_on_one_page);
  tcase_add_test (tc, test_lackey_window);
  tcase_add_test (tc, test_lackey_bad_logs);
  tcase_add_test (tc, test_lackey_unreadable);
  suite_add_tcase (s, tc);

  tc = tcase_create ("format");
  tcase_add_checked_fixture (tc, tmp_setup, tmp_teardown);
  tcase_add_test (tc, test_pagetrace_refuses_damage);
  tcase_add_test (tc, test_pagetrace_refuses_binary_and_long_lines);
  tcase_add_test (tc, test_pagetrace_write_and_read);
  suite_add_tcase (s, tc);

  tc = tcase_create ("replay");
  tcase_add_checked_fixture (tc, tmp_setup, tmp_teardown);
  tcase_add_loop_test (tc, test_replay_one_fault_per_distinct_page, 0, G_N_ELEMENTS (strategies));
  tcase_add_loop_test (tc, test_replay_faults_recur_when_few_pages_stay, 0,
                       G_N_ELEMENTS (strategies));
  tcase_add_test (tc, test_replay_repeat);
  tcase_add_test (tc, test_replay_shares_a_trace);
  tcase_add_test (tc, test_replay_relative_paths);
  tcase_add_test (tc, test_replay_loader_errors);
  tcase_add_test (tc, test_replay_bundled_traces);
  suite_add_tcase (s, tc);
  return s;
}
