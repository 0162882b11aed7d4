/* Output files that appear under their name only once complete: written to
 * a temp file beside the target and renamed into place on commit, so a
 * failed or interrupted mksim never leaves half a result for a script to
 * read.  Every output of mksim goes through here: the JSON and CSV of run,
 * compare and sweep, traces, and the data and scripts of plots.
 *
 * Replacing a file must look like writing into it:
 *   - a symbolic link is followed to the file it names (through any chain
 *     of links), and that file is replaced, beside itself: renaming over
 *     the link would turn it into a plain file and leave its target stale;
 *   - the new file gets the old one's permission bits (and, where we may,
 *     its owner and group): a temp file is created 0600;
 *   - a device, a FIFO or a socket is written in place, never replaced.
 * An error says which step failed and why, in the system's words, with
 * the path as the user gave it. */
#include "sim/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTFILE_MAX_LINKS 40   /* links followed before giving up, as the kernel's ELOOP */

struct _OutFile {
  char *path;      /* the name the output was asked for, for messages */
  char *target;    /* the file written: path with its links followed */
  char *tmp;       /* the temp file beside the target; NULL when written in place */
  FILE *stream;
  bool is_stdout;
};

static void
outfile_set_error (GError **error, int errsv, const char *path, const char *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
               "cannot %s '%s': %s", what, path, g_strerror (errsv));
}

/* "cannot write 'PATH': WHY (strerror)", WHY made of printf arguments. */
static void
outfile_set_error_why (GError **error, int errsv, const char *path, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static void
outfile_set_error_why (GError **error, int errsv, const char *path, const char *format, ...)
{
  g_autofree char *why = NULL;
  va_list ap;

  va_start (ap, format);
  why = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "cannot write '%s': %s (%s)",
               path, why, g_strerror (errsv));
}

static void
outfile_free (OutFile *f)
{
  g_free (f->path);
  g_free (f->target);
  g_free (f->tmp);
  g_free (f);
}

/* The nearest ancestor of `path` that exists but is not a folder, for the
 * message of ENOTDIR; NULL if there is none. */
static char *
outfile_not_a_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;

  while (strcmp (dir, ".") != 0 && strcmp (dir, "/") != 0)
    {
      char *up;

      if (stat (dir, &st) == 0)
        return S_ISDIR (st.st_mode) ? NULL : g_steal_pointer (&dir);
      up = g_path_get_dirname (dir);
      g_free (dir);
      dir = up;
    }
  return NULL;
}

/* Why `target` cannot be looked at: `errsv` of its lstat, in words. */
static void
outfile_lookup_error (GError **error, int errsv, const char *path, const char *target)
{
  g_autofree char *file = errsv == ENOTDIR ? outfile_not_a_folder (target) : NULL;

  if (file != NULL)
    outfile_set_error_why (error, errsv, path, "'%s' is a file, not a folder", file);
  else
    outfile_set_error (error, errsv, path, "write");
}

/* `path` with its symbolic links followed: the file to write, which may not
 * exist yet (a link may name a file still to be made).  `st` and `exists`
 * describe it.  NULL with `error` set if a link cannot be read or the path
 * cannot be looked at (a file where a folder should be, a loop). */
static char *
outfile_resolve (const char *path, struct stat *st, bool *exists, GError **error)
{
  g_autofree char *p = g_strdup (path);

  for (int links = 0; links <= OUTFILE_MAX_LINKS; links++)
    {
      g_autoptr (GError) link_error = NULL;
      g_autofree char *to = NULL;

      if (lstat (p, st) != 0)
        {
          if (errno != ENOENT)
            {
              outfile_lookup_error (error, errno, path, p);
              return NULL;
            }
          *exists = false;
          return g_steal_pointer (&p);
        }
      if (!S_ISLNK (st->st_mode))
        {
          *exists = true;
          return g_steal_pointer (&p);
        }
      to = g_file_read_link (p, &link_error);
      if (to == NULL)
        {
          g_set_error (error, G_FILE_ERROR, link_error->code, "cannot write '%s': %s", path,
                       link_error->message);
          return NULL;
        }
      if (!g_path_is_absolute (to))
        {
          g_autofree char *dir = g_path_get_dirname (p);
          char *joined = g_build_filename (dir, to, NULL);

          g_free (to);
          to = joined;
        }
      g_free (p);
      p = g_steal_pointer (&to);
    }
  outfile_set_error (error, ELOOP, path, "write");
  return NULL;
}

/* A device or a pipe (/dev/null, a FIFO) must not be replaced by a renamed
 * file: it is written into. */
static bool
outfile_open_in_place (OutFile *f, GError **error)
{
  f->stream = fopen (f->target, "w");
  if (f->stream == NULL)
    {
      outfile_set_error (error, errno, f->path, "write");
      return false;
    }
  return true;
}

/* Why no file can be made in `dir`: `errsv` of the attempt, in words. */
static void
outfile_create_error (GError **error, int errsv, const char *path, const char *dir)
{
  struct stat st;
  bool is_dir = stat (dir, &st) == 0 && S_ISDIR (st.st_mode);
  g_autofree char *file = NULL;

  if (errsv == ENOENT && !is_dir)
    outfile_set_error_why (error, errsv, path, "there is no folder '%s'", dir);
  else if (errsv == ENOENT)
    /* O_CREAT in a folder that exists: a file system that makes no files
     * (/proc, /sys). */
    outfile_set_error_why (error, errsv, path, "no file can be created in '%s'", dir);
  else if (errsv == ENOTDIR && (file = outfile_not_a_folder (path)) != NULL)
    outfile_set_error_why (error, errsv, path, "'%s' is a file, not a folder", file);
  else
    outfile_set_error_why (error, errsv, path, "cannot create a file in '%s'", dir);
}

/* The temp file beside the target, hidden, so a glob over the output
 * folder never picks up a half-written file.  With `old` (the file it
 * replaces), it gets the old file's mode and, where allowed, its owner. */
static bool
outfile_open_temp (OutFile *f, const struct stat *old, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (f->target);
  g_autofree char *base = g_path_get_basename (f->target);
  int fd;

  f->tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (f->tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      outfile_create_error (error, errno, f->path, dir);
      g_clear_pointer (&f->tmp, g_free);
      return false;
    }
  if (old == NULL)
    {
      /* mkstemp makes it 0600; a new output gets what the umask allows,
       * as a file the shell makes would. */
      mode_t mask = umask (0);

      umask (mask);
      fchmod (fd, 0666 & ~mask);
    }
  else
    {
      /* Owner first: chown may clear the set-id bits that chmod then sets.
       * Only root (or an owner changing the group to one of theirs) may;
       * otherwise the file is ours, as any rewrite of it would be. */
      if (old->st_uid != geteuid () || old->st_gid != getegid ())
        {
          int ignored G_GNUC_UNUSED = fchown (fd, old->st_uid, old->st_gid);
        }
      fchmod (fd, old->st_mode & 07777);
    }
  f->stream = fdopen (fd, "w");
  if (f->stream == NULL)
    {
      int errsv = errno;

      close (fd);
      unlink (f->tmp);
      outfile_set_error (error, errsv, f->path, "write");
      return false;
    }
  return true;
}

OutFile *
outfile_open (const char *path, GError **error)
{
  OutFile *f;
  struct stat st;
  bool exists, ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "empty output file name");
      return NULL;
    }
  f = g_new0 (OutFile, 1);
  f->path = g_strdup (path);
  if (strcmp (path, "-") == 0)
    {
      f->is_stdout = true;
      f->stream = stdout;
      return f;
    }
  f->target = outfile_resolve (path, &st, &exists, error);
  if (f->target == NULL)
    ok = false;
  else if (exists && S_ISDIR (st.st_mode))
    {
      outfile_set_error_why (error, EISDIR, path, "it is a folder");
      ok = false;
    }
  else if (exists && !S_ISREG (st.st_mode))
    ok = outfile_open_in_place (f, error);
  else
    ok = outfile_open_temp (f, exists ? &st : NULL, error);
  if (!ok)
    {
      outfile_free (f);
      return NULL;
    }
  return f;
}

FILE *
outfile_stream (OutFile *f)
{
  g_return_val_if_fail (f != NULL, NULL);
  return f->stream;
}

gboolean
outfile_commit (OutFile *f, GError **error)
{
  gboolean ok = TRUE;
  int errsv = 0;

  g_return_val_if_fail (f != NULL, FALSE);
  if (f->is_stdout)
    {
      if (fflush (stdout) != 0 || ferror (stdout))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                       "cannot write to standard output: %s", g_strerror (errno));
          ok = FALSE;
        }
      outfile_free (f);
      return ok;
    }
  /* fflush first: fclose's own error cannot tell a lost write from EBADF. */
  if (fflush (f->stream) != 0 || ferror (f->stream))
    {
      errsv = errno != 0 ? errno : EIO;
      ok = FALSE;
    }
  if (fclose (f->stream) != 0 && ok)
    {
      errsv = errno;
      ok = FALSE;
    }
  /* No fsync: the promise is that a failed or interrupted mksim leaves no
   * half file, not durability across a power cut, and fsync per output would
   * slow sweeps that write many files. */
  if (ok && f->tmp != NULL && rename (f->tmp, f->target) != 0)
    {
      errsv = errno;
      ok = FALSE;
    }
  if (!ok)
    {
      if (f->tmp != NULL)
        unlink (f->tmp);
      outfile_set_error (error, errsv, f->path, "write");
    }
  outfile_free (f);
  return ok;
}

void
outfile_abandon (OutFile *f)
{
  if (f != NULL && f->tmp != NULL)
    unlink (f->tmp);
}

void
outfile_abort (OutFile *f)
{
  if (f == NULL)
    return;
  if (f->is_stdout)
    fflush (stdout);
  else
    {
      fclose (f->stream);
      if (f->tmp != NULL)
        unlink (f->tmp);
    }
  outfile_free (f);
}

gboolean
outfile_write (const char *path, const char *text, GError **error)
{
  OutFile *f;
  size_t len;

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);
  f = outfile_open (path, error);
  if (f == NULL)
    return FALSE;
  len = strlen (text);
  if (fwrite (text, 1, len, f->stream) != len)
    {
      int errsv = errno;

      outfile_abort (f);
      outfile_set_error (error, errsv, path, "write");
      return FALSE;
    }
  return outfile_commit (f, error);
}
