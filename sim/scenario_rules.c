/* The rules of the scenario format that one key cannot state alone: the
 * readers of values with more than one form (compute, repeat, gui.events),
 * the checks of whole objects (a thread op has exactly one op key, a behavior
 * has what its kind needs and nothing another kind takes, resident <= pages),
 * and the rules across sections (warmup < duration, no GUI under
 * local-region-mapper, thread totals, backing chains).  Each check reports at the key it is about. */
#include "sim/scenario_priv.h"

#include <math.h>
#include <string.h>

#include "sim/answer.h"

/* ORDER OpKind */
static const char *const op_names[] = {
  "compute", "touch", "call", "sleep", "repeat", "io", "replay",
};
G_STATIC_ASSERT (G_N_ELEMENTS (op_names) == OP_REPLAY + 1);

void
scenario_read_compute (ScenarioLoader *l, const cJSON *node, const char *path, void *dst)
{
  Op *op = (Op *) ((char *) dst - offsetof (Op, u.compute));

  if (cJSON_IsString (node) && strcmp (node->valuestring, "forever") == 0)
    {
      op->u.compute.forever = true;
      op->u.compute.d = dist_const (0);
      return;
    }
  scenario_read_dist (l, node, path, false, &op->u.compute.d);
}

void
scenario_read_count (ScenarioLoader *l, const cJSON *node, const char *path, void *dst)
{
  int64_t *count = dst;

  if (cJSON_IsString (node))
    {
      if (strcmp (node->valuestring, "forever") == 0)
        *count = -1;
      else
        scenario_problem (l, node, false, path, "expected a count >= 1 or \"forever\", got "
                          "\"%s\"", scenario_show (l, node->valuestring));
      return;
    }
  scenario_read_integer (l, node, path, 1, SCENARIO_MAX_REPEAT, count);
}

/* One CPU number of a placement, checked against kernel.cpus (read before
 * every section that places threads: the top table lists kernel first). */
static bool
read_cpu_number (ScenarioLoader *l, const cJSON *node, const char *path, int *out)
{
  int cpus = l->config->kernel.cpus;
  int64_t v;

  if (!scenario_read_integer (l, node, path, 0, SCENARIO_MAX_CPUS - 1, &v))
    return false;
  if (v >= cpus)
    {
      if (cpus == 1)
        scenario_problem (l, node, false, path, "there is no CPU %" G_GINT64_FORMAT ": "
                          "kernel.cpus is 1 (CPU 0 only); raise kernel.cpus to place "
                          "threads on other CPUs", v);
      else
        scenario_problem (l, node, false, path, "there is no CPU %" G_GINT64_FORMAT ": "
                          "kernel.cpus is %d (CPUs 0 to %d)", v, cpus, cpus - 1);
      return false;
    }
  *out = (int) v;
  return true;
}

void
scenario_read_cpu (ScenarioLoader *l, const cJSON *node, const char *path, void *dst)
{
  CpuPlacement *pl = dst;
  int cpu;

  if (cJSON_IsArray (node) || cJSON_IsString (node))
    {
      scenario_problem (l, node, false, path, "expected one CPU number (this component has "
                        "one thread, or threads that share one CPU), got %s",
                        scenario_json_type (node));
      return;
    }
  if (!read_cpu_number (l, node, path, &cpu))
    return;
  pl->list = g_new (int, 1);
  pl->list[0] = cpu;
  pl->n_list = 1;
}

void
scenario_read_cpus (ScenarioLoader *l, const cJSON *node, const char *path, void *dst)
{
  CpuPlacement *pl = dst;
  int n, i = 0;

  if (cJSON_IsString (node))
    {
      if (strcmp (node->valuestring, "spread") == 0)
        pl->spread = true;
      else
        scenario_problem (l, node, false, path, "expected a CPU number, a list of them or "
                          "\"spread\", got \"%s\"", scenario_show (l, node->valuestring));
      return;
    }
  if (!cJSON_IsArray (node))
    {
      if (cJSON_IsNumber (node))
        scenario_read_cpu (l, node, path, dst);
      else
        scenario_problem (l, node, false, path, "expected a CPU number, a list of them or "
                          "\"spread\", got %s", scenario_json_type (node));
      return;
    }
  n = cJSON_GetArraySize (node);
  if (n == 0)
    {
      scenario_problem (l, node, false, path, "expected at least one CPU in the list");
      return;
    }
  if (n > SCENARIO_MAX_CPUS)
    {
      scenario_problem (l, node, false, path, "a list of %d CPUs; at most %d (repeat a "
                        "placement with instance i taking element i mod the length)", n,
                        SCENARIO_MAX_CPUS);
      return;
    }
  pl->list = g_new0 (int, n);
  pl->n_list = n;
  for (const cJSON *e = node->child; e != NULL; e = e->next, i++)
    {
      g_autofree char *epath = g_strdup_printf ("%s[%d]", path, i);
      read_cpu_number (l, e, epath, &pl->list[i]);
    }
}

void
scenario_read_events (ScenarioLoader *l, const cJSON *node, const char *path, void *dst)
{
  EventSource *es = dst;
  const cJSON *only = cJSON_IsObject (node) && node->child != NULL && node->child->next == NULL
                      ? node->child : NULL;
  int64_t period;

  if (only != NULL && strcmp (only->string, "period") == 0)
    {
      g_autofree char *cpath = g_strdup_printf ("%s.period", path);

      if (scenario_read_duration (l, only, cpath, 1, &period))
        {
          es->kind = EVENTS_DIST;
          es->gap = dist_const ((double) period);
        }
    }
  else if (only != NULL && strcmp (only->string, "burst") == 0)
    {
      g_autofree char *cpath = g_strdup_printf ("%s.burst", path);

      es->kind = EVENTS_BURST;
      scenario_read_object (l, &scenario_table_burst, only, cpath, es);
    }
  else
    {
      es->kind = EVENTS_DIST;
      scenario_read_dist (l, node, path, true, &es->gap);
    }
}

/* Before an op's keys are read: exactly one op key, and "do" only with
 * "repeat"; reading two would write two members of one union. */
bool
scenario_check_op (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  Op *op = dst;
  const cJSON *found = NULL, *body = NULL;
  bool unknown = false;
  int kind = -1;

  for (const cJSON *child = obj->child; child != NULL; child = child->next)
    {
      int k = -1;

      for (int i = 0; i < (int) G_N_ELEMENTS (op_names); i++)
        if (strcmp (child->string, op_names[i]) == 0)
          k = i;
      if (strcmp (child->string, "do") == 0)
        body = child;
      else if (k < 0)
        unknown = true;
      else if (found == NULL)
        {
          found = child;
          kind = k;
        }
      else if (strcmp (child->string, found->string) != 0)
        {
          scenario_problem (l, child, true, path, "an op has exactly one of compute, touch, "
                            "call, sleep, io, repeat, replay (found \"%s\" and \"%s\"); write "
                            "two ops",
                            found->string, child->string);
          return false;
        }
    }
  if (found == NULL)
    {
      if (body != NULL)
        scenario_problem (l, body, true, path, "\"do\" needs a \"repeat\" beside it");
      else if (!unknown)
        scenario_problem (l, obj, false, path, "an op needs one of compute, touch, call, "
                          "sleep, io, repeat, replay");
      return false;
    }
  if (kind == OP_REPEAT && body == NULL)
    {
      scenario_problem (l, found, true, path, "\"repeat\" needs \"do\" (the ops to repeat)");
      return false;
    }
  if (kind != OP_REPEAT && body != NULL)
    {
      scenario_problem (l, body, true, path, "\"do\" belongs with \"repeat\", not \"%s\"",
                        found->string);
      return false;
    }
  if (kind == OP_REPEAT && l->repeat_depth >= SCENARIO_MAX_REPEAT_NESTING)
    {
      g_autofree char *rpath = g_strdup_printf ("%s.repeat", path);

      scenario_problem (l, found, true, rpath, "a repeat nested %d deep (inside %d others); "
                        "repeats nest at most %d levels", l->repeat_depth + 1, l->repeat_depth,
                        SCENARIO_MAX_REPEAT_NESTING);
      return false;
    }
  op->kind = (OpKind) kind;
  if (kind == OP_REPEAT)
    l->repeat_depth++;
  return true;
}

/* After an op's keys are read (only when scenario_check_op let them be). */
bool
scenario_op_done (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  const Op *op = dst;

  (void) obj;
  (void) path;
  if (op->kind == OP_REPEAT)
    l->repeat_depth--;
  return true;
}

bool
scenario_check_manager_behavior (ScenarioLoader *l, const cJSON *obj, const char *path,
                                 void *dst)
{
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive (obj, "kind");
  g_autofree char *kpath = g_strdup_printf ("%s.kind", path);

  (void) dst;
  if (cJSON_IsString (kind) && strcmp (kind->valuestring, "busy") == 0)
    {
      scenario_problem (l, kind, false, kpath, "\"busy\" is only for GUI clients (a manager "
                        "is ok, slow, hang or crash)");
      return false;
    }
  return true;
}

const char *const scenario_behavior_keys[SCENARIO_N_BEHAVIOR_KEYS] = {
  "service", "io", "after", "faults", "compute",
};
#define TAKES(kind) (1u << (kind))
const unsigned scenario_behavior_key_kinds[SCENARIO_N_BEHAVIOR_KEYS] = {
  TAKES (BEHAVIOR_SLOW),                              /* service */
  TAKES (BEHAVIOR_SLOW),                              /* io */
  TAKES (BEHAVIOR_HANG) | TAKES (BEHAVIOR_CRASH),     /* after */
  TAKES (BEHAVIOR_HANG),                              /* faults */
  TAKES (BEHAVIOR_BUSY),                              /* compute */
};

/* "hang and crash": the kinds that take scenario_behavior_keys[key]. */
static char *
scenario_behavior_users (size_t key)
{
  GString *s = g_string_new (NULL);
  int n = 0, total = 0;

  for (int k = 0; k <= BEHAVIOR_BUSY; k++)
    total += (scenario_behavior_key_kinds[key] & TAKES (k)) != 0;
  for (int k = 0; k <= BEHAVIOR_BUSY; k++)
    if (scenario_behavior_key_kinds[key] & TAKES (k))
      g_string_append_printf (s, "%s%s", n++ == 0 ? "" : n == total ? " and " : ", ",
                              scenario_behavior_names[k]);
  return g_string_free (s, FALSE);
}

/* After a behavior's keys are read: what its kind needs, and no key of
 * another kind.  A key its kind does not take is an error (a typo or a
 * leftover that would silently do nothing) -- unless the kind itself came
 * from a --set: then the user switched the behavior on the command line
 * (--set managers[1].behavior.kind=ok on a manager that hangs "after"), the
 * keys of the old kind are ignored, and a note says so. */
bool
scenario_check_behavior (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  const Behavior *b = dst;
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive (obj, "kind");
  bool after = cJSON_GetObjectItemCaseSensitive (obj, "after") != NULL;
  bool faults = cJSON_GetObjectItemCaseSensitive (obj, "faults") != NULL;
  int kind_set;
  const cJSON *at;

  /* A kind that is missing or not one of the names is reported already. */
  if (!cJSON_IsString (kind) || strcmp (kind->valuestring, scenario_behavior_names[b->kind]) != 0)
    return true;
  kind_set = scenario_node_set (l, kind);
  /* What a kind given by --set lacks is the --set's problem. */
  at = kind_set >= 0 ? kind : obj;
  for (size_t i = 0; i < SCENARIO_N_BEHAVIOR_KEYS; i++)
    {
      const cJSON *key = cJSON_GetObjectItemCaseSensitive (obj, scenario_behavior_keys[i]);
      g_autofree char *users = NULL;

      if (key == NULL || (scenario_behavior_key_kinds[i] & TAKES (b->kind)))
        continue;
      users = scenario_behavior_users (i);
      if (kind_set >= 0)
        {
          scenario_note (l, "--set %s: %s: kind \"%s\" takes no \"%s\" (that is for %s); "
                         "the \"%s\" given is ignored", l->shown_sets[kind_set], path,
                         kind->valuestring, scenario_behavior_keys[i], users,
                         scenario_behavior_keys[i]);
        }
      else
        {
          g_autofree char *kpath = g_strdup_printf ("%s.%s", path, scenario_behavior_keys[i]);

          scenario_problem (l, key, true, kpath, "kind \"%s\" takes no \"%s\" (that is for "
                            "%s); remove it, or change the kind", kind->valuestring,
                            scenario_behavior_keys[i], users);
        }
    }
  switch (b->kind)
    {
    case BEHAVIOR_OK:
      break;
    case BEHAVIOR_SLOW:
      if (cJSON_GetObjectItemCaseSensitive (obj, "service") == NULL
          && cJSON_GetObjectItemCaseSensitive (obj, "io") == NULL)
        scenario_problem (l, at, false, path, "kind \"slow\" needs \"service\" (the slow "
                          "service distribution), \"io\" (a device wait per request), or "
                          "both");
      break;
    case BEHAVIOR_HANG:
      if (!after && !faults)
        scenario_problem (l, at, false, path, "kind \"hang\" needs \"after\" (a time) or "
                          "\"faults\" (a count)");
      else if (after && faults)
        scenario_problem (l, at, false, path, "kind \"hang\" takes \"after\" or \"faults\", "
                          "not both");
      break;
    case BEHAVIOR_CRASH:
      if (!after)
        scenario_problem (l, at, false, path, "kind \"crash\" needs \"after\" (when it dies)");
      break;
    case BEHAVIOR_BUSY:
      if (cJSON_GetObjectItemCaseSensitive (obj, "compute") == NULL)
        scenario_problem (l, at, false, path, "kind \"busy\" needs \"compute\" (the CPU time "
                          "after each event)");
      break;
    }
  return true;
}

bool
scenario_check_dataspace (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  const DataspaceConfig *d = dst;
  const cJSON *resident = cJSON_GetObjectItemCaseSensitive (obj, "resident");
  const cJSON *backing = cJSON_GetObjectItemCaseSensitive (obj, "backing");

  if (resident != NULL && d->pages >= 1 && d->resident > d->pages)
    {
      g_autofree char *rpath = g_strdup_printf ("%s.resident", path);

      scenario_problem (l, resident, false, rpath, "%" G_GINT64_FORMAT " is more than the "
                        "dataspace's %" G_GINT64_FORMAT " pages", d->resident, d->pages);
    }
  if (backing != NULL && cJSON_GetObjectItemCaseSensitive (obj, "manager") == NULL)
    {
      g_autofree char *bpath = g_strdup_printf ("%s.backing", path);

      scenario_problem (l, backing, true, bpath, "only a managed dataspace (one with a "
                        "\"manager\") has a backing");
    }
  return true;
}

/* seL4's endpoints queue senders in arrival order, so fifo is the default
 * under its scheduler; Fiasco's time-slice donation does not exist there. */
bool
scenario_check_kernel (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  KernelConfig *kc = dst;
  (void) path;
  if (kc->scheduler != SCHEDULER_SEL4)
    return true;
  if (cJSON_GetObjectItemCaseSensitive (obj, "send_queue") == NULL)
    kc->send_queue = SEND_QUEUE_FIFO;
  const cJSON *sw = cJSON_GetObjectItemCaseSensitive (obj, "ipc_switch");
  if (sw != NULL && kc->ipc_switch == IPC_SWITCH_DIRECT)
    scenario_problem (l, sw, false, "kernel.ipc_switch", "\"direct\" is Fiasco's time-slice "
                      "donation; under the sel4 scheduler a call switches by seL4's own rules "
                      "(remove ipc_switch, or use the fiasco scheduler)");
  return true;
}

bool
scenario_check_top (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  const ScenarioConfig *c = dst;
  const cJSON *warmup = cJSON_GetObjectItemCaseSensitive (obj, "warmup");
  const cJSON *gui = cJSON_GetObjectItemCaseSensitive (obj, "gui");
  int64_t threads = 0;

  (void) path;
  if (c->answer != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (Answer) answer = answer_parse (c->answer, &error);

      if (answer == NULL)
        scenario_problem (l, cJSON_GetObjectItemCaseSensitive (obj, "answer"), false, "answer",
                          "%s", error->message);
    }
  if (warmup != NULL && c->duration > 0 && c->warmup >= c->duration)
    scenario_problem (l, warmup, false, "warmup", "\"%s\" is not less than the duration",
                      cJSON_IsString (warmup) ? warmup->valuestring : "");
  if (gui != NULL && c->strategy == STRATEGY_LOCAL_RM)
    scenario_problem (l, gui, true, "gui", "local-region-mapper does not apply to GUI delivery "
                      "(region mappers page memory; they deliver no input): run this scenario "
                      "under another strategy, or remove \"gui\"");
  for (size_t p = 0; p < c->n_processes; p++)
    for (size_t t = 0; t < c->processes[p].n_threads; t++)
      threads += c->processes[p].threads[t].count;
  for (size_t s = 0; s < c->n_servers; s++)
    threads += c->servers[s].threads;
  threads += (int64_t) c->gui.n_clients;
  if (threads > SCENARIO_MAX_COUNT)
    scenario_problem (l, cJSON_GetObjectItemCaseSensitive (obj, "processes"), false, "processes",
                      "%" G_GINT64_FORMAT " threads in all (with server threads and GUI "
                      "clients); at most %d", threads, SCENARIO_MAX_COUNT);
  /* Each client's buffer is allocated whole when the run starts. */
  if (gui != NULL && c->gui.buffer >= 1
      && (int64_t) c->gui.n_clients > SCENARIO_MAX_GUI_SLOTS / c->gui.buffer)
    {
      const cJSON *buffer = cJSON_GetObjectItemCaseSensitive (gui, "buffer");

      scenario_problem (l, buffer != NULL ? buffer : gui, false, "gui.buffer",
                        "%d events for each of %zu clients is %" G_GINT64_FORMAT " buffered "
                        "events in all; at most %" G_GINT64_FORMAT " (a smaller buffer, or "
                        "fewer clients)", c->gui.buffer, c->gui.n_clients,
                        (int64_t) c->gui.buffer * (int64_t) c->gui.n_clients,
                        SCENARIO_MAX_GUI_SLOTS);
    }
  return true;
}

/* "1.5 GiB", "512 MiB", "640 KiB" */
static char *
scenario_format_bytes (double bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  size_t u = 0;

  while (bytes >= 1024 && u + 1 < G_N_ELEMENTS (units))
    {
      bytes /= 1024;
      u++;
    }
  if (bytes < 10 && bytes != (double) (int64_t) bytes)
    return g_strdup_printf ("%.1f %s", bytes, units[u]);
  return g_strdup_printf ("%.0f %s", bytes, units[u]);
}

/* The state the models allocate for the pages when a run starts (models/
 * paging.c, models/mapdb.c), estimated from above:
 *  - for each dataspace in each address space (processes and managers), a
 *    mapping bitmap of a bit a page, plus 16 bytes; the region mappers' own
 *    pages are one more dataspace, as large as the largest rm_pages;
 *  - for each block (map_pages pages) of a managed dataspace a byte of
 *    state, 4 more under an exclusive manager, and 8 for each resident
 *    block when the manager evicts.
 * A dataspace of 2^24 pages in a few address spaces is a few MiB; what would
 * not fit in memory (many processes over large dataspaces) is refused here
 * rather than by an allocation failure in the middle of a run.  Doubles:
 * the products can pass 2^64, and an estimate is all that is needed. */
void
scenario_check_page_state (ScenarioLoader *l, const cJSON *root)
{
  const ScenarioConfig *c = l->config;
  double spaces = (double) c->n_processes + (double) c->n_managers;
  double pages = 0, bitmaps, records = 0;
  int rm_pages = CONFIG_DEFAULT_RM_PAGES;

  for (size_t p = 0; p < c->n_processes; p++)
    rm_pages = MAX (rm_pages, c->processes[p].rm_pages);
  bitmaps = spaces * (ceil (rm_pages / 8.0) + 16);
  for (size_t i = 0; i < c->n_dataspaces; i++)
    {
      const DataspaceConfig *d = &c->dataspaces[i];
      const ManagerConfig *m = d->manager >= 0 ? &c->managers[d->manager] : NULL;
      double blocks, resident;

      pages += (double) d->pages;
      bitmaps += spaces * (ceil ((double) d->pages / 8) + 16);
      if (m == NULL)
        continue;
      blocks = ceil ((double) d->pages / MAX (m->map_pages, 1));
      resident = d->resident > 0 ? MAX (floor ((double) d->resident / MAX (m->map_pages, 1)), 1)
                                 : blocks;
      records += blocks * (m->exclusive ? 5 : 1) + (resident < blocks ? 8 * resident : 0);
    }
  if (bitmaps + records > (double) SCENARIO_MAX_PAGE_STATE)
    {
      g_autofree char *total = scenario_format_bytes (bitmaps + records);
      g_autofree char *limit = scenario_format_bytes ((double) SCENARIO_MAX_PAGE_STATE);

      scenario_problem (l, cJSON_GetObjectItemCaseSensitive (root, "dataspaces"), true,
                        "dataspaces", "%zu dataspace%s of %.0f pages in all, in %.0f address "
                        "spaces (%zu process%s and %zu manager%s), need about %s of page state "
                        "(for each dataspace in each address space a bitmap of a bit a page, "
                        "plus 16 bytes; for each page of a managed dataspace up to 13 bytes); "
                        "at most %s: use fewer or smaller dataspaces, or fewer processes",
                        c->n_dataspaces, c->n_dataspaces == 1 ? "" : "s", pages, spaces,
                        c->n_processes, c->n_processes == 1 ? "" : "es", c->n_managers,
                        c->n_managers == 1 ? "" : "s", total, limit);
    }
}

/* The "backing" node of dataspaces[i]. */
static const cJSON *
scenario_backing_node (const cJSON *root, size_t i)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (root, "dataspaces");

  return cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (list, (int) i), "backing");
}

void
scenario_check_backing (ScenarioLoader *l, const cJSON *root)
{
  const ScenarioConfig *c = l->config;
  size_t n = c->n_dataspaces;

  for (size_t i = 0; i < n; i++)
    {
      const DataspaceConfig *d = &c->dataspaces[i];
      g_autofree char *path = g_strdup_printf ("dataspaces[%zu].backing", i);
      g_autoptr (GString) chain = g_string_new (scenario_show (l, d->name));
      size_t depth = 1, least = i, at = i;
      bool cycle = false;

      if (d->backing < 0)
        continue;
      if (c->dataspaces[d->backing].manager < 0)
        {
          scenario_problem (l, scenario_backing_node (root, i), false, path, "\"%s\" is a plain "
                            "dataspace; a backing must be a managed dataspace (one with a "
                            "\"manager\")", scenario_show (l, c->dataspaces[d->backing].name));
          continue;
        }
      /* Walk at most n steps: a longer walk has met a cycle. */
      while (c->dataspaces[at].backing >= 0 && depth <= n)
        {
          at = (size_t) c->dataspaces[at].backing;
          g_string_append_printf (chain, " -> %s", scenario_show (l, c->dataspaces[at].name));
          if (at == i)
            {
              cycle = true;
              break;
            }
          least = MIN (least, at);
          depth++;
        }
      /* A cycle is reported once, at its first dataspace. */
      if (cycle && least == i)
        scenario_problem (l, scenario_backing_node (root, i), false, path,
                          "backing chain %s is a cycle", chain->str);
      else if (!cycle && depth > n)
        continue;   /* i leads into a cycle reported at one of its members */
      else if (!cycle && depth > SCENARIO_MAX_NESTING)
        scenario_problem (l, scenario_backing_node (root, i), false, path,
                          "backing chain %s is %zu managed dataspaces deep; at most %d",
                          chain->str, depth, SCENARIO_MAX_NESTING);
    }
}
