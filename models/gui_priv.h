/* What the GUI files share (gui.c: construction, the event source, the
 * input interrupt, the figures; gui_server.c: the server and its
 * entrypoint; gui_client.c: the clients): the Gui object, one small state
 * machine per thread, and the delivery table the strategy chooses once.
 *
 * Every thread is a state machine: its component struct holds the thread
 * and its state; one continuation per thread switches on the state (the
 * operation that just completed) to one function per step, and each step
 * issues exactly one kernel operation.  States change only through the
 * component's _enter() (fsm.h). */
#ifndef MKSIM_GUI_PRIV_H
#define MKSIM_GUI_PRIV_H

#include <glib.h>

#include "models/fsm.h"
#include "models/gui.h"

#define GUI_NEVER INT64_MAX

typedef enum {
  GUI_DROP_TIMEOUT,    /* ipc-timeout: the client did not receive in time */
  GUI_DROP_OVERFLOW,   /* async-signal: the client's buffer was full; its oldest event went */
  GUI_DROP_DEAD,       /* the client had crashed */
  GUI_DROP_COUNT
} GuiDropCause;

typedef enum { GUI_MSG_INPUT = 1, GUI_MSG_FETCH } GuiMsgLabel;

/* One input event as it waits somewhere: its number and nominal arrival. */
typedef struct {
  uint64_t seq;
  SimTime arrival;
} GuiEvent;

/* A FIFO of events: GArray plus a head index, compacted when half is dead
 * (input backlogs of thousands of events stay cheap). */
typedef struct {
  GArray *a;
  guint head;
} GuiFifo;

/* The event source: constant or random gaps, or bursts. */
typedef struct {
  EventSource cfg;
  RngStream rng;
  SimTime last;           /* arrival of the event drawn last: the next to be queued */
  int burst_pos;          /* index of the next event within the current burst */
  SimTime burst_start;
  uint64_t seq;
} GuiSource;

typedef struct _GuiClient GuiClient;

/* ORDER GuiInputState: gui_input_state_names */
typedef enum {
  GI_NEW,
  GI_SLEEPING,            /* kern_sleep until the next arrival */
  GI_SIGNALLING,          /* sig_submit to the server's input context */
} GuiInputState;

/* ORDER GuiServerState: gui_server_state_names */
typedef enum {
  GS_NEW,
  GS_WAIT_INPUT,          /* sig_wait on the input context: the queue was empty */
  GS_SENDING,             /* ipc_send of the current event to client `next_client` */
  GS_SIGNALLING,          /* sig_submit to client `next_client` after writing its buffer */
} GuiServerState;

/* ORDER GuiEntryState: gui_entry_state_names */
typedef enum {
  GE_NEW,
  GE_RECEIVING,           /* ipc_recv (or reply_recv) on the fetch endpoint */
} GuiEntryState;

/* ORDER GuiClientState: gui_client_state_names */
typedef enum {
  GC_NEW,
  GC_RECEIVING,           /* sync strategies: ipc_recv on its endpoint */
  GC_WAITING,             /* async-signal: sig_wait on its signal context */
  GC_FETCHING,            /* async-signal: ipc_call to the server's entrypoint */
  GC_HANDLING,            /* kern_compute of `handle` for one event */
  GC_BUSY,                /* busy behavior: kern_compute of `compute` after an event */
  GC_IO,                  /* slow behavior with io: waiting for its device after an event */
  GC_HUNG,                /* never receives again */
  GC_DEAD,                /* crashed */
} GuiClientState;

/* The input interrupt: sleeps until each arrival, queues it and signals
 * the server. */
typedef struct {
  Gui *g;
  KThread *t;
  GuiInputState state;
} GuiInput;

/* The server: takes events in order and delivers each to every client. */
typedef struct {
  Gui *g;
  KThread *t;
  GuiServerState state;
  GuiEvent cur;           /* the delivery round in progress */
  bool in_round;          /* it holds `cur` */
  size_t round_left;      /* pairs (cur, client) not yet handed on: delivered,
                             dropped, or written into a client's buffer */
  size_t next_client;
  bool freeze_open;       /* the server blocked during this round */
  SimTime freeze_start;
  bool send_waits;        /* --explain: the send in flight waits for its client */
} GuiServer;

/* async-signal: the server's RPC entrypoint, answering the clients' fetch. */
typedef struct {
  Gui *g;
  KThread *t;             /* NULL under the other strategies */
  GuiEntryState state;
  Endpoint *ep;
} GuiEntry;

struct _GuiClient {
  Gui *g;
  size_t idx;
  const GuiClientConfig *cfg;
  KThread *t;
  GuiClientState state;
  Endpoint *ep;           /* sync strategies */
  SigCtx *sig;            /* async-signal */
  SimTime recv_since;     /* when the current receive was issued */
  SimTime recv_expires;   /* when that receive times out (bounded by the hang); GUI_NEVER: never */
  SimTime hang_at;        /* GUI_NEVER: no timed hang */
  SimTime crash_at;       /* GUI_NEVER: no crash */
  int64_t hang_events;    /* -1: no hang by count */
  int64_t handled;
  int64_t pending;        /* fetched or received events not yet handled */

  /* async-signal: the bounded buffer in the server (a ring of `cap`) */
  GuiEvent *buf;
  int cap, head, len;
  /* async-signal: what its last fetch copied into its session's dataspace */
  GuiEvent *inbox;
  int inbox_len;
};

/* How events reach the clients: the strategy's choice, made once. */
typedef struct {
  /* The server hands its current event to `cl` (one kernel operation). */
  void (*deliver) (GuiServer *s, GuiClient *cl);
  /* Client `cl`, not hung, waits for its next event (one kernel operation). */
  void (*wait) (GuiClient *cl);
  /* What `cl` receives through: an endpoint, or a buffer and a signal. */
  void (*client_open) (Gui *g, GuiClient *cl, const char *name);
  /* Whether the server has an entrypoint for the clients' fetch. */
  bool entry;
} GuiDelivery;

struct _Gui {
  Kernel *k;
  const ScenarioConfig *c;
  const GuiDelivery *how;
  int64_t send_timeout;   /* KERN_NO_TIMEOUT under sync-rpc */

  GuiInput input;
  GuiServer server;
  GuiEntry entry;
  SigCtx *input_sig;

  GuiSource source;
  GuiFifo queue;          /* the server's unbounded input queue */

  GuiClient *clients;
  size_t n_clients;

  /* figures: an event counts if it arrived at or after the warm-up, and its
   * deliveries and drops count with it */
  uint64_t events, delivered;
  uint64_t drops[GUI_DROP_COUNT];
  Stats *latency, *seen_latency;
  int64_t max_freeze;
};

extern const char *const gui_client_state_names[GC_DEAD + 1];
FSM_DEFINE (gui_client, GuiClient, GuiClientState, state, "gui client", gui_client_state_names)

/* --- gui.c --- */
SimTime   gui_now (const Gui *g);
/* Whether what happens at `when` counts in the figures (the warm-up). */
bool      gui_counts (const Gui *g, SimTime when);
/* The server's current event for `cl` is handed on (delivered, dropped or
 * written into its buffer). */
void      gui_round_settle (Gui *g);
/* Takes the oldest queued event into *out; false when none is queued. */
bool      gui_fifo_pop (GuiFifo *f, GuiEvent *out);
/* Counts one delivered event and its latency; `transfer` is the moment the
 * event reached the client (the IPC rendezvous, or the fetch). */
void      gui_record_delivery (Gui *g, GuiClient *cl, SimTime arrival, SimTime transfer);
void      gui_record_drop (Gui *g, GuiClient *cl, GuiEvent e, GuiDropCause cause);
/* The client runs with an event that arrived at `arrival` (seen latency). */
void      gui_record_seen (Gui *g, SimTime arrival);
/* The i-th oldest event in the client's buffer. */
const GuiEvent *gui_buffer_at (const GuiClient *cl, int i);
/* Appends `e`; when the buffer is full the client's oldest event goes,
 * and only the client's. */
void      gui_buffer_put (Gui *g, GuiClient *cl, GuiEvent e);
void      gui_buffer_clear (GuiClient *cl);

/* --- gui_server.c --- */
void      gui_server_start (KThread *t, IpcStatus st);
void      gui_entry_start (KThread *t, IpcStatus st);
void      gui_deliver_by_send (GuiServer *s, GuiClient *cl);
void      gui_deliver_to_buffer (GuiServer *s, GuiClient *cl);

/* --- gui_client.c --- */
void      gui_client_start (KThread *t, IpcStatus st);
void      gui_client_wait_receive (GuiClient *cl);
void      gui_client_wait_signal (GuiClient *cl);
void      gui_client_open_endpoint (Gui *g, GuiClient *cl, const char *name);
void      gui_client_open_buffer (Gui *g, GuiClient *cl, const char *name);
/* Client `i`: its thread in address space `space`, what it receives
 * through and its behavior's hang and crash. */
void      gui_client_init (Gui *g, size_t i, int space);

#endif
