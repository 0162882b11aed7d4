/* The answer of a lesson: prose with placeholders that stand for figures of
 * runs, so that the numbers it quotes are always those of the run that
 * shows it and cannot drift from what the simulator computes.
 *
 *   {KEY}             figure KEY (a numeric key of the figure catalogue,
 *                     sim/figures.def: "faults.innocent.stalled_threads")
 *                     of the scenario as it is, under its own strategy;
 *   {SELECTOR:KEY}    the same of another run: SELECTOR is one or more
 *                     items separated by spaces, each a strategy's name or
 *                     a PATH=VALUE change applied as --set is
 *                     ("{sync-rpc:core.blocked_ns}",
 *                     "{managers[0].min_hold=1ms:faults.resolved}");
 *   {{                a literal "{".
 *
 * A VALUE may not contain a space; braces in it must pair up (a JSON
 * object: "{gui.events={\"period\":\"20ms\"}:gui.dropped}").  The runs an answer
 * needs are its variants (the distinct lists of changes, the scenario as
 * it is first), each under the strategies its placeholders name.  The
 * loader parses every answer (answer_parse()), so a placeholder that names
 * no figure fails the load; lesson.c and handout.c run the variants and
 * fill the figures in (answer_render(), answer_value()). */
#ifndef MKSIM_ANSWER_H
#define MKSIM_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "sim/batch.h"
#include "sim/figures.h"

#define ANSWER_OWN_STRATEGY (-1)   /* a placeholder naming no strategy */

typedef struct {
  int strategy;                  /* StrategyKind, or ANSWER_OWN_STRATEGY */
  size_t variant;                /* index into the answer's variants */
  FigureId figure;
  const char *text;              /* the placeholder as written, braces included */
} AnswerRef;

typedef struct _Answer Answer;

/* Parses `text`.  NULL with `error` set (G_OPTION_ERROR_BAD_VALUE, a message
 * that quotes the placeholder and says what is wrong) for an unclosed
 * brace, an empty or unknown figure key, a figure that is not a number (or
 * is wall-clock time), an item that is neither a strategy nor PATH=VALUE,
 * or a strategy given twice in one placeholder. */
Answer     *answer_parse (const char *text, GError **error);
void        answer_free (Answer *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

size_t      answer_n_refs (const Answer *a);
const AnswerRef *answer_ref (const Answer *a, size_t i);

/* Variant 0 is the scenario as it is (no change), whether or not a
 * placeholder uses it; the others in the order they first appear.  Each is
 * its PATH=VALUE changes, NULL-terminated (empty for variant 0). */
size_t      answer_n_variants (const Answer *a);
const char *const *answer_variant_sets (const Answer *a, size_t v);
/* The strategies the placeholders of variant `v` name, in StrategyKind
 * order, with ANSWER_OWN_STRATEGY read as `own`, into `out` (room for
 * STRATEGY_COUNT); returns how many.  Variant 0 names at least `own`. */
size_t      answer_variant_strategies (const Answer *a, size_t v, int own, int *out);
/* The changes of variant `v` as a reader sees them: "--set A=1 --set B=2";
 * "" for variant 0.  Newly allocated. */
char       *answer_variant_label (const Answer *a, size_t v);

/* Writes the answer into `out`: each run of plain text through `literal`
 * (not NUL-terminated: `len` bytes), each placeholder through `ref`. */
typedef struct {
  void (*literal) (GString *out, const char *text, size_t len, void *data);
  void (*ref) (GString *out, const AnswerRef *ref, void *data);
} AnswerRender;
void        answer_render (const Answer *a, const AnswerRender *how, void *data, GString *out);

/* Where a placeholder may find its figure: a summarised batch and the
 * variant of the answer it ran (the batch's own --set lines are the
 * variant's changes), or, for a batch of compare or sweep, the variant 0
 * of that command (a sweep's value v then matches a variant that is the
 * one change PARAM=VALUE). */
typedef struct {
  const Batch *batch;
  const Answer *answer;          /* NULL: a compare or sweep of the scenario as it is */
  size_t variant;                /* with `answer` */
} AnswerRun;

/* The figure of `ref` in the first of `runs` that holds it, under `own`
 * for a placeholder without a strategy: its mean and CI half-width, and
 * whether the batch had several runs.  False if none holds it (or none of
 * its runs completed). */
bool        answer_value (const Answer *a, const AnswerRef *ref, int own, const AnswerRun *runs,
                          size_t n_runs, double *mean, double *half, bool *with_ci);
/* Its label as the tables print it, and whose run it is: "innocent threads
 * stalled (sync-rpc, --set X=1)".  Newly allocated. */
char       *answer_ref_label (const Answer *a, const AnswerRef *ref, int own);

#endif
