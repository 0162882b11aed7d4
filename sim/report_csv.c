/* The CSV of runs: one header line and one row per run, for a
 * spreadsheet.  The columns are the catalogue's (figures.def, CSV (n)):
 * header and rows come from the same list, so they cannot disagree, and
 * a column's name is its figure's JSON path. */
#include "sim/report_csv.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "sim/figures.h"

void
report_csv_field (FILE *out, const char *s)
{
  if (s == NULL)
    return;
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      fputs (s, out);
      return;
    }
  fputc ('"', out);
  for (; *s != '\0'; s++)
    {
      if (*s == '"')
        fputc ('"', out);
      fputc (*s, out);
    }
  fputc ('"', out);
}

void
report_csv_header_marked (FILE *out, bool marked)
{
  FigureId cols[FIG_COUNT];
  size_t n = figures_csv_columns (cols);

  for (size_t i = 0; i < n; i++)
    fprintf (out, "%s%s", i > 0 ? "," : "", figures[cols[i]].key);
  if (marked)
    fprintf (out, ",%s,%s", figures[FIG_INCOMPLETE].key, figures[FIG_STOPPED].key);
  fputc ('\n', out);
}

void
report_csv_header (FILE *out)
{
  report_csv_header_marked (out, false);
}

/* A real figure that is not a number (no latency at all) is an empty
 * field: a spreadsheet reads that as missing, not as 0. */
static void
csv_value (FILE *out, FigureId f, const RunResult *r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (figures[f].type)
    {
    case FIGURE_TYPE_TEXT:
    case FIGURE_TYPE_CHARS:
      report_csv_field (out, figures_text (f, r));
      return;
    case FIGURE_TYPE_U64:
      fprintf (out, "%" PRIu64, figures_u64 (f, r));
      return;
    case FIGURE_TYPE_I64:
    case FIGURE_TYPE_INT:
      fprintf (out, "%" PRId64, figures_i64 (f, r));
      return;
    case FIGURE_TYPE_REAL:
      if (isfinite (figures_real (f, r)))
        fputs (g_ascii_formatd (buf, sizeof buf, figures_real_format (f), figures_real (f, r)),
               out);
      return;
    case FIGURE_TYPE_DERIVED:
    case FIGURE_TYPE_PART:
      break;
    }
  g_assert_not_reached ();
}

void
report_csv_row_marked (FILE *out, const RunResult *r, bool marked)
{
  FigureId cols[FIG_COUNT];
  size_t n = figures_csv_columns (cols);

  for (size_t i = 0; i < n; i++)
    {
      if (i > 0)
        fputc (',', out);
      csv_value (out, cols[i], r);
    }
  if (marked)
    {
      fputs (r->incomplete ? ",true," : ",false,", out);
      if (r->incomplete)
        report_csv_field (out, r->stopped != NULL ? r->stopped : "the run stopped early");
    }
  fputc ('\n', out);
}

void
report_csv_row (FILE *out, const RunResult *r)
{
  report_csv_row_marked (out, r, false);
}
