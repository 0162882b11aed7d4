/* What a thread timeline draws, read back from a trace file written by
 * sim/engine/trace.c: the thread tracks (their names sanitized for a plot)
 * and each thread-state slice.  The trace is one event object per line, in
 * a fixed shape, so a few string searches read it; a full JSON parser would
 * mean cJSON outside the loader.  sim/plot_timeline.c draws what this reads. */
#ifndef MKSIM_TIMELINE_H
#define MKSIM_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "models/result.h"

/* One stretch of one thread in one state. */
typedef struct {
  int64_t start, end;            /* ns */
  int row;                       /* the thread's row, from 0 at the top */
} TimelineSlice;

/* What a timeline draws, as read from a trace. */
typedef struct {
  GPtrArray *tracks;             /* sanitized names of the tracks drawn, row order */
  GPtrArray *raw;                /* ... as the trace has them (threads[].name) */
  size_t max_tracks;             /* rows at most */
  size_t all_tracks;             /* tracks in the trace */
  GArray *by_state[TS_COUNT];    /* TimelineSlice per thread state */
} Timeline;

/* Empty, for at most `max_tracks` rows. */
void timeline_init (Timeline *tl, size_t max_tracks);
/* Frees what `tl` holds; a zeroed Timeline is fine too. */
void timeline_clear (Timeline *tl);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Timeline, timeline_clear)
/* Adds the tracks and slices of the trace text `trace`; anything it cannot
 * read is skipped. */
void timeline_read (Timeline *tl, const char *trace);

#endif
