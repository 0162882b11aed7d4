/* `mksim import-lackey`: real programs' memory accesses as a page trace.
 * valgrind's lackey tool (valgrind --tool=lackey --trace-mem=yes) prints
 * every instruction fetch ("I  04010f20,3") and data access (" L ADDR,SIZE"
 * a load, " S" a store, " M" a modify: a load and a store of one address)
 * of a program; this converts such a log into the page trace of
 * sim/pagetrace.h that a scenario's `replay` op plays:
 *
 *  - the accesses are the L, S and M lines, and the I lines too with
 *    with_code (an instruction's fetch comes before its own data accesses);
 *  - each access touches the page of its first byte and, when it crosses a
 *    page boundary, every page up to its last byte, the later ones with no
 *    compute before them;
 *  - pages are numbered 0, 1, 2, ... in the order of their first touch;
 *  - an access to the page the record before it touched is no record of
 *    its own: the record stands for the run of accesses to one page, and
 *    the instructions executed during the run go to the next record;
 *  - a record's COMPUTE_NS is the instructions (I lines) executed since the
 *    record before it times ns_per_instr, rounded so that the sum of the
 *    records up to any point is the instructions so far times ns_per_instr,
 *    rounded: no time is lost to rounding however many records there are;
 *    instructions after the last access (the exit path) are in no record;
 *  - a run too long to replay whole can be cut to a window of its records:
 *    skip_records left out (still read, their pages not numbered) and at
 *    most max_records kept, after which the rest of the log is not read;
 *    the first record's compute is the time since the last one left out.
 *
 * valgrind's own lines ("==PID== ...", "--PID-- ...") are skipped; the
 * traced command is taken from its "Command:" line.  Anything else is an
 * error naming the log and the line: a log with the program's own output
 * mixed in (lackey writes to standard error; record with --log-file). */
#ifndef MKSIM_LACKEY_H
#define MKSIM_LACKEY_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/* 0.3 ns an instruction: one instruction a cycle at 3.3 GHz, a round figure
 * for the mixed integer code of gzip or a compiler on a current core. */
#define LACKEY_DEFAULT_NS_PER_INSTR 0.3
#define LACKEY_DEFAULT_PAGE_SIZE    4096
#define LACKEY_MIN_PAGE_SIZE        256
#define LACKEY_MAX_PAGE_SIZE        ((int64_t) 1 << 30)
#define LACKEY_MAX_NS_PER_INSTR     1e6

#define LACKEY_ERROR (lackey_error_quark ())
GQuark lackey_error_quark (void);

typedef enum {
  LACKEY_ERROR_IO,       /* the log cannot be read */
  LACKEY_ERROR_PARSE,    /* it is not lackey's output, or too large to convert */
  LACKEY_ERROR_OUTPUT,   /* the trace cannot be written */
  LACKEY_ERROR_INTERRUPTED,   /* a signal was caught (sim/interrupt.h) */
} LackeyError;

typedef struct {
  int64_t page_size;                 /* a power of two, LACKEY_MIN/MAX_PAGE_SIZE */
  double ns_per_instr;               /* >= 0 */
  bool with_code;                    /* instruction fetches are accesses too */
  uint64_t skip_records;             /* records left out before the window */
  uint64_t max_records;              /* records kept, at most; 0: all (to the format's most) */
  const char *const *comments;       /* NULL-terminated, or NULL: header comments */
} LackeyOptions;

/* What a conversion found. */
typedef struct {
  uint64_t lines;
  uint64_t instructions;             /* I lines read */
  uint64_t window_instructions;      /* ... that the records' compute stands for */
  uint64_t accesses;                 /* lines taken as accesses */
  uint64_t records;
  int64_t pages;
  int64_t compute_ns;                /* the records' compute, summed */
} LackeyStats;

/* Converts the lackey log `log` ("-": standard input) into the page trace
 * `out` ("-": standard output), written whole or not at all (sim/outfile.h).
 * False with `error` set: "LOG:LINE: what" for a line that is not lackey's,
 * "LOG: what" for a log that cannot be read or holds no access, and
 * LACKEY_ERROR_INTERRUPTED when interrupt_caught() says SIGINT or SIGTERM
 * came (looked at between lines) and nothing was written. */
bool lackey_import (const char *log, const char *out, const LackeyOptions *o,
                    LackeyStats *stats, GError **error);

/* The subcommand: mksim import-lackey LOG -o TRACE [OPTION...]; argv[0] is
 * its name.  Returns a MksimExit (sim/cli.h): 0 done, 1 the trace could not
 * be written, 2 bad usage or a bad log, 130 or 143 interrupted by SIGINT or
 * SIGTERM (nothing written). */
int  lackey_main (int argc, char **argv);

#endif
