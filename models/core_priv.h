/* What core.c (the pagers) and core_rm.c (the RM-session entrypoint) share:
 * the Core object, the pager threads' state machine and the region maps'
 * parked faults. */
#ifndef MKSIM_CORE_PRIV_H
#define MKSIM_CORE_PRIV_H

#include "models/core.h"

typedef struct _CoreRm CoreRm;

/* A core pager thread's states.  Each continuation checks the state it
 * belongs to (pager_expect()); states change only through pager_enter().
 * ORDER PagerState: pager_state_names in core.c. */
typedef enum {
  PAGER_NEW,           /* created, its thread has not run yet */
  PAGER_RECEIVING,
  PAGER_POLLING,       /* ipc-timeout retry: looks for new faults before retrying */
  PAGER_MAPPING,       /* the kernel work of the mapping, then the answer */
  PAGER_ANSWERING,     /* answers through a reply capability core kept */
  PAGER_SIGNALLING,    /* async: asks core's entrypoint to submit the signal */
  PAGER_REFLECTING,    /* sync: calls the manager */
} PagerState;

/* The pagers that serve one CPU's faults (core.per_cpu_pagers), or all of
 * them, and whether they are stalled (core.max_stall_ns). */
typedef struct {
  Endpoint *ep;
  int first, n;                /* core->pagers[first .. first + n) */
  int blocked;                 /* of them, calling a user-level component */
  int waiting;                 /* faults waiting for them */
  bool stall_open, stall_have_last;
  SimTime stall_start, stall_last_start, stall_last_end;
  int64_t stall_cpu_at_end;
} PagerGroup;

struct _Pager {
  Core *core;
  KThread *t;
  PagerGroup *group;
  PagerState state;
  PgFault *f;                  /* the fault in hand */
  KThread *caller;             /* who it owes the answer: the faulter or a region mapper */
  bool blocked;                /* calling a user-level component */
  SimTime blocked_since;
  bool retrying;               /* the fault in hand came back from the retry list (else
                                * the pager received the caller's call itself) */
  int64_t retry_cpu0;          /* its CPU time when the retry began (core.retry_cpu_ns) */
  bool found_mapped;           /* narration: the page of the answer was mapped already */
};

struct _Core {
  Kernel *k;
  const ScenarioConfig *c;
  Memory *mem;
  FaultFigures *fig;
  CoreStrategy how;
  Manager *managers;
  size_t n_managers;
  FaultList *parked;           /* async-signal: per manager, the faulters parked on
                                  its region maps (one signal context per manager) */

  PagerGroup *groups;          /* one per CPU with per_cpu_pagers, else one */
  int n_groups;
  Pager *pagers;
  int n_pagers;
  FaultList retry;             /* ipc-timeout retry: expired reflections, oldest first */
  CoreRm *rm;                  /* async-signal only */
  GPtrArray *jobs;             /* owns the process-exit workers' records */
  int n_exits;                 /* core's process-destruction workers so far */

  /* figures */
  int64_t retry_cpu_ns, blocked_ns;
  uint64_t sig_records_max, sig_submits_max;

  int64_t max_stall;           /* of any group's stalls that ended */
};

/* The pager's loop: receive (or poll and retry) next. */
void core_pager_receive (Pager *pg);
/* core_rm.c: the entrypoint's record. */
void core_rm_free (CoreRm *rm);

#endif
