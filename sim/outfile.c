/* Output files that appear under their name only once complete: written to
 * a temp file beside the target and renamed into place on commit, so a
 * failed or interrupted mksim never leaves half a result for a script to
 * read.  Every output of mksim goes through here: the JSON and CSV of run,
 * compare and sweep, traces, and the data and scripts of plots. */
#include "sim/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _OutFile {
  char *path;      /* the name the output must appear under */
  char *tmp;       /* the temp file beside it; NULL when written in place */
  FILE *stream;
  bool is_stdout;
};

static void
outfile_set_error (GError **error, int errsv, const char *path, const char *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
               "cannot %s '%s': %s", what, path, g_strerror (errsv));
}

static void
outfile_free (OutFile *f)
{
  g_free (f->path);
  g_free (f->tmp);
  g_free (f);
}

/* A device or a pipe (/dev/null, a FIFO) must not be replaced by a renamed
 * file: it is written into. */
static bool
outfile_open_in_place (OutFile *f, GError **error)
{
  f->stream = fopen (f->path, "w");
  if (f->stream == NULL)
    {
      outfile_set_error (error, errno, f->path, "write");
      return false;
    }
  return true;
}

/* The temp file is hidden, so a glob over the output folder never picks up
 * a half-written file. */
static bool
outfile_open_temp (OutFile *f, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *base = g_path_get_basename (f->path);
  int fd;

  f->tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (f->tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      outfile_set_error (error, errno, f->path, "write");
      return false;
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
  exists = stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      outfile_set_error (error, EISDIR, path, "write");
      ok = false;
    }
  else if (exists && !S_ISREG (st.st_mode))
    ok = outfile_open_in_place (f, error);
  else
    ok = outfile_open_temp (f, error);
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
  if (ok && f->tmp != NULL && rename (f->tmp, f->path) != 0)
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
