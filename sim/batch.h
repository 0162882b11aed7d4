/* A batch of runs, what `mksim compare` and `mksim sweep` are made of: one
 * scenario under several strategies and, for a sweep, every point of the
 * grid of its parameters (the cross product of their values), each
 * (value, strategy) R times on consecutive seeds.  Every run has a slot,
 * loaded up front, run by a pool of worker threads and summarised per
 * (value, strategy) with a mean and a 95 % confidence interval for each
 * figure of the catalogue (sim/figures.h), and per pair of strategies with
 * the mean and interval of their per-seed differences.
 *
 * The batch is a plain record that its readers share: sim/compare.c fills
 * in what the command line asks for and drives the steps below,
 * sim/batch_report.c writes its tables, JSON and CSV, sim/compare_plots.c
 * draws it, and sim/merge.c rebuilds one from shard outputs
 * (sim/merge_read.h).
 *
 * A batch may be incomplete in two ways, and is written all the same,
 * marked: some runs stopped before their end (a guard or a runaway: their
 * results say so), or the batch was interrupted (SIGINT, SIGTERM), and
 * only the runs completed by then have a result.  A shard (--shard I/N)
 * runs only its slice of the slots; the others are another shard's. */
#ifndef MKSIM_BATCH_H
#define MKSIM_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "models/config.h"
#include "models/result.h"
#include "sim/cli.h"
#include "sim/figures.h"
#include "sim/outfile.h"
#include "sim/progress.h"

/* Where a slot's run is; changed under the batch's lock only. */
typedef enum {
  BATCH_SLOT_WAITING,            /* not started */
  BATCH_SLOT_RUNNING,            /* a worker thread has it */
  BATCH_SLOT_DONE,               /* result and json are there */
  BATCH_SLOT_ABANDONED,          /* was running when the batch stopped: its thread's */
  BATCH_SLOT_ELSEWHERE,          /* another shard's: neither run nor missing here */
} BatchSlotState;

typedef struct {
  size_t value;                  /* index into the batch's values */
  ScenarioConfig *config;        /* until run */
  OutFile *trace_file;           /* the timeline trace, or NULL */
  bool trace_ok;                 /* the trace was written completely */
  int trace_errno;               /* why not, when it was not */
  bool trace_full;               /* the trace reached its size bound */
  BatchSlotState state;
  RunResult *result;             /* NULL unless done */
  char *json;                    /* report_json (result, without wall_s) */
  double *values;                /* [FIG_COUNT]: figures_value() of every number, NaN else */
  bool keep_series;              /* analyse its fault-latency series for a warm-up */
  int64_t warmup_suggested;      /* MSER-5 on that series, ns; -1: none */
  bool from_file;                /* read back from --resume or a shard (no samples) */
} BatchSlot;

typedef struct _BatchWork BatchWork;   /* the worker threads, batch.c's */

typedef struct {
  /* set by the command */
  const char *command;           /* "compare" or "sweep", for messages */
  char *path;                    /* the scenario file */
  const char *const *sets;       /* the user's "--set" lines, NULL-terminated; borrowed */
  char *param;                   /* the first swept path, NULL for compare */
  GStrv values;                  /* a label per grid point; NULL for compare */
  size_t n_values;               /* grid points; 1 for compare */
  char **paths;                  /* every swept path, n_params of them */
  GStrv *axes;                   /* the values of each, NULL-terminated */
  size_t *axis_len;
  size_t n_params;               /* 0 for compare */
  int strategies[STRATEGY_COUNT]; /* StrategyKind, in the order shown */
  size_t n_strategies;
  size_t runs;                   /* replications per (value, strategy) */
  bool keep_samples;             /* keep the latency samples, for the CDF plot */
  int64_t tl_from, tl_to;        /* the window of the timeline traces */
  uint64_t trace_max;            /* size bound of each timeline trace, 0: none */
  double max_wall;               /* --max-wall in seconds per run; < 0: the scenario's */
  double precision;              /* --precision as a share (0.05); 0: none */
  size_t max_runs;               /* --max-runs: at most this many replications */
  size_t shard_index, shard_count;   /* --shard I/N, I from 1; 0/0: the whole study */
  Progress *progress;            /* the progress line on stderr, or NULL */

  /* learnt by batch_probe() */
  char *stdin_text;              /* the scenario when path is "-": read once */
  gsize stdin_len;
  char *scenario;                /* its name */
  uint64_t *seeds;               /* first seed per value */
  bool skipped_local_rm;         /* the scenario has a GUI */
  bool has_paging;               /* the scenario has dataspaces (under some value) */
  bool has_gui;                  /* the scenario has a GUI (under some value) */
  int64_t stall_threshold;       /* of the first value: when a thread counts as stalled */
  int64_t duration, warmup;      /* of the first value */
  int64_t misbehaves_at;         /* of the first value: config_first_misbehaviour() */
  char study_sha256[65];         /* of the first value's scenario as loaded (after --set) */

  /* the runs, by batch_load() and batch_run() */
  BatchSlot *slots;              /* (value, strategy, rep), rep fastest */
  size_t n_slots;
  size_t n_done;                 /* slots with a result */
  size_t n_incomplete;           /* of them, runs that stopped before their end */
  int interrupted;               /* the signal that stopped the batch, 0: none */
  bool abandoned;                /* runs were still going when it stopped */
  size_t n_resumed;              /* of them, read back from --resume */
  BatchWork *work;

  /* the precision rule, by batch_precision_check() */
  bool precision_reached;
  FigureId precision_worst;      /* the figure furthest from the target at the last miss */
  size_t precision_worst_value, precision_worst_strategy;
  double precision_worst_share;  /* its half-width over its mean */
  size_t precision_worst_runs;   /* at that many runs (0: none missed) */

  /* the summary, by batch_summarise() */
  FigureId compared[FIG_COUNT];  /* the figures of the tables, in their order */
  size_t n_compared;
  double *mean, *half;           /* [batch_cell (value, strategy, figure)] */
  int64_t warmup_suggested[STRATEGY_COUNT];   /* of each strategy's first run; -1: none */
} Batch;

/* The paired difference of strategies a and b on one figure at one value:
 * the mean over the seeds both ran of x_a - x_b, and its 95 % half-width. */
typedef struct {
  size_t value, a, b;
  FigureId figure;
  size_t n;                      /* seeds both completed */
  double mean, half;
  bool significant;              /* the interval excludes 0 */
} BatchPair;

/* Frees what the batch holds (not `b` itself); an open trace is removed.
 * After an abandoned run it leaves the slots and the workers' state, which
 * threads still use, to the end of the process. */
void        batch_clear (Batch *b);

/* Loads the scenario once per value, as async-signal (which accepts any
 * scenario), to validate the user's --set and the values before anything
 * runs and to learn the seeds, the scenario's kind (paging, GUI) and the
 * first value's times.  Messages are printed; returns the exit status. */
MksimExit   batch_probe (Batch *b);
/* local-region-mapper does not deliver GUI input: leaves it out, and says so. */
void        batch_drop_local_rm (Batch *b);
/* One config per slot, in the main thread before anything runs, so a bad
 * value fails at once with the loader's message and no worker ever touches
 * the loader.  Exit status.  Stops early, with MKSIM_EXIT_OK, when
 * interrupt_caught() says a signal came. */
MksimExit   batch_load (Batch *b);
/* Keeps only the slots of shard b->shard_index of b->shard_count: slot i
 * is shard (i mod N) + 1's, so that every shard gets a like share of each
 * strategy and value.  Call after batch_load() and before batch_run(). */
void        batch_select_shard (Batch *b);
/* Grows every (value, strategy) to `runs` replications: the slots move,
 * the new ones are loaded.  Exit status, as batch_load(). */
MksimExit   batch_grow (Batch *b, size_t runs);
/* Cuts every (value, strategy) to its first `runs` replications. */
void        batch_truncate (Batch *b, size_t runs);
/* Runs every waiting slot on at most `jobs` worker threads; each writes into its
 * own slot only, which keeps results independent of `jobs`.  Returns when
 * every run is done, or at once when interrupt_caught() (sim/interrupt.h)
 * says a signal came: no run starts after it, b->interrupted is the
 * signal, and runs still going are abandoned (b->abandoned): their threads
 * are left to the end of the process, their slots to them, and their trace
 * files are removed.  The exit status of a failure to start threads. */
MksimExit   batch_run (Batch *b, int jobs);
/* Is the batch incomplete (interrupted, or a run stopped before its end)? */
bool        batch_incomplete (const Batch *b);
/* Names on stderr the runs that stopped before their end (the first few,
 * with why) and says what the output holds; says how far an interrupted
 * batch came.  Nothing for a complete batch. */
void        batch_report_stops (const Batch *b);
/* Mean and CI of every figure per (value, strategy) over the runs that
 * have a result, the table's figures, and each strategy's warm-up. */
void        batch_summarise (Batch *b);

/* ---- the studies' statistics (sim/batch_study.c) ---------------------- */

/* The figures the studies look at: those the tables show (figures the
 * catalogue marks KEY or SHOWN, batch_figure_shown()), into `out` (room for
 * FIG_COUNT); returns how many.  After batch_summarise(). */
size_t      batch_headline (const Batch *b, FigureId *out);
/* Strategies a and b (possibly the same) on figure f at value v, over the
 * seeds both completed. */
BatchPair   batch_pair (const Batch *b, size_t value, size_t a, size_t bs, FigureId f);
/* Every pair of strategies (a before b) on every headline figure at every
 * value, in that order (value slowest); NULL with fewer than 2 runs. */
GArray     *batch_pairs (const Batch *b);
/* The precision rule: is every headline figure's half-width, in every
 * (value, strategy), within b->precision of its mean over the first `runs`
 * replications?  A figure whose mean is 0 meets it only with a half-width
 * of 0.  On a miss, records the figure furthest from it (precision_worst*). */
bool        batch_precision_met (Batch *b, size_t runs);
/* The warm-up MSER-5 suggests for the fault-latency series of `r` (which
 * must have kept it): the end of the last fault it deletes; 0 when it
 * deletes none; -1 without faults. */
int64_t     batch_warmup_of (const RunResult *r);

/* Mean and 95 % CI half-width over `n` runs of figure `f` (a number);
 * NaN for both if n is 0. */
void        batch_figure_ci (FigureId f, RunResult *const *runs, size_t n, double *mean,
                             double *half);

BatchSlot  *batch_slot (const Batch *b, size_t value, size_t strategy, size_t rep);
/* Where figure `f` of (value, strategy) is in b->mean and b->half. */
size_t      batch_cell (const Batch *b, size_t value, size_t strategy, FigureId f);
/* Is figure `f` other than 0 for some (value, strategy)? */
bool        batch_figure_nonzero (const Batch *b, FigureId f);
/* Is the scenario of the kind `t` is about? */
bool        batch_on_topic (const Batch *b, FigureTopic t);
/* Do the tables show `f`: not 0 everywhere, or a key figure of the
 * scenario's kind? */
bool        batch_figure_shown (const Batch *b, FigureId f);

/* Is figure `f` one that a partial output (a shard's, an interrupted
 * batch's) writes in full beside the runs, because a run's JSON rounds it
 * or does not hold it: the real and derived figures but wall_s. */
bool        batch_exact_figure (FigureId f);
/* The slots not another shard's. */
size_t      batch_in_scope (const Batch *b);
/* "path=value, path=value" of grid point `value`.  Newly allocated. */
char       *batch_point_text (const Batch *b, size_t value);
/* The index of grid point `value` along swept parameter `p`. */
size_t      batch_axis_index (const Batch *b, size_t value, size_t p);
/* Sets the swept parameters (taking `paths` and `axes`) and the labels of
 * the grid points: the value itself for one parameter, "v1, v2" for more. */
void        batch_set_grid (Batch *b, char **paths, GStrv *axes, size_t n_params);

/* The name of the batch's `s`-th strategy. */
const char *batch_strategy_name (const Batch *b, size_t s);
/* The names of the batch's strategies, in its order, into `names`. */
void        batch_strategy_names (const Batch *b, const char *names[STRATEGY_COUNT]);
/* The most pager threads core had in any run: core.blocked_ns is summed
 * over them, so with several it can exceed the run. */
int         batch_pager_threads (const Batch *b);

#endif
