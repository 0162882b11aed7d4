/* The fault record and the faulting thread's side of every paging protocol.
 *
 * A fault is one blocking page fault, from the touch until the faulting
 * access completes: the thread runs again with the page mapped and its access
 * goes through.  Everything in between belongs to the same fault — Genode's
 * re-fault after attach, the wait for the CPU once answered, and the new
 * attempt when the page was taken away before the thread ran (an answer
 * wasted: the livelock of an exclusive manager above its users) — so every
 * design is measured with one yardstick.  Core's own view, until the thread
 * is made ready with the page mapped, is the answer latency.  Its record lives in the faulting thread's PgThread (a
 * thread has at most one fault open), so faulting allocates nothing, and
 * every request and answer about it carries the record (Msg.ptr), which is
 * how the faulter's continuation finds its way back here.
 *
 * The record is a state machine (FaultState): every transition goes through
 * fault_enter(); the components that hold the fault (core's pagers, a region
 * mapper, a manager, core's entrypoint) move it on with the named steps below.
 * Its time is split into segments (FaultSeg) as it moves from component to
 * component, so the latency breakdown of a run adds up to its mean latency.
 *
 * Below this module: the kernel and memory.  Above it: the managers, core,
 * the region mappers and paging, which is why core learns through a hook in
 * FaultFigures when a fault starts or stops waiting for it. */
#ifndef MKSIM_FAULT_H
#define MKSIM_FAULT_H

#include <glib.h>

#include "models/kernel.h"
#include "models/memory.h"

typedef struct _PgThread PgThread;   /* also in paging.h, which hands them out */
typedef struct _PgFault PgFault;

/* Message labels of the paging protocols (Msg.label): one small enum per
 * protocol, so that each receiver's switch names exactly the messages it
 * can get.  The values differ across the enums, so a label alone names its
 * message (narration).  Requests about a fault carry w[0] = dataspace,
 * w[1] = page, w[2] = space, w[3] = fault generation and ptr = the PgFault.
 * ORDER PgPagerMsg PgFaultAnswer PgManagerMsg PgRmMsg PgRmAnswer: pg_msg_op(). */
#define PG_MSG_FIRST 100

/* To a pager: core's pager threads, or a process's region mapper. */
typedef enum {
  PG_MSG_FAULT = PG_MSG_FIRST,  /* a faulter to its pager */
  PG_MSG_MAP,          /* a region mapper to core: map a plain page for the fault */
} PgPagerMsg;

/* A pager's answer to a faulter; also core's answer to PG_MSG_MAP and a
 * manager's to PG_MSG_RESOLVE. */
typedef enum {
  PG_MSG_MAPPED = 110, /* the page is mapped (or provided) */
  PG_MSG_RETRY,        /* Genode: re-execute the access, the range is attached now */
} PgFaultAnswer;

/* To a dataspace manager (sync-rpc, ipc-timeout, local-rm); answered with
 * PG_MSG_MAPPED. */
typedef enum {
  PG_MSG_RESOLVE = 120, /* provide the page of the fault */
} PgManagerMsg;

/* To core's RM-session entrypoint (async-signal). */
typedef enum {
  PG_MSG_SUBMIT = 130, /* core's pager: signal manager w[0] */
  PG_MSG_QUERY,        /* a manager: fault(), the head faulter of its region maps */
  PG_MSG_ATTACH,       /* a manager: attach the block of (w[0], w[1]) for w[2] */
} PgRmMsg;

/* Core's RM-session entrypoint's answers. */
typedef enum {
  PG_MSG_DONE = 140,   /* submit or attach done */
  PG_MSG_NONE,         /* fault(): nothing pending */
  PG_MSG_FAULT_INFO,   /* fault(): the head faulter, as in a request */
} PgRmAnswer;

/* Where a fault's time goes (DESIGN.md "Metrics": the latency breakdown).
 * A fault is always in exactly one segment, so the segments add up to its
 * latency. */
typedef enum {
  SEG_FAULT_ENTRY,     /* the trap and fault message */
  SEG_PAGER_WAIT,      /* queued for core's pager or the region mapper */
  SEG_MANAGER_WAIT,    /* reflected, the manager has not started on it */
  SEG_SERVICE,         /* the manager works on it (nested faults included) */
  SEG_IO,              /* the manager waits for its device */
  SEG_REFAULT,         /* Genode: woken by attach, faulting again */
  SEG_MAP,             /* attach, mapping and the answer */
  SEG_CPU_WAIT,        /* answered with the page mapped, until the thread runs */
  SEG_COUNT
} FaultSeg;

/* ORDER FaultState: fault_state_names in fault.c. */
typedef enum {
  FAULT_IDLE,          /* no fault open */
  FAULT_SENT,          /* sent to its pager, not yet looked at */
  FAULT_AT_HANDLER,    /* core's pager or the region mapper has it */
  FAULT_REFLECTED,     /* sync: core or the region mapper waits for the manager */
  FAULT_DEFERRED,      /* async: parked on a region map (or on the list an attach
                        * is waking), the manager signalled */
  FAULT_WOKEN,         /* async: told to retry; re-faulting */
  FAULT_RETRY_WAIT,    /* ipc-timeout retry: in core's retry list */
  FAULT_LOST,          /* dropped or its manager died: never answered */
  FAULT_ANSWERED,      /* mapped and answered: ready, not yet running again (the
                        * access has not completed: the fault is still open) */
} FaultState;

/* A list of faults threaded through PgFault.lprev/lnext: a region map's
 * parked faulters, core's retry list, the faulters an attach is waking.  A
 * fault is on one list at most and knows which, so it can be withdrawn (its
 * thread died) without knowing where it waits. */
typedef struct {
  PgFault *head, *tail;
} FaultList;

struct _PgFault {
  PgThread *owner;
  FaultState state;            /* changed only by fault_enter() */
  uint32_t gen;                /* bumped per fault: stale requests are recognised */
  uint64_t number;             /* 1, 2, ... in the order faults began in the run, for
                                  the narration (--explain-fault) and the trace */
  int ds;
  int64_t page;
  SimTime start;
  SimTime attempt;             /* start of the current attempt: the touch, or the
                                  access faulting again after a wasted answer */
  SimTime mark;                /* start of the current segment */
  FaultSeg seg;
  int64_t segs[SEG_COUNT];
  bool waits_for_core;         /* counted in FaultFigures.waiting_for_core */
  int core_cpu;                /* ... for the pagers of this CPU */
  KThread *caller;             /* parked faults: the thread core owes the answer */
  KStepFn next;                /* the faulter's continuation once mapped */
  FaultList *list;             /* the list it is on, NULL: none */
  PgFault *lprev, *lnext;
};

/* The figures of the faults of a run. */
typedef struct {
  SimTime warmup;              /* faults ending before it are not counted */
  SimTime window;              /* start of the progress window: the last stall_threshold */
  Stats *lat_all, *lat_innocent, *lat_culprit;
  Stats *lat_answer;           /* core's view: until the answer makes the thread ready */
  GArray *series;              /* of int64_t pairs (end, latency) of every user fault, the
                                * warm-up's too; NULL: not kept */
  uint64_t resolved, system_faults, dropped, retried, rm_self_faults;
  uint64_t wasted;             /* answers after which the page was gone before the access */
  uint64_t numbered;           /* faults begun, of every thread: the last PgFault.number */
  int64_t seg_sum[SEG_COUNT];
  /* Faults that wait for core now (core.max_stall_ns).  Core, which sits
   * above the fault record, is told through `core_wait_changed` when the
   * count changes. */
  int64_t waiting_for_core;
  void (*core_wait_changed) (void *core, int cpu, bool on);
  void *core;
} FaultFigures;

/* Every thread that touches pages: user threads, managers (nested faults)
 * and region mappers (their own pages). */
struct _PgThread {
  FaultFigures *fig;
  Memory *mem;
  KThread *t;
  int space;
  bool user, culprit;
  bool is_rm;                  /* a region mapper: its faults are self faults */
  bool gone;                   /* its process exited, or it crashed: not counted */
  Endpoint *pager;             /* where its faults go */
  bool pager_is_core;          /* ... core's pagers: they wait for core */
  PgFault fault;
  int64_t max_latency;         /* longest counted fault, for stalled_threads */
  uint64_t window_answers;     /* answers its faults got in the progress window */
};

/* `window`: when the progress window (the run's last stall_threshold) begins. */
void      fault_figures_init (FaultFigures *fig, SimTime warmup, SimTime window);
void      fault_figures_clear (FaultFigures *fig);

/* `pt` pages for `t` in `space`; its pager is set apart (pg_thread_route). */
void      pg_thread_init (PgThread *pt, FaultFigures *fig, Memory *mem, KThread *t, int space,
                          bool user, bool culprit);
void      pg_thread_route (PgThread *pt, Endpoint *pager, bool pager_is_core);
/* The thread will never run again (its process exited, or it crashed): its
 * open fault is taken off whatever list it waits on and is not counted. */
void      pg_thread_withdraw (PgThread *pt);

/* The running thread of `pt` touches page `page` of dataspace `ds`: `next`
 * at once when it is mapped, else it faults (blocked_fault) until the page
 * is mapped and the re-executed access goes through; `next` gets IPC_OK, or
 * never runs if the fault is never resolved. */
void      fault_touch (PgThread *pt, int ds, int64_t page, KStepFn next);

/* --- the state machine --- */
const char *fault_state_name (FaultState s);
/* Every change of f->state goes through here. */
static inline void
fault_enter (PgFault *f, FaultState s)
{
  f->state = s;
}
/* Aborts unless `f` is in state `s` (`where`: the caller, G_STRFUNC). */
void      fault_expect (const PgFault *f, FaultState s, const char *where);

/* The fault moves to segment `s` now. */
void      fault_seg (PgFault *f, FaultSeg s);
/* Core's pager or the region mapper took the fault from its queue. */
void      fault_accepted (PgFault *f);
/* The pager waits for the fault's manager to answer a call about it. */
void      fault_reflected (PgFault *f);
/* Parked on `l` (a region map) for the manager; `caller` is owed the answer. */
void      fault_deferred (PgFault *f, FaultList *l, KThread *caller);
/* Woken by attach: the faulter re-executes its access. */
void      fault_woken (PgFault *f);
/* On core's retry list `l`, waiting for core again; `caller` is owed the answer. */
void      fault_retry_wait (PgFault *f, FaultList *l, KThread *caller);
/* Nobody will ever answer it (dropped, or its manager is dead). */
void      fault_lost (PgFault *f);
/* The final answer is being sent: the faulter is ready at `ready_at` with
 * the page mapped (core's answer latency ends there).  The fault ends when
 * the faulter has run and its access gone through. */
void      fault_answered (PgFault *f, SimTime ready_at);

/* True while `f` still is the fault a request named (generation `gen`). */
bool      fault_current (const PgFault *f, uint32_t gen);
/* ... and its time is the manager's: reflected and waited for (sync, local
 * region mapper) or parked for the manager (async), not back with core. */
bool      fault_with_manager (const PgFault *f, uint32_t gen);
/* True when an event about `f` now enters the fault figures: a user
 * thread's fault, at or after the warm-up. */
bool      fault_counted (const PgFault *f);
/* A reflection of `f` was dropped (a timeout), or retried. */
void      fault_count_dropped (PgFault *f);
void      fault_count_retried (PgFault *f);
/* Whether `f` now waits for core (counted for core.max_stall_ns). */
void      fault_waits_for_core (PgFault *f, int cpu);
void      fault_stops_waiting_for_core (PgFault *f);

/* A paging message with its label's name as `op`, and no words. */
Msg       pg_msg (int label);
/* A request about `f`, or an answer to one (see the labels above). */
void      fault_msg (const PgFault *f, int label, Msg *m);
/* The name of the dataspace of `f`, for narration. */
const char *fault_ds_name (const PgFault *f);
/* The thread whose fault it is. */
KThread  *fault_thread (const PgFault *f);

void      fault_list_append (FaultList *l, PgFault *f);
/* Takes `f` off the list it is on (it must be on one). */
void      fault_list_remove (PgFault *f);
/* The oldest fault of `l`, taken off it; NULL when `l` is empty. */
PgFault  *fault_list_pop (FaultList *l);

#endif
