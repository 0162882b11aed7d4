/* libFuzzer target: any bytes as a scenario.  The loader must answer with a
 * config or an error, never crash; a scenario that loads is also run, with
 * its event budget capped, so the models see the odd corners of the format
 * too.  Build and run with `make fuzz` (needs clang with libFuzzer), which
 * also runs fuzz_set.c, the same for --set lines. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "models/machine.h"
#include "sim/scenario.h"

/* Pages in all dataspaces of a scenario that is run (a few bytes each in
 * the models, allocated up front). */
#define FUZZ_MAX_PAGES (INT64_C (1) << 20)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("fuzz.json", (const char *) data, size, NULL, &error);
  if (c == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }
  size_t threads = 0;
  int64_t pages = 0;
  for (size_t i = 0; i < c->n_processes; i++)
    for (size_t j = 0; j < c->processes[i].n_threads; j++)
      threads += (size_t) c->processes[i].threads[j].count;
  if (c->gui.present)
    threads += c->gui.n_clients;
  for (size_t i = 0; i < c->n_dataspaces && pages <= FUZZ_MAX_PAGES; i++)
    pages = c->dataspaces[i].pages > FUZZ_MAX_PAGES ? FUZZ_MAX_PAGES + 1
                                                   : pages + c->dataspaces[i].pages;
  /* A short run: instrumented, the models run about 1000 events per
   * millisecond, and a fuzzer gains more from many inputs than from long
   * runs (the claim tests run every bundled scenario to its end).  Nor is
   * a scenario run whose memory grows with its size: the models keep
   * arrays per thread and per page. */
  if (threads <= 1000 && pages <= FUZZ_MAX_PAGES)
    {
      c->max_events = 2000;
      run_result_free (machine_run (c, NULL));
    }
  scenario_free (c);
  return 0;
}
