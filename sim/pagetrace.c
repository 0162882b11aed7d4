/* Reading and writing page traces (the format is in pagetrace.h).  The
 * reader is strict, since a trace is data a run depends on: every line is
 * checked as it is read, a problem is reported with its line, and the
 * records must be exactly the header's count, so a file cut short or
 * edited by mistake is refused instead of replaying something else.
 * Records go into arrays that grow as they are read, rather than being
 * sized by the header: a corrupt count must not allocate gigabytes. */
#include "sim/pagetrace.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

G_DEFINE_QUARK (mksim-pagetrace-error-quark, pagetrace_error)

#define PAGETRACE_FIRST_CAPACITY ((size_t) 1 << 16)   /* records before the first growth */
#define PAGETRACE_SHOW_MAX 40                         /* characters of a line a message quotes */

/* The reader's state: the file, the line in hand and where it is. */
typedef struct {
  FILE *f;
  const char *path;
  char line[PAGETRACE_MAX_LINE + 1];
  size_t len;
  uint64_t lineno;
} PageTraceReader;

static void G_GNUC_PRINTF (3, 4)
pagetrace_error (PageTraceReader *r, GError **error, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, PAGETRACE_ERROR, PAGETRACE_ERROR_FORMAT, "%s:%" PRIu64 ": %s", r->path,
               r->lineno, msg);
}

/* The line in hand as a message quotes it: its first PAGETRACE_SHOW_MAX
 * characters, escaped as C escapes them, in quotes. */
static char *
pagetrace_show (const PageTraceReader *r)
{
  g_autofree char *head = g_strndup (r->line, MIN (r->len, PAGETRACE_SHOW_MAX));
  g_autofree char *esc = g_strescape (head, NULL);

  return g_strdup_printf ("\"%s\"%s", esc, r->len > PAGETRACE_SHOW_MAX ? "..." : "");
}

/* Reads the next line into r->line without its '\n': 1, or 0 at the end of
 * the file, or -1 with `error` set (a line too long, a NUL byte, a last
 * line without its '\n', a read error). */
static int
pagetrace_read_line (PageTraceReader *r, GError **error)
{
  int c;

  r->len = 0;
  r->lineno++;
  while ((c = getc_unlocked (r->f)) != EOF && c != '\n')
    {
      if (c == '\0')
        {
          pagetrace_error (r, error, "a NUL byte (a binary file, not a page trace?)");
          return -1;
        }
      if (r->len == PAGETRACE_MAX_LINE)
        {
          pagetrace_error (r, error, "a line longer than %d bytes (not a page trace?)",
                           PAGETRACE_MAX_LINE);
          return -1;
        }
      r->line[r->len++] = (char) c;
    }
  r->line[r->len] = '\0';
  if (ferror (r->f))
    {
      g_set_error (error, PAGETRACE_ERROR, PAGETRACE_ERROR_IO, "%s: cannot read: %s", r->path,
                   g_strerror (errno));
      return -1;
    }
  if (c == EOF && r->len == 0)
    {
      r->lineno--;
      return 0;
    }
  if (c == EOF)
    {
      pagetrace_error (r, error, "the last line does not end with a line break (a truncated "
                       "file?)");
      return -1;
    }
  return 1;
}

/* A whole number of decimal digits only, at most `max`. */
static bool
pagetrace_parse_uint (const char *s, uint64_t max, uint64_t *out)
{
  uint64_t v = 0;

  if (*s == '\0')
    return false;
  for (; *s != '\0'; s++)
    {
      if (!g_ascii_isdigit (*s) || v > (max - (uint64_t) (*s - '0')) / 10)
        return false;
      v = v * 10 + (uint64_t) (*s - '0');
    }
  *out = v;
  return true;
}

/* ---- the header ----------------------------------------------------------- */

/* ORDER PageTraceKey */
static const char *const pagetrace_keys[] = {
  "source", "command", "page_size", "ns_per_instr", "with_code", "instructions", "pages",
  "records",
};
typedef enum {
  PAGETRACE_KEY_SOURCE, PAGETRACE_KEY_COMMAND, PAGETRACE_KEY_PAGE_SIZE,
  PAGETRACE_KEY_NS_PER_INSTR, PAGETRACE_KEY_WITH_CODE, PAGETRACE_KEY_INSTRUCTIONS,
  PAGETRACE_KEY_PAGES, PAGETRACE_KEY_RECORDS, PAGETRACE_N_KEYS
} PageTraceKey;
G_STATIC_ASSERT (G_N_ELEMENTS (pagetrace_keys) == PAGETRACE_N_KEYS);

static bool
pagetrace_check_magic (PageTraceReader *r, GError **error)
{
  const size_t n = strlen (PAGETRACE_MAGIC);
  uint64_t version;
  g_autofree char *shown = NULL;
  int got = pagetrace_read_line (r, error);

  if (got < 0)
    return false;
  if (got == 0)
    {
      r->lineno = 1;
      pagetrace_error (r, error, "an empty file, not a page trace");
      return false;
    }
  if (strncmp (r->line, PAGETRACE_MAGIC " ", n + 1) == 0
      && pagetrace_parse_uint (r->line + n + 1, UINT32_MAX, &version))
    {
      if (version == PAGETRACE_VERSION)
        return true;
      pagetrace_error (r, error, "a page trace of version %" PRIu64 "; this mksim reads version %d",
                       version, PAGETRACE_VERSION);
      return false;
    }
  shown = pagetrace_show (r);
  /* What a lackey log starts with: valgrind's banner or a trace line. */
  if (g_str_has_prefix (r->line, "==") || g_str_has_prefix (r->line, "I  ")
      || g_str_has_prefix (r->line, " L ") || g_str_has_prefix (r->line, " S "))
    pagetrace_error (r, error, "not a page trace but a lackey log, it seems (it starts %s); "
                     "convert it with 'mksim import-lackey LOG -o TRACE'", shown);
  else
    pagetrace_error (r, error, "not a page trace: the first line is %s, not \"%s %d\"", shown,
                     PAGETRACE_MAGIC, PAGETRACE_VERSION);
  return false;
}

/* Checks the value of header key `k`; the counts go to *pages, *records. */
static bool
pagetrace_header_value (PageTraceReader *r, PageTraceKey k, const char *value, int64_t *pages,
                        uint64_t *records, GError **error)
{
  uint64_t v;
  char *end;
  double d;

  switch (k)
    {
    case PAGETRACE_KEY_SOURCE:
    case PAGETRACE_KEY_COMMAND:
      return true;
    case PAGETRACE_KEY_PAGE_SIZE:
      if (pagetrace_parse_uint (value, (uint64_t) 1 << 40, &v) && v > 0 && (v & (v - 1)) == 0)
        return true;
      pagetrace_error (r, error, "page_size must be a power of two (bytes), got \"%s\"", value);
      return false;
    case PAGETRACE_KEY_NS_PER_INSTR:
      d = g_ascii_strtod (value, &end);
      if (g_ascii_isdigit (value[0]) && *end == '\0' && isfinite (d) && d >= 0)
        return true;
      pagetrace_error (r, error, "ns_per_instr must be a number >= 0, got \"%s\"", value);
      return false;
    case PAGETRACE_KEY_WITH_CODE:
      if (strcmp (value, "yes") == 0 || strcmp (value, "no") == 0)
        return true;
      pagetrace_error (r, error, "with_code must be yes or no, got \"%s\"", value);
      return false;
    case PAGETRACE_KEY_INSTRUCTIONS:
      if (pagetrace_parse_uint (value, UINT64_MAX, &v))
        return true;
      pagetrace_error (r, error, "instructions must be a whole number, got \"%s\"", value);
      return false;
    case PAGETRACE_KEY_PAGES:
      if (pagetrace_parse_uint (value, (uint64_t) PAGETRACE_MAX_PAGES, &v) && v >= 1)
        {
          *pages = (int64_t) v;
          return true;
        }
      pagetrace_error (r, error, "pages must be a whole number from 1 to %" PRId64 ", got \"%s\"",
                       PAGETRACE_MAX_PAGES, value);
      return false;
    case PAGETRACE_KEY_RECORDS:
      if (pagetrace_parse_uint (value, PAGETRACE_MAX_RECORDS, &v) && v >= 1)
        {
          *records = v;
          return true;
        }
      pagetrace_error (r, error, "records must be a whole number from 1 to %" PRIu64 ", got \"%s\"",
                       PAGETRACE_MAX_RECORDS, value);
      return false;
    case PAGETRACE_N_KEYS:
      break;
    }
  g_assert_not_reached ();
}

/* Reads the header after the magic, up to and including `records`. */
static bool
pagetrace_read_header (PageTraceReader *r, int64_t *pages, uint64_t *records, GError **error)
{
  bool seen[PAGETRACE_N_KEYS] = { false };

  *pages = 0;
  for (;;)
    {
      int got = pagetrace_read_line (r, error);
      char *space;
      int k;

      if (got < 0)
        return false;
      if (got == 0)
        {
          pagetrace_error (r, error, "the header ends without \"records N\" (a truncated file?)");
          return false;
        }
      if (r->line[0] == '#')
        continue;
      space = strchr (r->line, ' ');
      if (space == NULL || space == r->line || space[1] == '\0')
        {
          g_autofree char *shown = pagetrace_show (r);

          pagetrace_error (r, error, "expected a header line \"KEY VALUE\" (or the records after "
                           "\"records N\"), got %s", shown);
          return false;
        }
      *space = '\0';
      for (k = 0; k < PAGETRACE_N_KEYS && strcmp (r->line, pagetrace_keys[k]) != 0; k++)
        ;
      if (k == PAGETRACE_N_KEYS)
        {
          g_autofree char *key = g_strescape (r->line, NULL);

          pagetrace_error (r, error, "unknown header key \"%s\" (version %d has source, command, "
                           "page_size, ns_per_instr, with_code, instructions, pages and records)",
                           key, PAGETRACE_VERSION);
          return false;
        }
      if (seen[k])
        {
          pagetrace_error (r, error, "header key \"%s\" given twice", pagetrace_keys[k]);
          return false;
        }
      seen[k] = true;
      if (!pagetrace_header_value (r, (PageTraceKey) k, space + 1, pages, records, error))
        return false;
      if (k == PAGETRACE_KEY_RECORDS)
        break;
    }
  if (!seen[PAGETRACE_KEY_PAGES])
    {
      pagetrace_error (r, error, "the header needs \"pages N\" before \"records N\"");
      return false;
    }
  return true;
}

/* ---- the records ---------------------------------------------------------- */

/* Parses the record in hand into `t` as record number `n`; `touched` is
 * the number of distinct pages so far. */
static bool
pagetrace_parse_record (PageTraceReader *r, PageTrace *t, size_t n, int64_t *touched,
                        GError **error)
{
  char *space = strchr (r->line, ' ');
  uint64_t ns, page;

  if (space != NULL)
    *space = '\0';
  if (space == NULL || !pagetrace_parse_uint (r->line, UINT64_MAX, &ns)
      || !pagetrace_parse_uint (space + 1, UINT64_MAX, &page))
    {
      g_autofree char *shown = NULL;

      if (space != NULL)
        *space = ' ';
      shown = pagetrace_show (r);
      pagetrace_error (r, error, "expected a record \"COMPUTE_NS PAGE\" (two whole numbers and one "
                       "space), got %s", shown);
      return false;
    }
  if (ns > (uint64_t) PAGETRACE_MAX_COMPUTE)
    {
      pagetrace_error (r, error, "compute time %" PRIu64 " ns is more than %" PRId64 " ns", ns,
                       PAGETRACE_MAX_COMPUTE);
      return false;
    }
  if (page >= (uint64_t) t->n_pages)
    {
      pagetrace_error (r, error, "page %" PRIu64 ", but the header says %" PRId64 " page%s (0 to %"
                       PRId64 ")", page, t->n_pages, t->n_pages == 1 ? "" : "s", t->n_pages - 1);
      return false;
    }
  if (page > (uint64_t) *touched)
    {
      pagetrace_error (r, error, "page %" PRIu64 " before page %" PRId64 " (pages are numbered in "
                       "the order of their first touch)", page, *touched);
      return false;
    }
  if (page == (uint64_t) *touched)
    (*touched)++;
  t->compute_ns[n] = (int64_t) ns;
  t->page[n] = (uint32_t) page;
  return true;
}

static bool
pagetrace_read_records (PageTraceReader *r, PageTrace *t, uint64_t records, GError **error)
{
  size_t capacity = 0;
  int64_t touched = 0;

  for (;;)
    {
      int got = pagetrace_read_line (r, error);

      if (got < 0)
        return false;
      if (got == 0)
        break;
      if (t->n_records == records)
        {
          pagetrace_error (r, error, "more records than the header's %" PRIu64, records);
          return false;
        }
      if (t->n_records == capacity)
        {
          capacity = capacity == 0 ? MIN (records, PAGETRACE_FIRST_CAPACITY)
                                   : MIN (2 * capacity, records);
          t->compute_ns = g_renew (int64_t, t->compute_ns, capacity);
          t->page = g_renew (uint32_t, t->page, capacity);
        }
      if (!pagetrace_parse_record (r, t, t->n_records, &touched, error))
        return false;
      t->n_records++;
    }
  if (t->n_records < records)
    {
      pagetrace_error (r, error, "the file ends after %zu of the header's %" PRIu64 " records (a "
                       "truncated file?)", t->n_records, records);
      return false;
    }
  if (touched < t->n_pages)
    {
      pagetrace_error (r, error, "the records touch %" PRId64 " distinct page%s, the header says %"
                       PRId64, touched, touched == 1 ? "" : "s", t->n_pages);
      return false;
    }
  return true;
}

PageTrace *
pagetrace_load (const char *path, GError **error)
{
  PageTraceReader *r;
  PageTrace *t;
  struct stat st;
  uint64_t records;
  bool ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r = g_new0 (PageTraceReader, 1);
  r->path = path;
  r->f = fopen (path, "re");
  if (r->f == NULL)
    {
      int e = errno;

      if (e == ENOENT)
        g_set_error (error, PAGETRACE_ERROR, PAGETRACE_ERROR_IO, "%s: no such file", path);
      else
        g_set_error (error, PAGETRACE_ERROR, PAGETRACE_ERROR_IO, "%s: cannot read: %s", path,
                     g_strerror (e));
      g_free (r);
      return NULL;
    }
  if (fstat (fileno (r->f), &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, PAGETRACE_ERROR, PAGETRACE_ERROR_IO, "%s: is a directory, not a "
                   "page trace", path);
      fclose (r->f);
      g_free (r);
      return NULL;
    }
  t = config_trace_new (path);
  ok = pagetrace_check_magic (r, error) && pagetrace_read_header (r, &t->n_pages, &records, error)
       && pagetrace_read_records (r, t, records, error);
  fclose (r->f);
  g_free (r);
  if (!ok)
    {
      config_trace_unref (t);
      return NULL;
    }
  return t;
}

/* ---- writing -------------------------------------------------------------- */

/* "KEY VALUE\n", the value made one line of UTF-8 that keeps the whole
 * within PAGETRACE_MAX_LINE; an empty value is "?", but a comment ("#")
 * may be empty. */
static void
pagetrace_write_text (FILE *out, const char *key, const char *value)
{
  size_t room = PAGETRACE_MAX_LINE - strlen (key) - 1;
  g_autofree char *v = g_utf8_make_valid (value, -1);

  for (char *p = v; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = '?';
  if (strlen (v) > room)
    {
      /* Cut before the character that would not fit whole. */
      char *cut = g_utf8_find_prev_char (v, v + room + 1);

      *cut = '\0';
    }
  if (v[0] == '\0' && strcmp (key, "#") == 0)
    fprintf (out, "#\n");
  else
    fprintf (out, "%s %s\n", key, v[0] != '\0' ? v : "?");
}

void
pagetrace_write_header (FILE *out, const PageTraceHeader *h)
{
  fprintf (out, "%s %d\n", PAGETRACE_MAGIC, PAGETRACE_VERSION);
  for (const char *const *c = h->comments; c != NULL && *c != NULL; c++)
    {
      g_auto (GStrv) lines = g_strsplit (*c, "\n", -1);

      /* g_strsplit makes no line of "", but an empty comment is one. */
      if (lines[0] == NULL)
        pagetrace_write_text (out, "#", "");
      for (char **l = lines; *l != NULL; l++)
        pagetrace_write_text (out, "#", *l);
    }
  if (h->source != NULL)
    pagetrace_write_text (out, pagetrace_keys[PAGETRACE_KEY_SOURCE], h->source);
  if (h->command != NULL)
    pagetrace_write_text (out, pagetrace_keys[PAGETRACE_KEY_COMMAND], h->command);
  if (h->page_size > 0)
    fprintf (out, "page_size %" PRId64 "\n", h->page_size);
  if (h->ns_per_instr >= 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

      /* The shortest form that reads back as the same number: 0.3, not
       * 0.29999999999999999. */
      for (size_t i = 0; i < G_N_ELEMENTS (formats); i++)
        if (g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, formats[i], h->ns_per_instr),
                            NULL) == h->ns_per_instr)
          break;
      fprintf (out, "ns_per_instr %s\n", buf);
    }
  if (h->with_code >= 0)
    fprintf (out, "with_code %s\n", h->with_code ? "yes" : "no");
  if (h->has_instructions)
    fprintf (out, "instructions %" PRIu64 "\n", h->instructions);
  fprintf (out, "pages %" PRId64 "\nrecords %" PRIu64 "\n", h->pages, h->records);
}

void
pagetrace_write_record (FILE *out, int64_t compute_ns, uint32_t page)
{
  fprintf (out, "%" PRId64 " %" PRIu32 "\n", compute_ns, page);
}
