/* The guard every component state machine of models/ shares (core's pagers
 * and entrypoint, the managers, the region mappers, the GUI's threads, the
 * fault record): a state enum with a table of its names, one function through
 * which every transition goes, and an `expect` that each continuation starts
 * with, so that a continuation running in a state it does not belong to fails
 * loudly, naming the component, its thread, the state and the continuation
 * (as seL4's fail("invalid EP state")).
 *
 *   static const char *const pager_state_names[] = { [PAGER_NEW] = "NEW", ... };
 *   FSM_NAMES_CHECK (pager_state_names, PAGER_REFLECTING);
 *   FSM_DEFINE (pager, Pager, PagerState, state, "core pager", pager_state_names)
 *
 * defines pager_enter (pg, s), pager_bad_state (pg, continuation) and
 * pager_expect (t, s, G_STRFUNC), which returns the Pager of thread t
 * (kern_thread_ctx) after checking its state.  The component struct needs a
 * `KThread *t` and the state field named. */
#ifndef MKSIM_FSM_H
#define MKSIM_FSM_H

#include <glib.h>

#include "models/kernel.h"

/* The table of names has one entry per state, the last being `last`. */
#define FSM_NAMES_CHECK(names, last) G_STATIC_ASSERT (G_N_ELEMENTS (names) == (last) + 1)

/* Aborts the program: `continuation` of `component` (run by `thread`) ran in
 * `state` (an index into `names`, which has `n` entries). */
G_GNUC_NORETURN void fsm_fail (const char *component, const char *thread,
                               const char *const *names, size_t n, unsigned state,
                               const char *continuation);

/* The name of `state`, or "(corrupt)". */
static inline const char *
fsm_state_name (const char *const *names, size_t n, unsigned state)
{
  return state < n && names[state] ? names[state] : "(corrupt)";
}

#define FSM_DEFINE(prefix, Type, StateType, field, component, names)                       \
  G_GNUC_UNUSED static inline void                                                         \
  prefix##_enter (Type *o, StateType s)                                                    \
  {                                                                                        \
    o->field = s;                                                                          \
  }                                                                                        \
  G_GNUC_UNUSED G_GNUC_NORETURN static void                                                \
  prefix##_bad_state (const Type *o, const char *continuation)                             \
  {                                                                                        \
    fsm_fail (component, kern_thread_name (o->t), names, G_N_ELEMENTS (names),             \
              (unsigned) o->field, continuation);                                          \
  }                                                                                        \
  G_GNUC_UNUSED static inline Type *                                                       \
  prefix##_expect (KThread *t, StateType s, const char *continuation)                      \
  {                                                                                        \
    Type *o = kern_thread_ctx (t);                                                         \
    if (G_UNLIKELY (o->field != s))                                                        \
      prefix##_bad_state (o, continuation);                                                \
    return o;                                                                              \
  }

#endif
