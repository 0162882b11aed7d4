/* --set PATH=VALUE: edits of a parsed scenario before it is checked.
 *
 * PATH is keys joined by dots with indices in brackets
 * (managers[1].behavior.kind), or in brackets the name of an element of a
 * list whose elements have a "name" (managers[evil].behavior.kind).  Missing objects on the way are created, but
 * never arrays or array elements: an index must exist, or the user would get
 * a half-empty element they did not mean.  VALUE is JSON if it parses, else a
 * string, so "3" is a number and "10ms" a string.  Every node a --set puts
 * into the tree is recorded in the position map as that --set's, so a later
 * problem with it quotes the --set instead of a line of the file. */
#include "sim/scenario_priv.h"

#include <string.h>

/* ---- --set --------------------------------------------------------------- */

typedef struct {
  char *key;         /* NULL for an index */
  long index;        /* G_MAXLONG when the digits are past any array */
  char *digits;      /* the index as given */
  char *name;        /* [NAME]: the element whose "name" is NAME, else NULL */
} ScenarioStep;

static void
scenario_step_clear (gpointer p)
{
  g_free (((ScenarioStep *) p)->key);
  g_free (((ScenarioStep *) p)->digits);
  g_free (((ScenarioStep *) p)->name);
}

static bool
scenario_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* "a.b[2].c" -> steps; false on anything else. */
static bool
scenario_parse_set_path (const char *path, GArray *steps)
{
  const char *p = path;

  for (;;)
    {
      ScenarioStep s = { NULL, 0, NULL, NULL };
      const char *start = p;

      while (scenario_key_char (*p))
        p++;
      if (p == start)
        return false;
      s.key = g_strndup (start, (gsize) (p - start));
      g_array_append_val (steps, s);
      while (*p == '[')
        {
          const char *end = p + 1;
          guint64 v;

          while (g_ascii_isdigit (*end))
            end++;
          s.key = NULL;
          s.name = NULL;
          /* [NAME]: anything but brackets, not only digits. */
          if (*end != ']' && *end != '\0')
            {
              end = p + 1 + strcspn (p + 1, "[]");
              if (*end != ']')
                return false;
              s.name = g_strndup (p + 1, (gsize) (end - p - 1));
              s.digits = g_strdup (s.name);
              s.index = -1;
              g_array_append_val (steps, s);
              p = end + 1;
              continue;
            }
          if (end == p + 1 || *end != ']')
            return false;
          s.digits = g_strndup (p + 1, (gsize) (end - p - 1));
          /* Too many digits for any array: out of range, said as such. */
          s.index = g_ascii_string_to_unsigned (s.digits, 10, 0, G_MAXINT, &v, NULL)
                    ? (long) v : G_MAXLONG;
          g_array_append_val (steps, s);
          p = end + 1;
        }
      if (*p == '\0')
        return true;
      if (*p != '.')
        return false;
      p++;
    }
}

/* The index of the element of the array `arr` whose "name" is `name`, or
 * -1 with `*why` set: no such element, and which names there are. */
static long
scenario_set_find_name (const cJSON *arr, const char *name, const char *text, const char *path,
                        const char *where, char **why)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *shown = scenario_show_bytes (name, strlen (name));
  const char *close;
  long i = 0;

  for (const cJSON *e = arr->child; e != NULL; e = e->next, i++)
    {
      const cJSON *n = cJSON_GetObjectItemCaseSensitive (e, "name");

      if (!cJSON_IsString (n))
        continue;
      if (strcmp (n->valuestring, name) == 0)
        return i;
      g_ptr_array_add (names, n->valuestring);
    }
  for (guint k = 0; k < names->len; k++)
    {
      g_autofree char *one = scenario_show_bytes (names->pdata[k], strlen (names->pdata[k]));

      g_string_append_printf (list, "%s\"%s\"", k > 0 ? ", " : "", one);
    }
  close = scenario_suggest (name, (const char *const *) names->pdata, names->len);
  if (names->len == 0)
    *why = g_strdup_printf ("--set %s: %s: no element of %s is named \"%s\" (none has a "
                            "name; give an index, e.g. [0])", text, path, where, shown);
  else
    *why = g_strdup_printf ("--set %s: %s: no element of %s is named \"%s\"%s%s%s (names: "
                            "%s)", text, path, where, shown,
                            close != NULL ? "; did you mean \"" : "", close != NULL ? close : "",
                            close != NULL ? "\"?" : "", list->str);
  return -1;
}

/* Puts `value` in place of `old` (NULL: a new member `key`) under `parent`. */
static void
scenario_set_value (ScenarioLoader *l, cJSON *parent, const ScenarioStep *s, cJSON *old,
                    cJSON *value)
{
  if (old != NULL)
    jsonpos_forget (l->pos, old);
  if (s->key == NULL)
    cJSON_ReplaceItemInArray (parent, (int) s->index, value);
  else if (old != NULL)
    cJSON_ReplaceItemInObjectCaseSensitive (parent, s->key, value);
  else
    cJSON_AddItemToObject (parent, s->key, value);
}

/* The --set text as text: what the file's text must be (UTF-8, no control
 * characters but tabs and line breaks) and, where its VALUE is JSON, its
 * strings as well formed as the file's.  NULL, or why not. */
static char *
scenario_set_text_problem (const char *shown, const char *text, const char *value)
{
  const char *bad = NULL, *end = NULL;
  g_autofree char *why = NULL;
  size_t at = 0, limit;
  cJSON *v;

  if (!g_utf8_validate (text, -1, &bad))
    return g_strdup_printf ("--set %s: not UTF-8 text: byte 0x%02x (character %ld) is not part "
                            "of a UTF-8 character", shown, (unsigned char) *bad,
                            g_utf8_pointer_to_offset (text, bad) + 1);
  for (const char *p = text; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      return g_strdup_printf ("--set %s: control character 0x%02x (character %ld); in a JSON "
                              "string write it as \\u%04x", shown, (unsigned char) *p,
                              g_utf8_pointer_to_offset (text, p) + 1, (unsigned char) *p);
  /* A VALUE that is JSON, or meant to be up to where cJSON stopped, must be
   * well formed JSON: "a<TAB>b" and "a\ud800" in quotes are errors, not
   * strings with their quotes. */
  v = cJSON_ParseWithLengthOpts (value, strlen (value) + 1, &end, TRUE);
  limit = v != NULL ? strlen (value) : end != NULL && end >= value ? (size_t) (end - value) : 0;
  cJSON_Delete (v);
  why = scenario_lex_problem (value, strlen (value), 0, limit, "value", &at);
  if (why == NULL)
    return NULL;
  return g_strdup_printf ("--set %s: the value, at character %ld: %s", shown,
                          g_utf8_pointer_to_offset (value, value + at) + 1, why);
}

char *
scenario_apply_set (ScenarioLoader *l, cJSON *root, int index)
{
  const char *raw = l->sets[index];
  const char *text = l->shown_sets[index];
  const char *eq = strchr (raw, '=');
  g_autofree char *path = NULL;
  g_autofree char *why = NULL;
  g_autoptr (GArray) steps = g_array_new (FALSE, TRUE, sizeof (ScenarioStep));
  g_autoptr (GString) done = g_string_new (NULL);
  const char *value;
  cJSON *cur = root;

  g_array_set_clear_func (steps, scenario_step_clear);
  if (eq != NULL && (why = scenario_set_text_problem (text, raw, eq + 1)) != NULL)
    return g_steal_pointer (&why);
  if (eq == NULL)
    return g_strdup_printf ("--set %s: expected PATH=VALUE, e.g. kernel.ipc_timeout=50ms", text);
  path = g_strndup (raw, (gsize) (eq - raw));
  value = eq + 1;
  if (!scenario_parse_set_path (path, steps) && steps->len <= SCENARIO_MAX_SET_STEPS)
    {
      g_autofree char *shown = scenario_show_bytes (path, strlen (path));

      return g_strdup_printf ("--set %s: malformed path \"%s\" (keys joined by dots, indices "
                              "in brackets, e.g. managers[1].behavior.kind)", text, shown);
    }
  /* Each step may create an object: a path as deep as the file may be
   * would leave a tree too deep to walk (the file's is at most 1000). */
  if (steps->len > SCENARIO_MAX_SET_STEPS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 40);

      return g_strdup_printf ("--set %s...: a path of more than %d keys and indices", start,
                              SCENARIO_MAX_SET_STEPS);
    }
  for (guint i = 0; i < steps->len; i++)
    {
      ScenarioStep *s = &g_array_index (steps, ScenarioStep, i);
      const char *where = done->len > 0 ? done->str : "the scenario";
      cJSON *next, *v;

      if (s->key != NULL && !cJSON_IsObject (cur))
        return g_strdup_printf ("--set %s: %s: %s is %s, not an object: no key \"%s\"", text,
                                path, where, scenario_json_type (cur), s->key);
      if (s->key == NULL && !cJSON_IsArray (cur))
        return g_strdup_printf ("--set %s: %s: %s is %s, not an array: no index [%s]", text,
                                path, where, scenario_json_type (cur), s->digits);
      if (s->name != NULL
          && (s->index = scenario_set_find_name (cur, s->name, text, path, where, &why)) < 0)
        return g_steal_pointer (&why);
      if (s->key == NULL && s->index >= cJSON_GetArraySize (cur))
        return g_strdup_printf ("--set %s: %s: index %s out of range (%s has %d element%s)",
                                text, path, s->digits, where, cJSON_GetArraySize (cur),
                                cJSON_GetArraySize (cur) == 1 ? "" : "s");
      next = s->key != NULL ? cJSON_GetObjectItemCaseSensitive (cur, s->key)
                            : cJSON_GetArrayItem (cur, (int) s->index);
      if (i + 1 == steps->len)
        {
          /* JSON if it parses ("3", "true", "{...}"), else the text as a string. */
          v = cJSON_ParseWithLengthOpts (value, strlen (value) + 1, NULL, TRUE);
          if (v != NULL)
            jsonpos_scan (l->pos, v, value, strlen (value), index);
          else
            {
              v = cJSON_CreateString (value);
              jsonpos_mark (l->pos, v, index);
            }
          scenario_set_value (l, cur, s, next, v);
          return NULL;
        }
      if (next == NULL && g_array_index (steps, ScenarioStep, i + 1).key == NULL)
        return g_strdup_printf ("--set %s: %s: %s has no key \"%s\" to index (only objects "
                                "are created)", text, path, where, s->key);
      if (next == NULL)
        {
          next = cJSON_CreateObject ();
          jsonpos_mark (l->pos, next, index);
          cJSON_AddItemToObject (cur, s->key, next);
        }
      if (s->key != NULL)
        g_string_append_printf (done, "%s%s", done->len > 0 ? "." : "", s->key);
      else
        g_string_append_printf (done, "[%s]", s->digits);   /* the name, as given */
      cur = next;
    }
  g_assert_not_reached ();
}
