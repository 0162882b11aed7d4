/* Page traces on disk: the format `mksim import-lackey` writes and a
 * scenario's `replay` op reads (the loader calls pagetrace_load and hands
 * the models the PageTrace of models/config.h).  The format is written
 * down here, once; the reader and the writer below are its only code.
 *
 * A page trace is text (the writer writes UTF-8), one item a line, each
 * line ending in '\n':
 *
 *   mksim-page-trace 1             the magic and the version
 *   # free text                    comments, anywhere in the header
 *   source gzip.log                header keys, one a line, each at most once:
 *   command gzip -c input.txt        KEY, one space, VALUE
 *   page_size 4096
 *   ns_per_instr 0.3
 *   with_code no
 *   instructions 259373
 *   pages 106                      required: distinct pages, 1 to 2^24
 *   records 21021                  required and last: records, 1 to 10^8
 *   0 0                            the records: COMPUTE_NS PAGE
 *   12 1
 *   ...
 *
 * Record i says: compute COMPUTE_NS nanoseconds, then touch page PAGE.
 * Pages are numbered densely in the order of first touch: the first record
 * touches page 0 and a page first appears only after every page below it,
 * so the pages are 0 to pages-1, each touched.  COMPUTE_NS is a whole
 * number of nanoseconds, at most 10^15.  Only `pages` and `records` are
 * needed to replay a trace; the other keys say where it came from
 * (`source` the log, `command` the traced program, `instructions` the
 * instructions counted, the conversion's `page_size`, `ns_per_instr` and
 * `with_code`: "yes" or "no") and are checked for form only.  A reader of
 * version 1 refuses any other key, a line it cannot read, fewer or more
 * records than `records`, and a last line without its '\n' (a truncated
 * file): a new key or a new kind of line is a new version. */
#ifndef MKSIM_PAGETRACE_H
#define MKSIM_PAGETRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "models/config.h"

#define PAGETRACE_MAGIC        "mksim-page-trace"
#define PAGETRACE_VERSION      1
#define PAGETRACE_MAX_PAGES    ((int64_t) 1 << 24)          /* a dataspace's most */
#define PAGETRACE_MAX_RECORDS  ((uint64_t) 100000000)       /* 1.2 GB in memory */
#define PAGETRACE_MAX_COMPUTE  ((int64_t) 1000000000000000) /* 10^15 ns, a duration's most */
#define PAGETRACE_MAX_LINE     4096                         /* bytes, '\n' excluded */

#define PAGETRACE_ERROR (pagetrace_error_quark ())
GQuark pagetrace_error_quark (void);

typedef enum {
  PAGETRACE_ERROR_IO,       /* the file cannot be read */
  PAGETRACE_ERROR_FORMAT,   /* it is not a valid page trace */
} PageTraceError;

/* The header as the writer gives it; NULL strings are left out. */
typedef struct {
  const char *source;
  const char *command;
  const char *const *comments;   /* NULL-terminated, or NULL; one "# " line each */
  int64_t page_size;             /* 0: left out */
  double ns_per_instr;           /* < 0: left out */
  int with_code;                 /* 1 yes, 0 no, -1 left out */
  uint64_t instructions;
  bool has_instructions;
  int64_t pages;
  uint64_t records;
} PageTraceHeader;

/* Reads and checks the page trace at `path`: a new PageTrace with one
 * reference (named `path`), or NULL with `error` set, its message
 * "PATH: what" for a file that cannot be read and "PATH:LINE: what" for
 * one that is not a valid trace. */
PageTrace *pagetrace_load (const char *path, GError **error);

/* Writes the header `h` (everything before the first record) to `out`.
 * Text values are written as one line each: control characters become
 * '?', and what would pass PAGETRACE_MAX_LINE is cut. */
void       pagetrace_write_header (FILE *out, const PageTraceHeader *h);
/* Writes one record. */
void       pagetrace_write_record (FILE *out, int64_t compute_ns, uint32_t page);

#endif
