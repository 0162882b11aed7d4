/* The tables of `mksim compare`, `sweep` and `lesson --answer` on a
 * terminal: row labels on the left, cells right-aligned under column heads,
 * fitted to the terminal's width by the table itself, never left to the
 * terminal to wrap (a wrapped row scrambles the columns). */
#ifndef MKSIM_TEXTTABLE_H
#define MKSIM_TEXTTABLE_H

#include <stddef.h>
#include <stdio.h>

/* Prints the table of `n_rows` rows (labels `rows`) and `n_cols` columns
 * (heads `heads`); cells[r * n_cols + c] is row r's cell of column c;
 * `corner` heads the labels' column.  Widths count characters, not bytes
 * ("µ" and "±" are two bytes).  A table wider than `room` characters is
 * split into tables of as many columns as fit, each with the row labels,
 * one under the other.  (Turning it the other way round, a row per column,
 * would need a column per row: wider still.)  Where that leaves one column
 * a table, or a column too wide even alone, long labels are broken onto
 * further lines so that more columns fit, and a head wider than its column
 * and the room is broken at its spaces. */
void texttable_print (FILE *out, int room, const char *corner, const char *const *heads,
                      size_t n_cols, const char *const *rows, size_t n_rows,
                      char *const *cells);

#endif
