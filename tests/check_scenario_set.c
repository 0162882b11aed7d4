/* Tests of --set addressing a list element by its name
 * (sim/scenario_set.c): managers[hanger] is the element whose "name" is
 * "hanger", the same as its index; names nest (processes[app].threads[hog]);
 * an unknown name is an error that lists the names and guesses the one
 * meant, and an element without names cannot be named. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "sim/scenario.h"

#define FULL "tests/data/full.json"

static ScenarioConfig *
load (const char *const *sets, GError **error)
{
  return scenario_load_file (FULL, sets, error);
}

/* The message of a --set that must fail, newly allocated. */
static char *
load_error (const char *set)
{
  const char *sets[] = { set, NULL };
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = load (sets, &error);

  ck_assert_msg (c == NULL, "--set %s was accepted", set);
  ck_assert_int_eq (error->code, SCENARIO_ERROR_SET);
  return g_strdup (error->message);
}

START_TEST (test_set_by_name_is_by_index)
{
  const char *by_name[] = { "managers[hanger].behavior.kind=ok", "managers[slow].priority=33",
                            NULL };
  const char *by_index[] = { "managers[2].behavior.kind=ok", "managers[1].priority=33", NULL };
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  ScenarioConfig *a = load (by_name, &e1);
  ScenarioConfig *b = load (by_index, &e2);

  ck_assert_msg (a != NULL, "%s", e1 != NULL ? e1->message : "");
  ck_assert_msg (b != NULL, "%s", e2 != NULL ? e2->message : "");
  ck_assert_str_eq (a->managers[2].name, "hanger");
  ck_assert_int_eq (a->managers[2].behavior.kind, BEHAVIOR_OK);
  ck_assert_int_eq (a->managers[1].priority, 33);
  ck_assert_int_eq (b->managers[2].behavior.kind, BEHAVIOR_OK);
  ck_assert_int_eq (b->managers[1].priority, 33);
  /* The same document either way: the same digest. */
  ck_assert_str_eq (a->sha256, b->sha256);
  scenario_free (a);
  scenario_free (b);
}
END_TEST

START_TEST (test_set_by_name_nests)
{
  const char *sets[] = { "processes[app].threads[hog].priority=7",
                         "processes[app].threads[worker].count=2", NULL };
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = load (sets, &error);

  ck_assert_msg (c != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (c->processes[0].threads[1].priority, 7);
  ck_assert_int_eq (c->processes[0].threads[0].count, 2);
  scenario_free (c);
}
END_TEST

START_TEST (test_set_unknown_name_lists_names)
{
  g_autofree char *close = load_error ("managers[hangr].behavior.kind=ok");
  g_autofree char *far = load_error ("managers[zzz].service=1ms");
  g_autofree char *kind = load_error ("kernel[x]=1");

  ck_assert_str_eq (close, "--set managers[hangr].behavior.kind=ok: "
                    "managers[hangr].behavior.kind: no element of managers is named \"hangr\"; "
                    "did you mean \"hanger\"? (names: \"swap\", \"slow\", \"hanger\", "
                    "\"crasher\")");
  ck_assert_msg (strstr (far, "no element of managers is named \"zzz\" (names: \"swap\", "
                         "\"slow\", \"hanger\", \"crasher\")") != NULL, "%s", far);
  ck_assert_msg (strstr (far, "did you mean") == NULL, "%s", far);
  /* Only a list can be named into. */
  ck_assert_msg (strstr (kind, "kernel[x]: kernel is an object, not an array") != NULL, "%s",
                 kind);
}
END_TEST

START_TEST (test_set_name_needs_names)
{
  /* A list whose elements have no "name": an index is the only way. */
  const char *sets[] = { "processes[app].threads[worker].program[x].sleep=1ms", NULL };
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = load (sets, &error);

  ck_assert (c == NULL);
  ck_assert_msg (strstr (error->message, "no element of processes[app].threads[worker].program "
                         "is named \"x\" (none has a name; give an index, e.g. [0])") != NULL,
                 "%s", error->message);
}
END_TEST

START_TEST (test_set_name_malformed)
{
  g_autofree char *empty = load_error ("managers[].service=1ms");
  g_autofree char *open = load_error ("managers[swap.service=1ms");
  g_autofree char *nested = load_error ("managers[a[b]].service=1ms");

  ck_assert_msg (strstr (empty, "malformed path \"managers[].service\"") != NULL, "%s", empty);
  ck_assert_msg (strstr (open, "malformed path \"managers[swap.service\"") != NULL, "%s", open);
  ck_assert_msg (strstr (nested, "malformed path") != NULL, "%s", nested);
}
END_TEST

Suite *
scenario_set_suite (void)
{
  Suite *s = suite_create ("scenario_set");
  TCase *tc = tcase_create ("names");

  tcase_add_test (tc, test_set_by_name_is_by_index);
  tcase_add_test (tc, test_set_by_name_nests);
  tcase_add_test (tc, test_set_unknown_name_lists_names);
  tcase_add_test (tc, test_set_name_needs_names);
  tcase_add_test (tc, test_set_name_malformed);
  suite_add_tcase (s, tc);
  return s;
}
