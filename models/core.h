/* Core: the pager threads that receive faults sent to core, the mapping
 * work core does, core's retry list, process destruction and the figures of
 * core being blocked (models/core.c). */
#ifndef MKSIM_CORE_H
#define MKSIM_CORE_H

#include "models/paging_int.h"

void      core_setup (Paging *p);
bool      core_can_map (Paging *p, const DsState *d, int64_t block, int space);
/* Maps the block into `space`; returns the kernel work in ns. */
int64_t   core_map (Paging *p, const DsState *d, int64_t block, int space);
/* The pager's loop: receive (or poll and retry) next. */
void      core_pager_receive (Pager *pg);
/* Answers the fault in hand after charging `cost` for the mapping. */
void      core_pager_answer (Pager *pg, int64_t cost);
void      core_pager_set_blocked (Pager *pg, bool blocked);
void      core_stall_update (Paging *p);
void      core_retry_push (Paging *p, PgFault *f);
void      core_retry_remove (Paging *p, PgFault *f);
int64_t   core_pager_cpu (Paging *p);

/* The fault in hand is done with (answered, dropped or parked). */
void      core_pager_release (Pager *pg);
/* Process `space` is destroyed: its mappings are revoked. */
void      core_process_exit (Paging *p, int space);

#endif
