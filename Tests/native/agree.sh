#!/usr/bin/env bash
# The host-CPU build against the portable build (docs/benchmarks.md, "Host-CPU build"): runs agree.nns
# with both binaries and compares every number of the JSON they save (weights after tanh training on ℝ
# and ℂ, a Hessian, an NTK and a Fisher record) within a relative tolerance, scaled per list by its
# largest entry (compare.py).
#
#   Tests/native/agree.sh [native nns] [portable nns]   (default .build/release/nns, .build/debug/nns;
#   NNS_AGREE_TOLERANCE overrides the tolerance, e.g. 1e-20 to see it fail on the FMA differences)
#
# Tolerance 1e-11: the builds differ only in the Engine's own code — the tanh kernel's fused
# multiply-adds and wider vectors (the GEMMs and LAPACK are OpenBLAS's, chosen at run time, the same in
# both; Swift never contracts a·b + c into an FMA on its own, so everything else keeps its bits). Each
# tanh differs by at most ~1e-15 relative (Tests/EngineTests/Tanh8Tests.swift); over agree.nns's few
# hundred steps that grew to 6e-16 in the weights and 3e-14 in the Hessian and NTK (measured on the
# AVX-512 build machine), so 1e-11 leaves ~300× margin for other CPUs and still fails for any real
# change of a kernel. The Fisher condition number gets tolerance × κ (compare.py). The portable release
# binary against the debug one gives identical bits (scaled difference 0), as it must: both are -O.
# Training over many more steps amplifies the last-bit differences further (W0's 10 000 epochs end
# ~1e-5 apart in the loss), which is why the check uses short runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
native=$(realpath "${1:-.build/release/nns}")
portable=$(realpath "${2:-.build/debug/nns}")
tolerance=${NNS_AGREE_TOLERANCE:-1e-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for which in native portable; do
  mkdir -p "$work/$which"
  cp Tests/native/agree.nns "$work/$which/"
  bin=$native
  [ "$which" = portable ] && bin=$portable
  (cd "$work/$which" && "$bin" run agree.nns --quiet >/dev/null)
done
echo "native ($native) against portable ($portable), tolerance $tolerance:"
python3 Tests/native/compare.py "$work/native/out" "$work/portable/out" "$tolerance"
