/* The scenario loader: JSON text -> --set edits -> validated ScenarioConfig.
 *
 * A load is four passes over one cJSON tree.  (1) scenario_parse.c parses the text,
 * once it is known to be text at all (no NUL, valid UTF-8, not empty); a
 * lexical pass of our own, up to where cJSON stopped, catches what cJSON lets
 * through or misreports (unterminated strings, bad escapes, control
 * characters); an error offset becomes a line and column.  (2) jsonpos
 * records where every node came from.  (3) Each --set edits the tree, and the
 * nodes it puts there are marked as its own, so messages about them quote the
 * --set.  (4) Strings with an escaped NUL are refused; then the key tables of
 * scenario_keys.c walk the tree into the typed config, collecting every
 * problem instead of stopping at the first; references by name are resolved
 * last, when every list is known, and the page state is sized.  The config starts from
 * config_defaults () and every absent key with a default is read from the
 * table's default text, so the two can be compared by a test. */
#include "sim/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/scenario_priv.h"

G_DEFINE_QUARK (mksim-scenario-error-quark, scenario_error)

typedef struct {
  int rank;          /* 0: an unknown key, listed first; 1: any other problem */
  int set;           /* >= 0: the value came from this --set; -1 from the file; -2 unknown */
  int line, col;
  guint seq;         /* keeps problems at one place in the order found */
  char *text;        /* "path: message" */
} ScenarioProblem;

typedef struct {
  RefKind kind;
  char *name;
  const cJSON *node;
  char *path;
  int *dst;
} ScenarioRef;

static void
scenario_problem_clear (gpointer p)
{
  g_free (((ScenarioProblem *) p)->text);
}

static void
scenario_ref_clear (gpointer p)
{
  ScenarioRef *r = p;

  g_free (r->name);
  g_free (r->path);
}

static void G_GNUC_PRINTF (6, 0)
scenario_problem_v (ScenarioLoader *l, int rank, const cJSON *node, bool at_key,
                    const char *path, const char *fmt, va_list ap)
{
  const JsonPos *pos = jsonpos_lookup (l->pos, node);
  ScenarioProblem p = { rank, -2, 0, 0, l->problems->len, NULL };
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);

  if (pos != NULL && pos->set >= 0)
    p.set = pos->set;
  else if (pos != NULL)
    {
      p.set = -1;
      p.line = at_key ? pos->key_line : pos->line;
      p.col = at_key ? pos->key_col : pos->col;
    }
  p.text = path[0] != '\0' ? g_strdup_printf ("%s: %s", path, msg) : g_steal_pointer (&msg);
  g_array_append_val (l->problems, p);
}

void
scenario_problem (ScenarioLoader *l, const cJSON *node, bool at_key, const char *path,
                  const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  scenario_problem_v (l, 1, node, at_key, path, fmt, ap);
  va_end (ap);
}

void
scenario_problem_unknown (ScenarioLoader *l, const cJSON *node, const char *path,
                          const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  scenario_problem_v (l, 0, node, true, path, fmt, ap);
  va_end (ap);
}

void
scenario_note (ScenarioLoader *l, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  g_ptr_array_add (l->notes, g_strdup_vprintf (fmt, ap));
  va_end (ap);
}

int
scenario_node_set (ScenarioLoader *l, const cJSON *node)
{
  const JsonPos *pos = jsonpos_lookup (l->pos, node);

  return pos != NULL && pos->set >= 0 ? pos->set : -1;
}

/* Unknown keys first: a misspelt key ("managrs") is the root cause of what
 * its absence breaks ("no manager named"), wherever that is.  Then --set
 * problems, in the order given, then the file's by position. */
static int
scenario_problem_compare (gconstpointer pa, gconstpointer pb)
{
  const ScenarioProblem *a = pa, *b = pb;
  int ka = a->set >= 0 ? 0 : a->set == -1 ? 1 : 2;
  int kb = b->set >= 0 ? 0 : b->set == -1 ? 1 : 2;

  if (a->rank != b->rank)
    return a->rank - b->rank;
  if (ka != kb)
    return ka - kb;
  if (a->set != b->set)
    return a->set - b->set;
  if (a->line != b->line)
    return a->line - b->line;
  if (a->col != b->col)
    return a->col - b->col;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Every problem, one per line, like a compiler; NULL when there are none. */
static char *
scenario_problems_text (ScenarioLoader *l)
{
  GString *s;
  guint n = l->problems->len;

  if (n == 0)
    return NULL;
  g_array_sort (l->problems, scenario_problem_compare);
  s = g_string_new (NULL);
  for (guint i = 0; i < n && i < SCENARIO_MAX_REPORTED; i++)
    {
      const ScenarioProblem *p = &g_array_index (l->problems, ScenarioProblem, i);

      if (i > 0)
        g_string_append_c (s, '\n');
      if (p->set >= 0)
        g_string_append_printf (s, "--set %s: %s", l->shown_sets[p->set], p->text);
      else if (p->set == -1)
        g_string_append_printf (s, "%s:%d:%d: %s", l->file, p->line, p->col, p->text);
      else
        g_string_append_printf (s, "%s: %s", l->file, p->text);
    }
  if (n > SCENARIO_MAX_REPORTED)
    g_string_append_printf (s, "\n%s: %u more problem%s not shown", l->file,
                            n - SCENARIO_MAX_REPORTED, n - SCENARIO_MAX_REPORTED == 1 ? "" : "s");
  return g_string_free (s, FALSE);
}

static char *
scenario_path_key (const char *path, const char *key)
{
  return path[0] == '\0' ? g_strdup (key) : g_strdup_printf ("%s.%s", path, key);
}

/* ---- walking the tables -------------------------------------------------- */

static void
scenario_check_unique_names (ScenarioLoader *l, const cJSON *array, const char *path)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  int i = 0;

  for (const cJSON *e = array->child; e != NULL; e = e->next, i++)
    {
      const cJSON *name = cJSON_GetObjectItemCaseSensitive (e, "name");
      gpointer first;

      if (!cJSON_IsString (name))
        continue;
      if (g_hash_table_lookup_extended (seen, name->valuestring, NULL, &first))
        scenario_problem (l, name, false, "", "%s[%d].name: duplicate name \"%s\" (also %s[%d])",
                          path, i, scenario_show (l, name->valuestring), path,
                          GPOINTER_TO_INT (first));
      else
        g_hash_table_insert (seen, name->valuestring, GINT_TO_POINTER (i));
    }
}

static void
scenario_read_array (ScenarioLoader *l, const KeySpec *spec, const cJSON *node,
                     const char *path, void *dst)
{
  char *base;
  size_t n;
  int i = 0;

  if (!cJSON_IsArray (node))
    {
      scenario_problem (l, node, false, path, "expected an array, got %s",
                        scenario_json_type (node));
      return;
    }
  n = (size_t) cJSON_GetArraySize (node);
  if (n == 0 && spec->nonempty)
    {
      scenario_problem (l, node, false, path, "must not be empty");
      return;
    }
  base = n > 0 ? g_malloc0 (n * spec->elem_size) : NULL;
  /* Stored before the elements are read, so config_free frees whatever
   * they hold even when the load fails half-way. */
  *(void **) ((char *) dst + spec->offset) = base;
  *(size_t *) ((char *) dst + spec->count_offset) = n;
  for (const cJSON *e = node->child; e != NULL; e = e->next, i++)
    {
      g_autofree char *epath = g_strdup_printf ("%s[%d]", path, i);

      scenario_read_object (l, spec->sub, e, epath, base + (size_t) i * spec->elem_size);
    }
  if (spec->unique_names)
    scenario_check_unique_names (l, node, path);
}

void
scenario_read_key (ScenarioLoader *l, const KeySpec *spec, const cJSON *node, const char *path,
                   void *dst)
{
  void *field = (char *) dst + spec->offset;
  int64_t i64;
  int e;

  switch (spec->type)
    {
    case KEY_STRING:
      if (!cJSON_IsString (node))
        scenario_problem (l, node, false, path, "expected a string, got %s",
                          scenario_json_type (node));
      else if (node->valuestring[0] == '\0' && strcmp (spec->name, "name") == 0)
        scenario_problem (l, node, false, path, "a name must not be empty");
      else
        {
          g_free (*(char **) field);
          *(char **) field = g_strdup (node->valuestring);
        }
      break;
    case KEY_INT:
      if (scenario_read_integer (l, node, path, spec->min, spec->max, &i64))
        *(int *) field = (int) i64;
      break;
    case KEY_INT64:
      scenario_read_integer (l, node, path, spec->min, spec->max, field);
      break;
    case KEY_UINT64:
      scenario_read_unsigned (l, node, path, (uint64_t) spec->min, (uint64_t) spec->max, field);
      break;
    case KEY_BOOL:
      if (cJSON_IsBool (node))
        *(bool *) field = cJSON_IsTrue (node);
      else
        scenario_problem (l, node, false, path, "expected true or false, got %s",
                          scenario_json_type (node));
      break;
    case KEY_NUMBER:
      scenario_read_number (l, node, path, (double) spec->min, (double) spec->max,
                            spec->exclusive_min, field);
      break;
    case KEY_DURATION:
      scenario_read_duration (l, node, path, spec->min, field);
      break;
    case KEY_SIZE:
      scenario_read_size (l, node, path, spec->max, field);
      break;
    case KEY_ENUM:
      if (scenario_read_enum (l, node, path, spec->names, spec->n_names, &e))
        *(int *) field = e;
      break;
    case KEY_DIST:
      scenario_read_dist (l, node, path, spec->positive_mean, field);
      break;
    case KEY_OBJECT:
      scenario_read_object (l, spec->sub, node, path, field);
      break;
    case KEY_ARRAY:
      scenario_read_array (l, spec, node, path, dst);
      break;
    case KEY_REF:
      *(int *) field = -1;
      if (!cJSON_IsString (node))
        scenario_problem (l, node, false, path, "expected a name (a string), got %s",
                          scenario_json_type (node));
      else
        {
          ScenarioRef r = { spec->ref, g_strdup (node->valuestring), node, g_strdup (path),
                            field };
          g_array_append_val (l->refs, r);
        }
      break;
    case KEY_CUSTOM:
      spec->custom (l, node, path, field);
      break;
    }
}

static void
scenario_read_default (ScenarioLoader *l, const KeySpec *spec, const char *path, void *dst)
{
  cJSON *def;

  if (spec->type == KEY_REF)
    *(int *) ((char *) dst + spec->offset) = -1;
  if (spec->def == NULL)
    return;
  def = cJSON_Parse (spec->def);
  g_assert (def != NULL);
  scenario_read_key (l, spec, def, path, dst);
  cJSON_Delete (def);
}

void
scenario_read_object (ScenarioLoader *l, const KeyTable *table, const cJSON *obj,
                      const char *path, void *dst)
{
  g_autofree const cJSON **given = g_new0 (const cJSON *, table->n_keys);
  /* Keys an unknown key was taken for ("duraton" for "duration"): their
   * "required key is missing" would only repeat the did-you-mean. */
  g_autofree bool *hinted = g_new0 (bool, table->n_keys);

  if (!cJSON_IsObject (obj))
    {
      scenario_problem (l, obj, false, path, "expected an object, got %s",
                        scenario_json_type (obj));
      return;
    }
  for (const cJSON *child = obj->child; child != NULL; child = child->next)
    {
      g_autofree char *cpath = scenario_path_key (path, scenario_show (l, child->string));
      size_t k;

      for (k = 0; k < table->n_keys; k++)
        if (strcmp (child->string, table->keys[k].name) == 0)
          break;
      if (k == table->n_keys)
        {
          g_autofree const char **names = g_new (const char *, table->n_keys);
          const char *hint;

          for (size_t j = 0; j < table->n_keys; j++)
            names[j] = table->keys[j].name;
          hint = scenario_suggest (child->string, names, table->n_keys);
          for (size_t j = 0; hint != NULL && j < table->n_keys; j++)
            if (names[j] == hint)
              hinted[j] = true;
          if (hint != NULL)
            scenario_problem_unknown (l, child, cpath, "unknown key \"%s\" (did you mean "
                                      "\"%s\"?)", scenario_show (l, child->string), hint);
          else
            scenario_problem_unknown (l, child, cpath, "unknown key \"%s\"",
                                      scenario_show (l, child->string));
        }
      else if (given[k] != NULL)
        {
          const JsonPos *first = jsonpos_lookup (l->pos, given[k]);

          if (first != NULL && first->set < 0)
            scenario_problem (l, child, true, cpath, "duplicate key \"%s\" (first at line %d)",
                              child->string, first->key_line);
          else
            scenario_problem (l, child, true, cpath, "duplicate key \"%s\"", child->string);
        }
      else
        given[k] = child;
    }
  if (table->pre != NULL && !table->pre (l, obj, path, dst))
    return;
  for (size_t k = 0; k < table->n_keys; k++)
    {
      const KeySpec *spec = &table->keys[k];
      g_autofree char *cpath = scenario_path_key (path, spec->name);

      if (given[k] != NULL)
        {
          scenario_read_key (l, spec, given[k], cpath, dst);
          if (spec->flagged)
            *(bool *) ((char *) dst + spec->flag_offset) = true;
        }
      else if (spec->required && !hinted[k])
        scenario_problem (l, obj, false, cpath, "required key is missing");
      else if (spec->required)
        ;   /* the unknown key's did-you-mean names it */
      else
        scenario_read_default (l, spec, cpath, dst);
    }
  if (table->post != NULL)
    table->post (l, obj, path, dst);
}

/* ---- references ---------------------------------------------------------- */

static void
scenario_resolve_refs (ScenarioLoader *l)
{
  ScenarioConfig *c = l->config;

  for (guint i = 0; i < l->refs->len; i++)
    {
      ScenarioRef *r = &g_array_index (l->refs, ScenarioRef, i);
      const char *what = r->kind == REF_MANAGER ? "manager"
                         : r->kind == REF_DATASPACE ? "dataspace" : "server";
      size_t n = r->kind == REF_MANAGER ? c->n_managers
                 : r->kind == REF_DATASPACE ? c->n_dataspaces : c->n_servers;
      g_autofree const char **names = g_new0 (const char *, n + 1);
      const char *hint;

      for (size_t k = 0; k < n; k++)
        {
          names[k] = r->kind == REF_MANAGER ? c->managers[k].name
                     : r->kind == REF_DATASPACE ? c->dataspaces[k].name : c->servers[k].name;
          if (names[k] != NULL && strcmp (names[k], r->name) == 0 && *r->dst < 0)
            *r->dst = (int) k;
        }
      if (*r->dst >= 0)
        continue;
      hint = scenario_suggest (r->name, names, n);
      if (n == 0)
        scenario_problem (l, r->node, false, r->path, "no %s named \"%s\" (the scenario has "
                          "no %ss)", what, scenario_show (l, r->name), what);
      else if (hint != NULL)
        scenario_problem (l, r->node, false, r->path, "no %s named \"%s\" (did you mean "
                          "\"%s\"?)", what, scenario_show (l, r->name), scenario_show (l, hint));
      else
        scenario_problem (l, r->node, false, r->path, "no %s named \"%s\"", what,
                          scenario_show (l, r->name));
    }
}

/* ---- NUL in strings ------------------------------------------------------ */

/* Strings with an escaped NUL (\u0000): cJSON keeps C strings, so
 * "m\u0000a" would be read as "m", two such names would clash and a
 * reference to "m" would match.  Every string and key is checked, wherever
 * it is, before anything is read from the tree (`node` is at `path`). */
static void
scenario_check_nul (ScenarioLoader *l, const cJSON *node, const char *path)
{
  const JsonPos *pos = jsonpos_lookup (l->pos, node);
  int i = 0;

  if (pos != NULL && pos->nul)
    scenario_problem (l, node, false, path, "a string may not contain NUL (\\u0000)");
  for (const cJSON *child = node->child; child != NULL; child = child->next, i++)
    {
      const JsonPos *cpos = jsonpos_lookup (l->pos, child);
      g_autofree char *cpath = NULL;

      if (!cJSON_IsObject (node))
        cpath = g_strdup_printf ("%s[%d]", path, i);
      else if (cpos != NULL && cpos->key_nul && cpos->key_token_len >= 2)
        {
          /* The key as written: cJSON's copy ends at the NUL. */
          g_autofree char *key = g_strndup (cpos->key_token + 1, cpos->key_token_len - 2);

          /* Shown as written, escapes and all, and cut if long. */
          cpath = scenario_path_key (path, g_utf8_strlen (key, -1) > SCENARIO_SHOW_MAX
                                           ? scenario_show (l, key) : key);
          scenario_problem (l, child, true, cpath, "a key may not contain NUL (\\u0000)");
        }
      else
        cpath = scenario_path_key (path, scenario_show (l, child->string));
      scenario_check_nul (l, child, cpath);
    }
}

/* ---- loading ------------------------------------------------------------- */

const char *
scenario_show (ScenarioLoader *l, const char *s)
{
  GString *out = g_string_new (NULL);
  glong n = g_utf8_strlen (s, -1);
  glong i = 0;

  for (const char *p = s; *p != '\0' && (n <= SCENARIO_SHOW_MAX || i < 40);
       p = g_utf8_next_char (p), i++)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  if (n > SCENARIO_SHOW_MAX)
    g_string_append_printf (out, "... (%ld characters)", n);
  g_ptr_array_add (l->shown, out->str);
  return g_string_free (out, FALSE);
}

char *
scenario_show_bytes (const char *s, size_t len)
{
  GString *out = g_string_sized_new (len);
  const char *end = s + len;

  while (s < end)
    {
      unsigned char c = (unsigned char) *s;
      gunichar u = c < 0x80 ? c : g_utf8_get_char_validated (s, end - s);

      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", c);
          s++;
          continue;
        }
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_len (out, s, c < 0x80 ? 1 : g_utf8_skip[c]);
      s += c < 0x80 ? 1 : g_utf8_skip[c];
    }
  return g_string_free (out, FALSE);
}

static void
scenario_loader_clear (ScenarioLoader *l)
{
  g_strfreev (l->shown_sets);
  g_ptr_array_unref (l->shown);
  jsonpos_free (l->pos);
  g_array_unref (l->problems);
  g_array_unref (l->refs);
  g_hash_table_unref (l->traces);
  if (l->notes != NULL)
    g_ptr_array_unref (l->notes);
}

/* The load of `text`, named `name`; relative trace paths start from `dir`
 * (NULL: the current directory). */
static ScenarioConfig *
scenario_load_in (const char *name, const char *dir, const char *text, size_t len,
                  const char *const *sets, GError **error)
{
  static const char *const no_sets[] = { NULL };
  ScenarioLoader l = { 0 };
  g_autofree char *buf = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *problems = NULL;
  g_autoptr (GString) set_errors = g_string_new (NULL);
  cJSON *root;
  char *printed;

  g_return_val_if_fail (name != NULL && (text != NULL || len == 0), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* cJSON wants the NUL inside the length it is given. */
  buf = g_malloc (len + 1);
  if (len > 0)
    memcpy (buf, text, len);
  buf[len] = '\0';
  root = scenario_parse (name, buf, len, error);
  if (root == NULL)
    return NULL;

  l.file = name;
  l.dir = dir;
  l.traces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) config_trace_unref);
  l.sets = sets != NULL ? sets : no_sets;
  l.shown_sets = g_new0 (char *, g_strv_length ((char **) l.sets) + 1);
  for (int i = 0; l.sets[i] != NULL; i++)
    l.shown_sets[i] = scenario_show_bytes (l.sets[i], strlen (l.sets[i]));
  l.pos = jsonpos_new ();
  l.problems = g_array_new (FALSE, FALSE, sizeof (ScenarioProblem));
  g_array_set_clear_func (l.problems, scenario_problem_clear);
  l.refs = g_array_new (FALSE, FALSE, sizeof (ScenarioRef));
  g_array_set_clear_func (l.refs, scenario_ref_clear);
  l.notes = g_ptr_array_new_with_free_func (g_free);
  l.shown = g_ptr_array_new_with_free_func (g_free);
  jsonpos_scan (l.pos, root, buf, len, -1);

  for (int i = 0; l.sets[i] != NULL; i++)
    {
      g_autofree char *why = scenario_apply_set (&l, root, i);

      if (why != NULL)
        g_string_append_printf (set_errors, "%s%s", set_errors->len > 0 ? "\n" : "", why);
    }
  if (set_errors->len > 0)
    {
      g_set_error_literal (error, SCENARIO_ERROR, SCENARIO_ERROR_SET, set_errors->str);
      cJSON_Delete (root);
      scenario_loader_clear (&l);
      return NULL;
    }

  printed = cJSON_PrintUnformatted (root);
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, printed != NULL ? printed : "", -1);
  cJSON_free (printed);

  l.config = g_new0 (ScenarioConfig, 1);
  config_defaults (l.config);
  scenario_check_nul (&l, root, "");
  if (l.problems->len == 0)
    {
      scenario_read_object (&l, &scenario_table_top, root, "", l.config);
      scenario_resolve_refs (&l);
    }
  if (l.problems->len == 0)
    scenario_check_backing (&l, root);
  if (l.problems->len == 0)
    scenario_check_page_state (&l, root);

  problems = scenario_problems_text (&l);
  if (problems == NULL && l.notes->len > 0)
    {
      g_ptr_array_add (l.notes, NULL);
      l.config->notes = (char **) g_ptr_array_free (g_steal_pointer (&l.notes), FALSE);
    }
  cJSON_Delete (root);
  scenario_loader_clear (&l);
  if (problems != NULL)
    {
      g_set_error_literal (error, SCENARIO_ERROR, SCENARIO_ERROR_INVALID, problems);
      scenario_free (l.config);
      return NULL;
    }
  g_strlcpy (l.config->sha256, checksum, sizeof l.config->sha256);
  return l.config;
}

ScenarioConfig *
scenario_load_data (const char *name, const char *text, size_t len, const char *const *sets,
                    GError **error)
{
  return scenario_load_in (name, NULL, text, len, sets, error);
}

/* Reads all of `fd` (named `name` in messages) into a new NUL-terminated
 * buffer, never NULL on success even when there is nothing to read.  A
 * FIFO or a pipe is read until its writer closes it; what goes on past
 * SCENARIO_MAX_INPUT bytes (/dev/zero, a log file given by mistake) is
 * refused without reading it all. */
static char *
scenario_read_fd (int fd, const char *name, size_t *len, GError **error)
{
  GByteArray *bytes = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int e = errno;

          g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_IO, "%s: cannot read: %s", name,
                       e == EISDIR ? "is a directory, not a scenario file" : g_strerror (e));
          g_byte_array_unref (bytes);
          return NULL;
        }
      if (n == 0)
        break;
      if (bytes->len + (size_t) n > SCENARIO_MAX_INPUT)
        {
          g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_IO, "%s: more than %zu MiB; too "
                       "large for a scenario (not a scenario file?)", name,
                       SCENARIO_MAX_INPUT >> 20);
          g_byte_array_unref (bytes);
          return NULL;
        }
      g_byte_array_append (bytes, chunk, (guint) n);
    }
  *len = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (bytes, FALSE);
}

ScenarioConfig *
scenario_load_file (const char *path, const char *const *sets, GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  size_t len = 0;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strcmp (path, "-") == 0)
    {
      text = scenario_read_fd (STDIN_FILENO, "<stdin>", &len, error);
      return text != NULL ? scenario_load_data ("<stdin>", text, len, sets, error) : NULL;
    }
  /* GLib's own words repeat the name and are too vague for the two
   * common mistakes. */
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;

      if (e == ENOENT)
        g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_IO, "%s: no such file", path);
      else
        g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_IO, "%s: cannot read: %s", path,
                     g_strerror (e));
      return NULL;
    }
  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, SCENARIO_ERROR, SCENARIO_ERROR_IO, "%s: is a directory, not a "
                   "scenario file", path);
      return NULL;
    }
  text = scenario_read_fd (fd, path, &len, error);
  close (fd);
  if (text == NULL)
    return NULL;
  dir = g_path_get_dirname (path);
  return scenario_load_in (path, dir, text, len, sets, error);
}

void
scenario_free (ScenarioConfig *c)
{
  if (c == NULL)
    return;
  config_free (c);
  g_free (c);
}
