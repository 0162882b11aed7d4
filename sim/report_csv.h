/* The CSV of runs: one header line, then one row per run. */
#ifndef MKSIM_REPORT_CSV_H
#define MKSIM_REPORT_CSV_H

#include <stdio.h>

#include "models/result.h"

#include <stdbool.h>

void report_csv_header (FILE *out);
void report_csv_row (FILE *out, const RunResult *r);
/* The same, with two more columns at the end when `marked`: "incomplete"
 * (true or false) and "stopped" (why, or empty), the JSON's marks of a run
 * that stopped before its end.  Written only when some run of the file is
 * incomplete, so the CSV of finished runs stays as it is; columns are read
 * by position, and these come after all the others. */
void report_csv_header_marked (FILE *out, bool marked);
void report_csv_row_marked (FILE *out, const RunResult *r, bool marked);

/* Writes `s` as one CSV field: as it is, or double-quoted with its quotes
 * doubled if it holds a comma, a quote or a line break.  NULL writes an
 * empty field. */
void report_csv_field (FILE *out, const char *s);

#endif
