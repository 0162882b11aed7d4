/* Dataspace managers: their backing store (resident blocks, FIFO eviction,
 * exclusive holders), behaviors (ok, slow, hang, crash), serving a request
 * (service time, nested touch of the backing dataspace) and the request loop
 * used by the synchronous strategies (models/manager.c). */
#ifndef MKSIM_MANAGER_H
#define MKSIM_MANAGER_H

#include "models/paging_int.h"

/* The managers' threads, each in an address space of its own, and their
 * crash events. */
void      manager_setup (Paging *p);
/* Whether the manager must act before `space` may map the block: back it,
 * or (exclusive) take it from the space holding it. */
bool      store_needs_work (const DsState *d, int64_t block, int space);
/* The manager makes the block available to `space`: FIFO eviction and
 * exclusive revocation; returns the kernel work this causes, in ns. */
int64_t   store_provide (Paging *p, DsState *d, int64_t block, int space);
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
/* A request endpoint per manager (the synchronous strategies). */
void      manager_endpoints_new (Paging *p);

/* The manager's state machine (ManagerState): every transition goes
 * through manager_enter(); every continuation of a manager thread starts
 * with manager_expect() of the state it belongs to. */
static inline void
manager_enter (Manager *m, ManagerState s)
{
  m->state = s;
}

/* Aborts: `continuation` ran while the manager is in a state it does not
 * belong to. */
void      manager_bad_state (const Manager *m, const char *continuation) G_GNUC_NORETURN;

/* The manager whose thread `t` runs `continuation` (G_STRFUNC), which
 * belongs to state `s`; any other state aborts. */
static inline Manager *
manager_expect (KThread *t, ManagerState s, const char *continuation)
{
  Manager *m = t->ctx;
  if (G_UNLIKELY (m->state != s))
    manager_bad_state (m, continuation);
  return m;
}

#endif
