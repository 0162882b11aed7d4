/* The catalogue of a run's figures: every key of the JSON result of one run,
 * in the JSON's order, each scalar figure with its label, unit, topic and a
 * getter that reads it from a RunResult.  The writers (sim/report_json.c,
 * sim/report_csv.c), the tables and summaries of compare and sweep
 * (sim/batch*.c) and their plots (sim/compare_plots.c) all read it, so a key
 * is spelled once and adding a figure is one line in sim/figures.def.
 *
 * Two kinds of entries:
 *   - scalar figures, stored in RunResult (FIGURE_TYPE_U64 ... _CHARS) or
 *     derived from other figures (FIGURE_TYPE_DERIVED: not in a run's JSON
 *     on its own);
 *   - structured parts (FIGURE_TYPE_PART): objects and arrays with their own
 *     writer (gui.dropped_by_cause, authority.matrix, threads, ...), listed
 *     by key only, so their place in the JSON is here as well; the marks of
 *     an incomplete run ("incomplete", "stopped") are parts that only such
 *     a run's JSON holds. */
#ifndef MKSIM_FIGURES_H
#define MKSIM_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/result.h"

/* FIG_FAULTS_TOTAL, ...: one per line of sim/figures.def, in its order. */
typedef enum {
#define FIGURE(id, ...) FIG_##id,
#define PART(id, key) FIG_##id,
#define MARK(id, key) FIG_##id,
#include "sim/figures.def"
#undef FIGURE
#undef PART
#undef MARK
  FIG_COUNT
} FigureId;

/* How a figure is stored, and so how the writers print it. */
typedef enum {
  FIGURE_TYPE_U64,       /* uint64_t: an integer */
  FIGURE_TYPE_I64,       /* int64_t: an integer */
  FIGURE_TYPE_INT,       /* int: an integer */
  FIGURE_TYPE_REAL,      /* double: a mean or a deviation, with decimals */
  FIGURE_TYPE_TEXT,      /* char *, may be NULL */
  FIGURE_TYPE_CHARS,     /* char[N], NUL-terminated */
  FIGURE_TYPE_DERIVED,   /* computed from other figures by `derive` */
  FIGURE_TYPE_PART,      /* an object or array with its own writer: no value */
} FigureType;

typedef enum {
  FIGURE_UNIT_NONE,      /* names and identifiers */
  FIGURE_UNIT_COUNT,
  FIGURE_UNIT_NS,
  FIGURE_UNIT_BYTES,
  FIGURE_UNIT_RATIO,
  FIGURE_UNIT_SECONDS,   /* wall-clock seconds */
} FigureUnit;

/* What a figure is about.  A sweep plots a figure only in a scenario of its
 * kind, and the tables always show the key figures of the scenario's kind,
 * zero or not: "0 faults unresolved" is the lesson under some strategies.
 * ORDER: the tables group their rows by topic in this order. */
typedef enum {
  FIGURE_TOPIC_RUN,      /* the run itself: names, seed, time */
  FIGURE_TOPIC_PAGING,   /* faults and core: the scenario has dataspaces */
  FIGURE_TOPIC_PROGRESS, /* whether user threads complete operations: any scenario */
  FIGURE_TOPIC_COST,     /* kernel traffic and state: what paging costs */
  FIGURE_TOPIC_GUI,      /* GUI input delivery: the scenario has a GUI */
  FIGURE_TOPIC_TIMER,    /* how late sleeps wake: C9, a scenario of neither kind */
  FIGURE_TOPIC_CALLS,    /* client calls to servers: any scenario */
  FIGURE_TOPIC_COUNT
} FigureTopic;

/* Whether compare and sweep show a figure. */
typedef enum {
  FIGURE_SHOW_NEVER,     /* in the run JSON and CSV only */
  FIGURE_SHOW_NONZERO,   /* a row unless it is 0 everywhere */
  FIGURE_SHOW_ALWAYS,    /* a key figure of its topic: a row even when 0 */
} FigureShow;

typedef struct {
  const char *key;       /* the JSON path: "faults.latency_ns.p99" */
  FigureType type;
  size_t offset;         /* in RunResult, for a stored figure */
  double (*derive) (const RunResult *r);   /* for FIGURE_TYPE_DERIVED */
  FigureUnit unit;
  FigureTopic topic;
  const char *label;     /* a row of a table: "fault latency p99" */
  bool one_line;         /* the JSON object holding it is written on one line */
  FigureShow show;       /* in compare and sweep */
  const char *file;      /* the name of its sweep figure, when shown */
  int csv;               /* its CSV column, from 1; 0: not in the CSV */
  bool mark;             /* only in the JSON of an incomplete run (MARK) */
} Figure;

/* ORDER FigureId */
extern const Figure figures[FIG_COUNT];

/* The figure whose key is `key`; false if there is none. */
bool        figures_find (const char *key, FigureId *out);
/* The last part of a key ("p99" of "faults.latency_ns.p99"). */
const char *figures_leaf (FigureId id);

/* Does the JSON of `r` hold `id` as a member of its own: every figure but
 * the derived ones, and a mark only if `r` is incomplete. */
bool        figures_in_json (FigureId id, const RunResult *r);

/* Has the figure a number (stored or derived), for figures_value()? */
bool        figures_numeric (FigureId id);

/* A figure's value; each asserts that the figure is of a fitting type.
 * figures_value() takes any number (a derived one too) as a double: what
 * means and intervals are computed from.  The others are for the writers,
 * which print integers as the integers they are. */
double      figures_value (FigureId id, const RunResult *r);
uint64_t    figures_u64 (FigureId id, const RunResult *r);
int64_t     figures_i64 (FigureId id, const RunResult *r);     /* _I64 and _INT */
double      figures_real (FigureId id, const RunResult *r);
const char *figures_text (FigureId id, const RunResult *r);    /* _TEXT and _CHARS */

/* The printf format of a FIGURE_TYPE_REAL figure in the JSON and CSV: one
 * decimal for a mean or deviation in ns, three for wall-clock seconds. */
const char *figures_real_format (FigureId id);

/* The CSV columns in their order, into `out` (room for FIG_COUNT); returns
 * how many. */
size_t      figures_csv_columns (FigureId *out);
/* The figures compare and sweep show (those not FIGURE_SHOW_NEVER), grouped
 * by topic in FigureTopic order, in the catalogue's order within a topic,
 * into `out` (room for FIG_COUNT); returns how many.  Their order is that of
 * the tables and of the summary in the JSON of compare and sweep. */
size_t      figures_compared (FigureId *out);

/* ---- causes of GUI drops ---------------------------------------------- */

/* RunResult names the causes of GUI drops by strings (gui.dropped_by_cause,
 * as models/gui.c names them); this is the one place they are read back. */
typedef enum {
  FIGURE_DROP_TIMEOUT,   /* ipc-timeout: the client did not receive in time */
  FIGURE_DROP_OVERFLOW,  /* async-signal: the client's buffer was full */
  FIGURE_DROP_DEAD,      /* the client had crashed */
  FIGURE_DROP_COUNT
} FigureDropCause;

/* The cause named `name`; FIGURE_DROP_COUNT for a name not known (or NULL). */
FigureDropCause figures_drop_cause (const char *name);
/* The figure of the GUI events dropped for `cause`. */
FigureId        figures_drop_cause_figure (FigureDropCause cause);
/* The cause whose figure `id` is; FIGURE_DROP_COUNT for any other figure. */
FigureDropCause figures_drop_cause_of (FigureId id);

/* ---- units ------------------------------------------------------------ */

/* The unit in which to write a figure of `unit` and magnitude `a` in a table
 * or on an axis: its name ("µs", "KiB"; NULL for plain numbers) and, in
 * `size`, how many of the figure's own units it is. */
const char *figures_unit_scale (FigureUnit unit, double a, double *size);
/* A figure for a table: "12.34 µs", or with the interval "12.34 ± 0.56 µs".
 * Newly allocated. */
char       *figures_format (FigureUnit unit, double mean, double half, bool with_ci);

#endif
