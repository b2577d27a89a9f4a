// What the two HTML pages share (html.cpp, html_history.cpp): escaping, SVG
// numbers, value axes, and the page frame with its inline style sheet.
// Internal to the report layer, except escape() and coord(), which the
// dashboard's pages (src/dashboard/) write their HTML and SVG with too.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/html.hpp"

namespace perfgate::html {

// Text or an attribute value made safe: & < > " ' become entities, and
// control characters (which HTML forbids) become spaces. Other UTF-8 is kept:
// pages declare charset utf-8.
std::string escape(std::string_view text);

// An SVG coordinate with one decimal ("12.5", "3"): a tenth of a pixel is
// finer than any screen shows, and fixed precision keeps output byte-stable.
std::string coord(double v);

// A linear map of values in [lo, hi] onto pixels [from, to]. `lo < hi` is the
// caller's contract (see padded_range).
struct Scale {
  double lo = 0, hi = 1;
  double from = 0, to = 1;
  double operator()(double v) const { return from + (v - lo) / (hi - lo) * (to - from); }
};

// [lo, hi] widened by 5 % a side so that extreme points are not cut by the
// frame; a single value (lo == hi) gets a range around it.
void pad_range(double& lo, double& hi);

// "Nice" values (1, 2 or 5 times a power of ten) inside [lo, hi], at most
// about `max_ticks`, for labelled axis ticks.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

// The page up to and including <body>'s header: title, inline CSS (light and
// dark), and a navigation bar when `nav` is not empty.
void begin_page(std::ostream& out, const std::string& title, const std::vector<HtmlLink>& nav);
void end_page(std::ostream& out);

}  // namespace perfgate::html
