/* Tests of the SIGINT and SIGTERM catching of compare and sweep
 * (sim/interrupt.c): a caught signal is recorded instead of ending the
 * process, an ignored one stays ignored, and release puts back what was. */
#include <check.h>
#include <signal.h>

#include "sim/interrupt.h"

START_TEST (test_interrupt_records_the_signal)
{
  const int sig = _i == 0 ? SIGINT : SIGTERM;

  signal (sig, SIG_DFL);
  interrupt_catch ();
  ck_assert_int_eq (interrupt_caught (), 0);
  raise (sig);
  ck_assert_int_eq (interrupt_caught (), sig);
  ck_assert_int_eq (interrupt_exit_status (sig), sig == SIGINT ? 130 : 143);
  interrupt_release ();
  interrupt_catch ();
  ck_assert_int_eq (interrupt_caught (), 0);    /* forgotten on a new catch */
  interrupt_release ();
}
END_TEST

START_TEST (test_interrupt_leaves_an_ignored_signal_ignored)
{
  struct sigaction now;

  signal (SIGINT, SIG_IGN);
  interrupt_catch ();
  raise (SIGINT);
  ck_assert_int_eq (interrupt_caught (), 0);
  interrupt_release ();
  ck_assert_int_eq (sigaction (SIGINT, NULL, &now), 0);
  ck_assert (now.sa_handler == SIG_IGN);
}
END_TEST

START_TEST (test_interrupt_release_restores_the_default)
{
  signal (SIGTERM, SIG_DFL);
  interrupt_catch ();
  interrupt_release ();
  raise (SIGTERM);    /* the test expects to die of it */
}
END_TEST

START_TEST (test_interrupt_twice_ends_the_process)
{
  signal (SIGINT, SIG_DFL);
  interrupt_catch ();
  raise (SIGINT);
  ck_assert_int_eq (interrupt_caught (), SIGINT);
  raise (SIGINT);     /* the user will not wait: the default action */
}
END_TEST

Suite *interrupt_suite (void)
{
  Suite *s = suite_create ("interrupt");
  TCase *tc = tcase_create ("signals");

  tcase_add_loop_test (tc, test_interrupt_records_the_signal, 0, 2);
  tcase_add_test (tc, test_interrupt_leaves_an_ignored_signal_ignored);
  tcase_add_test_raise_signal (tc, test_interrupt_release_restores_the_default, SIGTERM);
  tcase_add_test_raise_signal (tc, test_interrupt_twice_ends_the_process, SIGINT);
  suite_add_tcase (s, tc);
  return s;
}
