#!/usr/bin/env bash
# The demo: run the demo suite, run it again with matmul made 50 % slower
# (DEMO_MATMUL_SLOWDOWN=1.5), and compare. perfgate must flag matmul and no
# other benchmark; write the verdict as a pull-request comment, JUnit and HTML
# pages too. Uses a fresh SQLite store under build/demo-store.
set -euo pipefail
cd "$(dirname "$0")/.."

PERFGATE=${PERFGATE:-build/perfgate}
STORE=sqlite:build/demo-store/perfgate.db
rm -rf build/demo-store

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step perfgate run demo/perfgate.toml
"$PERFGATE" run demo/perfgate.toml --store "$STORE" --output build/demo-store/base.json

step DEMO_MATMUL_SLOWDOWN=1.5 perfgate run demo/perfgate.toml
DEMO_MATMUL_SLOWDOWN=1.5 "$PERFGATE" run demo/perfgate.toml --store "$STORE" \
  --output build/demo-store/contender.json

step perfgate runs
"$PERFGATE" runs --store "$STORE"

OUT=build/demo-store
step perfgate compare latest~1 latest --export markdown=$OUT/comment.md --export junit=$OUT/perfgate.xml
set +e
"$PERFGATE" compare latest~1 latest --store "$STORE" \
  --export markdown=$OUT/comment.md --export junit=$OUT/perfgate.xml
status=$?
set -e

step perfgate report --html $OUT/html
"$PERFGATE" report --html $OUT/html --store "$STORE"

echo
echo "demo: the pull-request comment is $OUT/comment.md, the JUnit report $OUT/perfgate.xml,"
echo "demo: the HTML pages (distribution plots, history) $OUT/html/index.html and history.html."
if [ "$status" -eq 1 ]; then
  echo "demo: the gate failed (exit 1) as it should: matmul did 50 % more work (6 passes instead of 4)."
  exit 0
fi
echo "demo: expected the gate to fail (exit 1) on matmul, but perfgate exited $status." >&2
echo "demo: if matmul is inconclusive above, this machine was too noisy to decide (perfgate" >&2
echo "demo: says so rather than guess); run \`make demo\` again on a quieter machine." >&2
exit 1
