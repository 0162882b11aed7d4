/* The commands for a classroom: `mksim list` (the bundled scenarios in the
 * order of the claims they show, or the whole lesson of one) and `mksim
 * lesson` (a lesson and its question; with --answer, the runs that answer
 * it and the answer with their figures filled in; with --html, a handout
 * of it all, sim/handout.h). */
#ifndef MKSIM_LESSON_H
#define MKSIM_LESSON_H

#include <stdbool.h>

/* The subcommands, as main.c's table wants them (argv[0] is the name);
 * they return a MksimExit (sim/cli.h). */
int  lesson_list_main (int argc, char **argv);
int  lesson_main (int argc, char **argv);

/* ---- parts, for the tests --------------------------------------------- */

/* The claims a lesson begins with: "C1 and C2: ..." or "C13: ..." (claims
 * joined by " and " or ", ", then a colon).  The first claim's number, or
 * 0 for a lesson that does not begin so (it sorts after every claim). */
int  lesson_first_claim (const char *lesson);

/* The width to wrap text for the terminal: $COLUMNS when it is a number
 * from 20 to 1000, else 80. */
int  lesson_width (void);

#endif
