/* User threads run the programs of the scenario (compute, touch, call,
 * sleep, repeat); plain servers answer calls after their service time.
 * The program interpreter keeps the figures of calls and sleeps. */
#ifndef MKSIM_PROGRAM_H
#define MKSIM_PROGRAM_H

#include "models/kernel.h"
#include "models/paging.h"

typedef struct _Programs Programs;

/* Creates the plain servers' threads and endpoints, and one thread per
 * instance of every process's threads.  `paging` may be NULL when the
 * scenario touches no dataspace. */
Programs *programs_new (Kernel *k, const ScenarioConfig *c, Paging *paging);
/* Fills r->calls and r->timer. */
void      programs_collect (Programs *p, RunResult *r);
/* Fills threads[].ops_completed and the progress figures; after r->threads
 * (one per kernel thread, in creation order) and r->sim_time_ns are set. */
void      programs_collect_threads (Programs *p, RunResult *r);
void      programs_free (Programs *p);
/* Whether a thread's program touches a dataspace whose manager, or one down
 * its backing chain, misbehaves (DESIGN.md: culprit threads). */
bool      program_is_culprit (const ScenarioConfig *c, const ThreadConfig *tc);

#endif
