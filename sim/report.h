/* The text report of one run, and the words and units it shares with the
 * other writers (sim/report_json.h, sim/report_csv.h).  They only read
 * RunResult; they never reach into the models.  The files they go to are
 * sim/outfile.h's. */
#ifndef MKSIM_REPORT_H
#define MKSIM_REPORT_H

#include <stdio.h>
#include <glib.h>

#include "models/result.h"

/* The report, its lines fitted to `width` characters (sim/engine/textfit.h;
 * the threads table is cut in two rather than wrapped); 0: no limit. */
void  report_text (FILE *out, const RunResult *r, int width);

/* A duration in human units ("850 ns", "12.34 µs", "1.23 ms", "2.000 s");
 * writes into buf and returns it. */
char *report_format_ns (char *buf, size_t size, double ns);

/* The name of a thread's role and state as the reports write them;
 * "unknown" for a value out of range. */
const char *report_role_name (ThreadRole role);
const char *report_state_name (ThreadState state);

#endif
