/* Dataspace managers: their backing store (resident blocks, FIFO eviction,
 * exclusive holders), behaviors (ok, slow, hang, crash), serving a request
 * (service time, nested touch of the backing dataspace) and the request loop
 * used by the synchronous strategies (models/manager.c). */
#ifndef MKSIM_MANAGER_H
#define MKSIM_MANAGER_H

#include "models/paging_int.h"

void      manager_setup (Paging *p);
bool      store_needs_work (const DsState *d, int64_t block, int space);
/* The manager makes the block available to `space`: FIFO eviction and
 * exclusive revocation; returns the kernel work this causes, in ns. */
int64_t   store_provide (Paging *p, DsState *d, int64_t block, int space);
/* Serves m->req (service time, nested touch, eviction), then `done`. */
void      manager_serve (Manager *m, KStepFn done);
bool      manager_should_hang (Manager *m);
/* Receive timeout that ends at the hang time (KERN_NO_TIMEOUT: none). */
int64_t   manager_recv_timeout (Manager *m);
/* The request-serving loop of sync-rpc, ipc-timeout and local-rm. */
void      manager_server_start (KThread *t, IpcStatus st);
/* A request endpoint per manager (the synchronous strategies). */
void      manager_endpoints_new (Paging *p);

#endif
