/* Catching SIGINT and SIGTERM (see interrupt.h).  sigaction with a flag,
 * rather than g_unix_signal_add(): GLib dispatches those from its own
 * worker thread, which never exits, and a thread alive at exit is what
 * leak checkers report; a flag is all a batch needs, since it already
 * wakes up to look at its runs.
 *
 * The flag is the one piece of global state in the program: a signal
 * handler has nowhere else to put what it saw. */
#include "sim/interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#define INTERRUPT_POLL_US (G_USEC_PER_SEC / 20)   /* how soon interrupt_run sees a signal */

static const int interrupt_signals[] = { SIGINT, SIGTERM };
#define INTERRUPT_N (sizeof interrupt_signals / sizeof interrupt_signals[0])

static volatile sig_atomic_t interrupt_flag;         /* the signal caught, 0: none */
static struct sigaction interrupt_old[INTERRUPT_N];  /* what each did before */
static bool interrupt_installed[INTERRUPT_N];

static void
interrupt_handler (int sig)
{
  if (interrupt_flag == sig)
    {
      /* Asked twice: stop now, as if never caught. */
      signal (sig, SIG_DFL);
      raise (sig);
      return;
    }
  interrupt_flag = sig;
}

void
interrupt_catch (void)
{
  struct sigaction sa = { .sa_handler = interrupt_handler, .sa_flags = SA_RESTART };

  sigemptyset (&sa.sa_mask);
  interrupt_flag = 0;
  for (size_t i = 0; i < INTERRUPT_N; i++)
    {
      struct sigaction old;

      if (interrupt_installed[i] || sigaction (interrupt_signals[i], NULL, &old) != 0
          || old.sa_handler == SIG_IGN)
        continue;
      if (sigaction (interrupt_signals[i], &sa, &interrupt_old[i]) == 0)
        interrupt_installed[i] = true;
    }
}

void
interrupt_release (void)
{
  for (size_t i = 0; i < INTERRUPT_N; i++)
    if (interrupt_installed[i])
      {
        sigaction (interrupt_signals[i], &interrupt_old[i], NULL);
        interrupt_installed[i] = false;
      }
}

int
interrupt_caught (void)
{
  return interrupt_flag;
}

int
interrupt_exit_status (int sig)
{
  return 128 + sig;
}

const char *
interrupt_name (int sig)
{
  switch (sig)
    {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
    }
}

GThread *
interrupt_thread_new (const char *name, GThreadFunc fn, gpointer data, GError **error)
{
  sigset_t block, old;
  GThread *t;

  sigemptyset (&block);
  for (size_t i = 0; i < INTERRUPT_N; i++)
    sigaddset (&block, interrupt_signals[i]);
  pthread_sigmask (SIG_BLOCK, &block, &old);
  t = g_thread_try_new (name, fn, data, error);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  return t;
}

/* One call of interrupt_run: freed when joined, left when abandoned. */
typedef struct {
  GMutex lock;
  GCond changed;
  bool done;
  GThreadFunc fn;
  gpointer data, result;
} InterruptJob;

static gpointer
interrupt_job_main (gpointer data)
{
  InterruptJob *job = data;
  gpointer result = job->fn (job->data);

  g_mutex_lock (&job->lock);
  job->result = result;
  job->done = true;
  g_cond_signal (&job->changed);
  g_mutex_unlock (&job->lock);
  return NULL;
}

gpointer
interrupt_run (GThreadFunc fn, gpointer data, int *sig)
{
  InterruptJob *job = g_new0 (InterruptJob, 1);
  gpointer result;
  GThread *t;
  bool done;

  *sig = 0;
  job->fn = fn;
  job->data = data;
  g_mutex_init (&job->lock);
  g_cond_init (&job->changed);
  t = interrupt_thread_new ("mksim-run", interrupt_job_main, job, NULL);
  if (t == NULL)
    {
      interrupt_job_main (job);
      done = true;
    }
  else
    {
      g_mutex_lock (&job->lock);
      while (!job->done && interrupt_caught () == 0)
        g_cond_wait_until (&job->changed, &job->lock, g_get_monotonic_time () + INTERRUPT_POLL_US);
      done = job->done;
      g_mutex_unlock (&job->lock);
    }
  if (!done)
    {
      *sig = interrupt_caught ();
      return NULL;
    }
  if (t != NULL)
    g_thread_join (t);
  result = job->result;
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->changed);
  g_free (job);
  return result;
}
