/* A handout: one self-contained HTML page of a lesson for a lab, written by
 * `--html FILE` of compare, sweep and lesson.  It holds the lesson, the
 * question, the answer folded away in a <details> element (its figures
 * filled in from the runs), the tables of the runs, every plot drawn as
 * inline SVG, and the scenario itself; inline CSS, no script, nothing
 * fetched from anywhere, so it opens offline and prints as it shows.  The
 * page is written through sim/outfile.h: it appears whole or not at all.
 *
 * The plots come from the plot set the command draws into: the user's
 * --plot folder, or else a temporary folder of the handout's own,
 * removed when the handout is freed. */
#ifndef MKSIM_HANDOUT_H
#define MKSIM_HANDOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "models/config.h"
#include "sim/answer.h"
#include "sim/batch.h"
#include "sim/plot.h"

typedef struct _Handout Handout;

/* Prepares the page `path` ("-": stdout) and a temporary plot folder.
 * NULL with `error` set if either cannot be made; nothing is written to
 * `path` until handout_write(). */
Handout    *handout_open (const char *path, GError **error);
/* Aborts a page not written and removes the temporary folder. */
void        handout_free (Handout *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Handout, handout_free)

const char *handout_path (const Handout *h);
/* The folder to draw into when the user named no --plot folder. */
const char *handout_plot_dir (const Handout *h);

/* What a page shows; everything is borrowed. */
typedef struct {
  const char *heading;           /* "Lesson hung-manager", "compare of hello" */
  const ScenarioConfig *scenario;  /* lesson, question, answer, strategy */
  const char *scenario_path;     /* the file, for the reader */
  const char *scenario_text;     /* the JSON as written */
  const char *const *sets;       /* the user's --set lines, NULL-terminated; may be NULL */
  const Answer *answer;          /* NULL: no answer */
  const AnswerRun *runs;         /* where the answer's figures are */
  size_t n_runs;
  const Batch *const *batches;   /* their tables, in order */
  const char *const *titles;     /* a heading per batch; NULL entries or NULL: none */
  size_t n_batches;
  const PlotSet *plots;          /* NULL: no plots */
} HandoutPage;

/* Writes and commits the page.  False with `error` set if it cannot be
 * written, or a plot drawn cannot be read. */
bool        handout_write (Handout *h, const HandoutPage *page, GError **error);

/* compare's and sweep's page: the summarised batch `b`, its plots (NULL
 * if none were drawn) and the scenario, loaded again for its texts with
 * the user's --set lines.  Prints what went wrong; false then. */
bool        handout_write_batch (Handout *h, const Batch *b, const PlotSet *plots);

#endif
