#!/usr/bin/python3
"""How `perfgate serve` holds up when many CI runners push at once.

Starts a real `perfgate serve` on loopback over a new store (SQLite by
default; --store postgresql://... for a PostgreSQL database you made and may
fill), makes a project and its token with the CLI, then CLIENTS threads each
push RUNS runs (a perfgate result file of BENCHMARKS benchmarks x SAMPLES
samples, each with its own run id) through `POST /api/v1/runs`, one request
after another, like `perfgate push` without its retries. Prints the push
rate (runs/s over the wall time), the latency percentiles (p50, p90, p99,
max) of the 201 replies, and then reads every run back through
`GET /api/v1/projects/P/runs` to check that each arrived exactly once.

Bounded: at most --seconds of pushing (clients stop early and say how many
runs they pushed), loopback only. Exit 1 when a run is missing, stored twice,
or a push got anything but 201.

usage: server_load.py PERFGATE [--clients 32] [--runs 20] [--benchmarks 10]
                      [--samples 10] [--threads 32] [--seconds 120] [--store URL]
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def percentile(sorted_xs, q):
    """Type 7 (linear) quantile of sorted values, q in [0, 1]."""
    h = (len(sorted_xs) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(sorted_xs) - 1)
    return sorted_xs[lo] + (h - lo) * (sorted_xs[hi] - sorted_xs[lo])


def result_template(perfgate, work, benchmarks, samples):
    """A real perfgate result file: a CSV ingested with --output (not stored)."""
    rows = ["benchmark,metric,value,unit"]
    for b in range(benchmarks):
        for s in range(samples):
            rows.append("kernel_%02d,wall_time,%d,ns" % (b, 1000 + 10 * b + s))
    csv = os.path.join(work, "load.csv")
    with open(csv, "w") as f:
        f.write("\n".join(rows) + "\n")
    out = os.path.join(work, "template.json")
    subprocess.run([perfgate, "ingest", csv, "--output", out, "--store",
                    "sqlite:" + os.path.join(work, "scratch.db"), "--quiet",
                    "--commit", "0123456789abcdef0123456789abcdef01234567", "--branch", "main"],
                   check=True, cwd=work, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def start_server(perfgate, store, threads, work):
    log = open(os.path.join(work, "serve.log"), "w+")
    proc = subprocess.Popen([perfgate, "serve", "--store", store, "--listen", "127.0.0.1:0",
                             "--threads", str(threads), "--quiet"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=work)
    deadline = time.time() + 30
    while time.time() < deadline:
        log.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)", log.read())
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    proc.kill()
    sys.exit("perfgate serve did not start: " + log.read())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("perfgate")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--runs", type=int, default=20, help="runs each client pushes")
    ap.add_argument("--benchmarks", type=int, default=10)
    ap.add_argument("--samples", type=int, default=10)
    ap.add_argument("--threads", type=int, default=32, help="perfgate serve --threads")
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--store", default="", help="default: a new SQLite file")
    a = ap.parse_args()
    perfgate = os.path.abspath(a.perfgate)

    with tempfile.TemporaryDirectory(prefix="perfgate-load-") as work:
        store = a.store or "sqlite:" + os.path.join(work, "server.db")
        subprocess.run([perfgate, "project", "create", "load", "--store", store],
                       check=True, cwd=work, stdout=subprocess.DEVNULL)
        token = subprocess.run([perfgate, "token", "create", "--project", "load", "--store",
                                store, "--quiet"], check=True, cwd=work, capture_output=True,
                               text=True).stdout.strip().splitlines()[0]
        template = result_template(perfgate, work, a.benchmarks, a.samples)
        proc, port = start_server(perfgate, store, a.threads, work)
        try:
            latencies, failures, pushed = [], [], []
            lock = threading.Lock()
            stop_at = time.time() + a.seconds

            def client(c):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                for i in range(a.runs):
                    if time.time() > stop_at:
                        break
                    doc = dict(template)
                    doc["id"] = "load-c%02d-r%04d" % (c, i)
                    body = json.dumps(doc)
                    t0 = time.perf_counter()
                    try:
                        conn.request("POST", "/api/v1/runs?project=load", body,
                                     {"Authorization": "Bearer " + token,
                                      "Content-Type": "application/json"})
                        reply = conn.getresponse()
                        text = reply.read()
                        status = reply.status
                    except (OSError, http.client.HTTPException) as e:
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                        status, text = 0, str(e).encode()
                    dt = time.perf_counter() - t0
                    with lock:
                        if status == 201:
                            latencies.append(dt)
                            pushed.append(doc["id"])
                        else:
                            failures.append((doc["id"], status, text[:200]))
                conn.close()

            t0 = time.perf_counter()
            threads = [threading.Thread(target=client, args=(c,)) for c in range(a.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0

            # Every run read back, page by page.
            seen = []
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            offset = 0
            while True:
                conn.request("GET", "/api/v1/projects/load/runs?limit=500&offset=%d" % offset)
                reply = conn.getresponse()
                page = json.loads(reply.read())
                runs = page["runs"] if isinstance(page, dict) else page
                seen += [r["run_id"] for r in runs]
                if len(runs) < 500:
                    break
                offset += 500
            conn.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    lat = sorted(x * 1000 for x in latencies)
    per_run_kb = len(json.dumps(template)) / 1024
    print("perfgate serve --threads %d on %s; %d clients x up to %d runs each, one request after "
          "another; each run %d benchmarks x %d samples (%.1f kB of JSON)"
          % (a.threads, "PostgreSQL" if store.startswith("postgres") else "SQLite", a.clients,
             a.runs, a.benchmarks, a.samples, per_run_kb))
    print("pushed %d runs in %.2f s: %.1f runs/s" % (len(pushed), wall, len(pushed) / wall))
    if lat:
        print("latency of the %d 201 replies (ms): p50 %.1f, p90 %.1f, p99 %.1f, max %.1f, "
              "mean %.1f" % (len(lat), percentile(lat, 0.5), percentile(lat, 0.9),
                             percentile(lat, 0.99), lat[-1], statistics.fmean(lat)))
    missing = sorted(set(pushed) - set(seen))
    twice = sorted({r for r in seen if seen.count(r) > 1})
    unexpected = sorted(set(seen) - set(pushed))
    ok = not failures and not missing and not twice and not unexpected
    print("read back %d runs: %d missing, %d stored more than once, %d not pushed; %d pushes "
          "failed%s" % (len(seen), len(missing), len(twice), len(unexpected), len(failures),
                        ": every run arrived exactly once" if ok else ""))
    for f in failures[:5]:
        print("  failed push:", f)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
