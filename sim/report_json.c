/* The JSON result of one run, in the shape of DESIGN.md "Result format",
 * and its fingerprint.  The keys, their order and the objects around them
 * are the catalogue's (sim/figures.def): the writer walks it from top to
 * bottom, writing each scalar figure as its entry says and handing each
 * structured part (threads, the authority matrix, ...) to its own writer
 * below.
 *
 * The JSON is built by hand into a GString rather than through cJSON: the key
 * order, the number formats and so the bytes must be stable across versions
 * of any library, because the fingerprint is a hash of those bytes and tests
 * compare results byte for byte.  Integers are printed as integers, means and
 * standard deviations with one decimal ("%.1f" in the C locale), wall_s with
 * three. */
#include "sim/report_json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "sim/figures.h"
#include "sim/report.h"

#define JW_MAX_DEPTH 16

/* A pretty-printing JSON writer.  Containers opened `compact` (and all
 * inside them) stay on one line, so a latency summary or a thread entry
 * reads as one row. */
typedef struct {
  GString *s;
  int depth;
  bool first[JW_MAX_DEPTH];    /* nothing written yet at this level */
  bool compact[JW_MAX_DEPTH];
} JsonWriter;

void
report_json_string (GString *s, const char *str)
{
  g_autofree char *valid = NULL;

  /* Names come from scenario files; a stray invalid byte must not make the
   * whole result unparsable. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);
  g_string_append_c (s, '"');
  for (const unsigned char *p = (const unsigned char *) str; *p != '\0'; p++)
    switch (*p)
      {
      case '"':  g_string_append (s, "\\\""); break;
      case '\\': g_string_append (s, "\\\\"); break;
      case '\b': g_string_append (s, "\\b"); break;
      case '\f': g_string_append (s, "\\f"); break;
      case '\n': g_string_append (s, "\\n"); break;
      case '\r': g_string_append (s, "\\r"); break;
      case '\t': g_string_append (s, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (s, "\\u%04x", *p);
        else
          g_string_append_c (s, (char) *p);
      }
  g_string_append_c (s, '"');
}

static void
jw_newline (JsonWriter *w, int depth)
{
  g_string_append_c (w->s, '\n');
  for (int i = 0; i < depth; i++)
    g_string_append (w->s, "  ");
}

/* Starts a member (key != NULL) or an array element. */
static void
jw_item (JsonWriter *w, const char *key)
{
  if (w->depth > 0)
    {
      bool first = w->first[w->depth];

      if (!first)
        g_string_append_c (w->s, ',');
      if (!w->compact[w->depth])
        jw_newline (w, w->depth);
      else if (!first)
        g_string_append_c (w->s, ' ');
      w->first[w->depth] = false;
    }
  if (key != NULL)
    {
      report_json_string (w->s, key);
      g_string_append (w->s, ": ");
    }
}

static void
jw_open (JsonWriter *w, const char *key, char bracket, bool compact)
{
  jw_item (w, key);
  g_string_append_c (w->s, bracket);
  g_assert (w->depth + 1 < JW_MAX_DEPTH);
  w->depth++;
  w->first[w->depth] = true;
  w->compact[w->depth] = compact || w->compact[w->depth - 1];
}

static void
jw_close (JsonWriter *w, char bracket)
{
  bool empty = w->first[w->depth];
  bool compact = w->compact[w->depth];

  g_assert (w->depth > 0);
  w->depth--;
  if (!empty && !compact)
    jw_newline (w, w->depth);
  g_string_append_c (w->s, bracket);
}

static void
jw_object (JsonWriter *w, const char *key, bool compact)
{
  jw_open (w, key, '{', compact);
}

static void
jw_array (JsonWriter *w, const char *key, bool compact)
{
  jw_open (w, key, '[', compact);
}

static void
jw_end_object (JsonWriter *w)
{
  jw_close (w, '}');
}

static void
jw_end_array (JsonWriter *w)
{
  jw_close (w, ']');
}

static void
jw_string (JsonWriter *w, const char *key, const char *value)
{
  jw_item (w, key);
  if (value == NULL)
    g_string_append (w->s, "null");
  else
    report_json_string (w->s, value);
}

static void
jw_u64 (JsonWriter *w, const char *key, uint64_t value)
{
  jw_item (w, key);
  g_string_append_printf (w->s, "%" PRIu64, value);
}

static void
jw_i64 (JsonWriter *w, const char *key, int64_t value)
{
  jw_item (w, key);
  g_string_append_printf (w->s, "%" PRId64, value);
}

static void
jw_bool (JsonWriter *w, const char *key, bool value)
{
  jw_item (w, key);
  g_string_append (w->s, value ? "true" : "false");
}

/* `format` is a printf format for one double, applied in the C locale. */
static void
jw_double (JsonWriter *w, const char *key, const char *format, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  jw_item (w, key);
  if (!isfinite (value))
    g_string_append (w->s, "null");   /* JSON has no NaN or Infinity */
  else
    g_string_append (w->s, g_ascii_formatd (buf, sizeof buf, format, value));
}

/* ---- the catalogue's figures ----------------------------------------- */

/* One scalar figure as its catalogue entry says: integers as integers,
 * reals in their format, names as strings. */
static void
json_scalar (JsonWriter *w, const char *key, FigureId f, const RunResult *r)
{
  switch (figures[f].type)
    {
    case FIGURE_TYPE_U64:
      jw_u64 (w, key, figures_u64 (f, r));
      return;
    case FIGURE_TYPE_I64:
    case FIGURE_TYPE_INT:
      jw_i64 (w, key, figures_i64 (f, r));
      return;
    case FIGURE_TYPE_REAL:
      jw_double (w, key, figures_real_format (f), figures_real (f, r));
      return;
    case FIGURE_TYPE_TEXT:
    case FIGURE_TYPE_CHARS:
      jw_string (w, key, figures_text (f, r));
      return;
    case FIGURE_TYPE_DERIVED:
    case FIGURE_TYPE_PART:
      break;
    }
  g_assert_not_reached ();
}

/* Is the object `open` ("faults.innocent", "" for the root) `key`'s parent
 * (`parent_len` bytes of it) or an ancestor of it? */
static bool
json_holds (const GString *open, const char *key, size_t parent_len)
{
  return open->len == 0
         || (open->len <= parent_len && strncmp (key, open->str, open->len) == 0
             && (open->len == parent_len || key[open->len] == '.'));
}

/* Moves the writer into the object of `key`'s parent: closes the open
 * objects (their path in `open`) that do not hold the key and opens those
 * missing, the innermost on one line if `one_line`.  Returns the key's last
 * part, the member's name.  The catalogue lists the figures of an object
 * together, so no object is ever opened twice. */
static const char *
json_enter (JsonWriter *w, GString *open, const char *key, bool one_line)
{
  const char *dot = strrchr (key, '.');
  size_t parent_len = dot != NULL ? (size_t) (dot - key) : 0;

  while (!json_holds (open, key, parent_len))
    {
      const char *last = strrchr (open->str, '.');

      jw_end_object (w);
      g_string_truncate (open, last != NULL ? (size_t) (last - open->str) : 0);
    }
  while (open->len < parent_len)
    {
      size_t start = open->len == 0 ? 0 : open->len + 1;
      const char *end = memchr (key + start, '.', parent_len - start);
      g_autofree char *name = NULL;

      if (end == NULL)
        end = key + parent_len;
      name = g_strndup (key + start, (size_t) (end - (key + start)));
      jw_object (w, name, one_line && end == key + parent_len);
      g_string_truncate (open, 0);
      g_string_append_len (open, key, end - key);
    }
  return dot != NULL ? dot + 1 : key;
}

/* ---- the structured parts --------------------------------------------- */

/* The causes as the model named them, so a cause figures.c does not know
 * yet still reaches the JSON. */
static void
json_drop_causes (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_object (w, key, true);
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    {
      const DropCause *d = &r->gui.dropped_by_cause[i];

      jw_u64 (w, d->cause != NULL ? d->cause : "unknown", d->count);
    }
  jw_end_object (w);
}

static void
json_matrix (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_array (w, key, false);
  for (size_t i = 0; i < r->authority.n_matrix; i++)
    {
      const AuthorityRight *a = &r->authority.matrix[i];

      jw_object (w, NULL, true);
      jw_string (w, "holder", a->holder);
      jw_string (w, "target", a->target);
      jw_string (w, "right", a->right);
      jw_end_object (w);
    }
  jw_end_array (w);
}

static void
json_kernel_features (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_array (w, key, true);
  for (size_t i = 0; i < r->authority.n_kernel_features; i++)
    jw_string (w, NULL, r->authority.kernel_features[i]);
  jw_end_array (w);
}

static void
json_deadlocks (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_array (w, key, false);
  for (size_t i = 0; i < r->n_deadlocks; i++)
    {
      jw_array (w, NULL, true);
      for (size_t j = 0; j < r->deadlocks[i].n_edges; j++)
        {
          const WaitEdge *e = &r->deadlocks[i].edges[j];

          jw_object (w, NULL, true);
          jw_string (w, "thread", e->thread);
          jw_string (w, "waits_on", e->waits_on);
          jw_string (w, "why", e->why);
          jw_end_object (w);
        }
      jw_end_array (w);
    }
  jw_end_array (w);
}

/* A thread's latency in the keys, types and formats of the run's own
 * (faults.latency_ns): a latency summary reads the same wherever it is. */
static void
json_thread_latency (JsonWriter *w, const StatSummary *l)
{
  const RunResult view = { .faults.latency = *l };

  jw_object (w, "latency_ns", true);
  for (int f = FIG_LATENCY_COUNT; f <= FIG_LATENCY_MAX; f++)
    json_scalar (w, figures_leaf ((FigureId) f), (FigureId) f, &view);
  jw_end_object (w);
}

static void
json_threads (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_array (w, key, false);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      const ThreadResult *t = &r->threads[i];

      jw_object (w, NULL, true);
      jw_string (w, "name", t->name);
      jw_string (w, "process", t->process);
      jw_string (w, "thread", t->thread);
      jw_i64 (w, "index", t->index);
      jw_string (w, "role", report_role_name (t->role));
      jw_i64 (w, "priority", t->priority);
      jw_i64 (w, "cpu", t->cpu);
      jw_i64 (w, "cpu_ns", t->cpu_ns);
      jw_u64 (w, "faults", t->faults);
      json_thread_latency (w, &t->latency);
      jw_string (w, "state", report_state_name (t->state));
      jw_bool (w, "hung", t->hung);
      /* null for a thread whose behavior never stopped it */
      jw_string (w, "misbehavior", t->misbehavior != MISBEHAVIOR_NONE
                                   ? misbehavior_names[t->misbehavior] : NULL);
      if (t->misbehavior != MISBEHAVIOR_NONE)
        jw_i64 (w, "misbehaved_at_ns", t->misbehaved_at_ns);
      else
        jw_string (w, "misbehaved_at_ns", NULL);
      jw_u64 (w, "ops_completed", t->ops_completed);
      jw_end_object (w);
    }
  jw_end_array (w);
}

static void
json_cpus (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_array (w, key, false);
  for (size_t i = 0; i < r->n_cpus; i++)
    {
      jw_object (w, NULL, true);
      jw_i64 (w, "busy_ns", r->cpus[i].busy_ns);
      jw_i64 (w, "idle_ns", r->cpus[i].idle_ns);
      jw_end_object (w);
    }
  jw_end_array (w);
}

/* The marks of a run that stopped early (only such a run has them). */
static void
json_incomplete (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_bool (w, key, r->incomplete);
}

static void
json_stopped (JsonWriter *w, const char *key, const RunResult *r)
{
  jw_string (w, key, r->stopped != NULL ? r->stopped : "the run stopped early");
}

typedef void (*JsonPartWriter) (JsonWriter *w, const char *key, const RunResult *r);

static const struct {
  FigureId part;
  JsonPartWriter write;
} json_parts[] = {
  { FIG_INCOMPLETE, json_incomplete },
  { FIG_STOPPED, json_stopped },
  { FIG_GUI_DROPPED_BY_CAUSE, json_drop_causes },
  { FIG_AUTHORITY_MATRIX, json_matrix },
  { FIG_KERNEL_FEATURES, json_kernel_features },
  { FIG_CPUS, json_cpus },
  { FIG_DEADLOCKS, json_deadlocks },
  { FIG_THREADS, json_threads },
};

static void
json_part (JsonWriter *w, const char *key, FigureId f, const RunResult *r)
{
  for (size_t i = 0; i < G_N_ELEMENTS (json_parts); i++)
    if (json_parts[i].part == f)
      {
        json_parts[i].write (w, key, r);
        return;
      }
  g_error ("report_json: no writer for the part %s", figures[f].key);
}

/* ---- the whole result ------------------------------------------------- */

/* The catalogue from top to bottom: the result in the order of DESIGN.md.
 * Derived figures are not written on their own, nor the marks of an
 * incomplete run in a run that finished.  `fingerprint` NULL leaves
 * that key out (the text that is hashed), and so does !with_wall for
 * wall_s. */
static char *
json_build (const RunResult *r, const char *fingerprint, bool with_wall)
{
  JsonWriter w = { .s = g_string_sized_new (4096) };
  g_autoptr (GString) open = g_string_new (NULL);

  jw_object (&w, NULL, false);
  for (int i = 0; i < FIG_COUNT; i++)
    {
      FigureId f = (FigureId) i;
      const char *key;

      if (!figures_in_json (f, r) || (f == FIG_FINGERPRINT && fingerprint == NULL)
          || (f == FIG_WALL && !with_wall))
        continue;
      key = json_enter (&w, open, figures[f].key, figures[f].one_line);
      if (figures[f].type == FIGURE_TYPE_PART)
        json_part (&w, key, f, r);
      else if (f == FIG_FINGERPRINT)
        jw_string (&w, key, fingerprint);
      else
        json_scalar (&w, key, f, r);
    }
  json_enter (&w, open, "", false);
  jw_end_object (&w);
  g_assert (w.depth == 0);
  return g_string_free (w.s, FALSE);
}

void
report_json_fingerprint (const RunResult *r, char out[17])
{
  g_autofree char *text = json_build (r, NULL, false);
  uint64_t h = UINT64_C (0xcbf29ce484222325);   /* FNV-1a 64 offset basis */

  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      h ^= *p;
      h *= UINT64_C (0x100000001b3);
    }
  g_snprintf (out, 17, "%016" PRIx64, h);
}

char *
report_json (const RunResult *r, bool with_wall)
{
  char fp[17];

  g_return_val_if_fail (r != NULL, NULL);
  report_json_fingerprint (r, fp);
  return json_build (r, fp, with_wall);
}
