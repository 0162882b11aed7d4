/* Tests of the plot driver's text (sim/plot.c): long names are shortened
 * in the middle, so a timeline's rows keep the "[k]" that tells a thread
 * from its siblings. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "sim/plot.h"
#include "sim/engine/trace.h"

#define LONG_THREAD "a_process_with_a_long_name.a_thread_with_an_even_longer_name_than_that"

START_TEST (test_plot_sanitize_shortens_the_middle)
{
  g_autofree char *name = plot_sanitize (LONG_THREAD "[12]");
  g_autofree char *plain = plot_sanitize ("app.worker[3]");

  ck_assert_uint_le (strlen (name), 60);
  ck_assert_msg (g_str_has_suffix (name, "_than_that[12]"), "%s", name);
  ck_assert_msg (g_str_has_prefix (name, "a_process_with_a_long_name"), "%s", name);
  ck_assert_ptr_nonnull (strstr (name, "..."));
  ck_assert_str_eq (plain, "app.worker[3]");
}
END_TEST

/* The timeline of four siblings with long names has four different rows,
 * each ending in its index. */
START_TEST (test_plot_timeline_keeps_thread_indexes)
{
  g_autofree char *dir = g_dir_make_tmp ("mksim-plot-XXXXXX", NULL);
  g_autofree char *trace_path = g_build_filename (dir, "t.json", NULL);
  g_autofree char *script_path = g_build_filename (dir, "tl.gp", NULL);
  g_autofree char *script = NULL;
  g_autoptr (GError) error = NULL;
  FILE *f = fopen (trace_path, "w");
  Trace *t = trace_new (f, 0, -1, NULL, 0);
  PlotSet *p;

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s[%d]", LONG_THREAD, i);

      trace_slice (t, trace_track (t, "p", name), "running", 0, 1000 * (i + 1));
    }
  ck_assert (trace_close (t));
  trace_free (t);
  fclose (f);
  g_setenv ("MKSIM_GNUPLOT", "", TRUE);
  p = plot_set_new (dir, &error);
  g_unsetenv ("MKSIM_GNUPLOT");
  ck_assert_msg (p != NULL, "%s", error != NULL ? error->message : "?");
  ck_assert_msg (plot_timeline (p, "tl", &(PlotText) { "t", "x", "y" }, trace_path, 0, 10000, 8,
                                NULL, 0,
                                &error), "%s", error != NULL ? error->message : "?");
  plot_set_free (p);
  ck_assert (g_file_get_contents (script_path, &script, NULL, NULL));
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *row = g_strdup_printf ("_than_that[%d]'", i);

      ck_assert_msg (strstr (script, row) != NULL, "no row ending in [%d] in:\n%s", i, script);
    }
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_remove (file);
      }
  }
  g_rmdir (dir);
}
END_TEST

Suite *plot_suite (void)
{
  Suite *s = suite_create ("plot");
  TCase *tc = tcase_create ("names");

  tcase_add_test (tc, test_plot_sanitize_shortens_the_middle);
  tcase_add_test (tc, test_plot_timeline_keeps_thread_indexes);
  suite_add_tcase (s, tc);
  return s;
}
