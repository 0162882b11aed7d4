/* The one-line progress bar of `mksim compare` and `mksim sweep` on a
 * terminal: runs done of the total, the time elapsed and an estimate of
 * the time left, redrawn in place on stderr.  It appears only after the
 * batch has run for a second (a quick batch shows nothing) and only when
 * stderr is a terminal: a log file or a pipe never gets carriage returns. */
#ifndef MKSIM_PROGRESS_H
#define MKSIM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

typedef struct _Progress Progress;

/* A progress line on `out`, drawn only if `out` is a terminal; the clock
 * starts now. */
Progress *progress_new (FILE *out);
void      progress_free (Progress *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Progress, progress_free)
/* Is anything ever drawn (is `out` a terminal)? */
bool      progress_enabled (const Progress *p);
/* `done` of `total` runs: redraws the line, at most ten times a second and
 * not in the first second.  NULL or a disabled line does nothing. */
void      progress_update (Progress *p, size_t done, size_t total);
/* Clears the line, if one was drawn, so that what follows starts clean. */
void      progress_end (Progress *p);

/* The line for `done` of `total` runs after `elapsed` seconds, at most
 * `width` characters: "[#####.....] 12/40 runs  0:07 elapsed, 0:23 left".
 * Newly allocated. */
char     *progress_line (size_t done, size_t total, double elapsed, int width);
/* The terminal's width: $COLUMNS if it is a number, else the width of the
 * terminal `fd` is, else 80. */
int       progress_columns (int fd);

#endif
