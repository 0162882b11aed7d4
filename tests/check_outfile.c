/* Tests of the atomic output files (sim/outfile.c): a file appears whole or
 * not at all, an aborted one leaves the old file as it was, and errors name
 * the path. */
#include <check.h>
#include <errno.h>
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

/* ---- links, permissions and reasons ------------------------------------ */

static char *
read_all (const char *path)
{
  char *text = NULL;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL), "cannot read %s", path);
  return text;
}

START_TEST (test_file_link_is_written_through)
{
  g_autofree char *sub = g_build_filename (tmpdir, "d", NULL);
  g_autofree char *target = g_build_filename (sub, "real.json", NULL);
  g_autofree char *link1 = g_build_filename (tmpdir, "link.json", NULL);
  g_autofree char *link2 = g_build_filename (tmpdir, "link2.json", NULL);
  g_autofree char *got = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;

  ck_assert_int_eq (g_mkdir (sub, 0755), 0);
  ck_assert (g_file_set_contents (target, "stale", -1, NULL));
  /* A relative link to the file, and a link to that link. */
  ck_assert_int_eq (symlink ("d/real.json", link1), 0);
  ck_assert_int_eq (symlink (link1, link2), 0);
  ck_assert_msg (outfile_write (link2, "fresh", &error), "%s", error ? error->message : "");
  ck_assert_int_eq (lstat (link1, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  ck_assert_int_eq (lstat (link2, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  got = read_all (target);
  ck_assert_str_eq (got, "fresh");
  ck_assert_int_eq (dir_entries (sub), 1);       /* no temp file beside the target */
  ck_assert_int_eq (dir_entries (tmpdir), 3);    /* d, link.json, link2.json */
  g_remove (target);
  g_rmdir (sub);
}
END_TEST

START_TEST (test_file_dangling_link_makes_its_target)
{
  g_autofree char *target = g_build_filename (tmpdir, "made.json", NULL);
  g_autofree char *link = g_build_filename (tmpdir, "link.json", NULL);
  g_autofree char *got = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;

  ck_assert_int_eq (symlink ("made.json", link), 0);
  ck_assert (outfile_write (link, "new", &error));
  ck_assert_int_eq (lstat (link, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  got = read_all (target);
  ck_assert_str_eq (got, "new");
}
END_TEST

START_TEST (test_file_link_loop_fails)
{
  g_autofree char *a = g_build_filename (tmpdir, "a", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "b", NULL);
  g_autoptr (GError) error = NULL;

  ck_assert_int_eq (symlink ("b", a), 0);
  ck_assert_int_eq (symlink ("a", b), 0);
  ck_assert (!outfile_write (a, "x", &error));
  ck_assert_ptr_nonnull (strstr (error->message, g_strerror (ELOOP)));
  ck_assert_int_eq (dir_entries (tmpdir), 2);
}
END_TEST

START_TEST (test_file_keeps_the_old_permissions)
{
  g_autofree char *path = g_build_filename (tmpdir, "mode.json", NULL);
  g_autofree char *fresh = g_build_filename (tmpdir, "fresh.json", NULL);
  g_autoptr (GError) error = NULL;
  struct stat st;
  mode_t mask = umask (022);

  ck_assert (g_file_set_contents (path, "old", -1, NULL));
  ck_assert_int_eq (chmod (path, 0640), 0);
  ck_assert (outfile_write (path, "new", &error));
  ck_assert_int_eq (stat (path, &st), 0);
  ck_assert_int_eq (st.st_mode & 07777, 0640);
  ck_assert_int_eq (chmod (path, 0755), 0);
  ck_assert (outfile_write (path, "newer", &error));
  ck_assert_int_eq (stat (path, &st), 0);
  ck_assert_int_eq (st.st_mode & 07777, 0755);
  /* A new file gets what the umask allows, not the temp file's 0600. */
  ck_assert (outfile_write (fresh, "x", &error));
  ck_assert_int_eq (stat (fresh, &st), 0);
  ck_assert_int_eq (st.st_mode & 07777, 0644);
  umask (mask);
}
END_TEST

/* Each failure names the step that failed and the system's reason. */
START_TEST (test_file_errors_give_the_reason)
{
  g_autofree char *in_missing = g_build_filename (tmpdir, "none", "r.json", NULL);
  g_autofree char *file = g_build_filename (tmpdir, "plain", NULL);
  g_autofree char *under_file = g_build_filename (file, "r.json", NULL);
  g_autoptr (GError) error = NULL;

  ck_assert (!outfile_write (in_missing, "x", &error));
  ck_assert_msg (strstr (error->message, "there is no folder") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (g_file_set_contents (file, "", -1, NULL));
  ck_assert (!outfile_write (under_file, "x", &error));
  ck_assert_msg (strstr (error->message, "is a file, not a folder (Not a directory)") != NULL,
                 "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);
  ck_assert (!outfile_write (tmpdir, "x", &error));
  ck_assert_msg (strstr (error->message, "it is a folder") != NULL, "%s", error->message);
  g_clear_error (&error);
  if (g_file_test ("/proc/version", G_FILE_TEST_IS_REGULAR))
    {
      ck_assert (!outfile_write ("/proc/version", "x", &error));
      ck_assert_msg (strstr (error->message, "no file can be created in '/proc'") != NULL,
                     "%s", error->message);
      g_clear_error (&error);
      ck_assert (!outfile_write ("/proc/version/x", "x", &error));
      ck_assert_msg (strstr (error->message, "'/proc/version' is a file, not a folder") != NULL,
                     "%s", error->message);
    }
}
END_TEST

START_TEST (test_file_full_device_says_so)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *big = g_strnfill (1 << 16, 'x');
  struct stat st;

  if (stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    return;
  ck_assert (!outfile_write ("/dev/full", big, &error));
  ck_assert_msg (strstr (error->message, g_strerror (ENOSPC)) != NULL, "%s", error->message);
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

  tc = tcase_create ("replacing");
  tcase_add_checked_fixture (tc, files_setup, files_teardown);
  tcase_add_test (tc, test_file_link_is_written_through);
  tcase_add_test (tc, test_file_dangling_link_makes_its_target);
  tcase_add_test (tc, test_file_link_loop_fails);
  tcase_add_test (tc, test_file_keeps_the_old_permissions);
  tcase_add_test (tc, test_file_errors_give_the_reason);
  tcase_add_test (tc, test_file_full_device_says_so);
  suite_add_tcase (s, tc);
  return s;
}
