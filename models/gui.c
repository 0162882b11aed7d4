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
 * Every thread is a state machine (gui_priv.h).  This file holds what they
 * share: the event source, the input interrupt, the clients' buffers, the
 * delivery tables, construction and the figures; the server and its
 * entrypoint are in gui_server.c, the clients in gui_client.c. */
#include "models/gui_priv.h"

#include <string.h>

/* Priority of the input interrupt thread: above every thread of a scenario,
 * as a hardware interrupt is. */
#define GUI_INPUT_PRIORITY KERN_MAX_PRIORITY
/* The input queue drops the events it has handed out once more than this
 * many, and more than half of it, are dead. */
#define GUI_FIFO_COMPACT_AFTER 1024
/* Events the server's input queue may hold before the run is stopped: input
 * faster than the server can ever deliver (an event every nanosecond) would
 * otherwise grow it until memory runs out.  16 MB. */
#define GUI_MAX_QUEUED 1000000

static const char *const gui_drop_names[GUI_DROP_COUNT] = {
  /* ORDER GuiDropCause */
  "timeout", "overflow", "dead",
};
G_STATIC_ASSERT (G_N_ELEMENTS (gui_drop_names) == GUI_DROP_COUNT);

/* ORDER GuiInputState */
static const char *const gui_input_state_names[] = {
  [GI_NEW] = "NEW",
  [GI_SLEEPING] = "SLEEPING",
  [GI_SIGNALLING] = "SIGNALLING",
};
FSM_NAMES_CHECK (gui_input_state_names, GI_SIGNALLING);
FSM_DEFINE (gui_input, GuiInput, GuiInputState, state, "gui input", gui_input_state_names)

/* --- small helpers --- */

SimTime
gui_now (const Gui *g)
{
  return kern_now (g->k);
}

bool
gui_counts (const Gui *g, SimTime when)
{
  return when >= g->c->warmup;
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

bool
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

void
gui_round_settle (Gui *g)
{
  g_assert (g->server.in_round && g->server.round_left > 0);
  g->server.round_left--;
}

void
gui_record_delivery (Gui *g, GuiClient *cl, SimTime arrival, SimTime transfer)
{
  if (!gui_counts (g, arrival))
    return;
  g->delivered++;
  stats_add (g->latency, transfer - arrival);
  stats_add (kern_thread_latency (cl->t), transfer - arrival);
}

void
gui_record_drop (Gui *g, GuiClient *cl, GuiEvent e, GuiDropCause cause)
{
  kern_explain (g->k, "gui: event %" G_GUINT64_FORMAT " dropped for %s (%s)",
               e.seq, cl->cfg->name, gui_drop_names[cause]);
  if (gui_counts (g, e.arrival))
    g->drops[cause]++;
}

void
gui_record_seen (Gui *g, SimTime arrival)
{
  if (gui_counts (g, arrival))
    stats_add (g->seen_latency, gui_now (g) - arrival);
}

/* --- a client's bounded buffer (async-signal), in the server --- */

const GuiEvent *
gui_buffer_at (const GuiClient *cl, int i)
{
  return &cl->buf[(cl->head + i) % cl->cap];
}

void
gui_buffer_put (Gui *g, GuiClient *cl, GuiEvent e)
{
  if (cl->len == cl->cap)
    {
      gui_record_drop (g, cl, *gui_buffer_at (cl, 0), GUI_DROP_OVERFLOW);
      cl->head = (cl->head + 1) % cl->cap;
      cl->len--;
    }
  cl->buf[(cl->head + cl->len) % cl->cap] = e;
  cl->len++;
}

void
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
gui_input_sleep (GuiInput *in)
{
  Gui *g = in->g;
  SimTime now = gui_now (g);
  gui_input_enter (in, GI_SLEEPING);
  if (g->source.last <= now)
    {
      gui_input_step (in->t, IPC_OK);
      return;
    }
  int64_t d = g->source.last - now - kern_config (g->k)->costs.ipc;
  kern_sleep (in->t, MAX (d, 0), gui_input_step);
}

/* Appends every event due by now to the server's queue and signals it. */
static void
gui_input_on_wake (GuiInput *in)
{
  Gui *g = in->g;
  SimTime now = gui_now (g);
  while (g->source.last <= now)
    {
      GuiEvent e = { g->source.seq, g->source.last };
      if (g->queue.a->len - g->queue.head >= GUI_MAX_QUEUED)
        {
          kern_stop (g->k, "gui: %d input events wait in the server's queue: input comes "
                     "faster than the server can deliver it to its clients, and the queue "
                     "would grow without bound (space the events out, or make delivery "
                     "cheaper)", GUI_MAX_QUEUED);
          break;
        }
      gui_fifo_push (&g->queue, e);
      if (gui_counts (g, e.arrival))
        g->events++;
      kern_explain (g->k, "gui: input event %" G_GUINT64_FORMAT " arrives (interrupt; %u "
                    "queued)", e.seq, g->queue.a->len - g->queue.head);
      gui_source_next (&g->source);
    }
  gui_input_enter (in, GI_SIGNALLING);
  sig_submit (in->t, g->input_sig, gui_input_step);
}

static void
gui_input_step (KThread *t, IpcStatus st)
{
  GuiInput *in = kern_thread_ctx (t);
  (void) st;
  switch (in->state)
    {
    case GI_SLEEPING:
      gui_input_on_wake (in);
      return;
    case GI_SIGNALLING:
      gui_input_sleep (in);
      return;
    case GI_NEW:
      break;
    }
  gui_input_bad_state (in, G_STRFUNC);
}

static void
gui_input_start (KThread *t, IpcStatus st)
{
  (void) st;
  GuiInput *in = gui_input_expect (t, GI_NEW, G_STRFUNC);
  gui_source_next (&in->g->source);
  gui_input_sleep (in);
}

/* --- how events reach the clients --- */

static const GuiDelivery gui_by_send = {
  .deliver = gui_deliver_by_send,
  .wait = gui_client_wait_receive,
  .client_open = gui_client_open_endpoint,
  .entry = false,
};

static const GuiDelivery gui_by_buffer = {
  .deliver = gui_deliver_to_buffer,
  .wait = gui_client_wait_signal,
  .client_open = gui_client_open_buffer,
  .entry = true,
};

/* sync-rpc: a send without timeout; ipc-timeout: with kernel.ipc_timeout;
 * async-signal: the client's buffer and a signal. */
static const GuiDelivery *
gui_delivery (StrategyKind s)
{
  switch (s)
    {
    case STRATEGY_SYNC_RPC:
    case STRATEGY_IPC_TIMEOUT:
      return &gui_by_send;
    case STRATEGY_ASYNC_SIGNAL:
      return &gui_by_buffer;
    case STRATEGY_LOCAL_RM:
    case STRATEGY_COUNT:
      break;
    }
  g_error ("gui: local-region-mapper does not apply to GUI input delivery "
           "(there is no region mapper between a GUI server and its clients); "
           "the scenario loader must reject a gui under this strategy");
}

/* --- construction and results --- */

Gui *
gui_new (Kernel *k, const ScenarioConfig *c)
{
  g_return_val_if_fail (c->gui.present, NULL);
  Gui *g = g_new0 (Gui, 1);
  g->k = k;
  g->c = c;
  g->how = gui_delivery (c->strategy);
  g->send_timeout = c->strategy == STRATEGY_IPC_TIMEOUT ? c->kernel.ipc_timeout : KERN_NO_TIMEOUT;
  g->latency = stats_new ();
  g->seen_latency = stats_new ();
  gui_fifo_init (&g->queue);
  g->source.cfg = c->gui.events;
  sim_rng (kern_engine (k), &g->source.rng, "gui/events");
  g->input_sig = sig_ctx_new (k, "gui/input");

  /* Address spaces: the GUI and its clients come after the scenario's
   * processes and the managers' spaces, so their ids never collide. */
  int space = (int) (c->n_processes + c->n_managers);
  int cpu = config_cpu_of (&c->gui.cpu, 0, kern_cpus (k));
  g->input = (GuiInput) { .g = g };
  gui_input_enter (&g->input, GI_NEW);
  g->input.t = kern_thread_new_on (k, cpu, "gui", "input", 0, space, ROLE_GUI_SERVER,
                                GUI_INPUT_PRIORITY, gui_input_start, &g->input);
  g->server = (GuiServer) { .g = g, .state = GS_NEW };
  g->server.t = kern_thread_new_on (k, cpu, "gui", "server", 0, space, ROLE_GUI_SERVER,
                                 c->gui.priority, gui_server_start, &g->server);
  g->entry = (GuiEntry) { .g = g, .state = GE_NEW };
  if (g->how->entry)
    {
      g->entry.ep = ipc_endpoint_new (k, "gui/input-session");
      g->entry.t = kern_thread_new_on (k, cpu, "gui", "ep", 0, space, ROLE_GUI_SERVER,
                                    c->gui.priority, gui_entry_start, &g->entry);
      ipc_endpoint_add_server (g->entry.ep, g->entry.t);
    }

  g->n_clients = c->gui.n_clients;
  g->clients = g_new0 (GuiClient, g->n_clients);
  for (size_t i = 0; i < g->n_clients; i++)
    gui_client_init (g, i, space + 1 + (int) i);
  return g;
}

/* Deliveries neither made nor dropped at the end: the pairs (event, client)
 * of every counted event still queued for the server, of the event it is
 * delivering, and of the events in the clients' buffers (async-signal). */
static uint64_t
gui_pending (const Gui *g, uint64_t unqueued)
{
  uint64_t pairs = unqueued * g->n_clients;
  for (guint i = g->queue.head; i < g->queue.a->len; i++)
    if (gui_counts (g, g_array_index (g->queue.a, GuiEvent, i).arrival))
      pairs += g->n_clients;
  if (g->server.in_round && gui_counts (g, g->server.cur.arrival))
    pairs += g->server.round_left;
  for (size_t c = 0; c < g->n_clients; c++)
    for (int i = 0; i < g->clients[c].len; i++)
      pairs += gui_counts (g, gui_buffer_at (&g->clients[c], i)->arrival);
  return pairs;
}

void
gui_collect (Gui *g, RunResult *r)
{
  SimTime end = gui_now (g);
  /* a freeze still open at the end counts up to the end */
  if (g->server.freeze_open)
    g->max_freeze = MAX (g->max_freeze, end - g->server.freeze_start);
  /* Events that arrived before the end while the interrupt thread was still
   * being switched in were not queued yet; they arrived all the same, and
   * whether they count must not depend on who ran last.  The run is
   * [0, end): an event due at the end does not arrive. */
  uint64_t unqueued = 0;
  while (g->source.seq > 0 && g->source.last < end)
    {
      if (gui_counts (g, g->source.last))
        {
          g->events++;
          unqueued++;
        }
      gui_source_next (&g->source);
    }

  r->gui.events = g->events;
  r->gui.delivered = g->delivered;
  r->gui.pending = gui_pending (g, unqueued);
  r->gui.dropped = 0;
  r->gui.n_drop_causes = GUI_DROP_COUNT;
  r->gui.dropped_by_cause = g_new0 (DropCause, GUI_DROP_COUNT);
  for (int i = 0; i < GUI_DROP_COUNT; i++)
    {
      r->gui.dropped += g->drops[i];
      r->gui.dropped_by_cause[i].cause = g_strdup (gui_drop_names[i]);
      r->gui.dropped_by_cause[i].count = g->drops[i];
    }
  stats_summary (g->seen_latency, &r->gui.seen_latency);
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
    {
      g_free (g->clients[i].buf);
      g_free (g->clients[i].inbox);
    }
  g_free (g->clients);
  g_array_free (g->queue.a, TRUE);
  stats_free (g->latency);
  stats_free (g->seen_latency);
  g_free (g);
}
