/* libFuzzer target: --set lines against the bundled scenarios.  The input
 * is text: its first line picks a bundled scenario by name ("hung-manager";
 * any other first line picks one by a hash of it), and each later line is
 * one PATH=VALUE, as `--set` takes it (at most FUZZ_SET_MAX_LINES).  The
 * loader must answer with a config or an error, never crash; a config that
 * loads is run with its event budget capped, as in fuzz_scenario.c, so the
 * models see the values --set can reach (negative, huge, of the wrong type,
 * new objects made on the way).  Seed corpus: tests/fuzz/set/; dictionary:
 * tests/fuzz/set.dict.  The bundled scenarios are read once, from
 * $MKSIM_SCENARIOS or scenarios/ (make fuzz runs from the top of the tree). */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/machine.h"
#include "sim/scenario.h"

#define FUZZ_SET_MAX_LINES   16      /* --set lines per input */
#define FUZZ_MAX_THREADS     1000    /* larger scenarios are loaded, not run: */
#define FUZZ_MAX_PAGES       (INT64_C (1) << 20)   /* the models keep arrays per thread, per page */
#define FUZZ_MAX_EVENTS      500     /* the start of a run: what --set can break */

typedef struct {
  char *name;     /* file name without ".json" */
  char *text;
  gsize len;
} FuzzScenario;

static GArray *scenarios;   /* FuzzScenario, read once */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *dir = g_getenv ("MKSIM_SCENARIOS");
  g_autoptr (GDir) d = NULL;
  const char *name;

  (void) argc;
  (void) argv;
  if (dir == NULL || dir[0] == '\0')
    dir = "scenarios";
  d = g_dir_open (dir, 0, NULL);
  scenarios = g_array_new (FALSE, TRUE, sizeof (FuzzScenario));
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      FuzzScenario s = { 0 };

      if (!g_str_has_suffix (name, ".json") || strcmp (name, "schema.json") == 0
          || !g_file_get_contents (path, &s.text, &s.len, NULL))
        continue;
      s.name = g_strndup (name, strlen (name) - strlen (".json"));
      g_array_append_val (scenarios, s);
    }
  if (scenarios->len == 0)
    {
      fprintf (stderr, "fuzz_set: no scenarios in '%s' (run from the top of the tree or set "
               "MKSIM_SCENARIOS)\n", dir);
      abort ();
    }
  return 0;
}

static const FuzzScenario *
fuzz_pick (const char *first_line)
{
  for (guint i = 0; i < scenarios->len; i++)
    if (strcmp (g_array_index (scenarios, FuzzScenario, i).name, first_line) == 0)
      return &g_array_index (scenarios, FuzzScenario, i);
  return &g_array_index (scenarios, FuzzScenario, g_str_hash (first_line) % scenarios->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);   /* stops at a NUL */
  g_auto (GStrv) lines = g_strsplit (text, "\n", FUZZ_SET_MAX_LINES + 2);
  g_autoptr (GPtrArray) sets = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const FuzzScenario *s;
  ScenarioConfig *c;
  size_t threads = 0;
  int64_t pages = 0;

  if (lines[0] == NULL)
    return 0;
  s = fuzz_pick (lines[0]);
  for (guint i = 1; lines[i] != NULL && i <= FUZZ_SET_MAX_LINES; i++)
    g_ptr_array_add (sets, lines[i]);
  g_ptr_array_add (sets, NULL);
  c = scenario_load_data (s->name, s->text, s->len, (const char *const *) sets->pdata, &error);
  if (c == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }
  for (size_t i = 0; i < c->n_processes; i++)
    for (size_t j = 0; j < c->processes[i].n_threads; j++)
      threads += (size_t) c->processes[i].threads[j].count;
  if (c->gui.present)
    threads += c->gui.n_clients;
  for (size_t i = 0; i < c->n_dataspaces && pages <= FUZZ_MAX_PAGES; i++)
    pages = c->dataspaces[i].pages > FUZZ_MAX_PAGES ? FUZZ_MAX_PAGES + 1
                                                   : pages + c->dataspaces[i].pages;
  if (threads <= FUZZ_MAX_THREADS && pages <= FUZZ_MAX_PAGES)
    {
      c->max_events = FUZZ_MAX_EVENTS;
      run_result_free (machine_run (c, NULL));
    }
  scenario_free (c);
  return 0;
}
