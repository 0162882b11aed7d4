/* The peers' workload in SimGrid 3.32 (S4U, Debian's libsimgrid-dev), for
 * `make bench`.
 *
 * N client actors each loop forever: sleep 10 us, put a request (their
 * reply mailbox) into the server's mailbox, and wait for the reply; one
 * server actor takes requests in order, executes 2 us of flops for each
 * (a host of 1 Gflop/s, 2,000 flops) and puts the reply.  Everything is on
 * one host, whose loopback link has no latency: messages of 0 bytes take
 * no time, as mksim's `peers` benchmark charges no kernel cost, so
 * the round-trip counts agree with mksim's and SimPy's (the server is the
 * bottleneck: one reply every 2 us from 12 us on).
 *
 * Usage: peer_simgrid CLIENTS SIM_SECONDS [--cfg=...]
 * Prints one line:
 *   peer=simgrid clients=N sim_s=S round_trips=R wall_s=W
 * wall_s covers building the platform and the actors and running them up
 * to the horizon; the process then exits without tearing them down. */
#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace sg4 = simgrid::s4u;

static const double kSleep = 10e-6;      /* s */
static const double kSpeed = 1e9;        /* flop/s */
static const double kService = 2000;     /* flops: 2 us */

static double horizon;
static long round_trips;

static void
server (sg4::Mailbox *in)
{
  for (;;)
    {
      auto *reply = in->get<sg4::Mailbox> ();
      sg4::this_actor::execute (kService);
      reply->put (reply, 0);
    }
}

static void
client (sg4::Mailbox *server_box, sg4::Mailbox *reply)
{
  for (;;)
    {
      sg4::this_actor::sleep_for (kSleep);
      server_box->put (reply, 0);
      reply->get<sg4::Mailbox> ();
      /* A run is [0, horizon): a reply at the horizon does not count. */
      if (sg4::Engine::get_clock () < horizon)
        round_trips++;
    }
}

int
main (int argc, char **argv)
{
  auto t0 = std::chrono::steady_clock::now ();
  sg4::Engine e (&argc, argv);

  if (argc != 3)
    {
      std::fprintf (stderr, "usage: peer_simgrid CLIENTS SIM_SECONDS [--cfg=...]\n");
      return 2;
    }
  long clients = std::atol (argv[1]);
  horizon = std::atof (argv[2]);

  auto *zone = sg4::create_star_zone ("zone");
  sg4::Host *host = zone->create_host ("host", kSpeed);
  /* A star zone needs a route from the host to itself: a loopback link of
   * no latency, so that a message of 0 bytes takes no time. */
  sg4::Link *loop = zone->create_link ("loopback", 1e15)->set_latency (0)->seal ();
  zone->add_route (host->get_netpoint (), host->get_netpoint (), nullptr, nullptr,
                   { sg4::LinkInRoute (loop) }, false);
  zone->seal ();

  sg4::Mailbox *server_box = sg4::Mailbox::by_name ("server");
  sg4::Actor::create ("server", host, server, server_box);
  for (long i = 0; i < clients; i++)
    {
      sg4::Mailbox *reply = sg4::Mailbox::by_name ("reply-" + std::to_string (i));
      sg4::Actor::create ("client-" + std::to_string (i), host, client, server_box, reply);

    }
  e.run_until (horizon);

  std::chrono::duration<double> wall = std::chrono::steady_clock::now () - t0;
  std::printf ("peer=simgrid clients=%ld sim_s=%g round_trips=%ld wall_s=%.6f\n", clients,
               horizon, round_trips, wall.count ());
  std::fflush (stdout);
  /* Past the horizon every actor is still blocked; SimGrid's teardown of
   * them is not part of the workload. */
  std::_Exit (0);
}
