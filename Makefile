# NNS — two commands do everything (README quick start):
#   make demo   builds (release) and runs the flagship example
#   make test   runs the whole test suite
# Both install the system libraries they need (Debian) when they are missing.

SWIFT ?= swift
SYSTEM_PACKAGES := libopenblas-dev liblapacke-dev libreadline-dev pkg-config librsvg2-bin tmux
# The single-node Slurm cluster that Tests/slurm/e2e.sh starts (docs/cluster.md).
TEST_PACKAGES := slurm-wlm munge

.PHONY: demo test deps test-deps build release bench format lint fuzz fuzz-build fuzz-campaign

# Installs the Debian packages named in $(1) that are missing (sudo when not root).
install_missing = missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

deps:
	@$(call install_missing,$(SYSTEM_PACKAGES))

test-deps:
	@$(call install_missing,$(TEST_PACKAGES))

# The release binary is built for the CPU it is built on (docs/benchmarks.md, "Host-CPU build"): with
# NNS_TARGET_CPU=native the Engine uses AVX2/FMA (the tanh kernel's fused multiply-adds, 256-bit vectors),
# when /proc/cpuinfo lists both. `make release PORTABLE=1` builds for baseline x86-64 instead — for a
# binary that must run on other machines. `swift build`/`swift test` (debug) are always portable.
# Switching between the two rebuilds the release products.
ifeq ($(PORTABLE),)
HOST_CPU := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null && echo native)
endif

# A position-dependent executable (-no-pie): with the Swift runtime linked in, the 80 MB binary would
# otherwise apply ~77 000 relative relocations (~210 dirty pages, ~2.5 ms) at every start. Only with
# --static-swift-stdlib: against the shared libswiftCore the loader warns about protected symbols.
release: deps
	NNS_TARGET_CPU=$(HOST_CPU) $(SWIFT) build -c release --product nns --static-swift-stdlib -Xlinker -no-pie

demo: release
	.build/release/nns run examples/two_spirals.nns

build: deps
	$(SWIFT) build

# The kernels `nns` runs on (Haswell's on any CPU with AVX2 and FMA: Sources/Engine/BLASCoreType.swift),
# which the Engine's loader also pins in the test process; exported here too so that every child of the
# test run (the Slurm and Jupyter end-to-end tests) sees the same. A core type set by the caller is kept.
BLAS_CORE := $(shell grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && echo Haswell)
ifneq ($(BLAS_CORE),)
test: export OPENBLAS_CORETYPE ?= $(BLAS_CORE)
endif

test: deps test-deps
	$(SWIFT) build --product nns
	$(SWIFT) test
	Tests/slurm/e2e.sh .build/debug/nns
	bash Tests/jupyter/e2e.sh
	$(MAKE) release
	Tests/native/agree.sh .build/release/nns .build/debug/nns

bench: release
	python3 bench/compare.py

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

# The Jupyter kernel (docs/jupyter.md): a venv with JupyterLab and the package in jupyter/, the NNS
# kernel spec installed into it, pointing at the release binary.
JUPYTER_VENV ?= .venv-jupyter
.PHONY: jupyter
jupyter: release
	[ -x $(JUPYTER_VENV)/bin/python ] || python3 -m venv $(JUPYTER_VENV)
	$(JUPYTER_VENV)/bin/pip install -q jupyterlab ./jupyter
	$(JUPYTER_VENV)/bin/python -m nns_kernel.install --sys-prefix --binary .build/release/nns
	@echo "now: $(JUPYTER_VENV)/bin/jupyter lab examples/notebooks/two_spirals_fisher.ipynb"

# Coverage-guided fuzzing (Tests/Fuzz/README.md). The fuzz executables are built with libFuzzer and
# AddressSanitizer in their own scratch directory, so the ordinary build is not invalidated. Each
# campaign stops after FUZZ_RUNS inputs or FUZZ_TIME seconds, whichever comes first, and fails on a
# crash, a leak, a timeout (FUZZ_TIMEOUT seconds for one input) or memory over FUZZ_RSS_MB. New inputs
# go to .build-fuzz/corpus (never committed); the seeds are examples/ and Tests/Fuzz/seeds/. lld links
# them: gold fails on the sanitizer runtime's debug info.
FUZZ_SANITIZE ?= fuzzer,address
FUZZ_SCRATCH ?= .build-fuzz
FUZZ_BUILD = -c release --scratch-path $(FUZZ_SCRATCH) -Xswiftc -sanitize=$(FUZZ_SANITIZE) -Xswiftc -DFUZZING \
  -Xswiftc -use-ld=lld
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

# The long campaign (Tests/Fuzz/README.md): FUZZ_CAMPAIGN_RUNS inputs of FuzzCheck on each of two workers,
# built with libFuzzer alone in .build-fuzz-plain — without AddressSanitizer, which Swift's own checks make
# redundant for this target apart from leaks, the campaign runs several times faster; traps, stack overflows,
# timeouts and memory over FUZZ_RSS_MB still fail it. The CI's short campaigns keep ASan and its leak check.
FUZZ_CAMPAIGN_RUNS ?= 500000
# Each worker logs to $(FUZZ_DIR)/fuzz-<n>.log; the summary lines (`stat::…`) end each log.
fuzz-campaign: FUZZ_SANITIZE = fuzzer
fuzz-campaign: FUZZ_SCRATCH = .build-fuzz-plain
fuzz-campaign: deps
	$(SWIFT) build $(FUZZ_BUILD) --product FuzzCheck
	mkdir -p $(FUZZ_DIR)/corpus/check $(FUZZ_DIR)/artifacts
	cd $(FUZZ_DIR) && $(CURDIR)/.build-fuzz-plain/release/FuzzCheck $(FUZZ_DIR)/corpus/check $(CURDIR)/examples \
	  $(CURDIR)/Tests/Fuzz/seeds $(FUZZ_FLAGS) -jobs=2 -workers=2 -runs=$(FUZZ_CAMPAIGN_RUNS)
