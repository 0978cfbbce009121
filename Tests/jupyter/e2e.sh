#!/usr/bin/env bash
# The Jupyter kernel end to end (make test runs it after swift test): a venv of its own (not the system
# Python) with ipykernel, jupyter_client, nbclient, nbformat and pygments, pip-installed only when
# missing; the package in jupyter/ installed into it as a user would (pip install ./jupyter); then
# Tests/jupyter/test_e2e.py, which installs the kernel spec into a temporary Jupyter dir and runs the
# example notebook. Closes with `jupyter e2e: N passed, M failed`; exits non-zero on any failure.
#
# NNS_BINARY picks the binary under test (default .build/debug/nns, which make test builds);
# NNS_JUPYTER_VENV the venv (default .venv-jupyter, shared with make jupyter).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${NNS_JUPYTER_VENV:-$root/.venv-jupyter}"
binary="${NNS_BINARY:-$root/.build/debug/nns}"
if [ ! -x "$binary" ]; then
  echo "jupyter e2e: no nns binary at $binary (swift build --product nns builds it)"
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 keeps venv in its own package; install it the way `make deps` installs libraries.
    rm -rf "$venv"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
    python3 -m venv "$venv"
  fi
fi
if ! "$venv/bin/python" -c "import ipykernel, jupyter_client, nbclient, nbformat, pygments" 2>/dev/null; then
  echo "jupyter e2e: installing ipykernel jupyter_client nbclient nbformat pygments into $venv"
  "$venv/bin/pip" install -q ipykernel jupyter_client nbclient nbformat pygments
fi
"$venv/bin/pip" install -q --no-deps --force-reinstall "$root/jupyter"

cd "$root"
NNS_BINARY="$binary" PYTHONDONTWRITEBYTECODE=1 exec "$venv/bin/python" "$root/Tests/jupyter/test_e2e.py"
