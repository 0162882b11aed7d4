/* What a run shows of its inside: a Chrome trace-event JSON file (one track
 * per thread, a slice per state interval, flow arrows for messages; opens in
 * Perfetto or chrome://tracing) and the classroom narration of --explain.
 * Both are optional: every function accepts a NULL Trace and does nothing. */
#ifndef MKSIM_TRACE_H
#define MKSIM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
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
/* Narrated lines wider than `width` characters (0: no limit, the default)
 * go on under the text, after the time (sim/engine/textfit.h). */
void   trace_set_explain_width (Trace *t, int width);
/* Bounds the document to about `max` bytes (0: no bound, the default): the
 * event that would pass max minus a reserve of 1 KiB for the closing is
 * replaced by a global instant event saying that the trace stops there,
 * and nothing later is written.  The document stays valid JSON. */
void    trace_set_max_bytes (Trace *t, uint64_t max);
/* The simulated time at which the bound stopped the trace; -1 if it did
 * not (or t is NULL). */
SimTime trace_full_at (const Trace *t);
/* The run stopped before its end (RunResult.incomplete), at `at`, for the
 * reason `why`: a global instant event says so on the timeline, and the
 * document gains the top-level members "incomplete": true and "stopped":
 * `why`.  Call before trace_close(). */
void    trace_mark_incomplete (Trace *t, SimTime at, const char *why);
/* Finishes the JSON document; false if writing failed. */
bool    trace_close (Trace *t);
/* The errno of the first write of the document that failed (ENOSPC, EIO,
 * ...), 0 if none did. */
int     trace_errno (const Trace *t);
void    trace_free (Trace *t);

/* An argument of a slice or an instant event, shown when it is clicked:
 * `key` and a string (`str` not NULL) or an integer (`num`). */
typedef struct {
  const char *key;
  const char *str;
  int64_t num;
} TraceArg;

/* Whether events are written (a trace file, not closed, not full): callers
 * check it before they put arguments together. */
bool   trace_writing (const Trace *t);
/* Declares a track (a thread); returns its id. */
int    trace_track (Trace *t, const char *process, const char *name);
/* A slice [start, end) named `state` on a track. */
void   trace_slice (Trace *t, int track, const char *state, SimTime start, SimTime end);
/* The same with `n_args` arguments ("args" of the event). */
void   trace_slice_args (Trace *t, int track, const char *state, SimTime start, SimTime end,
                         const TraceArg *args, size_t n_args);
/* A moment on a track ("ph": "i", thread scope): something happened there
 * (a component stops for good), with `n_args` arguments; written if `at`
 * lies in the window. */
void   trace_instant (Trace *t, int track, SimTime at, const char *name, const TraceArg *args,
                      size_t n_args);
/* A flow arrow from one track at `t0` to another at `t1` (a message). */
void   trace_flow (Trace *t, int from_track, SimTime t0, int to_track, SimTime t1,
                   const char *what);
/* True while narration is still wanted (cheap check before formatting). */
bool   trace_explaining (const Trace *t);
void   trace_explain (Trace *t, SimTime now, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
/* A line about the faults `about[0..n_about)`: their numbers, 1, 2, ... in
 * the order the faults began (the models number them), for the filters
 * below.  trace_explain() is a line about no fault in particular. */
void   trace_explain_about (Trace *t, SimTime now, const uint64_t *about, size_t n_about,
                            const char *fmt, ...) G_GNUC_PRINTF (5, 6);
/* Narrate only the lines about fault `n` (0: every line, the default). */
void   trace_set_explain_fault (Trace *t, uint64_t n);
/* Narrate only the lines that name a track called `name`, or `name[i]` for
 * any i (every instance of a thread entry), and the lines about faults of
 * those tracks (trace_explain_fault_of).  Call before the tracks are
 * declared.  A name counts where it stands whole: not inside a longer
 * name. */
void   trace_set_explain_track (Trace *t, const char *name);
/* Fault `about` is one of track `track`'s. */
void   trace_explain_fault_of (Trace *t, uint64_t about, int track);
/* The tracks the track filter matched (0 without one). */
size_t trace_explain_tracks (const Trace *t);
/* The highest fault number a line was about, narrated or not (0: none). */
uint64_t trace_explain_last_about (const Trace *t);
/* A size in binary units, "100 MiB", "64 KiB", "1.5 GiB", "512 B".  Newly
 * allocated. */
char  *trace_format_size (uint64_t bytes);
/* A duration, as the reports print them: "850 ns", "135.90 µs",
 * "12.35 ms", "1.250 s" (a fraction of a ns as "0.5 ns", not finite as
 * "forever" or "-"); returns `buf`. */
char  *trace_format_duration (char *buf, size_t size, double ns);
/* The same for integer ns, for narration. */
char  *trace_format_ns (char *buf, size_t size, int64_t ns);

#endif
