# NNS — two commands do everything (README quick start):
#   make demo   builds (release) and runs the flagship example
#   make test   runs the whole test suite
# Both install the system libraries they need (Debian) when they are missing.

SWIFT ?= swift
SYSTEM_PACKAGES := libopenblas-dev liblapacke-dev libreadline-dev pkg-config librsvg2-bin tmux
# The single-node Slurm cluster that Tests/slurm/e2e.sh starts (docs/cluster.md).
TEST_PACKAGES := slurm-wlm munge

.PHONY: demo test deps test-deps build release bench format lint

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

release: deps
	$(SWIFT) build -c release --product nns --static-swift-stdlib

demo: release
	.build/release/nns run examples/two_spirals.nns

build: deps
	$(SWIFT) build

test: deps test-deps
	$(SWIFT) build --product nns
	$(SWIFT) test
	Tests/slurm/e2e.sh .build/debug/nns
	bash Tests/jupyter/e2e.sh

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
