#!/usr/bin/env bash
# Runs jgrad workloads side by side with a reference implementation and prints GFLOPS ratios.
#
#   benchmarks/compare/run.sh [workload ...]     (default: sgemm-1024 sgemm-2048; also: cnn-train)
#
# Each workload alternates jgrad and reference runs ROUNDS times (default 3) in this one
# invocation, so background load hits both sides alike; the best run of each side counts.
# Output: one table row per run, then exactly one line per workload:
#   ratio <workload> <jgrad>/<reference> = <x.xx>      (> 1 means jgrad is faster)
#
# Adding a workload: write a function workload_<name> that appends rows with record() and ends
# with summary(); e.g. workload_mlp-train and workload_cnn-train can run the trainers against
# PyTorch (/usr/bin/python3 has torch) the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-2}

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  for candidate in /usr/lib/jvm/temurin-25*; do [ -x "$candidate/bin/java" ] && JAVA_HOME=$candidate; done
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAR=benchmarks/target/benchmarks.jar
if [ ! -f "$JAR" ] || [ -n "$(find core/src nn/src optim/src backend-cpu/src benchmarks/src -newer "$JAR" -type f | head -1)" ]; then
  echo "building $JAR ..." >&2
  ./mvnw -B -q -pl benchmarks -am install -DskipTests >&2
fi
JAVA=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:ActiveProcessorCount="$THREADS"
      -cp "$JAR")

# The reference runs with OpenBLAS's own kernel choice: this machine may set OPENBLAS_CORETYPE /
# OPENBLAS_L2_SIZE (for old OpenBLAS builds), which slow a current numpy; they are unset here only.
numpy_cmd() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$THREADS" \
    python3 benchmarks/compare/numpy_gemm.py "$@"
}

ROWS=()
record() { ROWS+=("$(printf '%-12s %5s %12s %12s' "$1" "$2" "$3" "$4")"); }
SUMMARY=()
summary() {   # summary <workload> <jgrad-best> <reference-best>
  SUMMARY+=("ratio $1 $2/$3 = $(python3 -c "print('%.2f' % ($2 / $3))")")
}
gflops_of() { awk '/^gflops/ {print $3}'; }

sgemm_square() {   # sgemm_square <n>
  local n=$1 best_j=0 best_r=0 j r
  for round in $(seq 1 "$ROUNDS"); do
    j=$("${JAVA[@]}" io.jgrad.bench.GemmGflops "$n" "$WARMUP" 5 0.4 2>/dev/null | gflops_of)
    r=$(numpy_cmd sgemm "$n" "$WARMUP" 5 0.4 | gflops_of)
    record "sgemm-$n" "$round" "$j" "$r"
    best_j=$(python3 -c "print(max($best_j, $j))"); best_r=$(python3 -c "print(max($best_r, $r))")
  done
  summary "sgemm-$n" "$best_j" "$best_r"
}
workload_sgemm-1024() { sgemm_square 1024; }

# Whole training steps of the fashion-cnn model (batch 128, Adam) against benchmarks/reference/torch_train.py;
# the table's two columns are samples/s here, not GFLOPS.
train_throughput() {   # train_throughput <workload>
  local w=$1 best_j=0 best_r=0 j r seconds=${TRAIN_SECONDS:-10}
  for round in $(seq 1 "$ROUNDS"); do
    j=$("${JAVA[@]}" io.jgrad.bench.TrainThroughput "$w" "$seconds" 128 2>/dev/null | sed -n 's/.*samples_per_s=\([0-9.]*\).*/\1/p')
    r=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 benchmarks/reference/torch_train.py "$w" \
        --threads "$THREADS" --seconds "$seconds" | sed -n 's/.*samples_per_s=\([0-9.]*\).*/\1/p')
    record "$w" "$round" "$j" "$r"
    best_j=$(python3 -c "print(max($best_j, $j))"); best_r=$(python3 -c "print(max($best_r, $r))")
  done
  summary "$w" "$best_j" "$best_r"
}
workload_cnn-train() { train_throughput cnn-train; }
workload_sgemm-2048() { sgemm_square 2048; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $THREADS threads; $(java -version 2>&1 | head -1)"
echo "reference: $(numpy_cmd info)"
workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(sgemm-1024 sgemm-2048)
for w in "${workloads[@]}"; do
  declare -F "workload_$w" >/dev/null || { echo "unknown workload $w" >&2; exit 2; }
  "workload_$w"
done
printf '%-12s %5s %12s %12s\n' workload round jgrad reference   # GFLOPS, or samples/s for *-train
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${SUMMARY[@]}"
