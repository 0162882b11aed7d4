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
      const char *ops[] = { "compute", "touch", "call", "sleep" };
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
      cJSON *all = cJSON_CreateArray ();
      cJSON *hang = cJSON_CreateObject ();
      cJSON *either = cJSON_CreateArray ();

      cJSON_AddItemToArray (all, schema_if_kind ("slow", schema_required ("service", NULL)));
      cJSON_AddItemToArray (either, schema_required ("after", NULL));
      cJSON_AddItemToArray (either, schema_required ("faults", NULL));
      cJSON_AddItemToObject (hang, "oneOf", either);
      cJSON_AddItemToArray (all, schema_if_kind ("hang", hang));
      cJSON_AddItemToArray (all, schema_if_kind ("crash", schema_required ("after", NULL)));
      if (strcmp (table->name, "client_behavior") == 0)
        cJSON_AddItemToArray (all, schema_if_kind ("busy", schema_required ("compute", NULL)));
      cJSON_AddItemToObject (o, "allOf", all);
    }
}

/* Durations, sizes, distributions and the other value forms. */
static void
schema_value_defs (cJSON *defs)
{
  cJSON *o, *any, *pair;

  cJSON_AddItemToObject (defs, "duration",
                         schema_string_pattern ("A duration: a decimal number and a unit "
                                                "(ns, us, ms, s), e.g. \"250ns\", \"2.5us\", "
                                                "\"10ms\", \"1s\".", DURATION_PATTERN));
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "A duration other than zero.");
  cJSON_AddStringToObject (o, "$ref", "#/$defs/duration");
  cJSON_AddItemToObject (o, "not", schema_string_pattern ("zero", ZERO_DURATION_PATTERN));
  cJSON_AddItemToObject (defs, "positive_duration", o);
  cJSON_AddItemToObject (defs, "size",
                         schema_string_pattern ("A size: a number and a unit (B, KiB, MiB, "
                                                "GiB), e.g. \"64KiB\".", SIZE_PATTERN));

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
  cJSON_AddItemToArray (any, o);
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "const", "forever");
  cJSON_AddItemToArray (any, o);
  o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "description", "A count of at least 1, or \"forever\".");
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
