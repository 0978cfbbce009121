"""`python -m nns_kernel.install [--user | --sys-prefix | --prefix DIR] [--binary PATH]`: installs the
NNS kernel spec (display name NNS, language nns) where Jupyter finds it; with no option, into the
running venv, or the user's Jupyter directory outside one.

The spec runs `python -m nns_kernel` with this interpreter. The nns binary found now (NNS_BINARY, PATH,
or the repository's .build) is written into the spec as a fallback, so the kernel finds it from any
notebook directory; NNS_BINARY at run time still wins.
"""

import argparse
import json
import os
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager

from .child import INSTALLED_ENV, NNSNotFound, find_binary

KERNEL_NAME = "nns"


def kernel_spec(binary=None):
    spec = {
        "argv": [sys.executable, "-m", "nns_kernel", "-f", "{connection_file}"],
        "display_name": "NNS",
        "language": "nns",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    if binary:
        spec["env"] = {INSTALLED_ENV: os.path.abspath(binary)}
    return spec


def install(user=False, prefix=None, binary=None):
    """Installs the spec; returns the directory it went to."""
    if binary is None:
        try:
            binary = find_binary()
        except NNSNotFound:
            binary = None
    with tempfile.TemporaryDirectory() as staging:
        with open(os.path.join(staging, "kernel.json"), "w") as f:
            json.dump(kernel_spec(binary), f, indent=2)
        return KernelSpecManager().install_kernel_spec(staging, KERNEL_NAME, user=user, prefix=prefix)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nns_kernel.install", description="Install the NNS kernel spec.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="into the user's Jupyter data directory")
    where.add_argument("--sys-prefix", action="store_true", help="into this Python's prefix (a venv)")
    where.add_argument("--prefix", help="into PREFIX/share/jupyter/kernels")
    parser.add_argument("--binary", help="the nns binary to fall back on (default: the one found now)")
    args = parser.parse_args(argv)
    if args.binary and not os.access(args.binary, os.X_OK):
        parser.error(f"--binary {args.binary} is not an executable file")
    # With no choice: this venv when running in one (its jupyter then finds the kernel), else the user's.
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    if not (args.user or args.sys_prefix or args.prefix):
        args.sys_prefix, args.user = in_venv, not in_venv
    prefix = sys.prefix if args.sys_prefix else args.prefix
    path = install(user=args.user, prefix=prefix, binary=args.binary)
    print(f"installed the NNS kernel spec in {path}")


if __name__ == "__main__":
    main()
