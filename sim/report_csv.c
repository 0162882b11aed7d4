/* The CSV of runs: one header line and one row per run, for a
 * spreadsheet.  Column names are the JSON paths of the figures. */
#include "sim/report_csv.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>

typedef enum { COL_STR, COL_U64, COL_I64, COL_MEAN } ColumnKind;

/* Header and row are both written from this table, so they cannot disagree.
 * Column names are the JSON paths of the figures. */
static const struct {
  const char *name;
  ColumnKind kind;
  size_t offset;
} csv_columns[] = {
#define COL(name, kind, field) { name, kind, offsetof (RunResult, field) }
  COL ("scenario", COL_STR, scenario),
  COL ("strategy", COL_STR, strategy),
  COL ("seed", COL_U64, seed),
  COL ("sim_time_ns", COL_I64, sim_time_ns),
  COL ("faults.total", COL_U64, faults.total),
  COL ("faults.latency_ns.mean", COL_MEAN, faults.latency.mean),
  COL ("faults.latency_ns.p50", COL_I64, faults.latency.p50),
  COL ("faults.latency_ns.p99", COL_I64, faults.latency.p99),
  COL ("faults.latency_ns.max", COL_I64, faults.latency.max),
  COL ("faults.jitter_ns", COL_I64, faults.jitter_ns),
  COL ("faults.unresolved", COL_U64, faults.unresolved),
  COL ("faults.dropped", COL_U64, faults.dropped),
  COL ("faults.innocent.stalled_threads", COL_U64, faults.innocent_stalled_threads),
  COL ("core.blocked_ns", COL_I64, core.blocked_ns),
  COL ("core.max_stall_ns", COL_I64, core.max_stall_ns),
  COL ("kernel.ipc", COL_U64, kernel.ipc),
  COL ("kernel.signals_submitted", COL_U64, kernel.signals_submitted),
  COL ("kernel.signals_delivered", COL_U64, kernel.signals_delivered),
  COL ("kernel.mapdb_entries_peak", COL_U64, kernel.mapdb_entries_peak),
  COL ("calls.completed", COL_U64, calls.completed),
  COL ("calls.dropped", COL_U64, calls.dropped),
  COL ("gui.events", COL_U64, gui.events),
  COL ("gui.delivered", COL_U64, gui.delivered),
  COL ("gui.dropped", COL_U64, gui.dropped),
  COL ("gui.max_freeze_ns", COL_I64, gui.max_freeze_ns),
  COL ("timer.max_error_ns", COL_I64, timer.max_error_ns),
  COL ("authority.rights", COL_U64, authority.rights),
#undef COL
};

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
report_csv_header (FILE *out)
{
  for (size_t i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    fprintf (out, "%s%s", i > 0 ? "," : "", csv_columns[i].name);
  fputc ('\n', out);
}

void
report_csv_row (FILE *out, const RunResult *r)
{
  const char *base = (const char *) r;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (size_t i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      const void *field = base + csv_columns[i].offset;

      if (i > 0)
        fputc (',', out);
      switch (csv_columns[i].kind)
        {
        case COL_STR:
          report_csv_field (out, *(char *const *) field);
          break;
        case COL_U64:
          fprintf (out, "%" PRIu64, *(const uint64_t *) field);
          break;
        case COL_I64:
          fprintf (out, "%" PRId64, *(const int64_t *) field);
          break;
        case COL_MEAN:
          if (isfinite (*(const double *) field))
            fputs (g_ascii_formatd (buf, sizeof buf, "%.1f", *(const double *) field), out);
          break;
        }
    }
  fputc ('\n', out);
}
