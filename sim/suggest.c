/* "Did you mean ...?" (see suggest.h).  The words are short (keys, names,
 * options), so the full (n+1)x(m+1) table is cheap; a word over 64 bytes
 * is never a typo of one and is not measured. */
#include "sim/suggest.h"

#include <stdbool.h>
#include <string.h>

#include <glib.h>

size_t
suggest_distance (const char *a, const char *b)
{
  size_t n = strlen (a), m = strlen (b);
  g_autofree size_t *d = g_new (size_t, (n + 1) * (m + 1));

#define D(i, j) d[(i) * (m + 1) + (j)]
  for (size_t i = 0; i <= n; i++)
    D (i, 0) = i;
  for (size_t j = 0; j <= m; j++)
    D (0, j) = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++)
      {
        size_t cost = g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]);
        size_t best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        best = MIN (best, D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 2])
            && g_ascii_tolower (a[i - 2]) == g_ascii_tolower (b[j - 1]))
          best = MIN (best, D (i - 2, j - 2) + 1);
        D (i, j) = best;
      }
  return D (n, m);
#undef D
}

const char *
suggest_closest (const char *word, const char *const *candidates, size_t n)
{
  size_t len = strlen (word);
  size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
  const char *best = NULL;
  size_t best_d = limit + 1;

  /* Long words would cost a big table and are never a typo of a key. */
  if (len > 64)
    return NULL;
  for (size_t i = 0; i < n; i++)
    {
      size_t d;

      if (candidates[i] == NULL || strlen (candidates[i]) > 64)
        continue;
      d = suggest_distance (word, candidates[i]);
      /* "sdev" for "sd", "time" for "time_slice": a prefix counts as close. */
      if (d > limit && MIN (len, strlen (candidates[i])) >= 2
          && g_ascii_strncasecmp (word, candidates[i], MIN (len, strlen (candidates[i]))) == 0)
        d = limit;
      /* On a tie, the candidate with the same first letter ("KB": "KiB", not "B"). */
      if (d < best_d || (d == best_d && best != NULL
                         && g_ascii_tolower (candidates[i][0]) == g_ascii_tolower (word[0])
                         && g_ascii_tolower (best[0]) != g_ascii_tolower (word[0])))
        {
          best = candidates[i];
          best_d = d;
        }
    }
  return best;
}

/* Is every character of `word` in `name`, in order, from the same first
 * letter on? */
static bool
suggest_abbreviates (const char *word, const char *name)
{
  const char *p = name;

  if (g_ascii_tolower (word[0]) != g_ascii_tolower (name[0]))
    return false;
  for (const char *w = word; *w != '\0'; w++)
    {
      while (*p != '\0' && g_ascii_tolower (*p) != g_ascii_tolower (*w))
        p++;
      if (*p == '\0')
        return false;
      p++;
    }
  return true;
}

const char *
suggest_name (const char *word, const char *const *candidates, size_t n)
{
  const char *best = suggest_closest (word, candidates, n), *only = NULL;

  if (best != NULL || strlen (word) < 2 || strlen (word) > 64)
    return best;
  for (size_t i = 0; i < n; i++)
    if (candidates[i] != NULL && suggest_abbreviates (word, candidates[i]))
      {
        if (only != NULL)
          return NULL;
        only = candidates[i];
      }
  return only;
}
