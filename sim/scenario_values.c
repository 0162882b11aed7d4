/* Leaf values of the scenario format: durations ("2.5us"), sizes ("64KiB"),
 * integers, enums and distributions, each read from a cJSON node with a
 * message that says what was expected and, where it can, how to fix it.
 *
 * Durations and sizes are parsed in exact decimal arithmetic, not strtod:
 * "0.1us" must be 100 ns exactly, and a value that is not a whole number of
 * nanoseconds (or bytes) is reported rather than silently rounded. */
#include "sim/scenario_priv.h"
#include "sim/suggest.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *name;
  int64_t scale;
} ScenarioUnit;

static const ScenarioUnit duration_units[] = {
  { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
};
static const char *const duration_unit_names[] = { "ns", "us", "ms", "s" };
static const ScenarioUnit size_units[] = {
  { "B", 1 }, { "KiB", 1024 }, { "MiB", 1024 * 1024 }, { "GiB", 1024 * 1024 * 1024 },
};
static const char *const size_unit_names[] = { "B", "KiB", "MiB", "GiB" };

const char *
scenario_json_type (const cJSON *node)
{
  if (cJSON_IsObject (node))
    return "an object";
  if (cJSON_IsArray (node))
    return "an array";
  if (cJSON_IsString (node))
    return "a string";
  if (cJSON_IsNumber (node))
    return "a number";
  if (cJSON_IsBool (node))
    return "a boolean";
  return "null";
}

const char *
scenario_suggest (const char *word, const char *const *candidates, size_t n)
{
  return suggest_closest (word, candidates, n);
}

typedef enum {
  QUANTITY_OK,
  QUANTITY_NEGATIVE,
  QUANTITY_NO_NUMBER,
  QUANTITY_NO_UNIT,
  QUANTITY_BAD_UNIT,
  QUANTITY_FRACTION,
  QUANTITY_TOO_LARGE,
} QuantityStatus;

/* Parses "<digits>[.<digits>]<unit>" (the schema's pattern) exactly into
 * units[].scale steps; on QUANTITY_BAD_UNIT, *unit_at points at the unit text. */
static QuantityStatus
scenario_parse_quantity (const char *s, const ScenarioUnit *units, size_t n_units,
                         int64_t *out, const char **unit_at)
{
  uint64_t mantissa = 0;
  int frac_digits = 0, digits = 0;
  const char *p = s;
  int64_t scale = 0;
  uint64_t divisor = 1;

  if (*p == '-')
    return QUANTITY_NEGATIVE;
  for (; g_ascii_isdigit (*p); p++, digits++)
    {
      if (mantissa > (UINT64_MAX - 9) / 10)
        return QUANTITY_TOO_LARGE;
      mantissa = mantissa * 10 + (uint64_t) (*p - '0');
    }
  if (digits == 0)
    return QUANTITY_NO_NUMBER;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return QUANTITY_NO_NUMBER;
      for (p++; g_ascii_isdigit (*p); p++)
        {
          /* Past 10^-18 every unit is below its grain: zeros add nothing,
           * anything else is a fraction of a nanosecond (or byte). */
          if (frac_digits >= 18)
            {
              if (*p != '0')
                return QUANTITY_FRACTION;
              continue;
            }
          if (mantissa > (UINT64_MAX - 9) / 10)
            return QUANTITY_TOO_LARGE;
          mantissa = mantissa * 10 + (uint64_t) (*p - '0');
          frac_digits++;
        }
    }
  if (*p == '\0')
    return QUANTITY_NO_UNIT;
  *unit_at = p;
  for (size_t i = 0; i < n_units; i++)
    if (strcmp (p, units[i].name) == 0)
      scale = units[i].scale;
  if (scale == 0)
    return QUANTITY_BAD_UNIT;
  for (; frac_digits > 0 && mantissa % 10 == 0; frac_digits--)
    mantissa /= 10;
  for (int i = 0; i < frac_digits; i++)
    divisor *= 10;
  if (mantissa > (uint64_t) INT64_MAX / (uint64_t) scale)
    return QUANTITY_TOO_LARGE;
  mantissa *= (uint64_t) scale;
  if (mantissa % divisor != 0)
    return QUANTITY_FRACTION;
  *out = (int64_t) (mantissa / divisor);
  return QUANTITY_OK;
}

/* The mistakes people make in durations and sizes, each with its own
 * message: spaces, a sign, an exponent, a bare decimal point, a micro sign.
 * Returns NULL when `s` is none of them (the parser's status then says what
 * is wrong).  `what` is "duration" or "size", `unit` the example unit. */
static char *
scenario_quantity_mistake (const char *s, const ScenarioUnit *units, size_t n_units,
                           const char *what, const char *unit)
{
  const char *unit_at = NULL;
  const char *p = s;
  int64_t v = 0;

  if (strpbrk (s, " \t\n\r") != NULL)
    {
      g_autofree char *compact = g_strdup (s);
      char *w = compact;

      for (const char *r = s; *r != '\0'; r++)
        if (!g_ascii_isspace (*r))
          *w++ = *r;
      *w = '\0';
      if (scenario_parse_quantity (compact, units, n_units, &v, &unit_at) == QUANTITY_OK)
        return g_strdup_printf ("\"%s\": no spaces in a %s: write \"%s\"", s, what, compact);
      return g_strdup_printf ("\"%s\": no spaces in a %s (a number and a unit, e.g. "
                              "\"10%s\")", s, what, unit);
    }
  if (*p == '+' || *p == '-')
    {
      QuantityStatus st = scenario_parse_quantity (p + 1, units, n_units, &v, &unit_at);

      if (*p == '-' && !(st == QUANTITY_OK && v == 0))
        return g_strdup_printf ("\"%s\" is negative: a %s is 0 or more", s, what);
      if (st == QUANTITY_OK)
        return g_strdup_printf ("\"%s\": no sign, please: write \"%s\"", s, p + 1);
      return g_strdup_printf ("\"%s\": no sign, please (a number and a unit, e.g. \"10%s\")",
                              s, unit);
    }
  while (g_ascii_isdigit (*p) || *p == '.')
    p++;
  if (p > s && (*p == 'e' || *p == 'E')
      && (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      char *end = NULL;
      double x = g_ascii_strtod (s, &end);
      char digits[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *plain = NULL;

      g_ascii_formatd (digits, sizeof digits, "%.15g", x);
      plain = g_strdup_printf ("%s%s", digits, end);
      if (isfinite (x) && strchr (digits, 'e') == NULL
          && scenario_parse_quantity (plain, units, n_units, &v, &unit_at) == QUANTITY_OK)
        return g_strdup_printf ("\"%s\": no exponents, please: write \"%s\"", s, plain);
      return g_strdup_printf ("\"%s\": no exponents, please: write the number out in "
                              "digits", s);
    }
  if (s[0] == '.' || strstr (s, "..") != NULL
      || (p > s && p[-1] == '.' && (p - 1 == s || g_ascii_isdigit (p[-2]))))
    return g_strdup_printf ("\"%s\": a decimal point needs digits on both sides (\"0.5%s\", "
                            "\"5%s\")", s, unit, unit);
  /* U+00B5 MICRO SIGN and U+03BC GREEK SMALL LETTER MU. */
  if (p > s && (g_str_has_prefix (p, "\xc2\xb5") || g_str_has_prefix (p, "\xce\xbc")))
    for (size_t i = 0; i < n_units; i++)
      if (strcmp (units[i].name, "us") == 0)
        return g_strdup_printf ("\"%s\": write microseconds as \"us\" (plain ASCII)", s);
  return NULL;
}

/* The text of a number as the file wrote it, shortened if long; for
 * messages about numbers a double cannot show (1e400, 400 digits). */
static char *
scenario_number_text (ScenarioLoader *l, const cJSON *node)
{
  const JsonPos *pos = jsonpos_lookup (l->pos, node);

  if (pos == NULL || pos->token == NULL || pos->token_len == 0)
    return g_strdup_printf ("%.15g", node->valuedouble);
  if (pos->token_len > 24)
    return g_strdup_printf ("%.*s... (%zu characters)", 12, pos->token, pos->token_len);
  return g_strndup (pos->token, pos->token_len);
}

/* Durations and sizes differ only in their units and words; `unit` is the
 * one suggested to a bare number, `limit` the largest value in words. */
static bool
scenario_read_quantity (ScenarioLoader *l, const cJSON *node, const char *path,
                        const ScenarioUnit *units, const char *const *unit_names,
                        size_t n_units, const char *what, const char *unit,
                        const char *grain, int64_t max, const char *limit, int64_t *out)
{
  g_autofree char *list = NULL;
  g_autofree char *mistake = NULL;
  const char *unit_at = NULL, *s;
  const char *hint;
  QuantityStatus status;

  g_assert (n_units == 4);
  list = g_strjoin (", ", unit_names[0], unit_names[1], unit_names[2], unit_names[3], NULL);
  if (cJSON_IsNumber (node))
    {
      g_autofree char *text = scenario_number_text (l, node);

      if (node->valuedouble < 0 || !isfinite (node->valuedouble))
        scenario_problem (l, node, false, path, "%s is a bare number; a %s is a string with a "
                          "unit (%s) and is 0 or more, e.g. \"10%s\"", text, what, list, unit);
      else
        scenario_problem (l, node, false, path, "%s is a bare number; a %s needs a unit "
                          "(%s): write \"%.15g%s\"", text, what, list, node->valuedouble, unit);
      return false;
    }
  if (!cJSON_IsString (node))
    {
      scenario_problem (l, node, false, path, "expected a %s (a string like \"10%s\"), got %s",
                        what, unit, scenario_json_type (node));
      return false;
    }
  s = node->valuestring;
  status = scenario_parse_quantity (s, units, n_units, out, &unit_at);
  if (status == QUANTITY_OK && *out > max)
    status = QUANTITY_TOO_LARGE;
  if (status == QUANTITY_OK)
    return true;
  /* Text a message cannot quote as it is (long, control characters): said
   * shortly; it is no duration anyway. */
  if (strcmp (scenario_show (l, s), s) != 0)
    {
      scenario_problem (l, node, false, path, "\"%s\" is not a %s (a number and a unit, "
                        "e.g. \"10%s\")", scenario_show (l, s), what, unit);
      return false;
    }
  mistake = scenario_quantity_mistake (s, units, n_units, what, unit);
  if (mistake != NULL)
    {
      scenario_problem (l, node, false, path, "%s", mistake);
      return false;
    }
  switch (status)
    {
    case QUANTITY_OK:
      g_assert_not_reached ();
    case QUANTITY_NEGATIVE:
      scenario_problem (l, node, false, path, "\"%s\" is negative: a %s is 0 or more", s, what);
      return false;
    case QUANTITY_NO_NUMBER:
      scenario_problem (l, node, false, path, "\"%s\" is not a %s (a number and a unit, "
                        "e.g. \"10%s\")", s, what, unit);
      return false;
    case QUANTITY_NO_UNIT:
      scenario_problem (l, node, false, path, "\"%s\" has no unit (add one of %s)", s, list);
      return false;
    case QUANTITY_BAD_UNIT:
      hint = scenario_suggest (unit_at, unit_names, n_units);
      if (hint != NULL)
        scenario_problem (l, node, false, path, "\"%s\": unknown unit \"%s\" (did you mean "
                          "\"%s\"?)", s, unit_at, hint);
      else
        scenario_problem (l, node, false, path, "\"%s\": unknown unit \"%s\" (one of %s)", s,
                          unit_at, list);
      return false;
    case QUANTITY_FRACTION:
      scenario_problem (l, node, false, path, "\"%s\" is not a whole number of %s", s, grain);
      return false;
    case QUANTITY_TOO_LARGE:
      scenario_problem (l, node, false, path, "\"%s\" is too large (a %s is at most %s)", s,
                        what, limit);
      return false;
    }
  g_assert_not_reached ();
}

bool
scenario_read_duration (ScenarioLoader *l, const cJSON *node, const char *path, int64_t min,
                        int64_t *out)
{
  int64_t v;

  if (!scenario_read_quantity (l, node, path, duration_units, duration_unit_names,
                               G_N_ELEMENTS (duration_units), "duration", "ms",
                               "nanoseconds", SCENARIO_MAX_DURATION,
                               "1000000s, about 11.6 days", &v))
    return false;
  if (v < min)
    {
      if (min == 1)
        scenario_problem (l, node, false, path, "must be > 0 (got \"%s\")",
                          scenario_show (l, node->valuestring));
      else
        scenario_problem (l, node, false, path, "must be at least %" G_GINT64_FORMAT "ns "
                          "(got \"%s\")", min, scenario_show (l, node->valuestring));
      return false;
    }
  *out = v;
  return true;
}

/* `max` in words: "1GiB", "64KiB", "8 EiB" for INT64_MAX. */
static char *
scenario_size_text (int64_t max)
{
  for (size_t i = G_N_ELEMENTS (size_units); i-- > 1;)
    if (max != INT64_MAX && max % size_units[i].scale == 0)
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s", max / size_units[i].scale,
                              size_units[i].name);
  return max == INT64_MAX ? g_strdup ("8 EiB") : g_strdup_printf ("%" G_GINT64_FORMAT "B", max);
}

bool
scenario_read_size (ScenarioLoader *l, const cJSON *node, const char *path, int64_t max,
                    int64_t *out)
{
  g_autofree char *limit = scenario_size_text (max);

  return scenario_read_quantity (l, node, path, size_units, size_unit_names,
                                 G_N_ELEMENTS (size_units), "size", "KiB", "bytes", max, limit,
                                 out);
}

/* A bound in digits: 1000000000000000, not 1e+15. */
static char *
scenario_bound_text (double v)
{
  if (v == floor (v) && fabs (v) <= 0x1p53)
    return g_strdup_printf ("%.0f", v);
  return g_strdup_printf ("%.15g", v);
}

/* "between 1 and 1000000", "at least 1": the bounds worth naming. */
static char *
scenario_bounds (double min, double max, bool exclusive_min)
{
  g_autofree char *lo = scenario_bound_text (min);
  g_autofree char *hi = scenario_bound_text (max);

  if (exclusive_min)
    return max >= 0x1p53 ? g_strdup_printf ("> %s", lo)
                         : g_strdup_printf ("> %s and at most %s", lo, hi);
  if (max >= 0x1p53)
    return g_strdup_printf ("at least %s", lo);
  return g_strdup_printf ("between %s and %s", lo, hi);
}

/* Whether the number `node` as written is a whole number, from its digits:
 * 1.0000000000000001 and 1e-400 are not (their doubles are 1 and 0), 1e3
 * and 100e-2 are.  True when the text is not at hand (the double decided). */
static bool
scenario_written_integer (ScenarioLoader *l, const cJSON *node)
{
  const JsonPos *pos = jsonpos_lookup (l->pos, node);
  const char *p, *end;
  int64_t exp10 = 0, trailing_zeros = 0, frac_digits = 0;
  bool nonzero = false;

  if (pos == NULL || pos->token == NULL || pos->token_len == 0)
    return true;
  p = pos->token;
  end = p + pos->token_len;
  if (p < end && *p == '-')
    p++;
  for (bool frac = false; p < end && (g_ascii_isdigit (*p) || (*p == '.' && !frac)); p++)
    {
      if (*p == '.')
        {
          frac = true;
          continue;
        }
      frac_digits += frac;
      if (*p != '0')
        {
          nonzero = true;
          trailing_zeros = 0;
        }
      else if (nonzero)
        trailing_zeros++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      bool neg = false;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
      for (; p < end && g_ascii_isdigit (*p); p++)
        exp10 = MIN (exp10 * 10 + (*p - '0'), (int64_t) 1 << 40);
      if (neg)
        exp10 = -exp10;
    }
  return !nonzero || exp10 - frac_digits + trailing_zeros >= 0;
}

bool
scenario_read_integer (ScenarioLoader *l, const cJSON *node, const char *path, int64_t min,
                       int64_t max, int64_t *out)
{
  double v;

  if (!cJSON_IsNumber (node))
    {
      scenario_problem (l, node, false, path, "expected an integer, got %s%s",
                        scenario_json_type (node),
                        cJSON_IsString (node) ? " (write numbers without quotes)" : "");
      return false;
    }
  v = node->valuedouble;
  if (!isfinite (v) || v != floor (v) || !scenario_written_integer (l, node))
    {
      g_autofree char *text = scenario_number_text (l, node);
      g_autofree char *bounds = scenario_bounds ((double) min, (double) max, false);

      if (!isfinite (v))
        scenario_problem (l, node, false, path, "%s is too large; must be %s", text, bounds);
      else
        scenario_problem (l, node, false, path, "expected an integer, got %s", text);
      return false;
    }
  if (v < (double) min || v > (double) max)
    {
      g_autofree char *bounds = scenario_bounds ((double) min, (double) max, false);
      g_autofree char *text = scenario_number_text (l, node);

      /* As for 1e400: said in words, with the range. */
      if (v > (double) max && max >= ((int64_t) 1 << 53))
        scenario_problem (l, node, false, path, "%s is too large; must be at most %"
                          G_GINT64_FORMAT, text, max);
      else if (v > (double) max)
        scenario_problem (l, node, false, path, "%s is too large; must be %s", text, bounds);
      else
        scenario_problem (l, node, false, path, "must be %s, got %s", bounds, text);
      return false;
    }
  *out = (int64_t) v;
  return true;
}

/* Exact for the whole uint64 range when the digits are at hand: a seed such
 * as 2^63 - 1 is not a double. */
bool
scenario_read_unsigned (ScenarioLoader *l, const cJSON *node, const char *path, uint64_t min,
                        uint64_t max, uint64_t *out)
{
  const JsonPos *pos = jsonpos_lookup (l->pos, node);
  double v;

  if (cJSON_IsNumber (node) && pos != NULL && pos->token != NULL && pos->token_len > 0
      && pos->token_len < 32 && g_ascii_isdigit (pos->token[0]))
    {
      g_autofree char *digits = g_strndup (pos->token, pos->token_len);
      guint64 v;

      if (strspn (digits, "0123456789") == pos->token_len)
        {
          if (!g_ascii_string_to_unsigned (digits, 10, min, max, &v, NULL))
            {
              scenario_problem (l, node, false, path, "must be an integer between %" G_GUINT64_FORMAT
                                " and %" G_GUINT64_FORMAT ", got %s", (guint64) min,
                                (guint64) max, digits);
              return false;
            }
          *out = v;
          return true;
        }
    }
  /* Not plain digits ("1e3", "-1"): go by the double. */
  if (!cJSON_IsNumber (node))
    {
      scenario_problem (l, node, false, path, "expected an integer, got %s%s",
                        scenario_json_type (node),
                        cJSON_IsString (node) ? " (write numbers without quotes)" : "");
      return false;
    }
  v = node->valuedouble;
  if (!isfinite (v) || v != floor (v) || !scenario_written_integer (l, node))
    {
      g_autofree char *text = scenario_number_text (l, node);

      if (!isfinite (v))
        scenario_problem (l, node, false, path, "%s is too large; must be an integer between %"
                          G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT, text, (guint64) min,
                          (guint64) max);
      else
        scenario_problem (l, node, false, path, "expected an integer, got %s", text);
      return false;
    }
  if (v < (double) min || v >= 0x1p64 || (uint64_t) v > max)
    {
      scenario_problem (l, node, false, path, "must be an integer between %" G_GUINT64_FORMAT
                        " and %" G_GUINT64_FORMAT ", got %.15g", (guint64) min, (guint64) max, v);
      return false;
    }
  *out = (uint64_t) v;
  return true;
}

bool
scenario_read_number (ScenarioLoader *l, const cJSON *node, const char *path, double min,
                      double max, bool exclusive_min, double *out)
{
  double v;

  if (!cJSON_IsNumber (node))
    {
      scenario_problem (l, node, false, path, "expected a number, got %s",
                        scenario_json_type (node));
      return false;
    }
  v = node->valuedouble;
  if (!isfinite (v) || v < min || v > max || (exclusive_min && v <= min))
    {
      g_autofree char *bounds = scenario_bounds (min, max, exclusive_min);
      g_autofree char *text = scenario_number_text (l, node);

      scenario_problem (l, node, false, path, "must be %s, got %s", bounds, text);
      return false;
    }
  *out = v;
  return true;
}

bool
scenario_read_enum (ScenarioLoader *l, const cJSON *node, const char *path,
                    const char *const *names, int n_names, int *out)
{
  g_autoptr (GString) list = g_string_new (NULL);
  const char *hint;

  for (int i = 0; i < n_names; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", names[i]);
  if (!cJSON_IsString (node))
    {
      scenario_problem (l, node, false, path, "expected a string (one of %s), got %s",
                        list->str, scenario_json_type (node));
      return false;
    }
  for (int i = 0; i < n_names; i++)
    if (strcmp (node->valuestring, names[i]) == 0)
      {
        *out = i;
        return true;
      }
  hint = scenario_suggest (node->valuestring, names, (size_t) n_names);
  if (hint != NULL)
    scenario_problem (l, node, false, path, "\"%s\" is not one of %s (did you mean \"%s\"?)",
                      scenario_show (l, node->valuestring), list->str, hint);
  else
    scenario_problem (l, node, false, path, "\"%s\" is not one of %s",
                      scenario_show (l, node->valuestring), list->str);
  return false;
}

/* ORDER the branches of scenario_read_dist */
static const char *const dist_keys[] = { "exp", "uniform", "normal", "lognormal", "pareto" };

static bool
scenario_read_uniform (ScenarioLoader *l, const cJSON *node, const char *path, Dist *out)
{
  int64_t bound[2] = { 0, 0 };
  bool ok = true;
  int i = 0;

  if (!cJSON_IsArray (node) || cJSON_GetArraySize (node) != 2)
    {
      scenario_problem (l, node, false, path, "expected an array of two durations [low, high], "
                        "got %s", cJSON_IsArray (node) ? "another number of elements"
                                                       : scenario_json_type (node));
      return false;
    }
  for (const cJSON *e = node->child; e != NULL; e = e->next, i++)
    {
      g_autofree char *epath = g_strdup_printf ("%s[%d]", path, i);

      ok = scenario_read_duration (l, e, epath, 0, &bound[i]) && ok;
    }
  if (!ok)
    return false;
  if (bound[0] > bound[1])
    {
      scenario_problem (l, node, false, path, "low \"%s\" is above high \"%s\"",
                        node->child->valuestring, node->child->next->valuestring);
      return false;
    }
  *out = (Dist) { DIST_UNIFORM, (double) bound[0], (double) bound[1] };
  return true;
}

bool
scenario_read_dist (ScenarioLoader *l, const cJSON *node, const char *path, bool positive_mean,
                    Dist *out)
{
  const KeyTable *tables[] = { NULL, NULL, &scenario_table_normal, &scenario_table_lognormal,
                               &scenario_table_pareto };
  const cJSON *child;
  g_autofree char *cpath = NULL;
  DistParts parts = { 0, 0, 0 };
  guint before = l->problems->len;
  Dist d = dist_const (0);
  int64_t v;
  int kind = -1;

  if (cJSON_IsString (node) || cJSON_IsNumber (node))
    {
      if (!scenario_read_duration (l, node, path, 0, &v))
        return false;
      d = dist_const ((double) v);
    }
  else if (!cJSON_IsObject (node))
    {
      scenario_problem (l, node, false, path, "expected a distribution (a duration such as "
                        "\"10ms\", or an object such as {\"exp\": \"10ms\"}), got %s",
                        scenario_json_type (node));
      return false;
    }
  else
    {
      child = node->child;
      if (child == NULL)
        {
          scenario_problem (l, node, false, path, "empty distribution: expected one key of "
                            "exp, uniform, normal, lognormal, pareto");
          return false;
        }
      if (child->next != NULL)
        {
          scenario_problem (l, child->next, true, path, "a distribution has exactly one key "
                            "(one of exp, uniform, normal, lognormal, pareto)");
          return false;
        }
      cpath = g_strdup_printf ("%s.%s", path, scenario_show (l, child->string));
      for (int i = 0; i < (int) G_N_ELEMENTS (dist_keys); i++)
        if (strcmp (child->string, dist_keys[i]) == 0)
          kind = i;
      switch (kind)
        {
        case 0:
          if (!scenario_read_duration (l, child, cpath, 0, &v))
            return false;
          d = (Dist) { DIST_EXP, (double) v, 0 };
          break;
        case 1:
          if (!scenario_read_uniform (l, child, cpath, &d))
            return false;
          break;
        case 2:
        case 3:
        case 4:
          scenario_read_object (l, tables[kind], child, cpath, &parts);
          if (l->problems->len != before)
            return false;
          d.kind = kind == 2 ? DIST_NORMAL : kind == 3 ? DIST_LOGNORMAL : DIST_PARETO;
          d.a = (double) parts.a;
          d.b = kind == 2 ? (double) parts.b : parts.x;
          break;
        default:
          if (strcmp (child->string, "period") == 0 || strcmp (child->string, "burst") == 0)
            scenario_problem (l, child, true, cpath, "\"%s\" is only for gui.events; a "
                              "distribution is one of exp, uniform, normal, lognormal, pareto",
                              child->string);
          else
            {
              const char *hint = scenario_suggest (child->string, dist_keys,
                                                   G_N_ELEMENTS (dist_keys));
              if (hint != NULL)
                scenario_problem_unknown (l, child, cpath, "unknown distribution \"%s\" (did "
                                          "you mean \"%s\"?)", scenario_show (l, child->string),
                                          hint);
              else
                scenario_problem_unknown (l, child, cpath, "unknown distribution \"%s\" (one "
                                          "of exp, uniform, normal, lognormal, pareto)",
                                          scenario_show (l, child->string));
            }
          return false;
        }
    }
  if (positive_mean && !(dist_mean (&d) > 0))
    {
      scenario_problem (l, node, false, path, "the mean inter-arrival time must be > 0");
      return false;
    }
  *out = d;
  return true;
}
