#include "model/glob.hpp"

#include <vector>

namespace perfgate {

namespace {

// A bracket expression "[...]" read from a pattern.
struct CharClass {
  struct Range {
    unsigned char lo, hi;
  };
  bool negated = false;
  std::vector<Range> ranges;
  std::size_t next = 0;  // where the pattern continues after the ']'
  std::string error;     // why the expression is malformed; empty when it is fine

  bool contains(char c) const {
    const auto u = static_cast<unsigned char>(c);
    bool found = false;
    for (const Range& r : ranges) found = found || (r.lo <= u && u <= r.hi);
    return found != negated;
  }
};

// Reads the bracket expression whose '[' is at pattern[open].
CharClass read_class(std::string_view pattern, std::size_t open) {
  CharClass cc;
  std::size_t i = open + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    cc.negated = true;
    ++i;
  }
  const std::size_t first = i;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == ']' && i != first) {
      cc.next = i + 1;
      return cc;
    }
    auto lo = static_cast<unsigned char>(pattern[i]);
    auto hi = lo;
    // "a-z" is a range; a '-' right before the closing ']' is literal.
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = static_cast<unsigned char>(pattern[i + 2]);
      if (hi < lo && cc.error.empty())
        cc.error = "the range '" + std::string(pattern.substr(i, 3)) + "' at position " +
                   std::to_string(i + 1) + " is backwards (write the smaller character first)";
      i += 2;
    }
    cc.ranges.push_back({lo, hi});
  }
  cc.error = "the '[' at position " + std::to_string(open + 1) +
             " is never closed (write ']' after the characters it allows)";
  return cc;
}

}  // namespace

std::string glob_syntax_error(std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '[') continue;
    CharClass cc = read_class(pattern, i);
    if (!cc.error.empty()) return cc.error;
    i = cc.next - 1;
  }
  return "";
}

bool glob_match(std::string_view pattern, std::string_view name) {
  if (!glob_syntax_error(pattern).empty()) return false;
  // Greedy matching that backtracks only to the last '*': at worst
  // |pattern| x |name| steps, never exponential.
  std::size_t p = 0, n = 0;
  std::size_t after_star = std::string_view::npos;  // pattern position after the last '*'
  std::size_t star_end = 0;                         // where in `name` that '*' stops so far
  while (n < name.size()) {
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*') {
        after_star = ++p;
        star_end = n;
        continue;
      }
      if (c == '[') {
        CharClass cc = read_class(pattern, p);
        if (cc.contains(name[n])) {
          p = cc.next;
          ++n;
          continue;
        }
      } else if (c == '?' || c == name[n]) {
        ++p;
        ++n;
        continue;
      }
    }
    if (after_star == std::string_view::npos) return false;
    p = after_star;  // let the last '*' take one more character
    n = ++star_end;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace perfgate
