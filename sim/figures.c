/* The catalogue of a run's figures (see figures.h; the list itself is
 * figures.def).  A stored figure is read through its offset in RunResult,
 * with its type taken from the member by _Generic, so a line of figures.def
 * cannot claim a type its member does not have: a member of a type not
 * listed below does not compile. */
#include "sim/figures.h"

#include <math.h>
#include <string.h>

#include <glib.h>

/* ---- derived figures -------------------------------------------------- */

static double
figures_ipc_per_fault (const RunResult *r)
{
  return r->faults.total > 0 ? (double) r->kernel.ipc / (double) r->faults.total : 0.0;
}

static const char *const drop_cause_names[FIGURE_DROP_COUNT] = {
  /* ORDER FigureDropCause; the names models/gui.c gives them */
  "timeout", "overflow", "dead",
};
G_STATIC_ASSERT (G_N_ELEMENTS (drop_cause_names) == FIGURE_DROP_COUNT);

static const FigureId drop_cause_figures[FIGURE_DROP_COUNT] = {
  /* ORDER FigureDropCause */
  FIG_GUI_DROPPED_TIMEOUT, FIG_GUI_DROPPED_OVERFLOW, FIG_GUI_DROPPED_DEAD,
};
G_STATIC_ASSERT (G_N_ELEMENTS (drop_cause_figures) == FIGURE_DROP_COUNT);

FigureDropCause
figures_drop_cause (const char *name)
{
  for (int c = 0; c < FIGURE_DROP_COUNT; c++)
    if (name != NULL && strcmp (name, drop_cause_names[c]) == 0)
      return (FigureDropCause) c;
  return FIGURE_DROP_COUNT;
}

FigureId
figures_drop_cause_figure (FigureDropCause cause)
{
  g_assert (cause >= 0 && cause < FIGURE_DROP_COUNT);
  return drop_cause_figures[cause];
}

FigureDropCause
figures_drop_cause_of (FigureId id)
{
  for (int c = 0; c < FIGURE_DROP_COUNT; c++)
    if (drop_cause_figures[c] == id)
      return (FigureDropCause) c;
  return FIGURE_DROP_COUNT;
}

/* GUI events dropped for `cause`; 0 in a run without a GUI. */
static double
figures_gui_drops (const RunResult *r, FigureDropCause cause)
{
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    if (figures_drop_cause (r->gui.dropped_by_cause[i].cause) == cause)
      return (double) r->gui.dropped_by_cause[i].count;
  return 0;
}

static double
figures_gui_dropped_timeout (const RunResult *r)
{
  return figures_gui_drops (r, FIGURE_DROP_TIMEOUT);
}

static double
figures_gui_dropped_overflow (const RunResult *r)
{
  return figures_gui_drops (r, FIGURE_DROP_OVERFLOW);
}

static double
figures_gui_dropped_dead (const RunResult *r)
{
  return figures_gui_drops (r, FIGURE_DROP_DEAD);
}

/* ---- the table -------------------------------------------------------- */

/* The hashes of the result and of the scenario are the only arrays. */
#define FIGURE_TYPE_OF(member)                                                                 \
  _Generic (&((RunResult *) 0)->member,                                                        \
            uint64_t *: FIGURE_TYPE_U64,                                                       \
            int64_t *: FIGURE_TYPE_I64,                                                        \
            int *: FIGURE_TYPE_INT,                                                            \
            double *: FIGURE_TYPE_REAL,                                                        \
            char **: FIGURE_TYPE_TEXT,                                                         \
            char (*)[17]: FIGURE_TYPE_CHARS,                                                   \
            char (*)[65]: FIGURE_TYPE_CHARS)

#define FIELD(member)   .type = FIGURE_TYPE_OF (member), .offset = offsetof (RunResult, member)
#define DERIVED(fn)     .type = FIGURE_TYPE_DERIVED, .derive = fn
#define ONE_LINE        .one_line = true
#define SHOWN(name)     .show = FIGURE_SHOW_NONZERO, .file = name
#define KEY(name)       .show = FIGURE_SHOW_ALWAYS, .file = name
#define CSV(n)          .csv = n

const Figure figures[FIG_COUNT] = {
#define FIGURE(id, key_, getter, unit_, topic_, ...)                                           \
  [FIG_##id] = { .key = key_, getter, .unit = FIGURE_UNIT_##unit_,                             \
                 .topic = FIGURE_TOPIC_##topic_, .label = __VA_ARGS__ },
#define PART(id, key_) [FIG_##id] = { .key = key_, .type = FIGURE_TYPE_PART },
#define MARK(id, key_) [FIG_##id] = { .key = key_, .type = FIGURE_TYPE_PART, .mark = true },
#include "sim/figures.def"
#undef FIGURE
#undef PART
#undef MARK
};

#undef FIGURE_TYPE_OF
#undef FIELD
#undef DERIVED
#undef ONE_LINE
#undef SHOWN
#undef KEY
#undef CSV

/* ---- look-ups --------------------------------------------------------- */

bool
figures_find (const char *key, FigureId *out)
{
  for (int f = 0; f < FIG_COUNT; f++)
    if (strcmp (key, figures[f].key) == 0)
      {
        *out = (FigureId) f;
        return true;
      }
  return false;
}

const char *
figures_leaf (FigureId id)
{
  const char *dot = strrchr (figures[id].key, '.');

  return dot != NULL ? dot + 1 : figures[id].key;
}

bool
figures_in_json (FigureId id, const RunResult *r)
{
  return figures[id].type != FIGURE_TYPE_DERIVED && (!figures[id].mark || r->incomplete);
}

bool
figures_numeric (FigureId id)
{
  switch (figures[id].type)
    {
    case FIGURE_TYPE_U64:
    case FIGURE_TYPE_I64:
    case FIGURE_TYPE_INT:
    case FIGURE_TYPE_REAL:
    case FIGURE_TYPE_DERIVED:
      return true;
    case FIGURE_TYPE_TEXT:
    case FIGURE_TYPE_CHARS:
    case FIGURE_TYPE_PART:
      return false;
    }
  g_assert_not_reached ();
}

static const void *
figures_field (FigureId id, const RunResult *r)
{
  return (const char *) r + figures[id].offset;
}

uint64_t
figures_u64 (FigureId id, const RunResult *r)
{
  g_assert (figures[id].type == FIGURE_TYPE_U64);
  return *(const uint64_t *) figures_field (id, r);
}

int64_t
figures_i64 (FigureId id, const RunResult *r)
{
  if (figures[id].type == FIGURE_TYPE_INT)
    return *(const int *) figures_field (id, r);
  g_assert (figures[id].type == FIGURE_TYPE_I64);
  return *(const int64_t *) figures_field (id, r);
}

double
figures_real (FigureId id, const RunResult *r)
{
  g_assert (figures[id].type == FIGURE_TYPE_REAL);
  return *(const double *) figures_field (id, r);
}

const char *
figures_text (FigureId id, const RunResult *r)
{
  if (figures[id].type == FIGURE_TYPE_CHARS)
    return (const char *) figures_field (id, r);
  g_assert (figures[id].type == FIGURE_TYPE_TEXT);
  return *(char *const *) figures_field (id, r);
}

double
figures_value (FigureId id, const RunResult *r)
{
  switch (figures[id].type)
    {
    case FIGURE_TYPE_U64: return (double) figures_u64 (id, r);
    case FIGURE_TYPE_I64:
    case FIGURE_TYPE_INT: return (double) figures_i64 (id, r);
    case FIGURE_TYPE_REAL: return figures_real (id, r);
    case FIGURE_TYPE_DERIVED: return figures[id].derive (r);
    case FIGURE_TYPE_TEXT:
    case FIGURE_TYPE_CHARS:
    case FIGURE_TYPE_PART:
      break;
    }
  g_assert_not_reached ();
}

const char *
figures_real_format (FigureId id)
{
  g_assert (figures[id].type == FIGURE_TYPE_REAL);
  return figures[id].unit == FIGURE_UNIT_SECONDS ? "%.3f" : "%.1f";
}

size_t
figures_csv_columns (FigureId *out)
{
  size_t n = 0;

  for (int f = 0; f < FIG_COUNT; f++)
    if (figures[f].csv > 0)
      {
        g_assert (figures[f].csv <= FIG_COUNT);
        out[figures[f].csv - 1] = (FigureId) f;
        n = MAX (n, (size_t) figures[f].csv);
      }
  return n;
}

size_t
figures_compared (FigureId *out)
{
  size_t n = 0;

  for (int t = 0; t < FIGURE_TOPIC_COUNT; t++)
    for (int f = 0; f < FIG_COUNT; f++)
      if (figures[f].topic == (FigureTopic) t && figures[f].show != FIGURE_SHOW_NEVER)
        out[n++] = (FigureId) f;
  return n;
}

/* ---- units ------------------------------------------------------------ */

/* A unit for nanoseconds of magnitude `a`: its name and its size in ns. */
static const char *
figures_ns_unit (double a, double *size)
{
  a = fabs (a);
  if (a < 1e3)
    return *size = 1, "ns";
  if (a < 1e6)
    return *size = 1e3, "µs";
  if (a < 1e9)
    return *size = 1e6, "ms";
  return *size = 1e9, "s";
}

/* A unit for bytes of magnitude `a`, binary as RAM quota is counted. */
static const char *
figures_bytes_unit (double a, double *size)
{
  a = fabs (a);
  if (a < 1024)
    return *size = 1, "B";
  if (a < 1024.0 * 1024)
    return *size = 1024, "KiB";
  if (a < 1024.0 * 1024 * 1024)
    return *size = 1024.0 * 1024, "MiB";
  return *size = 1024.0 * 1024 * 1024, "GiB";
}

const char *
figures_unit_scale (FigureUnit unit, double a, double *size)
{
  *size = 1;
  switch (unit)
    {
    case FIGURE_UNIT_NS: return figures_ns_unit (a, size);
    case FIGURE_UNIT_BYTES: return figures_bytes_unit (a, size);
    case FIGURE_UNIT_NONE:
    case FIGURE_UNIT_COUNT:
    case FIGURE_UNIT_RATIO:
    case FIGURE_UNIT_SECONDS:
      break;
    }
  return NULL;
}

char *
figures_format (FigureUnit unit, double mean, double half, bool with_ci)
{
  char m[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
  const char *u = "";
  double size = 1;
  const char *format = "%.0f";

  switch (unit)
    {
    case FIGURE_UNIT_NS:
      u = figures_ns_unit (MAX (fabs (mean), half), &size);
      format = size == 1 ? "%.0f" : size == 1e9 ? "%.3f" : "%.2f";
      break;
    case FIGURE_UNIT_BYTES:
      u = figures_bytes_unit (MAX (fabs (mean), half), &size);
      format = size == 1 ? "%.0f" : "%.1f";
      break;
    case FIGURE_UNIT_RATIO:
      format = "%.2f";
      break;
    case FIGURE_UNIT_SECONDS:
      u = "s";
      format = "%.3f";
      break;
    case FIGURE_UNIT_NONE:
    case FIGURE_UNIT_COUNT:
      format = mean == floor (mean) ? "%.0f" : "%.1f";
      break;
    }
  g_ascii_formatd (m, sizeof m, format, mean / size);
  if (!with_ci)
    return g_strdup_printf ("%s%s%s", m, u[0] ? " " : "", u);
  if (unit == FIGURE_UNIT_COUNT || unit == FIGURE_UNIT_NONE)
    format = half == floor (half) ? "%.0f" : "%.1f";
  g_ascii_formatd (h, sizeof h, format, half / size);
  return g_strdup_printf ("%s ± %s%s%s", m, h, u[0] ? " " : "", u);
}
