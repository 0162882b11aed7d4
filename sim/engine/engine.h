/* The discrete-event engine: a clock, the pending events and the run loop.
 * It knows events and numbers, never kernels.  Handlers run one at a time in
 * (time, scheduling order); a handler may schedule and cancel freely,
 * including the event that is running. */
#ifndef MKSIM_ENGINE_H
#define MKSIM_ENGINE_H

#include "sim/engine/evq.h"
#include "sim/engine/rng.h"

typedef struct _SimEngine SimEngine;

typedef enum {
  SIM_RUN_DONE,        /* reached the end time, or nothing left to do */
  SIM_RUN_MAX_EVENTS,  /* stopped by the max_events guard */
  SIM_RUN_STOPPED,     /* a handler called sim_stop() */
  SIM_RUN_WALL,        /* stopped by the wall-clock bound (sim_set_wall_limit) */
} SimRunStatus;

SimEngine   *sim_engine_new (uint64_t seed);
void         sim_engine_free (SimEngine *e);
SimTime      sim_now (const SimEngine *e);
uint64_t     sim_seed (const SimEngine *e);
SimEventId   sim_schedule (SimEngine *e, SimTime when, SimEventFn fn, void *data);
SimEventId   sim_schedule_in (SimEngine *e, SimTime delay, SimEventFn fn, void *data);
bool         sim_cancel (SimEngine *e, SimEventId id);
/* Runs events due at or before `until`; the clock then stands at `until`
 * (or where the guard stopped it).  `max_events` bounds the handlers run by
 * this call (UINT64_MAX: no bound); it trips only if one more event is due.
 * After SIM_RUN_MAX_EVENTS or SIM_RUN_STOPPED the clock stays at the last
 * event run, and calling sim_run again resumes. */
SimRunStatus sim_run (SimEngine *e, SimTime until, uint64_t max_events);
/* The same over the half-open interval [now, end): events due at exactly
 * `end` do not run (a run of a scenario is [0, duration)); the clock then
 * stands at `end`. */
SimRunStatus sim_run_before (SimEngine *e, SimTime end, uint64_t max_events);
/* Bounds the wall-clock time sim_run may take, from the moment this is
 * called (seconds; 0 or less: no bound).  The clock is read every few
 * thousand events, so the bound is kept within a few milliseconds. */
void         sim_set_wall_limit (SimEngine *e, double seconds);
void         sim_stop (SimEngine *e);
uint64_t     sim_events (const SimEngine *e);   /* events dispatched so far */
size_t       sim_pending (const SimEngine *e);
/* A stream of this run's seed; initialises *r (owned by the caller). */
void         sim_rng (const SimEngine *e, RngStream *r, const char *name);

#endif
