/* The one failure of every component state machine (see fsm.h). */
#include "models/fsm.h"

void
fsm_fail (const char *component, const char *thread, const char *const *names, size_t n,
          unsigned state, const char *continuation)
{
  g_error ("%s %s: %s ran in state %s, which it does not belong to", component, thread,
           continuation, fsm_state_name (names, n, state));
}
