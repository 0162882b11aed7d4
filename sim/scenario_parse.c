/* The scenario text as JSON: what makes a file text at all (UTF-8, no NUL,
 * not empty), cJSON's parse, and a lexical pass of our own over what cJSON
 * lets through or misreports (unterminated strings, bad escapes, control
 * characters), so that every message names the character at fault and its
 * line and column. */
#include "sim/scenario.h"
#include "sim/scenario_priv.h"

#include <string.h>

#include "sim/jsonpos.h"

/* What went wrong at byte `at` of text that cJSON rejected. */
static char *
scenario_parse_problem (const char *text, size_t len, size_t at)
{
  size_t back = at;
  unsigned char c;
  char prev;

  while (at < len && (unsigned char) text[at] <= 32)
    at++;
  if (at >= len)
    return g_strdup ("invalid JSON: unexpected end of file (an unclosed object, array or "
                     "string?)");
  c = (unsigned char) text[at];
  while (back > 0 && (unsigned char) text[back - 1] <= 32)
    back--;
  prev = back > 0 ? text[back - 1] : '\0';
  if ((c == '}' || c == ']') && prev == ',')
    return g_strdup_printf ("invalid JSON: a trailing comma before '%c'", c);
  if (c == '/' || c == '#')
    return g_strdup ("invalid JSON: comments are not allowed");
  if (c == '\'')
    return g_strdup ("invalid JSON: strings take double quotes");
  if (g_ascii_isalpha (c) && (prev == '{' || prev == ','))
    return g_strdup_printf ("invalid JSON: unexpected '%c' (keys and strings take double "
                            "quotes)", c);
  /* A value ended, and another begins: "a": 1 "b": 2. */
  if ((c == '"' || c == '{' || c == '[') && prev != '\0' && strchr ("\"}]0123456789el", prev))
    return g_strdup_printf ("invalid JSON: unexpected '%c' (a comma missing before it?)", c);
  if (c >= 0x20 && c < 0x7f)
    return g_strdup_printf ("invalid JSON: unexpected '%c'", c);
  if (c >= 0x80)
    {
      /* The text is UTF-8 by now: name the character. */
      gunichar u = g_utf8_get_char (text + at);

      return g_strdup_printf ("invalid JSON: unexpected character U+%04X%s", u,
                              u == 0xFEFF ? " (a byte-order mark, allowed only at the start)"
                              : u == 0x201C || u == 0x201D || u == 0x2018 || u == 0x2019
                              ? " (a typographic quote; JSON takes straight double quotes)"
                              : u == 0x00A0 ? " (a no-break space)" : "");
    }
  return g_strdup_printf ("invalid JSON: unexpected byte 0x%02x", c);
}

/* A \uXXXX escape at `p` (at least 6 bytes left): its code unit, or -1. */
static int
scenario_u_escape (const char *p, size_t left)
{
  int v = 0;

  if (left < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      v = v * 16 + g_ascii_xdigit_value (p[i]);
    }
  return v;
}

char *
scenario_lex_problem (const char *text, size_t len, size_t start, size_t limit,
                      const char *whole, size_t *at)
{
  size_t i = start;

  while (i < len && i <= limit)
    {
      unsigned char c = (unsigned char) text[i];
      size_t open = i;

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        {
          *at = i;
          return g_strdup_printf ("invalid JSON: control character 0x%02x (only spaces, tabs "
                                  "and line breaks go between values)", c);
        }
      if (c != '"')
        {
          i++;
          continue;
        }
      for (i++;; i++)
        {
          if (i >= len)
            {
              *at = open;
              return g_strdup_printf ("invalid JSON: unterminated string (no closing '\"' "
                                      "before the end of the %s)", whole);
            }
          c = (unsigned char) text[i];
          if (c == '"')
            break;
          if (c == '\n' || c == '\r')
            {
              *at = open;
              return g_strdup ("invalid JSON: unterminated string (no closing '\"' on its line; "
                               "a line break in a string is written \\n)");
            }
          if (c == '\t')
            {
              *at = i;
              return g_strdup ("invalid JSON: a tab in a string (write it as \\t)");
            }
          if (c < 0x20)
            {
              *at = i;
              return g_strdup_printf ("invalid JSON: control character 0x%02x in a string "
                                      "(write it as \\u%04x)", c, c);
            }
          if (c != '\\')
            continue;
          *at = i;
          if (i + 1 >= len)
            {
              *at = open;
              return g_strdup_printf ("invalid JSON: unterminated string (no closing '\"' "
                                      "before the end of the %s)", whole);
            }
          c = (unsigned char) text[i + 1];
          if (c == 'u')
            {
              int unit = scenario_u_escape (text + i, len - i);
              int low;

              if (unit < 0)
                return g_strdup ("invalid \\u escape: \\u takes four hex digits (\\u00e9)");
              if (unit >= 0xDC00 && unit <= 0xDFFF)
                return g_strdup_printf ("invalid \\u escape: lone surrogate \\u%.4s (a low "
                                        "surrogate, \\uDC00 to \\uDFFF, must follow a high one, "
                                        "\\uD800 to \\uDBFF)", text + i + 2);
              if (unit >= 0xD800 && unit <= 0xDBFF)
                {
                  low = scenario_u_escape (text + i + 6, len - i - 6);
                  if (low < 0xDC00 || low > 0xDFFF)
                    return g_strdup_printf ("invalid \\u escape: lone surrogate \\u%.4s (a "
                                            "high surrogate, \\uD800 to \\uDBFF, must be "
                                            "followed by a low one, \\uDC00 to \\uDFFF)",
                                            text + i + 2);
                  i += 6;
                }
              i += 5;
            }
          else if (c != '\0' && strchr ("\"\\/bfnrt", c) != NULL)
            i++;
          else if (c < 0x80)
            return g_strdup_printf ("invalid JSON: unknown escape \\%c in a string (escapes "
                                    "are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                                    c >= 0x20 ? c : '?');
          else
            return g_strdup ("invalid JSON: unknown escape in a string (escapes are \\\" "
                             "\\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
      i++;
    }
  return NULL;
}

/* How deep in objects and arrays byte `at` of `text` lies (strings skipped). */
static int
scenario_depth_at (const char *text, size_t at)
{
  bool in_string = false;
  int depth = 0;

  for (size_t i = 0; i < at; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = false;
        }
      else if (c == '"')
        in_string = true;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }
  return depth;
}

cJSON *
scenario_parse (const char *name, const char *buf, size_t len, GError **error)
{
  const char *nul = memchr (buf, '\0', len);
  const char *end = NULL;
  g_autofree char *why = NULL;
  cJSON *root;
  size_t at;
  int line, col;

  const char *bad_utf8 = NULL;
  size_t skip = len >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

  if (len >= 2 && (memcmp (buf, "\xFF\xFE", 2) == 0 || memcmp (buf, "\xFE\xFF", 2) == 0))
    {
      at = 0;
      why = g_strdup ("not UTF-8 text: the file begins with a UTF-16 byte-order mark (save it "
                      "as UTF-8)");
    }
  else if (nul != NULL)
    {
      at = (size_t) (nul - buf);
      why = g_strdup ("invalid JSON: a NUL byte (not a text file?)");
    }
  else if (!g_utf8_validate_len (buf, len, &bad_utf8))
    {
      at = (size_t) (bad_utf8 - buf);
      why = g_strdup_printf ("not UTF-8 text: byte 0x%02x here is not part of a UTF-8 character "
                             "(a binary file, or text in another encoding? save it as UTF-8)",
                             (unsigned char) *bad_utf8);
    }
  else if (strspn (buf + skip, " \t\r\n") == len - skip)
    {
      at = len;
      /* Standard input is no file: `mksim check - </dev/null`. */
      why = g_strdup_printf ("the %s %s; a scenario is a JSON object such as "
                             "{\"name\": \"demo\", \"duration\": \"1s\"}",
                             strcmp (name, "<stdin>") == 0 ? "input" : "file",
                             len == skip ? "is empty" : "holds only white space");
    }
  else
    {
      size_t lex_at = 0;

      root = cJSON_ParseWithLengthOpts (buf, len + 1, &end, TRUE);
      at = root != NULL ? len : end != NULL && end >= buf ? MIN ((size_t) (end - buf), len) : 0;
      /* What cJSON lets through or misreports, up to where it stopped. */
      why = scenario_lex_problem (buf, len, skip, at, "file", &lex_at);
      if (root != NULL && why == NULL)
        return root;
      cJSON_Delete (root);
      if (why != NULL)
        {
          jsonpos_locate (buf, len, lex_at, &line, &col);
          g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_PARSE, "%s:%d:%d: %s", name, line,
                       col, why);
          return NULL;
        }
      /* Where a key was due, cJSON points one past the character that is
       * not a '"' ({"a": 1,} and {name: 1}); point at it instead. */
      if (at > 0 && (unsigned char) buf[at - 1] > 32 && buf[at - 1] != '"')
        {
          size_t k = at - 1;

          while (k > 0 && (unsigned char) buf[k - 1] <= 32)
            k--;
          if (k > 0 && (buf[k - 1] == '{' || buf[k - 1] == ','))
            at--;
        }
      if (at < len && (buf[at] == '[' || buf[at] == '{')
          && scenario_depth_at (buf, at) >= CJSON_NESTING_LIMIT)
        why = g_strdup_printf ("invalid JSON: nested more than %d objects and arrays deep",
                               CJSON_NESTING_LIMIT);
      else
        why = scenario_parse_problem (buf, len, at);
    }
  jsonpos_locate (buf, len, at, &line, &col);
  g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_PARSE, "%s:%d:%d: %s", name, line, col, why);
  return NULL;
}

