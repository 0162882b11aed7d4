/* Tests of the atomic output files (sim/outfile.c): a file appears whole or
 * not at all, an aborted one leaves the old file as it was, and errors name
 * the path. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/outfile.h"

/* ---- fixtures --------------------------------------------------------- */

static char *tmpdir;

static void
files_setup (void)
{
  tmpdir = g_dir_make_tmp ("mksim-outfile-XXXXXX", NULL);
  ck_assert_ptr_nonnull (tmpdir);
}

static void
files_teardown (void)
{
  g_autoptr (GDir) d = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);

      g_remove (p);
    }
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static int
dir_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  int n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

START_TEST (test_file_write_is_whole_and_leaves_no_temp)
{
  g_autofree char *path = g_build_filename (tmpdir, "out.json", NULL);
  g_autofree char *got = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert (outfile_write (path, "{\"a\": 1}\n", &error));
  ck_assert_ptr_null (error);
  ck_assert (g_file_get_contents (path, &got, NULL, NULL));
  ck_assert_str_eq (got, "{\"a\": 1}\n");
  g_clear_pointer (&got, g_free);
  /* Replacing works too, and still nothing else is left in the folder. */
  ck_assert (outfile_write (path, "second", &error));
  ck_assert (g_file_get_contents (path, &got, NULL, NULL));
  ck_assert_str_eq (got, "second");
  ck_assert_int_eq (dir_entries (tmpdir), 1);
}
END_TEST

START_TEST (test_file_missing_directory_fails_cleanly)
{
  g_autofree char *path = g_build_filename (tmpdir, "no", "such", "out.json", NULL);
  g_autoptr (GError) error = NULL;

  ck_assert (!outfile_write (path, "x", &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_ptr_nonnull (strstr (error->message, path));
  ck_assert_int_eq (dir_entries (tmpdir), 0);
}
END_TEST

START_TEST (test_file_directory_target_fails)
{
  g_autoptr (GError) error = NULL;

  ck_assert (!outfile_write (tmpdir, "x", &error));
  ck_assert_ptr_nonnull (error);
  ck_assert (g_file_test (tmpdir, G_FILE_TEST_IS_DIR));
  ck_assert_int_eq (dir_entries (tmpdir), 0);
}
END_TEST

START_TEST (test_file_abort_keeps_the_old_file)
{
  g_autofree char *path = g_build_filename (tmpdir, "keep.json", NULL);
  g_autofree char *got = NULL;
  g_autoptr (GError) error = NULL;
  OutFile *f;

  ck_assert (g_file_set_contents (path, "old", -1, NULL));
  f = outfile_open (path, &error);
  ck_assert_ptr_nonnull (f);
  fputs ("half a new fi", outfile_stream (f));
  ck_assert_int_eq (dir_entries (tmpdir), 2);    /* the temp file beside it */
  outfile_abort (f);
  ck_assert (g_file_get_contents (path, &got, NULL, NULL));
  ck_assert_str_eq (got, "old");
  ck_assert_int_eq (dir_entries (tmpdir), 1);
}
END_TEST

START_TEST (test_file_write_error_is_reported)
{
  g_autofree char *link = g_build_filename (tmpdir, "full", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *big = g_strnfill (1 << 16, 'x');
  struct stat st;

  if (stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    return;
  /* Through a link in our folder: should the writer ever rename over the
   * path instead of writing into the device, it replaces the link, not the
   * machine's /dev/full. */
  ck_assert_int_eq (symlink ("/dev/full", link), 0);
  ck_assert (!outfile_write (link, big, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_ptr_nonnull (strstr (error->message, link));
  ck_assert_int_eq (lstat (link, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  ck_assert_int_eq (dir_entries (tmpdir), 1);
}
END_TEST

Suite *outfile_suite (void)
{
  Suite *s = suite_create ("outfile");
  TCase *tc;

  tc = tcase_create ("files");
  tcase_add_checked_fixture (tc, files_setup, files_teardown);
  tcase_add_test (tc, test_file_write_is_whole_and_leaves_no_temp);
  tcase_add_test (tc, test_file_missing_directory_fails_cleanly);
  tcase_add_test (tc, test_file_directory_target_fails);
  tcase_add_test (tc, test_file_abort_keeps_the_old_file);
  tcase_add_test (tc, test_file_write_error_is_reported);
  suite_add_tcase (s, tc);
  return s;
}
