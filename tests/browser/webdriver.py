"""Headless Chromium for the browser tests, with Python's standard library only.

A chromedriver process and one Chromium session driven through the W3C
WebDriver HTTP API (Browser), the checks every page gets (no request outside
the page's origin, no console error, a screenshot that is not blank), and
just enough of a PNG reader to tell a blank screenshot from a drawn one.
Used by html_report_test.py and dashboard_test.py.
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib

SKIP = 77
CHROMIUM = os.environ.get("PERFGATE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PERFGATE_CHROMEDRIVER", "/usr/bin/chromedriver")

# The W3C name of an element reference in WebDriver answers.
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def finish(work):
    """The test's exit code from its checks; `work` is kept for a look when
    one failed, else removed."""
    if failures:
        print(f"kept {work} for a look")
        print(f"{len(failures)} check(s) failed")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print("all checks passed")
    return 0


def browser_missing(test_name):
    """None when chromium and chromedriver are here. Otherwise the exit code:
    77 (skipped) with a message, or exits failing when CI is set."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if not missing:
        return None
    msg = (f"{' and '.join(missing)} not found; install Debian's chromium and "
           "chromium-driver (scripts/install-deps.sh)")
    if os.environ.get("CI"):
        sys.exit(f"{test_name}: {msg} (CI is set, so this fails rather than skips)")
    print(f"{test_name}: skipped: {msg}")
    return SKIP


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A chromedriver process and one headless Chromium session."""

    def __init__(self, profile_dir):
        self.port = free_port()
        self.log = open(os.path.join(profile_dir, "chromedriver.log"), "w")
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"],
                                       stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                if self.call("GET", "/status")["value"].get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}/profile",
                "--window-size=1280,2000", "--force-device-scale-factor=1"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}}}}
        self.session = self.call("POST", "/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"WebDriver {method} {path}: {e.read().decode()[:2000]}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)["value"]

    def open(self, path):
        """Opens a file."""
        self.s("POST", "/url", {"url": "file://" + os.path.abspath(path)})

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def url(self):
        return self.s("GET", "/url")

    def run(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        """The element reference of the first match of a CSS selector."""
        found = self.s("POST", "/element", {"using": "css selector", "value": css})
        if ELEMENT not in found:
            raise RuntimeError(f"WebDriver found no element for {css!r}: {found}")
        return found[ELEMENT]

    def pointer(self, *actions):
        """Performs mouse actions: dicts such as {"type": "pointerMove",
        "origin": {ELEMENT: ref}, "x": 3, "y": 4} (offsets from the element's
        centre), {"type": "pointerDown", "button": 0}."""
        self.s("POST", "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": list(actions)}]})

    def move_to(self, element, x, y):
        """Moves the mouse to (x, y) CSS pixels from the element's top left,
        kept a pixel inside the element (its far edges are outside it)."""
        box = self.s("GET", f"/element/{element}/rect")
        x = min(max(x, 1), box["width"] - 1)
        y = min(max(y, 1), box["height"] - 1)
        self.pointer({"type": "pointerMove", "duration": 0, "origin": {ELEMENT: element},
                      "x": int(round(x - box["width"] / 2)), "y": int(round(y - box["height"] / 2))})

    def click_at(self, element, x, y):
        self.move_to(element, x, y)
        self.pointer({"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0})

    def click(self, element):
        self.s("POST", f"/element/{element}/click", {})

    def screenshot(self):
        return base64.b64decode(self.s("GET", "/screenshot"))

    def console_errors(self):
        try:
            entries = self.s("POST", "/se/log", {"type": "browser"})
        except RuntimeError:
            return None  # this chromedriver does not serve logs
        return [e["message"] for e in entries if e.get("level") == "SEVERE"]

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=30)
            self.log.close()


PAGE_FACTS = """
return {ready: document.readyState,
        resources: performance.getEntriesByType('resource').map(r => r.name),
        load_ms: performance.timing.loadEventEnd - performance.timing.navigationStart,
        charts: document.querySelectorAll('svg.chart').length,
        elements: document.getElementsByTagName('*').length,
        title: document.title};
"""


def check_page_facts(browser, name, origin=None):
    """The page loaded, made no request (origin None: a file that needs
    nothing) or requests to `origin` only, and logged no console error."""
    facts = browser.run(PAGE_FACTS)
    check(facts["ready"] == "complete", f"{name}: document loaded ({facts['ready']})")
    if origin is None:
        check(facts["resources"] == [], f"{name}: no network request (resources: {facts['resources']})")
    else:
        outside = [r for r in facts["resources"] if not r.startswith(origin + "/")]
        check(outside == [], f"{name}: {len(facts['resources'])} requests, none outside {origin} "
              f"(outside: {outside})")
    errors = browser.console_errors()
    if errors is None:
        print(f"note {name}: chromedriver serves no browser log; console not checked")
    else:
        check(errors == [], f"{name}: no console error ({errors})")
    return facts


# --- PNG, just enough to tell a blank screenshot from a drawn one ----------

def png_pixels(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), f"PNG depth {depth} colour type {color}"
            bpp = 4 if color == 6 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def check_screenshot(png, path, name, colour):
    """Saves the screenshot and checks it is not blank and shows `colour`
    (an (r, g, b) the page draws its charts in) in at least 20 pixels."""
    with open(path, "wb") as f:
        f.write(png)
    width, height, rows = png_pixels(png)
    colours = {p for row in rows for p in row}
    varied_rows = sum(1 for row in rows if len(set(row)) > 1)
    check(width >= 1000 and height >= 1000, f"{name}: screenshot {width}x{height} saved to {path}")
    check(len(colours) >= 16, f"{name}: screenshot has {len(colours)} distinct colours (not blank)")
    check(varied_rows >= 100, f"{name}: {varied_rows} pixel rows are not a single colour")
    near = sum(1 for row in rows for p in row
               if all(abs(p[k] - colour[k]) <= 12 for k in range(3)))
    check(near >= 20, f"{name}: {near} pixels in the expected chart colour {colour}")
