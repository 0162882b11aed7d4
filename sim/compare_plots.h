/* The plots of `mksim compare --plot` and `mksim sweep --plot`, drawn from
 * a summarised batch of runs. */
#ifndef MKSIM_COMPARE_PLOTS_H
#define MKSIM_COMPARE_PLOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/batch.h"
#include "sim/plot.h"

/* compare's figures: CDF and tail, health panels, latency and loss bars,
 * and the thread timeline of each strategy's first run, whose trace is
 * committed first.  Each is tried even if one before failed; false if any
 * failed (the messages are printed). */
bool  compare_plots_compare (Batch *b, PlotSet *p);
/* sweep's figures: each figure the tables show that is not 0 everywhere
 * and is of the scenario's kind, against the swept parameter.  `quiet`
 * leaves out the note of what was not drawn. */
bool  compare_plots_sweep (const Batch *b, PlotSet *p, bool quiet);

/* The file name, in the plot folder, of the timeline trace of the batch's
 * `s`-th strategy.  Newly allocated. */
char *compare_plots_trace_name (const Batch *b, size_t s);

#endif
