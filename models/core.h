/* Core: the pager threads that receive every fault sent to core, map what
 * core can map alone (plain dataspaces, and managed pages its region maps
 * know) and reflect the rest the way the strategy says; core's retry list
 * (ipc-timeout "retry"); its RM-session entrypoint (async-signal: the
 * managers' fault() and attach, the pagers' signal submits); the work of
 * destroying a process; and the figures of core being blocked on user-level
 * components (models/core.c, models/core_rm.c).
 *
 * A strategy tells core how to reflect a fault it cannot map (a CoreReflectFn,
 * built from core_pager_defer or core_pager_call) and what an expired call
 * means (core_pager_expired); core knows nothing else of the strategies. */
#ifndef MKSIM_CORE_H
#define MKSIM_CORE_H

#include "models/fault.h"
#include "models/manager.h"
#include "models/memory.h"

typedef struct _Core Core;
/* One of core's pager threads, holding a fault. */
typedef struct _Pager Pager;

/* What core's pager `pg` does with the fault in hand that core cannot map
 * alone: one kernel operation on the pager's thread. */
typedef void (*CoreReflectFn) (Pager *pg);

typedef struct {
  CoreReflectFn reflect;       /* NULL: core never reflects (local-region-mapper) */
  CoreReflectFn on_timeout;    /* the call of a reflection expired; NULL: it cannot */
} CoreStrategy;

/* Core's pager endpoint and threads (core.pager_threads of them). */
Core       *core_new (Kernel *k, const ScenarioConfig *c, Memory *mem, FaultFigures *fig,
                      CoreStrategy how);
void        core_free (Core *core);
/* The managers, whom core reflects faults to and whose region maps it keeps. */
void        core_set_managers (Core *core, Manager *managers, size_t n);
/* Where the faults of a thread on CPU `cpu` go that core pages: the
 * endpoint of the pagers serving that CPU. */
Endpoint   *core_fault_endpoint (Core *core, int cpu);
/* Whether `ep` is one of core's pager endpoints. */
bool        core_serves (const Core *core, const Endpoint *ep);

/* async-signal: core's RM-session entrypoint thread, and the endpoint the
 * managers call fault() and attach on. */
void        core_rm_open (Core *core);
Endpoint   *core_rm_endpoint (Core *core);

/* --- reflections, for the strategies --- */

/* async-signal: park the fault on its region map, have the manager signalled
 * and go back to receive at once. */
void        core_pager_defer (Pager *pg);
/* sync-rpc, ipc-timeout: call the manager (resolve_fault) and wait, each
 * phase bounded by `timeout` (KERN_NO_TIMEOUT: none). */
void        core_pager_call (Pager *pg, int64_t timeout);
/* The call of core_pager_call expired: the reflection is dropped, and then
 * tried again later from core's retry list (`retry`) or never. */
void        core_pager_expired (Pager *pg, bool retry);
/* The kernel configuration core's pager runs under. */
const KernelConfig *core_pager_kernel (const Pager *pg);

/* Process `space` is destroyed now: its mappings are revoked, on core's time. */
void        core_process_exit (Core *core, int space);
/* Fills r->core. */
void        core_collect (Core *core, RunResult *r);

#endif
