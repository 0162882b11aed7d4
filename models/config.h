/* The typed configuration of one simulated system: what the scenario loader
 * produces and the models consume.  Plain C structs and enums, already
 * validated and defaulted; nothing here knows JSON.  References between
 * sections are indices into the arrays (-1 = none). */
#ifndef MKSIM_CONFIG_H
#define MKSIM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/engine/rng.h"

typedef enum {
  STRATEGY_ASYNC_SIGNAL,
  STRATEGY_SYNC_RPC,
  STRATEGY_LOCAL_RM,
  STRATEGY_IPC_TIMEOUT,
  STRATEGY_COUNT
} StrategyKind;

/* ORDER StrategyKind */
extern const char *const strategy_names[STRATEGY_COUNT];
/* -1 when the name is not a strategy. */
int strategy_from_name (const char *name);

typedef enum { ON_TIMEOUT_DROP, ON_TIMEOUT_RETRY } OnTimeout;
typedef enum { SEND_QUEUE_PRIORITY, SEND_QUEUE_FIFO } SendQueuePolicy;
typedef enum { IPC_SWITCH_SCHEDULER, IPC_SWITCH_DIRECT } IpcSwitchPolicy;
/* Whose queueing rules the scheduler follows (models/kernel.c): Fiasco's
 * (woken to the tail of its priority with a fresh slice, preempted to the
 * head), or seL4's (possibleSwitchTo and schedule: a woken thread runs at
 * once when it may, else goes to the head of its queue; slices are kept
 * across blocking). */
typedef enum { SCHEDULER_FIASCO, SCHEDULER_SEL4 } SchedulerKind;

typedef struct {
  int64_t ipc;             /* one message transfer */
  int64_t signal;          /* one signal submit */
  int64_t signal_delivery; /* the woken handler's dispatch of a signal (Genode's framework) */
  int64_t context_switch;
  int64_t ipi;             /* a wake-up or IPC reaching a thread on another CPU */
  int64_t fault_entry;     /* trap + fault message to the pager */
  int64_t map;             /* installing or removing one mapping */
  int64_t mapdb_insert;    /* one mapping-database entry */
  int64_t mapdb_revoke;    /* removing one mapping-database entry */
} KernelCosts;

typedef struct {
  int cpus;                    /* CPUs, each with its ready queue (1-256) */
  int64_t time_slice;
  int64_t ipc_timeout;         /* used by the ipc-timeout strategy and GUI delivery */
  int64_t timer_tick;          /* 0 = timeouts expire exactly */
  OnTimeout on_timeout;
  SendQueuePolicy send_queue;
  IpcSwitchPolicy ipc_switch;
  SchedulerKind scheduler;
  KernelCosts costs;
  int64_t mapdb_entry_bytes;
} KernelConfig;

typedef struct {
  int pager_threads;           /* per CPU when per_cpu_pagers */
  bool per_cpu_pagers;         /* a set of pagers on every CPU, serving its faults */
  int priority;
  int64_t rm_session_quota;    /* bytes of RAM quota per managed dataspace */
} CoreConfig;

typedef enum {
  BEHAVIOR_OK,
  BEHAVIOR_SLOW,   /* serves with `service` and/or waits `io` instead of the normal ones */
  BEHAVIOR_HANG,   /* never receives again after `after` or `faults` requests */
  BEHAVIOR_CRASH,  /* dies at `after` */
  BEHAVIOR_BUSY,   /* GUI clients: computes `compute` after each event */
} BehaviorKind;

typedef struct {
  BehaviorKind kind;
  Dist service;        /* SLOW, when has_service */
  bool has_service;
  Dist io;             /* SLOW, when has_io: a device wait per request (or event) */
  bool has_io;
  int64_t after;       /* HANG (when has_after), CRASH */
  bool has_after;
  int64_t faults;      /* HANG when !has_after: requests served before hanging */
  Dist compute;        /* BUSY */
} Behavior;

/* Where a component's threads run (threads[].cpu and the like): instance i
 * on list[i % n_list], or with `spread` on CPU i % kernel.cpus; neither
 * (n_list 0): CPU 0.  Threads never migrate. */
typedef struct {
  int *list;
  int n_list;
  bool spread;
} CpuPlacement;

/* The CPU of instance `i` of a component placed by `p` on `n_cpus` CPUs. */
int config_cpu_of (const CpuPlacement *p, int i, int n_cpus);

typedef struct {
  char *name;
  int priority;
  CpuPlacement cpu;    /* a single number: the manager's threads */
  Dist service;
  Dist io;             /* waits for its device this long per request, off the CPU */
  Behavior behavior;
  int map_pages;       /* flexpage size in pages (>= 1) */
  bool exclusive;      /* a page is mapped into at most one process at a time */
  int64_t min_hold;    /* exclusive: a page stays with its holder at least this long */
} ManagerConfig;

typedef struct {
  char *name;
  int64_t pages;
  int manager;         /* index into managers, -1 = plain (core resolves faults) */
  int64_t resident;    /* pages kept mapped before FIFO eviction, 0 = all */
  int backing;         /* index of the managed dataspace backing this one, -1 = none */
} DataspaceConfig;

typedef struct {
  char *name;
  int priority;
  int threads;
  CpuPlacement cpu;    /* of its threads */
  Dist service;
  Dist io;             /* waits for its device this long per call, off the CPU */
} ServerConfig;

/* A page trace in memory: what a `replay` op plays.  Record i computes
 * compute_ns[i] and then touches page[i]; pages are numbered 0..n_pages-1
 * in the order the traced program first touched them, so page k of the
 * trace is page k of the dataspace it is replayed on.  The loader reads it
 * from a file (sim/pagetrace.c) and checks it; the models only read it.
 * Every replay op naming the same file in one scenario shares one copy,
 * hence the count of references: each op holds one, config_free drops it. */
typedef struct {
  int refs;              /* atomic */
  char *name;            /* the file as opened (a relative path joined to the
                            scenario's folder), for messages */
  int64_t n_pages;       /* distinct pages, >= 1 */
  size_t n_records;      /* >= 1 */
  int64_t *compute_ns;   /* per record, before its touch */
  uint32_t *page;        /* per record, below n_pages */
} PageTrace;

/* A new trace with one reference and no records, its name copied; the
 * caller fills in the rest (arrays from g_malloc, which the trace owns). */
PageTrace *config_trace_new (const char *name);
PageTrace *config_trace_ref (PageTrace *t);
/* Drops a reference; the last frees the trace.  NULL is ignored. */
void       config_trace_unref (PageTrace *t);

typedef enum { OP_COMPUTE, OP_TOUCH, OP_CALL, OP_SLEEP, OP_REPEAT, OP_IO, OP_REPLAY } OpKind;
typedef enum { TOUCH_RANDOM, TOUCH_SEQUENTIAL, TOUCH_SAME } TouchPattern;

typedef struct Op Op;
struct Op {
  OpKind kind;
  union {
    struct { Dist d; bool forever; } compute;
    struct { int dataspace; TouchPattern pattern; } touch;
    struct { int server; int64_t timeout; bool has_timeout; } call;
    struct { Dist d; } sleep;
    struct { Dist d; } io;
    struct { int64_t count; /* -1 = forever */ Op *body; size_t n_body; } repeat;
    struct { PageTrace *trace; int dataspace; int64_t count; /* -1 = forever */ } replay;
  } u;
};

typedef struct {
  char *name;
  int count;           /* instances: <process>.<name>[0..count-1] */
  int priority;
  CpuPlacement cpu;
  Dist start;          /* when an instance begins its program, drawn per instance */
  int64_t stagger;     /* ... plus i * stagger for instance i */
  Op *program;
  size_t n_program;
} ThreadConfig;

typedef struct {
  char *name;
  ThreadConfig *threads;
  size_t n_threads;
  int64_t exit_at;     /* when has_exit_at: the process is destroyed */
  bool has_exit_at;
  int rm_pages;        /* pages of its local region mapper (CONFIG_DEFAULT_RM_PAGES) */
} ProcessConfig;

typedef enum { EVENTS_DIST, EVENTS_BURST } EventSourceKind;

typedef struct {
  EventSourceKind kind;
  Dist gap;                  /* EVENTS_DIST: inter-arrival time */
  int burst_size;            /* EVENTS_BURST */
  int64_t burst_gap, burst_every;
} EventSource;

typedef struct {
  char *name;
  int priority;
  CpuPlacement cpu;    /* a single number */
  Dist handle;
  Behavior behavior;
} GuiClientConfig;

typedef struct {
  bool present;
  int priority;
  CpuPlacement cpu;    /* a single number: the GUI server's threads */
  EventSource events;
  int buffer;
  GuiClientConfig *clients;
  size_t n_clients;
} GuiConfig;

typedef struct {
  char *name;
  char *lesson;
  char *question;              /* the prediction a lesson asks for, or NULL */
  char *answer;                /* what the runs show, with placeholders (sim/answer.h) */
  uint64_t seed;
  int64_t duration;
  int64_t warmup;
  int64_t stall_threshold;
  uint64_t max_events;
  double max_wall;             /* seconds of wall-clock time a run may take, 0: no bound */
  bool keep_fault_series;      /* keep every user fault's (end, latency), warm-up included,
                                * in time order: RunResult.faults.series (not from JSON) */
  StrategyKind strategy;
  KernelConfig kernel;
  CoreConfig core;
  ManagerConfig *managers;     size_t n_managers;
  DataspaceConfig *dataspaces; size_t n_dataspaces;
  ServerConfig *servers;       size_t n_servers;
  ProcessConfig *processes;    size_t n_processes;
  GuiConfig gui;
  char sha256[65];             /* of the scenario as run (after --set), hex */
  char **notes;                /* the loader's notes for the user (NULL-terminated, or
                                  NULL): e.g. behavior keys a --set of kind made moot;
                                  the program prints them, the models ignore them */
} ScenarioConfig;

/* The earliest time a manager or GUI client is told to hang or crash
 * (`behavior.after`), or -1 when none is: a hang after a number of faults
 * or events has no time known before the run. */
int64_t config_first_misbehaviour (const ScenarioConfig *c);

/* Pages of a local region mapper's own (code, stack, region list) when the
 * scenario does not say: processes[].rm_pages. */
#define CONFIG_DEFAULT_RM_PAGES 4

/* Seconds of wall-clock time one run may take by default (max_wall): a
 * runaway guard; a large study raises it. */
#define CONFIG_DEFAULT_MAX_WALL 300.0

/* Defaults of DESIGN.md "Defaults and validation", for the loader to start from. */
void config_defaults (ScenarioConfig *c);
KernelCosts config_default_costs (void);
void config_free (ScenarioConfig *c);

#endif
