/* The GUI's clients: one thread each, which receives (sync strategies) or
 * fetches (async-signal) its events and spends `handle` CPU time on each,
 * at its own priority.  Behaviors: ok, busy (computes after each event),
 * slow (another handle distribution), hang (after a time or exactly N
 * events), crash.
 *
 * A client's states: RECEIVING or WAITING -> [FETCHING] -> HANDLING ->
 * [BUSY] -> HANDLING ... -> RECEIVING or WAITING; HUNG and DEAD for good. */
#include "models/gui_priv.h"

/* ORDER GuiClientState */
const char *const gui_client_state_names[GC_DEAD + 1] = {
  [GC_NEW] = "NEW",
  [GC_RECEIVING] = "RECEIVING",
  [GC_WAITING] = "WAITING",
  [GC_FETCHING] = "FETCHING",
  [GC_HANDLING] = "HANDLING",
  [GC_BUSY] = "BUSY",
  [GC_IO] = "IO",
  [GC_HUNG] = "HUNG",
  [GC_DEAD] = "DEAD",
};
FSM_NAMES_CHECK (gui_client_state_names, GC_DEAD);

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
  kern_explain (cl->g->k, "gui: client %s hangs (never receives again)", cl->cfg->name);
  gui_client_enter (cl, GC_HUNG);
  kern_misbehave (cl->t, MISBEHAVIOR_HANG);
  kern_hang (cl->t);
}

/* Waits for the next event; a client whose hang is due hangs instead. */
static void
gui_client_receive (GuiClient *cl)
{
  if (gui_now (cl->g) >= cl->hang_at || gui_client_handled_enough (cl))
    {
      gui_client_hang (cl);
      return;
    }
  cl->g->how->wait (cl);
}

/* sync-rpc, ipc-timeout.  A receive already waiting at the hang time must
 * not take a later event: it ends at the hang time exactly (the server's
 * send needs to know when). */
void
gui_client_wait_receive (GuiClient *cl)
{
  gui_client_enter (cl, GC_RECEIVING);
  cl->recv_since = gui_now (cl->g);
  cl->recv_expires = cl->hang_at;
  if (cl->hang_at == GUI_NEVER)
    ipc_recv (cl->t, cl->ep, KERN_NO_TIMEOUT, gui_client_step);
  else
    ipc_recv_until (cl->t, cl->ep, cl->hang_at, gui_client_step);
}

/* async-signal: the server's signal says events are in the buffer. */
void
gui_client_wait_signal (GuiClient *cl)
{
  gui_client_enter (cl, GC_WAITING);
  sig_wait (cl->t, cl->sig, gui_client_step);
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
  gui_client_enter (cl, GC_HANDLING);
  /* a slow client handles with its behavior's distribution instead */
  const Behavior *b = &cl->cfg->behavior;
  const Dist *d = b->kind == BEHAVIOR_SLOW && b->has_service ? &b->service : &cl->cfg->handle;
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
        /* Its delivery was counted at the transfer; now it runs with it. */
        gui_record_seen (cl->g, m->w[1]);
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
  gui_client_enter (cl, GC_FETCHING);
  ipc_call (cl->t, g->entry.ep, &m, KERN_NO_TIMEOUT, gui_client_step);
}

static void
gui_client_on_fetched (GuiClient *cl, IpcStatus st)
{
  switch (st)
    {
    case IPC_OK:
      cl->pending = kern_thread_msg (cl->t)->w[0];
      g_assert (cl->pending == cl->inbox_len);
      for (int i = 0; i < cl->inbox_len; i++)
        gui_record_seen (cl->g, cl->inbox[i].arrival);
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
      gui_client_enter (cl, GC_BUSY);
      kern_compute (cl->t, dist_sample (&cl->cfg->behavior.compute, kern_thread_rng (cl->t)),
                    gui_client_step);
      return;
    case BEHAVIOR_SLOW:
      if (cl->cfg->behavior.has_io)
        {
          gui_client_enter (cl, GC_IO);
          kern_io (cl->t, dist_sample (&cl->cfg->behavior.io, kern_thread_rng (cl->t)),
                   gui_client_step);
          return;
        }
      gui_client_handle_next (cl);
      return;
    case BEHAVIOR_OK:
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
    case GC_IO:
      gui_client_handle_next (cl);
      return;
    case GC_NEW:
    case GC_HUNG:
    case GC_DEAD:
      break;     /* the last two never run again */
    }
  gui_client_bad_state (cl, G_STRFUNC);
}

void
gui_client_start (KThread *t, IpcStatus st)
{
  (void) st;
  gui_client_receive (gui_client_expect (t, GC_NEW, G_STRFUNC));
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
  kern_explain (cl->g->k, "gui: client %s crashes", cl->cfg->name);
  gui_client_enter (cl, GC_DEAD);
  kern_misbehave (cl->t, MISBEHAVIOR_CRASH);
  kern_kill (cl->t);
  for (int i = 0; i < cl->len; i++)
    gui_record_drop (cl->g, cl, *gui_buffer_at (cl, i), GUI_DROP_DEAD);
  gui_buffer_clear (cl);
}

/* --- construction --- */

void
gui_client_open_endpoint (Gui *g, GuiClient *cl, const char *name)
{
  cl->ep = ipc_endpoint_new (g->k, name);
  ipc_endpoint_add_server (cl->ep, cl->t);
}

void
gui_client_open_buffer (Gui *g, GuiClient *cl, const char *name)
{
  cl->sig = sig_ctx_new (g->k, name);
  cl->cap = MAX (g->c->gui.buffer, 1);
  cl->buf = g_new0 (GuiEvent, cl->cap);
  cl->inbox = g_new0 (GuiEvent, cl->cap);
}

void
gui_client_init (Gui *g, size_t i, int space)
{
  Kernel *k = g->k;
  GuiClient *cl = &g->clients[i];
  const GuiClientConfig *cc = &g->c->gui.clients[i];
  cl->g = g;
  cl->idx = i;
  cl->cfg = cc;
  gui_client_enter (cl, GC_NEW);
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
  cl->t = kern_thread_new_on (k, config_cpu_of (&cc->cpu, 0, kern_cpus (k)), cc->name, "main",
                              0, space, ROLE_GUI_CLIENT, cc->priority,
                           gui_client_start, cl);
  g_autofree char *name = g_strdup_printf ("gui/%s", cc->name);
  g->how->client_open (g, cl, name);
  if (cc->behavior.kind == BEHAVIOR_CRASH)
    {
      cl->crash_at = cc->behavior.after;
      sim_schedule (kern_engine (k), cl->crash_at, gui_client_crash, cl);
    }
}
