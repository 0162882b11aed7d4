/* Placeholder until the kernel model lands: an empty result. */
#include "models/machine.h"

#include <glib.h>
#include <string.h>

RunResult *
machine_run (const ScenarioConfig *c, Trace *trace)
{
  (void) trace;
  RunResult *r = g_new0 (RunResult, 1);
  r->scenario = g_strdup (c->name);
  r->strategy = g_strdup (strategy_names[c->strategy]);
  r->seed = c->seed;
  r->sim_time_ns = c->duration;
  memcpy (r->scenario_sha256, c->sha256, sizeof r->scenario_sha256);
  return r;
}
