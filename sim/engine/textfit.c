/* Lines fitted to a terminal's width (see textfit.h).  Positions are
 * counted in characters throughout: a byte count would break lines that
 * hold "µ" or "±" early and pad them short. */
#include "sim/engine/textfit.h"

#include <stdbool.h>
#include <string.h>

/* Is the space at `q` (after `prev`) one between a number and its unit
 * ("1.45 ms", "64.0 KiB", "12 %")?  The two stay on one line. */
static bool
textfit_binds_unit (const char *prev, const char *q)
{
  static const char *const units[] = { "ns", "µs", "us", "ms", "s", "min", "h", "B", "KiB",
                                       "MiB", "GiB", "kB", "MB", "GB", "%" };

  if (prev == NULL || !g_ascii_isdigit (*prev))
    return false;
  for (size_t i = 0; i < G_N_ELEMENTS (units); i++)
    {
      size_t n = strlen (units[i]);

      if (strncmp (q + 1, units[i], n) == 0 && strchr (" ,;:.)]", q[1 + n]) != NULL)
        return true;
    }
  return false;
}

void
textfit_append_line (GString *out, const char *line, int width, int hang)
{
  const char *p = line;
  int indent = 0;

  if (width <= 0)
    {
      g_string_append (out, line);
      g_string_append_c (out, '\n');
      return;
    }
  hang = CLAMP (hang, 0, 2 * width / 3);
  for (;;)
    {
      int room = width - indent, i = 0;
      const char *q = p, *cut = NULL, *brk = NULL, *prev = NULL;
      bool word = false;

      if (g_utf8_strlen (p, -1) <= room)
        break;
      /* The last space that leaves a word before it and at most `room`
       * characters; the text's own indentation is no place to break. */
      for (; *q != '\0' && i <= room; prev = q, q = g_utf8_next_char (q), i++)
        {
          if (i == room)
            cut = q;
          if (*q == ' ' && word && !textfit_binds_unit (prev, q))
            brk = q;
          else if (*q != ' ')
            word = true;
        }
      if (brk == NULL)
        brk = cut;
      g_string_append_printf (out, "%*s", indent, "");
      g_string_append_len (out, p, brk - p);
      /* No trailing blanks at the break. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
      p = brk;
      while (*p == ' ')
        p++;
      indent = hang;
      if (*p == '\0')
        return;
    }
  g_string_append_printf (out, "%*s%s\n", indent, "", p);
}

int
textfit_hang (const char *line, int width)
{
  int lead = (int) strspn (line, " "), col = lead;
  bool word = false;

  for (const char *p = line + lead; *p != '\0'; p = g_utf8_next_char (p), col++)
    if (*p != ' ')
      word = true;
    else if (word && p[1] == ' ')
      {
        int gap = (int) strspn (p, " ");

        if (p[gap] != '\0' && 3 * (col + gap) <= 2 * width)
          return col + gap;
        break;
      }
  return lead > 0 ? lead + 2 : 0;
}

/* Does the line at `p` go on the paragraph of a line indented by `lead`
 * that is too wide: the same indentation, and text that starts no option,
 * item or table row of its own? */
static bool
textfit_continues (const char *p, int lead)
{
  const char *end = strchr (p, '\n');
  size_t n = end != NULL ? (size_t) (end - p) : strlen (p);
  int spaces = (int) strspn (p, " ");

  if (spaces != lead || (size_t) spaces >= n || p[spaces] == '-' || p[spaces] == '*'
      || p[spaces] == '(')
    return false;
  /* Two spaces inside: columns, not prose. */
  return g_strstr_len (p + spaces, (gssize) (n - (size_t) spaces), "  ") == NULL;
}

char *
textfit_lines (const char *text, int width)
{
  GString *out = g_string_sized_new (strlen (text) + 64);
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      g_autoptr (GString) line = g_string_new_len (p, end != NULL ? end - p : (gssize) strlen (p));

      if (width > 0 && g_utf8_strlen (line->str, -1) > width)
        {
          int hang = textfit_hang (line->str, width);

          /* A paragraph broken by hand for a wider terminal: what is cut
           * off a line runs on into the next, rather than leaving a line of
           * a word or two under each. */
          while (end != NULL && hang == (int) strspn (line->str, " ")
                 && textfit_continues (end + 1, hang))
            {
              const char *next = end + 1 + hang;

              end = strchr (next, '\n');
              g_string_append_c (line, ' ');
              g_string_append_len (line, next, end != NULL ? end - next : (gssize) strlen (next));
            }
          textfit_append_line (out, line->str, width, hang);
        }
      else
        g_string_append_printf (out, "%s\n", line->str);
      if (end == NULL)
        {
          /* A last line without a line break keeps having none. */
          g_string_truncate (out, out->len - 1);
          break;
        }
      p = end + 1;
    }
  return g_string_free (out, FALSE);
}
