/* Catching SIGINT and SIGTERM (see interrupt.h).  sigaction with a flag,
 * rather than g_unix_signal_add(): GLib dispatches those from its own
 * worker thread, which never exits, and a thread alive at exit is what
 * leak checkers report; a flag is all a batch needs, since it already
 * wakes up to look at its runs.
 *
 * The flag is the one piece of global state in the program: a signal
 * handler has nowhere else to put what it saw. */
#include "sim/interrupt.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

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
