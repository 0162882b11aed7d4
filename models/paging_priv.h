/* What paging.c and the four strategies (strategy_*.c) share: the Paging
 * object that ties the parts of a paging design together.  Paging owns the
 * memory, core, the managers and every thread that pages, and keeps the
 * figures of the run's faults; each part is its own module below it
 * (memory.h, fault.h, manager.h, core.h), and a strategy (strategy.h) says
 * how they are wired. */
#ifndef MKSIM_PAGING_PRIV_H
#define MKSIM_PAGING_PRIV_H

#include <glib.h>

#include "models/core.h"
#include "models/fault.h"
#include "models/manager.h"
#include "models/memory.h"
#include "models/paging.h"

typedef struct _StrategyOps StrategyOps;

struct _Paging {
  Kernel *k;
  const ScenarioConfig *c;
  const StrategyOps *ops;
  size_t n_procs, n_spaces;    /* spaces: processes, then one per manager */
  Memory *mem;
  Core *core;
  Manager *managers;
  size_t n_managers;
  FaultFigures fig;
  void *strategy_data;         /* the strategy's own (local-rm: its region mappers) */

  GPtrArray *pts;              /* every PgThread, in the order they were added */
  GPtrArray *owned;            /* owns records: user threads' PgThreads, region mappers */
};

/* `pt` (initialised, owned by its component) pages from now on: it is
 * counted in the figures and routed to its pager once the strategy's
 * objects exist. */
void      paging_thread_add (Paging *p, PgThread *pt);

#endif
