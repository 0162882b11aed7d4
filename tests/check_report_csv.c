/* Tests of the CSV writer (sim/report_csv.c): rows match their header and
 * fields that need quoting are quoted. */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/result.h"
#include "sim/report_csv.h"
#include "tests/report_fixture.h"

/* ---- CSV -------------------------------------------------------------- */

static int
csv_fields (const char *line)
{
  int n = 1;
  bool quoted = false;

  for (const char *p = line; *p != '\0' && (quoted || *p != '\n'); p++)
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ',' && !quoted)
      n++;
  return n;
}

START_TEST (test_csv_row_matches_header)
{
  RunResult *r = rf_full ();
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  const char *row;

  g_free (r->scenario);
  r->scenario = g_strdup ("a, \"quoted\"\nname");
  report_csv_header (f);
  report_csv_row (f, r);
  fclose (f);
  row = strchr (buf, '\n') + 1;
  ck_assert_int_eq (csv_fields (buf), csv_fields (row));
  ck_assert_int_gt (csv_fields (buf), 20);
  ck_assert (g_str_has_prefix (buf, "scenario,strategy,seed,"));
  ck_assert (g_str_has_prefix (row, "\"a, \"\"quoted\"\"\nname\",async-signal,1,"));
  ck_assert (g_str_has_suffix (buf, "\n"));
  free (buf);
  run_result_free (r);
}
END_TEST

Suite *report_csv_suite (void)
{
  Suite *s = suite_create ("report_csv");
  TCase *tc;

  tc = tcase_create ("csv");
  tcase_add_test (tc, test_csv_row_matches_header);
  suite_add_tcase (s, tc);
  return s;
}
