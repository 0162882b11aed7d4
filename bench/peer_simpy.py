#!/usr/bin/python3
"""The peers' workload in SimPy 2 (Debian's python3-simpy, 2.3.1), for `make bench`.

N clients each loop forever: hold 10 us (off any CPU), queue a request for the
one server and passivate until it reactivates them; the server takes requests
in order and holds 2 us for each.  The same system as mksim's `peers`
benchmark and bench/peers.json (kernel costs 0, the server the bottleneck), so
the round-trip counts agree.  Written in SimPy 2's classic process style
(passivate / reactivate), its fastest.  Time is in microseconds, so every
event time is an exact integer in a double.

Usage: peer_simpy.py CLIENTS SIM_SECONDS
Prints one line:
  peer=simpy clients=N sim_s=S round_trips=R wall_s=W
wall_s covers building the model and running it, not the interpreter's start.
"""
import collections
import sys
import time

from SimPy.Simulation import Process, activate, hold, initialize, now, passivate, \
    reactivate, simulate

SLEEP_US = 10.0
SERVICE_US = 2.0


class Server(Process):
    def __init__(self, queue):
        Process.__init__(self, name="server")
        self.queue = queue

    def run(self):
        queue = self.queue
        while True:
            if not queue:
                yield passivate, self
            client = queue.popleft()
            yield hold, self, SERVICE_US
            reactivate(client)


class Client(Process):
    def __init__(self, i, queue, server, counter, horizon):
        Process.__init__(self, name="client%d" % i)
        self.queue = queue
        self.server = server
        self.counter = counter
        self.horizon = horizon

    def run(self):
        queue, server, counter, horizon = self.queue, self.server, self.counter, self.horizon
        while True:
            yield hold, self, SLEEP_US
            queue.append(self)
            if server.passive():
                reactivate(server)
            yield passivate, self
            # A run is [0, horizon): a reply at the horizon does not count.
            if now() < horizon:
                counter[0] += 1


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: peer_simpy.py CLIENTS SIM_SECONDS")
    clients = int(sys.argv[1])
    sim_s = float(sys.argv[2])
    horizon = sim_s * 1e6
    t0 = time.monotonic()
    initialize()
    queue = collections.deque()
    counter = [0]
    server = Server(queue)
    activate(server, server.run())
    for i in range(clients):
        c = Client(i, queue, server, counter, horizon)
        activate(c, c.run())
    simulate(until=horizon)
    wall = time.monotonic() - t0
    print("peer=simpy clients=%d sim_s=%g round_trips=%d wall_s=%.6f"
          % (clients, sim_s, counter[0], wall))


if __name__ == "__main__":
    main()
