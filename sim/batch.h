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
 * sim/compare_plots.c draws it. */
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

typedef struct {
  size_t value;                  /* index into the batch's values */
  ScenarioConfig *config;        /* until run */
  OutFile *trace_file;           /* the timeline trace, or NULL */
  bool trace_ok;                 /* the trace was written completely */
  RunResult *result;
  char *json;                    /* report_json (result, without wall_s) */
} BatchSlot;

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

  /* the summary, by batch_summarise() */
  FigureId compared[FIG_COUNT];  /* the figures of the tables, in their order */
  size_t n_compared;
  double *mean, *half;           /* [batch_cell (value, strategy, figure)] */
} Batch;

/* Frees what the batch holds (not `b` itself); an open trace is removed. */
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
 * the loader.  Exit status. */
MksimExit   batch_load (Batch *b);
/* Runs every slot on at most `jobs` worker threads; each writes into its
 * own slot only, which keeps results independent of `jobs`. */
MksimExit   batch_run (Batch *b, int jobs);
/* Did every run reach the end of its simulated time?  Names the runs the
 * max_events guard cut short, whose figures mean nothing. */
bool        batch_complete (const Batch *b);
/* Mean and CI of every figure per (value, strategy), and the table's figures. */
void        batch_summarise (Batch *b);

/* Mean and 95 % CI half-width over `n` runs of figure `f` (a number). */
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
