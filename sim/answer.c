/* The answer of a lesson, parsed into its placeholders and the runs they
 * need (see answer.h).  Parsing happens at every load of a scenario with an
 * answer, so a lesson that names a figure the catalogue does not have
 * fails where it is written, not when a student asks for the answer. */
#include "sim/answer.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "models/config.h"

struct _Answer {
  char *text;
  GArray *refs;                  /* AnswerRef; their `text` points into `pieces` */
  GPtrArray *pieces;             /* char *: what refs' `text` points to */
  GArray *spans;                 /* AnswerSpan: the text between placeholders and each */
  GPtrArray *variants;           /* GStrv: each variant's changes */
};

/* One piece of the answer in order: plain text, or placeholder `ref`. */
typedef struct {
  size_t start, len;             /* bytes of `text` */
  long ref;                      /* index into refs; -1: plain text */
} AnswerSpan;

void
answer_free (Answer *a)
{
  if (a == NULL)
    return;
  g_free (a->text);
  g_array_unref (a->refs);
  g_ptr_array_unref (a->pieces);
  g_array_unref (a->spans);
  g_ptr_array_unref (a->variants);
  g_free (a);
}

/* ---- parsing ---------------------------------------------------------- */

static bool
answer_fail (GError **error, const char *placeholder, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static bool
answer_fail (GError **error, const char *placeholder, const char *format, ...)
{
  g_autofree char *why = NULL;
  va_list ap;

  va_start (ap, format);
  why = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", placeholder, why);
  return false;
}

/* The numeric figure whose key shares the longest start with `key`, for
 * "did you mean"; NULL if none shares three bytes. */
static const char *
answer_closest_key (const char *key)
{
  const char *best = NULL;
  size_t best_len = 0;

  /* A key sharing the longest prefix with the one given is a good guess
   * for a misspelt leaf ("faults.innocent.stalled" -> ..._threads). */
  for (int f = 0; f < FIG_COUNT; f++)
    {
      size_t n = 0;

      if (!figures_numeric ((FigureId) f))
        continue;
      while (key[n] != '\0' && key[n] == figures[f].key[n])
        n++;
      if (n > best_len)
        {
          best_len = n;
          best = figures[f].key;
        }
    }
  return best_len >= 3 ? best : NULL;
}

static bool
answer_parse_key (const char *placeholder, const char *key, FigureId *out, GError **error)
{
  const char *close;

  if (key[0] == '\0')
    return answer_fail (error, placeholder, "no figure named after the ':'");
  if (!figures_find (key, out) || !figures_numeric (*out))
    {
      close = answer_closest_key (key);
      return answer_fail (error, placeholder, "'%s' is not a figure of a run%s%s%s (the keys "
                          "are those of 'mksim run --json', listed in scenarios/SCHEMA.md)",
                          key, close != NULL ? "; did you mean '" : "", close != NULL ? close : "",
                          close != NULL ? "'?" : "");
    }
  if (*out == FIG_WALL)
    return answer_fail (error, placeholder, "wall_s is wall-clock time, different in every run: "
                        "an answer quotes simulated figures only");
  return true;
}

/* The index of the variant with changes `sets`, added if new. */
static size_t
answer_variant_index (Answer *a, GStrv sets)
{
  for (guint v = 0; v < a->variants->len; v++)
    {
      GStrv have = a->variants->pdata[v];

      if (g_strv_equal ((const char *const *) have, (const char *const *) sets))
        {
          g_strfreev (sets);
          return v;
        }
    }
  g_ptr_array_add (a->variants, sets);
  return a->variants->len - 1;
}

/* The selector before the ':' of `placeholder`: strategies and changes. */
static bool
answer_parse_selector (Answer *a, const char *placeholder, const char *selector,
                       AnswerRef *ref, GError **error)
{
  g_auto (GStrv) items = g_strsplit (selector, " ", -1);
  g_autoptr (GPtrArray) sets = g_ptr_array_new_with_free_func (g_free);
  size_t n_items = 0;

  for (char **item = items; *item != NULL; item++)
    {
      const char *eq = strchr (*item, '=');
      int k;

      if (**item == '\0')
        continue;
      n_items++;
      if (eq == NULL)
        {
          k = strategy_from_name (*item);
          if (k < 0)
            {
              g_autofree char *names = g_strjoinv (", ", (char **) strategy_names);

              return answer_fail (error, placeholder, "'%s' is neither a strategy (%s) nor "
                                  "a change PATH=VALUE", *item, names);
            }
          if (ref->strategy != ANSWER_OWN_STRATEGY)
            return answer_fail (error, placeholder, "two strategies; a figure is of one run");
          ref->strategy = k;
          continue;
        }
      if (eq == *item || eq[1] == '\0')
        return answer_fail (error, placeholder, "'%s' wants PATH=VALUE, both not empty", *item);
      if (eq - *item == (ptrdiff_t) strlen ("strategy") && g_str_has_prefix (*item, "strategy"))
        return answer_fail (error, placeholder, "name the strategy alone, as '%s', not '%s'",
                            eq + 1, *item);
      g_ptr_array_add (sets, g_strdup (*item));
    }
  if (n_items == 0)
    return answer_fail (error, placeholder, "nothing before the ':' (write {KEY} for the "
                        "scenario as it is)");
  g_ptr_array_add (sets, NULL);
  ref->variant = answer_variant_index (a, (GStrv) g_ptr_array_free (g_steal_pointer (&sets),
                                                                     FALSE));
  return true;
}

/* The placeholder `placeholder` ("{...}"). */
static bool
answer_parse_ref (Answer *a, const char *placeholder, AnswerRef *ref, GError **error)
{
  g_autofree char *inner = g_strndup (placeholder + 1, strlen (placeholder) - 2);
  char *colon = strrchr (inner, ':');
  const char *key = inner;

  ref->strategy = ANSWER_OWN_STRATEGY;
  ref->variant = 0;
  ref->text = placeholder;
  if (inner[0] == '\0')
    return answer_fail (error, placeholder, "an empty placeholder (write '{{' for a literal "
                        "brace)");
  if (colon != NULL)
    {
      *colon = '\0';
      key = colon + 1;
      if (!answer_parse_selector (a, placeholder, inner, ref, error))
        return false;
    }
  return answer_parse_key (placeholder, key, &ref->figure, error);
}

/* The '}' that closes the placeholder opening at `p`: braces inside it
 * nest, for a change whose value is a JSON object; NULL if none does. */
static const char *
answer_closing_brace (const char *p)
{
  int depth = 0;

  for (; *p != '\0'; p++)
    if (*p == '{')
      depth++;
    else if (*p == '}' && --depth == 0)
      return p;
  return NULL;
}

static void
answer_add_text (Answer *a, size_t start, size_t len)
{
  AnswerSpan span = { start, len, -1 };

  if (len > 0)
    g_array_append_val (a->spans, span);
}

Answer *
answer_parse (const char *text, GError **error)
{
  g_autoptr (Answer) a = g_new0 (Answer, 1);
  size_t plain = 0;                /* where the plain text being gathered starts */
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  a->text = g_strdup (text);
  a->refs = g_array_new (FALSE, FALSE, sizeof (AnswerRef));
  a->pieces = g_ptr_array_new_with_free_func (g_free);
  a->spans = g_array_new (FALSE, FALSE, sizeof (AnswerSpan));
  a->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (a->variants, g_new0 (char *, 1));
  for (p = a->text; *p != '\0'; p++)
    {
      size_t at = (size_t) (p - a->text);
      const char *end;
      char *placeholder;
      AnswerRef ref;
      AnswerSpan span;

      if (*p != '{')
        continue;
      if (p[1] == '{')
        {
          /* "{{": the text so far and one brace. */
          answer_add_text (a, plain, at + 1 - plain);
          plain = at + 2;
          p++;
          continue;
        }
      end = answer_closing_brace (p);
      if (end == NULL)
        {
          g_autofree char *start = g_strndup (p, MIN (strlen (p), (size_t) 40));

          answer_fail (error, start, "a '{' not closed by '}' (write '{{' for a literal "
                       "brace)");
          return NULL;
        }
      placeholder = g_strndup (p, (size_t) (end + 1 - p));
      g_ptr_array_add (a->pieces, placeholder);
      if (!answer_parse_ref (a, placeholder, &ref, error))
        return NULL;
      answer_add_text (a, plain, at - plain);
      g_array_append_val (a->refs, ref);
      span = (AnswerSpan) { at, (size_t) (end + 1 - p), (long) a->refs->len - 1 };
      g_array_append_val (a->spans, span);
      p = end;
      plain = (size_t) (end + 1 - a->text);
    }
  answer_add_text (a, plain, strlen (a->text) - plain);
  return g_steal_pointer (&a);
}

/* ---- what it needs ---------------------------------------------------- */

size_t
answer_n_refs (const Answer *a)
{
  return a->refs->len;
}

const AnswerRef *
answer_ref (const Answer *a, size_t i)
{
  g_return_val_if_fail (i < a->refs->len, NULL);
  return &g_array_index (a->refs, AnswerRef, i);
}

size_t
answer_n_variants (const Answer *a)
{
  return a->variants->len;
}

const char *const *
answer_variant_sets (const Answer *a, size_t v)
{
  g_return_val_if_fail (v < a->variants->len, NULL);
  return a->variants->pdata[v];
}

size_t
answer_variant_strategies (const Answer *a, size_t v, int own, int *out)
{
  bool used[STRATEGY_COUNT] = { false };
  size_t n = 0;

  if (v == 0)
    used[own] = true;
  for (guint i = 0; i < a->refs->len; i++)
    {
      const AnswerRef *r = &g_array_index (a->refs, AnswerRef, i);

      if (r->variant == v)
        used[r->strategy == ANSWER_OWN_STRATEGY ? own : r->strategy] = true;
    }
  for (int k = 0; k < STRATEGY_COUNT; k++)
    if (used[k])
      out[n++] = k;
  return n;
}

char *
answer_variant_label (const Answer *a, size_t v)
{
  GString *s = g_string_new (NULL);

  for (const char *const *set = answer_variant_sets (a, v); *set != NULL; set++)
    g_string_append_printf (s, "%s--set %s", s->len > 0 ? " " : "", *set);
  return g_string_free (s, FALSE);
}

/* ---- filling it in ---------------------------------------------------- */

void
answer_render (const Answer *a, const AnswerRender *how, void *data, GString *out)
{
  for (guint i = 0; i < a->spans->len; i++)
    {
      const AnswerSpan *span = &g_array_index (a->spans, AnswerSpan, i);

      if (span->ref < 0)
        how->literal (out, a->text + span->start, span->len, data);
      else
        how->ref (out, answer_ref (a, (size_t) span->ref), data);
    }
}

/* Does `run` hold the variant of `ref`?  Its value index into `value`. */
static bool
answer_run_matches (const Answer *a, const AnswerRef *ref, const AnswerRun *run, size_t *value)
{
  const char *const *sets = answer_variant_sets (a, ref->variant);
  const Batch *b = run->batch;

  *value = 0;
  if (run->answer != NULL)
    return run->answer == a && run->variant == ref->variant;
  if (b->param == NULL)
    return ref->variant == 0;
  /* A sweep: the one change PARAM=VALUE of one of its values. */
  if (sets[0] == NULL || sets[1] != NULL)
    return false;
  for (size_t v = 0; v < b->n_values; v++)
    {
      g_autofree char *set = g_strdup_printf ("%s=%s", b->param, b->values[v]);

      if (strcmp (set, sets[0]) == 0)
        {
          *value = v;
          return true;
        }
    }
  return false;
}

bool
answer_value (const Answer *a, const AnswerRef *ref, int own, const AnswerRun *runs,
              size_t n_runs, double *mean, double *half, bool *with_ci)
{
  int k = ref->strategy == ANSWER_OWN_STRATEGY ? own : ref->strategy;

  for (size_t i = 0; i < n_runs; i++)
    {
      const Batch *b = runs[i].batch;
      size_t value;

      if (!answer_run_matches (a, ref, &runs[i], &value))
        continue;
      for (size_t s = 0; s < b->n_strategies; s++)
        if (b->strategies[s] == k)
          {
            size_t cell = batch_cell (b, value, s, ref->figure);

            *mean = b->mean[cell];
            *half = b->half[cell];
            *with_ci = b->runs > 1;
            return !isnan (*mean);
          }
    }
  return false;
}

char *
answer_ref_label (const Answer *a, const AnswerRef *ref, int own)
{
  g_autofree char *changes = answer_variant_label (a, ref->variant);
  int k = ref->strategy == ANSWER_OWN_STRATEGY ? own : ref->strategy;

  return g_strdup_printf ("%s (%s%s%s)", figures[ref->figure].label, strategy_names[k],
                          changes[0] != '\0' ? ", " : "", changes);
}
