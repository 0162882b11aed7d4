/* Control characters shown as escapes (see escape.h).  The test is on code
 * points, not bytes: U+009B, the one-character CSI, is two bytes in UTF-8
 * (C2 9B), and a terminal in UTF-8 mode acts on it as on ESC [.  Invalid
 * UTF-8 is escaped byte by byte, because a terminal in a single-byte
 * charset would read 0x9B alone as CSI. */
#include "sim/engine/escape.h"

#include <string.h>

/* Does a terminal act on `c` rather than show it? */
static bool
escape_is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f)
         || c == 0x2028 || c == 0x2029                  /* line, paragraph separator */
         || c == 0x200e || c == 0x200f || c == 0x061c   /* directional marks */
         || (c >= 0x202a && c <= 0x202e)                /* embeddings, overrides */
         || (c >= 0x2066 && c <= 0x2069);               /* isolates */
}

/* The character at `p` (at most `left` bytes), its length in `len`;
 * (gunichar) -1 for a byte that does not start valid UTF-8. */
static gunichar
escape_next (const char *p, gssize left, int *len)
{
  gunichar c = (unsigned char) *p;

  if (c < 0x80)
    {
      *len = 1;
      return c;
    }
  c = g_utf8_get_char_validated (p, left);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *len = 1;
      return (gunichar) -1;
    }
  *len = (int) (g_utf8_next_char (p) - p);
  return c;
}

bool
escape_needed (const char *text, bool keep_newlines)
{
  const char *p = text != NULL ? text : "";
  const char *end = p + strlen (p);

  while (p < end)
    {
      int len;
      gunichar c = escape_next (p, end - p, &len);

      if (c == (gunichar) -1 || (escape_is_control (c) && !(keep_newlines && c == '\n')))
        return true;
      p += len;
    }
  return false;
}

void
escape_append (GString *s, const char *text, bool keep_newlines)
{
  const char *p = text != NULL ? text : "";
  const char *end = p + strlen (p);

  while (p < end)
    {
      int len;
      gunichar c = escape_next (p, end - p, &len);

      if (c == (gunichar) -1)
        g_string_append_printf (s, "\\x%02x", (unsigned char) *p);
      else if (!escape_is_control (c) || (keep_newlines && c == '\n'))
        g_string_append_len (s, p, len);
      else if (c == '\n')
        g_string_append (s, "\\n");
      else if (c == '\t')
        g_string_append (s, "\\t");
      else if (c == '\r')
        g_string_append (s, "\\r");
      else
        g_string_append_printf (s, "\\u%04x", (unsigned) c);
      p += len;
    }
}

char *
escape_text (const char *text, bool keep_newlines)
{
  GString *s;

  if (!escape_needed (text, keep_newlines))
    return g_strdup (text != NULL ? text : "");
  s = g_string_sized_new (strlen (text) + 16);
  escape_append (s, text, keep_newlines);
  return g_string_free (s, FALSE);
}
