/* Unit tests of the GUI model (models/gui.c), one rule of DESIGN.md "GUI"
 * at a time: the event source's timing, the unbounded input queue, delivery
 * to every client in the listed order, latency from arrival to transfer, the
 * async-signal buffers, freeze accounting, what busy, slow, hung and crashed
 * clients do, and the timer tick.  Each test runs a small scenario given
 * inline and checks figures that follow exactly from the model's rules.
 *
 * Most scenarios state the kernel costs they rely on (ipc 100 ns, signal
 * 300 ns, context switch 100 ns) rather than take the defaults.  With them,
 * an event arriving at A on an idle CPU reaches a waiting client at A + 700 ns:
 * the input thread's switch-in (100), its signal to the server (300) and its
 * sleep (100), the server's switch-in (100) and its send (100). */
#include <check.h>
#include <glib.h>

#include "tests/gui_fixture.h"

#define MS GF_MS
#define US GF_US

#define GUI_COSTS "\"costs\": { \"ipc\": \"100ns\", \"signal\": \"300ns\", \"signal_delivery\": \"0ns\", \"context_switch\": \"100ns\" }"
/* arrival to transfer on an idle CPU, with GUI_COSTS */
#define GUI_PATH_NS 700

/* ------------------------------------------------------------ source */

static const char burst_json[] =
  "{ \"name\": \"burst\", \"duration\": \"1s\", \"strategy\": \"sync-rpc\","
  "  \"gui\": { \"events\": { \"burst\": { \"size\": 3, \"gap\": \"1ms\", \"every\": \"10ms\" } },"
  "    \"clients\": [ { \"name\": \"term\", \"priority\": 100, \"handle\": \"10us\" } ] } }";

/* Bursts of 3 events 1 ms apart start at 10 ms, 20 ms, ...: the number of
 * events by each duration pins every arrival time down. */
START_TEST (test_source_burst_timing)
{
  static const struct { const char *duration; uint64_t events; } cases[] = {
    { "duration=9.9ms", 0 }, { "duration=10.5ms", 1 }, { "duration=11.5ms", 2 },
    { "duration=12.5ms", 3 }, { "duration=19.5ms", 3 }, { "duration=20.5ms", 4 },
    { "duration=91.5ms", 26 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *sets[] = { cases[i].duration, NULL };
      RunResult *r = gf_run_json (burst_json, sets, NULL);
      ck_assert_msg (r->gui.events == cases[i].events, "%s: %" G_GUINT64_FORMAT " events, want %"
                     G_GUINT64_FORMAT, cases[i].duration, r->gui.events, cases[i].events);
      /* an idle client receives each at once: every event is delivered,
       * within a few kernel operations of its arrival */
      ck_assert_uint_eq (r->gui.delivered, cases[i].events);
      ck_assert_int_le (r->gui.latency.max, 10 * US);
      run_result_free (r);
    }
}
END_TEST

/* A period of 7 ms: the first event one period after 0, then every 7 ms:
 * 14 events by 100 ms (15 if the first came at 0).  The run is [0, 100 ms):
 * an event due at exactly the end does not arrive. */
START_TEST (test_source_period_timing)
{
  const char *sets[] = { "gui.events={\"period\":\"7ms\"}", "duration=100ms", NULL };
  RunResult *r = gf_run_json (burst_json, sets, NULL);
  ck_assert_uint_eq (r->gui.events, 14);
  ck_assert_uint_eq (r->gui.delivered, 14);
  run_result_free (r);

  /* Events at 20, 40, 60 and 80 ms arrive, under every strategy; the one due
   * at exactly 100 ms, the end, does not. */
  static const char *const strategies[] = { "strategy=sync-rpc", "strategy=ipc-timeout",
                                            "strategy=async-signal" };
  for (size_t i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      const char *end_sets[] = { strategies[i], "gui.events={\"period\":\"20ms\"}", "duration=100ms", NULL };
      r = gf_run_json (burst_json, end_sets, NULL);
      ck_assert_msg (r->gui.events == 4, "%s: %" G_GUINT64_FORMAT " events", strategies[i], r->gui.events);
      ck_assert_uint_eq (r->gui.delivered + r->gui.pending, 4);
      ck_assert_uint_eq (r->gui.dropped, 0);
      run_result_free (r);
    }
}
END_TEST

/* Exponential gaps with a mean of 2 ms: about 1000 events in 2 s (3 sd is
 * ~95), drawn from the seed's stream, so other seeds give other counts. */
START_TEST (test_source_distribution)
{
  const char *sets[][3] = {
    { "gui.events={\"exp\":\"2ms\"}", "seed=1", NULL },
    { "gui.events={\"exp\":\"2ms\"}", "seed=2", NULL },
    { "gui.events={\"exp\":\"2ms\"}", "seed=3", NULL },
  };
  uint64_t counts[G_N_ELEMENTS (sets)];
  for (size_t i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      const char *s[] = { sets[i][0], sets[i][1], "duration=2.0005s", NULL };
      RunResult *r = gf_run_json (burst_json, s, NULL);
      counts[i] = r->gui.events;
      ck_assert_uint_ge (counts[i], 900);
      ck_assert_uint_le (counts[i], 1100);
      ck_assert_uint_eq (r->gui.delivered, counts[i]);
      run_result_free (r);
    }
  ck_assert_msg (counts[0] != counts[1] || counts[1] != counts[2],
                 "three seeds, %" G_GUINT64_FORMAT " events each: the gaps are not drawn", counts[0]);
}
END_TEST

/* Statistics ignore what completes before warmup. */
START_TEST (test_source_warmup)
{
  const char *sets[] = { "gui.events={\"period\":\"10ms\"}", "duration=1.005s", "warmup=500ms", NULL };
  RunResult *r = gf_run_json (burst_json, sets, NULL);
  ck_assert_uint_eq (r->gui.events, 51);          /* 500 ms ... 1000 ms */
  ck_assert_uint_eq (r->gui.delivered, 51);
  ck_assert_uint_eq (gf_thread (r, "term.main[0]")->latency.count, 51);
  run_result_free (r);
}
END_TEST

/* An event counts if it arrived at or after the warm-up, and its
 * deliveries and drops count with it: a backlog from the warm-up (a client
 * that takes 25 ms per event, events every 10 ms) delivered after it does
 * not count, so there are never more deliveries than events. */
START_TEST (test_warmup_counts_by_arrival)
{
  static const char *const strategies[] = { "strategy=sync-rpc", "strategy=ipc-timeout",
                                            "strategy=async-signal" };
  for (size_t i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      const char *sets[] = { strategies[i], "gui.events={\"period\":\"10ms\"}",
                             "gui.clients[0].handle=25ms", "duration=500ms", "warmup=200ms",
                             "kernel.ipc_timeout=30ms", NULL };
      RunResult *r = gf_run_json (burst_json, sets, NULL);
      ck_assert_uint_eq (r->gui.events, 30);   /* 200 ms ... 490 ms */
      ck_assert_msg (r->gui.delivered + r->gui.dropped + r->gui.pending == r->gui.events,
                     "%s: %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT
                     " != %" G_GUINT64_FORMAT, strategies[i], r->gui.delivered, r->gui.dropped,
                     r->gui.pending, r->gui.events);
      ck_assert_uint_gt (r->gui.pending, 0);   /* the backlog grows */
      run_result_free (r);
    }
}
END_TEST

/* A transfer counts when it happens: a client below two compute hogs of its
 * own priority receives the event at once (it waits in its receive) but
 * runs with it only after their slices.  Its delivery is counted, with the
 * latency of the transfer; the seen latency waits for it to run. */
START_TEST (test_delivery_counts_at_the_transfer)
{
  static const char json[] =
    "{ \"name\": \"late\", \"duration\": \"35ms\", \"strategy\": \"sync-rpc\","
    "  \"processes\": [ { \"name\": \"load\", \"threads\": [ { \"name\": \"hog\", "
    "    \"count\": 2, \"priority\": 100, \"program\": [ { \"compute\": \"forever\" } ] } ] } ],"
    "  \"gui\": { \"events\": { \"period\": \"30ms\" },"
    "    \"clients\": [ { \"name\": \"term\", \"priority\": 100, \"handle\": \"10us\" } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (r->gui.events, 1);
  ck_assert_uint_eq (r->gui.delivered, 1);
  ck_assert_uint_eq (r->gui.pending, 0);
  ck_assert_int_le (r->gui.latency.max, 10 * US);
  ck_assert_uint_eq (r->gui.seen_latency.count, 0);   /* not run with it by the end */
  run_result_free (r);

  const char *longer[] = { "duration=60ms", NULL };
  r = gf_run_json (json, longer, NULL);
  ck_assert_uint_eq (r->gui.seen_latency.count, 1);
  ck_assert_int_ge (r->gui.seen_latency.max, 10 * MS);
  run_result_free (r);
}
END_TEST

/* delivered + dropped + pending = events x clients in every bundled GUI
 * scenario under every strategy that delivers input, and a client never
 * runs with an event before it was transferred. */
START_TEST (test_deliveries_add_up)
{
  static const char *const files[] = { "dope-timeout-drops.json", "dope-freeze.json",
                                       "timeout-dilemma.json" };
  static const char *const strategies[] = { "strategy=sync-rpc", "strategy=ipc-timeout",
                                            "strategy=async-signal" };
  for (size_t f = 0; f < G_N_ELEMENTS (files); f++)
    for (size_t s = 0; s < G_N_ELEMENTS (strategies); s++)
      {
        const char *sets[] = { strategies[s], NULL };
        ScenarioConfig *c = NULL;
        RunResult *r = gf_run_file (files[f], sets, &c);
        uint64_t pairs = r->gui.events * c->gui.n_clients;
        ck_assert_msg (r->gui.delivered + r->gui.dropped + r->gui.pending == pairs,
                       "%s %s: %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT
                       " != %" G_GUINT64_FORMAT, files[f], strategies[s], r->gui.delivered,
                       r->gui.dropped, r->gui.pending, pairs);
        ck_assert_uint_le (r->gui.seen_latency.count, r->gui.delivered);
        if (r->gui.seen_latency.count > 0)
          ck_assert_int_ge (r->gui.seen_latency.p50, r->gui.latency.min);
        run_result_free (r);
        scenario_free (c);
      }
}
END_TEST

/* With kernel.timer_tick 1 ms the input interrupt is noticed at the next
 * tick, and latency still counts from the nominal arrival: events every
 * 1.25 ms wait 750, 500, 250 and 0 us for their tick, in turn.  Those
 * latencies come in no order, and the result's samples are sorted. */
START_TEST (test_source_timer_tick)
{
  static const char json[] =
    "{ \"name\": \"tick\", \"duration\": \"99.5ms\", \"strategy\": \"sync-rpc\","
    "  \"kernel\": { \"timer_tick\": \"1ms\", " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"period\": \"1.25ms\" },"
    "    \"clients\": [ { \"name\": \"term\", \"priority\": 100, \"handle\": \"10us\" } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (r->gui.events, 79);
  ck_assert_uint_eq (r->gui.delivered, 79);
  ck_assert_int_eq (r->gui.latency.min, GUI_PATH_NS);
  ck_assert_int_eq (r->gui.latency.p50, 500 * US + GUI_PATH_NS);
  ck_assert_int_eq (r->gui.latency.max, 750 * US + GUI_PATH_NS);
  ck_assert_uint_eq (r->gui.n_samples, 79);
  for (size_t i = 1; i < r->gui.n_samples; i++)
    ck_assert_int_le (r->gui.samples[i - 1], r->gui.samples[i]);
  run_result_free (r);

  /* without the tick every event is noticed on time */
  const char *sets[] = { "kernel.timer_tick=0ns", NULL };
  r = gf_run_json (json, sets, NULL);
  ck_assert_int_eq (r->gui.latency.max, GUI_PATH_NS);
  run_result_free (r);
}
END_TEST

/* ------------------------------------------------------------- queue */

/* 1000 events 100 us apart at 1 s, to a client that takes 200 us for each
 * under sync-rpc: the server falls behind by half the burst.  The input
 * queue holds them all (none lost, all delivered), and in order: event i is
 * delivered at about i x 200 us, so the last one, arrived at 1.0999 s, waits
 * ~100 ms.  Taken newest first, the oldest would wait ~200 ms. */
START_TEST (test_queue_unbounded_in_order)
{
  static const char json[] =
    "{ \"name\": \"queue\", \"duration\": \"1.5s\", \"strategy\": \"sync-rpc\","
    "  \"kernel\": { " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"burst\": { \"size\": 1000, \"gap\": \"100us\", \"every\": \"1s\" } },"
    "    \"clients\": [ { \"name\": \"term\", \"priority\": 100, \"handle\": \"200us\" } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (r->gui.events, 1000);
  ck_assert_uint_eq (r->gui.delivered, 1000);
  ck_assert_uint_eq (r->gui.dropped, 0);
  ck_assert_int_ge (r->gui.latency.max, 100 * MS);
  ck_assert_int_le (r->gui.latency.max, 101 * MS);
  run_result_free (r);
}
END_TEST

/* ---------------------------------------------------------- delivery */

/* ipc-timeout 5 ms, clients first, hung, last: the server gives each event
 * to first at once, then waits 5 ms for hung, then gives it to last.  In any
 * other order first would wait too. */
START_TEST (test_delivery_in_listed_order)
{
  static const char json[] =
    "{ \"name\": \"order\", \"duration\": \"1.01s\", \"strategy\": \"ipc-timeout\","
    "  \"kernel\": { \"ipc_timeout\": \"5ms\", " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"period\": \"20ms\" }, \"clients\": ["
    "    { \"name\": \"first\", \"priority\": 100, \"handle\": \"10us\" },"
    "    { \"name\": \"hung\", \"priority\": 100, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } },"
    "    { \"name\": \"last\", \"priority\": 100, \"handle\": \"10us\" } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  const ThreadResult *first = gf_thread (r, "first.main[0]");
  const ThreadResult *last = gf_thread (r, "last.main[0]");
  ck_assert_uint_eq (r->gui.events, 50);
  ck_assert_uint_eq (first->latency.count, 50);
  ck_assert_uint_eq (last->latency.count, 50);
  ck_assert_uint_eq (gf_drops (r, "timeout"), 50);
  ck_assert_int_eq (first->latency.max, GUI_PATH_NS);
  /* the send to hung takes effect 100 ns after the one to first and times
   * out 5 ms later; switching the server back in (first ran meanwhile) and
   * the send to last take 200 ns more */
  ck_assert_int_eq (last->latency.min, GUI_PATH_NS + 100 + 5 * MS + 200);
  ck_assert_int_eq (last->latency.max, last->latency.min);
  run_result_free (r);
}
END_TEST

/* Latency runs from the arrival to the transfer, not to the end of the
 * handling.  Free kernel operations, bursts of two events 1 ms apart, a
 * client taking 3 ms for each: the first is transferred as it arrives (0),
 * the second when the client is done with the first (2 ms after it came),
 * under every strategy (async-signal: when the client fetches it). */
START_TEST (test_delivery_latency_arrival_to_transfer)
{
  static const char json[] =
    "{ \"name\": \"latency\", \"duration\": \"90ms\", \"strategy\": \"sync-rpc\","
    "  \"kernel\": { \"costs\": { \"ipc\": \"0ns\", \"signal\": \"0ns\", \"signal_delivery\": \"0ns\","
    "                            \"context_switch\": \"0ns\" } },"
    "  \"gui\": { \"events\": { \"burst\": { \"size\": 2, \"gap\": \"1ms\", \"every\": \"20ms\" } },"
    "    \"clients\": [ { \"name\": \"term\", \"priority\": 100, \"handle\": \"3ms\" } ] } }";
  static const char *const strategies[] = { "strategy=sync-rpc", "strategy=ipc-timeout",
                                            "strategy=async-signal" };
  for (size_t i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      const char *sets[] = { strategies[i], NULL };
      RunResult *r = gf_run_json (json, sets, NULL);
      ck_assert_uint_eq (r->gui.delivered, 8);
      ck_assert_int_eq (r->gui.latency.min, 0);
      ck_assert_int_eq (r->gui.latency.max, 2 * MS);
      ck_assert (r->gui.latency.mean == 1.0 * MS);
      run_result_free (r);
    }
}
END_TEST

/* ------------------------------------------------------------ buffer */

/* async-signal, a buffer of 4, an event every 1 ms.  fast keeps up; slow
 * fetches every ~200 ms (50 ms of work after each of its 4 events); stuck
 * never fetches.  If the oldest event goes on overflow, slow always fetches
 * the 4 newest, less than 5 ms old; if the newest went, they would be ~200 ms
 * old.  fast, whose buffer never fills, loses nothing. */
START_TEST (test_buffer_overflow_drops_oldest_of_that_client_only)
{
  static const char json[] =
    "{ \"name\": \"buf\", \"duration\": \"1s\", \"strategy\": \"async-signal\","
    "  \"gui\": { \"events\": { \"period\": \"1ms\" }, \"buffer\": 4, \"clients\": ["
    "    { \"name\": \"fast\", \"priority\": 100, \"handle\": \"10us\" },"
    "    { \"name\": \"slow\", \"priority\": 90, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"busy\", \"compute\": \"50ms\" } },"
    "    { \"name\": \"stuck\", \"priority\": 90, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  uint64_t ev = r->gui.events;
  ck_assert_uint_ge (ev, 990);
  const ThreadResult *fast = gf_thread (r, "fast.main[0]");
  const ThreadResult *slow = gf_thread (r, "slow.main[0]");
  const ThreadResult *stuck = gf_thread (r, "stuck.main[0]");
  ck_assert_uint_ge (fast->latency.count, ev - 1);
  ck_assert_uint_eq (stuck->latency.count, 0);
  ck_assert_uint_gt (slow->latency.count, 0);
  ck_assert_uint_lt (slow->latency.count, ev / 10);
  ck_assert_int_lt (slow->latency.max, 5 * MS);
  /* every drop is an overflow: stuck loses all but its last 4, slow all it
   * neither fetched nor still holds (at most 4) */
  ck_assert_uint_eq (gf_drops (r, "timeout"), 0);
  ck_assert_uint_eq (gf_drops (r, "overflow"), r->gui.dropped);
  uint64_t want = (ev - 4) + (ev - slow->latency.count);
  ck_assert_uint_le (r->gui.dropped, want);
  ck_assert_uint_ge (r->gui.dropped, want - 8);   /* and an event or two still on the way */
  ck_assert_int_eq (r->gui.max_freeze_ns, 0);
  run_result_free (r);
}
END_TEST

/* ------------------------------------------------------------ freeze */

static const char freeze_json[] =
  "{ \"name\": \"freeze\", \"duration\": \"1.015s\", \"strategy\": \"ipc-timeout\","
  "  \"kernel\": { \"ipc_timeout\": \"5ms\", " GUI_COSTS " },"
  "  \"gui\": { \"events\": { \"period\": \"20ms\" }, \"clients\": ["
  "    { \"name\": \"a\", \"priority\": 100, \"handle\": \"10us\","
  "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } },"
  "    { \"name\": \"ok\", \"priority\": 100, \"handle\": \"10us\" },"
  "    { \"name\": \"b\", \"priority\": 100, \"handle\": \"10us\","
  "      \"behavior\": { \"kind\": \"hang\", \"after\": \"0ms\" } } ] } }";

/* Two hung clients, 5 ms each: one freeze per round, from the first block to
 * the end of the round, across the good client in between: 10 ms, not 5.
 * Exactly: from the send to a taking effect (A + 700 ns) to the server
 * running again after b's timeout, A + 700 + 5 ms + 100 (the send to ok) +
 * 100 (to b) + 5 ms + 100 (switching back in from ok).  Counted from the
 * arrival it would be 700 ns longer, from the round's start 100 ns. */
START_TEST (test_freeze_spans_the_round)
{
  RunResult *r = gf_run_json (freeze_json, NULL, NULL);
  ck_assert_int_eq (r->gui.max_freeze_ns, 10 * MS + 300);
  ck_assert_uint_eq (gf_drops (r, "timeout"), 2 * r->gui.events);
  ck_assert_uint_eq (gf_thread (r, "ok.main[0]")->latency.count, r->gui.events);
  run_result_free (r);
}
END_TEST

/* 15 ms per hung client: a round (30 ms) outlasts the input period, rounds
 * follow each other at once, and each is still its own freeze; meanwhile the
 * backlog delays the good client more and more. */
START_TEST (test_freeze_each_round_its_own)
{
  const char *sets[] = { "kernel.ipc_timeout=15ms", NULL };
  RunResult *r = gf_run_json (freeze_json, sets, NULL);
  ck_assert_int_ge (r->gui.max_freeze_ns, 30 * MS);
  ck_assert_int_le (r->gui.max_freeze_ns, 30 * MS + 1 * US);
  const ThreadResult *ok = gf_thread (r, "ok.main[0]");
  ck_assert_uint_le (ok->latency.count, 1000 / 30 + 1);
  ck_assert_int_gt (ok->latency.max, 300 * MS);
  run_result_free (r);
}
END_TEST

/* sync-rpc, a client that hangs at 505 ms: the send of the event at 520 ms
 * blocks at 520 ms + 700 ns and never completes; the freeze still open at
 * the end counts up to the end, 1015 ms. */
START_TEST (test_freeze_open_at_end)
{
  const char *sets[] = { "strategy=sync-rpc", "gui.clients[0].behavior.after=505ms",
                         "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
  RunResult *r = gf_run_json (freeze_json, sets, NULL);
  ck_assert_int_eq (r->gui.max_freeze_ns, 495 * MS - GUI_PATH_NS);
  ck_assert_uint_eq (gf_thread (r, "ok.main[0]")->latency.count, 25);
  run_result_free (r);
}
END_TEST

/* A client waits in a receive that ends at its hang time exactly.  If it
 * ends while the server's send to the client is being charged (arrival
 * 20 ms, send issued at +600 ns, in effect at +700 ns), the send finds nobody
 * receiving, and the server under sync-rpc is frozen from then on.  Hang
 * times 20.00065 ms and 20.0007 ms (the end at the very moment the send takes
 * effect, which the end precedes) freeze it from the first event;
 * 20.00071 ms lets the first event through and freezes it from the second. */
START_TEST (test_freeze_hang_during_the_send)
{
  static const char json[] =
    "{ \"name\": \"edge\", \"duration\": \"100ms\", \"strategy\": \"sync-rpc\","
    "  \"kernel\": { " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"period\": \"20ms\" }, \"clients\": ["
    "    { \"name\": \"a\", \"priority\": 100, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"hang\", \"after\": \"1s\" } } ] } }";
  static const struct { const char *hang; uint64_t delivered; int64_t freeze; } cases[] = {
    { "gui.clients[0].behavior.after=20.00065ms", 0, 80 * MS - GUI_PATH_NS },
    { "gui.clients[0].behavior.after=20.0007ms", 0, 80 * MS - GUI_PATH_NS },
    { "gui.clients[0].behavior.after=20.00071ms", 1, 60 * MS - GUI_PATH_NS },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *sets[] = { cases[i].hang, NULL };
      RunResult *r = gf_run_json (json, sets, NULL);
      ck_assert_msg (r->gui.delivered == cases[i].delivered, "%s: %" G_GUINT64_FORMAT " delivered",
                     cases[i].hang, r->gui.delivered);
      ck_assert_msg (r->gui.max_freeze_ns == cases[i].freeze, "%s: freeze %" G_GINT64_FORMAT " ns",
                     cases[i].hang, r->gui.max_freeze_ns);
      run_result_free (r);
    }
}
END_TEST

/* A client busy handling (not in its receive) that crashes while the
 * server's send to it is being charged (issued at 40.0006 ms, in effect at
 * 40.0007 ms): the send is aborted at once, without blocking, and the freeze
 * of that round begins at the block on y after it (40.0008 ms) and ends when
 * y's timeout gives the server back the CPU nobody used meanwhile: 5 ms. */
START_TEST (test_freeze_crash_during_the_send)
{
  static const char json[] =
    "{ \"name\": \"crash\", \"duration\": \"50ms\", \"strategy\": \"ipc-timeout\","
    "  \"kernel\": { \"ipc_timeout\": \"5ms\", " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"period\": \"20ms\" }, \"clients\": ["
    "    { \"name\": \"x\", \"priority\": 100, \"handle\": \"30ms\","
    "      \"behavior\": { \"kind\": \"crash\", \"after\": \"40.00065ms\" } },"
    "    { \"name\": \"y\", \"priority\": 100, \"handle\": \"10us\","
    "      \"behavior\": { \"kind\": \"hang\", \"after\": \"30ms\" } } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (gf_drops (r, "dead"), 1);
  ck_assert_uint_eq (gf_drops (r, "timeout"), 1);
  ck_assert_int_eq (r->gui.max_freeze_ns, 5 * MS);
  run_result_free (r);
}
END_TEST

/* async-signal never blocks the server: no freeze at all. */
START_TEST (test_freeze_none_under_async)
{
  const char *sets[] = { "strategy=async-signal", NULL };
  RunResult *r = gf_run_json (freeze_json, sets, NULL);
  ck_assert_int_eq (r->gui.max_freeze_ns, 0);
  ck_assert_uint_eq (gf_thread (r, "ok.main[0]")->latency.count, r->gui.events);
  run_result_free (r);
}
END_TEST

/* ----------------------------------------------------------- clients */

/* A client that crashes at 510 ms loses every later event (cause "dead"),
 * under every strategy, and nobody else does. */
START_TEST (test_client_crash_drops_as_dead)
{
  static const char *const strategies[] = { "strategy=sync-rpc", "strategy=ipc-timeout",
                                            "strategy=async-signal" };
  for (size_t i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      const char *sets[] = { strategies[i], "gui.clients[0].behavior={\"kind\":\"crash\",\"after\":\"510ms\"}",
                             "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
      RunResult *r = gf_run_json (freeze_json, sets, NULL);
      ck_assert_uint_eq (r->gui.events, 50);
      ck_assert_uint_eq (gf_drops (r, "dead"), 25);     /* 520 ms ... 1000 ms */
      ck_assert_uint_eq (r->gui.dropped, 25);
      ck_assert_uint_eq (gf_thread (r, "a.main[0]")->latency.count, 25);
      ck_assert_int_eq (gf_thread (r, "a.main[0]")->state, TS_DEAD);
      ck_assert_uint_eq (gf_thread (r, "ok.main[0]")->latency.count, 50);
      ck_assert_int_eq (r->gui.max_freeze_ns, 0);
      run_result_free (r);
    }
}
END_TEST

/* async-signal: the events still in a crashed client's buffer die with it.
 * Events every 10 ms, 50 ms to handle each, a crash at 105 ms: the client
 * fetched event 1 (10 ms) and events 2-6 (at 60 ms); 7-10 wait in its buffer
 * at the crash and 11-19 come after it: 13 dead, and every event is either
 * delivered or dropped. */
START_TEST (test_client_crash_loses_its_buffer)
{
  static const char json[] =
    "{ \"name\": \"crash-buffer\", \"duration\": \"195ms\", \"strategy\": \"async-signal\","
    "  \"kernel\": { " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"period\": \"10ms\" }, \"clients\": ["
    "    { \"name\": \"a\", \"priority\": 100, \"handle\": \"50ms\","
    "      \"behavior\": { \"kind\": \"crash\", \"after\": \"105ms\" } } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (r->gui.events, 19);
  ck_assert_uint_eq (r->gui.delivered, 6);
  ck_assert_uint_eq (gf_drops (r, "dead"), 13);
  ck_assert_uint_eq (r->gui.dropped, 13);
  run_result_free (r);
}
END_TEST

/* A hang without `after` comes after `faults` events handled: client a
 * handles events 1-3 and never receives event 4 (80 ms); under sync-rpc the
 * server is stuck on it from then on, before the good client's turn. */
START_TEST (test_client_hang_after_events)
{
  const char *sets[] = { "strategy=sync-rpc", "gui.clients[0].behavior={\"kind\":\"hang\",\"faults\":3}",
                         "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
  RunResult *r = gf_run_json (freeze_json, sets, NULL);
  ck_assert_uint_eq (gf_thread (r, "a.main[0]")->latency.count, 3);
  ck_assert_uint_eq (gf_thread (r, "ok.main[0]")->latency.count, 3);
  ck_assert_int_eq (r->gui.max_freeze_ns, 935 * MS - GUI_PATH_NS);
  run_result_free (r);

  /* after 0 events: hung from the start, frozen from the first event on */
  const char *sets0[] = { "strategy=sync-rpc", "gui.clients[0].behavior={\"kind\":\"hang\",\"faults\":0}",
                          "gui.clients[2].behavior={\"kind\":\"ok\"}", NULL };
  r = gf_run_json (freeze_json, sets0, NULL);
  ck_assert_uint_eq (gf_thread (r, "a.main[0]")->latency.count, 0);
  ck_assert_uint_eq (r->gui.delivered, 0);
  ck_assert_int_eq (r->gui.max_freeze_ns, 995 * MS - GUI_PATH_NS);
  run_result_free (r);
}
END_TEST

/* ... also when one fetch (async-signal) brings more: a client taking 50 ms
 * per event, hung after 2, fetches event 1, then events 2 and 3 together,
 * handles event 2 and hangs: 100 ms of CPU, not 150. */
START_TEST (test_client_hang_after_events_in_a_batch)
{
  static const char json[] =
    "{ \"name\": \"hang-batch\", \"duration\": \"300ms\", \"strategy\": \"async-signal\","
    "  \"kernel\": { " GUI_COSTS " },"
    "  \"gui\": { \"events\": { \"period\": \"20ms\" }, \"clients\": ["
    "    { \"name\": \"a\", \"priority\": 100, \"handle\": \"50ms\","
    "      \"behavior\": { \"kind\": \"hang\", \"faults\": 2 } } ] } }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  const ThreadResult *a = gf_thread (r, "a.main[0]");
  ck_assert_uint_eq (a->latency.count, 3);
  ck_assert_int_ge (a->cpu_ns, 100 * MS);
  ck_assert_int_lt (a->cpu_ns, 101 * MS);
  run_result_free (r);
}
END_TEST

/* A busy client computes after each event before it receives again; a slow
 * one handles each with its behavior's distribution instead of `handle`.
 * Either way 15 ms per event with input every 10 ms under sync-rpc: the
 * server waits for the client in every round, the client gets one event per
 * ~15 ms, each later than the last, and spends nearly all the CPU. */
START_TEST (test_client_busy_or_slow_holds_up_sync_delivery)
{
  static const char *const behaviors[] = {
    "gui.clients[0].behavior={\"kind\":\"busy\",\"compute\":\"15ms\"}",
    "gui.clients[0].behavior={\"kind\":\"slow\",\"service\":\"15ms\"}",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (behaviors); i++)
    {
      const char *sets[] = { "gui.events={\"period\":\"10ms\"}", behaviors[i], NULL };
      RunResult *r = gf_run_json (burst_json, sets, NULL);
      ck_assert_uint_ge (r->gui.delivered, 60);
      ck_assert_uint_le (r->gui.delivered, 70);
      ck_assert_int_gt (r->gui.latency.max, 300 * MS);
      ck_assert_int_gt (r->gui.max_freeze_ns, 4 * MS);
      ck_assert_int_ge (gf_thread (r, "term.main[0]")->cpu_ns, 60 * 15 * MS);
      run_result_free (r);
    }
}
END_TEST

Suite *
gui_suite (void)
{
  Suite *s = suite_create ("gui");
  TCase *tc = tcase_create ("source");
  tcase_add_test (tc, test_source_burst_timing);
  tcase_add_test (tc, test_source_period_timing);
  tcase_add_test (tc, test_source_distribution);
  tcase_add_test (tc, test_source_warmup);
  tcase_add_test (tc, test_warmup_counts_by_arrival);
  tcase_add_test (tc, test_delivery_counts_at_the_transfer);
  tcase_add_test (tc, test_deliveries_add_up);
  tcase_add_test (tc, test_source_timer_tick);
  suite_add_tcase (s, tc);
  tc = tcase_create ("queue");
  tcase_add_test (tc, test_queue_unbounded_in_order);
  suite_add_tcase (s, tc);
  tc = tcase_create ("delivery");
  tcase_add_test (tc, test_delivery_in_listed_order);
  tcase_add_test (tc, test_delivery_latency_arrival_to_transfer);
  suite_add_tcase (s, tc);
  tc = tcase_create ("buffer");
  tcase_add_test (tc, test_buffer_overflow_drops_oldest_of_that_client_only);
  suite_add_tcase (s, tc);
  tc = tcase_create ("freeze");
  tcase_add_test (tc, test_freeze_spans_the_round);
  tcase_add_test (tc, test_freeze_each_round_its_own);
  tcase_add_test (tc, test_freeze_open_at_end);
  tcase_add_test (tc, test_freeze_hang_during_the_send);
  tcase_add_test (tc, test_freeze_crash_during_the_send);
  tcase_add_test (tc, test_freeze_none_under_async);
  suite_add_tcase (s, tc);
  tc = tcase_create ("clients");
  tcase_add_test (tc, test_client_crash_drops_as_dead);
  tcase_add_test (tc, test_client_crash_loses_its_buffer);
  tcase_add_test (tc, test_client_hang_after_events);
  tcase_add_test (tc, test_client_hang_after_events_in_a_batch);
  tcase_add_test (tc, test_client_busy_or_slow_holds_up_sync_delivery);
  suite_add_tcase (s, tc);
  return s;
}
