/* The JSON result of one run (DESIGN.md "Result format") and its
 * fingerprint. */
#ifndef MKSIM_REPORT_JSON_H
#define MKSIM_REPORT_JSON_H

#include <stdbool.h>

#include <glib.h>

#include "models/result.h"

/* The JSON object of one run (without trailing newline); newly allocated.
 * Its "fingerprint" is report_json_fingerprint() of the same result;
 * `with_wall` adds the one wall-clock figure, wall_s. */
char *report_json (const RunResult *r, bool with_wall);

/* 16 hex digits (and a NUL) of FNV-1a 64 over the JSON of `r` written
 * without "fingerprint" and "wall_s": equal results, equal fingerprints. */
void  report_json_fingerprint (const RunResult *r, char out[17]);

/* Appends `str` to `s` as a JSON string, quotes included: '"', '\\' and
 * control characters escaped, invalid UTF-8 replaced by U+FFFD. */
void  report_json_string (GString *s, const char *str);

#endif
