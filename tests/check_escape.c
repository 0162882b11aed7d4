/* Tests of the escaping of control characters for text outputs
 * (sim/engine/escape.c): what a terminal acts on is shown as an escape,
 * what it only shows is left alone, and the result is valid UTF-8. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "sim/engine/escape.h"

static void
assert_escaped (const char *in, bool keep_newlines, const char *want)
{
  g_autofree char *got = escape_text (in, keep_newlines);

  ck_assert_str_eq (got, want);
  ck_assert (g_utf8_validate (got, -1, NULL));
  ck_assert (!escape_needed (got, keep_newlines));
  ck_assert (escape_needed (in, keep_newlines) == (strcmp (in, want) != 0));
}

START_TEST (test_escape_terminal_sequences)
{
  assert_escaped ("evil\x1b[31mred\x1b[0m", false, "evil\\u001b[31mred\\u001b[0m");
  /* An OSC title sequence ended by BEL, and one ended by ST (ESC \). */
  assert_escaped ("\x1b]0;pwned\x07", false, "\\u001b]0;pwned\\u0007");
  assert_escaped ("\x1b]2;t\x1b\\", false, "\\u001b]2;t\\u001b\\");
  /* The one-character CSI, U+009B, two bytes in UTF-8; DEL. */
  assert_escaped ("a\xc2\x9b" "31mb\x7f", false, "a\\u009b31mb\\u007f");
}
END_TEST

START_TEST (test_escape_line_breaks_and_tabs)
{
  assert_escaped ("a\nb\tc\rd", false, "a\\nb\\tc\\rd");
  assert_escaped ("a\nb\tc", true, "a\nb\\tc");
  /* U+2028, U+2029: line breaks to some terminals and editors. */
  assert_escaped ("x\xe2\x80\xa8y\xe2\x80\xa9z", true, "x\\u2028y\\u2029z");
}
END_TEST

START_TEST (test_escape_direction_overrides)
{
  /* RLO reverses what follows it on screen; LRI ... PDI isolate. */
  assert_escaped ("abc\xe2\x80\xae" "fed", false, "abc\\u202efed");
  assert_escaped ("\xe2\x81\xa6x\xe2\x81\xa9", false, "\\u2066x\\u2069");
  assert_escaped ("\xe2\x80\x8f", false, "\\u200f");
}
END_TEST

START_TEST (test_escape_leaves_text_alone)
{
  assert_escaped ("app.worker[3]", false, "app.worker[3]");
  assert_escaped ("12.80 µs ± 3 %, naïve, 日本", false, "12.80 µs ± 3 %, naïve, 日本");
  /* U+00A0, a no-break space, is shown, not acted on. */
  assert_escaped ("64\xc2\xa0KiB", false, "64\xc2\xa0KiB");
  assert_escaped ("back\\slash", false, "back\\slash");
  assert_escaped ("", false, "");
}
END_TEST

START_TEST (test_escape_invalid_utf8_by_byte)
{
  /* A lone 0x9B is CSI to a terminal in a single-byte charset. */
  assert_escaped ("a\x9b" "b", false, "a\\x9bb");
  assert_escaped ("\xff\xfe", false, "\\xff\\xfe");
  /* A sequence cut short, then valid text. */
  assert_escaped ("\xe2\x82 ok", false, "\\xe2\\x82 ok");
}
END_TEST

START_TEST (test_escape_null_and_append)
{
  g_autofree char *none = escape_text (NULL, false);
  g_autoptr (GString) s = g_string_new ("x=");

  ck_assert_str_eq (none, "");
  escape_append (s, "\x1b", false);
  escape_append (s, NULL, false);
  ck_assert_str_eq (s->str, "x=\\u001b");
}
END_TEST

Suite *escape_suite (void)
{
  Suite *s = suite_create ("escape");
  TCase *tc = tcase_create ("text");

  tcase_add_test (tc, test_escape_terminal_sequences);
  tcase_add_test (tc, test_escape_line_breaks_and_tabs);
  tcase_add_test (tc, test_escape_direction_overrides);
  tcase_add_test (tc, test_escape_leaves_text_alone);
  tcase_add_test (tc, test_escape_invalid_utf8_by_byte);
  tcase_add_test (tc, test_escape_null_and_append);
  suite_add_tcase (s, tc);
  return s;
}
