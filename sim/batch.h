/* A batch of runs, what `mksim compare` and `mksim sweep` are made of: one
 * scenario under several strategies and, for a sweep, several values of one
 * parameter, each (value, strategy) R times on consecutive seeds.  Every run
 * has a slot, loaded up front, run by a pool of worker threads and summarised
 * per (value, strategy) with a mean and a 95 % confidence interval for each
 * figure of the catalogue (sim/figures.h).
 *
 * The batch is a plain record that its three readers share: sim/compare.c
 * fills in what the command line asks for and drives the steps below,
 * sim/batch_report.c writes its tables, JSON and CSV, and
 * sim/compare_plots.c draws it.
 *
 * A batch may be incomplete in two ways, and is written all the same,
 * marked: some runs stopped before their end (a guard or a runaway: their
 * results say so), or the batch was interrupted (SIGINT, SIGTERM), and
 * only the runs completed by then have a result. */
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

/* Where a slot's run is; changed under the batch's lock only. */
typedef enum {
  BATCH_SLOT_WAITING,            /* not started */
  BATCH_SLOT_RUNNING,            /* a worker thread has it */
  BATCH_SLOT_DONE,               /* result and json are there */
  BATCH_SLOT_ABANDONED,          /* was running when the batch stopped: its thread's */
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
} BatchSlot;

typedef struct _BatchWork BatchWork;   /* the worker threads, batch.c's */

typedef struct {
  /* set by the command */
  const char *command;           /* "compare" or "sweep", for messages */
  char *path;                    /* the scenario file */
  const char *const *sets;       /* the user's "--set" lines, NULL-terminated; borrowed */
  char *param;                   /* swept path, NULL for compare */
  GStrv values;                  /* swept values; NULL for compare */
  size_t n_values;               /* 1 for compare */
  int strategies[STRATEGY_COUNT]; /* StrategyKind, in the order shown */
  size_t n_strategies;
  size_t runs;                   /* replications per (value, strategy) */
  bool keep_samples;             /* keep the latency samples, for the CDF plot */
  int64_t tl_from, tl_to;        /* the window of the timeline traces */
  uint64_t trace_max;            /* size bound of each timeline trace, 0: none */
  double max_wall;               /* --max-wall in seconds per run; < 0: the scenario's */

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

  /* the runs, by batch_load() and batch_run() */
  BatchSlot *slots;              /* (value, strategy, rep), rep fastest */
  size_t n_slots;
  size_t n_done;                 /* slots with a result */
  size_t n_incomplete;           /* of them, runs that stopped before their end */
  int interrupted;               /* the signal that stopped the batch, 0: none */
  bool abandoned;                /* runs were still going when it stopped */
  BatchWork *work;

  /* the summary, by batch_summarise() */
  FigureId compared[FIG_COUNT];  /* the figures of the tables, in their order */
  size_t n_compared;
  double *mean, *half;           /* [batch_cell (value, strategy, figure)] */
} Batch;

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
/* Runs every slot on at most `jobs` worker threads; each writes into its
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
 * have a result, and the table's figures. */
void        batch_summarise (Batch *b);

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

/* The name of the batch's `s`-th strategy. */
const char *batch_strategy_name (const Batch *b, size_t s);
/* The names of the batch's strategies, in its order, into `names`. */
void        batch_strategy_names (const Batch *b, const char *names[STRATEGY_COUNT]);
/* The most pager threads core had in any run: core.blocked_ns is summed
 * over them, so with several it can exceed the run. */
int         batch_pager_threads (const Batch *b);

#endif
