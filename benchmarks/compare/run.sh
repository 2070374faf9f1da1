#!/usr/bin/env bash
# Runs jgrad workloads side by side with a reference implementation and prints GFLOPS ratios.
#
#   benchmarks/compare/run.sh [workload ...]     (default: sgemm-1024 sgemm-2048)
#   workloads: sgemm-1024 sgemm-2048 (GFLOPS against numpy), mlp-train cnn-train lstm-train transformer-train
#   (samples/s against PyTorch)
#
# Each workload alternates jgrad and reference runs ROUNDS times (default 3) in this one
# invocation, so background load hits both sides alike; the best run of each side counts.
# Output: one table row per run, then exactly one line per workload:
#   ratio <workload> <jgrad>/<reference> = <x.xx>      (> 1 means jgrad is faster)
#
# Adding a workload: write a function workload_<name> that appends rows with record() and ends
# with summary(). mlp-train and cnn-train train the fashion-mlp and fashion-cnn models for TRAIN_SECONDS (default 10) per run,
# jgrad (io.jgrad.bench.TrainThroughput, -Djgrad.threads=$THREADS) against
# benchmarks/reference/torch_train.py (/usr/bin/python3 with torch, torch.set_num_threads($THREADS));
# torch's figure per round is the better of its two OpenMP wait policies (see train_workload). transformer-train
# trains one TransformerEncoderLayer(256, 4 heads, ff 1024, dropout 0) on [32, 128, 256] with an MSE loss and Adam:
# io.jgrad.bench.TransformerTrainThroughput against benchmarks/reference/torch_transformer.py.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-2}
TRAIN_SECONDS=${TRAIN_SECONDS:-10}

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  for candidate in /usr/lib/jvm/temurin-25*; do [ -x "$candidate/bin/java" ] && JAVA_HOME=$candidate; done
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAR=benchmarks/target/benchmarks.jar
if [ ! -f "$JAR" ] || [ -n "$(find core/src backend-cpu/src nn/src optim/src train/src benchmarks/src -newer "$JAR" -type f | head -1)" ]; then
  echo "building $JAR ..." >&2
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >&2   # a reactor build: nothing goes into ~/.m2
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
record() { ROWS+=("$(printf '%-12s %5s %12s %12s  %s' "$1" "$2" "$3" "$4" "${5:-GFLOPS}")"); }
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
workload_sgemm-2048() { sgemm_square 2048; }

# Training throughput (samples/s) of the fashion-mlp model; jgrad also reports its GC time as a
# share of the timed run (GarbageCollectorMXBeans) and the bytes it allocates per step.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
TORCH_SCRIPT=benchmarks/reference/torch_train.py
# torch runs with OpenBLAS's own kernel choice too, except where Debian's OpenBLAS 0.3.21 does not know the CPU and
# falls back to its generic Prescott kernel: the torch scripts then rerun themselves with the CPU's kernel
# (benchmarks/reference/openblas_kernel.py), and the header names the kernel torch ran.
torch_cmd() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$TORCH_SCRIPT" "$@"
}
JGRAD_MAIN=io.jgrad.bench.TrainThroughput
train_workload() {   # train_workload <workload>  (jgrad's $JGRAD_MAIN against $TORCH_SCRIPT)
  local w=$1 best_j=0 best_r=0 j r line
  for round in $(seq 1 "$ROUNDS"); do
    line=$("${JAVA[@]}" -Djgrad.threads="$THREADS" "$JGRAD_MAIN" "$w" --seconds "$TRAIN_SECONDS" 2>/dev/null | grep "^$w ")
    j=$(field samples_per_s <<<"$line")
    NOTES+=("jgrad $w round $round: gc $(field gc_pct <<<"$line")% of the run, $(field alloc_mb_per_step <<<"$line") MB allocated per step, $(field samples_per_cpu_s <<<"$line") samples per CPU-second, loss $(field loss <<<"$line")")
    # PyTorch runs twice per round, with OpenMP's default (spinning) wait policy and with PASSIVE, and
    # its better figure counts: spinning wins on a quiet machine but collapses when the cores are
    # oversubscribed (measured 350 against 7,900 samples/s here under a load of 10 on 2 cores).
    line=$(torch_cmd "$w" --threads "$THREADS" --seconds "$TRAIN_SECONDS" | grep "^$w ")
    r=$(field samples_per_s <<<"$line")
    local pline passive
    pline=$(OMP_WAIT_POLICY=PASSIVE torch_cmd "$w" --threads "$THREADS" --seconds "$TRAIN_SECONDS" | grep "^$w ")
    passive=$(field samples_per_s <<<"$pline")
    NOTES+=("torch $w round $round: $r samples/s ($(field samples_per_cpu_s <<<"$line") per CPU-second) with OpenMP's default wait policy, $passive ($(field samples_per_cpu_s <<<"$pline") per CPU-second) with OMP_WAIT_POLICY=PASSIVE")
    r=$(python3 -c "print(max($r, $passive))")
    [ "$round" = 1 ] && echo "reference $w: torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), blas=$(field blas <<<"$line"), threads=$(field threads <<<"$line")"
    record "$w" "$round" "$j" "$r" samples/s
    best_j=$(python3 -c "print(max($best_j, $j))"); best_r=$(python3 -c "print(max($best_r, $r))")
  done
  summary "$w" "$best_j" "$best_r"
}
NOTES=()
workload_mlp-train() { train_workload mlp-train; }
workload_cnn-train() { train_workload cnn-train; }
workload_transformer-train() {
  JGRAD_MAIN=io.jgrad.bench.TransformerTrainThroughput TORCH_SCRIPT=benchmarks/reference/torch_transformer.py \
    train_workload transformer-train
}
workload_lstm-train() { train_workload lstm-train; }   # LSTM(64->256), 64 steps, batch 64, synthetic data

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $THREADS threads; $(java -version 2>&1 | head -1)"
echo "numpy reference: $(numpy_cmd info)"
workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(sgemm-1024 sgemm-2048)
for w in "${workloads[@]}"; do
  declare -F "workload_$w" >/dev/null || { echo "unknown workload $w" >&2; exit 2; }
  "workload_$w"
done
printf '%-12s %5s %12s %12s  %s\n' workload round jgrad reference unit
printf '%s\n' "${ROWS[@]}"
[ ${#NOTES[@]} -gt 0 ] && printf '%s\n' "${NOTES[@]}"
printf '%s\n' "${SUMMARY[@]}"
