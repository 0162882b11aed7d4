/* Tests of the helpers every subcommand shares (sim/cli.c): durations on
 * the command line, option parsing, where a bundled scenario's name leads,
 * and opening and committing outputs.  The subcommands themselves are
 * tested end to end by tests/cli.sh and tests/check_compare.c. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli.h"

/* ---- durations -------------------------------------------------------- */

START_TEST (test_duration_units)
{
  static const struct { const char *text; SimTime ns; } cases[] = {
    { "250ns", 250 }, { "2.5us", 2500 }, { "1.5µs", 1500 }, { "10ms", 10000000 },
    { ".5ms", 500000 }, { "1s", 1000000000 }, { "0ns", 0 },
    { "8000000000s", INT64_C (8000000000000000000) },   /* near the top of SimTime */
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimTime t = -1;

      ck_assert_msg (cli_parse_duration (cases[i].text, &t), "'%s' rejected", cases[i].text);
      ck_assert_int_eq (t, cases[i].ns);
    }
}
END_TEST

START_TEST (test_duration_rejects_what_is_not_one)
{
  static const char *const bad[] = {
    "", "10", "ms", "-1ms", "+1ms", " 1ms", "1 ms", "1sec", "1MS", "infs", "nanms",
    "1e300s", "9000000000s",   /* 9e18 ns: too close to INT64_MAX */
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SimTime t = 42;

      ck_assert_msg (!cli_parse_duration (bad[i], &t), "'%s' accepted", bad[i]);
      ck_assert_int_eq (t, 42);   /* untouched */
    }
}
END_TEST

/* ---- options ---------------------------------------------------------- */

START_TEST (test_parse_options_and_arguments)
{
  int n = 0;
  const GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &n, "a number", "N" },
    G_OPTION_ENTRY_NULL
  };
  char *args[] = { "demo", "--count", "3", "file", NULL };
  char **argv = args;
  int argc = 4;

  ck_assert (cli_parse ("demo", "FILE", "A test.", NULL, entries, NULL, &argc, &argv));
  ck_assert_int_eq (n, 3);
  ck_assert_int_eq (argc, 2);
  ck_assert_str_eq (argv[1], "file");
}
END_TEST

START_TEST (test_parse_rejects_bad_options)
{
  int n = 0;
  const GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &n, "a number", "N" },
    G_OPTION_ENTRY_NULL
  };
  char *unknown[] = { "demo", "--frobnicate", NULL };
  char *not_int[] = { "demo", "--count", "many", NULL };
  char **argv = unknown;
  int argc = 2;

  ck_assert (!cli_parse ("demo", "", "A test.", NULL, entries, NULL, &argc, &argv));
  argv = not_int;
  argc = 3;
  ck_assert (!cli_parse ("demo", "", "A test.", "More.", entries, NULL, &argc, &argv));
  ck_assert_int_eq (n, 0);
  ck_assert_int_eq (cli_usage_error ("demo", "a test message"), MKSIM_EXIT_USAGE);
}
END_TEST

/* ---- scenarios and outputs --------------------------------------------- */

static char *tmpdir;
static char *saved_env;

static void
dir_setup (void)
{
  g_autofree char *hello = NULL;

  tmpdir = g_dir_make_tmp ("mksim-cli-XXXXXX", NULL);
  ck_assert_ptr_nonnull (tmpdir);
  hello = g_build_filename (tmpdir, "hello.json", NULL);
  ck_assert (g_file_set_contents (hello, "{}", -1, NULL));
  saved_env = g_strdup (g_getenv ("MKSIM_SCENARIOS"));
  g_setenv ("MKSIM_SCENARIOS", tmpdir, TRUE);
}

static void
dir_teardown (void)
{
  g_autoptr (GDir) d = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);

      g_remove (path);
    }
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  if (saved_env != NULL)
    g_setenv ("MKSIM_SCENARIOS", saved_env, TRUE);
  else
    g_unsetenv ("MKSIM_SCENARIOS");
  g_clear_pointer (&saved_env, g_free);
}

START_TEST (test_scenario_names_lead_to_the_bundled_folder)
{
  g_autofree char *want = g_build_filename (tmpdir, "hello.json", NULL);
  g_autofree char *dir = cli_scenarios_dir ();
  g_autofree char *by_name = cli_resolve_scenario ("hello");
  g_autofree char *by_file = cli_resolve_scenario ("hello.json");

  ck_assert_str_eq (dir, tmpdir);
  ck_assert_str_eq (by_name, want);
  ck_assert_str_eq (by_file, want);
}
END_TEST

START_TEST (test_scenario_other_arguments_stay_as_given)
{
  static const char *const same[] = { "-", "nosuch", "nosuch.json", "some/dir/hello",
                                      "./hello" };

  for (size_t i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *got = cli_resolve_scenario (same[i]);

      ck_assert_str_eq (got, same[i]);
    }
}
END_TEST

START_TEST (test_output_none_asked_for)
{
  OutFile *f = (OutFile *) &f;   /* anything but NULL */

  ck_assert (cli_open_output ("demo", NULL, &f));
  ck_assert_ptr_null (f);
  ck_assert (cli_commit_output ("demo", NULL));
}
END_TEST

START_TEST (test_output_written_only_on_commit)
{
  g_autofree char *path = g_build_filename (tmpdir, "out.txt", NULL);
  g_autofree char *text = NULL;
  OutFile *f = NULL;

  ck_assert (cli_open_output ("demo", path, &f));
  ck_assert_ptr_nonnull (f);
  fputs ("figures\n", outfile_stream (f));
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  ck_assert (cli_commit_output ("demo", f));
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  ck_assert_str_eq (text, "figures\n");
}
END_TEST

START_TEST (test_output_bad_path_fails_at_open)
{
  g_autofree char *path = g_build_filename (tmpdir, "no", "such", "out.txt", NULL);
  OutFile *f = (OutFile *) &f;

  ck_assert (!cli_open_output ("demo", path, &f));
  ck_assert_ptr_null (f);
}
END_TEST

/* ---- wrapping --------------------------------------------------------- */

/* `text` wrapped at `width`, newly allocated. */
static char *
wrapped (const char *text, int width)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  char *copy;

  cli_print_wrapped (f, text, width);
  fclose (f);
  copy = g_strdup (buf);
  free (buf);
  return copy;
}

START_TEST (test_wrap_fits_the_width)
{
  g_autofree char *text = wrapped ("Two threads   compute and\n touch a heap that keeps only "
                                   "sixty-four pages resident, so faults keep coming.", 20);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  ck_assert (g_str_has_suffix (text, "\n"));
  ck_assert_str_eq (lines[0], "Two threads compute");
  for (char **l = lines; *l != NULL; l++)
    ck_assert_int_le (g_utf8_strlen (*l, -1), 20);
  ck_assert_ptr_null (strstr (text, "  "));
}
END_TEST

START_TEST (test_wrap_keeps_commands_whole)
{
  g_autofree char *cmd = wrapped ("Then try mksim compare hello --strategies "
                                  "sync-rpc,async-signal --runs 3 and compare.", 40);
  g_autofree char *json = wrapped ("Set managers[0].behavior={\"kind\": \"hang\", "
                                   "\"after\": \"20ms\"} to see it.", 30);
  g_autofree char *fits = wrapped ("Then try mksim compare hello --strategies sync-rpc and see.",
                                   42);
  g_autofree char *json_fits = wrapped ("Set managers[0].behavior={\"kind\": \"hang\", "
                                        "\"after\": \"20ms\"} to see it.", 60);
  g_autofree char *option = wrapped ("aaaa --strategy sync-rpc", 20);
  /* a command longer than twice the width is broken all the same */
  g_autofree char *overlong = wrapped ("x mksim compare hello --strategies "
                                       "sync-rpc,async-signal --runs 3", 20);

  /* A command longer than the line is broken before its options, each
   * kept with its value. */
  ck_assert_str_eq (cmd, "Then try mksim compare hello\n--strategies sync-rpc,async-signal\n"
                    "--runs 3 and compare.\n");
  ck_assert_ptr_nonnull (strstr (fits, "\nmksim compare hello --strategies sync-rpc\n"));
  /* A JSON value kept whole where it fits, broken at its spaces where not. */
  ck_assert_ptr_nonnull (strstr (json_fits, "managers[0].behavior={\"kind\": \"hang\", "
                                 "\"after\": \"20ms\"}"));
  ck_assert_str_eq (json, "Set\nmanagers[0].behavior={\"kind\":\n\"hang\", \"after\": "
                    "\"20ms\"} to\nsee it.\n");
  ck_assert_str_eq (option, "aaaa\n--strategy sync-rpc\n");
  ck_assert_ptr_nonnull (strstr (overlong, "async-signal\n--runs 3\n"));
}
END_TEST

START_TEST (test_wrap_long_words_and_nothing)
{
  g_autofree char *longer = wrapped ("a supercalifragilistic b", 8);
  g_autofree char *empty = wrapped (NULL, 10);
  g_autofree char *blank = wrapped (" \n\t ", 10);
  /* an unbalanced bracket in prose does not glue the rest into one line */
  g_autofree char *stray = wrapped ("one [ two three four five six seven eight nine ten", 10);
  g_auto (GStrv) lines = g_strsplit (stray, "\n", -1);

  ck_assert_str_eq (longer, "a\nsupercalifragilistic\nb\n");
  ck_assert_str_eq (empty, "");
  ck_assert_str_eq (blank, "");
  ck_assert_uint_gt (g_strv_length (lines), 2);
}
END_TEST

Suite *
cli_suite (void)
{
  Suite *s = suite_create ("cli");
  TCase *tc;

  tc = tcase_create ("duration");
  tcase_add_test (tc, test_duration_units);
  tcase_add_test (tc, test_duration_rejects_what_is_not_one);
  suite_add_tcase (s, tc);

  tc = tcase_create ("options");
  tcase_add_test (tc, test_parse_options_and_arguments);
  tcase_add_test (tc, test_parse_rejects_bad_options);
  suite_add_tcase (s, tc);

  tc = tcase_create ("wrap");
  tcase_add_test (tc, test_wrap_fits_the_width);
  tcase_add_test (tc, test_wrap_keeps_commands_whole);
  tcase_add_test (tc, test_wrap_long_words_and_nothing);
  suite_add_tcase (s, tc);

  tc = tcase_create ("files");
  tcase_add_checked_fixture (tc, dir_setup, dir_teardown);
  tcase_add_test (tc, test_scenario_names_lead_to_the_bundled_folder);
  tcase_add_test (tc, test_scenario_other_arguments_stay_as_given);
  tcase_add_test (tc, test_output_none_asked_for);
  tcase_add_test (tc, test_output_written_only_on_commit);
  tcase_add_test (tc, test_output_bad_path_fails_at_open);
  suite_add_tcase (s, tc);
  return s;
}
