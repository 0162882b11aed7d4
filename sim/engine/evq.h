/* The pending-event set of the simulator: a 4-ary min-heap ordered by
 * (time, sequence number), so that events due at the same instant run in the
 * order they were scheduled and every run is reproducible.  Cancelling is
 * O(log n) through a handle table that maps an event id to its heap slot;
 * ids carry a generation so a stale id never cancels a newer event. */
#ifndef MKSIM_EVQ_H
#define MKSIM_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t SimTime;       /* simulated nanoseconds since the start */
typedef uint64_t SimEventId;   /* 0 is never a valid id */

typedef void (*SimEventFn) (void *data);

typedef struct _EvQueue EvQueue;

typedef struct {
  SimTime when;
  SimEventFn fn;
  void *data;
} EvItem;

EvQueue    *evq_new (void);
void        evq_free (EvQueue *q);
SimEventId  evq_push (EvQueue *q, SimTime when, SimEventFn fn, void *data);
/* Removes a pending event; false if it already ran or was cancelled. */
bool        evq_cancel (EvQueue *q, SimEventId id);
/* Takes the earliest event; false when the queue is empty. */
bool        evq_pop (EvQueue *q, EvItem *out);
/* Time of the earliest event without removing it; false when empty. */
bool        evq_peek_time (const EvQueue *q, SimTime *when);
size_t      evq_size (const EvQueue *q);

#endif
