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
  {"op": "ks_2samp", "x": [..], "y": [..], "method": "auto"|"exact"|"asymp"}
      -> {"d", "p"}  two-sided
  {"op": "kstwo_sf", "n": n, "d": [..]}         -> {"values": [..]}  scipy.stats.kstwo.sf
  {"op": "kstwo_sf_pomeranz", "n": n, "d": [..]}
      -> {"values": [..]}  the same by Pomeranz's exact recursion (SciPy's private
         _kolmogn_Pomeranz), where kstwo.sf itself uses an asymptotic series
  {"op": "ttest_welch", "a": [..], "b": [..]}   -> {"t", "p"}  ttest_ind(a, b, equal_var=False)
  {"op": "ttest_welch_from_stats", "mean1", "std1", "n1", "mean2", "std2", "n2"}
      -> {"t", "p"}  ttest_ind_from_stats(..., equal_var=False)
  {"op": "t_ppf", "q": [..], "df": [..]}        -> {"values": [..]}  scipy.stats.t.ppf
  {"op": "hodges_lehmann", "x": [..], "y": [..]}  -> {"shift"}  median of y_j - x_i
  {"op": "cliffs_delta", "x": [..], "y": [..]}  -> {"delta"}  mean sign of y_j - x_i
  {"op": "spread", "x": [..], "k": 1.5}
      -> {"mad", "iqr", "low", "high", "outliers": [indices]}
  {"op": "adjust", "p": [..]}  (NaN may be sent as null)
      -> {"bh": [..], "holm": [..]}  textbook step-up / step-down, written here
  {"op": "power", "sd", "effect", "alpha", "power", "margin", "confidence"}
      -> {"detect": n or null, "equivalence": n or null}
  {"op": "npy_save", "path": p, "values": [..], "shape": [..], "dtype": "<f4",
   "version": [1, 0], "fortran_order": false}
      -> {"bytes": file size}  numpy.lib.format.write_array, for the array readers
  {"op": "allclose", "ref": [..], "cand": [..], "atol", "rtol"}
      -> {"max_abs", "mse", "argmax_abs", "allclose", "first_fail" (index or null)}
         numpy's rule |cand - ref| <= atol + rtol * |ref|
  {"op": "sign_test", "above": a, "below": b} -> {"p"}  scipy.stats.binomtest(a, a + b), two-sided
  {"op": "median_order", "n": n, "level": l}  -> {"j", "coverage"}  the largest j with
         2 binom.cdf(j - 1, n, 1/2) <= l (0 when none), and 1 - 2 binom.cdf(j - 1, n, 1/2)
  {"op": "kendalltau", "y": [..], "method": "exact"|"asymptotic"}
      -> {"tau", "p"}  scipy.stats.kendalltau(range(n), y, method=..), two-sided; all y
         equal gives NaN for both
  {"op": "theilslopes", "y": [..]}
      -> {"slope", "intercept"}  scipy.stats.theilslopes(y, range(n), method="joint"):
         intercept = median(y - slope * x), not the default median(y) - slope * median(x)
  {"op": "xoshiro256starstar", "seed": s, "count": n}
      -> {"values": ["decimal uint64", ..]}  a plain-Python transcription of the
         reference C code (SplitMix64 seeding), as strings to keep all 64 bits.

Run with Debian's /usr/bin/python3, which has python3-scipy.
"""
import json
import sys
import warnings

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


def ks_2samp(r):
    res = stats.ks_2samp(r["x"], r["y"], alternative="two-sided", method=r["method"])
    return {"d": float(res.statistic), "p": float(res.pvalue)}


def kstwo_sf(r):
    return {"values": [float(stats.kstwo.sf(d, r["n"])) for d in r["d"]]}


def ttest_welch(r):
    with warnings.catch_warnings():  # constant samples: "Precision loss..."
        warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.ttest_ind(r["a"], r["b"], equal_var=False)
    return {"t": float(res.statistic), "p": float(res.pvalue)}


def ttest_welch_from_stats(r):
    res = stats.ttest_ind_from_stats(r["mean1"], r["std1"], r["n1"], r["mean2"], r["std2"],
                                     r["n2"], equal_var=False)
    return {"t": float(res.statistic), "p": float(res.pvalue)}


def t_ppf(r):
    return {"values": [float(stats.t.ppf(q, df)) for q, df in zip(r["q"], r["df"])]}


def kstwo_sf_pomeranz(r):
    from scipy.stats._ksstats import _kolmogn_Pomeranz
    return {"values": [float(1 - _kolmogn_Pomeranz(r["n"], d, cdf=True)) for d in r["d"]]}


def hodges_lehmann(r):
    diffs = np.subtract.outer(np.asarray(r["y"], float), np.asarray(r["x"], float))
    return {"shift": float(np.median(diffs))}


def sign_test(r):
    a, b = r["above"], r["below"]
    return {"p": 1.0 if a + b == 0 else float(stats.binomtest(a, a + b, 0.5).pvalue)}


def median_order(r):
    n, level = r["n"], r["level"]
    # binom.ppf gives the smallest k with cdf(k) >= level / 2; step to the
    # largest j with 2 cdf(j - 1) <= level from there.
    j = int(stats.binom.ppf(level / 2, n, 0.5)) + 1
    while j > 0 and 2 * stats.binom.cdf(j - 1, n, 0.5) > level:
        j -= 1
    while 2 * stats.binom.cdf(j, n, 0.5) <= level:
        j += 1
    return {"j": j, "coverage": float(1 - 2 * stats.binom.cdf(j - 1, n, 0.5)) if j > 0 else 0.0}


def cliffs_delta(r):
    diffs = np.subtract.outer(np.asarray(r["y"], float), np.asarray(r["x"], float))
    return {"delta": float(np.mean(np.sign(diffs)))}


def spread(r):
    x = np.asarray(r["x"], float)
    q1, q3 = np.percentile(x, [25, 75], method="linear")
    k = r.get("k", 1.5)
    low, high = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    return {"mad": float(np.median(np.abs(x - np.median(x)))), "iqr": float(q3 - q1),
            "low": float(low), "high": float(high),
            "outliers": [int(i) for i in np.flatnonzero((x < low) | (x > high))]}


def adjust(r):
    # The textbook procedures on the sorted p-values, written out with NumPy.
    p = np.array([1.0 if v is None or v != v else v for v in r["p"]], float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    ps = p[order]
    rank = np.arange(1, m + 1)
    bh_sorted = np.minimum.accumulate((ps * m / rank)[::-1])[::-1]
    holm_sorted = np.maximum.accumulate(ps * (m - rank + 1))
    bh, holm = np.empty(m), np.empty(m)
    bh[order] = np.minimum(bh_sorted, 1.0)
    holm[order] = np.minimum(holm_sorted, 1.0)
    return {"bh": [float(v) for v in bh], "holm": [float(v) for v in holm]}


def power(r):
    # Normal approximation; medians need pi/2 times the runs of means.
    sd, effect = r["sd"], r["effect"]
    detect = None
    if effect != 0:
        z = stats.norm.ppf(1 - r["alpha"] / 2) + stats.norm.ppf(r["power"])
        n = max(2, int(np.ceil(np.pi / 2 * 2 * sd**2 * z**2 / effect**2)))
        detect = n if n <= 100000 else None
    equivalence = None
    room = r["margin"] - abs(effect)
    if room > 0:
        z = stats.norm.ppf((1 + r["confidence"]) / 2)
        n = max(2, int(np.ceil(np.pi / 2 * 2 * sd**2 * z**2 / room**2)))
        equivalence = n if n <= 100000 else None
    return {"detect": detect, "equivalence": equivalence}


def kendalltau(r):
    y = np.asarray(r["y"], float)
    with warnings.catch_warnings():  # all y equal: "...one of the inputs is constant"
        warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.kendalltau(np.arange(len(y)), y, method=r["method"])
    return {"tau": float(res.statistic), "p": float(res.pvalue)}


def theilslopes(r):
    y = np.asarray(r["y"], float)
    res = stats.theilslopes(y, np.arange(len(y), dtype=float), method="joint")
    return {"slope": float(res[0]), "intercept": float(res[1])}


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


def npy_save(r):
    a = np.array(r["values"], dtype=np.dtype(r["dtype"])).reshape(r["shape"])
    if r.get("fortran_order"):
        a = np.asfortranarray(a)
    with open(r["path"], "wb") as f:
        np.lib.format.write_array(f, a, version=tuple(r["version"]))
        return {"bytes": f.tell()}


def allclose(r):
    ref = np.array(r["ref"], dtype=np.float64)
    cand = np.array(r["cand"], dtype=np.float64)
    err = np.abs(cand - ref)
    ok = np.isclose(cand, ref, rtol=r["rtol"], atol=r["atol"])
    fails = np.flatnonzero(~ok)
    return {"max_abs": float(err.max()), "mse": float(np.mean((cand - ref) ** 2)),
            "argmax_abs": int(err.argmax()),
            "allclose": bool(np.allclose(cand, ref, rtol=r["rtol"], atol=r["atol"])),
            "first_fail": int(fails[0]) if fails.size else None}


OPS = {f.__name__: f for f in (mannwhitneyu, quantile, summary,
                                bootstrap_ratio_of_medians, xoshiro256starstar,
                                ks_2samp, kstwo_sf, ttest_welch, kstwo_sf_pomeranz, hodges_lehmann,
                                cliffs_delta, spread, adjust, power, sign_test, median_order,
                                ttest_welch_from_stats, t_ppf, npy_save, allclose,
                                kendalltau, theilslopes)}


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
