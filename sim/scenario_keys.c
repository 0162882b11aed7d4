/* The scenario format, key by key: one table per kind of JSON object.  The
 * loader reads documents with these tables (scenario.c), the JSON Schema is
 * generated from them (schema.c), and scenarios/SCHEMA.md follows them; a key
 * added here is accepted, checked, defaulted and documented at once.
 *
 * Defaults are JSON text, read exactly as if the scenario had said so; they
 * agree with config_defaults () (models/config.c), which a test checks.
 * Where DESIGN.md names no default, the choice is made here and documented:
 * priorities of managers, servers, threads and GUI clients default to 100. */
#include "sim/scenario_priv.h"

#define AT(type, field)   .offset = offsetof (type, field)
#define FLAG(type, field) .flagged = true, .flag_offset = offsetof (type, field)
#define ARRAY_OF(type, ptr, count, table)                                        \
  .sub = &(table), .offset = offsetof (type, ptr), .count_offset = offsetof (type, count), \
  .elem_size = sizeof *((type *) 0)->ptr
#define PRIORITY(type, def_, what)                                               \
  { "priority", KEY_INT, .def = def_, .min = 0, .max = 255, AT (type, priority), \
    .doc = "Scheduling priority of " what ", 0-255, higher wins." }
#define NAME(type, what)                                                         \
  { "name", KEY_STRING, .required = true, AT (type, name),                       \
    .doc = "Unique name of the " what " within its list; other keys refer to it." }
#define CPU_ONE(type, what)                                                      \
  { "cpu", KEY_CUSTOM, .custom = scenario_read_cpu, .schema = "cpu", AT (type, cpu),      \
    .doc = "The CPU " what " run on, below kernel.cpus; default 0." }
#define CPU_MANY(type, what)                                                     \
  { "cpu", KEY_CUSTOM, .custom = scenario_read_cpus, .schema = "cpu_placement",        \
    AT (type, cpu),                                                              \
    .doc = "The CPU " what " run on: a number, a list (instance i takes element i mod " \
           "its length) or \"spread\" (instance i on CPU i mod kernel.cpus); default 0." }
#define MAX_FAULTS ((int64_t) 1000000000000000)   /* 10^15: exact as a JSON number */

static const char *const on_timeout_names[] = { "drop", "retry" };
static const char *const send_queue_names[] = { "priority", "fifo" };
static const char *const ipc_switch_names[] = { "scheduler", "direct" };
static const char *const scheduler_names[] = { "fiasco", "sel4" };
static const char *const pattern_names[] = { "random", "sequential", "same" };
/* ORDER BehaviorKind; managers take all but the last. */
const char *const scenario_behavior_names[] = { "ok", "slow", "hang", "crash", "busy" };
G_STATIC_ASSERT (G_N_ELEMENTS (scenario_behavior_names) == BEHAVIOR_BUSY + 1);
G_STATIC_ASSERT (sizeof (BehaviorKind) == sizeof (int) && sizeof (StrategyKind) == sizeof (int));
G_STATIC_ASSERT (sizeof (OnTimeout) == sizeof (int) && sizeof (TouchPattern) == sizeof (int));
G_STATIC_ASSERT (sizeof (SendQueuePolicy) == sizeof (int)
                 && sizeof (IpcSwitchPolicy) == sizeof (int)
                 && sizeof (SchedulerKind) == sizeof (int));

/* ---- distributions -------------------------------------------------------- */

static const KeySpec normal_keys[] = {
  { "mean", KEY_DURATION, .required = true, .min = 0, .max = INT64_MAX, AT (DistParts, a),
    .doc = "Mean of the normal distribution (draws below 0 are redrawn)." },
  { "sd", KEY_DURATION, .required = true, .min = 0, .max = INT64_MAX, AT (DistParts, b),
    .doc = "Standard deviation." },
};
const KeyTable scenario_table_normal = {
  "normal", "A normal distribution, truncated at 0.",
  normal_keys, G_N_ELEMENTS (normal_keys), NULL, NULL,
};

static const KeySpec lognormal_keys[] = {
  { "median", KEY_DURATION, .required = true, .min = 0, .max = INT64_MAX, AT (DistParts, a),
    .doc = "Median of the lognormal distribution." },
  { "sigma", KEY_NUMBER, .required = true, .min = 0, .max = 20, AT (DistParts, x),
    .doc = "Standard deviation of the logarithm, a plain number 0 to 20." },
};
const KeyTable scenario_table_lognormal = {
  "lognormal", "A lognormal distribution.",
  lognormal_keys, G_N_ELEMENTS (lognormal_keys), NULL, NULL,
};

static const KeySpec pareto_keys[] = {
  { "min", KEY_DURATION, .required = true, .min = 0, .max = INT64_MAX, AT (DistParts, a),
    .doc = "Minimum (scale) of the Pareto distribution." },
  { "alpha", KEY_NUMBER, .required = true, .min = 0, .exclusive_min = true, .max = 1000,
    AT (DistParts, x), .doc = "Shape, a plain number > 0 (the mean is infinite for alpha <= 1)." },
};
const KeyTable scenario_table_pareto = {
  "pareto", "A Pareto distribution (heavy tail).",
  pareto_keys, G_N_ELEMENTS (pareto_keys), NULL, NULL,
};

static const KeySpec burst_keys[] = {
  { "size", KEY_INT, .required = true, .min = 1, .max = SCENARIO_MAX_COUNT,
    AT (EventSource, burst_size), .doc = "Events in one burst, at least 1." },
  { "gap", KEY_DURATION, .required = true, .min = 0, .max = INT64_MAX,
    AT (EventSource, burst_gap), .doc = "Time between the events of a burst." },
  { "every", KEY_DURATION, .required = true, .min = 1, .max = INT64_MAX,
    AT (EventSource, burst_every), .doc = "Time between the starts of bursts; > 0." },
};
const KeyTable scenario_table_burst = {
  "burst", "Bursts of input events: size events gap apart, every so often.",
  burst_keys, G_N_ELEMENTS (burst_keys), NULL, NULL,
};

/* ---- kernel -------------------------------------------------------------- */

#define COST(key, def_, what)                                                  \
  { #key, KEY_DURATION, .def = def_, .min = 0, .max = INT64_MAX, AT (KernelCosts, key), \
    .doc = "CPU time of " what ", charged to the thread making the kernel call." }

static const KeySpec costs_keys[] = {
  COST (ipc, "\"100ns\"", "one message transfer (seL4's fastpath Call and Reply, 718 and 576 "
        "cycles at 3.4 GHz on a Skylake i7-6700 with the switch, sel4.systems/performance; "
        "one-way IPC 89-144 ns in the SOSP'13 table of seL4, NOVA and Pistachio)"),
  COST (signal, "\"200ns\"", "one signal submit by the kernel (seL4 Notify, 753 cycles at 3.4 GHz "
        "with the switch to the woken thread; Genode's submit 80 ns on NOVA, 360 ns on base-hw, "
        "genodelabs/genode#4796)"),
  { "signal_delivery", KEY_DURATION, .def = "\"3.6us\"", .min = 0, .max = INT64_MAX,
    AT (KernelCosts, signal_delivery),
    .doc = "CPU time of the woken handler's dispatch of a signal in Genode's framework (the "
           "signal-handler thread, its mutex and semaphore), the bulk of Genode's 8 us signal "
           "round trip on NOVA (genodelabs/genode#5604), charged to the handler before it "
           "runs; 0 for a bare kernel notification." },
  COST (context_switch, "\"150ns\"", "one context switch (L4Re/Fiasco one-way IPC between "
        "tasks minus within a task, 169-192 ns on two Xeons, l4re.org/performance)"),
  { "ipi", KEY_DURATION, .def = "\"1us\"", .min = 0, .max = INT64_MAX,
    AT (KernelCosts, ipi),
    .doc = "A wake-up or a message reaching a thread on another CPU (the inter-processor "
           "interrupt and the kernel entry it causes there), charged to the woken thread "
           "before it runs; only with kernel.cpus above 1.  Barrelfish measured about 800 "
           "cycles to send the IPI (2,800 with the capability invocation, which ipc or "
           "signal already charge) and about 2,000 to wake the receiver, one way on x86-64 "
           "(Barrelfish TN-009, Message Notifications, 2010): about 1 us at 2.8 GHz." },
  COST (fault_entry, "\"300ns\"", "a page-fault trap and its fault message (an estimate: one "
        "IPC call plus the exception entry; no published figure was found)"),
  COST (map, "\"200ns\"", "installing one mapping (a flexpage), or removing one from a "
        "space under the core-based strategies (an estimate; no published figure was found)"),
  COST (mapdb_insert, "\"100ns\"", "inserting one mapping-database entry "
        "(local-region-mapper; an estimate, no published figure was found)"),
  COST (mapdb_revoke, "\"100ns\"", "removing one mapping-database entry "
        "(local-region-mapper; an estimate, no published figure was found)"),
};
static const KeyTable costs_table = {
  "costs", "Kernel operation costs (durations, zero allowed).",
  costs_keys, G_N_ELEMENTS (costs_keys), NULL, NULL,
};

static const KeySpec kernel_keys[] = {
  { "cpus", KEY_INT, .def = "1", .min = 1, .max = SCENARIO_MAX_CPUS, AT (KernelConfig, cpus),
    .doc = "CPUs, 1 to 256, each with its own ready queues (fixed priorities, round robin "
           "within one).  A thread runs on the CPU it is placed on (cpu keys; default CPU 0) "
           "and never migrates: neither Fiasco nor seL4 balances load." },
  { "time_slice", KEY_DURATION, .def = "\"10ms\"", .min = 1, .max = INT64_MAX,
    AT (KernelConfig, time_slice),
    .doc = "Round-robin time slice within a priority; must be > 0." },
  { "ipc_timeout", KEY_DURATION, .def = "\"5ms\"", .min = 0, .max = INT64_MAX,
    AT (KernelConfig, ipc_timeout),
    .doc = "Timeout of core's reflection calls under ipc-timeout and of GUI delivery; "
           "0 is a non-blocking send." },
  { "timer_tick", KEY_DURATION, .def = "\"0ns\"", .min = 0, .max = INT64_MAX,
    AT (KernelConfig, timer_tick),
    .doc = "Timeouts expire at the next multiple of this tick; 0 = exactly on time." },
  { "on_timeout", KEY_ENUM, .def = "\"drop\"", .names = on_timeout_names, .n_names = 2,
    AT (KernelConfig, on_timeout),
    .doc = "ipc-timeout: what core does with a reflected fault whose call timed out: drop "
           "it (unresolved forever) or retry it later." },
  { "scheduler", KEY_ENUM, .def = "\"fiasco\"", .names = scheduler_names, .n_names = 2,
    AT (KernelConfig, scheduler),
    .doc = "Whose queueing rules the scheduler follows: fiasco (a woken thread goes to the "
           "tail of its priority with a fresh slice) or sel4 (possibleSwitchTo: it runs at "
           "once when it may, else goes to the head of its queue; slices are kept across "
           "blocking)." },
  { "send_queue", KEY_ENUM, .def = "\"priority\"", .names = send_queue_names, .n_names = 2,
    AT (KernelConfig, send_queue),
    .doc = "Order of a receiver's waiting senders: by priority (Fiasco) or fifo (seL4); "
           "fifo by default under the sel4 scheduler." },
  { "ipc_switch", KEY_ENUM, .def = "\"scheduler\"", .names = ipc_switch_names, .n_names = 2,
    AT (KernelConfig, ipc_switch),
    .doc = "On a call, let the scheduler pick the next thread, or switch directly to the "
           "receiver on the caller's slice (Fiasco's donation; not under the sel4 "
           "scheduler)." },
  { "costs", KEY_OBJECT, .def = "{}", .sub = &costs_table, AT (KernelConfig, costs),
    .doc = "Costs of kernel operations." },
  { "mapdb_entry_bytes", KEY_INT64, .def = "32", .min = 0, .max = 1 << 20,
    AT (KernelConfig, mapdb_entry_bytes),
    .doc = "Kernel memory of one mapping-database entry, in bytes (an integer); only "
           "local-region-mapper keeps a mapping database." },
};
static const KeyTable kernel_table = {
  "kernel", "The simulated kernel: scheduling, IPC policy and operation costs.",
  kernel_keys, G_N_ELEMENTS (kernel_keys), NULL, scenario_check_kernel,
};

/* ---- core ---------------------------------------------------------------- */

static const KeySpec core_keys[] = {
  { "pager_threads", KEY_INT, .def = "1", .min = 1, .max = 1024, AT (CoreConfig, pager_threads),
    .doc = "Number of core's pager threads (Genode: 1 on most kernels); per CPU with "
           "per_cpu_pagers." },
  { "per_cpu_pagers", KEY_BOOL, .def = "false", AT (CoreConfig, per_cpu_pagers),
    .doc = "Give every CPU pager_threads pagers of its own, serving the faults of the threads "
           "on that CPU (Genode's cores on base-hw and NOVA); false: the pagers run on CPU 0 "
           "and serve every CPU." },
  PRIORITY (CoreConfig, "250", "core's pager threads"),
  { "rm_session_quota", KEY_SIZE, .def = "\"64KiB\"", .min = 0, .max = (int64_t) 1 << 30,
    AT (CoreConfig, rm_session_quota),
    .doc = "RAM quota each managed dataspace costs as an RM session in core, e.g. "
           "\"64KiB\", at most 1GiB (local-region-mapper has no RM sessions in core)." },
};
static const KeyTable core_table = {
  "core", "Core, the root component that owns dataspaces and pages threads.",
  core_keys, G_N_ELEMENTS (core_keys), NULL, NULL,
};

/* ---- behaviors ----------------------------------------------------------- */

#define BEHAVIOR_KEYS(n_kinds)                                                   \
  { "kind", KEY_ENUM, .required = true, .names = scenario_behavior_names, .n_names = n_kinds, \
    AT (Behavior, kind), .doc = "What the component does." },                     \
  { "service", KEY_DIST, AT (Behavior, service), FLAG (Behavior, has_service),   \
    .doc = "slow: serve with this distribution instead of the normal one." },    \
  { "io", KEY_DIST, AT (Behavior, io), FLAG (Behavior, has_io),                  \
    .doc = "slow: wait for a device this long per request (a GUI client: per event), " \
           "off the CPU, instead of the normal io." },                           \
  { "after", KEY_DURATION, .min = 0, .max = INT64_MAX, AT (Behavior, after),     \
    FLAG (Behavior, has_after),                                                  \
    .doc = "hang, crash: the simulated time at which it happens." },             \
  { "faults", KEY_INT64, .min = 0, .max = MAX_FAULTS, AT (Behavior, faults),   \
    .doc = "hang: requests served before it hangs (instead of after)." }

static const KeySpec manager_behavior_keys[] = {
  BEHAVIOR_KEYS (BEHAVIOR_CRASH + 1),
};
static const KeyTable manager_behavior_table = {
  "manager_behavior",
  "A manager's behavior: ok, slow (service, io), hang (after or faults), crash (after). A key "
  "of another kind is an error, unless kind itself is given by --set: then it is ignored, "
  "with a note.",
  manager_behavior_keys, G_N_ELEMENTS (manager_behavior_keys),
  scenario_check_manager_behavior, scenario_check_behavior,
};

static const KeySpec client_behavior_keys[] = {
  BEHAVIOR_KEYS (BEHAVIOR_BUSY + 1),
  { "compute", KEY_DIST, AT (Behavior, compute),
    .doc = "busy: CPU time computed after handling each event, before receiving again." },
};
static const KeyTable client_behavior_table = {
  "client_behavior",
  "A GUI client's behavior: as a manager's (faults counts events), plus busy (compute). "
  "A key of another kind is an error, unless kind itself is given by --set.",
  client_behavior_keys, G_N_ELEMENTS (client_behavior_keys),
  NULL, scenario_check_behavior,
};

/* ---- managers, dataspaces, servers ---------------------------------------- */

static const KeySpec manager_keys[] = {
  NAME (ManagerConfig, "manager"),
  PRIORITY (ManagerConfig, "100", "the manager's thread"),
  CPU_ONE (ManagerConfig, "the manager's threads"),
  { "service", KEY_DIST, .required = true, AT (ManagerConfig, service),
    .doc = "CPU time to serve one fault, at the manager's priority." },
  { "io", KEY_DIST, .def = "\"0ns\"", AT (ManagerConfig, io),
    .doc = "After the service: waiting for its device this long per fault served, off the "
           "CPU (a disk, a network), while other threads run." },
  { "behavior", KEY_OBJECT, .def = "{\"kind\": \"ok\"}", .sub = &manager_behavior_table,
    AT (ManagerConfig, behavior), .doc = "ok, slow, hang or crash." },
  { "map_pages", KEY_INT, .def = "1", .min = 1, .max = 1 << 20, AT (ManagerConfig, map_pages),
    .doc = "Pages mapped per answer (an aligned flexpage), under every strategy." },
  { "exclusive", KEY_BOOL, .def = "false", AT (ManagerConfig, exclusive),
    .doc = "Map each page into at most one process at a time, revoking it elsewhere." },
  { "min_hold", KEY_DURATION, .def = "\"0ns\"", .min = 0, .max = INT64_MAX,
    AT (ManagerConfig, min_hold),
    .doc = "exclusive: leave a page where it is for at least this long after handing it "
           "over, so its holder can use it (Mirage's delta); a request for it meanwhile "
           "waits.  0 = move it at once." },
};
static const KeyTable manager_table = {
  "manager", "A user-level dataspace manager that resolves faults on its dataspaces.",
  manager_keys, G_N_ELEMENTS (manager_keys), NULL, NULL,
};

static const KeySpec dataspace_keys[] = {
  NAME (DataspaceConfig, "dataspace"),
  { "pages", KEY_INT64, .required = true, .min = 1, .max = SCENARIO_MAX_PAGES,
    AT (DataspaceConfig, pages),
    .doc = "Size in pages, 1 to 2^24 (64 GiB of 4 KiB pages); the page state of all "
           "dataspaces together is bounded too (see the rules)." },
  { "manager", KEY_REF, .ref = REF_MANAGER, AT (DataspaceConfig, manager),
    .doc = "Name of its dataspace manager; absent = a plain dataspace core resolves alone." },
  { "resident", KEY_INT64, .def = "0", .min = 0, .max = SCENARIO_MAX_PAGES,
    AT (DataspaceConfig, resident),
    .doc = "Pages kept mapped before the manager evicts (FIFO); 0 = all; at most pages." },
  { "backing", KEY_REF, .ref = REF_DATASPACE, AT (DataspaceConfig, backing),
    .doc = "Name of the managed dataspace backing this managed one (nesting, at most "
           "5 deep, no cycles)." },
};
static const KeyTable dataspace_table = {
  "dataspace", "A dataspace: plain (core resolves its faults) or managed.",
  dataspace_keys, G_N_ELEMENTS (dataspace_keys), NULL, scenario_check_dataspace,
};

static const KeySpec server_keys[] = {
  NAME (ServerConfig, "server"),
  PRIORITY (ServerConfig, "100", "the server's threads"),
  { "threads", KEY_INT, .def = "1", .min = 1, .max = SCENARIO_MAX_COUNT,
    AT (ServerConfig, threads), .doc = "Server threads answering calls." },
  CPU_MANY (ServerConfig, "the server's threads"),
  { "service", KEY_DIST, .required = true, AT (ServerConfig, service),
    .doc = "CPU time to answer one call." },
  { "io", KEY_DIST, .def = "\"0ns\"", AT (ServerConfig, io),
    .doc = "After the service: waiting for its device this long per call, off the CPU." },
};
static const KeyTable server_table = {
  "server", "A plain server that answers calls after its service time.",
  server_keys, G_N_ELEMENTS (server_keys), NULL, NULL,
};

/* ---- thread programs ----------------------------------------------------- */

static const KeySpec touch_keys[] = {
  { "dataspace", KEY_REF, .required = true, .ref = REF_DATASPACE,
    .offset = offsetof (Op, u.touch.dataspace) - offsetof (Op, u.touch),
    .doc = "Name of the dataspace touched." },
  { "pattern", KEY_ENUM, .def = "\"random\"", .names = pattern_names, .n_names = 3,
    .offset = offsetof (Op, u.touch.pattern) - offsetof (Op, u.touch),
    .doc = "Which page: random (uniform), sequential (per thread), or same (page 0)." },
};
static const KeyTable touch_table = {
  "touch", "Touch one page of a dataspace, faulting if it is not mapped.",
  touch_keys, G_N_ELEMENTS (touch_keys), NULL, NULL,
};

static const KeySpec call_keys[] = {
  { "server", KEY_REF, .required = true, .ref = REF_SERVER,
    .offset = offsetof (Op, u.call.server) - offsetof (Op, u.call),
    .doc = "Name of the plain server called." },
  { "timeout", KEY_DURATION, .min = 0, .max = INT64_MAX,
    .offset = offsetof (Op, u.call.timeout) - offsetof (Op, u.call),
    .flagged = true, .flag_offset = offsetof (Op, u.call.has_timeout) - offsetof (Op, u.call),
    .doc = "Bounds the send and the reply wait each; absent = wait forever; 0 = non-blocking." },
};
static const KeyTable call_table = {
  "call", "A synchronous RPC to a plain server.",
  call_keys, G_N_ELEMENTS (call_keys), NULL, NULL,
};

static const KeySpec replay_keys[] = {
  { "trace", KEY_CUSTOM, .required = true, .custom = scenario_read_trace, .schema = "trace_file",
    .offset = offsetof (Op, u.replay.trace) - offsetof (Op, u.replay),
    .doc = "Path of the page trace (mksim import-lackey), relative to the scenario file's "
           "folder (to the current directory for a scenario on standard input); read and "
           "checked when the scenario loads." },
  { "dataspace", KEY_REF, .required = true, .ref = REF_DATASPACE,
    .offset = offsetof (Op, u.replay.dataspace) - offsetof (Op, u.replay),
    .doc = "Name of the dataspace the trace is played on: the trace's page k is its page k, "
           "so it needs at least the trace's number of pages." },
  { "repeat", KEY_CUSTOM, .def = "1", .custom = scenario_read_count, .schema = "repeat_count",
    .offset = offsetof (Op, u.replay.count) - offsetof (Op, u.replay),
    .doc = "Play the trace this many times (>= 1), or \"forever\"." },
};
static const KeyTable replay_table = {
  "replay", "Play a page trace recorded from a real program: for each record, compute its "
  "time, then touch its page. Each record is one program operation.",
  replay_keys, G_N_ELEMENTS (replay_keys), NULL, scenario_check_replay,
};

static const KeySpec op_keys[] = {
  { "compute", KEY_CUSTOM, .custom = scenario_read_compute, .schema = "compute",
    AT (Op, u.compute), .doc = "Compute for a duration drawn from a distribution, or forever." },
  { "touch", KEY_OBJECT, .sub = &touch_table, AT (Op, u.touch),
    .doc = "Touch a page of a dataspace." },
  { "call", KEY_OBJECT, .sub = &call_table, AT (Op, u.call), .doc = "Call a plain server." },
  { "sleep", KEY_DIST, AT (Op, u.sleep.d),
    .doc = "Sleep (an IPC receive timeout) for a duration drawn from a distribution." },
  { "io", KEY_DIST, AT (Op, u.io.d),
    .doc = "Wait for a device (blocked_io, off the CPU) for a duration drawn from a "
           "distribution; not an IPC timeout, so not rounded to the timer tick." },
  { "replay", KEY_OBJECT, .sub = &replay_table, AT (Op, u.replay),
    .doc = "Play a page trace on a dataspace." },
  { "repeat", KEY_CUSTOM, .custom = scenario_read_count, .schema = "repeat_count",
    AT (Op, u.repeat.count), .doc = "Run do this many times (>= 1), or \"forever\"." },
  { "do", KEY_ARRAY, .nonempty = true, ARRAY_OF (Op, u.repeat.body, u.repeat.n_body,
                                                 scenario_op_table),
    .doc = "With repeat: the ops repeated (not empty)." },
};
const KeyTable scenario_op_table = {
  "op", "One step of a thread program: exactly one of compute, touch, call, sleep, io, "
  "replay, repeat (with do); repeats nest at most 16 deep.",
  op_keys, G_N_ELEMENTS (op_keys), scenario_check_op, scenario_op_done,
};

static const KeySpec thread_keys[] = {
  NAME (ThreadConfig, "thread"),
  { "count", KEY_INT, .def = "1", .min = 1, .max = SCENARIO_MAX_COUNT, AT (ThreadConfig, count),
    .doc = "Instances of this thread, 1 to 10^6 (at most 10^6 threads in all)." },
  PRIORITY (ThreadConfig, "100", "the thread"),
  CPU_MANY (ThreadConfig, "the instances"),
  { "start", KEY_DIST, .def = "\"0ns\"", AT (ThreadConfig, start),
    .doc = "When an instance begins its program, drawn per instance; until then it waits "
           "(state sleeping) and uses no CPU." },
  { "stagger", KEY_DURATION, .def = "\"0ns\"", .min = 0, .max = INT64_MAX,
    AT (ThreadConfig, stagger),
    .doc = "Instance i begins i times this later (added to start)." },
  { "program", KEY_ARRAY, .required = true,
    ARRAY_OF (ThreadConfig, program, n_program, scenario_op_table),
    .doc = "What the thread does, op after op; it ends after the last." },
};
static const KeyTable thread_table = {
  "thread", "A user thread (count identical instances) running a program.",
  thread_keys, G_N_ELEMENTS (thread_keys), NULL, NULL,
};

static const KeySpec process_keys[] = {
  NAME (ProcessConfig, "process"),
  { "threads", KEY_ARRAY, .required = true, .unique_names = true,
    ARRAY_OF (ProcessConfig, threads, n_threads, thread_table),
    .doc = "The process's threads." },
  { "exit_at", KEY_DURATION, .min = 0, .max = INT64_MAX, AT (ProcessConfig, exit_at),
    FLAG (ProcessConfig, has_exit_at),
    .doc = "When the process is destroyed (its mappings revoked); absent = never." },
  { "rm_pages", KEY_INT, .def = "4", .min = 1, .max = SCENARIO_MAX_COUNT,
    AT (ProcessConfig, rm_pages),
    .doc = "local-region-mapper: pages of the process's region mapper (code, stack, region "
           "list), paged by core." },
};
static const KeyTable process_table = {
  "process", "A process (address space) with its threads.",
  process_keys, G_N_ELEMENTS (process_keys), NULL, NULL,
};

/* ---- GUI ----------------------------------------------------------------- */

static const KeySpec client_keys[] = {
  NAME (GuiClientConfig, "GUI client"),
  PRIORITY (GuiClientConfig, "100", "the client's thread"),
  CPU_ONE (GuiClientConfig, "the client's thread and its input entrypoint"),
  { "handle", KEY_DIST, .required = true, AT (GuiClientConfig, handle),
    .doc = "CPU time to handle one input event." },
  { "behavior", KEY_OBJECT, .def = "{\"kind\": \"ok\"}", .sub = &client_behavior_table,
    AT (GuiClientConfig, behavior), .doc = "ok, slow, hang, crash or busy." },
};
static const KeyTable client_table = {
  "gui_client", "A GUI client: receives input events from the GUI server.",
  client_keys, G_N_ELEMENTS (client_keys), NULL, NULL,
};

static const KeySpec gui_keys[] = {
  PRIORITY (GuiConfig, "200", "the GUI server's thread"),
  CPU_ONE (GuiConfig, "the GUI server's threads"),
  { "events", KEY_CUSTOM, .required = true, .custom = scenario_read_events,
    .schema = "events", AT (GuiConfig, events),
    .doc = "Inter-arrival time of input events: a distribution (mean > 0), {\"period\": D} "
           "or {\"burst\": {\"size\": N, \"gap\": D, \"every\": D}}." },
  { "buffer", KEY_INT, .def = "64", .min = 1, .max = SCENARIO_MAX_COUNT, AT (GuiConfig, buffer),
    .doc = "Events each client's buffer holds under async-signal (at least 1; buffer times "
           "clients at most 64000000)." },
  { "clients", KEY_ARRAY, .unique_names = true,
    ARRAY_OF (GuiConfig, clients, n_clients, client_table),
    .doc = "The clients, in delivery order." },
};
static const KeyTable gui_table = {
  "gui", "A GUI server delivering input events to its clients (the DOpE example); "
  "absent = no GUI. Not valid under local-region-mapper.",
  gui_keys, G_N_ELEMENTS (gui_keys), NULL, NULL,
};

/* ---- the file ------------------------------------------------------------ */

static const KeySpec top_keys[] = {
  { "name", KEY_STRING, .required = true, AT (ScenarioConfig, name),
    .doc = "Name of the scenario, shown in reports." },
  { "lesson", KEY_STRING, AT (ScenarioConfig, lesson),
    .doc = "What the scenario teaches; its first sentence is shown by 'mksim list', which "
           "sorts lessons that begin with the claims they show (\"C1 and C2: ...\") in claim "
           "order." },
  { "question", KEY_STRING, AT (ScenarioConfig, question),
    .doc = "A prediction for the student to make before running the scenario; 'mksim lesson' "
           "prints it after the lesson." },
  { "answer", KEY_STRING, AT (ScenarioConfig, answer),
    .doc = "What the runs show and why, printed by 'mksim lesson NAME --answer'. {KEY} stands "
           "for figure KEY of the result ('faults.resolved'), {SELECTOR:KEY} for the same of "
           "another run, SELECTOR being a strategy and PATH=VALUE changes separated by spaces "
           "('{sync-rpc core.pager_threads=2:core.blocked_ns}'); each is replaced by this "
           "run's figure. {{ is a literal brace. A key that is no figure is an error." },
  { "seed", KEY_UINT64, .def = "1", .min = 0, .max = INT64_MAX, AT (ScenarioConfig, seed),
    .doc = "Seed of every random stream, an integer 0 to 2^63-1." },
  { "duration", KEY_DURATION, .required = true, .min = 1, .max = INT64_MAX,
    AT (ScenarioConfig, duration), .doc = "Simulated time of a run; must be > 0." },
  { "warmup", KEY_DURATION, .def = "\"0ns\"", .min = 0, .max = INT64_MAX,
    AT (ScenarioConfig, warmup),
    .doc = "Faults, calls, GUI deliveries and timer wakeups that complete before this time "
           "are left out of the figures; less than duration." },
  { "strategy", KEY_ENUM, .def = "\"async-signal\"", .names = strategy_names,
    .n_names = STRATEGY_COUNT, AT (ScenarioConfig, strategy),
    .doc = "How faults on managed dataspaces reach their manager." },
  { "stall_threshold", KEY_DURATION, .def = "\"100ms\"", .min = 0, .max = INT64_MAX,
    AT (ScenarioConfig, stall_threshold),
    .doc = "A user thread with one fault longer than this counts as stalled "
           "(faults.innocent.stalled_threads)." },
  { "max_events", KEY_UINT64, .def = "1000000000", .min = 1, .max = INT64_MAX,
    AT (ScenarioConfig, max_events),
    .doc = "Guard: a run stops with an error after this many events." },
  { "max_wall", KEY_NUMBER, .def = "300", .min = 0, .max = 1000000,
    AT (ScenarioConfig, max_wall),
    .doc = "Guard: a run stops with an error after this many seconds of wall-clock time "
           "(a plain number; 0 = no bound); what it measured is kept, marked incomplete." },
  { "kernel", KEY_OBJECT, .def = "{}", .sub = &kernel_table, AT (ScenarioConfig, kernel),
    .doc = "The simulated kernel." },
  { "core", KEY_OBJECT, .def = "{}", .sub = &core_table, AT (ScenarioConfig, core),
    .doc = "Core's pager threads and quotas." },
  { "managers", KEY_ARRAY, .unique_names = true,
    ARRAY_OF (ScenarioConfig, managers, n_managers, manager_table),
    .doc = "User-level dataspace managers." },
  { "dataspaces", KEY_ARRAY, .unique_names = true,
    ARRAY_OF (ScenarioConfig, dataspaces, n_dataspaces, dataspace_table),
    .doc = "Dataspaces, plain or managed." },
  { "servers", KEY_ARRAY, .unique_names = true,
    ARRAY_OF (ScenarioConfig, servers, n_servers, server_table),
    .doc = "Plain servers that threads call." },
  { "processes", KEY_ARRAY, .unique_names = true,
    ARRAY_OF (ScenarioConfig, processes, n_processes, process_table),
    .doc = "User processes and their threads." },
  { "gui", KEY_OBJECT, .sub = &gui_table, AT (ScenarioConfig, gui),
    FLAG (ScenarioConfig, gui.present), .doc = "The GUI server and its clients; absent = none." },
};
const KeyTable scenario_table_top = {
  "scenario", "A mksim scenario: a simulated microkernel system and how long to run it.",
  top_keys, G_N_ELEMENTS (top_keys), NULL, scenario_check_top,
};

const KeyTable *const scenario_tables[] = {
  &scenario_table_normal, &scenario_table_lognormal, &scenario_table_pareto,
  &scenario_table_burst, &kernel_table, &costs_table, &core_table, &manager_table, &manager_behavior_table,
  &dataspace_table, &server_table, &process_table, &thread_table, &scenario_op_table,
  &touch_table, &call_table, &replay_table, &gui_table, &client_table, &client_behavior_table, NULL,
};
