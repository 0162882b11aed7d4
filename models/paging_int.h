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
  SEG_REFAULT,         /* Genode: woken by attach, faulting again */
  SEG_MAP,             /* attach, mapping and the answer */
  SEG_COUNT
} FaultSeg;

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
  FAULT_ANSWERED,      /* mapped and answered: ready, not yet running again */
} FaultState;

/* A list of faults threaded through PgFault.lprev/lnext: a manager's parked
 * faulters, core's retry list, the faulters an attach is waking.  A fault is
 * on one list at most and knows which, so it can be withdrawn (its thread
 * died) without knowing where it waits. */
typedef struct {
  PgFault *head, *tail;
} FaultList;

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
  FaultList *list;             /* the list it is on, NULL: none */
  PgFault *lprev, *lnext;
};

/* Every thread that touches pages: user threads, managers (nested faults)
 * and region mappers (their own pages). */
struct _PgThread {
  Paging *p;                   /* answers carry the PgFault: this leads back here */
  KThread *t;
  int space;
  bool user, culprit;
  bool is_rm;                  /* a region mapper: its faults are self faults */
  bool gone;                   /* its process exited, or it crashed: not counted */
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

/* A manager's states.  sync-rpc, ipc-timeout and local-rm run the request
 * loop of manager.c (RECEIVING -> serve -> [MAPPING] -> REPLYING or straight
 * back to RECEIVING); async-signal the loop of strategy_async_signal.c
 * (WAITING -> QUERYING -> serve -> ATTACHING -> QUERYING ... -> WAITING).
 * Serving is FETCHING -> SERVING -> PROVIDING, each step only when there is
 * work for it.  Each continuation checks the state it belongs to
 * (manager_expect()); states change only through manager_enter().
 * ORDER ManagerState: manager_state_names in manager.c. */
typedef enum {
  MGR_NEW,             /* created, its thread has not run yet */
  MGR_WAITING,         /* async: waits for its fault handler's signal */
  MGR_QUERYING,        /* async: in fault() */
  MGR_RECEIVING,       /* sync: waits for a request */
  MGR_FETCHING,        /* touching its backing store (may fault: nesting) */
  MGR_SERVING,         /* its service time */
  MGR_PROVIDING,       /* kernel work of the store: eviction, revocation */
  MGR_MAPPING,         /* local-rm: the kernel installs the answer's map item */
  MGR_ATTACHING,       /* async: in attach() */
  MGR_REPLYING,        /* sync: replies, then receives (a hang is due or may come) */
  MGR_HUNG,            /* never receives again */
  MGR_DEAD,            /* crashed */
} ManagerState;

/* Where manager_serve() continues once the request is served: the next
 * step of the loop that took the request. */
typedef void (*ManagerStep) (Manager *m);

struct _Manager {
  Paging *p;
  int id;
  const ManagerConfig *cfg;
  KThread *t;
  int space;
  ManagerState state;
  Endpoint *ep;                /* sync-rpc, ipc-timeout, local-rm: its request endpoint */
  SigCtx *sig;                 /* async-signal: its fault-handler context */
  FaultList deferred;          /* async-signal: faulters parked on its region maps */
  uint64_t served;             /* requests served, for hang "faults" */
  KThread *caller;             /* the request in progress: who waits for the answer */
  struct { int ds; int64_t page; int space; uint32_t gen; PgFault *f; } req;
  ManagerStep done;            /* where manager_serve() continues */
};

/* A core pager thread's states (core.c).  Each continuation checks the
 * state it belongs to (core_pager_expect()); states change only through
 * core_pager_enter().  ORDER PagerState: pager_state_names in core.c. */
typedef enum {
  PAGER_NEW,           /* created, its thread has not run yet */
  PAGER_RECEIVING,
  PAGER_POLLING,       /* ipc-timeout retry: looks for new faults before retrying */
  PAGER_MAPPING,       /* the kernel work of the mapping, then the answer */
  PAGER_ANSWERING,     /* answers through a reply capability core kept */
  PAGER_SIGNALLING,    /* async: asks core's entrypoint to submit the signal */
  PAGER_REFLECTING,    /* sync: calls the manager */
} PagerState;

struct _Pager {
  Paging *p;
  KThread *t;
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

/* A region mapper's states (strategy_local_rm.c); changed only through
 * rm_enter(), checked by every continuation.  ORDER RmState: rm_state_names
 * in strategy_local_rm.c. */
typedef enum {
  RM_NEW,              /* created, its thread has not run yet */
  RM_RECEIVING,
  RM_SELF_FAULT,       /* touching its own pages (paged by core) */
  RM_CALLING_MANAGER,
  RM_CALLING_CORE,
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
  FaultList retry;             /* ipc-timeout retry: expired reflections, oldest first */
  bool *space_gone;            /* per space: its process was destroyed */

  GPtrArray *by_id;            /* KThread id -> PgThread (NULL: not paging) */
  GPtrArray *pts;              /* owns the PgThreads */
  GPtrArray *jobs;             /* owns small records: exit jobs, region mappers,
                                * core's entrypoint */
  GPtrArray *words;            /* --explain: per thread id, the words of its message
                                * in flight (Msg.explain), owned */
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
/* The thread will never run again (its process exited, or it crashed): its
 * open fault is taken off whatever list it waits on and is not counted. */
void      pg_thread_withdraw (Paging *p, PgThread *pt);
/* The fault moves to segment `s` now. */
void      fault_seg (Paging *p, PgFault *f, FaultSeg s);
/* Core's pager or the region mapper took the fault from its queue. */
void      fault_accepted (Paging *p, PgFault *f);
/* True while `f` still is the fault a request named (generation `gen`). */
bool      fault_current (const PgFault *f, uint32_t gen);
/* ... and its time is the manager's: reflected and waited for (sync, local
 * region mapper) or parked for the manager (async), not back with core. */
bool      fault_with_manager (const PgFault *f, uint32_t gen);
/* True when an event about `f` now enters the fault figures: a user
 * thread's fault, at or after the warm-up. */
bool      fault_counted (const Paging *p, const PgFault *f);
/* A paging message with its label's name as `op`, and no words. */
Msg       pg_msg (int label);
/* A request about `f`, or an answer to one (see the labels above). */
void      fault_msg (const PgFault *f, int label, Msg *m);
/* Whether `f` now waits for core (counted for core.max_stall_ns). */
void      fault_waits_for_core (Paging *p, PgFault *f, bool on);
/* The final answer is being sent: the faulter is ready at `ready_at`.  The
 * fault counts as resolved then, whenever the faulter gets the CPU. */
void      fault_resolved (Paging *p, PgFault *f, SimTime ready_at);
void      fault_list_append (FaultList *l, PgFault *f);
/* Takes `f` off the list it is on (it must be on one). */
void      fault_list_remove (PgFault *f);
/* The oldest fault of `l`, taken off it; NULL when `l` is empty. */
PgFault  *fault_list_pop (FaultList *l);
/* An impossible state: `continuation` of `component` (run by its thread
 * `t`) ran while the component was in `state`.  Aborts the program. */
void      pg_bad_state (const char *component, const KThread *t, const char *state,
                        const char *continuation) G_GNUC_NORETURN;
/* A line of the classroom narration (--explain), if it is wanted. */
void      pg_explain (Paging *p, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* Whether narration is wanted (before building words that cost something). */
bool      pg_explaining (Paging *p);
/* The words (Msg.explain) `t` gives the message `m` it is about to send,
 * if narration is wanted; kept until t's next words.  Paging messages are
 * told by the model itself: pg_msg() and fault_msg() give them no words,
 * which is no line unless the kernel has something to add (kernel.h). */
void      pg_msg_words (Paging *p, KThread *t, Msg *m, const char *fmt, ...) G_GNUC_PRINTF (4, 5);
/* A duration for narration: "850 ns", "135.9 us", "12.345 ms". */
char     *pg_format_ns (char *buf, size_t size, int64_t ns);
/* The name of the dataspace of `f`, for narration. */
const char *fault_ds_name (const Paging *p, const PgFault *f);
/* The name of address space `space` (a process or a manager), for narration. */
const char *pg_space_name (const Paging *p, int space);

#endif
