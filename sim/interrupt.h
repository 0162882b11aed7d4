/* SIGINT and SIGTERM while a batch of runs is under way (compare, sweep):
 * caught, so that the runs completed so far can still be written and no
 * temporary file is left behind, instead of the process dying on the spot.
 *
 * The handler only records the signal; the batch looks at it
 * (interrupt_caught()) and stops starting runs.  A second signal of the
 * same kind while the first is being handled ends the process at once,
 * the default way, for a user who will not wait.  A signal that was
 * ignored when mksim started (a background job of a script) stays
 * ignored, as the shell meant. */
#ifndef MKSIM_INTERRUPT_H
#define MKSIM_INTERRUPT_H

#include <glib.h>

/* Installs the handlers (again after interrupt_release()); forgets any
 * signal caught before. */
void        interrupt_catch (void);
/* Restores what the signals did before interrupt_catch(). */
void        interrupt_release (void);
/* The signal caught since interrupt_catch() (SIGINT or SIGTERM), 0 if
 * none.  Safe from any thread. */
int         interrupt_caught (void);
/* The exit status of a process ended by `sig`, as a shell reports it:
 * 128 + sig (130 for SIGINT, 143 for SIGTERM). */
int         interrupt_exit_status (int sig);
/* "SIGINT", "SIGTERM". */
const char *interrupt_name (int sig);

/* g_thread_try_new() with SIGINT and SIGTERM blocked in the new thread, so
 * that the thread which waits for it is the one that takes them. */
GThread    *interrupt_thread_new (const char *name, GThreadFunc fn, gpointer data,
                                  GError **error);
/* Runs fn (data) on a thread of its own while the calling thread watches
 * for a signal: returns fn's result when it is done (the thread joined, *sig
 * 0), or NULL as soon as a signal is caught first (*sig the signal).  The
 * thread is then abandoned: it goes on until the process ends, and `data`
 * and all fn uses must stay valid until then.  If no thread can be made,
 * fn runs here, and cannot be interrupted. */
gpointer    interrupt_run (GThreadFunc fn, gpointer data, int *sig);

#endif
