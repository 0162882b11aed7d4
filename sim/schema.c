/* The JSON Schema (draft 2020-12) of the scenario format, generated from the
 * loader's key tables so that it cannot disagree with what the loader
 * accepts.  Each table becomes a $defs entry with its properties, required
 * keys, defaults and descriptions, and additionalProperties false; the value
 * forms that are not tables (durations, sizes, distributions, the op and
 * behavior rules) are written here by hand.  Rules that need the whole file
 * (references resolve, warmup < duration, ...) are beyond a schema: the
 * loader checks them.  scenarios/schema.json is this output, byte for byte. */
#include "sim/scenario.h"

#include <string.h>

#include "sim/scenario_priv.h"

#define DURATION_PATTERN "^[0-9]+(\\.[0-9]+)?(ns|us|ms|s)$"
#define ZERO_DURATION_PATTERN "^0+(\\.0+)?(ns|us|ms|s)$"
#define SIZE_PATTERN "^[0-9]+(\\.[0-9]+)?(B|KiB|MiB|GiB)$"

static cJSON *
schema_ref (const char *def)
{
  cJSON *o = cJSON_CreateObject ();
  g_autofree char *ref = g_strdup_printf ("#/$defs/%s", def);

  cJSON_AddStringToObject (o, "$ref", ref);
  return o;
}

/* {"type": "object", "properties": {key: value}, "required": [key],
 * "additionalProperties": false}: one form of a value given as an object. */
static cJSON *
schema_single_key (const char *key, cJSON *value)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON *props = cJSON_CreateObject ();
  const char *req[] = { key };

  cJSON_AddStringToObject (o, "type", "object");
  cJSON_AddItemToObject (props, key, value);
  cJSON_AddItemToObject (o, "properties", props);
  cJSON_AddItemToObject (o, "required", cJSON_CreateStringArray (req, 1));
  cJSON_AddFalseToObject (o, "additionalProperties");
  return o;
}

static cJSON *
schema_string_pattern (const char *description, const char *pattern)
{
  cJSON *o = cJSON_CreateObject ();

  cJSON_AddStringToObject (o, "description", description);
  cJSON_AddStringToObject (o, "type", "string");
  cJSON_AddStringToObject (o, "pattern", pattern);
  return o;
}

static cJSON *
schema_key (const KeySpec *spec)
{
  cJSON *o = NULL;
  cJSON *def;

  switch (spec->type)
    {
    case KEY_STRING:
    case KEY_REF:
      o = cJSON_CreateObject ();
      cJSON_AddStringToObject (o, "type", "string");
      if (spec->type == KEY_REF || strcmp (spec->name, "name") == 0)
        cJSON_AddNumberToObject (o, "minLength", 1);
      break;
    case KEY_INT:
    case KEY_INT64:
    case KEY_UINT64:
      o = cJSON_CreateObject ();
      cJSON_AddStringToObject (o, "type", "integer");
      cJSON_AddNumberToObject (o, "minimum", (double) spec->min);
      /* 2^63 - 1 is not a double: say it in words instead. */
      if (spec->max <= ((int64_t) 1 << 53))
        cJSON_AddNumberToObject (o, "maximum", (double) spec->max);
      break;
    case KEY_NUMBER:
      o = cJSON_CreateObject ();
      cJSON_AddStringToObject (o, "type", "number");
      cJSON_AddNumberToObject (o, spec->exclusive_min ? "exclusiveMinimum" : "minimum",
                               (double) spec->min);
      cJSON_AddNumberToObject (o, "maximum", (double) spec->max);
      break;
    case KEY_BOOL:
      o = cJSON_CreateObject ();
      cJSON_AddStringToObject (o, "type", "boolean");
      break;
    case KEY_DURATION:
      o = schema_ref (spec->min > 0 ? "positive_duration" : "duration");
      break;
    case KEY_SIZE:
      o = schema_ref ("size");
      break;
    case KEY_ENUM:
      o = cJSON_CreateObject ();
      cJSON_AddItemToObject (o, "enum", cJSON_CreateStringArray (spec->names, spec->n_names));
      break;
    case KEY_DIST:
      o = schema_ref ("distribution");
      break;
    case KEY_OBJECT:
      o = schema_ref (spec->sub->name);
      break;
    case KEY_ARRAY:
      o = cJSON_CreateObject ();
      cJSON_AddStringToObject (o, "type", "array");
      cJSON_AddItemToObject (o, "items", schema_ref (spec->sub->name));
      if (spec->nonempty)
        cJSON_AddNumberToObject (o, "minItems", 1);
      break;
    case KEY_CUSTOM:
      o = schema_ref (spec->schema);
      break;
    }
  g_assert (o != NULL);
  cJSON_AddStringToObject (o, "description", spec->doc);
  if (spec->def != NULL && (def = cJSON_Parse (spec->def)) != NULL)
    cJSON_AddItemToObject (o, "default", def);
  return o;
}

/* Fills `o` with the object schema of `table`. */
static void
schema_table_into (cJSON *o, const KeyTable *table)
{
  cJSON *props = cJSON_CreateObject ();
  cJSON *required = cJSON_CreateArray ();

  cJSON_AddStringToObject (o, "description", table->doc);
  cJSON_AddStringToObject (o, "type", "object");
  for (size_t k = 0; k < table->n_keys; k++)
    {
      cJSON_AddItemToObject (props, table->keys[k].name, schema_key (&table->keys[k]));
      if (table->keys[k].required)
        cJSON_AddItemToArray (required, cJSON_CreateString (table->keys[k].name));
    }
  cJSON_AddItemToObject (o, "properties", props);
  if (cJSON_GetArraySize (required) > 0)
    cJSON_AddItemToObject (o, "required", required);
  else
    cJSON_Delete (required);
  cJSON_AddFalseToObject (o, "additionalProperties");
}

/* if kind == `kind` then `then` (which it takes). */
static cJSON *
schema_if_kind (const char *kind, cJSON *then)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON *cond = cJSON_CreateObject ();
  cJSON *props = cJSON_CreateObject ();
  cJSON *k = cJSON_CreateObject ();
  const char *req[] = { "kind" };

  cJSON_AddStringToObject (k, "const", kind);
  cJSON_AddItemToObject (props, "kind", k);
  cJSON_AddItemToObject (cond, "properties", props);
  cJSON_AddItemToObject (cond, "required", cJSON_CreateStringArray (req, 1));
  cJSON_AddItemToObject (o, "if", cond);
  cJSON_AddItemToObject (o, "then", then);
  return o;
}

static cJSON *
schema_required (const char *a, const char *b)
{
  cJSON *o = cJSON_CreateObject ();
  const char *req[] = { a, b };

  cJSON_AddItemToObject (o, "required", cJSON_CreateStringArray (req, b != NULL ? 2 : 1));
  return o;
}

/* The rules of scenario_rules.c that a schema can state. */
static void
schema_table_rules (cJSON *o, const KeyTable *table)
{
  if (table == &scenario_op_table)
    {
      /* Exactly one op key; "do" only beside "repeat". */
      cJSON *one = cJSON_CreateArray ();
      cJSON *dep = cJSON_CreateObject ();
      const char *ops[] = { "compute", "touch", "call", "sleep", "io", "replay" };
      const char *need[] = { "repeat" };

      for (size_t i = 0; i < G_N_ELEMENTS (ops); i++)
        cJSON_AddItemToArray (one, schema_required (ops[i], NULL));
      cJSON_AddItemToArray (one, schema_required ("repeat", "do"));
      cJSON_AddItemToObject (o, "oneOf", one);
      cJSON_AddItemToObject (dep, "do", cJSON_CreateStringArray (need, 1));
      cJSON_AddItemToObject (o, "dependentRequired", dep);
    }
  else if (strcmp (table->name, "manager_behavior") == 0
           || strcmp (table->name, "client_behavior") == 0)
    {
      /* What each kind needs, and that it takes no key of another kind:
       * in a file those are errors (a --set of kind alone makes the loader
       * ignore them instead, but an editor sees only the file). */
      cJSON *all = cJSON_CreateArray ();
      bool client = strcmp (table->name, "client_behavior") == 0;
      int kinds = client ? BEHAVIOR_BUSY + 1 : BEHAVIOR_CRASH + 1;

      for (int k = 0; k < kinds; k++)
        {
          cJSON *then = NULL;
          cJSON *banned = cJSON_CreateObject ();

          switch ((BehaviorKind) k)
            {
            case BEHAVIOR_OK:
              then = cJSON_CreateObject ();
              break;
            case BEHAVIOR_SLOW:
              then = schema_required ("service", NULL);
              break;
            case BEHAVIOR_HANG:
              {
                cJSON *either = cJSON_CreateArray ();

                then = cJSON_CreateObject ();
                cJSON_AddItemToArray (either, schema_required ("after", NULL));
                cJSON_AddItemToArray (either, schema_required ("faults", NULL));
                cJSON_AddItemToObject (then, "oneOf", either);
              }
              break;
            case BEHAVIOR_CRASH:
              then = schema_required ("after", NULL);
              break;
            case BEHAVIOR_BUSY:
              then = schema_required ("compute", NULL);
              break;
            }
          g_assert (then != NULL);
          for (int i = 0; i < SCENARIO_N_BEHAVIOR_KEYS; i++)
            if (!(scenario_behavior_key_kinds[i] & (1u << k))
                && (client || strcmp (scenario_behavior_keys[i], "compute") != 0))
              cJSON_AddFalseToObject (banned, scenario_behavior_keys[i]);
          if (cJSON_GetArraySize (banned) > 0)
            cJSON_AddItemToObject (then, "properties", banned);
          else
            cJSON_Delete (banned);
          cJSON_AddItemToArray (all, schema_if_kind (scenario_behavior_names[k], then));
        }
      cJSON_AddItemToObject (o, "allOf", all);
    }
}

/* ---- SCHEMA.md ------------------------------------------------------------ */

static const char *const superscripts[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };

static void
md_power (GString *s, int base, int exponent)
{
  g_autofree char *digits = g_strdup_printf ("%d", exponent);

  g_string_append_printf (s, "%d", base);
  for (const char *q = digits; *q != '\0'; q++)
    g_string_append (s, superscripts[*q - '0']);
}

/* 2⁶³−1, 10¹⁵, 2²⁴ for the large bounds; digits otherwise. */
static void
md_bound (GString *s, int64_t v)
{
  int64_t p = 1;
  int n = 0;

  if (v == INT64_MAX)
    {
      md_power (s, 2, 63);
      g_string_append (s, "−1");
      return;
    }
  while (p < v && p <= INT64_MAX / 10)
    {
      p *= 10;
      n++;
    }
  if (p == v && n >= 9)
    md_power (s, 10, n);
  else if (v >= ((int64_t) 1 << 24) && (v & (v - 1)) == 0)
    md_power (s, 2, g_bit_nth_lsf ((gulong) v, -1));
  else
    g_string_append_printf (s, "%" G_GINT64_FORMAT, v);
}

static void
md_type (GString *s, const KeySpec *spec)
{
  switch (spec->type)
    {
    case KEY_STRING:
      g_string_append (s, "string");
      return;
    case KEY_REF:
      g_string_append_printf (s, "name of a %s", spec->ref == REF_MANAGER ? "manager"
                              : spec->ref == REF_DATASPACE ? "dataspace" : "server");
      return;
    case KEY_INT:
    case KEY_INT64:
    case KEY_UINT64:
      g_string_append (s, "integer ");
      md_bound (s, spec->min);
      g_string_append (s, "…");
      md_bound (s, spec->max);
      return;
    case KEY_NUMBER:
      if (spec->exclusive_min)
        g_string_append_printf (s, "number > %" G_GINT64_FORMAT ", ≤ %" G_GINT64_FORMAT,
                                spec->min, spec->max);
      else
        g_string_append_printf (s, "number %" G_GINT64_FORMAT "…%" G_GINT64_FORMAT, spec->min,
                                spec->max);
      return;
    case KEY_BOOL:
      g_string_append (s, "boolean");
      return;
    case KEY_DURATION:
      g_string_append (s, spec->min > 0 ? "duration > 0" : "duration");
      return;
    case KEY_SIZE:
      g_string_append (s, "size");
      return;
    case KEY_ENUM:
      for (int i = 0; i < spec->n_names; i++)
        g_string_append_printf (s, "%s`\"%s\"`", i > 0 ? " \\| " : "", spec->names[i]);
      return;
    case KEY_DIST:
      g_string_append (s, "distribution");
      return;
    case KEY_OBJECT:
      g_string_append_printf (s, "object (%s)", spec->sub->name);
      return;
    case KEY_ARRAY:
      g_string_append_printf (s, "array of %s%s", spec->sub->name,
                              spec->nonempty ? " (not empty)" : "");
      return;
    case KEY_CUSTOM:
      if (strcmp (spec->schema, "compute") == 0)
        g_string_append (s, "distribution or `\"forever\"`");
      else if (strcmp (spec->schema, "repeat_count") == 0)
        {
          g_string_append (s, "integer 1…");
          md_bound (s, SCENARIO_MAX_REPEAT);
          g_string_append (s, " or `\"forever\"`");
        }
      else if (strcmp (spec->schema, "trace_file") == 0)
        g_string_append (s, "string (a file path)");
      else if (strcmp (spec->schema, "cpu") == 0)
        g_string_append (s, "integer 0…255, below `kernel.cpus`");
      else if (strcmp (spec->schema, "cpu_placement") == 0)
        g_string_append (s, "integer 0…255, list of them, or `\"spread\"`");
      else
        g_string_append (s, spec->schema);
      return;
    }
  g_assert_not_reached ();
}

static void
md_table (GString *s, const KeyTable *table, const char *title)
{
  g_string_append_printf (s, "\n#### `%s`\n\n%s\n\n", title, table->doc);
  g_string_append (s, "| key | type | default | meaning |\n|---|---|---|---|\n");
  for (size_t k = 0; k < table->n_keys; k++)
    {
      const KeySpec *spec = &table->keys[k];

      g_string_append_printf (s, "| `%s` | ", spec->name);
      md_type (s, spec);
      if (spec->required)
        g_string_append (s, " | **required** | ");
      else if (spec->def != NULL)
        g_string_append_printf (s, " | `%s` | ", spec->def);
      else
        g_string_append (s, " | — | ");
      g_string_append_printf (s, "%s |\n", spec->doc);
    }
}

static bool
md_is_value_table (const KeyTable *t)
{
  return t == &scenario_table_normal || t == &scenario_table_lognormal
         || t == &scenario_table_pareto || t == &scenario_table_burst;
}

char *
scenario_schema_markdown (void)
{
  GString *s = g_string_new ("## Every key\n\nGenerated from the loader's key tables "
                             "(`sim/scenario_keys.c`); a test keeps this section and the "
                             "tables equal.\n");

  md_table (s, &scenario_table_top, "(top level)");
  for (const KeyTable *const *t = scenario_tables; *t != NULL; t++)
    if (!md_is_value_table (*t))
      md_table (s, *t, (*t)->name);
  for (const KeyTable *const *t = scenario_tables; *t != NULL; t++)
    if (md_is_value_table (*t))
      md_table (s, *t, (*t)->name);
  return g_string_free (s, FALSE);
}

/* Durations, sizes, distributions and the other value forms. */
static void
schema_value_defs (cJSON *defs)
{
  cJSON *o, *any, *pair;

  cJSON_AddItemToObject (defs, "duration",
                         schema_string_pattern ("A duration: a decimal number and a unit "
                                                "(ns, us, ms, s), e.g. \"250ns\", \"2.5us\", "
                                                "\"10ms\", \"1s\"; at most \"1000000s\".",
                                                DURATION_PATTERN));
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "A duration other than zero.");
  cJSON_AddStringToObject (o, "$ref", "#/$defs/duration");
  cJSON_AddItemToObject (o, "not", schema_string_pattern ("zero", ZERO_DURATION_PATTERN));
  cJSON_AddItemToObject (defs, "positive_duration", o);
  cJSON_AddItemToObject (defs, "size",
                         schema_string_pattern ("A size: a number and a unit (B, KiB, MiB, "
                                                "GiB), e.g. \"64KiB\"; at most \"1GiB\".",
                                                SIZE_PATTERN));

  any = cJSON_CreateArray ();
  cJSON_AddItemToArray (any, schema_ref ("duration"));
  cJSON_AddItemToArray (any, schema_single_key ("exp", schema_ref ("duration")));
  pair = cJSON_CreateObject ();
  cJSON_AddStringToObject (pair, "type", "array");
  cJSON_AddItemToObject (pair, "items", schema_ref ("duration"));
  cJSON_AddNumberToObject (pair, "minItems", 2);
  cJSON_AddNumberToObject (pair, "maxItems", 2);
  cJSON_AddItemToArray (any, schema_single_key ("uniform", pair));
  cJSON_AddItemToArray (any, schema_single_key ("normal", schema_ref ("normal")));
  cJSON_AddItemToArray (any, schema_single_key ("lognormal", schema_ref ("lognormal")));
  cJSON_AddItemToArray (any, schema_single_key ("pareto", schema_ref ("pareto")));
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "A distribution of durations: a duration "
                           "(constant), {\"exp\": mean}, {\"uniform\": [low, high]} (low <= "
                           "high), {\"normal\": {...}}, {\"lognormal\": {...}} or "
                           "{\"pareto\": {...}}.");
  cJSON_AddItemToObject (o, "anyOf", any);
  cJSON_AddItemToObject (defs, "distribution", o);

  any = cJSON_CreateArray ();
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "const", "forever");
  cJSON_AddItemToArray (any, o);
  cJSON_AddItemToArray (any, schema_ref ("distribution"));
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "A distribution, or \"forever\".");
  cJSON_AddItemToObject (o, "anyOf", any);
  cJSON_AddItemToObject (defs, "compute", o);

  any = cJSON_CreateArray ();
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "type", "integer");
  cJSON_AddNumberToObject (o, "minimum", 1);
  cJSON_AddNumberToObject (o, "maximum", (double) SCENARIO_MAX_REPEAT);
  cJSON_AddItemToArray (any, o);
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "const", "forever");
  cJSON_AddItemToArray (any, o);
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "A count of at least 1 (at most 10^15), or "
                           "\"forever\".");
  cJSON_AddItemToObject (o, "anyOf", any);
  cJSON_AddItemToObject (defs, "repeat_count", o);

  any = cJSON_CreateArray ();
  cJSON_AddItemToArray (any, schema_ref ("distribution"));
  cJSON_AddItemToArray (any, schema_single_key ("period", schema_ref ("positive_duration")));
  cJSON_AddItemToArray (any, schema_single_key ("burst", schema_ref ("burst")));
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "Inter-arrival times of input events: a "
                           "distribution with a mean > 0, {\"period\": D} (constant) or "
                           "{\"burst\": {\"size\": N, \"gap\": D, \"every\": D}}.");
  cJSON_AddItemToObject (o, "anyOf", any);
  cJSON_AddItemToObject (defs, "events", o);

  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "type", "integer");
  cJSON_AddNumberToObject (o, "minimum", 0);
  cJSON_AddNumberToObject (o, "maximum", SCENARIO_MAX_CPUS - 1);
  cJSON_AddStringToObject (o, "description", "A CPU number, below kernel.cpus.");
  cJSON_AddItemToObject (defs, "cpu", o);

  any = cJSON_CreateArray ();
  cJSON_AddItemToArray (any, schema_ref ("cpu"));
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "type", "array");
  cJSON_AddItemToObject (o, "items", schema_ref ("cpu"));
  cJSON_AddNumberToObject (o, "minItems", 1);
  cJSON_AddNumberToObject (o, "maxItems", SCENARIO_MAX_CPUS);
  cJSON_AddItemToArray (any, o);
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "const", "spread");
  cJSON_AddItemToArray (any, o);
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "Where instances run: a CPU number, a list "
                           "(instance i takes element i mod its length) or \"spread\" "
                           "(instance i on CPU i mod kernel.cpus).");
  cJSON_AddItemToObject (o, "anyOf", any);
  cJSON_AddItemToObject (defs, "cpu_placement", o);

  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "type", "string");
  cJSON_AddNumberToObject (o, "minLength", 1);
  cJSON_AddStringToObject (o, "description", "The path of a page trace file (mksim-page-trace "
                           "1), relative to the scenario file's folder.");
  cJSON_AddItemToObject (defs, "trace_file", o);
}

char *
scenario_schema_json (void)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *defs = cJSON_CreateObject ();
  char *printed, *out;

  cJSON_AddStringToObject (root, "$schema", "https://json-schema.org/draft/2020-12/schema");
  cJSON_AddStringToObject (root, "title", "mksim scenario");
  schema_table_into (root, &scenario_table_top);
  schema_value_defs (defs);
  for (const KeyTable *const *t = scenario_tables; *t != NULL; t++)
    {
      cJSON *o = cJSON_CreateObject ();

      schema_table_into (o, *t);
      schema_table_rules (o, *t);
      cJSON_AddItemToObject (defs, (*t)->name, o);
    }
  cJSON_AddItemToObject (root, "$defs", defs);
  printed = cJSON_Print (root);
  out = g_strdup (printed);
  cJSON_free (printed);
  cJSON_Delete (root);
  return out;
}
