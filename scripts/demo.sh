#!/usr/bin/env bash
# The demo: perfgate on the llm workload (workloads/llm, examples/llm/perfgate.toml).
# Make the synthetic model, run the suite (kernel micro-benchmarks and token
# generation), run it again with the AVX2/FMA kernels switched off
# (LLM_KERNELS=generic: what a build that lost its -mavx2 path would ship), and
# compare. perfgate must fail the gate on the kernels that lost their vector
# path; it writes the verdict as a pull-request comment, JUnit and HTML pages
# too. Uses a fresh SQLite store under build/demo-store.
set -euo pipefail
cd "$(dirname "$0")/.."

PERFGATE=${PERFGATE:-build/perfgate}
LLM=build/workloads/llm
STORE=sqlite:build/demo-store/perfgate.db
OUT=build/demo-store
rm -rf "$OUT"
mkdir -p "$OUT"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step llm-make-model --output $LLM/model.gguf
"$LLM/llm-make-model" --output "$LLM/model.gguf"

# The regression below is the loss of the AVX2/FMA kernels; on a CPU without
# them both runs take the generic path and there is nothing to find.
"$LLM/llm-generate" --model "$LLM/model.gguf" --prompt "hi" --tokens 2 --seed 1 \
  --json "$OUT/probe.json" >/dev/null
path=$(sed -n 's/.*"kernel_path": *"\([a-z0-9_]*\)".*/\1/p' "$OUT/probe.json")
if [ "$path" != "avx2_fma" ]; then
  echo "demo: this CPU runs the generic kernels (kernel path '${path:-unknown}'), so switching the" >&2
  echo "demo: AVX2/FMA path off changes nothing; the demo needs a CPU with AVX2 and FMA." >&2
  exit 1
fi

step perfgate run examples/llm/perfgate.toml
"$PERFGATE" run examples/llm/perfgate.toml --store "$STORE" --output "$OUT/base.json"

step LLM_KERNELS=generic perfgate run examples/llm/perfgate.toml
LLM_KERNELS=generic "$PERFGATE" run examples/llm/perfgate.toml --store "$STORE" \
  --output "$OUT/contender.json"

step perfgate runs
"$PERFGATE" runs --store "$STORE"

step perfgate compare latest~1 latest --export markdown=$OUT/comment.md --export junit=$OUT/perfgate.xml
set +e
"$PERFGATE" compare latest~1 latest --store "$STORE" \
  --export markdown="$OUT/comment.md" --export junit="$OUT/perfgate.xml"
status=$?
set -e

step perfgate report --html $OUT/html
"$PERFGATE" report --html "$OUT/html" --store "$STORE"

echo
echo "demo: the pull-request comment is $OUT/comment.md, the JUnit report $OUT/perfgate.xml,"
echo "demo: the HTML pages (distribution plots, history) $OUT/html/index.html and history.html."
if [ "$status" -eq 1 ]; then
  echo "demo: the gate failed (exit 1) as it should: LLM_KERNELS=generic switched off the"
  echo "demo: AVX2/FMA kernels, and the kernels that lost their vector path are critical."
  exit 0
fi
echo "demo: expected the gate to fail (exit 1), but perfgate exited $status." >&2
echo "demo: if the kernels are inconclusive above, this machine was too noisy to decide (perfgate" >&2
echo "demo: says so rather than guess); run \`make demo\` again on a quieter machine." >&2
exit 1
