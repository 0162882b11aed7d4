/* The run loop: the clock, the pending events and the guards that end a run.
 *
 * An event is taken off the queue before its handler runs, so the handler
 * may schedule (even at the current instant: the new event runs after every
 * event already due then) and cancel freely; cancelling its own id is a
 * harmless false.  The engine owns no model state: handlers reach theirs
 * through their data pointer. */
#include "sim/engine/engine.h"

#include <glib.h>

struct _SimEngine {
  EvQueue *queue;
  SimTime now;          /* ns; the time of the running event, or `until` after a run */
  uint64_t seed;        /* every stream of the run derives from it */
  uint64_t events;      /* handlers run so far, over every sim_run */
  bool stop;            /* sim_stop() was called and no run has returned since */
  gint64 wall_deadline; /* g_get_monotonic_time() bound of the run, 0: none */
};

/* Events between two looks at the wall clock: a look costs ~20 ns, an
 * event ~30 ns, so the bound costs nothing measurable. */
#define WALL_CHECK_EVERY 4096

SimEngine *
sim_engine_new (uint64_t seed)
{
  SimEngine *e = g_new0 (SimEngine, 1);

  e->queue = evq_new ();
  e->seed = seed;
  return e;
}

void
sim_engine_free (SimEngine *e)
{
  if (e == NULL)
    return;
  evq_free (e->queue);
  g_free (e);
}

SimTime
sim_now (const SimEngine *e)
{
  g_return_val_if_fail (e != NULL, 0);
  return e->now;
}

uint64_t
sim_seed (const SimEngine *e)
{
  g_return_val_if_fail (e != NULL, 0);
  return e->seed;
}

/* Scheduling in the past is a programmer error: it would run the event with
 * the clock going backwards. */
SimEventId
sim_schedule (SimEngine *e, SimTime when, SimEventFn fn, void *data)
{
  g_return_val_if_fail (e != NULL, 0);
  g_return_val_if_fail (when >= e->now, 0);
  return evq_push (e->queue, when, fn, data);
}

/* A delay that would pass the end of time saturates at INT64_MAX. */
SimEventId
sim_schedule_in (SimEngine *e, SimTime delay, SimEventFn fn, void *data)
{
  g_return_val_if_fail (e != NULL, 0);
  g_return_val_if_fail (delay >= 0, 0);

  SimTime when = delay > INT64_MAX - e->now ? INT64_MAX : e->now + delay;
  return evq_push (e->queue, when, fn, data);
}

bool
sim_cancel (SimEngine *e, SimEventId id)
{
  g_return_val_if_fail (e != NULL, false);
  return evq_cancel (e->queue, id);
}

/* `max_events` counts the handlers this call may run (UINT64_MAX: no limit).
 * The guard trips only if one more event is due: a run that needs exactly
 * `max_events` events finishes normally.  On a guard or a stop the clock
 * stays at the last event run, so the caller can report where it stopped;
 * calling sim_run again resumes. */
static SimRunStatus
sim_run_to (SimEngine *e, SimTime until, bool inclusive, uint64_t max_events)
{
  g_return_val_if_fail (e != NULL, SIM_RUN_DONE);
  g_return_val_if_fail (until >= e->now, SIM_RUN_DONE);

  uint64_t ran = 0;
  for (;;)
    {
      if (e->stop)
        {
          e->stop = false;
          return SIM_RUN_STOPPED;
        }
      SimTime next;
      if (!evq_peek_time (e->queue, &next) || next > until || (!inclusive && next == until))
        break;
      if (ran == max_events)
        return SIM_RUN_MAX_EVENTS;
      if (e->wall_deadline != 0 && ran % WALL_CHECK_EVERY == 0 && ran > 0
          && g_get_monotonic_time () >= e->wall_deadline)
        return SIM_RUN_WALL;

      EvItem ev;
      evq_pop (e->queue, &ev);
      e->now = ev.when;
      e->events++;
      ran++;
      ev.fn (ev.data);
    }
  e->now = until;
  return SIM_RUN_DONE;
}

SimRunStatus
sim_run (SimEngine *e, SimTime until, uint64_t max_events)
{
  return sim_run_to (e, until, true, max_events);
}

SimRunStatus
sim_run_before (SimEngine *e, SimTime end, uint64_t max_events)
{
  return sim_run_to (e, end, false, max_events);
}

void
sim_set_wall_limit (SimEngine *e, double seconds)
{
  g_return_if_fail (e != NULL);
  e->wall_deadline = seconds > 0 ? g_get_monotonic_time () + (gint64) (seconds * 1e6) : 0;
}

/* Takes effect when the running handler returns; called outside a run, it
 * makes the next sim_run return at once. */
void
sim_stop (SimEngine *e)
{
  g_return_if_fail (e != NULL);
  e->stop = true;
}

uint64_t
sim_events (const SimEngine *e)
{
  g_return_val_if_fail (e != NULL, 0);
  return e->events;
}

size_t
sim_pending (const SimEngine *e)
{
  g_return_val_if_fail (e != NULL, 0);
  return evq_size (e->queue);
}

void
sim_rng (const SimEngine *e, RngStream *r, const char *name)
{
  g_return_if_fail (e != NULL);
  rng_init (r, e->seed, name);
}
