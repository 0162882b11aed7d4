/* The scenario loader: JSON text -> a validated, defaulted ScenarioConfig.
 * The only code in mksim that touches cJSON.  Every problem found is reported
 * the way a compiler does, as "file:line:col: json.path: message", up to a
 * limit, and the load fails as a whole. */
#ifndef MKSIM_SCENARIO_H
#define MKSIM_SCENARIO_H

#include <glib.h>

#include "models/config.h"

#define SCENARIO_ERROR (scenario_error_quark ())
GQuark scenario_error_quark (void);

typedef enum {
  SCENARIO_ERROR_IO,       /* the file cannot be read */
  SCENARIO_ERROR_PARSE,    /* not JSON */
  SCENARIO_ERROR_INVALID,  /* JSON, but not a valid scenario */
  SCENARIO_ERROR_SET,      /* a --set PATH=VALUE that cannot apply */
} ScenarioError;

/* Loads `path` ("-" = stdin), applies each "PATH=VALUE" of `sets` (NULL-
 * terminated, may be NULL) before validation, and returns a new config, or
 * NULL with `error` set; its message holds every problem, one per line. */
ScenarioConfig *scenario_load_file (const char *path, const char *const *sets, GError **error);
/* The same from text in memory; `name` stands for the file in messages. */
ScenarioConfig *scenario_load_data (const char *name, const char *text, size_t len,
                                    const char *const *sets, GError **error);
void            scenario_free (ScenarioConfig *c);

/* A JSON Schema (draft 2020-12) of the format, generated from the loader's own
 * key tables; newly allocated. */
char           *scenario_schema_json (void);
/* The "## Every key" section of scenarios/SCHEMA.md (to the end of the
 * file), generated from the same tables; newly allocated. */
char           *scenario_schema_markdown (void);

#endif
