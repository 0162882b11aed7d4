/* Tests of the parts of `mksim list` and `mksim lesson` (sim/lesson.c)
 * that the command-line tests cannot reach one by one: reading the claims
 * a lesson begins with, and the terminal width. */
#include <check.h>
#include <glib.h>
#include <stdlib.h>

#include "sim/lesson.h"

START_TEST (test_lesson_first_claim)
{
  static const struct {
    const char *lesson;
    int claim;
  } cases[] = {
    { "C1 and C2: dataspace manager evil ...", 1 },
    { "C13: page faults ...", 13 },
    { "  C6 and C7: one sweep", 6 },
    { "C6, C7 and C9: three", 6 },
    { "C12: x", 12 },
    { "C7, a timeout too long", 0 },      /* no colon after the claims */
    { "C8 under ipc-timeout:", 0 },
    { "Nested managers and C8: x", 0 },
    { "C: none", 0 },
    { "Cx: none", 0 },
    { "", 0 },
    { NULL, 0 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    ck_assert_msg (lesson_first_claim (cases[i].lesson) == cases[i].claim, "'%s': %d, want %d",
                   cases[i].lesson != NULL ? cases[i].lesson : "(null)",
                   lesson_first_claim (cases[i].lesson), cases[i].claim);
}
END_TEST

START_TEST (test_lesson_width_from_columns)
{
  g_autofree char *saved = g_strdup (g_getenv ("COLUMNS"));

  g_unsetenv ("COLUMNS");
  ck_assert_int_eq (lesson_width (), 80);
  g_setenv ("COLUMNS", "120", TRUE);
  ck_assert_int_eq (lesson_width (), 120);
  g_setenv ("COLUMNS", "5", TRUE);         /* too narrow to wrap a lesson in */
  ck_assert_int_eq (lesson_width (), 80);
  g_setenv ("COLUMNS", "wide", TRUE);
  ck_assert_int_eq (lesson_width (), 80);
  if (saved != NULL)
    g_setenv ("COLUMNS", saved, TRUE);
  else
    g_unsetenv ("COLUMNS");
}
END_TEST

Suite *
lesson_suite (void)
{
  Suite *s = suite_create ("lesson");
  TCase *tc = tcase_create ("parts");

  tcase_add_test (tc, test_lesson_first_claim);
  tcase_add_test (tc, test_lesson_width_from_columns);
  suite_add_tcase (s, tc);
  return s;
}
