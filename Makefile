# mksim — build, test, demo and benchmark.
#   make            build ./mksim
#   make check      build and run every test (unit, claims, bad input)
#   make demo       install missing packages (as root), build, run the flagship example
#   make bench      throughput and memory against the performance targets, beside
#                   SimGrid and SimPy 2 where installed (BENCH_JSON=F: figures as JSON)
#   make SAN=1 ...  build with AddressSanitizer and UndefinedBehaviorSanitizer
#   make fuzz       fuzz the loader and the models (libFuzzer, clang)
#   make valgrind   a small compare under valgrind, leaks included

PKGS      := glib-2.0 libcjson
DEB_PKGS  := gcc libglib2.0-dev libcjson-dev check gnuplot-nox pkg-config valgrind parallel
# Only tests/lesson.sh uses it, to open the --html handouts; it skips without.
TEST_PKGS := chromium
# Only make bench uses them, to run the peers' workload in SimGrid and SimPy 2;
# it skips a peer that is missing.  Installed by an explicit `make deps` only.
BENCH_PKGS := libsimgrid-dev g++ python3-simpy
PREFIX    ?= /usr/local
CC        ?= gcc
VERSION   := 0.1.0

BUILD     := build$(if $(SAN),-san)
# CFLAGS and LDFLAGS are the user's (make CFLAGS="-O0 -g" works); the flags
# the build needs are kept apart in MK_CFLAGS and MK_LDFLAGS.
CFLAGS    ?= -O2 -g
MK_CFLAGS := -std=c11 -Wall -Wextra -Werror -Wswitch-enum -Wno-switch-default \
             -D_GNU_SOURCE -DMKSIM_VERSION='"$(VERSION)"' -I.
MK_LDFLAGS :=
ifdef SAN
MK_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
MK_LDFLAGS += -fsanitize=address,undefined
endif
# V=1 shows the whole compiler lines.
Q         := $(if $(V),,@)

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)

# Three archives, one per layer, linked program -> models -> engine: a
# models/ file that calls into the program, or an engine file that calls
# into models/, leaves an undefined symbol (tests/layering.sh checks the
# includes as well).
ENGINE_SRCS := $(wildcard sim/engine/*.c)
MODEL_SRCS  := $(wildcard models/*.c)
PROG_SRCS   := $(filter-out sim/main.c,$(wildcard sim/*.c))
LIB_SRCS    := $(ENGINE_SRCS) $(MODEL_SRCS) $(PROG_SRCS)
LIBS        := $(BUILD)/libmksim-prog.a $(BUILD)/libmksim-models.a $(BUILD)/libmksim-engine.a
TEST_SRCS := $(wildcard tests/check_*.c)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
BIN       := $(if $(SAN),$(BUILD)/mksim,mksim)

.PHONY: all check demo bench deps clean install fuzz pin valgrind
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(MK_CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libmksim-engine.a: $(ENGINE_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libmksim-models.a: $(MODEL_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libmksim-prog.a: $(PROG_SRCS:%.c=$(BUILD)/%.o)
$(LIBS):
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(BUILD)/sim/main.o $(LIBS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(MK_CFLAGS) $(LDFLAGS) $(MK_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The test runner lists every <name>_suite() found in tests/check_*.c, so a new
# test file needs no edit anywhere else.
$(BUILD)/tests/runner.c: $(TEST_SRCS) tests/gen-runner.sh
	@mkdir -p $(dir $@)
	$(Q)sh tests/gen-runner.sh $(TEST_SRCS) > $@

$(BUILD)/check-runner: $(BUILD)/tests/runner.c $(TEST_OBJS) $(LIBS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(MK_CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(LDFLAGS) $(MK_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS)

check: deps $(BIN) $(BUILD)/check-runner
	MKSIM=./$(BIN) CK_DEFAULT_TIMEOUT=600 ./$(BUILD)/check-runner
	MKSIM=./$(BIN) sh tests/bad.sh
	MKSIM=./$(BIN) sh tests/cli.sh
	MKSIM=./$(BIN) sh tests/lesson.sh
	MKSIM=./$(BIN) sh tests/pinned.sh
	MKSIM=./$(BIN) sh tests/tty.sh
	MKSIM=./$(BIN) sh tests/columns.sh
	MKSIM=./$(BIN) MKSIM_SAN=$(SAN) sh tests/valgrind.sh
	sh tests/layering.sh

# Re-record the pinned results after a change meant to move figures;
# the diff of tests/data/pinned/ then shows what moved.
pin: $(BIN)
	MKSIM=./$(BIN) sh tests/pinned.sh --update

demo: deps $(BIN)
	sh scenarios/demo.sh ./$(BIN)

# make bench: mksim's benchmarks, the peers (bench/peer_simgrid.cpp,
# bench/peer_simpy.py) where installed, the table and a verdict per target
# (bench/run.sh).  The SimGrid peer is built only where SimGrid's package
# is; SimPy 2 is Debian's python3-simpy for /usr/bin/python3.  About two
# to three minutes; never part of make check or CI.
CXX          ?= g++
BENCH_JSON   ?=
SIMGRID_OK   := $(shell { pkg-config --exists simgrid 2>/dev/null || test -f /usr/include/simgrid/s4u.hpp; } && command -v $(CXX) >/dev/null 2>&1 && echo yes)
SIMGRID_LIBS  = $(or $(shell pkg-config --libs simgrid 2>/dev/null),-lsimgrid)
SIMGRID_PEER := $(if $(SIMGRID_OK),$(BUILD)/bench/peer_simgrid)

$(BUILD)/bench/peer_simgrid: bench/peer_simgrid.cpp
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CXX     $<")
	$(Q)$(CXX) -O2 -g -std=c++17 -Wall -Wextra $(shell pkg-config --cflags simgrid 2>/dev/null) \
	  $< -o $@ $(SIMGRID_LIBS)

bench: $(BIN) $(SIMGRID_PEER)
	MKSIM=./$(BIN) PEER_SIMGRID=$(SIMGRID_PEER) BENCH_JSON=$(BENCH_JSON) sh bench/run.sh

# Fuzz with libFuzzer (clang): fuzz_scenario feeds any bytes to the loader
# as a scenario (seed corpus: the bundled scenarios and tests/data), fuzz_set
# feeds --set PATH=VALUE lines against the bundled scenarios (seed corpus
# tests/fuzz/set/, dictionary tests/fuzz/set.dict); both run what loads.
# Each runs FUZZ_TIME seconds (default 60); an input that takes longer
# than FUZZ_TIMEOUT seconds (default 30) is reported as a crash would be.
# The instrumented build runs some 30 times slower than mksim: a program
# looping at zero cost reaches the models' bound of 10^7 operations within
# one instant in 0.3 s in mksim, but in 10 to 16 s here.
# Crashes and slow inputs are written to build-fuzz/; FUZZ_FLAGS adds
# libFuzzer options (FUZZ_FLAGS=-jobs=2, -workers=2, ...).
FUZZ_TIME    ?= 60
FUZZ_TIMEOUT ?= 30
FUZZ_FLAGS   ?=
FUZZ_TARGETS := scenario set
FUZZ_RUN      = -max_total_time=$(FUZZ_TIME) -timeout=$(FUZZ_TIMEOUT) -max_len=16384 \
                -rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_FLAGS)
build-fuzz/fuzz_%: $(LIB_SRCS) tests/fuzz_%.c
	@mkdir -p build-fuzz
	clang -std=c11 -g -O1 -D_GNU_SOURCE -DMKSIM_VERSION='"$(VERSION)"' -I. \
	  -fsanitize=fuzzer,address,undefined \
	  $(PKG_CFLAGS) $(LIB_SRCS) tests/fuzz_$*.c -o $@ $(PKG_LIBS)

fuzz: $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
	@mkdir -p build-fuzz/corpus build-fuzz/corpus-set
	cp scenarios/*.json tests/data/*.json build-fuzz/corpus/
	cp tests/fuzz/set/* build-fuzz/corpus-set/
	./build-fuzz/fuzz_scenario $(FUZZ_RUN) -artifact_prefix=build-fuzz/scenario- build-fuzz/corpus
	./build-fuzz/fuzz_set $(FUZZ_RUN) -dict=tests/fuzz/set.dict \
	  -artifact_prefix=build-fuzz/set- build-fuzz/corpus-set

# A small compare (two runs of hello on two worker threads) under valgrind:
# any memory error, or a leak definitely or possibly lost, fails it
# (tests/valgrind.sh; make check runs it too when valgrind is installed).
valgrind: $(BIN)
	MKSIM=./$(BIN) sh tests/valgrind.sh

# Install missing Debian packages when run as root; otherwise print the exact line.
deps:
	@missing=; \
	for p in $(PKGS) check; do pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	command -v gnuplot >/dev/null 2>&1 || missing=1; \
	command -v valgrind >/dev/null 2>&1 || missing=1; \
	command -v parallel >/dev/null 2>&1 || missing=1; \
	command -v pkg-config >/dev/null 2>&1 || missing=1; \
	command -v $(CC) >/dev/null 2>&1 || missing=1; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "mksim: installing $(DEB_PKGS)"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEB_PKGS); \
	  else \
	    echo "mksim: missing build dependencies; run as root:" >&2; \
	    echo "  apt-get install -y $(DEB_PKGS)" >&2; \
	    exit 1; \
	  fi; \
	fi; \
	if [ -n "$(filter deps,$(MAKECMDGOALS))" ] \
	   && ! { pkg-config --exists simgrid 2>/dev/null && command -v $(CXX) >/dev/null 2>&1 \
	          && /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; }; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "mksim: installing $(BENCH_PKGS) (make bench runs the peers with them)"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(BENCH_PKGS) \
	      || echo "mksim: $(BENCH_PKGS) not installed: make bench will skip the peers"; \
	  else \
	    echo "mksim: optional: apt-get install -y $(BENCH_PKGS) (make bench runs the peers with them)"; \
	  fi; \
	fi; \
	if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "mksim: installing $(TEST_PKGS) (to test the --html handouts)"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(TEST_PKGS) \
	      || echo "mksim: $(TEST_PKGS) not installed: the handout test will skip its browser checks"; \
	  else \
	    echo "mksim: optional: apt-get install -y $(TEST_PKGS) (tests open the --html handouts in it)"; \
	  fi; \
	fi

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/mksim/scenarios $(DESTDIR)$(PREFIX)/share/mksim/plots
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/mksim
	install -m 644 scenarios/*.json $(DESTDIR)$(PREFIX)/share/mksim/scenarios/
	install -d $(DESTDIR)$(PREFIX)/share/mksim/scenarios/traces
	install -m 644 scenarios/traces/*.trace $(DESTDIR)$(PREFIX)/share/mksim/scenarios/traces/
	if ls plots/*.gp >/dev/null 2>&1; then install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/mksim/plots/; fi

clean:
	rm -rf build build-san build-fuzz mksim out

-include $(shell find build build-san -name '*.d' 2>/dev/null)
