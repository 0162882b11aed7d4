/* Tests of `mksim compare` and `mksim sweep` (sim/compare.c, running
 * sim/batch.c, sim/batch_report.c and sim/compare_plots.c) and of the
 * gnuplot driver (sim/plot.c): parsing of --param and --strategies, results
 * that do not depend on --jobs or on --plot, the shape of the JSON and the
 * tables, exit statuses, the files --plot writes, and that no scenario text
 * reaches a gnuplot script in a form gnuplot would execute.  Means and
 * intervals are tests/check_batch.c's.
 *
 * The runs use two small scenarios written by the fixture (one paging, one
 * GUI) rather than the bundled ones, so their lessons can change freely. */
#include <check.h>
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/config.h"
#include "models/result.h"
#include "sim/compare.h"
#include "sim/plot.h"
#include "sim/engine/stats.h"

/* ---- fixtures --------------------------------------------------------- */

/* The paging scenario's manager hangs at 20 ms: faults on heap stay
 * unresolved to the end under every strategy. */
#define PAGING_HANG "managers[0].behavior={\"kind\":\"hang\",\"after\":\"20ms\"}"

static const char paging_scenario[] =
  "{ \"name\": \"compare-small\", \"seed\": 7, \"duration\": \"40ms\",\n"
  "  \"managers\": [ { \"name\": \"swap\", \"priority\": 100, \"service\": { \"exp\": \"20us\" },\n"
  "                  \"behavior\": { \"kind\": \"ok\" } } ],\n"
  "  \"dataspaces\": [ { \"name\": \"heap\", \"pages\": 64, \"manager\": \"swap\", \"resident\": 16 } ],\n"
  "  \"servers\": [ { \"name\": \"echo\", \"priority\": 100, \"threads\": 1, \"service\": \"10us\" } ],\n"
  "  \"processes\": [ { \"name\": \"app\", \"threads\": [\n"
  "    { \"name\": \"worker\", \"count\": 2, \"priority\": 50, \"program\": [\n"
  "      { \"repeat\": \"forever\", \"do\": [\n"
  "        { \"compute\": { \"exp\": \"200us\" } },\n"
  "        { \"call\": { \"server\": \"echo\" } },\n"
  "        { \"touch\": { \"dataspace\": \"heap\", \"pattern\": \"random\" } } ] } ] } ] } ] }\n";

static const char gui_scenario[] =
  "{ \"name\": \"compare-gui\", \"duration\": \"100ms\",\n"
  "  \"processes\": [ { \"name\": \"load\", \"threads\": [\n"
  "    { \"name\": \"busy\", \"count\": 1, \"priority\": 50, \"program\": [ { \"compute\": \"forever\" } ] } ] } ],\n"
  "  \"gui\": { \"events\": { \"exp\": \"5ms\" },\n"
  "           \"clients\": [ { \"name\": \"term\", \"priority\": 50, \"handle\": \"100us\" } ] } }\n";

/* GUI input with a client that stops receiving at 100 ms: under
 * ipc-timeout the server's sends to it time out, under async-signal its
 * buffer overflows.  Its latency grows with the IPC timeout from about a
 * millisecond to most of a second. */
static const char gui_hang_scenario[] =
  "{ \"name\": \"compare-gui-hang\", \"duration\": \"1s\", \"kernel\": { \"time_slice\": \"10ms\" },\n"
  "  \"processes\": [ { \"name\": \"load\", \"threads\": [\n"
  "    { \"name\": \"busy\", \"count\": 1, \"priority\": 50, \"program\": [ { \"compute\": \"forever\" } ] } ] } ],\n"
  "  \"gui\": { \"priority\": 200, \"events\": { \"exp\": \"5ms\" },\n"
  "           \"clients\": [ { \"name\": \"term\", \"priority\": 50, \"handle\": \"100us\" },\n"
  "                        { \"name\": \"stuck\", \"priority\": 100, \"handle\": \"100us\",\n"
  "                          \"behavior\": { \"kind\": \"hang\", \"after\": \"100ms\" } } ] } }\n";

static char *tmpdir;
static char *paging_path;
static char *gui_path;
static char *gui_hang_path;

static void
files_setup (void)
{
  tmpdir = g_dir_make_tmp ("mksim-compare-XXXXXX", NULL);
  ck_assert_ptr_nonnull (tmpdir);
  paging_path = g_build_filename (tmpdir, "paging.json", NULL);
  gui_path = g_build_filename (tmpdir, "gui.json", NULL);
  gui_hang_path = g_build_filename (tmpdir, "gui-hang.json", NULL);
  ck_assert (g_file_set_contents (paging_path, paging_scenario, -1, NULL));
  ck_assert (g_file_set_contents (gui_path, gui_scenario, -1, NULL));
  ck_assert (g_file_set_contents (gui_hang_path, gui_hang_scenario, -1, NULL));
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (d != NULL)
        g_dir_close (d);
    }
  g_remove (path);
}

static void
files_teardown (void)
{
  remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&paging_path, g_free);
  g_clear_pointer (&gui_path, g_free);
  g_clear_pointer (&gui_hang_path, g_free);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Runs a subcommand on a NULL-terminated argument list (argv[0] is its name). */
static int
run_command (int (*main_fn) (int, char **), const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) argv = NULL;
  va_list ap;
  int argc;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (args, NULL);
  argc = (int) args->len - 1;
  argv = (GStrv) g_ptr_array_free (g_steal_pointer (&args), FALSE);
  /* GOption may reorder and drop entries of argv: keep the strings to free. */
  {
    g_autofree char **view = g_memdup2 (argv, sizeof (char *) * (size_t) (argc + 1));

    return main_fn (argc, view);
  }
}

/* Sends standard output to `path` until stdout_restore(); returns what to
 * give it.  (Each test runs in its own process.) */
static int
stdout_redirect (const char *path)
{
  int saved, fd;

  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ck_assert_int_ge (saved, 0);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_ge (dup2 (fd, STDOUT_FILENO), 0);
  close (fd);
  return saved;
}

static void
stdout_restore (int saved)
{
  fflush (stdout);
  ck_assert_int_ge (dup2 (saved, STDOUT_FILENO), 0);
  close (saved);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL), "cannot read %s", path);
  return text;
}

static cJSON *
read_json (const char *path)
{
  g_autofree char *text = read_text (path);
  cJSON *json = cJSON_Parse (text);

  ck_assert_msg (json != NULL, "%s is not JSON", path);
  return json;
}

static bool
have_gnuplot (void)
{
  g_autofree char *gnuplot = g_find_program_in_path ("gnuplot");

  return gnuplot != NULL;
}

static void
assert_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  ck_assert_msg (g_file_test (path, G_FILE_TEST_IS_REGULAR), "%s is missing", path);
}

/* A drawn figure: data, script, a real PNG and an SVG. */
static void
assert_figure (const char *dir, const char *name, bool images)
{
  g_autofree char *dat = g_strdup_printf ("%s.dat", name);
  g_autofree char *gp = g_strdup_printf ("%s.gp", name);
  g_autofree char *png = g_strdup_printf ("%s/%s.png", dir, name);
  g_autofree char *svg = g_strdup_printf ("%s/%s.svg", dir, name);

  assert_file (dir, dat);
  assert_file (dir, gp);
  if (images)
    {
      g_autofree char *png_bytes = NULL, *svg_text = NULL;
      gsize len = 0;

      ck_assert_msg (g_file_get_contents (png, &png_bytes, &len, NULL), "%s is missing", png);
      ck_assert_uint_gt (len, 1000);
      ck_assert_mem_eq (png_bytes, "\x89PNG", 4);
      svg_text = read_text (svg);
      ck_assert_ptr_nonnull (strstr (svg_text, "<svg"));
    }
  else
    {
      ck_assert (!g_file_test (png, G_FILE_TEST_EXISTS));
      ck_assert (!g_file_test (svg, G_FILE_TEST_EXISTS));
    }
}

/* ---- parsing ---------------------------------------------------------- */

START_TEST (test_param_splits_values)
{
  g_autofree char *path = NULL;
  g_auto (GStrv) values = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert (compare_parse_param ("kernel.ipc_timeout= 1ms,5ms ,50ms", &path, &values, &error));
  ck_assert_str_eq (path, "kernel.ipc_timeout");
  ck_assert_uint_eq (g_strv_length (values), 3);
  ck_assert_str_eq (values[0], "1ms");
  ck_assert_str_eq (values[1], "5ms");
  ck_assert_str_eq (values[2], "50ms");
}
END_TEST

START_TEST (test_param_keeps_json_values_whole)
{
  g_autofree char *path = NULL;
  g_auto (GStrv) values = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert (compare_parse_param ("managers[0].service={\"exp\":\"20us\"},"
                                  "{\"uniform\":[\"1us\",\"2us\"]},\"a,b\"", &path, &values,
                                  &error));
  ck_assert_str_eq (path, "managers[0].service");
  ck_assert_uint_eq (g_strv_length (values), 3);
  ck_assert_str_eq (values[0], "{\"exp\":\"20us\"}");
  ck_assert_str_eq (values[1], "{\"uniform\":[\"1us\",\"2us\"]}");
  ck_assert_str_eq (values[2], "\"a,b\"");
}
END_TEST

START_TEST (test_param_rejects_bad_specs)
{
  const char *bad[] = {
    "kernel.ipc_timeout",          /* no '=' */
    "=1ms,2ms",                    /* no path */
    "kernel.ipc_timeout=",         /* no value */
    "kernel.ipc_timeout=1ms,,2ms", /* an empty value */
    "kernel.ipc_timeout=1ms,",     /* an empty last value */
    "kernel.ipc_timeout=1ms,1ms",  /* twice */
    "x=[1,2",                      /* unbalanced */
    "x=1],2",
    "x=\"a,b",
    "strategy=sync-rpc,async-signal",
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = NULL;
      g_auto (GStrv) values = NULL;
      g_autoptr (GError) error = NULL;

      ck_assert_msg (!compare_parse_param (bad[i], &path, &values, &error), "accepted '%s'",
                     bad[i]);
      ck_assert_ptr_nonnull (error);
      ck_assert_ptr_null (path);
      ck_assert_ptr_null (values);
    }
}
END_TEST

START_TEST (test_strategies_parse)
{
  int ks[4];
  size_t n;
  g_autoptr (GError) error = NULL;

  ck_assert (compare_parse_strategies ("all", ks, &n, &error));
  ck_assert_uint_eq (n, 4);
  ck_assert (compare_parse_strategies (NULL, ks, &n, &error));
  ck_assert_uint_eq (n, 4);
  ck_assert (compare_parse_strategies ("ipc-timeout,async-signal", ks, &n, &error));
  ck_assert_uint_eq (n, 2);
  ck_assert_int_eq (ks[0], strategy_from_name ("ipc-timeout"));
  ck_assert_int_eq (ks[1], strategy_from_name ("async-signal"));
  ck_assert (!compare_parse_strategies ("sync-rpc,nope", ks, &n, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);
  ck_assert (!compare_parse_strategies ("sync-rpc,sync-rpc", ks, &n, &error));
}
END_TEST

/* ---- compare ---------------------------------------------------------- */

START_TEST (test_compare_same_json_whatever_jobs)
{
  g_autofree char *j1 = tmp_path ("j1.json"), *j2 = tmp_path ("j2.json");
  g_autofree char *c1 = tmp_path ("c1.csv"), *c2 = tmp_path ("c2.csv");
  g_autofree char *t1 = NULL, *t2 = NULL, *s1 = NULL, *s2 = NULL;

  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--runs", "3", "--jobs",
                                 "1", "--json", j1, "--csv", c1, "--quiet", NULL), 0);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--runs", "3", "--jobs",
                                 "2", "--json", j2, "--csv", c2, "--quiet", NULL), 0);
  t1 = read_text (j1);
  t2 = read_text (j2);
  ck_assert_str_eq (t1, t2);
  s1 = read_text (c1);
  s2 = read_text (c2);
  ck_assert_str_eq (s1, s2);
  /* The one wall-clock figure is left out, so the bytes can be equal. */
  ck_assert_ptr_null (strstr (t1, "wall_s"));
}
END_TEST

/* Results in (strategy, replication) order on seeds seed .. seed+R-1, and a
 * summary that is the mean and CI of those results. */
START_TEST (test_compare_json_order_and_summary)
{
  g_autofree char *jpath = tmp_path ("c.json");
  cJSON *json, *results, *summary;
  const char *order[] = { "sync-rpc", "async-signal" };
  double totals[3];

  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--strategies",
                                 "sync-rpc,async-signal", "--runs", "3", "--json", jpath, "-q",
                                 NULL), 0);
  json = read_json (jpath);
  results = cJSON_GetObjectItem (json, "results");
  ck_assert_int_eq (cJSON_GetArraySize (results), 6);
  ck_assert_str_eq (cJSON_GetObjectItem (json, "scenario")->valuestring, "compare-small");
  ck_assert_int_eq (cJSON_GetObjectItem (json, "runs")->valueint, 3);
  summary = cJSON_GetObjectItem (json, "summary");
  for (int s = 0; s < 2; s++)
    {
      cJSON *fig;
      double mean, half;

      for (int r = 0; r < 3; r++)
        {
          cJSON *run = cJSON_GetArrayItem (results, s * 3 + r);

          ck_assert_str_eq (cJSON_GetObjectItem (run, "strategy")->valuestring, order[s]);
          ck_assert_int_eq (cJSON_GetObjectItem (run, "seed")->valueint, 7 + r);
          ck_assert_ptr_null (cJSON_GetObjectItem (run, "wall_s"));
          totals[r] = cJSON_GetObjectItem (cJSON_GetObjectItem (run, "faults"), "total")->valuedouble;
        }
      stats_ci95 (totals, 3, &mean, &half);
      fig = cJSON_GetObjectItem (cJSON_GetObjectItem (summary, order[s]), "faults.total");
      ck_assert_ptr_nonnull (fig);
      ck_assert_double_eq_tol (cJSON_GetObjectItem (fig, "mean")->valuedouble, mean, 1e-3);
      ck_assert_double_eq_tol (cJSON_GetObjectItem (fig, "ci95")->valuedouble, half, 1e-3);
      ck_assert (mean > 0);
    }
  /* Different seeds, different runs: the replications are not copies. */
  ck_assert (totals[0] != totals[1] || totals[1] != totals[2]);
  cJSON_Delete (json);
}
END_TEST

START_TEST (test_compare_gui_leaves_out_local_rm)
{
  g_autofree char *jpath = tmp_path ("g.json");
  cJSON *json, *results, *skipped;

  ck_assert_int_eq (run_command (compare_main, "compare", gui_path, "--json", jpath, "-q",
                                 NULL), 0);
  json = read_json (jpath);
  results = cJSON_GetObjectItem (json, "results");
  ck_assert_int_eq (cJSON_GetArraySize (results), 3);
  for (int i = 0; i < 3; i++)
    ck_assert_str_ne (cJSON_GetObjectItem (cJSON_GetArrayItem (results, i),
                                           "strategy")->valuestring, "local-region-mapper");
  skipped = cJSON_GetObjectItem (json, "skipped");
  ck_assert_int_eq (cJSON_GetArraySize (skipped), 1);
  ck_assert_str_eq (cJSON_GetObjectItem (cJSON_GetArrayItem (skipped, 0),
                                         "strategy")->valuestring, "local-region-mapper");
  cJSON_Delete (json);

  /* Asked for alone, nothing is left to run. */
  ck_assert_int_eq (run_command (compare_main, "compare", gui_path, "--strategies",
                                 "local-region-mapper", "-q", NULL), 2);
}
END_TEST

START_TEST (test_compare_bad_usage)
{
  g_autofree char *missing = tmp_path ("missing.json");
  g_autofree char *plots = tmp_path ("plots");

  ck_assert_int_eq (run_command (compare_main, "compare", NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, paging_path, NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", missing, NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--runs", "0", NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--jobs", "0", NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--strategies", "fast",
                                 NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--set",
                                 "kernel.no_such_key=1", NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--timeline",
                                 "1ms,2ms", NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--plot", plots,
                                 "--timeline", "5ms,1ms", NULL), 2);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--no-such-option",
                                 NULL), 2);
}
END_TEST

START_TEST (test_compare_output_failure_exits_1)
{
  g_autofree char *bad = g_build_filename (tmpdir, "no", "such", "dir", "r.json", NULL);

  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--json", bad, "-q",
                                 NULL), 1);
  ck_assert (!g_file_test (bad, G_FILE_TEST_EXISTS));
}
END_TEST

/* Runs cut short are written, marked, and the status says so. */
START_TEST (test_compare_max_events_exits_1)
{
  g_autofree char *jpath = tmp_path ("cut.json");
  g_autofree char *text = NULL;

  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--set",
                                 "max_events=100", "--json", jpath, "-q", NULL), 1);
  ck_assert (g_file_get_contents (jpath, &text, NULL, NULL));
  ck_assert_ptr_nonnull (strstr (text, "\n  \"incomplete\": true,\n  \"stopped\": \"4 of 4 runs "
                                       "stopped before their end\",\n  \"missing\": [],"));
  ck_assert_ptr_nonnull (strstr (text, "\"stopped\": \"the max_events guard (100 events)"));
}
END_TEST

/* ---- the table --------------------------------------------------------- */

/* Is there a row `label` in the table `text` (the label at the start of a
 * line, then the padding before the first cell)? */
static bool
table_has_row (const char *text, const char *label)
{
  g_autofree char *needle = g_strdup_printf ("\n%s  ", label);

  return strstr (text, needle) != NULL;
}

/* Runs compare with `args` (NULL-terminated after the scenario) and returns
 * its table. */
static char *
compare_table (const char *scenario, const char *strategies, const char *json)
{
  g_autofree char *out = tmp_path ("table.txt");
  int saved = stdout_redirect (out);
  int status = run_command (compare_main, "compare", scenario, "--strategies", strategies,
                            "--json", json, NULL);

  stdout_restore (saved);
  ck_assert_int_eq (status, 0);
  return read_text (out);
}

/* The summary's mean of `key` for `strategy` in compare JSON `path`. */
static double
summary_mean (const char *path, const char *strategy, const char *key)
{
  cJSON *json = read_json (path);
  cJSON *fig = cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (json, "summary"),
                                                          strategy), key);
  double mean;

  ck_assert_msg (fig != NULL, "no %s for %s in %s", key, strategy, path);
  mean = cJSON_GetObjectItem (fig, "mean")->valuedouble;
  cJSON_Delete (json);
  return mean;
}

/* In a paging scenario the figures a lesson points to are rows even when
 * they are 0 under every strategy; GUI rows are not. */
START_TEST (test_compare_table_keeps_paging_key_rows)
{
  g_autofree char *json = tmp_path ("keys.json");
  g_autofree char *table = compare_table (paging_path, "async-signal", json);
  const char *zero_rows[] = { "faults unresolved", "innocent threads stalled", "core blocked",
                              "core longest stall" };
  const char *keys[] = { "faults.unresolved", "faults.innocent.stalled_threads",
                         "core.blocked_ns", "core.max_stall_ns" };

  for (size_t i = 0; i < G_N_ELEMENTS (zero_rows); i++)
    {
      /* 0 here, so the row is there because it is a key row */
      ck_assert_double_eq (summary_mean (json, "async-signal", keys[i]), 0.0);
      ck_assert_msg (table_has_row (table, zero_rows[i]), "no row '%s' in:\n%s", zero_rows[i],
                     table);
    }
  /* C11's figures: heap is a managed dataspace, one RM session. */
  ck_assert_double_eq (summary_mean (json, "async-signal", "core.rm_sessions"), 1.0);
  ck_assert (table_has_row (table, "RM sessions"));
  ck_assert (table_has_row (table, "RM-session quota"));
  ck_assert (table_has_row (table, "faults resolved"));
  /* Rows that are 0 and no key of this scenario stay hidden. */
  ck_assert (!table_has_row (table, "GUI events dropped"));
  ck_assert (!table_has_row (table, "GUI longest freeze"));
  ck_assert (!table_has_row (table, "faults dropped"));
}
END_TEST

START_TEST (test_compare_table_keeps_gui_key_rows)
{
  g_autofree char *json = tmp_path ("gui-keys.json");
  g_autofree char *table = compare_table (gui_path, "async-signal", json);

  ck_assert_double_eq (summary_mean (json, "async-signal", "gui.dropped"), 0.0);
  ck_assert_double_eq (summary_mean (json, "async-signal", "gui.max_freeze_ns"), 0.0);
  ck_assert_msg (table_has_row (table, "GUI events dropped"), "%s", table);
  ck_assert (table_has_row (table, "GUI longest freeze"));
  /* No dataspaces: the paging key rows are not this scenario's. */
  ck_assert (!table_has_row (table, "faults unresolved"));
  ck_assert (!table_has_row (table, "core blocked"));
  ck_assert (!table_has_row (table, "innocent threads stalled"));
}
END_TEST

/* ---- plots ------------------------------------------------------------ */

typedef struct {
  double x, y, z;                /* z: a third column, NAN if none */
} DatPoint;

/* The data lines of a plot's .dat, one GArray of DatPoint per block
 * (blocks are separated by blank lines). */
static GPtrArray *
dat_blocks (const char *path)
{
  g_autofree char *text = read_text (path);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *block = NULL;

  for (char **l = lines; *l != NULL; l++)
    {
      DatPoint pt;

      if ((*l)[0] == '\0')
        {
          block = NULL;
          continue;
        }
      pt.z = NAN;
      if ((*l)[0] == '#' || sscanf (*l, "%lf %lf %lf", &pt.x, &pt.y, &pt.z) < 2)
        continue;
      if (block == NULL)
        {
          block = g_array_new (FALSE, FALSE, sizeof pt);
          g_ptr_array_add (blocks, block);
        }
      g_array_append_val (block, pt);
    }
  return blocks;
}

static double
block_y (GArray *block, guint i)
{
  return g_array_index (block, DatPoint, i).y;
}

static double
block_x (GArray *block, guint i)
{
  return g_array_index (block, DatPoint, i).x;
}

static double
block_z (GArray *block, guint i)
{
  return g_array_index (block, DatPoint, i).z;
}

/* The number a script sets `name` to ("name = 12.5\n"); NAN if it does not. */
static double
script_number (const char *script, const char *name)
{
  g_autofree char *pat = g_strdup_printf ("\n%s = ", name);
  const char *at = strstr (script, pat);

  return at != NULL ? g_ascii_strtod (at + strlen (pat), NULL) : NAN;
}

/* The curve counts the cases without a sample: it reaches n / n_total at
 * its largest sample, runs flat to the end of the run and steps up to 1
 * there, into the band at the right edge; in the tail's column those cases
 * stay undone to the right edge.  A curve with no sample lies at 0 until
 * that step; one with no case at all is left out.  Without such cases there
 * is no band, and the axis ends at the decade above the largest sample. */
START_TEST (test_plot_cdf_counts_cases_without_a_sample)
{
  g_autofree char *dir = tmp_path ("cdf-unit");
  g_autofree char *dat = g_build_filename (dir, "cdf.dat", NULL);
  g_autofree char *gp = g_build_filename (dir, "cdf.gp", NULL);
  g_autofree char *tail_gp = g_build_filename (dir, "tail.gp", NULL);
  g_autofree char *done_gp = g_build_filename (dir, "done.gp", NULL);
  g_autofree char *script = NULL, *tail = NULL, *done_script = NULL, *data = NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  g_autoptr (PlotSet) p = NULL;
  g_autoptr (GError) error = NULL;
  const int64_t done[] = { 1000, 2000, 3000, 4000 };
  const int64_t all[] = { 1500, 2500 };
  const PlotCdf series[] = {
    { .name = "sync-rpc", .label = "sync-rpc (4 of 8 never resolved)", .samples = done, .n = 4,
      .n_total = 8 },
    { .name = "async-signal", .samples = all, .n = 2 },
    { .name = "ipc-timeout", .label = "ipc-timeout (3 of 3 never resolved)", .n = 0,
      .n_total = 3 },
    { .name = "local-region-mapper", .n = 0 },
  };
  const PlotText text = { "t", "x", "y" };
  /* µs on the axis; the run lasted 100 µs */
  const PlotCdfAxis axis = { .scale = 1e-3, .end_ns = 100000, .never = "never resolved",
                             .end = "end of run, 100.00 µs" };

  g_setenv ("MKSIM_GNUPLOT", "", TRUE);
  p = plot_set_new (dir, &error);
  g_unsetenv ("MKSIM_GNUPLOT");
  ck_assert_ptr_nonnull (p);
  ck_assert (plot_cdf (p, "cdf", &text, series, G_N_ELEMENTS (series), &axis, &error));
  ck_assert (plot_cdf_tail (p, "tail", &text, series, G_N_ELEMENTS (series), &axis, &error));
  ck_assert (plot_cdf (p, "done", &text, &series[1], 1, &axis, &error));

  blocks = dat_blocks (dat);
  ck_assert_uint_eq (blocks->len, 3);
  {
    GArray *b = blocks->pdata[0];   /* sync-rpc: 4 of 8 */

    ck_assert_double_eq_tol (block_y (b, 0), 0.0, 1e-12);
    ck_assert_double_eq_tol (block_y (b, 1), 0.125, 1e-9);
    ck_assert_double_eq_tol (block_y (b, 4), 0.5, 1e-9);
    ck_assert_double_eq_tol (block_x (b, 4), 4.0, 1e-9);
    ck_assert_double_eq_tol (block_z (b, 4), 0.5, 1e-9);
    /* flat to the end of the run, 100 µs, a step to 1 there, flat across
     * the band; the tail's column stays at the half never resolved */
    ck_assert_uint_eq (b->len, 7);
    ck_assert_double_eq_tol (block_x (b, 5), 100.0, 1e-9);
    ck_assert_double_eq_tol (block_y (b, 5), 1.0, 1e-9);
    ck_assert_double_eq_tol (block_z (b, 5), 0.5, 1e-9);
    ck_assert_double_eq_tol (block_x (b, 6), 250.0, 1e-9);
    ck_assert_double_eq_tol (block_y (b, 6), 1.0, 1e-9);
    ck_assert_double_eq_tol (block_z (b, 6), 0.5, 1e-9);
  }
  {
    GArray *b = blocks->pdata[1];   /* async-signal: every case has a sample */

    ck_assert_double_eq_tol (block_y (b, b->len - 1), 1.0, 1e-9);
    ck_assert_double_eq_tol (block_z (b, b->len - 1), 0.0, 1e-9);
    ck_assert_double_eq_tol (block_x (b, b->len - 1), 2.5, 1e-9);
  }
  {
    GArray *b = blocks->pdata[2];   /* ipc-timeout: none of 3 */

    for (guint i = 0; i + 2 < b->len; i++)
      ck_assert_double_eq (block_y (b, i), 0.0);
    ck_assert_double_eq_tol (block_x (b, b->len - 2), 100.0, 1e-9);
    ck_assert_double_eq_tol (block_y (b, b->len - 2), 1.0, 1e-9);
    ck_assert_double_eq_tol (block_z (b, b->len - 1), 1.0, 1e-9);
  }
  data = read_text (dat);
  ck_assert_ptr_nonnull (strstr (data, "# never done: 4 of 8 cases, the step at the end of the "
                                 "run (x = 100)"));
  script = read_text (gp);
  ck_assert_ptr_nonnull (strstr (script, "array labels[3] = ['sync-rpc (4 of 8 never resolved)', "
                                 "'async-signal', 'ipc-timeout (3 of 3 never resolved)']"));
  ck_assert_ptr_nonnull (strstr (script, "array names[3] = ['sync-rpc', 'async-signal', "
                                 "'ipc-timeout']"));
  ck_assert_double_eq_tol (script_number (script, "xend"), 100.0, 1e-9);
  ck_assert_double_eq_tol (script_number (script, "xmax"), 250.0, 1e-9);
  ck_assert_double_eq (script_number (script, "band"), 1);
  ck_assert_ptr_nonnull (strstr (script, "never_label = 'never resolved'\n"));
  ck_assert_ptr_nonnull (strstr (script, "end_label = 'end of run, 100.00 µs'\n"));
  /* The tail's axis goes below one case of the largest curve, 1/8; it
   * draws the third column. */
  tail = read_text (tail_gp);
  ck_assert_ptr_nonnull (strstr (tail, "ymin = 0.01\n"));
  ck_assert_ptr_nonnull (strstr (tail, "tail_share($3)"));
  /* Everything done: no band, the axis ends at the decade above 2.5 µs. */
  done_script = read_text (done_gp);
  ck_assert_double_eq (script_number (done_script, "band"), 0);
  ck_assert_double_eq_tol (script_number (done_script, "xmax"), 10.0, 1e-9);
}
END_TEST

/* compare's CDF of a scenario whose faults hang: each strategy's curve ends
 * at its resolved share of all its faults, and the key says so. */
START_TEST (test_compare_cdf_counts_unresolved_faults)
{
  g_autofree char *dir = tmp_path ("hang-plots");
  g_autofree char *jpath = tmp_path ("hang.json");
  g_autofree char *dat = g_build_filename (dir, "cdf.dat", NULL);
  g_autofree char *gp = g_build_filename (dir, "cdf.gp", NULL);
  g_autofree char *health = g_build_filename (dir, "health.dat", NULL);
  g_autofree char *script = NULL, *health_text = NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  const char *order[] = { "sync-rpc", "async-signal" };
  double end_x[2], run_ns = 0;
  double unresolved[2][2] = { { 0 } };   /* innocent, culprit; per strategy, mean per run */
  g_autoptr (GPtrArray) panels = NULL;
  cJSON *json, *results;

  g_setenv ("MKSIM_GNUPLOT", "", TRUE);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--strategies",
                                 "sync-rpc,async-signal", "--runs", "2", "--set", PAGING_HANG,
                                 "--plot", dir, "--json", jpath, "-q", NULL), 0);
  g_unsetenv ("MKSIM_GNUPLOT");
  json = read_json (jpath);
  results = cJSON_GetObjectItem (json, "results");
  blocks = dat_blocks (dat);
  ck_assert_uint_eq (blocks->len, 2);
  for (int s = 0; s < 2; s++)
    {
      GArray *b = blocks->pdata[s];
      double total = 0, resolved = 0, top = 0;

      for (int r = 0; r < 2; r++)
        {
          cJSON *run = cJSON_GetArrayItem (results, s * 2 + r);
          cJSON *faults = cJSON_GetObjectItem (run, "faults");
          double innocent = cJSON_GetObjectItem (cJSON_GetObjectItem (faults, "innocent"),
                                                 "unresolved")->valuedouble;
          double culprit = cJSON_GetObjectItem (cJSON_GetObjectItem (faults, "culprit"),
                                                "unresolved")->valuedouble;

          ck_assert_str_eq (cJSON_GetObjectItem (run, "strategy")->valuestring, order[s]);
          total += cJSON_GetObjectItem (faults, "total")->valuedouble;
          resolved += cJSON_GetObjectItem (faults, "resolved")->valuedouble;
          ck_assert_double_eq (innocent + culprit,
                               cJSON_GetObjectItem (faults, "unresolved")->valuedouble);
          unresolved[0][s] += innocent / 2;
          unresolved[1][s] += culprit / 2;
        }
      ck_assert (resolved < total);
      /* Resolved faults up to their share; then, at the end of the run, the
       * step of those never resolved, to 1; the tail's column keeps them. */
      ck_assert_uint_ge (b->len, 3);
      for (guint i = 0; i + 2 < b->len; i++)
        top = MAX (top, block_y (b, i));
      ck_assert_double_eq_tol (top, resolved / total, 1e-6);
      ck_assert_double_eq_tol (block_y (b, b->len - 3), resolved / total, 1e-6);
      ck_assert_double_eq_tol (block_y (b, b->len - 2), 1.0, 1e-9);
      ck_assert_double_eq_tol (block_z (b, b->len - 1), 1.0 - resolved / total, 1e-6);
      end_x[s] = block_x (b, b->len - 2);
      ck_assert (block_x (b, b->len - 1) > end_x[s]);
      run_ns = cJSON_GetObjectItem (cJSON_GetArrayItem (results, s * 2), "sim_time_ns")->valuedouble;
    }
  cJSON_Delete (json);
  script = read_text (gp);
  ck_assert_ptr_nonnull (strstr (script, "never resolved, the oldest open"));
  /* The step stands at the end of the run, in the axis's unit (ms here). */
  ck_assert_ptr_nonnull (strstr (script, "fig_xlabel = 'fault latency (ms, log scale)'"));
  for (int s = 0; s < 2; s++)
    ck_assert_double_eq_tol (end_x[s], run_ns / 1e6, 1e-9);
  ck_assert_double_eq_tol (script_number (script, "xend"), run_ns / 1e6, 1e-9);
  ck_assert_ptr_nonnull (strstr (script, "never_label = 'never resolved'\n"));
  ck_assert_ptr_nonnull (strstr (script, "end_label = 'end of run, 40.00 ms'\n"));
  /* The health chart has the lesson's figures, the faults never resolved
   * split into those of innocent threads and those of the culprits, each a
   * panel of its own with the figures of the JSON. */
  health_text = read_text (health);
  ck_assert_ptr_nonnull (strstr (health_text, "# faults resolved"));
  ck_assert_ptr_nonnull (strstr (health_text, "# never resolved: innocent threads' faults"));
  ck_assert_ptr_nonnull (strstr (health_text, "# never resolved: culprits' faults"));
  ck_assert_ptr_nonnull (strstr (health_text, "# innocent threads stalled"));
  ck_assert_ptr_nonnull (strstr (health_text, "# core blocked"));
  panels = dat_blocks (health);
  ck_assert_uint_eq (panels->len, 5);
  for (int k = 0; k < 2; k++)
    for (int s = 0; s < 2; s++)
      ck_assert_double_eq_tol (block_y (panels->pdata[1 + k], s), unresolved[k][s], 1e-9);
  /* Every thread here uses the hung manager: all its faults are the culprits'. */
  for (int s = 0; s < 2; s++)
    ck_assert (unresolved[0][s] == 0 && unresolved[1][s] > 0);
}
END_TEST

/* compare's timeline of hung-manager: the hung manager's row says so, and
 * a mark stands at the moment the model made it hang (from the result),
 * whether the window holds that moment or not. */
START_TEST (test_compare_timeline_marks_the_hang)
{
  g_autofree char *dir = tmp_path ("hung-timeline");
  g_autofree char *later = tmp_path ("hung-timeline-later");
  g_autofree char *jpath = tmp_path ("hung-timeline.json");
  g_autofree char *gp = g_build_filename (dir, "timeline-sync-rpc.gp", NULL);
  g_autofree char *dat = g_build_filename (dir, "timeline-sync-rpc.dat", NULL);
  g_autofree char *later_gp = g_build_filename (later, "timeline-sync-rpc.gp", NULL);
  g_autofree char *later_dat = g_build_filename (later, "timeline-sync-rpc.dat", NULL);
  g_autofree char *script = NULL, *data = NULL, *later_script = NULL, *later_data = NULL;
  g_autofree char *mark = NULL;
  cJSON *json, *threads, *t;
  double at = -1;

  g_setenv ("MKSIM_GNUPLOT", "", TRUE);
  ck_assert_int_eq (run_command (compare_main, "compare", "scenarios/hung-manager.json",
                                 "--strategies", "sync-rpc", "--timeline", "150ms,250ms",
                                 "--plot", dir, "--json", jpath, "-q", NULL), 0);
  ck_assert_int_eq (run_command (compare_main, "compare", "scenarios/hung-manager.json",
                                 "--strategies", "sync-rpc", "--timeline", "300ms,310ms",
                                 "--plot", later, "-q", NULL), 0);
  g_unsetenv ("MKSIM_GNUPLOT");
  json = read_json (jpath);
  threads = cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (json, "results"), 0),
                                 "threads");
  cJSON_ArrayForEach (t, threads)
    {
      const cJSON *how = cJSON_GetObjectItem (t, "misbehavior");

      if (g_strcmp0 (cJSON_GetObjectItem (t, "name")->valuestring, "evil.manager[0]") == 0)
        {
          ck_assert_str_eq (how->valuestring, "hang");
          at = cJSON_GetObjectItem (t, "misbehaved_at_ns")->valuedouble;
        }
      else
        {
          ck_assert (cJSON_IsNull (how));
          ck_assert (cJSON_IsNull (cJSON_GetObjectItem (t, "misbehaved_at_ns")));
        }
    }
  cJSON_Delete (json);
  ck_assert (at >= 200e6 && at < 250e6);
  script = read_text (gp);
  ck_assert_ptr_nonnull (strstr (script, "'evil.manager[0] (hung)'"));
  ck_assert_ptr_nonnull (strstr (script, "\nmarks = 1\n"));
  ck_assert_ptr_nonnull (strstr (script, "'swap.manager[0]'"));   /* the healthy one: no mark */
  data = read_text (dat);
  mark = g_strdup_printf ("# marks: time (ms), row, what\n %.9g 2 \"hung\"\n", at / 1e6);
  ck_assert_msg (strstr (data, mark) != NULL, "no mark '%s' in:\n%s", mark, data);
  /* A window after the hang: the row still says so; no line to draw. */
  later_script = read_text (later_gp);
  ck_assert_ptr_nonnull (strstr (later_script, "'evil.manager[0] (hung)'"));
  ck_assert_ptr_nonnull (strstr (later_script, "\nmarks = 0\n"));
  later_data = read_text (later_dat);
  ck_assert_ptr_null (strstr (later_data, "# marks"));
}
END_TEST

START_TEST (test_compare_plot_files)
{
  g_autofree char *dir = g_build_filename (tmpdir, "made", "by", "plot", NULL);
  g_autofree char *with = tmp_path ("with.json"), *without = tmp_path ("without.json");
  g_autofree char *a = NULL, *b = NULL, *timeline = NULL;
  const char *strategies[] = { "async-signal", "sync-rpc", "local-region-mapper",
                               "ipc-timeout" };
  bool images = have_gnuplot ();

  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--runs", "2", "--plot",
                                 dir, "--timeline", "5ms,9ms", "--json", with, "-q", NULL), 0);
  assert_figure (dir, "cdf", images);
  assert_figure (dir, "tail", images);
  assert_figure (dir, "latency", images);
  assert_figure (dir, "health", images);
  assert_figure (dir, "drops", images);
  for (size_t s = 0; s < G_N_ELEMENTS (strategies); s++)
    {
      g_autofree char *name = g_strdup_printf ("timeline-%s", strategies[s]);
      g_autofree char *trace = g_strdup_printf ("timeline-%s.trace.json", strategies[s]);

      assert_figure (dir, name, images);
      assert_file (dir, trace);
    }
  /* The timeline has thread rows and slices inside the window. */
  {
    g_autofree char *path = g_build_filename (dir, "timeline-sync-rpc.dat", NULL);
    g_auto (GStrv) lines = NULL;
    int slices = 0;

    timeline = read_text (path);
    lines = g_strsplit (timeline, "\n", -1);
    for (char **l = lines; *l != NULL; l++)
      {
        double from, to;
        int row;

        if (sscanf (*l, "%lf %lf %d", &from, &to, &row) != 3)
          continue;
        ck_assert (from >= 5.0 - 1e-9 && to <= 9.0 + 1e-9 && from <= to && row >= 0);
        slices++;
      }
    ck_assert_int_gt (slices, 10);
    ck_assert_ptr_nonnull (strstr (timeline, "# running"));
  }
  /* Tracing the timelines does not change any result. */
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--runs", "2", "--json",
                                 without, "-q", NULL), 0);
  a = read_text (with);
  b = read_text (without);
  ck_assert_str_eq (a, b);
}
END_TEST

START_TEST (test_compare_plot_without_gnuplot)
{
  g_autofree char *dir = tmp_path ("nognuplot");

  g_setenv ("MKSIM_GNUPLOT", "", TRUE);
  ck_assert_int_eq (run_command (compare_main, "compare", paging_path, "--strategies",
                                 "sync-rpc", "--plot", dir, "-q", NULL), 0);
  g_unsetenv ("MKSIM_GNUPLOT");
  assert_figure (dir, "cdf", false);
  assert_figure (dir, "tail", false);
  assert_figure (dir, "latency", false);
  assert_figure (dir, "health", false);
  assert_figure (dir, "timeline-sync-rpc", false);
}
END_TEST

START_TEST (test_sanitize_keeps_only_plain_text)
{
  g_autofree char *s = plot_sanitize ("evil`touch P`'\"\n system(\"id\") @x $(y);\\z");
  g_autofree char *empty = plot_sanitize ("`'\"");
  g_autofree char *none = plot_sanitize (NULL);
  g_autofree char *path = plot_sanitize ("managers[1].behavior.kind");
  g_autofree char *lng = plot_sanitize ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                        "aaaaaaaaaaaaaaaaaaaaaaaaa");

  ck_assert_str_eq (s, "evil touch P system id x y z");
  ck_assert_str_eq (empty, "unnamed");
  ck_assert_str_eq (none, "unnamed");
  ck_assert_str_eq (path, "managers[1].behavior.kind");
  ck_assert_uint_le (strlen (lng), 60);
}
END_TEST

START_TEST (test_script_string_is_inert)
{
  g_autofree char *s = plot_script_string ("it's `id` @m \\U+0041\nx");

  /* Doubled quote, no backquote, macro sign, backslash or line break. */
  ck_assert_str_eq (s, "'it''s id m U+0041x'");
}
END_TEST

/* No gnuplot string is opened or closed by scenario text, and nothing gnuplot
 * substitutes (backquotes, @macros, double-quoted strings) is in a script. */
static void
assert_scripts_inert (const char *dir, const char *marker)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  int scripts = 0;

  ck_assert_ptr_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL, *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".gp"))
        continue;
      scripts++;
      path = g_build_filename (dir, name, NULL);
      text = read_text (path);
      /* (Backslashes continue lines of the templates; they mean nothing
       * outside double quotes.) */
      ck_assert_msg (strpbrk (text, "`@\"") == NULL, "%s holds a character gnuplot "
                     "interprets", path);
      /* Outside comments, the marker is only ever inside single quotes. */
      lines = g_strsplit (text, "\n", -1);
      for (char **l = lines; *l != NULL; l++)
        {
          const char *at = strstr (*l, marker);
          int quotes = 0;

          if (at == NULL || (*l)[0] == '#')
            continue;
          for (const char *c = *l; c < at; c++)
            quotes += *c == '\'';
          ck_assert_msg (quotes % 2 == 1, "%s: '%s' outside a string: %s", path, marker, *l);
        }
    }
  ck_assert_int_gt (scripts, 0);
}

START_TEST (test_plot_scenario_text_cannot_reach_gnuplot)
{
  g_autofree char *text = NULL, *evil = tmp_path ("evil.json");
  g_autofree char *dir = tmp_path ("evil-plots");
  g_autofree char *sweep_dir = tmp_path ("evil-sweep");
  g_autofree char *pwned = NULL, *pwned_sweep = NULL;
  g_autoptr (GString) s = g_string_new (paging_scenario);

  /* A name and a process name that would run commands if pasted into a
   * gnuplot script as they are. */
  g_string_replace (s, "\"compare-small\"",
                    "\"evilname`touch PWNED`'\\\"\\n system(\\\"touch PWNED\\\") @x\"", 1);
  g_string_replace (s, "\"app\"", "\"evilproc`touch PWNED`'\"", 1);
  ck_assert (g_file_set_contents (evil, s->str, -1, NULL));
  ck_assert_int_eq (run_command (compare_main, "compare", evil, "--strategies", "sync-rpc",
                                 "--plot", dir, "-q", NULL), 0);
  assert_scripts_inert (dir, "evilname");
  assert_scripts_inert (dir, "evilproc");
  pwned = g_build_filename (dir, "PWNED", NULL);
  ck_assert (!g_file_test (pwned, G_FILE_TEST_EXISTS));

  /* Swept values are text from the command line: the same holds. */
  ck_assert_int_eq (run_command (sweep_main, "sweep", evil, "--strategies", "sync-rpc",
                                 "--param", "name=evilvalue`touch PWNED`,x@y'z", "--plot",
                                 sweep_dir, "-q", NULL), 0);
  assert_scripts_inert (sweep_dir, "evilvalue");
  pwned_sweep = g_build_filename (sweep_dir, "PWNED", NULL);
  ck_assert (!g_file_test (pwned_sweep, G_FILE_TEST_EXISTS));
  {
    g_autofree char *dat_path = g_build_filename (sweep_dir, "sweep-faults.dat", NULL);

    text = read_text (dat_path);
    ck_assert_ptr_nonnull (strstr (text, "\"evilvalue touch PWNED\""));
    ck_assert_ptr_null (strchr (text, '`'));
  }
}
END_TEST

/* ---- sweep ------------------------------------------------------------ */

START_TEST (test_sweep_json_and_tables)
{
  g_autofree char *jpath = tmp_path ("s.json"), *j2 = tmp_path ("s2.json");
  g_autofree char *a = NULL, *b = NULL;
  cJSON *json, *results, *summary, *values;
  const char *vals[] = { "5ms", "10ms" };
  const char *order[] = { "async-signal", "sync-rpc" };

  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param",
                                 "kernel.time_slice=5ms,10ms", "--strategies",
                                 "async-signal,sync-rpc", "--runs", "2", "--jobs", "2",
                                 "--json", jpath, "-q", NULL), 0);
  json = read_json (jpath);
  ck_assert_str_eq (cJSON_GetObjectItem (json, "param")->valuestring, "kernel.time_slice");
  values = cJSON_GetObjectItem (json, "values");
  ck_assert_int_eq (cJSON_GetArraySize (values), 2);
  results = cJSON_GetObjectItem (json, "results");
  ck_assert_int_eq (cJSON_GetArraySize (results), 8);
  for (int v = 0; v < 2; v++)
    for (int s = 0; s < 2; s++)
      for (int r = 0; r < 2; r++)
        {
          cJSON *run = cJSON_GetArrayItem (results, (v * 2 + s) * 2 + r);

          ck_assert_str_eq (cJSON_GetObjectItem (run, "param")->valuestring,
                            "kernel.time_slice");
          ck_assert_str_eq (cJSON_GetObjectItem (run, "value")->valuestring, vals[v]);
          ck_assert_str_eq (cJSON_GetObjectItem (run, "strategy")->valuestring, order[s]);
          ck_assert_int_eq (cJSON_GetObjectItem (run, "seed")->valueint, 7 + r);
        }
  summary = cJSON_GetObjectItem (json, "summary");
  for (int v = 0; v < 2; v++)
    ck_assert_ptr_nonnull (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (
                             summary, vals[v]), "sync-rpc"), "faults.latency_ns.p99"));
  cJSON_Delete (json);

  /* And the same bytes on one worker. */
  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param",
                                 "kernel.time_slice=5ms,10ms", "--strategies",
                                 "async-signal,sync-rpc", "--runs", "2", "--jobs", "1",
                                 "--json", j2, "-q", NULL), 0);
  a = read_text (jpath);
  b = read_text (j2);
  ck_assert_str_eq (a, b);
}
END_TEST

START_TEST (test_sweep_seed_param_moves_the_seeds)
{
  g_autofree char *jpath = tmp_path ("seed.json");
  cJSON *json, *results;

  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param", "seed=100,200",
                                 "--strategies", "sync-rpc", "--runs", "2", "--json", jpath,
                                 "-q", NULL), 0);
  json = read_json (jpath);
  results = cJSON_GetObjectItem (json, "results");
  ck_assert_int_eq (cJSON_GetObjectItem (cJSON_GetArrayItem (results, 0), "seed")->valueint, 100);
  ck_assert_int_eq (cJSON_GetObjectItem (cJSON_GetArrayItem (results, 1), "seed")->valueint, 101);
  ck_assert_int_eq (cJSON_GetObjectItem (cJSON_GetArrayItem (results, 2), "seed")->valueint, 200);
  ck_assert_int_eq (cJSON_GetObjectItem (cJSON_GetArrayItem (results, 3), "seed")->valueint, 201);
  cJSON_Delete (json);
}
END_TEST

START_TEST (test_sweep_bad_param_exits_2)
{
  g_autofree char *jpath = tmp_path ("never.json");

  /* No --param, a malformed one, a path the loader refuses, a value it refuses. */
  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "-q", NULL), 2);
  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param", "kernel.time_slice",
                                 "-q", NULL), 2);
  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param",
                                 "kernel.time_slise=5ms,10ms", "--json", jpath, "-q", NULL), 2);
  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param",
                                 "kernel.time_slice=5ms,often", "--json", jpath, "-q", NULL), 2);
  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param",
                                 "strategy=sync-rpc,ipc-timeout", "-q", NULL), 2);
  ck_assert (!g_file_test (jpath, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_sweep_plot_files)
{
  g_autofree char *dir = tmp_path ("sweep-plots");
  g_autofree char *dat = NULL;
  bool images = have_gnuplot ();

  ck_assert_int_eq (run_command (sweep_main, "sweep", paging_path, "--param",
                                 "managers[0].service=10us,40us", "--strategies",
                                 "async-signal,sync-rpc", "--runs", "2", "--plot", dir, "-q",
                                 NULL), 0);
  assert_figure (dir, "sweep-faults", images);
  assert_figure (dir, "sweep-latency-p99", images);
  assert_figure (dir, "sweep-rights", images);
  /* Durations are an x axis in one unit: 10 and 40 µs. */
  {
    g_autofree char *path = g_build_filename (dir, "sweep-latency-p99.dat", NULL);

    dat = read_text (path);
    ck_assert_ptr_nonnull (strstr (dat, "\n 10 \"10us\""));
    ck_assert_ptr_nonnull (strstr (dat, "\n 40 \"40us\""));
  }
}
END_TEST

/* A GUI sweep: drops split by cause, a log axis for a latency spanning
 * decades, and no plot of the IPC and signal counts. */
START_TEST (test_sweep_gui_plots)
{
  g_autofree char *dir = tmp_path ("sweep-gui");
  g_autofree char *dropped = g_build_filename (dir, "sweep-gui-dropped.dat", NULL);
  g_autofree char *dropped_gp = g_build_filename (dir, "sweep-gui-dropped.gp", NULL);
  g_autofree char *p99 = g_build_filename (dir, "sweep-gui-p99.gp", NULL);
  g_autofree char *ipc = g_build_filename (dir, "sweep-ipc.dat", NULL);
  g_autofree char *signals = g_build_filename (dir, "sweep-signals.dat", NULL);
  g_autofree char *text = NULL, *script = NULL, *p99_script = NULL;
  bool images = have_gnuplot ();

  ck_assert_int_eq (run_command (sweep_main, "sweep", gui_hang_path, "--param",
                                 "kernel.ipc_timeout=1ms,100ms", "--strategies",
                                 "ipc-timeout,async-signal", "--plot", dir, "-q", NULL), 0);
  assert_figure (dir, "sweep-gui-dropped", images);
  text = read_text (dropped);
  ck_assert_ptr_nonnull (strstr (text, "ipc-timeout: send timed out"));
  ck_assert_ptr_nonnull (strstr (text, "async-signal: client's buffer full"));
  /* One line per cause that dropped anything: no empty ones. */
  ck_assert_ptr_null (strstr (text, "ipc-timeout: client's buffer full"));
  ck_assert_ptr_null (strstr (text, "async-signal: send timed out"));
  script = read_text (dropped_gp);
  ck_assert_ptr_nonnull (strstr (script, "array colour_of[2] = ['ipc-timeout', "
                                 "'async-signal']"));
  ck_assert_ptr_nonnull (strstr (script, "array parts[2] = [1, 2]"));
  /* p99 from about a millisecond to most of a second: a log axis. */
  p99_script = read_text (p99);
  ck_assert_ptr_nonnull (strstr (p99_script, "\nlogy = 1\n"));
  ck_assert_ptr_nonnull (strstr (p99_script, "log scale"));
  ck_assert (!g_file_test (ipc, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (signals, G_FILE_TEST_EXISTS));
}
END_TEST

Suite *compare_suite (void)
{
  Suite *s = suite_create ("compare");
  TCase *tc;

  tc = tcase_create ("parse");
  tcase_add_test (tc, test_param_splits_values);
  tcase_add_test (tc, test_param_keeps_json_values_whole);
  tcase_add_test (tc, test_param_rejects_bad_specs);
  tcase_add_test (tc, test_strategies_parse);
  suite_add_tcase (s, tc);

  tc = tcase_create ("compare");
  tcase_add_checked_fixture (tc, files_setup, files_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_compare_same_json_whatever_jobs);
  tcase_add_test (tc, test_compare_json_order_and_summary);
  tcase_add_test (tc, test_compare_gui_leaves_out_local_rm);
  tcase_add_test (tc, test_compare_bad_usage);
  tcase_add_test (tc, test_compare_output_failure_exits_1);
  tcase_add_test (tc, test_compare_max_events_exits_1);
  suite_add_tcase (s, tc);

  tc = tcase_create ("table");
  tcase_add_checked_fixture (tc, files_setup, files_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_compare_table_keeps_paging_key_rows);
  tcase_add_test (tc, test_compare_table_keeps_gui_key_rows);
  suite_add_tcase (s, tc);

  tc = tcase_create ("plot");
  tcase_add_checked_fixture (tc, files_setup, files_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_sanitize_keeps_only_plain_text);
  tcase_add_test (tc, test_script_string_is_inert);
  tcase_add_test (tc, test_compare_plot_files);
  tcase_add_test (tc, test_compare_plot_without_gnuplot);
  tcase_add_test (tc, test_plot_cdf_counts_cases_without_a_sample);
  tcase_add_test (tc, test_compare_cdf_counts_unresolved_faults);
  tcase_add_test (tc, test_compare_timeline_marks_the_hang);
  tcase_add_test (tc, test_plot_scenario_text_cannot_reach_gnuplot);
  suite_add_tcase (s, tc);

  tc = tcase_create ("sweep");
  tcase_add_checked_fixture (tc, files_setup, files_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_sweep_json_and_tables);
  tcase_add_test (tc, test_sweep_seed_param_moves_the_seeds);
  tcase_add_test (tc, test_sweep_bad_param_exits_2);
  tcase_add_test (tc, test_sweep_plot_files);
  tcase_add_test (tc, test_sweep_gui_plots);
  suite_add_tcase (s, tc);

  return s;
}
