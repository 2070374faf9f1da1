#!/usr/bin/env bash
# Alternates two builds of jgrad in one JVM, each in its own class loader, so that a shared machine's drift hits both
# alike (see GemmAB.java and StepAB.java for what each measures and prints):
#
#   benchmarks/ab/run.sh gemm <jarA> <jarB> [java options]   Sgemm on transformer-train's weight-gradient products
#   benchmarks/ab/run.sh step <jarA> <jarB> [java options]   transformer-train steps, 100 rounds of 0.3 s
#   benchmarks/ab/run.sh attention <jarA> <jarB> [java options]   that step's attention alone (AttentionStep.java)
#
# A jar is a build's benchmarks/target/benchmarks.jar (copy it aside before building the other). Java options such as
# -Drounds=20, -Dsec=0.5, -Dshapes=..., -Dabprops=..., -Dcausal=true go after the jars. The step class is compiled
# against jarA. THREADS (default 2) sets jgrad's threads and the JVM's processor count.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 3 ] || { [ "$1" != gemm ] && [ "$1" != step ] && [ "$1" != attention ]; }; then
  echo "usage: benchmarks/ab/run.sh gemm|step|attention <jarA> <jarB> [java options]" >&2
  exit 2
fi
mode=$1 a=$2 b=$3
shift 3
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  for candidate in /usr/lib/jvm/temurin-25*; do [ -x "$candidate/bin/java" ] && JAVA_HOME=$candidate; done
fi
export PATH="$JAVA_HOME/bin:$PATH"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
JAVA=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:ActiveProcessorCount="${THREADS:-2}"
      -Djgrad.threads="${THREADS:-2}" "$@")
if [ "$mode" = gemm ]; then
  javac -d "$out" "$here/GemmAB.java"
  "${JAVA[@]}" -cp "$out" GemmAB "$a,$b" 2>&1 | grep -v '^WARNING: Using incubator'
else
  step=TransformerStep
  [ "$mode" = attention ] && step=AttentionStep
  javac -d "$out" "$here/StepAB.java"
  mkdir "$out/step"
  javac --add-modules jdk.incubator.vector -cp "$a" -d "$out/step" "$here/$step.java" 2>&1 \
    | grep -v 'warning: \[\|^1 warning\|incubator' || true
  "${JAVA[@]}" -Dstep="$step" -cp "$out" StepAB "$out/step" "$a,$b" 2>&1 | grep -v '^WARNING: Using incubator'
fi
