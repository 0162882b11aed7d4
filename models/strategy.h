/* The four strategies of reflecting a page fault on a managed dataspace to
 * its dataspace manager (DESIGN.md "The four strategies").  One table of
 * function pointers per strategy, chosen once by paging_new(); nothing else
 * in paging switches on the strategy's name.
 *
 *   async-signal         core defers the faulter and signals the manager
 *                        (strategy_async_signal.c)
 *   sync-rpc             core's pager calls the manager and waits
 *                        (strategy_sync_rpc.c)
 *   local-region-mapper  each process's own pager calls the manager, which
 *                        answers with a map item (strategy_local_rm.c)
 *   ipc-timeout          sync-rpc whose call carries a timeout
 *                        (strategy_ipc_timeout.c) */
#ifndef MKSIM_STRATEGY_H
#define MKSIM_STRATEGY_H

#include "models/core.h"
#include "models/manager.h"
#include "models/paging_int.h"

struct _StrategyOps {
  StrategyKind kind;
  /* Mappings are made by map items and recorded in the kernel's mapping
   * database (rather than by core, which knows them). */
  bool in_kernel_mapdb;
  /* Adds the threads and objects the strategy needs (core's entrypoint,
   * region mappers); called after core and the managers exist. */
  void (*setup) (Paging *p);
  /* Where a fault of `pt` is sent: core's pager or its region mapper. */
  Endpoint *(*fault_endpoint) (Paging *p, PgThread *pt);
  /* Core's pager holds pg->f, a fault on a managed dataspace it cannot map;
   * reflect it (one operation on pg->t).  NULL: core never reflects. */
  void (*reflect) (Pager *pg);
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

/* Shared by sync-rpc and ipc-timeout: core's pager calls the manager with
 * `timeout` (KERN_NO_TIMEOUT: none). */
void sync_rpc_reflect (Pager *pg, int64_t timeout);
/* ipc-timeout: the call of sync_rpc_reflect() expired; one operation. */
void strategy_ipc_timeout_expired (Pager *pg);
/* sync-rpc and ipc-timeout: core holds a call capability to every manager. */
void sync_rpc_authority (Paging *p, GArray *rights);

/* Helpers for the authority matrices. */
void authority_add (GArray *rights, const char *holder, const char *target, const char *right);
/* Marks in `touched` (n_ds flags) the dataspaces the threads of process `proc` touch. */
void paging_process_touches (const ScenarioConfig *c, size_t proc, bool *touched);

#endif
