/* Lines fitted to a terminal's width.  A text report, a help page, the
 * narration: a line wider than the terminal would be wrapped by the terminal
 * at any character, through a word or across the columns of a table, so
 * mksim breaks it itself, at word boundaries, and indents what follows
 * under where the line's text begins ("  latency       p50 ..." goes on
 * under "p50").  Widths count characters, not bytes ("µs" is two bytes).
 * Here in the engine beside escape.c, because the narration (trace.c)
 * needs it as much as the program's reports do. */
#ifndef MKSIM_TEXTFIT_H
#define MKSIM_TEXTFIT_H

#include <glib.h>

/* Appends `line` (no line break in it) and a line break to `out`, broken
 * into lines of at most `width` characters at spaces (never between a
 * number and its unit, "1.45 ms"); every line after the
 * first is indented by `hang` spaces (at most two thirds of `width`).  A word longer
 * than a line's room is cut at the room.  `width` <= 0: no limit. */
void  textfit_append_line (GString *out, const char *line, int width, int hang);
/* Where the continuation of `line` is best indented: under the text after
 * the first run of two or more spaces that follows a word ("  --json=F
 * Write ..." goes on under "Write"), when that is within the first two
 * thirds of `width`; else two spaces deeper than the line's own indentation (none
 * for a line that has none). */
int   textfit_hang (const char *line, int width);
/* `text` with each line wider than `width` broken as textfit_append_line()
 * does, with textfit_hang() indentation.  A paragraph broken by hand for a
 * wider terminal is filled anew: the lines after a line too wide that have
 * its indentation and hold prose (no run of two spaces, not starting with
 * '-', '*' or '(') run on from it.  Newly allocated. */
char *textfit_lines (const char *text, int width);

#endif
