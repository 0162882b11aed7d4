/* Positions of JSON values, for the loader's error messages (see jsonpos.h).
 *
 * The walk trusts cJSON's tree for the structure and only moves over the
 * text: it skips whitespace exactly as cJSON does (every byte <= 32), steps
 * over a UTF-8 byte-order mark at the start as cJSON does, and takes a number
 * to be the longest run of the characters cJSON's own number scanner accepts.
 * Every read is bounds-checked, so a text that does not match the tree (which
 * cannot happen for a tree parsed from it) ends the walk early, never reads
 * past the buffer.  The rejected alternative, a second full JSON parser keyed
 * by path, would have to decode keys and would conflate duplicate keys. */
#include "sim/jsonpos.h"

#include <stdbool.h>
#include <string.h>

#include <glib.h>

struct _JsonPosMap {
  GHashTable *nodes;   /* const cJSON * -> JsonPos * (owned) */
};

typedef struct {
  const char *text;
  size_t len, off;
  int line, col;
  bool lost;           /* text and tree disagree: stop recording */
} JsonScan;

JsonPosMap *
jsonpos_new (void)
{
  JsonPosMap *m = g_new0 (JsonPosMap, 1);

  m->nodes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return m;
}

void
jsonpos_free (JsonPosMap *m)
{
  if (m == NULL)
    return;
  g_hash_table_destroy (m->nodes);
  g_free (m);
}

/* Moves one byte on; a column is one character, so UTF-8 continuation bytes
 * do not count. */
static void
jsonpos_step (JsonScan *s)
{
  unsigned char b;

  if (s->off >= s->len)
    return;
  b = (unsigned char) s->text[s->off++];
  if (b == '\n')
    {
      s->line++;
      s->col = 1;
    }
  else if ((b & 0xC0) != 0x80)
    s->col++;
}

static int
jsonpos_peek (const JsonScan *s)
{
  return s->off < s->len ? (unsigned char) s->text[s->off] : -1;
}

static void
jsonpos_skip_ws (JsonScan *s)
{
  while (s->off < s->len && (unsigned char) s->text[s->off] <= 32 && s->text[s->off] != '\0')
    jsonpos_step (s);
}

static void
jsonpos_expect (JsonScan *s, char c)
{
  jsonpos_skip_ws (s);
  if (jsonpos_peek (s) == (unsigned char) c)
    jsonpos_step (s);
  else
    s->lost = true;
}

/* Steps over a string; true if it holds the escape \u0000. */
static bool
jsonpos_skip_string (JsonScan *s)
{
  bool nul = false;

  if (jsonpos_peek (s) != '"')
    {
      s->lost = true;
      return false;
    }
  jsonpos_step (s);
  while (s->off < s->len && s->text[s->off] != '"')
    {
      if (s->text[s->off] == '\\')
        {
          if (s->len - s->off >= 6 && memcmp (s->text + s->off + 1, "u0000", 5) == 0)
            nul = true;
          jsonpos_step (s);
        }
      jsonpos_step (s);
    }
  if (s->off >= s->len)
    s->lost = true;
  else
    jsonpos_step (s);
  return nul;
}

static bool
jsonpos_number_char (int c)
{
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
}

/* Where a member's key was: its position and text. */
typedef struct {
  int line, col;
  const char *token;
  size_t token_len;
  bool nul;
} JsonKey;

static JsonPos *
jsonpos_record (JsonPosMap *m, const cJSON *node, int line, int col, const JsonKey *key,
                int set, const char *token, size_t token_len)
{
  JsonPos *p = g_new0 (JsonPos, 1);

  *p = (JsonPos) { line, col, key->line, key->col, set, token, token_len, key->token,
                   key->token_len, false, key->nul };
  g_hash_table_replace (m->nodes, (gpointer) node, p);
  return p;
}

static void
jsonpos_value (JsonPosMap *m, JsonScan *s, const cJSON *node, const JsonKey *member, int set)
{
  JsonKey key = *member;
  bool nul = false;
  int line, col;
  size_t start;

  jsonpos_skip_ws (s);
  if (s->lost || s->off >= s->len)
    {
      s->lost = true;
      return;
    }
  line = s->line;
  col = s->col;
  start = s->off;
  if (key.line == 0)
    {
      key.line = line;
      key.col = col;
    }

  if (cJSON_IsObject (node) || cJSON_IsArray (node))
    {
      bool object = cJSON_IsObject (node);

      jsonpos_expect (s, object ? '{' : '[');
      for (const cJSON *child = node->child; child != NULL && !s->lost; child = child->next)
        {
          JsonKey ckey = { 0, 0, NULL, 0, false };

          if (object)
            {
              jsonpos_skip_ws (s);
              ckey.line = s->line;
              ckey.col = s->col;
              ckey.token = s->text + s->off;
              ckey.nul = jsonpos_skip_string (s);
              ckey.token_len = (size_t) (s->text + s->off - ckey.token);
              jsonpos_expect (s, ':');
            }
          jsonpos_value (m, s, child, &ckey, set);
          jsonpos_skip_ws (s);
          if (child->next != NULL)
            jsonpos_expect (s, ',');
        }
      jsonpos_expect (s, object ? '}' : ']');
    }
  else if (cJSON_IsString (node))
    nul = jsonpos_skip_string (s);
  else if (cJSON_IsNumber (node))
    {
      while (jsonpos_number_char (jsonpos_peek (s)))
        jsonpos_step (s);
    }
  else
    {
      /* true, false, null */
      while (g_ascii_isalpha (jsonpos_peek (s)))
        jsonpos_step (s);
    }
  if (s->off == start)
    s->lost = true;
  jsonpos_record (m, node, line, col, &key, set, s->text + start, s->off - start)->nul = nul;
}

void
jsonpos_scan (JsonPosMap *m, const cJSON *root, const char *text, size_t len, int set)
{
  JsonScan s = { text, len, 0, 1, 1, false };
  const JsonKey none = { 0, 0, NULL, 0, false };

  g_return_if_fail (m != NULL && text != NULL);
  if (root == NULL)
    return;
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    s.off = 3;
  jsonpos_value (m, &s, root, &none, set);
}

void
jsonpos_mark (JsonPosMap *m, const cJSON *node, int set)
{
  const JsonKey none = { 0, 0, NULL, 0, false };

  g_return_if_fail (m != NULL && node != NULL);
  jsonpos_record (m, node, 0, 0, &none, set, NULL, 0);
}

void
jsonpos_forget (JsonPosMap *m, const cJSON *node)
{
  g_return_if_fail (m != NULL);
  if (node == NULL)
    return;
  for (const cJSON *child = node->child; child != NULL; child = child->next)
    jsonpos_forget (m, child);
  g_hash_table_remove (m->nodes, node);
}

const JsonPos *
jsonpos_lookup (const JsonPosMap *m, const cJSON *node)
{
  g_return_val_if_fail (m != NULL, NULL);
  return node != NULL ? g_hash_table_lookup (m->nodes, node) : NULL;
}

void
jsonpos_locate (const char *text, size_t len, size_t offset, int *line, int *col)
{
  JsonScan s = { text, MIN (len, offset), 0, 1, 1, false };

  if (s.len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    s.off = 3;
  while (s.off < s.len)
    jsonpos_step (&s);
  *line = s.line;
  *col = s.col;
}
