/* Tests of the catalogue of figures (sim/figures.c, sim/figures.def): keys
 * are unique and every entry is whole; the JSON of a run holds exactly the
 * catalogue's keys, each once, in its order; the CSV header is its CSV
 * columns; the getters agree with the JSON of a real run; the causes of GUI
 * drops are read back in one place; and figures are written in their units. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/machine.h"
#include "models/result.h"
#include "sim/figures.h"
#include "sim/report_csv.h"
#include "sim/report_json.h"
#include "sim/scenario.h"
#include "tests/check_json.h"
#include "tests/report_fixture.h"

/* Paging with a manager that hangs, calls to a server, a timer-like sleeper
 * and GUI input with a client that stops receiving: every section of the
 * result has something in it. */
static const char busy_scenario[] =
  "{ \"name\": \"figures-busy\", \"seed\": 3, \"duration\": \"60ms\",\n"
  "  \"managers\": [ { \"name\": \"swap\", \"priority\": 100, \"service\": { \"exp\": \"20us\" },\n"
  "                  \"behavior\": { \"kind\": \"hang\", \"after\": \"40ms\" } } ],\n"
  "  \"dataspaces\": [ { \"name\": \"heap\", \"pages\": 64, \"manager\": \"swap\", \"resident\": 16 } ],\n"
  "  \"servers\": [ { \"name\": \"echo\", \"priority\": 100, \"threads\": 1, \"service\": \"10us\" } ],\n"
  "  \"processes\": [ { \"name\": \"app\", \"threads\": [\n"
  "    { \"name\": \"worker\", \"count\": 2, \"priority\": 50, \"program\": [\n"
  "      { \"repeat\": \"forever\", \"do\": [\n"
  "        { \"compute\": { \"exp\": \"200us\" } },\n"
  "        { \"call\": { \"server\": \"echo\" } },\n"
  "        { \"sleep\": \"100us\" },\n"
  "        { \"touch\": { \"dataspace\": \"heap\", \"pattern\": \"random\" } } ] } ] } ] } ],\n"
  "  \"gui\": { \"events\": { \"exp\": \"2ms\" }, \"buffer\": 2,\n"
  "           \"clients\": [ { \"name\": \"term\", \"priority\": 50, \"handle\": \"100us\" },\n"
  "                        { \"name\": \"stuck\", \"priority\": 60, \"handle\": \"100us\",\n"
  "                          \"behavior\": { \"kind\": \"hang\", \"after\": \"10ms\" } } ] } }\n";

static RunResult *
run_busy (const char *strategy)
{
  g_autofree char *set = g_strdup_printf ("strategy=%s", strategy);
  const char *sets[] = { set, NULL };
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("busy.json", busy_scenario, strlen (busy_scenario),
                                          sets, &error);
  RunResult *r;

  ck_assert_msg (c != NULL, "%s", error != NULL ? error->message : "?");
  r = machine_run (c, NULL);
  scenario_free (c);
  report_json_fingerprint (r, r->fingerprint);
  return r;
}

/* Appends the key paths of `node` to `paths`, in document order: every
 * member that is not an object, and every object that is one of the
 * catalogue's parts (which is not gone into). */
static void
json_paths (const cJSON *node, const char *prefix, GPtrArray *paths)
{
  for (const cJSON *m = node->child; m != NULL; m = m->next)
    {
      g_autofree char *path = prefix[0] != '\0' ? g_strdup_printf ("%s.%s", prefix, m->string)
                                                : g_strdup (m->string);
      FigureId f;
      bool part = figures_find (path, &f) && figures[f].type == FIGURE_TYPE_PART;

      if (cJSON_IsObject (m) && !part)
        json_paths (m, path, paths);
      else
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

/* The catalogue's keys a run's JSON writes on their own: all but the
 * derived figures and, unless the run is incomplete, its marks; "wall_s"
 * only `with_wall`. */
static GPtrArray *
catalogue_json_keys (const RunResult *r, bool with_wall)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (int f = 0; f < FIG_COUNT; f++)
    if (figures_in_json ((FigureId) f, r) && (f != FIG_WALL || with_wall))
      g_ptr_array_add (keys, (gpointer) figures[f].key);
  return keys;
}

static void
assert_json_follows_catalogue (const RunResult *r, bool with_wall)
{
  g_autofree char *text = report_json (r, with_wall);
  cJSON *root = cJSON_Parse (text);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) keys = catalogue_json_keys (r, with_wall);

  ck_assert_ptr_nonnull (root);
  json_paths (root, "", paths);
  for (guint i = 0; i < MAX (paths->len, keys->len); i++)
    ck_assert_msg (i < paths->len && i < keys->len
                   && strcmp (paths->pdata[i], keys->pdata[i]) == 0,
                   "JSON member %u is '%s', the catalogue says '%s'", i,
                   i < paths->len ? (char *) paths->pdata[i] : "(none)",
                   i < keys->len ? (char *) keys->pdata[i] : "(none)");
  cJSON_Delete (root);
}

/* ---- the table -------------------------------------------------------- */

START_TEST (test_figures_keys_unique_and_whole)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);

  for (int f = 0; f < FIG_COUNT; f++)
    {
      const Figure *e = &figures[f];
      FigureId found;

      /* a hole in the table would have no key */
      ck_assert_msg (e->key != NULL && e->key[0] != '\0', "figure %d has no key", f);
      ck_assert_msg (g_hash_table_add (seen, (gpointer) e->key), "key %s twice", e->key);
      ck_assert (figures_find (e->key, &found));
      ck_assert_int_eq (found, f);
      ck_assert_ptr_null (strstr (e->key, ".."));
      if (e->type == FIGURE_TYPE_PART)
        continue;
      ck_assert_msg (e->label != NULL && e->label[0] != '\0', "%s has no label", e->key);
      ck_assert_msg ((e->type == FIGURE_TYPE_DERIVED) == (e->derive != NULL), "%s", e->key);
      if (e->show != FIGURE_SHOW_NEVER)
        {
          ck_assert_msg (figures_numeric ((FigureId) f), "%s is shown but no number", e->key);
          ck_assert_msg (e->file != NULL, "%s is shown but has no sweep figure", e->key);
          ck_assert_msg (g_hash_table_add (files, (gpointer) e->file), "file %s twice", e->file);
        }
    }
  ck_assert (!figures_find ("faults.nonsense", &(FigureId) { 0 }));
  ck_assert_str_eq (figures_leaf (FIG_LATENCY_P99), "p99");
  ck_assert_str_eq (figures_leaf (FIG_SEED), "seed");
}
END_TEST

/* Is the object `outer` ("" for the root) `inner` or around it? */
static bool
path_holds (const char *outer, const char *inner)
{
  size_t n = strlen (outer);

  return n == 0 || (strncmp (outer, inner, n) == 0 && (inner[n] == '\0' || inner[n] == '.'));
}

/* The JSON writer opens an object once: its figures stand together, and
 * they agree on whether it is written on one line. */
START_TEST (test_figures_objects_are_contiguous)
{
  g_autoptr (GHashTable) closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) one_line = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  g_autoptr (GPtrArray) open = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (open, g_strdup (""));
  for (int f = 0; f < FIG_COUNT; f++)
    {
      const char *key = figures[f].key;
      const char *dot = strrchr (key, '.');
      g_autofree char *parent = dot != NULL ? g_strndup (key, (size_t) (dot - key))
                                            : g_strdup ("");
      gpointer line;

      if (figures[f].type == FIGURE_TYPE_DERIVED)
        continue;
      while (!path_holds (open->pdata[open->len - 1], parent))
        {
          g_hash_table_add (closed, g_strdup (open->pdata[open->len - 1]));
          g_ptr_array_remove_index (open, open->len - 1);
        }
      for (const char *p = parent + strlen (open->pdata[open->len - 1]); *p != '\0'; p++)
        if (p[1] == '.' || p[1] == '\0')
          {
            g_autofree char *object = g_strndup (parent, (size_t) (p + 1 - parent));

            ck_assert_msg (!g_hash_table_contains (closed, object), "%s: its object %s was "
                           "already closed", key, object);
            g_ptr_array_add (open, g_steal_pointer (&object));
          }
      if (g_hash_table_lookup_extended (one_line, parent, NULL, &line))
        ck_assert_msg (GPOINTER_TO_INT (line) == figures[f].one_line, "%s", key);
      else
        g_hash_table_insert (one_line, g_strdup (parent), GINT_TO_POINTER (figures[f].one_line));
    }
}
END_TEST

START_TEST (test_figures_csv_columns_dense)
{
  FigureId cols[FIG_COUNT];
  size_t n = figures_csv_columns (cols);
  size_t with_csv = 0;

  for (int f = 0; f < FIG_COUNT; f++)
    if (figures[f].csv > 0)
      {
        with_csv++;
        ck_assert_msg (figures[f].type != FIGURE_TYPE_PART
                       && figures[f].type != FIGURE_TYPE_DERIVED, "%s", figures[f].key);
      }
  /* 1 .. n, each once */
  ck_assert_uint_eq (n, with_csv);
  for (size_t i = 0; i < n; i++)
    ck_assert_int_eq (figures[cols[i]].csv, (int) i + 1);
}
END_TEST

START_TEST (test_figures_csv_header_is_the_catalogue)
{
  FigureId cols[FIG_COUNT];
  size_t n = figures_csv_columns (cols);
  g_autoptr (GString) want = g_string_new (NULL);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);

  for (size_t i = 0; i < n; i++)
    g_string_append_printf (want, "%s%s", i > 0 ? "," : "", figures[cols[i]].key);
  g_string_append_c (want, '\n');
  report_csv_header (f);
  fclose (f);
  ck_assert_str_eq (buf, want->str);
  free (buf);
}
END_TEST

/* Tables group by topic, in the catalogue's order within one. */
START_TEST (test_figures_compared_by_topic)
{
  FigureId shown[FIG_COUNT];
  size_t n = figures_compared (shown);
  size_t want = 0;

  for (int f = 0; f < FIG_COUNT; f++)
    want += figures[f].show != FIGURE_SHOW_NEVER;
  ck_assert_uint_eq (n, want);
  ck_assert_uint_gt (n, 0);
  for (size_t i = 1; i < n; i++)
    ck_assert (figures[shown[i - 1]].topic < figures[shown[i]].topic
               || (figures[shown[i - 1]].topic == figures[shown[i]].topic
                   && shown[i - 1] < shown[i]));
}
END_TEST

/* ---- the JSON follows the catalogue ----------------------------------- */

START_TEST (test_figures_each_key_once_in_the_json)
{
  RunResult *empty = rf_empty ();
  RunResult *full = rf_full ();

  assert_json_follows_catalogue (empty, false);
  assert_json_follows_catalogue (empty, true);
  assert_json_follows_catalogue (full, true);
  /* An incomplete run has its marks, in the catalogue's place. */
  full->incomplete = true;
  full->stopped = g_strdup ("the max_wall guard stopped the run");
  assert_json_follows_catalogue (full, true);
  run_result_free (empty);
  run_result_free (full);
}
END_TEST

START_TEST (test_figures_thread_latency_keys_are_the_runs)
{
  RunResult *r = rf_full ();
  cJSON *root = cj_run_json (r, false);
  const cJSON *l = cJSON_GetObjectItem (cJSON_GetArrayItem (cj_at (root, "threads"), 0),
                                        "latency_ns");
  int f = FIG_LATENCY_COUNT;

  ck_assert (cJSON_IsObject (l));
  for (const cJSON *m = l->child; m != NULL; m = m->next, f++)
    {
      ck_assert_int_le (f, FIG_LATENCY_MAX);
      ck_assert_str_eq (m->string, figures_leaf ((FigureId) f));
    }
  ck_assert_int_eq (f, FIG_LATENCY_MAX + 1);
  cJSON_Delete (root);
  run_result_free (r);
}
END_TEST

/* Every getter reads what the JSON says, for real runs of every strategy
 * the scenario allows. */
START_TEST (test_figures_getters_agree_with_the_json)
{
  static const char *const strategies[] = { "async-signal", "sync-rpc", "ipc-timeout" };

  for (size_t s = 0; s < G_N_ELEMENTS (strategies); s++)
    {
      RunResult *r = run_busy (strategies[s]);
      cJSON *root = cj_run_json (r, true);

      assert_json_follows_catalogue (r, true);
      ck_assert_uint_gt (r->faults.total, 0);
      ck_assert_uint_gt (r->gui.events, 0);
      for (int i = 0; i < FIG_COUNT; i++)
        {
          FigureId f = (FigureId) i;
          const cJSON *v = cj_at (root, figures[f].key);

          switch (figures[f].type)
            {
            case FIGURE_TYPE_TEXT:
            case FIGURE_TYPE_CHARS:
              ck_assert_str_eq (cJSON_GetStringValue (v), figures_text (f, r));
              break;
            case FIGURE_TYPE_U64:
            case FIGURE_TYPE_I64:
            case FIGURE_TYPE_INT:
              ck_assert_msg (cJSON_IsNumber (v), "%s", figures[f].key);
              ck_assert_msg (cJSON_GetNumberValue (v) == figures_value (f, r), "%s: %g, not %g",
                             figures[f].key, cJSON_GetNumberValue (v), figures_value (f, r));
              break;
            case FIGURE_TYPE_REAL:
              /* written with one decimal (wall_s with three) */
              ck_assert_msg (fabs (cJSON_GetNumberValue (v) - figures_value (f, r)) <= 0.05,
                             "%s", figures[f].key);
              break;
            case FIGURE_TYPE_DERIVED:
              /* GUI drops by cause are in the JSON under their cause's name */
              if (figures_drop_cause_of (f) != FIGURE_DROP_COUNT)
                ck_assert_msg (cJSON_GetNumberValue (v) == figures_value (f, r), "%s",
                               figures[f].key);
              else
                ck_assert_ptr_null (v);
              break;
            case FIGURE_TYPE_PART:
              ck_assert_msg ((v != NULL) == figures_in_json (f, r), "%s", figures[f].key);
              break;
            }
        }
      ck_assert_double_eq_tol (figures_value (FIG_IPC_PER_FAULT, r),
                               (double) r->kernel.ipc / (double) r->faults.total, 1e-12);
      /* the model names no cause figures.c does not know */
      for (size_t c = 0; c < r->gui.n_drop_causes; c++)
        ck_assert_int_ne (figures_drop_cause (r->gui.dropped_by_cause[c].cause),
                          FIGURE_DROP_COUNT);
      cJSON_Delete (root);
      run_result_free (r);
    }
}
END_TEST

START_TEST (test_figures_getters_check_the_type)
{
  RunResult *r = rf_full ();

  ck_assert_uint_eq (figures_u64 (FIG_FAULTS_TOTAL, r), 1000);
  ck_assert_int_eq (figures_i64 (FIG_CORE_PAGER_THREADS, r), 1);     /* an int */
  ck_assert_int_eq (figures_i64 (FIG_FAULTS_OPEN_MAX, r), 800000000);
  ck_assert_double_eq (figures_real (FIG_LATENCY_MEAN, r), 15000.0);
  ck_assert_str_eq (figures_text (FIG_STRATEGY, r), "async-signal");
  ck_assert_uint_eq (strlen (figures_text (FIG_SCENARIO_SHA256, r)), 64);   /* an array */
  ck_assert_double_eq (figures_value (FIG_GUI_DROPPED_TIMEOUT, r), 15.0);
  ck_assert_double_eq (figures_value (FIG_GUI_DROPPED_DEAD, r), 0.0);
  ck_assert (!figures_numeric (FIG_THREADS));
  ck_assert (!figures_numeric (FIG_SCENARIO));
  ck_assert (figures_numeric (FIG_IPC_PER_FAULT));
  ck_assert_str_eq (figures_real_format (FIG_WALL), "%.3f");
  ck_assert_str_eq (figures_real_format (FIG_LATENCY_STDDEV), "%.1f");
  run_result_free (r);
}
END_TEST

/* Asking a text figure for a number is a programmer's error. */
START_TEST (test_figures_value_of_text_aborts)
{
  RunResult *r = rf_empty ();

  /* the test's own process: keep the expected assertion out of the log */
  ck_assert_ptr_nonnull (freopen ("/dev/null", "w", stderr));
  ck_assert_ptr_nonnull (freopen ("/dev/null", "w", stdout));
  figures_value (FIG_SCENARIO, r);
}
END_TEST

/* ---- causes of GUI drops ---------------------------------------------- */

START_TEST (test_figures_drop_causes)
{
  ck_assert_int_eq (figures_drop_cause ("timeout"), FIGURE_DROP_TIMEOUT);
  ck_assert_int_eq (figures_drop_cause ("overflow"), FIGURE_DROP_OVERFLOW);
  ck_assert_int_eq (figures_drop_cause ("dead"), FIGURE_DROP_DEAD);
  ck_assert_int_eq (figures_drop_cause ("lost"), FIGURE_DROP_COUNT);
  ck_assert_int_eq (figures_drop_cause (NULL), FIGURE_DROP_COUNT);
  ck_assert_int_eq (figures_drop_cause_of (FIG_GUI_DROPPED), FIGURE_DROP_COUNT);
  for (int c = 0; c < FIGURE_DROP_COUNT; c++)
    {
      FigureId f = figures_drop_cause_figure ((FigureDropCause) c);

      ck_assert_int_eq (figures_drop_cause_of (f), c);
      /* the key is the cause's name under gui.dropped_by_cause */
      ck_assert (g_str_has_prefix (figures[f].key, "gui.dropped_by_cause."));
      ck_assert_int_eq (figures_drop_cause (figures_leaf (f)), c);
      ck_assert_int_eq (figures[f].type, FIGURE_TYPE_DERIVED);
    }
}
END_TEST

START_TEST (test_figures_drops_of_unknown_causes_are_not_counted)
{
  RunResult *r = rf_full ();

  g_free (r->gui.dropped_by_cause[0].cause);
  r->gui.dropped_by_cause[0].cause = g_strdup ("meteor");
  ck_assert_double_eq (figures_value (FIG_GUI_DROPPED_TIMEOUT, r), 0.0);
  ck_assert_double_eq (figures_value (FIG_GUI_DROPPED_OVERFLOW, r), 5.0);
  run_result_free (r);
}
END_TEST

/* ---- units ------------------------------------------------------------ */

static void
assert_format (FigureUnit unit, double mean, double half, bool with_ci, const char *want)
{
  g_autofree char *got = figures_format (unit, mean, half, with_ci);

  ck_assert_str_eq (got, want);
}

START_TEST (test_figures_format_in_units)
{
  double size;

  assert_format (FIGURE_UNIT_NS, 850, 0, false, "850 ns");
  assert_format (FIGURE_UNIT_NS, 12340, 560, true, "12.34 ± 0.56 µs");
  assert_format (FIGURE_UNIT_NS, 4.986e9, 0, false, "4.986 s");
  assert_format (FIGURE_UNIT_BYTES, 131072, 0, true, "128.0 ± 0.0 KiB");
  assert_format (FIGURE_UNIT_BYTES, 0, 0, true, "0 ± 0 B");
  assert_format (FIGURE_UNIT_COUNT, 2.5, 1, true, "2.5 ± 1");
  assert_format (FIGURE_UNIT_COUNT, 4130.66, 118.5, true, "4130.7 ± 118.5");
  assert_format (FIGURE_UNIT_RATIO, 9.1357, 0.13, true, "9.14 ± 0.13");
  ck_assert_str_eq (figures_unit_scale (FIGURE_UNIT_NS, 2e6, &size), "ms");
  ck_assert_double_eq (size, 1e6);
  ck_assert_str_eq (figures_unit_scale (FIGURE_UNIT_BYTES, 3 * 1024.0 * 1024, &size), "MiB");
  ck_assert_ptr_null (figures_unit_scale (FIGURE_UNIT_COUNT, 1e9, &size));
  ck_assert_double_eq (size, 1);
}
END_TEST

Suite *
figures_suite (void)
{
  Suite *s = suite_create ("figures");
  TCase *tc;

  tc = tcase_create ("table");
  tcase_add_test (tc, test_figures_keys_unique_and_whole);
  tcase_add_test (tc, test_figures_objects_are_contiguous);
  tcase_add_test (tc, test_figures_csv_columns_dense);
  tcase_add_test (tc, test_figures_csv_header_is_the_catalogue);
  tcase_add_test (tc, test_figures_compared_by_topic);
  suite_add_tcase (s, tc);

  tc = tcase_create ("json");
  tcase_add_test (tc, test_figures_each_key_once_in_the_json);
  tcase_add_test (tc, test_figures_thread_latency_keys_are_the_runs);
  tcase_add_test (tc, test_figures_getters_agree_with_the_json);
  tcase_add_test (tc, test_figures_getters_check_the_type);
  tcase_add_test_raise_signal (tc, test_figures_value_of_text_aborts, SIGABRT);
  suite_add_tcase (s, tc);

  tc = tcase_create ("causes");
  tcase_add_test (tc, test_figures_drop_causes);
  tcase_add_test (tc, test_figures_drops_of_unknown_causes_are_not_counted);
  suite_add_tcase (s, tc);

  tc = tcase_create ("units");
  tcase_add_test (tc, test_figures_format_in_units);
  suite_add_tcase (s, tc);
  return s;
}
