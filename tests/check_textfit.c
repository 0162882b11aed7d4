/* Tests of fitting lines to a terminal's width (sim/engine/textfit.c):
 * breaks at spaces, continuation under the line's text, characters counted
 * rather than bytes, words longer than a line cut, short lines untouched. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "sim/engine/textfit.h"

/* Every line of `text` has at most `width` characters. */
static void
assert_fits (const char *text, int width)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (char **l = lines; *l != NULL; l++)
    ck_assert_msg (g_utf8_strlen (*l, -1) <= width, "'%s' is wider than %d", *l, width);
}

static char *
fit_line (const char *line, int width, int hang)
{
  GString *s = g_string_new (NULL);

  textfit_append_line (s, line, width, hang);
  return g_string_free (s, FALSE);
}

START_TEST (test_textfit_breaks_at_spaces)
{
  g_autofree char *got = fit_line ("the quick brown fox jumps", 10, 2);

  ck_assert_str_eq (got, "the quick\n  brown\n  fox\n  jumps\n");
  assert_fits (got, 10);
}
END_TEST

START_TEST (test_textfit_short_line_untouched)
{
  g_autofree char *got = fit_line ("  fits  as is", 13, 4);
  g_autofree char *text = textfit_lines ("a b\n\n  c  d\nlast", 20);

  ck_assert_str_eq (got, "  fits  as is\n");
  ck_assert_str_eq (text, "a b\n\n  c  d\nlast");
}
END_TEST

START_TEST (test_textfit_counts_characters)
{
  /* 10 characters, 12 bytes: fits in 10. */
  g_autofree char *got = fit_line ("1.5 µs ± 2", 10, 0);
  g_autofree char *narrow = fit_line ("1.5 µs ± 2", 9, 0);

  ck_assert_str_eq (got, "1.5 µs ± 2\n");
  ck_assert_str_eq (narrow, "1.5 µs ±\n2\n");
}
END_TEST

START_TEST (test_textfit_keeps_units)
{
  g_autofree char *got = fit_line ("max 10.68 ms, 64.0 KiB, 5 %", 11, 0);

  ck_assert_str_eq (got, "max\n10.68 ms,\n64.0 KiB,\n5 %\n");
}
END_TEST

START_TEST (test_textfit_cuts_long_words)
{
  g_autofree char *got = fit_line ("abcdefghijkl mn", 5, 0);

  ck_assert_str_eq (got, "abcde\nfghij\nkl mn\n");
  assert_fits (got, 5);
}
END_TEST

START_TEST (test_textfit_indentation_is_no_break)
{
  /* The leading spaces stay; the break comes after a word. */
  g_autofree char *got = fit_line ("      word another", 14, 7);

  ck_assert_str_eq (got, "      word\n       another\n");
}
END_TEST

START_TEST (test_textfit_hang)
{
  ck_assert_int_eq (textfit_hang ("  --json=F      Write the JSON", 80), 16);
  ck_assert_int_eq (textfit_hang ("    0.305329 ms  core's pager calls", 80), 17);
  /* The label column too far right: two deeper than the indentation. */
  ck_assert_int_eq (textfit_hang ("  --json=F      Write the JSON", 20), 4);
  ck_assert_int_eq (textfit_hang ("  --json=F      Write the JSON", 24), 16);
  ck_assert_int_eq (textfit_hang ("prose with one space", 80), 0);
  ck_assert_int_eq (textfit_hang ("  a sentence", 80), 4);
  /* Trailing spaces are no column. */
  ck_assert_int_eq (textfit_hang ("  word   ", 80), 4);
}
END_TEST

START_TEST (test_textfit_lines_help)
{
  const char *help =
    "Usage:\n"
    "  --strategies=all|S,S     Strategies to run, in this order: all (default) or a "
    "comma-separated list of async-signal, sync-rpc, local-region-mapper, ipc-timeout\n";
  g_autofree char *got = textfit_lines (help, 60);

  assert_fits (got, 60);
  ck_assert (strstr (got, "\n                           comma-separated") != NULL
             || strstr (got, "\n                           local-region-mapper") != NULL);
  ck_assert (g_str_has_suffix (got, "ipc-timeout\n"));
  /* Nothing lost but the spaces at the breaks. */
  {
    g_autofree char *a = g_strdup (help), *b = g_strdup (got);
    g_auto (GStrv) wa = g_strsplit_set (a, " \n", -1), wb = g_strsplit_set (b, " \n", -1);
    g_autoptr (GString) ja = g_string_new (NULL), jb = g_string_new (NULL);

    for (char **w = wa; *w != NULL; w++)
      g_string_append (ja, *w);
    for (char **w = wb; *w != NULL; w++)
      g_string_append (jb, *w);
    ck_assert_str_eq (ja->str, jb->str);
  }
}
END_TEST

START_TEST (test_textfit_refills_paragraphs)
{
  g_autofree char *got = textfit_lines ("one two three four\nfive six\n  --opt  x\n", 12);
  /* A line that fits is never joined to the next. */
  g_autofree char *kept = textfit_lines ("one two\nthree\n", 12);
  /* Nor a table row or an option, whatever its indentation. */
  g_autofree char *rows = textfit_lines ("a b c d e f g h\nrow  1\n- item\n", 12);

  ck_assert_str_eq (got, "one two\nthree four\nfive six\n  --opt  x\n");
  ck_assert_str_eq (kept, "one two\nthree\n");
  ck_assert_str_eq (rows, "a b c d e f\ng h\nrow  1\n- item\n");
}
END_TEST

START_TEST (test_textfit_no_limit)
{
  g_autofree char *got = fit_line ("a b c", 0, 2);
  g_autofree char *text = textfit_lines ("a b c\n", -1);

  ck_assert_str_eq (got, "a b c\n");
  ck_assert_str_eq (text, "a b c\n");
}
END_TEST

Suite *
textfit_suite (void)
{
  Suite *s = suite_create ("textfit");
  TCase *tc = tcase_create ("core");

  tcase_add_test (tc, test_textfit_breaks_at_spaces);
  tcase_add_test (tc, test_textfit_short_line_untouched);
  tcase_add_test (tc, test_textfit_counts_characters);
  tcase_add_test (tc, test_textfit_keeps_units);
  tcase_add_test (tc, test_textfit_cuts_long_words);
  tcase_add_test (tc, test_textfit_indentation_is_no_break);
  tcase_add_test (tc, test_textfit_hang);
  tcase_add_test (tc, test_textfit_lines_help);
  tcase_add_test (tc, test_textfit_refills_paragraphs);
  tcase_add_test (tc, test_textfit_no_limit);
  suite_add_tcase (s, tc);
  return s;
}
