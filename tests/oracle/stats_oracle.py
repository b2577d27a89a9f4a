#!/usr/bin/python3
"""Independent reference answers for the src/stats unit tests, from SciPy/NumPy.

Reads one JSON request on stdin, or a JSON list of requests (answered with a
list, so a test pays the SciPy import once), and prints the JSON answer:

  {"op": "mannwhitneyu", "x": [..], "y": [..], "method": "exact"|"asymptotic"}
      -> {"u": U of x, "p": two-sided p}   (use_continuity=True)
  {"op": "quantile", "x": [..], "q": [..]}          -> {"values": [..]}  numpy.quantile, linear
  {"op": "summary", "x": [..]}                      -> {"median", "mean", "stddev" (ddof=1)}
  {"op": "bootstrap_ratio_of_medians", "base": [..], "contender": [..],
   "confidence": 0.95, "n_resamples": 20000, "seed": 1}
      -> {"low", "high"}  scipy.stats.bootstrap(method="percentile", paired=False)
  {"op": "xoshiro256starstar", "seed": s, "count": n}
      -> {"values": ["decimal uint64", ..]}  a plain-Python transcription of the
         reference C code (SplitMix64 seeding), as strings to keep all 64 bits.

Run with Debian's /usr/bin/python3, which has python3-scipy.
"""
import json
import sys

import numpy as np
from scipy import stats

MASK = (1 << 64) - 1


def mannwhitneyu(r):
    res = stats.mannwhitneyu(r["x"], r["y"], use_continuity=True,
                             alternative="two-sided", method=r["method"])
    return {"u": float(res.statistic), "p": float(res.pvalue)}


def quantile(r):
    return {"values": [float(v) for v in np.quantile(np.asarray(r["x"], float),
                                                     r["q"], method="linear")]}


def summary(r):
    x = np.asarray(r["x"], float)
    return {"median": float(np.median(x)), "mean": float(np.mean(x)),
            "stddev": float(np.std(x, ddof=1)) if len(x) > 1 else 0.0}


def bootstrap_ratio_of_medians(r):
    def ratio(base, contender):
        return np.median(contender) / np.median(base)

    res = stats.bootstrap((np.asarray(r["base"], float), np.asarray(r["contender"], float)),
                          ratio, paired=False, vectorized=False, method="percentile",
                          confidence_level=r.get("confidence", 0.95),
                          n_resamples=r.get("n_resamples", 20000),
                          random_state=np.random.default_rng(r.get("seed", 1)))
    ci = res.confidence_interval
    return {"low": float(ci.low), "high": float(ci.high)}


def xoshiro256starstar(r):
    x = r["seed"] & MASK

    def splitmix64():
        nonlocal x
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def rotl(v, k):
        return ((v << k) | (v >> (64 - k))) & MASK

    s = [splitmix64() for _ in range(4)]
    out = []
    for _ in range(r["count"]):
        out.append(str(rotl((s[1] * 5) & MASK, 7) * 9 & MASK))
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
    return {"values": out}


OPS = {f.__name__: f for f in (mannwhitneyu, quantile, summary,
                                bootstrap_ratio_of_medians, xoshiro256starstar)}


def answer(request):
    return OPS[request["op"]](request)


def main():
    request = json.load(sys.stdin)
    if isinstance(request, list):
        result = [answer(r) for r in request]
    else:
        result = answer(request)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
