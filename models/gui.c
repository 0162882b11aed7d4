/* GUI input delivery: the DOpE example of the seed thread, runnable.
 *
 * Threads (all ordinary kernel threads, scheduled like every other):
 *   gui.input[0]   the input interrupt: sleeps until the next arrival of the
 *                  event source, appends the event to the server's input
 *                  queue and submits the server's input signal context;
 *   gui.server[0]  takes events in order and delivers each to every client in
 *                  the listed order, by the scenario's strategy;
 *   gui.ep[0]      (async-signal only) the server's RPC entrypoint, answering
 *                  the clients' fetch of their buffered events;
 *   <client>.main[0] one thread per client: receives (or fetches) events and
 *                  spends `handle` CPU time on each.
 *
 * Why an interrupt thread and a signal context for input: a kernel operation
 * needs a running thread, and in Genode an interrupt reaches a driver as a
 * signal (Irq_session::sigh).  Signals coalesce, so a server frozen for half a
 * second is not sent 25 messages: the events wait in the server's own
 * unbounded queue (the model's state) and the signal only says "look".  The
 * interrupt thread runs at priority 255 so an arrival is noticed at once, as
 * a hardware interrupt would be; its wake-up goes through a kernel timeout, so
 * with kernel.timer_tick > 0 it is noticed at the next tick (like a driver
 * polled from the tick).  Latency always counts from the nominal arrival.
 *
 * Why a separate entrypoint thread under async-signal: the Genode nitpicker of
 * the thread's time (2011) handled input in its main thread and served session
 * RPCs from a separate Rpc_entrypoint thread; the client's Input::Session
 * flush() is an RPC to that entrypoint, which copies the pending events into
 * the dataspace the client reads them from.  It also keeps the input loop -
 * whose freezes we measure - free of client requests, so "the server never
 * waits for a client" is a property of the design, not of a lucky schedule.
 *
 * Strategies: sync-rpc sends without timeout (the server waits for each
 * client), ipc-timeout sends with kernel.ipc_timeout (an expired send drops
 * the event for that client: nothing is transferred), async-signal writes into
 * the client's bounded buffer (an overflow drops that client's oldest event)
 * and submits the client's signal.  local-region-mapper does not apply.
 *
 * Every thread is a state machine: one continuation per thread dispatches on
 * the thread's state (the operation that just completed) to one function per
 * step; each step issues exactly one kernel operation. */
#include "models/gui.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

/* Priority of the input interrupt thread: above every thread of a scenario,
 * as a hardware interrupt is. */
#define GUI_INPUT_PRIORITY KERN_MAX_PRIORITY
#define GUI_NEVER INT64_MAX
/* The input queue drops the events it has handed out once more than this
 * many, and more than half of it, are dead. */
#define GUI_FIFO_COMPACT_AFTER 1024

typedef enum {
  GUI_DROP_TIMEOUT,    /* ipc-timeout: the client did not receive in time */
  GUI_DROP_OVERFLOW,   /* async-signal: the client's buffer was full; its oldest event went */
  GUI_DROP_DEAD,       /* the client had crashed */
  GUI_DROP_COUNT
} GuiDropCause;

static const char *const gui_drop_names[GUI_DROP_COUNT] = {
  /* ORDER GuiDropCause */
  "timeout", "overflow", "dead",
};
G_STATIC_ASSERT (G_N_ELEMENTS (gui_drop_names) == GUI_DROP_COUNT);

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

typedef enum {
  GI_SLEEPING,            /* kern_sleep until the next arrival */
  GI_SIGNALLING,          /* sig_submit to the server's input context */
} GuiInputState;

typedef enum {
  GS_WAIT_INPUT,          /* sig_wait on the input context: the queue was empty */
  GS_SENDING,             /* ipc_send of the current event to client `next_client` */
  GS_SIGNALLING,          /* sig_submit to client `next_client` after writing its buffer */
} GuiServerState;

typedef enum {
  GE_RECEIVING,           /* ipc_recv (or reply_recv) on the fetch endpoint */
} GuiEntryState;

typedef enum {
  GC_RECEIVING,           /* sync strategies: ipc_recv on its endpoint */
  GC_WAITING,             /* async-signal: sig_wait on its signal context */
  GC_FETCHING,            /* async-signal: ipc_call to the server's entrypoint */
  GC_HANDLING,            /* kern_compute of `handle` for one event */
  GC_BUSY,                /* busy behavior: kern_compute of `compute` after an event */
  GC_HUNG,                /* never receives again */
  GC_DEAD,                /* crashed */
} GuiClientState;

typedef struct _GuiClient GuiClient;

struct _Gui {
  Kernel *k;
  const ScenarioConfig *c;
  StrategyKind strategy;
  int64_t send_timeout;   /* KERN_NO_TIMEOUT under sync-rpc */

  KThread *input, *server, *entry;
  GuiInputState input_state;
  GuiServerState server_state;
  GuiEntryState entry_state;
  SigCtx *input_sig;
  Endpoint *fetch_ep;

  GuiSource source;
  GuiFifo queue;          /* the server's unbounded input queue */

  /* the delivery round in progress */
  GuiEvent cur;
  size_t next_client;
  bool freeze_open;       /* the server blocked during this round */
  SimTime freeze_start;

  GuiClient *clients;
  size_t n_clients;

  /* figures (only what completes at or after warmup) */
  uint64_t events, delivered;
  uint64_t drops[GUI_DROP_COUNT];
  Stats *latency;
  int64_t max_freeze;

  /* --explain: the words (Msg.explain) of the server's send and of the
   * entrypoint's answer in flight; whether that send waits for its client */
  char *server_words, *entry_words;
  bool send_waits;
};

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
};

/* --- small helpers --- */

static SimTime
gui_now (const Gui *g)
{
  return kern_now (g->k);
}

static bool
gui_counts (const Gui *g, SimTime when)
{
  return when >= g->c->warmup;
}

static void
gui_explain (Gui *g, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
gui_explain (Gui *g, const char *fmt, ...)
{
  Trace *tr = kern_trace (g->k);
  if (!trace_explaining (tr))
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *s = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  trace_explain (tr, gui_now (g), "%s", s);
}

/* Gives `m` the words of `fmt`, kept in `*slot` (the sending thread's)
 * until its next message, if narration is wanted.  GUI messages are told by
 * the model itself: the kernel only adds how the send went. */
static void
gui_msg_words (Gui *g, char **slot, Msg *m, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static void
gui_msg_words (Gui *g, char **slot, Msg *m, const char *fmt, ...)
{
  if (!trace_explaining (kern_trace (g->k)))
    return;
  va_list ap;
  va_start (ap, fmt);
  g_free (*slot);
  *slot = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  m->explain = *slot;
}

static void
gui_fifo_init (GuiFifo *f)
{
  f->a = g_array_new (FALSE, FALSE, sizeof (GuiEvent));
  f->head = 0;
}

static void
gui_fifo_push (GuiFifo *f, GuiEvent e)
{
  g_array_append_val (f->a, e);
}

static bool
gui_fifo_pop (GuiFifo *f, GuiEvent *out)
{
  if (f->head == f->a->len)
    return false;
  *out = g_array_index (f->a, GuiEvent, f->head);
  f->head++;
  if (f->head == f->a->len)
    {
      g_array_set_size (f->a, 0);
      f->head = 0;
    }
  else if (f->head > GUI_FIFO_COMPACT_AFTER && f->head * 2 > f->a->len)
    {
      g_array_remove_range (f->a, 0, f->head);
      f->head = 0;
    }
  return true;
}

/* The next arrival.  Distribution: the previous arrival plus one gap, so the
 * first event comes one gap after 0.  Burst: `size` events `gap` apart, bursts
 * starting at every, 2 every, ... (the first burst one `every` after 0).  If
 * bursts overlap (size x gap > every), arrivals are kept in order: an event
 * never arrives before its predecessor. */
static SimTime
gui_source_next (GuiSource *s)
{
  SimTime t = 0;
  switch (s->cfg.kind)
    {
    case EVENTS_DIST:
      t = s->last + dist_sample (&s->cfg.gap, &s->rng);
      break;
    case EVENTS_BURST:
      if (s->burst_pos >= MAX (s->cfg.burst_size, 1))
        s->burst_pos = 0;
      if (s->burst_pos == 0)
        s->burst_start += s->cfg.burst_every;
      t = s->burst_start + (SimTime) s->burst_pos * s->cfg.burst_gap;
      s->burst_pos++;
      break;
    }
  t = MAX (t, s->last);
  s->last = t;
  s->seq++;
  return t;
}

/* Counts one delivered event and its latency; `transfer` is the moment the
 * event reached the client (the IPC rendezvous, or the fetch). */
static void
gui_record_delivery (Gui *g, GuiClient *cl, SimTime arrival, SimTime transfer)
{
  if (!gui_counts (g, transfer))
    return;
  g->delivered++;
  stats_add (g->latency, transfer - arrival);
  stats_add (kern_thread_latency (cl->t), transfer - arrival);
}

static void
gui_record_drop (Gui *g, GuiClient *cl, uint64_t seq, GuiDropCause cause)
{
  gui_explain (g, "gui: event %" G_GUINT64_FORMAT " dropped for %s (%s)",
               seq, cl->cfg->name, gui_drop_names[cause]);
  if (gui_counts (g, gui_now (g)))
    g->drops[cause]++;
}

/* --- a client's bounded buffer (async-signal), in the server --- */

/* The i-th oldest event in the buffer. */
static const GuiEvent *
gui_buffer_at (const GuiClient *cl, int i)
{
  return &cl->buf[(cl->head + i) % cl->cap];
}

/* Appends `e`; when the buffer is full the client's oldest event goes,
 * and only the client's. */
static void
gui_buffer_put (Gui *g, GuiClient *cl, GuiEvent e)
{
  if (cl->len == cl->cap)
    {
      gui_record_drop (g, cl, gui_buffer_at (cl, 0)->seq, GUI_DROP_OVERFLOW);
      cl->head = (cl->head + 1) % cl->cap;
      cl->len--;
    }
  cl->buf[(cl->head + cl->len) % cl->cap] = e;
  cl->len++;
}

static void
gui_buffer_clear (GuiClient *cl)
{
  cl->head = 0;
  cl->len = 0;
}

/* --- the input interrupt --- */

static void gui_input_step (KThread *t, IpcStatus st);

/* Sleeps until the next arrival (g->source.last, the event drawn last and
 * not yet queued).  The sleep takes effect after its own kernel cost, so the
 * wake is aimed at the arrival itself; an event already due is queued at once
 * (a burst with gap 0). */
static void
gui_input_sleep (Gui *g)
{
  SimTime now = gui_now (g);
  g->input_state = GI_SLEEPING;
  if (g->source.last <= now)
    {
      gui_input_step (g->input, IPC_OK);
      return;
    }
  int64_t d = g->source.last - now - kern_config (g->k)->costs.ipc;
  kern_sleep (g->input, MAX (d, 0), gui_input_step);
}

/* Appends every event due by now to the server's queue and signals it. */
static void
gui_input_on_wake (Gui *g)
{
  SimTime now = gui_now (g);
  while (g->source.last <= now)
    {
      GuiEvent e = { g->source.seq, g->source.last };
      gui_fifo_push (&g->queue, e);
      if (gui_counts (g, e.arrival))
        g->events++;
      gui_explain (g, "gui: input event %" G_GUINT64_FORMAT " arrives (interrupt; %u queued)",
                   e.seq, g->queue.a->len - g->queue.head);
      gui_source_next (&g->source);
    }
  g->input_state = GI_SIGNALLING;
  sig_submit (g->input, g->input_sig, gui_input_step);
}

static void
gui_input_step (KThread *t, IpcStatus st)
{
  Gui *g = kern_thread_ctx (t);
  (void) st;
  switch (g->input_state)
    {
    case GI_SLEEPING:
      gui_input_on_wake (g);
      return;
    case GI_SIGNALLING:
      gui_input_sleep (g);
      return;
    }
  g_assert_not_reached ();
}

static void
gui_input_start (KThread *t, IpcStatus st)
{
  Gui *g = kern_thread_ctx (t);
  (void) st;
  gui_source_next (&g->source);
  gui_input_sleep (g);
}

/* --- the server --- */

static void gui_server_step (KThread *t, IpcStatus st);
static void gui_server_take_next (Gui *g);
static void gui_server_deliver_next (Gui *g);

/* Whether a send to `cl` that takes effect at `effect` (after its kernel
 * cost) blocks the server.  The server holds the one CPU until then, so no
 * thread moves in between; only engine events can change the client, and
 * two of this model's own may fall in that window: the client's crash (the
 * send is then aborted at once) and the expiry of a receive bounded by its
 * hang time (the send then finds nobody receiving).  Either, when due exactly
 * at `effect`, runs before the send's effect: it was scheduled earlier.
 * Otherwise the client either waits in its receive - and the send transfers
 * at once - or the server will wait in the client's send queue.  (Looking
 * back from the server's continuation cannot tell: a server preempted right
 * after a transfer resumes as late as one that blocked.)  A timeout of 0
 * never waits. */
static bool
gui_send_will_block (const Gui *g, const GuiClient *cl, SimTime effect)
{
  const KThread *ct = cl->t;
  if (g->send_timeout == 0 || kern_thread_state (ct) == TS_DEAD || cl->crash_at <= effect)
    return false;
  bool receiving = kern_thread_receiving (ct) && cl->recv_expires > effect;
  return !receiving;
}

static void
gui_server_end_round (Gui *g)
{
  if (g->freeze_open)
    {
      SimTime now = gui_now (g);
      int64_t len = now - g->freeze_start;
      g->freeze_open = false;
      if (gui_counts (g, now))
        g->max_freeze = MAX (g->max_freeze, len);
      gui_explain (g, "gui: server unfrozen after %.3f ms", len / 1e6);
    }
  gui_server_take_next (g);
}

/* sync-rpc, ipc-timeout: sends the current event to `cl`; a send that will
 * block opens the round's freeze. */
static void
gui_server_send (Gui *g, GuiClient *cl)
{
  SimTime now = gui_now (g);
  Msg m = { .label = GUI_MSG_INPUT };
  m.w[0] = (int64_t) g->cur.seq;
  m.w[1] = g->cur.arrival;
  m.w[2] = now;   /* when the send was issued: the client dates the transfer from it */
  SimTime effect = now + kern_config (g->k)->costs.ipc;
  bool freezes = !g->freeze_open && gui_send_will_block (g, cl, effect);
  if (freezes)
    {
      g->freeze_open = true;
      g->freeze_start = effect;
    }
  if (trace_explaining (kern_trace (g->k)))
    {
      g->send_waits = gui_send_will_block (g, cl, effect);
      gui_msg_words (g, &g->server_words, &m, "%s sends event %" G_GUINT64_FORMAT " to %s%s",
                     kern_thread_name (g->server), g->cur.seq, cl->cfg->name,
                     freezes ? " (the GUI freezes until it is taken)" : "");
    }
  g->server_state = GS_SENDING;
  ipc_send (g->server, cl->ep, &m, g->send_timeout, gui_server_step);
}

/* async-signal: writes the current event into the buffer of `cl` and
 * signals it; the server never waits for the client. */
static void
gui_server_buffer (Gui *g, GuiClient *cl)
{
  if (kern_thread_state (cl->t) == TS_DEAD)
    {
      /* Genode closes a dead client's session: nothing to write to. */
      gui_record_drop (g, cl, g->cur.seq, GUI_DROP_DEAD);
      g->next_client++;
      gui_server_deliver_next (g);
      return;
    }
  gui_buffer_put (g, cl, g->cur);
  g->server_state = GS_SIGNALLING;
  sig_submit (g->server, cl->sig, gui_server_step);
}

/* Delivers the current event to client `next_client`, or ends the round. */
static void
gui_server_deliver_next (Gui *g)
{
  if (g->next_client == g->n_clients)
    {
      gui_server_end_round (g);
      return;
    }
  GuiClient *cl = &g->clients[g->next_client];
  switch (g->strategy)
    {
    case STRATEGY_SYNC_RPC:
    case STRATEGY_IPC_TIMEOUT:
      gui_server_send (g, cl);
      return;
    case STRATEGY_ASYNC_SIGNAL:
      gui_server_buffer (g, cl);
      return;
    case STRATEGY_LOCAL_RM:
    case STRATEGY_COUNT:
      break;
    }
  g_assert_not_reached ();
}

static void
gui_server_on_sent (Gui *g, IpcStatus st)
{
  GuiClient *cl = &g->clients[g->next_client];
  switch (st)
    {
    case IPC_OK:
      /* The client records the delivery when it has the message.  A send
       * that went through at once was told so; one that waited is told
       * now: the client received at last, after its send was issued. */
      if (g->send_waits)
        gui_explain (g, "%s takes event %" G_GUINT64_FORMAT " from %s's queue, %.3f ms after "
                     "it arrived", kern_thread_name (cl->t), g->cur.seq, ipc_endpoint_name (cl->ep),
                     (cl->recv_since + kern_config (g->k)->costs.ipc - g->cur.arrival) / 1e6);
      break;
    case IPC_TIMEOUT:
      gui_record_drop (g, cl, g->cur.seq, GUI_DROP_TIMEOUT);
      break;
    case IPC_ABORTED:
      gui_record_drop (g, cl, g->cur.seq, GUI_DROP_DEAD);
      break;
    }
  g->next_client++;
  gui_server_deliver_next (g);
}

static void
gui_server_take_next (Gui *g)
{
  if (!gui_fifo_pop (&g->queue, &g->cur))
    {
      g->server_state = GS_WAIT_INPUT;
      sig_wait (g->server, g->input_sig, gui_server_step);
      return;
    }
  g->next_client = 0;
  gui_server_deliver_next (g);
}

static void
gui_server_step (KThread *t, IpcStatus st)
{
  Gui *g = kern_thread_ctx (t);
  switch (g->server_state)
    {
    case GS_WAIT_INPUT:
      gui_server_take_next (g);
      return;
    case GS_SENDING:
      gui_server_on_sent (g, st);
      return;
    case GS_SIGNALLING:
      g->next_client++;
      gui_server_deliver_next (g);
      return;
    }
  g_assert_not_reached ();
}

static void
gui_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  gui_server_take_next (kern_thread_ctx (t));
}

/* --- the entrypoint (async-signal): a client's fetch --- */

static void
gui_entry_step (KThread *t, IpcStatus st)
{
  Gui *g = kern_thread_ctx (t);
  switch (g->entry_state)
    {
    case GE_RECEIVING:
      {
        g_assert (st == IPC_OK);
        g_assert (kern_thread_msg (t)->label == GUI_MSG_FETCH);
        size_t idx = (size_t) kern_thread_msg (t)->w[0];
        g_assert (idx < g->n_clients);
        GuiClient *cl = &g->clients[idx];
        /* The events are copied into the session's dataspace now: this is
         * their transfer to the client. */
        SimTime now = gui_now (g);
        Msg reply = { .label = GUI_MSG_FETCH };
        reply.w[0] = cl->len;
        gui_msg_words (g, &g->entry_words, &reply, "%s answers %s's fetch: %d event%s from "
                       "its buffer", kern_thread_name (t), kern_thread_name (cl->t), cl->len, cl->len == 1 ? "" : "s");
        for (int i = 0; i < cl->len; i++)
          gui_record_delivery (g, cl, gui_buffer_at (cl, i)->arrival, now);
        gui_buffer_clear (cl);
        ipc_reply_recv (t, &reply, g->fetch_ep, gui_entry_step);
        return;
      }
    }
  g_assert_not_reached ();
}

static void
gui_entry_start (KThread *t, IpcStatus st)
{
  Gui *g = kern_thread_ctx (t);
  (void) st;
  g->entry_state = GE_RECEIVING;
  ipc_recv (t, g->fetch_ep, KERN_NO_TIMEOUT, gui_entry_step);
}

/* --- clients --- */

static void gui_client_step (KThread *t, IpcStatus st);

/* A hang after N events comes after exactly N. */
static bool
gui_client_handled_enough (const GuiClient *cl)
{
  return cl->hang_events >= 0 && cl->handled >= cl->hang_events;
}

static void
gui_client_hang (GuiClient *cl)
{
  gui_explain (cl->g, "gui: client %s hangs (never receives again)", cl->cfg->name);
  cl->state = GC_HUNG;
  kern_hang (cl->t);
}

/* Waits for the next event: receive (sync strategies) or the signal
 * (async-signal); a client whose hang is due hangs instead. */
static void
gui_client_receive (GuiClient *cl)
{
  Gui *g = cl->g;
  SimTime now = gui_now (g);
  if (now >= cl->hang_at || gui_client_handled_enough (cl))
    {
      gui_client_hang (cl);
      return;
    }
  switch (g->strategy)
    {
    case STRATEGY_SYNC_RPC:
    case STRATEGY_IPC_TIMEOUT:
      {
        /* A receive already waiting at the hang time must not take a later
         * event: it ends at the hang time exactly (the server's send needs
         * to know when). */
        cl->state = GC_RECEIVING;
        cl->recv_since = now;
        cl->recv_expires = cl->hang_at;
        if (cl->hang_at == GUI_NEVER)
          ipc_recv (cl->t, cl->ep, KERN_NO_TIMEOUT, gui_client_step);
        else
          ipc_recv_until (cl->t, cl->ep, cl->hang_at, gui_client_step);
        return;
      }
    case STRATEGY_ASYNC_SIGNAL:
      cl->state = GC_WAITING;
      sig_wait (cl->t, cl->sig, gui_client_step);
      return;
    case STRATEGY_LOCAL_RM:
    case STRATEGY_COUNT:
      break;
    }
  g_assert_not_reached ();
}

static void
gui_client_handle_next (GuiClient *cl)
{
  /* Also when the last fetch (async-signal) brought more. */
  if (gui_client_handled_enough (cl))
    {
      gui_client_hang (cl);
      return;
    }
  if (cl->pending == 0)
    {
      gui_client_receive (cl);
      return;
    }
  cl->pending--;
  cl->state = GC_HANDLING;
  /* a slow client handles with its behavior's distribution instead */
  const Dist *d = cl->cfg->behavior.kind == BEHAVIOR_SLOW ? &cl->cfg->behavior.service
                                                          : &cl->cfg->handle;
  kern_compute (cl->t, dist_sample (d, kern_thread_rng (cl->t)), gui_client_step);
}

static void
gui_client_on_event (GuiClient *cl, IpcStatus st)
{
  switch (st)
    {
    case IPC_OK:
      {
        const Msg *m = kern_thread_msg (cl->t);
        g_assert (m->label == GUI_MSG_INPUT);
        /* The rendezvous happened when the later of the two operations took
         * effect (after its kernel cost): the server's send, or our receive. */
        SimTime transfer = MAX (cl->recv_since, (SimTime) m->w[2])
                           + kern_config (cl->g->k)->costs.ipc;
        gui_record_delivery (cl->g, cl, m->w[1], transfer);
        cl->pending = 1;
        gui_client_handle_next (cl);
        return;
      }
    case IPC_TIMEOUT:     /* the receive bounded by the hang time expired */
    case IPC_ABORTED:
      gui_client_receive (cl);
      return;
    }
  g_assert_not_reached ();
}

static void
gui_client_on_signal (GuiClient *cl)
{
  Gui *g = cl->g;
  if (gui_now (g) >= cl->hang_at)
    {
      gui_client_hang (cl);
      return;
    }
  /* Told by the entrypoint's answer. */
  Msg m = { .label = GUI_MSG_FETCH, .explain = "" };
  m.w[0] = (int64_t) cl->idx;
  cl->state = GC_FETCHING;
  ipc_call (cl->t, g->fetch_ep, &m, KERN_NO_TIMEOUT, gui_client_step);
}

static void
gui_client_on_fetched (GuiClient *cl, IpcStatus st)
{
  switch (st)
    {
    case IPC_OK:
      cl->pending = kern_thread_msg (cl->t)->w[0];
      gui_client_handle_next (cl);
      return;
    case IPC_TIMEOUT:
    case IPC_ABORTED:
      gui_client_receive (cl);
      return;
    }
  g_assert_not_reached ();
}

static void
gui_client_on_handled (GuiClient *cl)
{
  cl->handled++;
  switch (cl->cfg->behavior.kind)
    {
    case BEHAVIOR_BUSY:
      cl->state = GC_BUSY;
      kern_compute (cl->t, dist_sample (&cl->cfg->behavior.compute, kern_thread_rng (cl->t)),
                    gui_client_step);
      return;
    case BEHAVIOR_OK:
    case BEHAVIOR_SLOW:
    case BEHAVIOR_HANG:
    case BEHAVIOR_CRASH:
      gui_client_handle_next (cl);
      return;
    }
  g_assert_not_reached ();
}

static void
gui_client_step (KThread *t, IpcStatus st)
{
  GuiClient *cl = kern_thread_ctx (t);
  switch (cl->state)
    {
    case GC_RECEIVING:
      gui_client_on_event (cl, st);
      return;
    case GC_WAITING:
      gui_client_on_signal (cl);
      return;
    case GC_FETCHING:
      gui_client_on_fetched (cl, st);
      return;
    case GC_HANDLING:
      gui_client_on_handled (cl);
      return;
    case GC_BUSY:
      gui_client_handle_next (cl);
      return;
    case GC_HUNG:
    case GC_DEAD:
      break;     /* neither ever runs again */
    }
  g_assert_not_reached ();
}

static void
gui_client_start (KThread *t, IpcStatus st)
{
  (void) st;
  gui_client_receive (kern_thread_ctx (t));
}

/* An engine event at the crash time: the client dies wherever it is.  Under
 * async-signal the events still in its buffer are never fetched: they are
 * lost with it (cause "dead"), as every later one is. */
static void
gui_client_crash (void *data)
{
  GuiClient *cl = data;
  if (kern_thread_state (cl->t) == TS_DEAD)
    return;
  gui_explain (cl->g, "gui: client %s crashes", cl->cfg->name);
  cl->state = GC_DEAD;
  kern_kill (cl->t);
  for (int i = 0; i < cl->len; i++)
    gui_record_drop (cl->g, cl, gui_buffer_at (cl, i)->seq, GUI_DROP_DEAD);
  gui_buffer_clear (cl);
}

/* --- construction and results --- */

/* Client `i`: its thread in address space `space`, what it receives
 * through (an endpoint, or a buffer and a signal context) and its
 * behavior's hang and crash. */
static void
gui_client_init (Gui *g, size_t i, int space)
{
  Kernel *k = g->k;
  GuiClient *cl = &g->clients[i];
  const GuiClientConfig *cc = &g->c->gui.clients[i];
  cl->g = g;
  cl->idx = i;
  cl->cfg = cc;
  cl->hang_at = GUI_NEVER;
  cl->crash_at = GUI_NEVER;
  cl->recv_expires = GUI_NEVER;
  cl->hang_events = -1;
  if (cc->behavior.kind == BEHAVIOR_HANG)
    {
      /* `after` is a time; without it, the number of events handled
       * before hanging (`faults`; 0 = hung from the start) */
      if (cc->behavior.has_after)
        cl->hang_at = cc->behavior.after;
      else
        cl->hang_events = cc->behavior.faults;
    }
  cl->t = kern_thread_new (k, cc->name, "main", 0, space, ROLE_GUI_CLIENT, cc->priority,
                           gui_client_start, cl);
  g_autofree char *name = g_strdup_printf ("gui/%s", cc->name);
  switch (g->strategy)
    {
    case STRATEGY_SYNC_RPC:
    case STRATEGY_IPC_TIMEOUT:
      cl->ep = ipc_endpoint_new (k, name);
      ipc_endpoint_add_server (cl->ep, cl->t);
      break;
    case STRATEGY_ASYNC_SIGNAL:
      cl->sig = sig_ctx_new (k, name);
      cl->cap = MAX (g->c->gui.buffer, 1);
      cl->buf = g_new0 (GuiEvent, cl->cap);
      break;
    case STRATEGY_LOCAL_RM:
    case STRATEGY_COUNT:
      g_assert_not_reached ();
    }
  if (cc->behavior.kind == BEHAVIOR_CRASH)
    {
      cl->crash_at = cc->behavior.after;
      sim_schedule (kern_engine (k), cl->crash_at, gui_client_crash, cl);
    }
}

Gui *
gui_new (Kernel *k, const ScenarioConfig *c)
{
  g_return_val_if_fail (c->gui.present, NULL);
  if (c->strategy == STRATEGY_LOCAL_RM)
    g_error ("gui: local-region-mapper does not apply to GUI input delivery "
             "(there is no region mapper between a GUI server and its clients); "
             "the scenario loader must reject a gui under this strategy");

  Gui *g = g_new0 (Gui, 1);
  g->k = k;
  g->c = c;
  g->strategy = c->strategy;
  g->send_timeout = c->strategy == STRATEGY_IPC_TIMEOUT ? c->kernel.ipc_timeout : KERN_NO_TIMEOUT;
  g->latency = stats_new ();
  gui_fifo_init (&g->queue);
  g->source.cfg = c->gui.events;
  sim_rng (kern_engine (k), &g->source.rng, "gui/events");
  g->input_sig = sig_ctx_new (k, "gui/input");

  /* Address spaces: the GUI and its clients come after the scenario's
   * processes and the managers' spaces (models/manager.c), so their ids
   * never collide. */
  int space = (int) (c->n_processes + c->n_managers);
  g->input = kern_thread_new (k, "gui", "input", 0, space, ROLE_GUI_SERVER,
                              GUI_INPUT_PRIORITY, gui_input_start, g);
  g->server = kern_thread_new (k, "gui", "server", 0, space, ROLE_GUI_SERVER,
                               c->gui.priority, gui_server_start, g);
  if (c->strategy == STRATEGY_ASYNC_SIGNAL)
    {
      g->fetch_ep = ipc_endpoint_new (k, "gui/input-session");
      g->entry = kern_thread_new (k, "gui", "ep", 0, space, ROLE_GUI_SERVER,
                                  c->gui.priority, gui_entry_start, g);
      ipc_endpoint_add_server (g->fetch_ep, g->entry);
    }

  g->n_clients = c->gui.n_clients;
  g->clients = g_new0 (GuiClient, g->n_clients);
  for (size_t i = 0; i < g->n_clients; i++)
    gui_client_init (g, i, space + 1 + (int) i);
  return g;
}

void
gui_collect (Gui *g, RunResult *r)
{
  SimTime end = gui_now (g);
  /* a freeze still open at the end counts up to the end */
  if (g->freeze_open)
    g->max_freeze = MAX (g->max_freeze, end - g->freeze_start);
  /* Events that arrived by the end while the interrupt thread was still
   * being switched in were not queued yet; they arrived all the same, and
   * whether they count must not depend on who ran last. */
  while (g->source.seq > 0 && g->source.last <= end)
    {
      if (gui_counts (g, g->source.last))
        g->events++;
      gui_source_next (&g->source);
    }

  r->gui.events = g->events;
  r->gui.delivered = g->delivered;
  r->gui.dropped = 0;
  r->gui.n_drop_causes = GUI_DROP_COUNT;
  r->gui.dropped_by_cause = g_new0 (DropCause, GUI_DROP_COUNT);
  for (int i = 0; i < GUI_DROP_COUNT; i++)
    {
      r->gui.dropped += g->drops[i];
      r->gui.dropped_by_cause[i].cause = g_strdup (gui_drop_names[i]);
      r->gui.dropped_by_cause[i].count = g->drops[i];
    }
  stats_summary (g->latency, &r->gui.latency);
  r->gui.jitter_ns = r->gui.latency.p99 - r->gui.latency.p50;
  r->gui.max_freeze_ns = g->max_freeze;

  /* right after stats_summary the sample view is sorted: the CDF wants it so */
  size_t n = 0;
  const int64_t *s = stats_samples (g->latency, &n);
  r->gui.n_samples = n;
  r->gui.samples = n ? g_memdup2 (s, n * sizeof *s) : NULL;
}

void
gui_free (Gui *g)
{
  if (g == NULL)
    return;
  for (size_t i = 0; i < g->n_clients; i++)
    g_free (g->clients[i].buf);
  g_free (g->clients);
  g_array_free (g->queue.a, TRUE);
  stats_free (g->latency);
  g_free (g->server_words);
  g_free (g->entry_words);
  g_free (g);
}
