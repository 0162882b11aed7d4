/* What a run shows of its inside: a Chrome trace-event JSON file (one track
 * per thread, a slice per state interval, flow arrows for messages; opens in
 * Perfetto or chrome://tracing) and the classroom narration of --explain.
 * Both are optional: every function accepts a NULL Trace and does nothing. */
#ifndef MKSIM_TRACE_H
#define MKSIM_TRACE_H

#include <stdbool.h>
#include <stdio.h>

#include <glib.h>

#include "sim/engine/evq.h"

typedef struct _Trace Trace;

/* `out` may be NULL (no trace file); the window [from, to) limits what is
 * written (to < 0: no end).  `explain` lines go to `explain_out` for the first
 * `explain_max` narrated events (0: none). */
Trace *trace_new (FILE *out, SimTime from, SimTime to, FILE *explain_out, long explain_max);
/* Narration starts at simulated time `from`: the `explain_max` lines are the
 * first ones at or after it (default 0, the start).  Earlier events are
 * still formatted by their callers (trace_explaining() does not know the
 * time), only not written. */
void   trace_set_explain_from (Trace *t, SimTime from);
/* Finishes the JSON document; false if writing failed. */
bool   trace_close (Trace *t);
void   trace_free (Trace *t);

/* Declares a track (a thread); returns its id. */
int    trace_track (Trace *t, const char *process, const char *name);
/* A slice [start, end) named `state` on a track. */
void   trace_slice (Trace *t, int track, const char *state, SimTime start, SimTime end);
/* A flow arrow from one track at `t0` to another at `t1` (a message). */
void   trace_flow (Trace *t, int from_track, SimTime t0, int to_track, SimTime t1,
                   const char *what);
/* True while narration is still wanted (cheap check before formatting). */
bool   trace_explaining (const Trace *t);
void   trace_explain (Trace *t, SimTime now, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
/* A duration for narration: "850 ns", "135.9 us", "12.345 ms"; returns `buf`. */
char  *trace_format_ns (char *buf, size_t size, int64_t ns);

#endif
