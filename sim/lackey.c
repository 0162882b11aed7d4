/* The lackey importer (see lackey.h for what it makes of a log).  The log
 * of even a short run is tens of megabytes, and of a long one gigabytes, so
 * it is read a line at a time and never held; the records go to an
 * anonymous temporary file as they are found, because the trace's header
 * (which must come first) holds their count, known only at the end.  Then
 * the header and the records are copied into the output, which appears
 * under its name only when complete. */
#include "sim/lackey.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/cli.h"
#include "sim/interrupt.h"
#include "sim/outfile.h"
#include "sim/pagetrace.h"
#include "sim/report.h"

G_DEFINE_QUARK (mksim-lackey-error-quark, lackey_error)

#define LACKEY_MAX_LINE   65536     /* bytes of a log line; lackey's are ~20 */
#define LACKEY_MAX_SIZE   (1 << 20) /* bytes of one access */
#define LACKEY_SHOW_MAX   40        /* characters of a line a message quotes */

typedef struct {
  const LackeyOptions *o;
  const char *log;          /* the name in messages */
  FILE *in;
  FILE *records;            /* the records found so far, as the trace has them */
  GHashTable *pages;        /* page number (gint64 *) -> dense number + 1 */
  int shift;                /* log2 of the page size */
  uint64_t last_page;       /* the page of the last record */
  bool any_page;
  int64_t emitted_ns;       /* the compute of the records so far, skipped ones too */
  uint64_t skipped;         /* records left out before the window */
  uint64_t window_start;    /* the instructions before the window */
  uint64_t max_records;     /* the window's size */
  bool full;                /* ... reached: the rest of the log is not read */
  char *command;            /* from valgrind's "Command:" line */
  char line[LACKEY_MAX_LINE + 1];
  size_t len;
  LackeyStats st;
} Lackey;

static void G_GNUC_PRINTF (3, 4)
lackey_error (Lackey *lk, GError **error, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_PARSE, "%s:%" PRIu64 ": %s", lk->log,
               lk->st.lines, msg);
}

/* The line in hand as a message quotes it. */
static char *
lackey_show (const Lackey *lk)
{
  g_autofree char *head = g_strndup (lk->line, MIN (lk->len, LACKEY_SHOW_MAX));
  g_autofree char *esc = g_strescape (head, NULL);

  return g_strdup_printf ("\"%s\"%s", esc, lk->len > LACKEY_SHOW_MAX ? "..." : "");
}

/* The next line, without its '\n' (the last may lack one: valgrind killed
 * mid-line leaves a log that is still worth reading up to there): 1, 0 at
 * the end, -1 with `error` set. */
static int
lackey_read_line (Lackey *lk, GError **error)
{
  int c;

  lk->len = 0;
  while ((c = getc_unlocked (lk->in)) != EOF && c != '\n')
    {
      if (lk->len == 0)
        lk->st.lines++;
      if (c == '\0')
        {
          lackey_error (lk, error, "a NUL byte (a binary file, not a lackey log?)");
          return -1;
        }
      if (lk->len == LACKEY_MAX_LINE)
        {
          lackey_error (lk, error, "a line longer than %d bytes (not a lackey log?)",
                        LACKEY_MAX_LINE);
          return -1;
        }
      lk->line[lk->len++] = (char) c;
    }
  if (c == '\n' && lk->len == 0)
    lk->st.lines++;
  lk->line[lk->len] = '\0';
  if (ferror (lk->in))
    {
      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_IO, "%s: cannot read: %s", lk->log,
                   g_strerror (errno));
      return -1;
    }
  return c != EOF || lk->len > 0;
}

/* "ADDR,SIZE": a hexadecimal address of at most 16 digits and a decimal
 * size from 1 to LACKEY_MAX_SIZE, nothing after. */
static bool
lackey_parse_access (const char *s, uint64_t *addr, uint64_t *size)
{
  int digits = 0;

  *addr = 0;
  for (; g_ascii_isxdigit (*s); s++, digits++)
    *addr = (*addr << 4) | (uint64_t) g_ascii_xdigit_value (*s);
  if (digits == 0 || digits > 16 || *s != ',')
    return false;
  *size = 0;
  for (s++, digits = 0; g_ascii_isdigit (*s); s++, digits++)
    {
      *size = *size * 10 + (uint64_t) (*s - '0');
      if (*size > LACKEY_MAX_SIZE)
        return false;
    }
  return digits > 0 && *s == '\0' && *size > 0;
}

/* valgrind's own line, "==PID== text" or "--PID-- text": true, the text in
 * *rest. */
static bool
lackey_is_chatter (const char *s, const char **rest)
{
  char mark = s[0];
  size_t i = 2;

  if ((mark != '=' && mark != '-') || s[1] != mark || !g_ascii_isdigit (s[2]))
    return false;
  while (g_ascii_isdigit (s[i]))
    i++;
  if (s[i] != mark || s[i + 1] != mark)
    return false;
  *rest = s + i + 2;
  return true;
}

/* The dense number of `page`, numbering it if it is new. */
static bool
lackey_number (Lackey *lk, uint64_t page, uint32_t *dense, GError **error)
{
  gpointer value = g_hash_table_lookup (lk->pages, &page);
  gint64 *key;

  if (value != NULL)
    {
      *dense = GPOINTER_TO_UINT (value) - 1;
      return true;
    }
  if (lk->st.pages == PAGETRACE_MAX_PAGES)
    {
      lackey_error (lk, error, "more than %" PRId64 " distinct pages, the most a dataspace has; "
                    "convert with a larger --page-size", PAGETRACE_MAX_PAGES);
      return false;
    }
  key = g_new (gint64, 1);
  *key = (gint64) page;
  *dense = (uint32_t) lk->st.pages++;
  g_hash_table_insert (lk->pages, key, GUINT_TO_POINTER (*dense + 1));
  return true;
}

/* A record for `page`, unless it is the page of the record before; the
 * records before the window are only counted. */
static bool
lackey_touch (Lackey *lk, uint64_t page, GError **error)
{
  /* Rounding the running total, not each record, loses no time. */
  double total = (double) lk->st.instructions * lk->o->ns_per_instr;
  uint32_t dense;
  int64_t ns;

  if (lk->any_page && page == lk->last_page)
    return true;
  lk->last_page = page;
  lk->any_page = true;
  if (total > 9e18 || llround (total) - lk->emitted_ns > PAGETRACE_MAX_COMPUTE)
    {
      lackey_error (lk, error, "more than %" PRId64 " ns of compute before one access; a "
                    "smaller --ns-per-instr", PAGETRACE_MAX_COMPUTE);
      return false;
    }
  if (lk->skipped < lk->o->skip_records)
    {
      lk->skipped++;
      lk->emitted_ns = llround (total);
      lk->window_start = lk->st.instructions;
      return true;
    }
  if (lk->st.records == lk->max_records)
    {
      if (lk->o->max_records > 0)
        {
          lk->full = true;
          return true;
        }
      lackey_error (lk, error, "more than %" PRIu64 " records, the most a page trace holds; "
                    "record a shorter run, or convert a window of it (--max-records)",
                    PAGETRACE_MAX_RECORDS);
      return false;
    }
  if (!lackey_number (lk, page, &dense, error))
    return false;
  ns = llround (total) - lk->emitted_ns;
  lk->emitted_ns += ns;
  lk->st.compute_ns += ns;
  lk->st.window_instructions = lk->st.instructions - lk->window_start;
  pagetrace_write_record (lk->records, ns, dense);
  lk->st.records++;
  return true;
}

/* The access of the line in hand, `text` past its "I  " or " L ": with
 * `touch`, every page from its first byte to its last; without, it is only
 * checked (an instruction fetch when code is left out). */
static bool
lackey_access (Lackey *lk, const char *text, bool touch, GError **error)
{
  uint64_t addr, size;

  if (!lackey_parse_access (text, &addr, &size))
    {
      g_autofree char *shown = lackey_show (lk);

      lackey_error (lk, error, "expected ADDR,SIZE (a hexadecimal address and a size in bytes "
                    "from 1 to %d) after \"%c\", got %s", LACKEY_MAX_SIZE,
                    lk->line[0] == 'I' ? 'I' : lk->line[1], shown);
      return false;
    }
  if (size - 1 > UINT64_MAX - addr)
    {
      lackey_error (lk, error, "the access runs past the end of the address space");
      return false;
    }
  if (!touch)
    return true;
  lk->st.accesses++;
  for (uint64_t p = addr >> lk->shift; p <= (addr + size - 1) >> lk->shift; p++)
    if (!lackey_touch (lk, p, error))
      return false;
  return true;
}

/* One line of the log. */
static bool
lackey_line (Lackey *lk, GError **error)
{
  const char *s = lk->line, *rest;
  g_autofree char *shown = NULL;

  if (lk->len == 0)
    return true;
  if (g_str_has_prefix (s, "I  "))
    {
      /* The fetch comes before the instruction runs, so it is counted after. */
      if (!lackey_access (lk, s + 3, lk->o->with_code, error))
        return false;
      lk->st.instructions++;
      return true;
    }
  if (s[0] == ' ' && (s[1] == 'L' || s[1] == 'S' || s[1] == 'M') && s[2] == ' ')
    return lackey_access (lk, s + 3, true, error);
  if (lackey_is_chatter (s, &rest))
    {
      if (lk->command == NULL && g_str_has_prefix (rest, " Command: "))
        lk->command = g_strdup (rest + strlen (" Command: "));
      return true;
    }
  shown = lackey_show (lk);
  if (lk->st.accesses == 0 && lk->st.instructions == 0)
    lackey_error (lk, error, "not a lackey log: %s is neither valgrind's \"==PID== ...\" nor "
                  "a line of lackey's trace (\"I  ADDR,SIZE\", \" L ADDR,SIZE\", \" S ...\", "
                  "\" M ...\"); record it with valgrind --tool=lackey --trace-mem=yes", shown);
  else
    lackey_error (lk, error, "not a line of lackey's trace: %s (the program's own output "
                  "mixed in? record with valgrind's --log-file=FILE)", shown);
  return false;
}

/* Opens the log: standard input for "-". */
static bool
lackey_open (Lackey *lk, const char *log, GError **error)
{
  struct stat st;

  if (strcmp (log, "-") == 0)
    {
      lk->in = stdin;
      lk->log = "<stdin>";
      return true;
    }
  lk->log = log;
  lk->in = fopen (log, "re");
  if (lk->in == NULL)
    {
      int e = errno;

      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_IO, "%s: %s", log,
                   e == ENOENT ? "no such file" : g_strerror (e));
      return false;
    }
  if (fstat (fileno (lk->in), &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_IO, "%s: is a directory, not a lackey "
                   "log", log);
      return false;
    }
  return true;
}

/* Reads the whole log into lk->records. */
static bool
lackey_read_log (Lackey *lk, GError **error)
{
  int got = 0;

  while (!lk->full && !interrupt_caught () && (got = lackey_read_line (lk, error)) > 0)
    if (!lackey_line (lk, error))
      return false;
  if (!lk->full && got < 0)
    return false;
  if (interrupt_caught ())
    {
      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_INTERRUPTED, "interrupted by %s at line %"
                   PRIu64 " of %s: no trace written", interrupt_name (interrupt_caught ()),
                   lk->st.lines, lk->log);
      return false;
    }
  if (lk->st.records == 0 && lk->skipped > 0)
    {
      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_PARSE, "%s: only %" PRIu64 " record%s, "
                   "all left out by --skip-records %" PRIu64, lk->log, lk->skipped,
                   lk->skipped == 1 ? "" : "s", lk->o->skip_records);
      return false;
    }
  if (lk->st.records == 0)
    {
      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_PARSE, "%s: no memory access in %" PRIu64
                   " line%s%s (is it the log of valgrind --tool=lackey --trace-mem=yes?)",
                   lk->log, lk->st.lines, lk->st.lines == 1 ? "" : "s",
                   lk->o->with_code ? "" : " of loads, stores or modifies");
      return false;
    }
  return true;
}

/* The header, then the records gathered in lk->records, into `out`. */
static bool
lackey_write (Lackey *lk, FILE *out, const char *log, GError **error)
{
  g_autofree char *source = g_path_get_basename (log);
  g_autoptr (GPtrArray) comments = g_ptr_array_new_with_free_func (g_free);
  PageTraceHeader h = {
    .source = strcmp (log, "-") == 0 ? NULL : source,
    .command = lk->command,
    .page_size = lk->o->page_size,
    .ns_per_instr = lk->o->ns_per_instr,
    .with_code = lk->o->with_code,
    .instructions = lk->st.window_instructions,
    .has_instructions = true,
    .pages = lk->st.pages,
    .records = lk->st.records,
  };
  char chunk[65536];
  size_t n;

  for (const char *const *c = lk->o->comments; c != NULL && *c != NULL; c++)
    g_ptr_array_add (comments, g_strdup (*c));
  if (lk->o->skip_records > 0 || lk->full)
    {
      GString *c = g_string_new (NULL);

      g_string_printf (c, "A window of the run: its records %" PRIu64 " to %" PRIu64
                       " (import-lackey", lk->skipped + 1, lk->skipped + lk->st.records);
      if (lk->o->skip_records > 0)
        g_string_append_printf (c, " --skip-records %" PRIu64, lk->o->skip_records);
      if (lk->o->max_records > 0)
        g_string_append_printf (c, " --max-records %" PRIu64, lk->o->max_records);
      g_string_append (c, ").");
      g_ptr_array_add (comments, g_string_free (c, FALSE));
    }
  g_ptr_array_add (comments, NULL);
  h.comments = (const char *const *) comments->pdata;
  pagetrace_write_header (out, &h);
  if (fflush (lk->records) != 0 || fseek (lk->records, 0, SEEK_SET) != 0)
    goto failed;
  while ((n = fread (chunk, 1, sizeof chunk, lk->records)) > 0)
    fwrite (chunk, 1, n, out);
  if (!ferror (lk->records))
    return true;
failed:
  g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_OUTPUT, "cannot keep the records while "
               "reading %s: %s", lk->log, g_strerror (errno));
  return false;
}

bool
lackey_import (const char *log, const char *out, const LackeyOptions *o, LackeyStats *stats,
               GError **error)
{
  Lackey lk = { .o = o };
  OutFile *of = NULL;
  GError *e = NULL;
  bool ok = false;

  g_return_val_if_fail (log != NULL && out != NULL && o != NULL, false);
  g_return_val_if_fail (o->page_size > 0 && (o->page_size & (o->page_size - 1)) == 0, false);
  g_return_val_if_fail (error == NULL || *error == NULL, false);

  for (int64_t p = o->page_size; p > 1; p >>= 1)
    lk.shift++;
  lk.max_records = o->max_records > 0 ? MIN (o->max_records, PAGETRACE_MAX_RECORDS)
                                      : PAGETRACE_MAX_RECORDS;
  lk.pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!lackey_open (&lk, log, error))
    goto done;
  /* The output is opened first, so that a bad path fails before a long read. */
  if ((of = outfile_open (out, &e)) == NULL)
    {
      g_set_error_literal (error, LACKEY_ERROR, LACKEY_ERROR_OUTPUT, e->message);
      g_error_free (e);
      goto done;
    }
  if ((lk.records = tmpfile ()) == NULL)
    {
      g_set_error (error, LACKEY_ERROR, LACKEY_ERROR_OUTPUT, "cannot make a temporary file for "
                   "the records: %s", g_strerror (errno));
      goto done;
    }
  if (!lackey_read_log (&lk, error) || !lackey_write (&lk, outfile_stream (of), log, error))
    goto done;
  ok = outfile_commit (g_steal_pointer (&of), &e);
  if (!ok)
    {
      g_set_error_literal (error, LACKEY_ERROR, LACKEY_ERROR_OUTPUT, e->message);
      g_error_free (e);
    }
done:
  outfile_abort (of);
  if (lk.records != NULL)
    fclose (lk.records);
  if (lk.in != NULL && lk.in != stdin)
    fclose (lk.in);
  g_hash_table_unref (lk.pages);
  g_free (lk.command);
  if (ok && stats != NULL)
    *stats = lk.st;
  return ok;
}

/* ---- the command ---------------------------------------------------------- */

/* --page-size: a power of two in bytes. */
static bool
lackey_parse_page_size (const char *text, int64_t *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, LACKEY_MIN_PAGE_SIZE, LACKEY_MAX_PAGE_SIZE, &v,
                                   NULL) || (v & (v - 1)) != 0)
    return false;
  *out = (int64_t) v;
  return true;
}

static bool
lackey_parse_ns (const char *text, double *out)
{
  char *end;
  double v = g_ascii_strtod (text, &end);

  if ((!g_ascii_isdigit (text[0]) && text[0] != '.') || *end != '\0' || !isfinite (v)
      || v < 0 || v > LACKEY_MAX_NS_PER_INSTR)
    return false;
  *out = v;
  return true;
}

static void
lackey_print_summary (FILE *out, const char *trace, const LackeyStats *st)
{
  char ns[32];

  cli_printf (out, "%s: %" PRIu64 " records of %" PRId64 " page%s from %" PRIu64 " accesses; "
              "%" PRIu64 " instructions, %s of compute\n", trace, st->records, st->pages,
              st->pages == 1 ? "" : "s", st->accesses, st->instructions,
              report_format_ns (ns, sizeof ns, (double) st->compute_ns));
}

int
lackey_main (int argc, char **argv)
{
  g_autofree char *output = NULL, *page_size = NULL, *ns_per_instr = NULL;
  g_autofree char *skip = NULL, *max = NULL;
  g_auto (GStrv) comments = NULL;
  gboolean with_code = FALSE, quiet = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the page trace to F (- = stdout); required", "F" },
    { "page-size", 0, 0, G_OPTION_ARG_STRING, &page_size,
      "Bytes of a page, a power of two from 256 (default 4096)", "BYTES" },
    { "ns-per-instr", 0, 0, G_OPTION_ARG_STRING, &ns_per_instr,
      "Compute time of one instruction in ns (default 0.3: one a cycle at 3.3 GHz)", "X" },
    { "with-code", 0, 0, G_OPTION_ARG_NONE, &with_code,
      "Instruction fetches (I lines) touch their code pages too", NULL },
    { "skip-records", 0, 0, G_OPTION_ARG_STRING, &skip,
      "Leave out the run's first N records (a window into a long run)", "N" },
    { "max-records", 0, 0, G_OPTION_ARG_STRING, &max,
      "Keep at most N records, and stop reading there", "N" },
    { "comment", 0, 0, G_OPTION_ARG_STRING_ARRAY, &comments,
      "A comment for the trace's header (what was recorded, and how); repeatable", "TEXT" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary", NULL },
    G_OPTION_ENTRY_NULL
  };
  LackeyOptions o = {
    .page_size = LACKEY_DEFAULT_PAGE_SIZE,
    .ns_per_instr = LACKEY_DEFAULT_NS_PER_INSTR,
  };
  g_autoptr (GError) error = NULL;
  LackeyStats st;

  if (!cli_parse ("import-lackey", "LOG",
                  "Convert a log of valgrind's lackey tool into a page trace.",
                  "LOG is what 'valgrind --tool=lackey --trace-mem=yes --log-file=LOG PROGRAM'\n"
                  "wrote (- for standard input).  Its loads, stores and modifies become\n"
                  "records 'COMPUTE_NS PAGE': pages numbered 0, 1, 2, ... in the order of\n"
                  "first touch, the instructions between accesses as compute time; a run of\n"
                  "accesses to one page is one record.  A scenario's {\"replay\": {\"trace\":\n"
                  "TRACE, \"dataspace\": NAME}} op plays it.  The format is described in\n"
                  "scenarios/SCHEMA.md (Page traces).\n"
                  "Exit status: 0 done, 1 the trace could not be written, 2 bad usage or log;\n"
                  "130 or 143 interrupted by SIGINT or SIGTERM (no trace written).",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    return cli_usage_error ("import-lackey", argc < 2 ? "no LOG given" : "give exactly one LOG");
  if (output == NULL)
    return cli_usage_error ("import-lackey", "no output given (-o TRACE)");
  if (cli_check_output_name ("import-lackey", "-o", output) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  if (page_size != NULL && !lackey_parse_page_size (page_size, &o.page_size))
    {
      g_autofree char *msg = g_strdup_printf ("--page-size wants a power of two from %d to %"
                                              PRId64 " (bytes), not '%s'", LACKEY_MIN_PAGE_SIZE,
                                              LACKEY_MAX_PAGE_SIZE, page_size);

      return cli_usage_error ("import-lackey", msg);
    }
  if (ns_per_instr != NULL && !lackey_parse_ns (ns_per_instr, &o.ns_per_instr))
    {
      g_autofree char *msg = g_strdup_printf ("--ns-per-instr wants a number from 0 to %g, "
                                              "not '%s'", LACKEY_MAX_NS_PER_INSTR, ns_per_instr);

      return cli_usage_error ("import-lackey", msg);
    }
  if (skip != NULL
      && !g_ascii_string_to_unsigned (skip, 10, 0, G_MAXUINT64, &o.skip_records, NULL))
    {
      g_autofree char *msg = g_strdup_printf ("--skip-records wants a count, not '%s'", skip);

      return cli_usage_error ("import-lackey", msg);
    }
  if (max != NULL && !g_ascii_string_to_unsigned (max, 10, 1, PAGETRACE_MAX_RECORDS,
                                                  &o.max_records, NULL))
    {
      g_autofree char *msg = g_strdup_printf ("--max-records wants a count from 1 to %" PRIu64
                                              ", not '%s'", PAGETRACE_MAX_RECORDS, max);

      return cli_usage_error ("import-lackey", msg);
    }
  o.with_code = with_code;
  o.comments = (const char *const *) comments;
  /* A long import (from a pipe, for minutes) stops cleanly on SIGINT or
   * SIGTERM, and leaves no temporary file. */
  interrupt_catch ();
  if (!lackey_import (argv[1], output, &o, &st, &error))
    {
      int sig = interrupt_caught ();

      interrupt_release ();
      cli_message ("import-lackey", "%s", error->message);
      if (error->code == LACKEY_ERROR_INTERRUPTED)
        return interrupt_exit_status (sig);
      return error->code == LACKEY_ERROR_OUTPUT ? MKSIM_EXIT_FAILED : MKSIM_EXIT_USAGE;
    }
  interrupt_release ();
  if (!quiet)
    lackey_print_summary (strcmp (output, "-") == 0 ? stderr : stdout, output, &st);
  return cli_flush_stdout ("import-lackey") ? MKSIM_EXIT_OK : MKSIM_EXIT_FAILED;
}
