/* Paging: core (pager threads, RM sessions), dataspaces, region maps,
 * dataspace managers, the in-kernel mapping database and the four strategies
 * of reflecting a fault on a managed dataspace (models/strategy.h).  User
 * threads reach it through paging_touch(); everything else is wired by
 * paging_new() from the scenario. */
#ifndef MKSIM_PAGING_H
#define MKSIM_PAGING_H

#include "models/kernel.h"

typedef struct _Paging Paging;

/* Creates core's pager threads, the managers' threads and, under
 * local-region-mapper, a region mapper per process of `c`.  Process i of
 * `c` is address space i; manager j is space n_processes + j. */
Paging *paging_new (Kernel *k, const ScenarioConfig *c);
/* Tells paging which address space a user thread belongs to and whether it is
 * a culprit (decided from the scenario); call once per user thread. */
void    paging_add_user (Paging *p, KThread *t, bool culprit);
/* The running user thread `t` touches page `page` of dataspace `ds`: returns
 * at once through `next` when mapped, else faults (blocked_fault) until it is
 * resolved; `next` gets IPC_OK, or never runs if the fault is never resolved. */
void    paging_touch (Paging *p, KThread *t, int ds, int64_t page, KStepFn next);
/* Process `space` is destroyed now (exit_at): its mappings are revoked. */
void    paging_process_exit (Paging *p, int space);
/* Fills faults, core, kernel.mapdb_*, kernel.revocation_ns,
 * kernel.rm_self_faults and authority of `r`; called once after the run. */
void    paging_collect (Paging *p, RunResult *r);
void    paging_free (Paging *p);

#endif
