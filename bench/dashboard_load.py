#!/usr/bin/env python3
"""How long the dashboard's pages take to load in headless Chromium.

Starts `perfgate serve` on a store that bench/dashboard_speed filled (project
"bench"), asks each page once over HTTP so the server's cache is warm (the
server-side times are dashboard_speed's), then opens each in Chromium through
chromedriver (tests/browser/webdriver.py) and prints the load event's time
after navigation start, the page's size and element count, and for the series
page when its chart had drawn. Run by hand, never from ctest:

    bench/dashboard_load.py build/perfgate sqlite:/tmp/dash.db
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "browser"))
from webdriver import Browser, free_port  # noqa: E402

PAGES = [
    ("/p/bench", "project page"),
    ("/p/bench/regressions", "regressions page"),
    ("/p/bench/series?benchmark=suite%2Fbenchmark_0010&metric=wall_time", "series page"),
    ("/p/bench/compare?base=latest~1&contender=latest", "comparison page"),
]

FACTS = """
const t = performance.timing;
return {load_ms: t.loadEventEnd - t.navigationStart,
        dom_ms: t.domContentLoadedEventEnd - t.navigationStart,
        elements: document.getElementsByTagName('*').length,
        chart_points: window.perfgateChart ? window.perfgateChart.plot.data[1].length : null};
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    perfgate, store = sys.argv[1], sys.argv[2]
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="perfgate-load-")
    server = subprocess.Popen([perfgate, "serve", "--store", store, "--listen",
                               f"127.0.0.1:{port}", "--quiet"])
    browser = None
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(origin + "/api/v1/projects", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        for path, _ in PAGES:  # warm: the project's rows are made once
            urllib.request.urlopen(origin + path, timeout=600).read()
        browser = Browser(work)
        print(f"{'page':<20} {'load event':>11} {'DOM ready':>10} {'size':>10} {'elements':>9}")
        for path, name in PAGES:
            size = len(urllib.request.urlopen(origin + path, timeout=600).read())
            browser.go(origin + path)
            facts = browser.run(FACTS)
            chart = (f", chart of {facts['chart_points']} points drawn"
                     if facts["chart_points"] is not None else "")
            print(f"{name:<20} {facts['load_ms']:>8} ms {facts['dom_ms']:>7} ms "
                  f"{size / 1000:>7.0f} kB {facts['elements']:>9}{chart}")
    finally:
        if browser:
            browser.close()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
