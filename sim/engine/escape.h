/* Text meant for a person's terminal, made safe to print.  Names come from
 * scenario files, and a JSON string may hold any character: an escape
 * sequence (U+001B ...) in a thread's name would recolour, clear or retitle
 * the terminal it is printed on, or hide what follows it.  Every text output
 * of mksim (reports, tables, lists, lessons, narration, messages) passes what
 * it prints through escape_text(), so control characters show as escapes.
 * The JSON and CSV writers have their own quoting and do not use it. */
#ifndef MKSIM_ESCAPE_H
#define MKSIM_ESCAPE_H

#include <stdbool.h>

#include <glib.h>

/* Appends `text` (NULL: nothing) to `s` with every character a terminal
 * could act on written as an escape, the way a JSON string spells it, so
 * it can be found in the scenario file: "\n", "\t", "\r", else "\u001b"
 * (C0 controls, DEL, the C1 controls U+0080..U+009F, the line and
 * paragraph separators and the bidirectional embeddings, overrides and
 * isolates, which reorder what follows them).  A byte that is not part of
 * valid UTF-8 is written "\xff".  With `keep_newlines` a '\n' stays a line
 * break (for text of several lines).  Everything else, "µ" and "±"
 * included, is copied as it is; the result is valid UTF-8. */
void  escape_append (GString *s, const char *text, bool keep_newlines);
/* The same, newly allocated. */
char *escape_text (const char *text, bool keep_newlines);
/* Would escape_text() change `text`? */
bool  escape_needed (const char *text, bool keep_newlines);

#endif
