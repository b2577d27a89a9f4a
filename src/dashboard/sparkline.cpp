#include "dashboard/sparkline.hpp"

#include <algorithm>
#include <cmath>

#include "report/html_page.hpp"

namespace perfgate::dashboard {

namespace {
constexpr double kWidth = 120, kHeight = 24, kPad = 3;
}  // namespace

void write_sparkline(std::ostream& out, const std::vector<std::optional<double>>& values,
                     const std::string& title) {
  double lo = INFINITY, hi = -INFINITY;
  std::size_t drawn = 0;
  for (const auto& v : values)
    if (v && std::isfinite(*v)) {
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
      ++drawn;
    }
  out << "<svg class=\"spark\" width=\"" << kWidth << "\" height=\"" << kHeight
      << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight << "\" data-points=\"" << drawn
      << "\" role=\"img\" aria-label=\"" << html::escape(title) << "\"><title>"
      << html::escape(title) << "</title>";
  if (drawn > 0) {
    if (!(hi > lo)) {  // a flat line through the middle
      lo -= 1;
      hi += 1;
    }
    const std::size_t n = values.size();
    auto x = [&](std::size_t i) {
      return n == 1 ? kWidth / 2 : kPad + (kWidth - 2 * kPad) * static_cast<double>(i) / (n - 1);
    };
    auto y = [&](double v) { return kHeight - kPad - (kHeight - 2 * kPad) * (v - lo) / (hi - lo); };
    std::string d;
    bool pen_down = false;
    std::size_t last = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!values[i] || !std::isfinite(*values[i])) {
        pen_down = false;
        continue;
      }
      d += (pen_down ? 'L' : 'M') + html::coord(x(i)) + ' ' + html::coord(y(*values[i]));
      // A point between gaps has no segment to show it: a zero-length one
      // does, as a dot (the style sheet gives the line round caps).
      if (!pen_down) d += "l0 0";
      pen_down = true;
      last = i;
    }
    out << "<path class=\"line\" d=\"" << d << "\"/><circle class=\"newest\" cx=\""
        << html::coord(x(last)) << "\" cy=\"" << html::coord(y(*values[last])) << "\" r=\"2.5\"/>";
  }
  out << "</svg>";
}

}  // namespace perfgate::dashboard
