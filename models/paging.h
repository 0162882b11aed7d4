/* Paging: core (pager threads, RM sessions), dataspaces, region maps,
 * dataspace managers, the in-kernel mapping database and the four strategies
 * of reflecting a fault on a managed dataspace (models/strategy.h).  User
 * threads touch memory through fault_touch(); everything else is wired by
 * paging_new() from the scenario. */
#ifndef MKSIM_PAGING_H
#define MKSIM_PAGING_H

#include "models/kernel.h"

typedef struct _Paging Paging;
typedef struct _PgThread PgThread;

/* Creates core's pager threads, the managers' threads and, under
 * local-region-mapper, a region mapper per process of `c`.  Process i of
 * `c` is address space i; manager j is space n_processes + j. */
Paging *paging_new (Kernel *k, const ScenarioConfig *c);
/* A user thread pages from now on, in its process's address space; whether
 * it is a culprit is decided from the scenario.  Call once per user thread;
 * its accesses then go through fault_touch (models/fault.h) with the
 * PgThread returned (owned by paging). */
PgThread *paging_add_user (Paging *p, KThread *t, bool culprit);
/* Answers the faults of `pt` got in the progress window (the run's last
 * stall_threshold): a thread answered twice there without completing an
 * operation is livelocked. */
uint64_t  pg_thread_window_answers (const PgThread *pt);
/* Process `space` is destroyed now (exit_at): its mappings are revoked. */
void    paging_process_exit (Paging *p, int space);
/* Fills faults, core, kernel.mapdb_*, kernel.revocation_ns,
 * kernel.rm_self_faults and authority of `r`; called once after the run. */
void    paging_collect (Paging *p, RunResult *r);
void    paging_free (Paging *p);

#endif
