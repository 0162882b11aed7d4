/* The four strategies of reflecting a page fault on a managed dataspace to
 * its dataspace manager (DESIGN.md "The four strategies").  One table per
 * strategy, chosen once by paging_new(); nothing else in paging switches on
 * the strategy.  A strategy says how the parts are wired: where a thread's
 * faults go, what core does with a fault it cannot map, what an expired call
 * means, how a manager serves, and what rights and kernel features that
 * takes.
 *
 *   async-signal         core defers the faulter and signals the manager
 *                        (strategy_async_signal.c: the manager's handler)
 *   sync-rpc             core's pager calls the manager and waits
 *                        (strategy_sync_rpc.c)
 *   local-region-mapper  each process's own pager calls the manager, which
 *                        answers with a map item (strategy_local_rm.c: the
 *                        region mappers)
 *   ipc-timeout          sync-rpc whose call carries a timeout
 *                        (strategy_ipc_timeout.c) */
#ifndef MKSIM_STRATEGY_H
#define MKSIM_STRATEGY_H

#include "models/paging_priv.h"

struct _StrategyOps {
  StrategyKind kind;
  /* Mappings are made by map items and recorded in the kernel's mapping
   * database (rather than by core, which knows them). */
  bool in_kernel_mapdb;
  /* Adds the threads and objects the strategy needs (core's entrypoint,
   * endpoints, region mappers); called after core and the managers exist. */
  void (*setup) (Paging *p);
  /* Where the faults of `pt` go: core's pagers or its region mapper. */
  Endpoint *(*fault_endpoint) (Paging *p, PgThread *pt);
  /* What core's pager does with a fault it cannot map; NULL: core never
   * reflects. */
  CoreReflectFn reflect;
  /* The call of a reflection expired; NULL: its calls have no timeout. */
  CoreReflectFn on_timeout;
  /* The manager thread's first continuation. */
  KStepFn manager_start;
  /* Appends the communication rights the strategy needs (AuthorityRight). */
  void (*authority) (Paging *p, GArray *rights);
  /* What the strategy needs from the kernel; NULL-terminated. */
  const char *const *kernel_features;
};

extern const StrategyOps strategy_async_signal;
extern const StrategyOps strategy_sync_rpc;
extern const StrategyOps strategy_local_rm;
extern const StrategyOps strategy_ipc_timeout;

const StrategyOps *strategy_ops (StrategyKind kind);

/* The core-based strategies: every fault goes to core's pagers. */
Endpoint *strategy_core_endpoint (Paging *p, PgThread *pt);
/* sync-rpc and ipc-timeout: a request endpoint per manager. */
void sync_rpc_setup (Paging *p);
/* sync-rpc and ipc-timeout: core holds a call capability to every manager. */
void sync_rpc_authority (Paging *p, GArray *rights);

/* Helpers for the authority matrices (paging.c). */
void authority_add (GArray *rights, const char *holder, const char *target, const char *right);
/* Marks in `touched` (n_ds flags) the dataspaces the threads of process `proc` touch. */
void paging_process_touches (const ScenarioConfig *c, size_t proc, bool *touched);

#endif
