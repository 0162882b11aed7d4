/* What the paging files (paging.c, core.c, manager.c, mapdb.c and the four
 * strategy_*.c) share and the rest of models/ does not see: the fault record
 * each faulting thread carries, the dataspaces' backing state, and the
 * Paging object that ties core, the managers, the region mappers and the
 * figures together.  Every component is a state machine driven by kernel
 * continuations (KStepFn); each continuation issues exactly one kernel
 * operation on its own thread. */
#ifndef MKSIM_PAGING_INT_H
#define MKSIM_PAGING_INT_H

#include <glib.h>

#include "models/mapdb.h"
#include "models/paging.h"

typedef struct _StrategyOps StrategyOps;
typedef struct _PgThread PgThread;
typedef struct _PgFault PgFault;
typedef struct _DsState DsState;
typedef struct _Manager Manager;
typedef struct _Pager Pager;
typedef struct _RegionMapper RegionMapper;
typedef struct _CoreEp CoreEp;

/* Message labels of the paging protocols (Msg.label).  Requests carry
 * w[0] = dataspace, w[1] = page, w[2] = space, w[3] = fault generation and
 * ptr = the PgFault they are about. */
typedef enum {
  PG_MSG_FAULT = 100,  /* a faulter to its pager (core's, or its region mapper) */
  PG_MSG_MAP,          /* a region mapper to core: map a plain page for the fault */
  PG_MSG_RESOLVE,      /* core or a region mapper to a manager: provide the page */
  PG_MSG_SUBMIT,       /* core's pager to core's signal entrypoint: signal manager w[0] */
  PG_MSG_QUERY,        /* a manager to core: fault(), the head faulter of its region maps */
  PG_MSG_ATTACH,       /* a manager to core: attach the block of (w[0], w[1]) for w[2] */
  PG_MSG_MAPPED,       /* answer: the page is mapped (or provided) */
  PG_MSG_RETRY,        /* answer to a deferred faulter: re-execute, it is attached now */
  PG_MSG_NONE,         /* answer to fault(): nothing pending */
  PG_MSG_FAULT_INFO,   /* answer to fault(): the head faulter, as in a request */
  PG_MSG_DONE,         /* answer: done */
} PgMsgLabel;

/* Where a fault's time goes (DESIGN.md "Metrics": the latency breakdown).
 * A fault is always in exactly one segment, so the segments add up to its
 * latency. */
typedef enum {
  SEG_FAULT_ENTRY,     /* the trap and fault message */
  SEG_PAGER_WAIT,      /* queued for core's pager or the region mapper */
  SEG_MANAGER_WAIT,    /* reflected, the manager has not started on it */
  SEG_SERVICE,         /* the manager works on it (nested faults included) */
  SEG_REFAULT,         /* Genode: woken by attach, faulting again */
  SEG_MAP,             /* attach, mapping and the answer */
  SEG_COUNT
} FaultSeg;

typedef enum {
  FAULT_IDLE,          /* no fault open */
  FAULT_SENT,          /* sent to its pager, not yet looked at */
  FAULT_AT_HANDLER,    /* core's pager or the region mapper has it */
  FAULT_REFLECTED,     /* sync: core or the region mapper waits for the manager */
  FAULT_DEFERRED,      /* async: queued on a region map, the manager signalled */
  FAULT_WOKEN,         /* async: told to retry; re-faulting */
  FAULT_RETRY_WAIT,    /* ipc-timeout retry: in core's retry list */
  FAULT_LOST,          /* dropped or its manager died: never answered */
  FAULT_ANSWERED,      /* mapped and answered: ready, not yet running again */
} FaultState;

struct _PgFault {
  PgThread *owner;
  FaultState state;
  uint32_t gen;                /* bumped per fault: stale requests are recognised */
  int ds;
  int64_t page;
  SimTime start;
  SimTime mark;                /* start of the current segment */
  FaultSeg seg;
  int64_t segs[SEG_COUNT];
  bool waits_for_core;         /* counted in Paging.waiting_for_core */
  KThread *caller;             /* parked faults: the thread core owes the answer */
  KStepFn next;                /* the faulter's continuation once mapped */
  PgFault *lprev, *lnext;      /* a manager's deferred list or core's retry list */
};

/* Every thread that touches pages: user threads, managers (nested faults)
 * and region mappers (their own pages). */
struct _PgThread {
  Paging *p;                   /* answers carry the PgFault: this leads back here */
  KThread *t;
  int space;
  bool user, culprit;
  bool is_rm;                  /* a region mapper: its faults are self faults */
  bool gone;                   /* its process exited */
  PgFault fault;
  int64_t max_latency;         /* longest counted fault, for stalled_threads */
};

/* Per block of a managed dataspace. */
enum {
  BLOCK_RESIDENT = 1,          /* the manager has backing store for it (in the FIFO) */
  BLOCK_KNOWN = 2,             /* core's region map has it attached (core-based strategies) */
};

struct _DsState {
  const DataspaceConfig *cfg;
  int id;
  Manager *mgr;                /* NULL: a plain dataspace, core backs it */
  int64_t pages, block_pages, n_blocks;
  int64_t capacity;            /* resident blocks kept before FIFO eviction */
  int64_t *fifo;               /* ring of resident blocks, oldest first */
  int64_t fifo_head, fifo_len;
  uint8_t *flags;              /* BLOCK_* per block */
  int32_t *holder;             /* exclusive managers: space holding each block, -1 none */
};

typedef enum {
  MGR_IDLE,            /* waits for a signal or a request */
  MGR_QUERYING,        /* async: in fault() */
  MGR_FETCHING,        /* touching its backing store (may fault: nesting) */
  MGR_SERVING,         /* its service time */
  MGR_PROVIDING,       /* kernel work: eviction, revocation, installing a map item */
  MGR_ATTACHING,       /* async: in attach() */
  MGR_REPLYING,
  MGR_HUNG,
  MGR_DEAD,
} ManagerState;

struct _Manager {
  Paging *p;
  int id;
  const ManagerConfig *cfg;
  KThread *t;
  int space;
  ManagerState state;
  Endpoint *ep;                /* sync-rpc, ipc-timeout, local-rm: its request endpoint */
  SigCtx *sig;                 /* async-signal: its fault-handler context */
  PgFault *dq_head, *dq_tail;  /* async-signal: faulters deferred on its region maps */
  uint64_t served;             /* requests served, for hang "faults" */
  KThread *caller;             /* the request in progress: who waits for the answer */
  struct { int ds; int64_t page; int space; uint32_t gen; PgFault *f; } req;
  KStepFn done;                /* where manager_serve() continues */
};

typedef enum {
  PAGER_RECEIVING,
  PAGER_POLLING,       /* ipc-timeout retry: looks for new faults before retrying */
  PAGER_MAPPING,
  PAGER_ANSWERING,
  PAGER_SIGNALLING,    /* async: asks core's entrypoint to submit the signal */
  PAGER_REFLECTING,    /* sync: calls the manager */
} PagerState;

struct _Pager {
  Paging *p;
  int index;
  KThread *t;
  PagerState state;
  PgFault *f;                  /* the fault in hand */
  KThread *caller;             /* who it owes the answer: the faulter or a region mapper */
  bool blocked;                /* calling a user-level component */
  SimTime blocked_since;
  bool retrying;               /* the reflection in hand is a retry */
  int64_t retry_cpu0;
};

typedef enum {
  RM_RECEIVING,
  RM_SELF_FAULT,       /* touching its own pages (paged by core) */
  RM_CALLING_MANAGER,
  RM_CALLING_CORE,
  RM_ANSWERING,
} RmState;

struct _RegionMapper {
  Paging *p;
  int space;
  KThread *t;
  Endpoint *ep;
  RmState state;
  PgFault *f;
  KThread *caller;
  uint64_t requests;
  int rm_pages;
};

struct _Paging {
  Kernel *k;
  const ScenarioConfig *c;
  const StrategyOps *ops;
  size_t n_procs, n_spaces;    /* spaces: processes, then one per manager */
  size_t n_ds;                 /* dataspaces; id n_ds is the region mappers' own pages */
  int rm_ds;
  DsState *ds;                 /* n_ds + 1 */
  Manager *managers;
  size_t n_managers;
  MapDb *db;
  bool in_kernel_mapdb;

  Endpoint *pager_ep;
  Pager *pagers;
  int n_pagers;
  CoreEp *core_ep;             /* async-signal only (opaque, strategy_async_signal.c) */
  RegionMapper **rms;          /* local-rm: per space, NULL where none */
  PgFault *retry_head, *retry_tail;

  GPtrArray *by_id;            /* KThread id -> PgThread (NULL: not paging) */
  GPtrArray *pts;              /* owns the PgThreads */
  GPtrArray *jobs;             /* owns small records: exit jobs, region mappers, core's entrypoint */
  DataspaceConfig rm_cfg;      /* the region mappers' own pages, as a plain dataspace */
  int n_exits;                 /* core's process-destruction workers so far */

  /* figures */
  Stats *lat_all, *lat_innocent, *lat_culprit;
  uint64_t resolved, system_faults, dropped, retried, rm_self_faults;
  int64_t seg_sum[SEG_COUNT];
  int64_t revocation_ns, retry_cpu_ns, blocked_ns;
  uint64_t sig_records_max, sig_submits_max;

  /* core.max_stall_ns bookkeeping */
  int pagers_blocked;
  int64_t waiting_for_core;
  bool stall_open, stall_have_last;
  SimTime stall_start, stall_last_start, stall_last_end;
  int64_t stall_cpu_at_end;
  int64_t max_stall;
};

/* --- paging.c --- */
PgThread *pg_thread (Paging *p, KThread *t);
PgThread *pg_thread_add (Paging *p, KThread *t, int space, bool user, bool culprit);
/* The fault moves to segment `s` now. */
void      fault_seg (Paging *p, PgFault *f, FaultSeg s);
/* Core's pager or the region mapper took the fault from its queue. */
void      fault_accepted (Paging *p, PgFault *f);
/* True while `f` still is the fault a request named (generation `gen`). */
bool      fault_current (const PgFault *f, uint32_t gen);
void      fault_msg (const PgFault *f, int label, Msg *m);
void      waits_for_core (Paging *p, PgFault *f, bool on);
/* The final answer is being sent: the faulter is ready at `ready_at`.  The
 * fault counts as resolved then, whenever the faulter gets the CPU. */
void      fault_resolved (Paging *p, PgFault *f, SimTime ready_at);
/* A line of the classroom narration (--explain), if it is wanted. */
void      pg_explain (Paging *p, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* The name of the dataspace of `f`, for narration. */
const char *fault_ds_name (const Paging *p, const PgFault *f);

#endif
