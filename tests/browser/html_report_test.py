#!/usr/bin/env python3
"""The HTML report in a real browser.

Makes real runs with the perfgate binary (a tiny suite run five times, the
last one slower), writes `perfgate report --html`, opens both pages in
headless Chromium through chromedriver's W3C WebDriver HTTP API (webdriver.py,
Python's standard library only), and checks what the browser drew against the result
files perfgate wrote (the independent oracle): one chart per benchmark x
metric, one point per successful sample, every run in the history with the
latest highlighted, no network request, no console error, a screenshot that
is not blank. Then a page of 5,000 ingested benchmarks: all charts present;
its load time is printed, never judged (speed lives in benchmarks).

usage: html_report_test.py PERFGATE_BIN SOURCE_DIR OUTPUT_DIR
Screenshots go to OUTPUT_DIR (html-report.png, html-history.png). Exit 77
(skipped) when chromium or chromedriver is missing, unless CI is set.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from webdriver import Browser, browser_missing, check, check_page_facts, check_screenshot, finish

# --- the runs -------------------------------------------------------------

SUITE = """
[suite]
name = "browser-demo"
[defaults]
warmup = 0
runs = 6
warning = "10%"
critical = "40%"
[[benchmark]]
name = "parse/json"
shell = "sleep ${SLOW:-0.01}"
[[benchmark]]
name = "cache/warm"
shell = "sleep ${FAST:-0.02}"
[[benchmark]]
name = "steady"
shell = "sleep 0.005"
[[benchmark]]
name = "sometimes_fails"
shell = "test ${FAIL:-0} = 0"
"""

# The same suite with one more benchmark, for one run only: a series with a
# single point that the latest run lacks.
EXTRA = SUITE + """
[[benchmark]]
name = "only/once"
shell = "true"
"""


def perfgate(bin_, cwd, *args, env=None, expect=0):
    e = dict(os.environ, NO_COLOR="1", **(env or {}))
    p = subprocess.run([bin_, *args], cwd=cwd, env=e, capture_output=True, text=True)
    if p.returncode != expect:
        sys.exit(f"perfgate {' '.join(args)} exited {p.returncode}, not {expect}:\n{p.stderr}")
    return p


def git(work, *args):
    return subprocess.run(["git", "-c", "user.name=perfgate test", "-c",
                           "user.email=test@perfgate.invalid", *args], cwd=work,
                          capture_output=True, text=True)


def commit(work):
    """A new commit per run, so that pages show commits as in real use; runs
    without git (not installed) just have none."""
    if shutil.which("git") is None:
        return
    if not os.path.isdir(os.path.join(work, ".git")):
        git(work, "init", "-q", "-b", "main")
        with open(os.path.join(work, ".gitignore"), "w") as f:
            f.write(".perfgate/\nout*/\nbig/\nempty/\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "--allow-empty", "-m", "change")


def make_runs(bin_, work):
    """Five runs of the suite, each on a new commit; the fifth 3x slower on
    parse/json, twice as fast on cache/warm, and failing every repetition of
    sometimes_fails. Returns the result documents, oldest first."""
    with open(os.path.join(work, "perfgate.toml"), "w") as f:
        f.write(SUITE)
    with open(os.path.join(work, "extra.toml"), "w") as f:
        f.write(EXTRA)
    last = {"SLOW": "0.03", "FAIL": "1", "FAST": "0.01"}
    for suite, env in [("perfgate.toml", {}), ("extra.toml", {}), ("perfgate.toml", {}),
                       ("perfgate.toml", {}), ("perfgate.toml", last)]:
        commit(work)
        # A failing benchmark is recorded, not fatal: the run is kept either way
        # (exit 0, or 3 when a benchmark failed).
        p = subprocess.run([bin_, "run", suite, "--quiet"], cwd=work, capture_output=True,
                           text=True, env=dict(os.environ, NO_COLOR="1", **env))
        if p.returncode not in (0, 3):
            sys.exit(f"perfgate run {suite} exited {p.returncode}:\n{p.stderr}")
    docs = []
    for path in sorted(glob.glob(os.path.join(work, ".perfgate", "runs", "*.json"))):
        with open(path) as f:
            docs.append(json.load(f))
    docs.sort(key=lambda d: d["id"])  # ids start with the UTC start time
    return docs


def ok_samples(doc, benchmark, metric):
    """Successful samples of one benchmark x metric in a result document."""
    for b in doc["benchmarks"]:
        if b["name"] == benchmark:
            return [r["values"][metric] for r in b["repetitions"]
                    if r.get("ok") and metric in r.get("values", {})]
    return None  # the run lacks the benchmark


def judged_metrics(doc):
    return [(b["name"], m["name"]) for b in doc["benchmarks"] for m in b["metrics"]
            if m.get("compared", True)]


# What the browser drew, for every svg.chart: its data attributes, its
# rendered size, and per series path the points (M commands in its data), the
# declared data-points, its bounding box and whether it is stroked at all.
# Folded <details> are opened first: a closed one is not laid out, and the
# test must measure what a reader sees after unfolding.
COLLECT = """
document.querySelectorAll('details').forEach(d => d.open = true);
const only = arguments[0];
let svgs = [...document.querySelectorAll('svg.chart')];
if (only > 0) svgs = svgs.slice(0, only);
return svgs.map(svg => {
  const box = svg.getBoundingClientRect();
  const paths = cls => [...svg.querySelectorAll('path.' + cls)].map(p => {
    const b = p.getBBox(), st = getComputedStyle(p);
    return {cls: p.getAttribute('class'), declared: +p.dataset.points,
            points: ((p.getAttribute('d') || '').match(/M/g) || []).length,
            w: b.width, h: b.height, stroke: st.stroke, stroke_width: parseFloat(st.strokeWidth)};
  });
  return {benchmark: svg.dataset.benchmark, metric: svg.dataset.metric,
          status: svg.dataset.status, declared_series: +svg.dataset.series,
          width: box.width, height: box.height,
          series: paths('series'), latest: paths('latest')};
});
"""

# --- the checks -------------------------------------------------------------

def check_comparison(browser, out, docs, shots):
    base, contender = docs[-2], docs[-1]
    browser.open(os.path.join(out, "index.html"))
    facts = check_page_facts(browser, "index.html")
    charts = browser.run(COLLECT, 0)
    expected = judged_metrics(contender)
    check(len(charts) == len(expected),
          f"index.html: {len(charts)} charts for {len(expected)} benchmark x metric pairs")
    check(sorted((c["benchmark"], c["metric"]) for c in charts) == sorted(expected),
          "index.html: one chart for each benchmark x metric of the contender")
    for c in charts:
        label = f"index.html: {c['benchmark']} {c['metric']}"
        check(c["width"] > 0 and c["height"] > 0, f"{label}: chart drawn ({c['width']}x{c['height']})")
        check(len(c["series"]) == 2 == c["declared_series"], f"{label}: 2 series (base, contender)")
        for side, doc in (("base", base), ("contender", contender)):
            s = [x for x in c["series"] if x["cls"] == "series " + side]
            want = len(ok_samples(doc, c["benchmark"], c["metric"]) or [])
            if not check(len(s) == 1, f"{label}: one {side} series"):
                continue
            s = s[0]
            check(s["points"] == want == s["declared"],
                  f"{label}: {side} has {s['points']} points in its path, {want} samples in the "
                  f"result file")
            if want:
                check(s["h"] > 0 and s["stroke"] not in ("none", "") and s["stroke_width"] > 0,
                      f"{label}: {side} series rendered (box height {s['h']}, stroke {s['stroke']})")
    status = {c["benchmark"]: c["status"] for c in charts}
    check(status.get("parse/json") == "critical", f"index.html: parse/json is critical "
          f"({status.get('parse/json')})")
    check(status.get("cache/warm") == "improvement",
          f"index.html: cache/warm is an improvement ({status.get('cache/warm')})")
    check(status.get("sometimes_fails") == "failed",
          f"index.html: sometimes_fails is failed ({status.get('sometimes_fails')})")
    check_screenshot(browser.screenshot(), os.path.join(shots, "html-report.png"), "index.html",
                     (207, 34, 46))  # the critical colour
    return facts


def check_history(browser, out, docs, shots):
    browser.open(os.path.join(out, "history.html"))
    check_page_facts(browser, "history.html")
    charts = browser.run(COLLECT, 0)
    pairs = []
    for doc in reversed(docs):
        for p in judged_metrics(doc):
            if p not in pairs:
                pairs.append(p)
    check(len(charts) == len(pairs),
          f"history.html: {len(charts)} charts for {len(pairs)} series over {len(docs)} runs")
    for c in charts:
        label = f"history.html: {c['benchmark']} {c['metric']}"
        runs_with = [d for d in docs if ok_samples(d, c["benchmark"], c["metric"])]
        s = [x for x in c["series"] if x["cls"] == "series runs"]
        if not check(len(s) == 1 == c["declared_series"], f"{label}: one series"):
            continue
        check(s[0]["points"] == len(runs_with) == s[0]["declared"],
              f"{label}: {s[0]['points']} points, {len(runs_with)} runs have samples of it")
        in_latest = bool(ok_samples(docs[-1], c["benchmark"], c["metric"]))
        check(len(c["latest"]) == (1 if in_latest else 0),
              f"{label}: {len(c['latest'])} highlighted latest marker(s), in latest run: {in_latest}")
        if c["latest"]:
            check(c["latest"][0]["stroke_width"] > s[0]["stroke_width"],
                  f"{label}: the latest marker is drawn larger than the others")
        check(c["width"] > 0 and c["height"] > 0, f"{label}: chart drawn")
    check(any(c["benchmark"] == "only/once" for c in charts),
          "history.html: a benchmark of one older run has its own series")
    check_screenshot(browser.screenshot(), os.path.join(shots, "html-history.png"),
                     "history.html", (9, 105, 218))  # the series colour


HOSTILE = "<b>x</b> & \"quoted\" 'naïve' 日本/" + "long" * 60


def hyperfine_json(n, slow_every):
    """hyperfine's export with n commands of 5 runs each; every slow_every-th
    twice as slow."""
    results = []
    for i in range(n):
        name = HOSTILE if i == 0 else f"bench/{i:05d}"
        scale = 2.0 if slow_every and i % slow_every == 0 else 1.0
        times = [scale * (0.010 + 0.0001 * k + 0.000001 * (i % 7)) for k in range(5)]
        mean = sum(times) / 5
        results.append({"command": name, "mean": mean, "stddev": 0.0001, "median": times[2],
                        "user": 0.001, "system": 0.001, "min": times[0], "max": times[-1],
                        "times": times, "exit_codes": [0] * 5})
    return {"results": results}


def check_five_thousand(bin_, browser, work, shots):
    big = os.path.join(work, "big")
    os.makedirs(big)
    for name, slow in (("base.json", 0), ("contender.json", 10)):
        with open(os.path.join(big, name), "w") as f:
            json.dump(hyperfine_json(5000, slow), f)
        perfgate(bin_, big, "ingest", name, "--label", "big", "--quiet")
    p = perfgate(bin_, big, "report", "--html", "out")
    print("     " + p.stderr.strip())
    index = os.path.join(big, "out", "index.html")
    print(f"     5,000 benchmarks: index.html is {os.path.getsize(index)} bytes, "
          f"history.html {os.path.getsize(os.path.join(big, 'out', 'history.html'))} bytes")
    started = time.monotonic()
    browser.open(index)
    opened_s = time.monotonic() - started
    facts = check_page_facts(browser, "5,000 benchmarks")
    print(f"     5,000 benchmarks: load event after {facts['load_ms']} ms "
          f"({opened_s:.2f} s until WebDriver returned), {facts['elements']} elements "
          "(not judged: speed lives in benchmarks)")
    check(facts["charts"] == 5000, f"5,000 benchmarks: {facts['charts']} charts in the page")
    sample = browser.run(COLLECT, 0)
    points = sum(s["points"] for c in sample for s in c["series"])
    check(points == 5000 * 2 * 5, f"5,000 benchmarks: {points} points drawn, 50,000 samples")
    drawn = sum(1 for c in sample if c["width"] > 0 and c["height"] > 0)
    check(drawn == 5000, f"5,000 benchmarks: {drawn} charts have a rendered size")
    names = {c["benchmark"] for c in sample}
    check(HOSTILE in names, "5,000 benchmarks: the hostile name reads back exactly from the DOM")
    text = browser.run("return document.body.innerText.includes(arguments[0]);", HOSTILE)
    check(text, "5,000 benchmarks: the hostile name is shown as text, not markup")


def check_report_errors(bin_, work):
    empty = os.path.join(work, "empty")
    os.makedirs(empty)
    p = perfgate(bin_, empty, "report", "--html", "out", expect=2)
    check("perfgate run" in p.stderr and len(p.stderr.strip().splitlines()) == 1,
          f"no store: exit 2 with one line saying what to do ({p.stderr.strip()})")
    p = perfgate(bin_, work, "report", "--html", "out2", "latest", expect=2)
    check("BASE and CONTENDER" in p.stderr, f"one side only: exit 2 ({p.stderr.strip()})")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    bin_, _source, shots = (os.path.abspath(a) for a in sys.argv[1:])
    skip = browser_missing("html_report_test")
    if skip is not None:
        return skip
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="perfgate-browser-")
    browser = None
    try:
        docs = make_runs(bin_, work)
        check(len(docs) == 5, f"{len(docs)} runs made")
        p = perfgate(bin_, work, "report", "--html", "out")
        print("     " + p.stderr.strip())
        check("index.html (comparison" in p.stderr and "history.html (" in p.stderr,
              "report says what it wrote")
        check_report_errors(bin_, work)
        browser = Browser(work)
        check_comparison(browser, os.path.join(work, "out"), docs, shots)
        check_history(browser, os.path.join(work, "out"), docs, shots)
        check_five_thousand(bin_, browser, work, shots)
    finally:
        if browser:
            browser.close()
    return finish(work)


if __name__ == "__main__":
    sys.exit(main())
