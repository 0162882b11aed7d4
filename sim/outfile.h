/* An output file that appears under its name only once complete: written to
 * a temp file beside it and renamed on commit ("-" is stdout; a path that is
 * a device or a pipe is written in place; a symbolic link is followed, and
 * the file it names replaced; a replaced file keeps its permissions).  outfile_open() and friends are
 * for writers that stream, like the trace; outfile_write() is the one-shot
 * form. */
#ifndef MKSIM_OUTFILE_H
#define MKSIM_OUTFILE_H

#include <stdio.h>

#include <glib.h>

typedef struct _OutFile OutFile;

OutFile  *outfile_open (const char *path, GError **error);
FILE     *outfile_stream (OutFile *f);
/* Flushes, closes and renames into place; frees f whatever happens. */
gboolean  outfile_commit (OutFile *f, GError **error);
/* Closes and removes the temp file; frees f.  NULL is ignored. */
void      outfile_abort (OutFile *f);
/* Removes the temp file now, so the output will not appear, but leaves the
 * stream open and `f` allocated: for a file another thread may still be
 * writing into when the process ends.  NULL is ignored. */
void      outfile_abandon (OutFile *f);

/* Writes `text` to `path` atomically (temp file + rename): no half-written file. */
gboolean  outfile_write (const char *path, const char *text, GError **error);

#endif
