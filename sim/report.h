/* Report writers: a readable text summary, the JSON result of DESIGN.md, and
 * CSV.  They only read RunResult; they never reach into the models.  The
 * files they go to are sim/outfile.h's. */
#ifndef MKSIM_REPORT_H
#define MKSIM_REPORT_H

#include <stdio.h>
#include <glib.h>

#include "models/result.h"

/* The JSON object of one run (without trailing newline); newly allocated.
 * Its "fingerprint" is report_fingerprint() of the same result. */
char *report_json (const RunResult *r, bool with_wall);
void  report_text (FILE *out, const RunResult *r);
/* One header line and one row per run. */
void  report_csv_header (FILE *out);
void  report_csv_row (FILE *out, const RunResult *r);
/* Appends `str` to `s` as a JSON string, quotes included: '"', '\\' and
 * control characters escaped, invalid UTF-8 replaced by U+FFFD. */
void  report_json_string (GString *s, const char *str);
/* Writes `s` as one CSV field: as it is, or double-quoted with its quotes
 * doubled if it holds a comma, a quote or a line break.  NULL writes an
 * empty field. */
void  report_csv_field (FILE *out, const char *s);

/* 16 hex digits (and a NUL) of FNV-1a 64 over the JSON of `r` written
 * without "fingerprint" and "wall_s": equal results, equal fingerprints. */
void  report_fingerprint (const RunResult *r, char out[17]);

/* A duration in human units ("850 ns", "12.34 µs", "1.23 ms", "2.000 s");
 * writes into buf and returns it. */
char *report_format_ns (char *buf, size_t size, double ns);

#endif
