/* Dataspace managers: user-level components with a thread in an address
 * space of their own, a service time, a behavior (ok, slow, hang, crash) and
 * a backing store (models/memory.h).  Serving a request spends the service
 * time (CPU time of the manager's thread) and, for a dataspace with a
 * `backing`, touches the backing page first, which may fault in turn (nested
 * managers).  A manager runs one of two loops: the request loop of the
 * synchronous strategies (sync-rpc, ipc-timeout, local-region-mapper) or
 * async-signal's fault handler; both serve through manager_serve(). */
#ifndef MKSIM_MANAGER_H
#define MKSIM_MANAGER_H

#include "models/fault.h"
#include "models/fsm.h"
#include "models/memory.h"

typedef struct _Manager Manager;

/* A manager's states.  The request loop: RECEIVING -> serve -> [MAPPING]
 * -> REPLYING or straight back to RECEIVING; async-signal's handler loop:
 * WAITING -> QUERYING -> serve ->
 * ATTACHING -> QUERYING ... -> WAITING.  Serving is [HOLDING] -> FETCHING ->
 * SERVING -> IO -> PROVIDING, each step only when there is work for it.  Each continuation
 * checks the state it belongs to (manager_expect()); states change only
 * through manager_enter().  ORDER ManagerState: manager_state_names. */
typedef enum {
  MGR_NEW,             /* created, its thread has not run yet */
  MGR_WAITING,         /* async: waits for its fault handler's signal */
  MGR_QUERYING,        /* async: in fault() */
  MGR_RECEIVING,       /* sync: waits for a request */
  MGR_FETCHING,        /* touching its backing store (may fault: nesting) */
  MGR_SERVING,         /* its service time */
  MGR_IO,              /* waiting for its device */
  MGR_HOLDING,         /* exclusive: waits until the page's holder had it min_hold */
  MGR_PROVIDING,       /* kernel work of the store: eviction, revocation */
  MGR_MAPPING,         /* local-rm: the kernel installs the answer's map item */
  MGR_ATTACHING,       /* async: in attach() */
  MGR_REPLYING,        /* sync: replies, then receives (a hang is due or may come) */
  MGR_HUNG,            /* never receives again */
  MGR_DEAD,            /* crashed */
} ManagerState;

extern const char *const manager_state_names[MGR_DEAD + 1];

/* Where manager_serve() continues once the request is served: the next
 * step of the loop that took the request. */
typedef void (*ManagerStep) (Manager *m);

struct _Manager {
  Kernel *k;
  Memory *mem;
  int id;
  const ManagerConfig *cfg;
  KThread *t;
  PgThread pt;                 /* its own faults (nesting) */
  int space;
  ManagerState state;
  Endpoint *ep;                /* sync-rpc, ipc-timeout, local-rm: its request endpoint */
  SigCtx *sig;                 /* async-signal: its fault-handler context */
  Endpoint *core_rm;           /* async-signal: core's entrypoint, which the handler calls */
  uint64_t served;             /* requests served, for hang "faults" */
  KThread *caller;             /* the request in progress: who waits for the answer */
  struct { int ds; int64_t page; int space; uint32_t gen; PgFault *f;
           uint64_t about; /* the fault's number (Msg.about), for narration */ } req;
  ManagerStep done;            /* where manager_serve() continues */
};

FSM_DEFINE (manager, Manager, ManagerState, state, "manager", manager_state_names)

/* The scenario's managers, each a thread (running `start` first) in address
 * space `first_space` + its index, and their crash events. */
Manager  *managers_new (Kernel *k, const ScenarioConfig *c, Memory *mem, FaultFigures *fig,
                        int first_space, KStepFn start);
void      managers_free (Manager *managers);
/* A request endpoint per manager (the synchronous strategies). */
void      managers_open_endpoints (Manager *managers, size_t n);

/* Serves m->req (service time, nested touch, eviction), then `done`: at once
 * when there is nothing to do, else from the last serving continuation. */
void      manager_serve (Manager *m, ManagerStep done);
/* If the manager's hang is due, it hangs now (never receives again) and
 * this returns true; its continuation must then issue nothing else. */
bool      manager_hang_if_due (Manager *m);
/* When a `hang: {after}` behavior stops the manager receiving; -1: never. */
SimTime   manager_hang_time (const Manager *m);
/* Takes the request about a fault that `msg` carries (fault_msg()) into m->req. */
void      manager_take_request (Manager *m, const Msg *msg);
/* The request-serving loop of sync-rpc, ipc-timeout and local-rm. */
void      manager_server_start (KThread *t, IpcStatus st);
/* async-signal's fault-handler loop: wait for the signal, ask core's
 * entrypoint (m->core_rm) for the fault until none is left, serve each and
 * attach its backing store. */
void      manager_handler_start (KThread *t, IpcStatus st);

#endif
