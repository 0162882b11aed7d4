/* One simulated system run end to end: builds the kernel, core, managers,
 * servers, GUI and user threads of a ScenarioConfig, runs the engine to the
 * scenario's duration and gathers the RunResult. */
#ifndef MKSIM_MACHINE_H
#define MKSIM_MACHINE_H

#include "models/config.h"
#include "models/result.h"
#include "sim/engine/trace.h"

/* A new result (free with run_result_free); never NULL.  `trace` may be NULL. */
RunResult *machine_run (const ScenarioConfig *c, Trace *trace);

#endif
