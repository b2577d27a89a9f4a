// The distribution of the one-sample Kolmogorov-Smirnov statistic
// D_n = sup |F_n - F| (two-sided) for a sample of n values from a continuous F.
// The two-sample test needs it for large samples (scipy.stats.kstwo).
#pragma once

namespace perfgate::stats {

// P(D_n >= d), as scipy.stats.kstwo.sf(d, n). n >= 1 (std::invalid_argument
// otherwise). Exact — Durbin's matrix method, closed forms at the ends of the
// range, twice the one-sided Smirnov tail where crossing both sides is
// negligible — except where n d > 150 and n d^2 < 2.2 (so only for
// n > ~10000): there the limiting Kolmogorov law with a small-sample
// correction, within ~1e-4 relative. SciPy (1.10) itself uses Pelz & Good's
// asymptotic series for n > 140 in the body of the distribution, so the two
// differ there by up to ~3e-6 relative, the series' error.
double kolmogorov_sf(long long n, double d);

}  // namespace perfgate::stats
