/* Core: the pager threads that receive faults sent to core, the mapping
 * work core does, core's retry list, process destruction and the figures of
 * core being blocked (models/core.c). */
#ifndef MKSIM_CORE_H
#define MKSIM_CORE_H

#include "models/paging_int.h"

/* Core's pager endpoint and threads (core.pager_threads of them). */
void      core_setup (Paging *p);
/* Where the core-based strategies send every fault: core's pager threads. */
Endpoint *core_fault_endpoint (Paging *p, PgThread *pt);
/* Whether core maps the block into `space` alone: a plain dataspace, or a
 * block its region map has (and, exclusive, holds for that space). */
bool      core_can_map (const DsState *d, int64_t block, int space);
/* Maps the block into `space` (nothing into a destroyed one); returns the
 * kernel work in ns. */
int64_t   core_map (Paging *p, const DsState *d, int64_t block, int space);
/* The pager's loop: receive (or poll and retry) next. */
void      core_pager_receive (Pager *pg);
/* Answers the fault in hand after charging `cost` for the mapping. */
void      core_pager_answer (Pager *pg, int64_t cost);
/* The pager starts or stops waiting for a user-level component. */
void      core_pager_set_blocked (Pager *pg, bool blocked);
/* Re-evaluates core.max_stall_ns after a pager or a fault changed state. */
void      core_stall_update (Paging *p);
/* ipc-timeout retry: the fault in hand goes on core's retry list. */
void      core_retry_push (Paging *p, PgFault *f);
/* CPU time of all core's pager threads so far. */
int64_t   core_pager_cpu (Paging *p);

/* The fault in hand is done with (answered, dropped or parked). */
void      core_pager_release (Pager *pg);
/* ... and the pager receives the next. */
void      core_pager_next (Pager *pg);
/* Core will never answer the fault in hand (its process is gone, its
 * reflection was dropped or aborted); the pager receives the next. */
void      core_pager_give_up (Pager *pg);
/* The pager's state machine (PagerState): every transition goes through
 * core_pager_enter(); every continuation of a pager thread starts with
 * core_pager_expect() of the state it belongs to, or, serving several,
 * switches on pg->state and ends in core_pager_bad_state(). */
static inline void
core_pager_enter (Pager *pg, PagerState s)
{
  pg->state = s;
}

/* Aborts: `continuation` ran while the pager is in a state it does not
 * belong to. */
void      core_pager_bad_state (const Pager *pg, const char *continuation) G_GNUC_NORETURN;

/* The pager whose thread `t` runs `continuation` (G_STRFUNC), which belongs
 * to state `s`; any other state aborts. */
static inline Pager *
core_pager_expect (KThread *t, PagerState s, const char *continuation)
{
  Pager *pg = t->ctx;
  if (G_UNLIKELY (pg->state != s))
    core_pager_bad_state (pg, continuation);
  return pg;
}

/* Process `space` is destroyed: its mappings are revoked. */
void      core_process_exit (Paging *p, int space);

#endif
