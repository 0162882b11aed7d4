/* cc1-input.c: a word counter that prints the most frequent words of its input.
 * Self-contained (no #include), so that cc1 compiles it without reading
 * system headers: the input of cc1.trace (see record.sh). */
typedef unsigned long size_t;
extern int getchar (void);
extern int printf (const char *, ...);
extern void *malloc (size_t);
extern void *calloc (size_t, size_t);
extern void free (void *);
extern void qsort (void *, size_t, size_t, int (*) (const void *, const void *));

#define TABLE_SIZE 4096
#define MAX_WORD 64

struct entry {
  char word[MAX_WORD];
  unsigned count;
  struct entry *next;
};

static struct entry *table[TABLE_SIZE];
static unsigned n_entries;

static unsigned
hash (const char *s)
{
  unsigned h = 2166136261u;

  while (*s != '\0')
    h = (h ^ (unsigned char) *s++) * 16777619u;
  return h % TABLE_SIZE;
}

static int
same (const char *a, const char *b)
{
  while (*a != '\0' && *a == *b)
    a++, b++;
  return *a == *b;
}

static void
copy (char *dst, const char *src)
{
  while ((*dst++ = *src++) != '\0')
    ;
}

static void
add (const char *word)
{
  unsigned h = hash (word);
  struct entry *e;

  for (e = table[h]; e != 0; e = e->next)
    if (same (e->word, word))
      {
        e->count++;
        return;
      }
  e = calloc (1, sizeof *e);
  if (e == 0)
    return;
  copy (e->word, word);
  e->count = 1;
  e->next = table[h];
  table[h] = e;
  n_entries++;
}

static int
is_letter (int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
}

static int
lower (int c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
by_count (const void *pa, const void *pb)
{
  const struct entry *a = *(struct entry *const *) pa;
  const struct entry *b = *(struct entry *const *) pb;

  if (a->count != b->count)
    return a->count < b->count ? 1 : -1;
  return 0;
}

int
main (int argc, char **argv)
{
  char word[MAX_WORD];
  struct entry **all;
  unsigned len = 0, i, k = 0, top = argc > 1 ? 20 : 10;
  int c;

  (void) argv;
  while ((c = getchar ()) != -1)
    {
      if (is_letter (c) && len + 1 < MAX_WORD)
        word[len++] = (char) lower (c);
      else if (len > 0)
        {
          word[len] = '\0';
          add (word);
          len = 0;
        }
    }
  if (len > 0)
    {
      word[len] = '\0';
      add (word);
    }
  all = malloc (n_entries * sizeof *all);
  if (all == 0)
    return 1;
  for (i = 0; i < TABLE_SIZE; i++)
    {
      struct entry *e;

      for (e = table[i]; e != 0; e = e->next)
        all[k++] = e;
    }
  qsort (all, n_entries, sizeof *all, by_count);
  for (i = 0; i < top && i < n_entries; i++)
    printf ("%7u %s\n", all[i]->count, all[i]->word);
  free (all);
  return 0;
}
