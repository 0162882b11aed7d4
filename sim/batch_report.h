/* The outputs of a batch of runs (sim/batch.h) once summarised: the text
 * tables of compare and sweep, their JSON and their CSV. */
#ifndef MKSIM_BATCH_REPORT_H
#define MKSIM_BATCH_REPORT_H

#include <stdio.h>

#include "sim/batch.h"

/* compare's table, or sweep's tables (a batch with a param), with the
 * heading that says what ran. */
void  batch_report_text (const Batch *b, FILE *out);
/* {"scenario", ["param", "values",] "runs", "strategies", "skipped",
 * "results": [every run], "summary": {mean and ci95 per figure}}, with a
 * trailing newline; newly allocated. */
char *batch_report_json (const Batch *b);
/* A header and one row per run, with "param" and "value" first in a sweep. */
void  batch_report_csv (const Batch *b, FILE *out);

#endif
