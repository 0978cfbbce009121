# NNS — two commands do everything (README quick start):
#   make demo   builds (release) and runs the flagship example
#   make test   runs the whole test suite
# Both install the system libraries they need (Debian) when they are missing.

SWIFT ?= swift
SYSTEM_PACKAGES := libopenblas-dev liblapacke-dev libreadline-dev pkg-config librsvg2-bin tmux

.PHONY: demo test deps build release bench format lint fuzz fuzz-build

deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

release: deps
	$(SWIFT) build -c release --product nns --static-swift-stdlib

demo: release
	.build/release/nns run examples/two_spirals.nns

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --product nns
	$(SWIFT) test

bench: release
	python3 bench/compare.py

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

# Coverage-guided fuzzing (Tests/Fuzz/README.md). The fuzz executables are built with libFuzzer and
# AddressSanitizer in their own scratch directory, so the ordinary build is not invalidated. Each
# campaign stops after FUZZ_RUNS inputs or FUZZ_TIME seconds, whichever comes first, and fails on a
# crash, a leak, a timeout (FUZZ_TIMEOUT seconds for one input) or memory over FUZZ_RSS_MB. New inputs
# go to .build-fuzz/corpus (never committed); the seeds are examples/ and Tests/Fuzz/seeds/. lld links
# them: gold fails on the sanitizer runtime's debug info.
FUZZ_BUILD := -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
FUZZ_RUNS ?= 1000000
FUZZ_TIME ?= 60
FUZZ_RUN_TIME ?= 60
FUZZ_TIMEOUT ?= 20
FUZZ_RSS_MB ?= 2048
# Absolute paths: FuzzRun works in a scratch directory, so that what scripts write lands there.
FUZZ_DIR := $(CURDIR)/.build-fuzz
FUZZ_FLAGS = -dict=$(CURDIR)/Tests/Fuzz/nns.dict -max_len=4096 -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) \
  -artifact_prefix=$(FUZZ_DIR)/artifacts/ -print_final_stats=1

fuzz-build: deps
	$(SWIFT) build $(FUZZ_BUILD) --product FuzzCheck
	$(SWIFT) build $(FUZZ_BUILD) --product FuzzRun

fuzz: fuzz-build
	mkdir -p $(FUZZ_DIR)/corpus/check $(FUZZ_DIR)/corpus/run $(FUZZ_DIR)/artifacts
	$(FUZZ_DIR)/release/FuzzCheck $(FUZZ_DIR)/corpus/check $(CURDIR)/examples $(CURDIR)/Tests/Fuzz/seeds \
	  $(FUZZ_FLAGS) -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_TIME)
	$(FUZZ_DIR)/release/FuzzRun $(FUZZ_DIR)/corpus/run $(CURDIR)/Tests/Fuzz/seeds $(CURDIR)/examples \
	  $(FUZZ_FLAGS) -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_RUN_TIME)
