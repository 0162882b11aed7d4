/* Tests of the text tables of compare, sweep and lesson --answer
 * (sim/texttable.c): a table that fits is one, a wider one is split with
 * the labels repeated, and where a column would stand alone or not fit at
 * all, labels and heads break onto further lines. */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/texttable.h"

static char *
table (int room, const char *const *heads, size_t n_cols, const char *const *rows,
       size_t n_rows, char *const *cells)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  char *text;

  texttable_print (f, room, "", heads, n_cols, rows, n_rows, cells);
  fclose (f);
  text = g_strndup (buf, len);
  free (buf);
  return text;
}

static int
widest (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  int w = 0;

  for (char **l = lines; *l != NULL; l++)
    w = MAX (w, (int) g_utf8_strlen (*l, -1));
  return w;
}

static const char *const heads[] = { "async-signal", "sync-rpc", "local-region-mapper",
                                     "ipc-timeout" };
static const char *const rows[] = { "faults", "answers wasted (the page gone before the access)" };
static char *cells[] = { "3 ± 0", "3 ± 0", "3 ± 0", "3 ± 0",
                         "2414 ± 0", "2477 ± 0", "2477 ± 0", "2477 ± 0" };

START_TEST (test_texttable_fits_whole)
{
  g_autofree char *text = table (200, heads, 4, rows, 2, cells);

  ck_assert_ptr_null (strstr (text, "\n\n"));
  ck_assert_ptr_nonnull (strstr (text, "answers wasted (the page gone before the access)  "));
  ck_assert_int_le (widest (text), 200);
}
END_TEST

START_TEST (test_texttable_splits_columns)
{
  /* Labels 48 wide: two columns of 19 and 12 fit in 90, not a third. */
  g_autofree char *text = table (90, heads, 4, rows, 2, cells);

  ck_assert_int_le (widest (text), 90);
  ck_assert_ptr_nonnull (strstr (text, "\n\n"));
  /* Every table repeats the labels, each on one line. */
  ck_assert_ptr_nonnull (strstr (strstr (text, "\n\n"), "answers wasted (the page gone before "
                                 "the access)"));
}
END_TEST

START_TEST (test_texttable_breaks_labels_when_narrow)
{
  /* In 40, labels of 48 leave no room: they break, and columns share a table. */
  g_autofree char *text = table (40, heads, 4, rows, 2, cells);

  ck_assert_int_le (widest (text), 40);
  ck_assert_ptr_nonnull (strstr (text, "\n  "));
  ck_assert_ptr_nonnull (strstr (text, "faults"));
  ck_assert_ptr_nonnull (strstr (text, "2414 ± 0"));
}
END_TEST

START_TEST (test_texttable_breaks_long_heads)
{
  static const char *const pair[] = { "async-signal − local-region-mapper" };
  static const char *const label[] = { "faults unresolved" };
  static char *cell[] = { "* -63 ± 0" };
  g_autofree char *text = table (42, pair, 1, label, 1, cell);

  ck_assert_int_le (widest (text), 42);
  /* The head ends on the line above the row, right-aligned over the cell. */
  ck_assert_ptr_nonnull (strstr (text, "async-signal −\n"));
  ck_assert_ptr_nonnull (strstr (text, "local-region-mapper\nfaults unresolved"));
}
END_TEST

Suite *
texttable_suite (void)
{
  Suite *s = suite_create ("texttable");
  TCase *tc = tcase_create ("fit");

  tcase_add_test (tc, test_texttable_fits_whole);
  tcase_add_test (tc, test_texttable_splits_columns);
  tcase_add_test (tc, test_texttable_breaks_labels_when_narrow);
  tcase_add_test (tc, test_texttable_breaks_long_heads);
  suite_add_tcase (s, tc);
  return s;
}
