/* GUI input delivery, the DOpE example of the seed thread: a GUI server
 * thread takes input events from a source and delivers each to its clients
 * by synchronous IPC, by IPC with a timeout, or by a bounded buffer and a
 * signal, depending on the strategy. */
#ifndef MKSIM_GUI_H
#define MKSIM_GUI_H

#include "models/kernel.h"

typedef struct _Gui Gui;

/* Creates the server and client threads of c->gui (c->gui.present). */
Gui  *gui_new (Kernel *k, const ScenarioConfig *c);
/* Fills r->gui (and nothing else); called once after the run. */
void  gui_collect (Gui *g, RunResult *r);
void  gui_free (Gui *g);

#endif
