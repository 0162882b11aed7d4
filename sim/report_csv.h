/* The CSV of runs: one header line, then one row per run. */
#ifndef MKSIM_REPORT_CSV_H
#define MKSIM_REPORT_CSV_H

#include <stdio.h>

#include "models/result.h"

void report_csv_header (FILE *out);
void report_csv_row (FILE *out, const RunResult *r);

/* Writes `s` as one CSV field: as it is, or double-quoted with its quotes
 * doubled if it holds a comma, a quote or a line break.  NULL writes an
 * empty field. */
void report_csv_field (FILE *out, const char *s);

#endif
