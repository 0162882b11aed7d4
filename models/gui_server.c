/* The GUI server and, under async-signal, its RPC entrypoint.
 *
 * The server takes events in order from its input queue and delivers each
 * to every client in the listed order, by the strategy's GuiDelivery: a send
 * (sync-rpc without timeout, ipc-timeout with one: an expired send drops the
 * event for that client), or a write into the client's bounded buffer and a
 * signal (async-signal).  A delivery round in which the server blocked on a
 * client is a freeze (DESIGN.md "GUI").
 *
 * The server's states: WAIT_INPUT (the queue was empty) -> SENDING or
 * SIGNALLING per client -> the next client ... -> the next event.  The
 * entrypoint (async-signal) answers each client's fetch with the events of
 * its buffer: that copy is their transfer to the client. */
#include "models/gui_priv.h"

/* ORDER GuiServerState */
static const char *const gui_server_state_names[] = {
  [GS_NEW] = "NEW",
  [GS_WAIT_INPUT] = "WAIT_INPUT",
  [GS_SENDING] = "SENDING",
  [GS_SIGNALLING] = "SIGNALLING",
};
FSM_NAMES_CHECK (gui_server_state_names, GS_SIGNALLING);
FSM_DEFINE (gui_server, GuiServer, GuiServerState, state, "gui server", gui_server_state_names)

/* ORDER GuiEntryState */
static const char *const gui_entry_state_names[] = {
  [GE_NEW] = "NEW",
  [GE_RECEIVING] = "RECEIVING",
};
FSM_NAMES_CHECK (gui_entry_state_names, GE_RECEIVING);
FSM_DEFINE (gui_entry, GuiEntry, GuiEntryState, state, "gui entrypoint", gui_entry_state_names)

static void gui_server_step (KThread *t, IpcStatus st);
static void gui_server_take_next (GuiServer *s);

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
gui_server_end_round (GuiServer *s)
{
  Gui *g = s->g;
  g_assert (s->round_left == 0);
  s->in_round = false;
  if (s->freeze_open)
    {
      SimTime now = gui_now (g);
      int64_t len = now - s->freeze_start;
      s->freeze_open = false;
      if (gui_counts (g, now))
        g->max_freeze = MAX (g->max_freeze, len);
      kern_explain (g->k, "gui: server unfrozen after %.3f ms", len / 1e6);
    }
  gui_server_take_next (s);
}

/* Delivers the current event to client `next_client`, or ends the round. */
static void
gui_server_deliver_next (GuiServer *s)
{
  Gui *g = s->g;
  if (s->next_client == g->n_clients)
    {
      gui_server_end_round (s);
      return;
    }
  g->how->deliver (s, &g->clients[s->next_client]);
}

/* The kernel transferred the event to the client: the delivery counts now,
 * whoever runs next (the latency ends at the rendezvous). */
static void
gui_on_transfer (const Msg *m, KThread *receiver)
{
  GuiClient *cl = kern_thread_ctx (receiver);
  Gui *g = cl->g;
  gui_record_delivery (g, cl, m->w[1], gui_now (g));
  gui_round_settle (g);
}

/* sync-rpc, ipc-timeout: sends the current event to `cl`; a send that will
 * block opens the round's freeze. */
void
gui_deliver_by_send (GuiServer *s, GuiClient *cl)
{
  Gui *g = s->g;
  SimTime now = gui_now (g);
  Msg m = { .label = GUI_MSG_INPUT, .on_transfer = gui_on_transfer };
  m.w[0] = (int64_t) s->cur.seq;
  m.w[1] = s->cur.arrival;
  SimTime effect = now + kern_config (g->k)->costs.ipc;
  bool freezes = !s->freeze_open && gui_send_will_block (g, cl, effect);
  if (freezes)
    {
      s->freeze_open = true;
      s->freeze_start = effect;
    }
  if (kern_explaining (g->k))
    {
      s->send_waits = gui_send_will_block (g, cl, effect);
      kern_msg_words (s->t, &m, "%s sends event %" G_GUINT64_FORMAT " to %s%s",
                      kern_thread_name (s->t), s->cur.seq, cl->cfg->name,
                      freezes ? " (the GUI freezes until it is taken)" : "");
    }
  gui_server_enter (s, GS_SENDING);
  ipc_send (s->t, cl->ep, &m, g->send_timeout, gui_server_step);
}

/* async-signal: writes the current event into the buffer of `cl` and
 * signals it; the server never waits for the client. */
void
gui_deliver_to_buffer (GuiServer *s, GuiClient *cl)
{
  Gui *g = s->g;
  if (kern_thread_state (cl->t) == TS_DEAD)
    {
      /* Genode closes a dead client's session: nothing to write to. */
      gui_record_drop (g, cl, s->cur, GUI_DROP_DEAD);
      gui_round_settle (g);
      s->next_client++;
      gui_server_deliver_next (s);
      return;
    }
  gui_buffer_put (g, cl, s->cur);
  gui_round_settle (g);   /* it waits in the client's buffer now */
  gui_server_enter (s, GS_SIGNALLING);
  sig_submit (s->t, cl->sig, gui_server_step);
}

static void
gui_server_on_sent (GuiServer *s, IpcStatus st)
{
  Gui *g = s->g;
  GuiClient *cl = &g->clients[s->next_client];
  switch (st)
    {
    case IPC_OK:
      /* The delivery was counted when the kernel transferred it.  A send
       * that went through at once was told so; one that waited is told
       * now: the client received at last, after its send was issued. */
      if (s->send_waits)
        kern_explain (g->k, "%s takes event %" G_GUINT64_FORMAT " from %s's queue, %.3f ms "
                      "after it arrived", kern_thread_name (cl->t), s->cur.seq,
                      ipc_endpoint_name (cl->ep),
                      (cl->recv_since + kern_config (g->k)->costs.ipc - s->cur.arrival) / 1e6);
      break;
    case IPC_TIMEOUT:
      gui_record_drop (g, cl, s->cur, GUI_DROP_TIMEOUT);
      gui_round_settle (g);
      break;
    case IPC_ABORTED:
      gui_record_drop (g, cl, s->cur, GUI_DROP_DEAD);
      gui_round_settle (g);
      break;
    }
  s->next_client++;
  gui_server_deliver_next (s);
}

static void
gui_server_take_next (GuiServer *s)
{
  Gui *g = s->g;
  if (!gui_fifo_pop (&g->queue, &s->cur))
    {
      gui_server_enter (s, GS_WAIT_INPUT);
      sig_wait (s->t, g->input_sig, gui_server_step);
      return;
    }
  s->in_round = true;
  s->round_left = g->n_clients;
  s->next_client = 0;
  gui_server_deliver_next (s);
}

static void
gui_server_step (KThread *t, IpcStatus st)
{
  GuiServer *s = kern_thread_ctx (t);
  switch (s->state)
    {
    case GS_WAIT_INPUT:
      gui_server_take_next (s);
      return;
    case GS_SENDING:
      gui_server_on_sent (s, st);
      return;
    case GS_SIGNALLING:
      s->next_client++;
      gui_server_deliver_next (s);
      return;
    case GS_NEW:
      break;
    }
  gui_server_bad_state (s, G_STRFUNC);
}

void
gui_server_start (KThread *t, IpcStatus st)
{
  (void) st;
  gui_server_take_next (gui_server_expect (t, GS_NEW, G_STRFUNC));
}

/* --- the entrypoint (async-signal): a client's fetch --- */

static void
gui_entry_got (KThread *t, IpcStatus st)
{
  GuiEntry *e = gui_entry_expect (t, GE_RECEIVING, G_STRFUNC);
  Gui *g = e->g;
  const Msg *in = kern_thread_msg (t);
  g_assert (st == IPC_OK);
  g_assert (in->label == GUI_MSG_FETCH);
  size_t idx = (size_t) in->w[0];
  g_assert (idx < g->n_clients);
  GuiClient *cl = &g->clients[idx];
  /* The events are copied into the session's dataspace now: this is their
   * transfer to the client. */
  SimTime now = gui_now (g);
  Msg reply = { .label = GUI_MSG_FETCH };
  reply.w[0] = cl->len;
  kern_msg_words (t, &reply, "%s answers %s's fetch: %d event%s from its buffer",
                  kern_thread_name (t), kern_thread_name (cl->t), cl->len,
                  cl->len == 1 ? "" : "s");
  cl->inbox_len = cl->len;
  for (int i = 0; i < cl->len; i++)
    {
      cl->inbox[i] = *gui_buffer_at (cl, i);
      gui_record_delivery (g, cl, cl->inbox[i].arrival, now);
    }
  gui_buffer_clear (cl);
  ipc_reply_recv (t, &reply, e->ep, gui_entry_got);
}

void
gui_entry_start (KThread *t, IpcStatus st)
{
  (void) st;
  GuiEntry *e = gui_entry_expect (t, GE_NEW, G_STRFUNC);
  gui_entry_enter (e, GE_RECEIVING);
  ipc_recv (t, e->ep, KERN_NO_TIMEOUT, gui_entry_got);
}
