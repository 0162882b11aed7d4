/* Report writers: a readable text summary, the JSON result of DESIGN.md, and
 * CSV.  They only read RunResult; they never reach into the models. */
#ifndef MKSIM_REPORT_H
#define MKSIM_REPORT_H

#include <stdio.h>
#include <glib.h>

#include "models/result.h"

/* The JSON object of one run (without trailing newline); newly allocated. */
char *report_json (const RunResult *r, bool with_wall);
void  report_text (FILE *out, const RunResult *r);
/* One header line and one row per run. */
void  report_csv_header (FILE *out);
void  report_csv_row (FILE *out, const RunResult *r);
/* Writes `text` to `path` atomically (temp file + rename): no half-written file. */
gboolean report_write_file (const char *path, const char *text, GError **error);

#endif
