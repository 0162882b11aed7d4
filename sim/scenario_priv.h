/* Inside the scenario loader: the key tables that describe the format, the
 * loader's working state, and the helpers its files share.  One table per
 * kind of JSON object says which keys it has, their type, bounds, default,
 * meaning, and where each value goes in the typed config; the loader walks
 * documents with these tables, the schema and the docs are generated from
 * them, so the format is written down once.  Only the loader's own files
 * (sim/scenario*.c, sim/schema.c, sim/jsonpos.c) include this header. */
#ifndef MKSIM_SCENARIO_PRIV_H
#define MKSIM_SCENARIO_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "models/config.h"
#include "sim/jsonpos.h"

#define SCENARIO_MAX_REPORTED  20        /* problems listed before "and N more" */
#define SCENARIO_MAX_COUNT     1000000   /* threads of one entry, and in all */
#define SCENARIO_MAX_CPUS      256       /* kernel.cpus */
#define SCENARIO_MAX_NESTING   5         /* managed dataspaces in one backing chain */
#define SCENARIO_MAX_INPUT     ((size_t) 256 << 20)   /* bytes of a scenario file */
#define SCENARIO_MAX_SET_STEPS 100                    /* keys and indices of a --set path */
/* Durations: generous for a simulation, and far enough below INT64_MAX that
 * the models' sums of times and costs cannot overflow. */
#define SCENARIO_MAX_DURATION  ((int64_t) 1000000000000000)  /* 10^15 ns = 1000000s */
#define SCENARIO_MAX_REPEAT    ((int64_t) 1000000000000000)  /* 10^15: exact as a JSON number */
/* Repeats inside repeats: a program's loops.  The models walk a program's
 * nesting in time exponential in its depth (models/program.c). */
#define SCENARIO_MAX_REPEAT_NESTING 16
/* The models allocate some state up front: per page of a dataspace a byte
 * and a bit in every address space's mapping bitmap, per GUI client its
 * event buffer.  The loader refuses what could not be held. */
#define SCENARIO_MAX_PAGES     ((int64_t) 1 << 24)   /* a dataspace: 64 GiB of 4 KiB pages */
#define SCENARIO_MAX_PAGE_STATE ((int64_t) 1 << 30)  /* bytes of page state in all */
#define SCENARIO_MAX_GUI_SLOTS ((int64_t) 64000000)  /* buffered GUI events, all clients */

typedef enum {
  KEY_STRING,     /* char *, newly allocated */
  KEY_INT,        /* int, a JSON integer in [min, max] */
  KEY_INT64,      /* int64_t, a JSON integer in [min, max] */
  KEY_UINT64,     /* uint64_t, in [min, max], exact from the digits */
  KEY_BOOL,       /* bool */
  KEY_NUMBER,     /* double, finite, in [min, max] (above min if exclusive_min) */
  KEY_DURATION,   /* int64_t nanoseconds from "2.5us"; at least min */
  KEY_SIZE,       /* int64_t bytes from "64KiB" */
  KEY_ENUM,       /* int: the index of the value in names */
  KEY_DIST,       /* Dist in nanoseconds */
  KEY_OBJECT,     /* the struct at offset, described by sub */
  KEY_ARRAY,      /* array of structs described by sub: pointer at offset,
                     size_t count at count_offset, elements of elem_size */
  KEY_REF,        /* int: index of the named manager, dataspace or server; -1 absent */
  KEY_CUSTOM,     /* read by custom (), documented by the schema's $defs[schema] */
} KeyType;

typedef enum { REF_MANAGER, REF_DATASPACE, REF_SERVER } RefKind;

typedef struct ScenarioLoader ScenarioLoader;
typedef struct KeyTable KeyTable;

/* Reads `node` (at `path`) into `dst`, reporting problems on the loader. */
typedef void (*KeyReader) (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
/* A table's check: `pre` runs before the keys are read and returns false to
 * skip reading them (the object is wrong as a whole); `post` runs after. */
typedef bool (*KeyCheck) (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);

typedef struct {
  const char *name;
  KeyType type;
  bool required;
  const char *def;            /* JSON text of the default, read when the key is absent */
  const char *doc;            /* one sentence, for the schema and SCHEMA.md */
  size_t offset;              /* of the destination in the table's struct */
  bool flagged;               /* set the bool at flag_offset when the key is given */
  size_t flag_offset;
  int64_t min, max;           /* bounds of numbers and sizes; of durations only min
                                 counts (all are at most SCENARIO_MAX_DURATION) */
  bool exclusive_min;         /* KEY_NUMBER: must be above min */
  const char *const *names;   /* KEY_ENUM: the values, in enum order */
  int n_names;
  const KeyTable *sub;        /* KEY_OBJECT, KEY_ARRAY */
  size_t count_offset;        /* KEY_ARRAY */
  size_t elem_size;           /* KEY_ARRAY */
  bool unique_names;          /* KEY_ARRAY: the elements' "name"s differ */
  bool nonempty;              /* KEY_ARRAY: at least one element */
  bool positive_mean;         /* KEY_DIST: an inter-arrival time, mean > 0 */
  RefKind ref;                /* KEY_REF */
  KeyReader custom;           /* KEY_CUSTOM */
  const char *schema;         /* KEY_CUSTOM: name of its $defs entry */
} KeySpec;

struct KeyTable {
  const char *name;           /* of its $defs entry in the schema */
  const char *doc;
  const KeySpec *keys;
  size_t n_keys;
  KeyCheck pre, post;
};

/* The parts of a distribution given as an object, before they become a Dist. */
typedef struct {
  int64_t a, b;        /* normal mean, sd; lognormal median; pareto min */
  double x;            /* lognormal sigma; pareto alpha */
} DistParts;

/* The tables (scenario_keys.c).  scenario_table_top describes the whole file;
 * the dist tables describe {"normal": {...}} and the like (into DistParts),
 * the burst table {"burst": {...}} of gui.events (into EventSource). */
extern const KeyTable scenario_table_top;
extern const KeyTable scenario_table_normal, scenario_table_lognormal, scenario_table_pareto;
extern const KeyTable scenario_table_burst;
extern const KeyTable scenario_op_table;
/* ORDER BehaviorKind: the values of a behavior's "kind". */
extern const char *const scenario_behavior_names[];
/* The keys of a behavior besides "kind", and for each a mask of the kinds
 * (1 << BehaviorKind) that take it; a kind takes no other (scenario_rules.c). */
#define SCENARIO_N_BEHAVIOR_KEYS 5
extern const char *const scenario_behavior_keys[SCENARIO_N_BEHAVIOR_KEYS];
extern const unsigned scenario_behavior_key_kinds[SCENARIO_N_BEHAVIOR_KEYS];
/* The tables in the order the schema lists them in $defs; NULL-terminated. */
extern const KeyTable *const scenario_tables[];

/* The loader's working state for one load (scenario.c). */
struct ScenarioLoader {
  const char *file;            /* the name in messages */
  const char *const *sets;     /* the --set texts */
  char **shown_sets;           /* the same as messages show them (scenario_show_bytes) */
  JsonPosMap *pos;
  GArray *problems;            /* ScenarioProblem, in the order found */
  GArray *refs;                /* ScenarioRef, resolved once everything is read */
  GPtrArray *notes;            /* char *: what a successful load tells the user */
  GPtrArray *shown;            /* char *: texts made by scenario_show, freed with the loader */
  int repeat_depth;            /* repeats around the op being read */
  const char *dir;             /* where a relative trace path starts: the scenario
                                  file's folder; NULL: the current directory */
  GHashTable *traces;          /* path -> PageTrace *: each trace read once per load */
  ScenarioConfig *config;
};

/* Reports a problem with `node` (at its key when `at_key`, else at its
 * value) named by the JSON path `path`; the message follows "path: ". */
void scenario_problem (ScenarioLoader *l, const cJSON *node, bool at_key, const char *path,
                       const char *fmt, ...) G_GNUC_PRINTF (5, 6);
/* The same for an unknown key, at the key: listed before every other
 * problem, as the likely root cause of the others (a misspelt section). */
void scenario_problem_unknown (ScenarioLoader *l, const cJSON *node, const char *path,
                               const char *fmt, ...) G_GNUC_PRINTF (4, 5);

/* Adds a note for the user: not a problem, but something the scenario as
 * given does differently from what it says (a key a --set made moot). */
void scenario_note (ScenarioLoader *l, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* The index of the --set that put `node` there, or -1 (from the file). */
int scenario_node_set (ScenarioLoader *l, const cJSON *node);

/* The first lexical mistake in JSON `text` (UTF-8 without NUL) that cJSON
 * lets through or misreports, in a token starting from byte `start` up to
 * byte `limit`: a control character, a string that does not end on its
 * line or before the end (of the `whole`: "file"), a bad escape (a lone
 * surrogate).  A new message, its offset in *at; NULL if there is none
 * (scenario.c). */
char *scenario_lex_problem (const char *text, size_t len, size_t start, size_t limit,
                            const char *whole, size_t *at);

/* A string of the scenario as a message quotes it: escaped as in JSON
 * (control characters, quotes and backslashes), and if long, its first 40
 * characters and its length; owned by the loader. */
#define SCENARIO_SHOW_MAX 64
const char *scenario_show (ScenarioLoader *l, const char *s);
/* `len` bytes of `s` as a message shows them: valid UTF-8 kept, control
 * characters and bytes that are not UTF-8 written as C escapes (\n, \x01,
 * \xff), so a message stays one line of text; newly allocated. */
char *scenario_show_bytes (const char *s, size_t len);

/* Parses `buf` (NUL at buf[len]) as the scenario `name`; NULL with `error`
 * set if it is not JSON text (scenario_parse.c). */
cJSON *scenario_parse (const char *name, const char *buf, size_t len, GError **error);

/* Reads `node` with `spec` into `dst` (the table's struct); scenario.c. */
void scenario_read_key (ScenarioLoader *l, const KeySpec *spec, const cJSON *node,
                        const char *path, void *dst);
/* Reads an object with `table` into `dst`; reports unknown, duplicate and
 * missing keys; scenario.c. */
void scenario_read_object (ScenarioLoader *l, const KeyTable *table, const cJSON *obj,
                           const char *path, void *dst);

/* Applies the --set l->sets[index] to `root`; NULL, or a message saying why
 * it cannot (scenario_set.c). */
char *scenario_apply_set (ScenarioLoader *l, cJSON *root, int index);

/* Leaf values (scenario_values.c).  Each returns false after reporting. */
bool scenario_read_duration (ScenarioLoader *l, const cJSON *node, const char *path,
                             int64_t min, int64_t *out);
bool scenario_read_size (ScenarioLoader *l, const cJSON *node, const char *path, int64_t max,
                         int64_t *out);
bool scenario_read_integer (ScenarioLoader *l, const cJSON *node, const char *path,
                            int64_t min, int64_t max, int64_t *out);
bool scenario_read_unsigned (ScenarioLoader *l, const cJSON *node, const char *path,
                             uint64_t min, uint64_t max, uint64_t *out);
bool scenario_read_number (ScenarioLoader *l, const cJSON *node, const char *path, double min,
                           double max, bool exclusive_min, double *out);
bool scenario_read_enum (ScenarioLoader *l, const cJSON *node, const char *path,
                         const char *const *names, int n_names, int *out);
bool scenario_read_dist (ScenarioLoader *l, const cJSON *node, const char *path,
                         bool positive_mean, Dist *out);
/* "object", "array", "string", "number", "boolean" or "null". */
const char *scenario_json_type (const cJSON *node);
/* The closest candidate to `word` by edit distance, or NULL if none is close. */
const char *scenario_suggest (const char *word, const char *const *candidates, size_t n);

/* Table checks and custom readers (scenario_rules.c). */
void scenario_read_compute (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
/* A count >= 1 or "forever" (-1), into the int64_t at `dst`: repeat, and
 * a replay's repeat. */
void scenario_read_count (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
void scenario_read_events (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
/* A placement (CpuPlacement): one CPU number (read_cpu), or also a list of
 * them or "spread" (read_cpus), each below kernel.cpus. */
void scenario_read_cpu (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
void scenario_read_cpus (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
bool scenario_check_op (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
/* A replay's trace file, read into the PageTrace * at `dst`, and the check
 * that its dataspace holds the trace's pages (scenario_replay.c). */
void scenario_read_trace (ScenarioLoader *l, const cJSON *node, const char *path, void *dst);
bool scenario_check_replay (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
bool scenario_op_done (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
bool scenario_check_manager_behavior (ScenarioLoader *l, const cJSON *obj, const char *path,
                                      void *dst);
bool scenario_check_behavior (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
bool scenario_check_dataspace (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
bool scenario_check_top (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
bool scenario_check_kernel (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst);
/* Rules across sections, after every reference is resolved: backing chains,
 * and the memory the page state of the dataspaces takes. */
void scenario_check_backing (ScenarioLoader *l, const cJSON *root);
void scenario_check_page_state (ScenarioLoader *l, const cJSON *root);

#endif
