/* Names of the result enums and freeing a RunResult. */
#include "models/result.h"

#include <glib.h>

const char *const role_names[ROLE_COUNT] = {
  /* ORDER ThreadRole */
  "user", "pager", "manager", "region-mapper", "gui-server", "gui-client", "server", "core",
};

const char *const thread_state_names[TS_COUNT] = {
  /* ORDER ThreadState */
  "ready", "running", "blocked_send", "blocked_recv", "blocked_reply",
  "blocked_signal", "blocked_fault", "sleeping", "blocked_io", "dead",
};

const char *const misbehavior_names[MISBEHAVIOR_COUNT] = {
  /* ORDER Misbehavior */
  "none", "hang", "crash",
};

void
run_result_free (RunResult *r)
{
  if (r == NULL)
    return;
  g_free (r->scenario);
  g_free (r->stopped);
  g_free (r->strategy);
  g_free (r->faults.samples);
  g_free (r->faults.series);
  g_free (r->gui.samples);
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    g_free (r->gui.dropped_by_cause[i].cause);
  g_free (r->gui.dropped_by_cause);
  for (size_t i = 0; i < r->authority.n_matrix; i++)
    {
      g_free (r->authority.matrix[i].holder);
      g_free (r->authority.matrix[i].target);
      g_free (r->authority.matrix[i].right);
    }
  g_free (r->authority.matrix);
  for (size_t i = 0; i < r->authority.n_kernel_features; i++)
    g_free (r->authority.kernel_features[i]);
  g_free (r->authority.kernel_features);
  for (size_t i = 0; i < r->n_deadlocks; i++)
    {
      for (size_t j = 0; j < r->deadlocks[i].n_edges; j++)
        {
          g_free (r->deadlocks[i].edges[j].thread);
          g_free (r->deadlocks[i].edges[j].waits_on);
          g_free (r->deadlocks[i].edges[j].why);
        }
      g_free (r->deadlocks[i].edges);
    }
  g_free (r->deadlocks);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      g_free (r->threads[i].name);
      g_free (r->threads[i].process);
      g_free (r->threads[i].thread);
    }
  g_free (r->threads);
  g_free (r->cpus);
  g_free (r);
}
