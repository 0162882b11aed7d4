/* Tests of "did you mean" (sim/suggest.c): the edit distance with
 * transpositions, how close a candidate must be, prefixes, abbreviations
 * of strategy names, and no guess where none is close or several are. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "sim/suggest.h"

static const char *const strategies[] = { "async-signal", "sync-rpc", "local-region-mapper",
                                          "ipc-timeout" };
static const char *const scenarios[] = { "hello", "hung-manager", "livelock", "local-rm-hang",
                                         "message-cost", "timer-driver", "traces" };

START_TEST (test_suggest_distance)
{
  ck_assert_uint_eq (suggest_distance ("", ""), 0);
  ck_assert_uint_eq (suggest_distance ("abc", ""), 3);
  ck_assert_uint_eq (suggest_distance ("", "abc"), 3);
  ck_assert_uint_eq (suggest_distance ("kitten", "sitting"), 3);
  /* A transposition of neighbours is one edit, not two. */
  ck_assert_uint_eq (suggest_distance ("stratgey", "strategy"), 1);
  ck_assert_uint_eq (suggest_distance ("ab", "ba"), 1);
  /* Optimal string alignment: "ca" -> "abc" is 3, not the unrestricted 2. */
  ck_assert_uint_eq (suggest_distance ("ca", "abc"), 3);
  /* Case is ignored, in transpositions too. */
  ck_assert_uint_eq (suggest_distance ("HELLO", "hello"), 0);
  ck_assert_uint_eq (suggest_distance ("Ab", "bA"), 1);
  /* Symmetric. */
  ck_assert_uint_eq (suggest_distance ("hung-manger", "hung-manager"),
                     suggest_distance ("hung-manager", "hung-manger"));
}
END_TEST

START_TEST (test_suggest_closest)
{
  ck_assert_str_eq (suggest_closest ("hung-manger", scenarios, G_N_ELEMENTS (scenarios)),
                    "hung-manager");
  ck_assert_str_eq (suggest_closest ("helo", scenarios, G_N_ELEMENTS (scenarios)), "hello");
  ck_assert_str_eq (suggest_closest ("sync-rcp", strategies, G_N_ELEMENTS (strategies)),
                    "sync-rpc");
  /* A prefix is close, however short the word. */
  ck_assert_str_eq (suggest_closest ("async", strategies, G_N_ELEMENTS (strategies)),
                    "async-signal");
  ck_assert_str_eq (suggest_closest ("ipc", strategies, G_N_ELEMENTS (strategies)),
                    "ipc-timeout");
  /* Nothing close: no guess. */
  ck_assert_ptr_null (suggest_closest ("zzz", strategies, G_N_ELEMENTS (strategies)));
  ck_assert_ptr_null (suggest_closest ("frobnicate", scenarios, G_N_ELEMENTS (scenarios)));
  /* A short word allows one edit only. */
  ck_assert_ptr_null (suggest_closest ("hxyo", scenarios, G_N_ELEMENTS (scenarios)));
}
END_TEST

START_TEST (test_suggest_name_abbreviations)
{
  const char *const options[] = { "strategy", "seed", "set", "json", "runs", "explain",
                                  "explain-from" };

  ck_assert_str_eq (suggest_name ("local-rm", strategies, G_N_ELEMENTS (strategies)),
                    "local-region-mapper");
  ck_assert_str_eq (suggest_name ("lrm", strategies, G_N_ELEMENTS (strategies)),
                    "local-region-mapper");
  ck_assert_str_eq (suggest_name ("stratgy", options, G_N_ELEMENTS (options)), "strategy");
  ck_assert_str_eq (suggest_name ("rnus", options, G_N_ELEMENTS (options)), "runs");
  ck_assert_str_eq (suggest_name ("explian", options, G_N_ELEMENTS (options)), "explain");
  /* Several candidates abbreviated alike: no guess. */
  ck_assert_ptr_null (suggest_name ("exfm", (const char *const[]) { "explain-from", "exit-from-main" },
                                    2));
  /* A different first letter is no abbreviation. */
  ck_assert_ptr_null (suggest_name ("rm", strategies, G_N_ELEMENTS (strategies)));
}
END_TEST

START_TEST (test_suggest_limits)
{
  g_autofree char *huge = g_strnfill (100, 'a');
  const char *const with_null[] = { NULL, "hello" };

  ck_assert_ptr_null (suggest_closest (huge, scenarios, G_N_ELEMENTS (scenarios)));
  ck_assert_ptr_null (suggest_name (huge, scenarios, G_N_ELEMENTS (scenarios)));
  ck_assert_str_eq (suggest_closest ("hellp", with_null, 2), "hello");
  ck_assert_ptr_null (suggest_closest ("hello", scenarios, 0));
}
END_TEST

Suite *
suggest_suite (void)
{
  Suite *s = suite_create ("suggest");
  TCase *tc = tcase_create ("core");

  tcase_add_test (tc, test_suggest_distance);
  tcase_add_test (tc, test_suggest_closest);
  tcase_add_test (tc, test_suggest_name_abbreviations);
  tcase_add_test (tc, test_suggest_limits);
  suite_add_tcase (s, tc);
  return s;
}
