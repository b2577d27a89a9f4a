#!/usr/bin/env bash
# A history for `perfgate compare --history` (docs/changepoints.md, "Feeding
# the gate"): a throw-away git repository with 30 commits on main, a run
# ingested at each, then a pull request's run on a branch; the comparisons
# the docs show. Usage: bench/history_demo/run.sh [PERFGATE] (default
# build/perfgate).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
perfgate="$(realpath "${1:-$here/../../build/perfgate}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main && git config user.email demo@perfgate && git config user.name demo
for i in $(seq 0 29); do
  git commit -q --allow-empty -m "c$i"
  /usr/bin/python3 "$here/make_run.py" "$i"
  "$perfgate" ingest r.csv --quiet >/dev/null
done
git checkout -q -b feature && git commit -q --allow-empty -m pr
/usr/bin/python3 "$here/make_run.py" pr
"$perfgate" ingest r.csv --quiet >/dev/null
set -x
"$perfgate" compare latest~1 latest --color never || true
"$perfgate" compare latest~1 latest --history --color never || true
"$perfgate" compare latest~11 latest --color never --fail-on critical || true
"$perfgate" compare latest~11 latest --history --color never --fail-on critical || true
