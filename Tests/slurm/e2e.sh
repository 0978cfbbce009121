#!/usr/bin/env bash
# A real Slurm cluster in the tests (issue #14): a single-node cluster on this machine — munged with
# a generated key, slurmctld and slurmd as root with a generated slurm.conf, every path under one
# temporary directory — runs `nns slurm --submit`, and its merged table must equal a local run's
# output byte for byte. Then one shard's results are removed and `nns merge` must name them and
# the sbatch command that reruns just that shard, which is run on the cluster too. Last, a
# 100-iteration sweep is timed on the cluster (2 and 10 tasks) and locally (docs/cluster.md quotes them).
# The daemons are stopped by their pids on exit. Needs root and Debian's slurm-wlm and munge
# (`make test` installs them); without them it says why it is skipped and exits 0.
#
#   Tests/slurm/e2e.sh [path/to/nns]      (default .build/debug/nns, what `make test` builds)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
nns=$(realpath "${1:-.build/debug/nns}")
passed=0
failed=0

skip() {
  echo "slurm e2e: skipped: $1"
  exit 0
}
pass() {
  echo "ok: $*"
  passed=$((passed + 1))
}
fail() {
  echo "FAILED: $1"
  failed=$((failed + 1))
}

[ -x "$nns" ] || { echo "slurm e2e: no nns binary at $nns (swift build --product nns)"; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "the single-node cluster runs its daemons as root; this is uid $(id -u)"
for tool in munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo; do
  command -v "$tool" >/dev/null || skip "'$tool' is not installed (apt-get install slurm-wlm munge)"
done

tmp=$(mktemp -d /tmp/nns-slurm-e2e.XXXXXX)
pids=()
cleanup() {
  # Jobs still queued or running (after a timeout) belong to this private cluster: cancel them first.
  [ -n "${own_conf:-}" ] && SLURM_CONF=$own_conf squeue -h -o %i 2>/dev/null | SLURM_CONF=$own_conf xargs -r scancel 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local limit=$1
  shift
  for _ in $(seq $((limit * 5))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

# --- munge: a fresh key, its own socket, pid, log and seed files --------------------------------
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
chmod 700 "$tmp/munge"
mungekey --create --keyfile="$tmp/munge/munge.key" >/dev/null 2>&1 \
  || dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
munged -F --force --key-file="$tmp/munge/munge.key" --socket="$socket" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" >"$tmp/log/munged.out" 2>&1 &
pids+=($!)
wait_for 10 test -S "$socket" || skip "munged did not start: $(tail -3 "$tmp/log/munged.log" "$tmp/log/munged.out" 2>/dev/null)"

# --- slurm.conf: one node (this machine), one partition, ports of our own -----------------------
host=$(hostname -s)
port=$((20000 + $$ % 20000))
export SLURM_CONF="$tmp/slurm.conf"
own_conf=$SLURM_CONF
cat >"$SLURM_CONF" <<EOF
ClusterName=nnstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=nns Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -i -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
wait_for 20 scontrol ping || skip "slurmctld did not start: $(tail -5 "$tmp/log/slurmctld.log" 2>/dev/null)"
slurmd -D -N "$host" -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { sinfo -h -N -o %t | grep -qx idle; }
wait_for 30 node_idle || skip "slurmd did not register: $(tail -5 "$tmp/log/slurmd.log" 2>/dev/null)"
echo "slurm e2e: single-node cluster up ($(slurmctld -V), node $host, $(nproc) CPUs, in $tmp)"

# Submits with `nns slurm --submit`; sets $array_job and $merge_job.
submit() {
  local out
  out=$("$nns" slurm "$@" --submit) || { echo "$out"; return 1; }
  echo "$out" | sed 's/^/  /'
  array_job=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) .* merge job \([0-9]*\)$/\1/p')
  merge_job=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) .* merge job \([0-9]*\)$/\2/p')
  [ -n "$array_job" ] && [ -n "$merge_job" ]
}
job_gone() { [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; }

# --- 1. a 4-task array and its merge job give the local table -----------------------------------
script=Tests/NNSTests/shard/sweep.nns
results="$tmp/results"
"$nns" run "$script" >"$tmp/local.txt"
if submit "$script" --array 4 --partition nns --time 10:00 --cpus 1 --mem 200M --results "$results"; then
  if wait_for 180 job_gone "$merge_job"; then
    if cmp -s "$tmp/local.txt" "$results/merged.txt"; then
      pass "array job $array_job (4 tasks) + merge job $merge_job: the merged table equals the local run"
    else
      fail "merged table differs from the local run"
      diff "$tmp/local.txt" "$results/merged.txt" | head -20
      tail -5 "$results"/slurm/*.out "$results/slurm/merge.err"
    fi
  else
    fail "merge job $merge_job did not finish within 180 s"
    squeue
  fi
else
  fail "nns slurm --submit failed"
fi
grep -q '^#SBATCH --array=0-3$' "$results/slurm/array.sbatch" \
  && grep -q -- '--shard "$SLURM_ARRAY_TASK_ID/4"' "$results/slurm/array.sbatch" \
  && grep -q '^#SBATCH --partition=nns$' "$results/slurm/array.sbatch" \
  && pass "the array batch file runs shard \$SLURM_ARRAY_TASK_ID/4" || fail "unexpected array.sbatch"

# --- 2. a lost shard: merge names it and the sbatch command; rerunning it on the cluster completes --
rm -f "$results"/000002-*.json "$results"/000006-*.json
message=$("$nns" merge "$results" 2>&1 >/dev/null)
rerun=$(echo "$message" | sed -n 's/^  \(sbatch --array=.*\)$/\1/p')
if [ "$rerun" = "sbatch --array=2 $results/slurm/array.sbatch" ]; then
  pass "merge names the missing iterations and 'sbatch --array=2 …' to rerun their shard"
  job=$(${rerun/sbatch /sbatch --parsable })
  if wait_for 120 job_gone "$job" && "$nns" merge "$results" | cmp -s - "$tmp/local.txt"; then
    pass "rerunning just shard 2 (job $job) completes the sweep; the merge equals the local run"
  else
    fail "the rerun of shard 2 did not complete the sweep"
  fi
else
  fail "merge did not suggest the sbatch rerun:"
  echo "$message"
fi

# --- 3. timing: a 100-iteration sweep on the cluster (10 tasks) and locally ----------------------
cat >"$tmp/hundred.nns" <<'EOF'
data base = moons(n: 128, noise: 0.1)
sweep width in [2, 4, 6, 8, 10, 12, 14, 16, 18, 20], s in 1..10 {
  seed s
  net m { input 2; dense width, tanh; dense 1, sigmoid }
  train m on base { loss logistic; optimizer adam(lr: 0.05); batch full; epochs 200 }
  print width: width, loss: loss(m, base), accuracy: accuracy(m, base)
}
EOF
start=$(date +%s.%N)
"$nns" run "$tmp/hundred.nns" >"$tmp/hundred-local.txt"
local_time=$(echo "$(date +%s.%N) - $start" | bc)
for tasks in 2 10; do
  start=$(date +%s.%N)
  if submit "$tmp/hundred.nns" --array $tasks --cpus 1 --results "$tmp/hundred-$tasks" \
    && wait_for 180 job_gone "$array_job" && array_time=$(echo "$(date +%s.%N) - $start" | bc) \
    && wait_for 180 job_gone "$merge_job" && cmp -s "$tmp/hundred-local.txt" "$tmp/hundred-$tasks/merged.txt"; then
    cluster_time=$(echo "$(date +%s.%N) - $start" | bc)
    pass "100-iteration sweep: local $(printf %.2f "$local_time") s; cluster, $tasks tasks: array done after" \
      "$(printf %.2f "$array_time") s, merged table after $(printf %.2f "$cluster_time") s; same table"
  else
    fail "the 100-iteration sweep on the cluster ($tasks tasks) did not give the local table"
  fi
done

echo "slurm e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
