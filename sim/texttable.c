/* Text tables fitted to a width (see texttable.h).  The labels' width is
 * the one thing chosen: first the longest label, which keeps every label on
 * one line; only if that leaves a table per column, or a line too wide,
 * narrower ones, down to the longest word of a label, taking the widest
 * that needs the fewest tables. */
#include "sim/texttable.h"

#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "sim/engine/textfit.h"

typedef struct {
  int room;
  size_t n_cols;
  const int *cell_w;            /* the widest cell of each column */
  const int *head_w;            /* each head on one line */
  const int *head_word;         /* the longest word of each head */
} Layout;

static int
texttable_len (const char *s)
{
  return (int) g_utf8_strlen (s, -1);
}

static int
texttable_longest_word (const char *s)
{
  g_auto (GStrv) words = g_strsplit (s, " ", -1);
  int n = 0;

  for (char **w = words; *w != NULL; w++)
    n = MAX (n, texttable_len (*w));
  return n;
}

/* Column c's width beside labels `label_w` wide: its head on one line if
 * that fits the room, else broken down to its longest word. */
static int
texttable_col_width (const Layout *l, int label_w, size_t c)
{
  if (label_w + 2 + MAX (l->cell_w[c], l->head_w[c]) <= l->room)
    return MAX (l->cell_w[c], l->head_w[c]);
  return MAX (l->cell_w[c], MIN (l->head_w[c], MAX (l->head_word[c], l->room - label_w - 2)));
}

/* The column after which each table ends (ends[k]), greedily; the number
 * of tables, and in `*over` whether some line is wider than the room. */
static size_t
texttable_parts (const Layout *l, int label_w, size_t *ends, bool *over)
{
  size_t from = 0, n = 0;

  *over = false;
  while (from < l->n_cols)
    {
      size_t to = from + 1;
      int used = label_w + 2 + texttable_col_width (l, label_w, from);

      /* At least one column a table, even if it alone is too wide. */
      *over = *over || used > l->room;
      while (to < l->n_cols && used + 2 + texttable_col_width (l, label_w, to) <= l->room)
        used += 2 + texttable_col_width (l, label_w, to++);
      if (ends != NULL)
        ends[n] = to;
      n++;
      from = to;
    }
  return n;
}

/* `text` broken into lines of `width`, continued two spaces in. */
static char **
texttable_lines (const char *text, int width, int hang)
{
  g_autoptr (GString) s = g_string_new (NULL);

  textfit_append_line (s, text, width, hang);
  g_string_truncate (s, s->len - 1);
  return g_strsplit (s->str, "\n", -1);
}

static void
texttable_pad (FILE *out, const char *s, int width, bool right)
{
  int pad = MAX (width - texttable_len (s), 0);

  if (right)
    fprintf (out, "%*s%s", pad, "", s);
  else
    fprintf (out, "%s%*s", s, pad, "");
}

static void
texttable_part (FILE *out, const Layout *l, int label_w, const char *corner,
                const char *const *heads, const char *const *rows, size_t n_rows,
                char *const *cells, size_t from, size_t to)
{
  g_autoptr (GPtrArray) head_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint depth = 1;

  for (size_t c = from; c < to; c++)
    {
      char **lines = texttable_lines (heads[c], texttable_col_width (l, label_w, c), 0);

      g_ptr_array_add (head_lines, lines);
      depth = MAX (depth, g_strv_length (lines));
    }
  /* Heads of several lines end on the line above the first row. */
  for (guint d = 0; d < depth; d++)
    {
      texttable_pad (out, d + 1 == depth ? corner : "", label_w, false);
      for (size_t c = from; c < to; c++)
        {
          char **lines = head_lines->pdata[c - from];
          guint n = g_strv_length (lines);

          fputs ("  ", out);
          texttable_pad (out, d + n >= depth ? lines[d + n - depth] : "",
                         texttable_col_width (l, label_w, c), true);
        }
      fputc ('\n', out);
    }
  for (size_t r = 0; r < n_rows; r++)
    {
      g_auto (GStrv) label = texttable_lines (rows[r], label_w, 2);

      texttable_pad (out, label[0], label_w, false);
      for (size_t c = from; c < to; c++)
        {
          fputs ("  ", out);
          texttable_pad (out, cells[r * l->n_cols + c], texttable_col_width (l, label_w, c), true);
        }
      fputc ('\n', out);
      for (char **more = label + 1; *more != NULL; more++)
        fprintf (out, "%s\n", *more);
    }
}

void
texttable_print (FILE *out, int room, const char *corner, const char *const *heads,
                 size_t n_cols, const char *const *rows, size_t n_rows, char *const *cells)
{
  g_autofree int *cell_w = g_new0 (int, MAX (n_cols, 1));
  g_autofree int *head_w = g_new0 (int, MAX (n_cols, 1));
  g_autofree int *head_word = g_new0 (int, MAX (n_cols, 1));
  g_autofree size_t *ends = g_new0 (size_t, MAX (n_cols, 1));
  Layout l = { room, n_cols, cell_w, head_w, head_word };
  int label_w = texttable_len (corner), word_w = texttable_len (corner);
  size_t n_parts;
  bool over;

  for (size_t r = 0; r < n_rows; r++)
    {
      label_w = MAX (label_w, texttable_len (rows[r]));
      word_w = MAX (word_w, texttable_longest_word (rows[r]) + 2);
    }
  for (size_t c = 0; c < n_cols; c++)
    {
      head_w[c] = texttable_len (heads[c]);
      head_word[c] = texttable_longest_word (heads[c]);
      for (size_t r = 0; r < n_rows; r++)
        cell_w[c] = MAX (cell_w[c], texttable_len (cells[r * n_cols + c]));
    }
  n_parts = texttable_parts (&l, label_w, NULL, &over);
  if (over || (n_cols > 1 && n_parts == n_cols))
    {
      /* Fewest lines too wide, then fewest tables, then the widest labels. */
      bool best_over = over;
      size_t best = n_parts;
      int best_w = label_w;

      for (int w = label_w - 1; w >= MAX (word_w, 12); w--)
        {
          size_t n = texttable_parts (&l, w, NULL, &over);

          if ((best_over && !over) || (over == best_over && n < best))
            {
              best_over = over;
              best = n;
              best_w = w;
            }
        }
      label_w = best_w;
    }
  n_parts = texttable_parts (&l, label_w, ends, &over);
  for (size_t k = 0, from = 0; k < n_parts; from = ends[k], k++)
    {
      if (k > 0)
        fputc ('\n', out);
      texttable_part (out, &l, label_w, corner, heads, rows, n_rows, cells, from, ends[k]);
    }
}
