#!/usr/bin/env python3
"""The dashboard in a real browser, served by a real `perfgate serve`.

Pushes twelve runs through the API into project "demo" (hyperfine files
ingested with commits of their own: one benchmark 30 % slower from the seventh
run on, one faster, one steady with a run where every repetition failed, one
named like markup), starts `perfgate serve` on loopback and opens its pages in
headless Chromium through chromedriver (tests/browser/webdriver.py). What the
browser shows is checked against independent oracles: the result files
perfgate wrote (which runs have samples of which benchmark, their commits) and
`perfgate detect --format json` over the server's store (where the change
points are):

- the project page has a row per series with a sparkline of its runs, the
  state detect gives it, and every link answers;
- each series page's chart draws one point per run with a value (counted in
  the chart's data and read back as painted pixels on its canvas), marks the
  change points detect finds (painted in their colour), shows a run's commit
  on hover, and two clicked points give a link that opens the comparison page
  naming both runs;
- the regressions page lists the regressions at the head that detect lists;
- a project whose reads need a token shows the token form, and the page once
  a token of the project is given;
- no request leaves the server (the pages' resources, and the server's log
  has no 404), no console error, the screenshot is not blank.

usage: dashboard_test.py PERFGATE_BIN SOURCE_DIR OUTPUT_DIR
A screenshot goes to OUTPUT_DIR/dashboard-series.png. Exit 77 (skipped) when
chromium or chromedriver is missing, unless CI is set.
"""

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from webdriver import Browser, browser_missing, check, check_page_facts, \
    check_screenshot, finish, free_port

PROJECT = "demo"
RUNS = 12
STEP_AT = 6  # the first run of the new level
HOSTILE = "<script>alert(1)</script>&\"q\""


# --- the runs ---------------------------------------------------------------

def commit_of(i):
    return hashlib.sha1(f"commit {i}".encode()).hexdigest()


def level(name, i):
    """The median wall time (s) of benchmark `name` in run i."""
    if name == "parse/json":
        return 0.010 if i < STEP_AT else 0.013  # +30 %: a critical regression at the head
    if name == "cache/warm":
        return 0.020 if i < STEP_AT else 0.014  # -30 %: an improvement
    if name == "steady":
        return 0.005
    return 0.001


def hyperfine_json(i, names=None):
    results = []
    for name in names or ("parse/json", "cache/warm", "steady", HOSTILE):
        base = level(name, i) * (1 + 0.002 * ((i * 7) % 5))  # a little run-to-run noise
        times = [base * (1 + 0.001 * k) for k in (-2, -1, 0, 1, 2)]
        # Run 4: every repetition of "steady" failed (a gap in its series).
        codes = [1] * 5 if (name == "steady" and i == 4) else [0] * 5
        results.append({"command": name, "mean": sum(times) / 5, "stddev": 0.00001,
                        "median": times[2], "user": 0.001, "system": 0.001, "min": times[0],
                        "max": times[-1], "times": times, "exit_codes": codes})
    return {"results": results}


def run(cmd, cwd, expect=(0,)):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR="1"))
    if p.returncode not in expect:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p


def make_runs(perfgate, work, project, names=None, runs=RUNS):
    """Ingests the runs (into a local store, as a CI job would), returning
    their result files and documents, oldest first."""
    folder = os.path.join(work, project)
    os.makedirs(folder, exist_ok=True)
    for i in range(runs):
        path = os.path.join(folder, f"hyperfine-{i:02d}.json")
        with open(path, "w") as f:
            json.dump(hyperfine_json(i, names), f)
        run([perfgate, "ingest", path, "--label", project, "--commit", commit_of(i),
             "--branch", "main", "--quiet"], folder)
        time.sleep(0.002)  # distinct start times, so time order is ingest order
    files = sorted(glob.glob(os.path.join(folder, ".perfgate", "runs", "*.json")))
    docs = []
    for path in files:
        with open(path) as f:
            docs.append(json.load(f))
    order = sorted(range(len(docs)), key=lambda k: docs[k]["id"])  # ids start with the start time
    return [files[k] for k in order], [docs[k] for k in order]


def commit(doc):
    return doc["environment"].get("git", {}).get("commit", "")


def ok_samples(doc, benchmark, metric):
    for b in doc["benchmarks"]:
        if b["name"] == benchmark:
            return [r["values"][metric] for r in b["repetitions"]
                    if r.get("ok") and metric in r.get("values", {})]
    return None


def judged_metrics(doc):
    return [(b["name"], m["name"]) for b in doc["benchmarks"] for m in b["metrics"]
            if m.get("compared", True)]


def series_runs(docs, benchmark, metric):
    """The runs of a series as the store returns them (time order): every run
    whose benchmark declares the metric, with or without samples."""
    out = []
    for d in docs:
        for b in d["benchmarks"]:
            if b["name"] == benchmark and any(m["name"] == metric for m in b["metrics"]):
                out.append(d)
    return out


# --- the server ----------------------------------------------------------------

class PerfgateServer:
    """`perfgate serve` on a free loopback port, its log (one line per
    request) in a file."""

    def __init__(self, perfgate, work, store_url):
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, "serve.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [perfgate, "serve", "--store", store_url, "--listen", f"127.0.0.1:{self.port}"],
            cwd=work, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if self.process.poll() is not None:
                sys.exit(f"perfgate serve exited {self.process.returncode}:\n" +
                         open(self.log_path).read())
            try:
                if status_of(self.origin + "/api/v1/projects") == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)

    def requests(self):
        """(method, path, status) of each request the server logged."""
        out = []
        with open(self.log_path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 4 and parts[1] in ("GET", "POST", "HEAD") and parts[3].isdigit():
                    out.append((parts[1], parts[2], int(parts[3])))
        return out

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


# --- what the browser shows -----------------------------------------------------

PROJECT_ROWS = """
return [...document.querySelectorAll('table.series-table tbody tr')].map(tr => ({
  benchmark: tr.dataset.benchmark, metric: tr.dataset.metric, state: tr.dataset.state,
  href: tr.querySelector('a').href, spark: +tr.querySelector('svg.spark').dataset.points,
  spark_height: tr.querySelector('svg.spark').getBoundingClientRect().height,
  hidden: tr.hidden}));
"""

LINKS = "return [...document.querySelectorAll('a[href]')].map(a => a.href);"

# The chart as drawn: its data, the points and change points it says it drew,
# and for each point with a value the canvas pixel at its centre (alpha and
# colour), for each change point the pixel on its line half-way down.
CHART = """
const c = window.perfgateChart, box = document.getElementById('chart');
if (!c) return null;
const u = c.plot, d = c.data, ctx = u.ctx;
const pixel = (x, y) => [...ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data];
const points = [];
u.data[1].forEach((v, i) => {
  if (v === null) return;
  points.push({i, rgba: pixel(u.valToPos(i, 'x', true), u.valToPos(v, 'y', true))});
});
const mid = u.bbox.top + u.bbox.height / 2;
const marks = d.change_points.map(cp => ({index: cp.index, cls: cp['class'],
  rgba: pixel(Math.round(u.valToPos(cp.index - 0.5, 'x', true)), mid)}));
const style = getComputedStyle(document.documentElement);
return {run_id: d.run_id, commit: d.commit, values: u.data[1].map(v => v !== null),
        drawn_points: +box.dataset.drawnPoints, drawn_change_points: box.dataset.drawnChangePoints,
        points, marks, width: u.width, height: u.height,
        colours: {critical: style.getPropertyValue('--critical').trim(),
                  improvement: style.getPropertyValue('--improvement').trim(),
                  warning: style.getPropertyValue('--warning').trim(),
                  regression: style.getPropertyValue('--regression').trim()}};
"""

# Where point i is, in CSS pixels from the top left of the chart's overlay
# (the element that takes the mouse).
POINT_AT = """
const u = window.perfgateChart.plot, i = arguments[0];
return [u.valToPos(i, 'x'), u.valToPos(u.data[1][i], 'y')];
"""


def hex_rgb(text):
    text = text.lstrip("#")
    return tuple(int(text[k:k + 2], 16) for k in (0, 2, 4))


def wait_for(browser, script, *args, timeout_s=10):
    deadline = time.monotonic() + timeout_s
    while True:
        value = browser.run(script, *args)
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def detect_changes(perfgate, work, store_url):
    """`perfgate detect` over the store from a folder outside any repository
    (time order, as the server has): {(benchmark, metric): series JSON}."""
    outside = tempfile.mkdtemp(prefix="perfgate-detect-")
    try:
        p = run([perfgate, "detect", "--store", store_url, "--format", "json"], outside,
                expect=(0, 1))
    finally:
        shutil.rmtree(outside, ignore_errors=True)
    doc = json.loads(p.stdout)
    return {(s["benchmark"], s["metric"]): s for s in doc["series"]}


def state_of(series):
    if not series["enough_history"]:
        return "short"
    strong = [cp for cp in series["change_points"] if cp["kind"] == "strong"]
    if not strong:
        return "steady"
    return "regression" if strong[-1]["direction"] == "regression" else "improvement"


def check_project(browser, site, docs, detected):
    url = site.origin + "/p/" + PROJECT
    browser.go(url)
    check_page_facts(browser, "project page", site.origin)
    rows = browser.run(PROJECT_ROWS)
    expected = sorted(set(p for d in docs for p in judged_metrics(d)))
    check(sorted((r["benchmark"], r["metric"]) for r in rows) == expected,
          f"project page: {len(rows)} rows, one per series of the runs ({len(expected)})")
    for r in rows:
        key = (r["benchmark"], r["metric"])
        with_values = sum(1 for d in docs if ok_samples(d, *key))
        check(r["spark"] == min(30, with_values) and r["spark_height"] > 0,
              f"project page: {key} sparkline draws {r['spark']} points, {with_values} runs "
              "have samples")
        if key in detected:
            check(r["state"] == state_of(detected[key]),
                  f"project page: {key} is {r['state']}, detect says {state_of(detected[key])}")
    states = {r["benchmark"]: r["state"] for r in rows}
    check(states.get("parse/json") == "regression" and states.get("cache/warm") == "improvement",
          f"project page: parse/json regressed, cache/warm improved ({states})")
    text = browser.run("return document.body.innerText;")
    check(HOSTILE in text, "project page: the benchmark named like markup is shown as text")
    check(browser.run("return [...document.scripts].every(s => !s.text.includes('alert'))"),
          "project page: no script element came from a benchmark name")
    links = sorted(set(browser.run(LINKS)))
    statuses = {link: status_of(link) for link in links if link.startswith(site.origin)}
    bad = {k: v for k, v in statuses.items() if v != 200}
    check(len(statuses) >= len(rows) + 2 and not bad,
          f"project page: all {len(statuses)} links answer 200 (failing: {bad})")
    # The filter (the script's): typing narrows the rows.
    field = browser.find("#filter")
    browser.s("POST", f"/element/{field}/value", {"text": "parse"})
    shown = [r for r in browser.run(PROJECT_ROWS) if not r["hidden"]]
    check([r["benchmark"] for r in shown] == ["parse/json"],
          f"project page: filtering for 'parse' leaves parse/json only ({len(shown)} rows)")
    return rows


def check_series(browser, site, row, docs, detected, shots):
    key = (row["benchmark"], row["metric"])
    label = f"series {key[0]} {key[1]}"
    browser.go(row["href"])
    check_page_facts(browser, label, site.origin)
    chart = wait_for(browser, CHART)
    if not check(chart is not None, f"{label}: the chart was made"):
        return
    runs = series_runs(docs, *key)
    check(chart["run_id"] == [d["id"] for d in runs],
          f"{label}: the chart's runs are the store's {len(runs)} runs, in time order")
    with_values = [d for d in runs if ok_samples(d, *key)]
    check(len(chart["points"]) == len(with_values) == chart["drawn_points"],
          f"{label}: {len(chart['points'])} points drawn, {len(with_values)} runs have samples")
    unpainted = [p["i"] for p in chart["points"] if p["rgba"][3] < 200]
    check(not unpainted and chart["width"] > 0,
          f"{label}: every point is painted on the canvas (unpainted: {unpainted})")
    check(chart["commit"] == [commit(d) for d in runs],
          f"{label}: every point carries its run's commit")

    series = detected.get(key)
    want = [cp["index"] for cp in series["change_points"]] if series else []
    drawn = [int(x) for x in chart["drawn_change_points"].split(",") if x != ""]
    check(drawn == want, f"{label}: change points marked at {drawn}, detect says {want}")
    for m in chart["marks"]:
        colour = hex_rgb(chart["colours"].get(m["cls"], "#000000"))
        near = all(abs(m["rgba"][k] - colour[k]) <= 40 for k in range(3)) and m["rgba"][3] > 150
        check(near, f"{label}: change point {m['index']} painted in its colour {colour} "
              f"({m['rgba']})")
    return chart, runs


def check_hover_and_compare(browser, site, chart, runs, label):
    over = browser.find(".u-over")
    i = STEP_AT + 1
    x, y = browser.run(POINT_AT, i)
    browser.move_to(over, x, y)
    tip = wait_for(browser, "const t = document.getElementById('tip');"
                            "return t.hidden ? '' : t.innerText;")
    want = commit(runs[i])
    check(want == commit_of(i) and want in tip and runs[i]["id"] in tip,
          f"{label}: hovering run #{i + 1} shows its commit {want[:10]} and run id "
          f"({tip!r:.200})")

    a, b = 2, RUNS - 1
    for k in (a, b):
        x, y = browser.run(POINT_AT, k)
        browser.click_at(over, x, y)
    href = browser.run("const l = document.getElementById('compare-link');"
                       "return l.hidden ? '' : l.href;")
    want = (f"{site.origin}/p/{PROJECT}/compare?base={urllib.parse.quote(runs[a]['id'], safe='')}"
            f"&contender={urllib.parse.quote(runs[b]['id'], safe='')}")
    check(href == want, f"{label}: clicking runs #{a + 1} and #{b + 1} links {href}")
    if not href:
        return
    click_and_wait(browser, "#compare-link")
    check_page_facts(browser, "comparison page", site.origin)
    page = browser.run("return {h1: document.querySelector('h1').innerText,"
                       " sides: document.querySelector('.sides').innerText,"
                       " rows: [...document.querySelectorAll('tr.verdict')].map(r => "
                       "   [r.dataset.benchmark, r.dataset.metric, r.dataset.status])};")
    check(page["h1"] == "Comparison" and runs[a]["id"] in page["sides"]
          and runs[b]["id"] in page["sides"],
          f"comparison page: names base {runs[a]['id']} and contender {runs[b]['id']}")
    common = sorted(set(judged_metrics(runs[a])) & set(judged_metrics(runs[b])))
    check(sorted((r[0], r[1]) for r in page["rows"]) == common,
          f"comparison page: a row per benchmark x metric of both runs ({len(page['rows'])})")
    status = {r[0]: r[2] for r in page["rows"]}
    check(status.get("parse/json") == "critical",
          f"comparison page: parse/json is critical ({status.get('parse/json')})")


def check_regressions(browser, site, detected):
    browser.go(site.origin + f"/p/{PROJECT}/regressions")
    check_page_facts(browser, "regressions page", site.origin)
    rows = browser.run("return [...document.querySelectorAll('tr.regression')].map(r =>"
                       " [r.dataset.benchmark, r.dataset.metric, r.dataset.runId]);")
    want = sorted([s["benchmark"], s["metric"], cp["first_bad"]["run_id"]]
                  for s in detected.values() for cp in s["change_points"] if cp["at_head"])
    check(sorted(rows) == want and len(want) >= 1,
          f"regressions page: {len(rows)} open regressions, detect has {len(want)} at the head")
    links = [link for link in browser.run(LINKS) if link.startswith(site.origin)]
    bad = [link for link in links if status_of(link) != 200]
    check(not bad, f"regressions page: all {len(links)} links answer 200 (failing: {bad})")


def click_and_wait(browser, css):
    """Clicks what navigates (a submit button, a link) and waits for the new page."""
    browser.run("window.__before_click = true;")
    browser.click(browser.find(css))
    wait_for(browser, "return !window.__before_click && document.readyState === 'complete';")


def check_token_project(browser, site, token):
    """A project whose reads need a token: the form first, the page after."""
    url = site.origin + "/p/secret"
    check(status_of(url) == 401, "secret project: its page answers 401 without a token")
    browser.go(url)
    form = browser.run("const f = document.querySelector('form.login');"
                       "return f ? {action: f.action, next: f.next.value} : null;")
    check(form is not None and form["action"] == site.origin + "/p/secret/login"
          and form["next"] == "/p/secret",
          f"secret project: the page is the token form, posting to /p/secret/login ({form})")
    field = browser.find("form.login input[name=token]")
    browser.s("POST", f"/element/{field}/value", {"text": "pgt_" + "A" * 43})
    click_and_wait(browser, "form.login button")
    again = browser.run("return !!document.querySelector('form.login');")
    check(again, "secret project: a wrong token gives the form again")
    field = browser.find("form.login input[name=token]")
    browser.s("POST", f"/element/{field}/value", {"text": token})
    click_and_wait(browser, "form.login button")
    rows = browser.run(PROJECT_ROWS)
    check(browser.url() == url and [r["benchmark"] for r in rows] == ["private/bench"],
          f"secret project: with its token the page shows its series ({browser.url()}, "
          f"{len(rows)} rows)")
    cookie = browser.run("return document.cookie;")
    check("pgt_" not in cookie, "secret project: the token's cookie is HttpOnly (not in "
          "document.cookie)")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    perfgate, _source, shots = (os.path.abspath(a) for a in sys.argv[1:])
    skip = browser_missing("dashboard_test")
    if skip is not None:
        return skip
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="perfgate-dashboard-")
    store_url = "sqlite:" + os.path.join(work, "server.db")
    browser = site = None
    try:
        run([perfgate, "project", "create", PROJECT, "--store", store_url], work)
        run([perfgate, "project", "create", "secret", "--reads", "token", "--store", store_url],
            work)
        token = run([perfgate, "token", "create", "--project", PROJECT, "--quiet", "--store",
                     store_url], work).stdout.strip()
        secret = run([perfgate, "token", "create", "--project", "secret", "--quiet", "--store",
                      store_url], work).stdout.strip()
        files, docs = make_runs(perfgate, work, PROJECT)
        secret_files, _ = make_runs(perfgate, work, "secret", names=("private/bench",), runs=3)
        site = PerfgateServer(perfgate, work, store_url)
        run([perfgate, "push", *files, "--server", site.origin, "--token", token, "--quiet"], work)
        run([perfgate, "push", *secret_files, "--server", site.origin, "--token", secret,
             "--quiet"], work)
        stored = json.loads(urllib.request.urlopen(
            f"{site.origin}/api/v1/projects/{PROJECT}/runs?limit=100", timeout=60).read())
        check(len(docs) == RUNS and len(stored["runs"]) == RUNS,
              f"{len(docs)} runs pushed, the server holds {len(stored['runs'])}")
        detected = detect_changes(perfgate, work, store_url)
        browser = Browser(work)
        rows = check_project(browser, site, docs, detected)
        for row in rows:
            result = check_series(browser, site, row, docs, detected, shots)
            if row["benchmark"] == "parse/json" and result:
                chart, runs = result
                check_screenshot(browser.screenshot(), os.path.join(shots, "dashboard-series.png"),
                                 "series parse/json", (9, 105, 218))  # the points' colour
                check_hover_and_compare(browser, site, chart, runs, "series parse/json")
        check_regressions(browser, site, detected)
        check_token_project(browser, site, secret)
        logged = site.requests()
        missing = [r for r in logged if r[2] == 404]
        check(len(logged) > 20 and not missing,
              f"the server logged {len(logged)} requests, none for something it does not have "
              f"(404: {missing})")
    finally:
        if browser:
            browser.close()
        if site:
            site.close()
    return finish(work)


if __name__ == "__main__":
    sys.exit(main())
