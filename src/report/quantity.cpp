#include "report/quantity.hpp"

#include <cmath>
#include <cstdio>

#include "model/units.hpp"

namespace perfgate {

std::string format_center(const SideSummary& side, Method method, const std::string& unit) {
  if (method == Method::summaries && side.mean) return "mean " + format_quantity(side.mean, unit);
  return format_quantity(side.median, unit);
}

std::string format_quantity(std::optional<double> value, const std::string& unit) {
  return value ? format_value(*value, unit) : "-";
}

std::string format_stand(const MvpCheck& c, const std::string& unit) {
  const std::string value = format_quantity(c.value, unit);
  const std::string mvp = format_quantity(c.mvp, unit);
  const std::string target = c.target ? format_quantity(*c.target, unit) : "";
  switch (c.stand) {
    case Stand::target_met:
      return value + ": target " + target + " met (MVP " + mvp + ")";
    case Stand::within_mvp:
      if (!c.target) return value + ": within MVP " + mvp;
      return value + ": within MVP " + mvp + "; target " + target + " not yet met (" +
             format_quantity(std::abs(c.value - *c.target), unit) + " to go)";
    case Stand::beyond_mvp:
      return value + ": beyond MVP " + mvp + " by " +
             format_quantity(std::abs(c.value - c.mvp), unit) +
             (c.target ? "; target " + target : "");
  }
  return value;
}

std::string format_change(double fraction) {
  char buf[32];
  double pct = fraction * 100;
  if (std::abs(pct) < 0.05) pct = 0;  // no "-0.0 %"
  std::snprintf(buf, sizeof buf, "%+.1f %%", pct);
  return buf;
}

std::string format_p(double p) {
  if (p < 0.0001) return "<0.0001";
  char buf[32];
  // Two significant digits: 0.016 must not read as 0.02, the usual alpha.
  std::snprintf(buf, sizeof buf, p < 0.01 ? "%.4f" : p < 0.1 ? "%.3f" : "%.2f", p);
  return buf;
}

}  // namespace perfgate
