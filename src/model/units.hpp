// Quantities as people write them ("250ms", "8MiB", "5%") and as perfgate prints
// them ("812 µs", "12.3 MiB").
//
// The parsers accept exactly the forms documented in docs/formats.md ("Suite
// file") and return nullopt for anything else, so that the caller can name the
// place and say what to write instead. The formatters print 3 significant
// digits, which is as much as a benchmark's noise lets anyone read.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perfgate {

// A duration string: a non-negative decimal number, optional spaces, and a unit:
// "ns", "us" (or "µs"), "ms", "s", "m" (or "min"), "h". Examples: "250ms",
// "1.5s", "2m", "1h", "0s". Rounded to the nearest nanosecond. nullopt for a
// missing or unknown unit, a sign, an exponent, or more than ~292 years.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);

// A size string: a non-negative decimal number, optional spaces, and a unit:
// "B", binary "KiB" "MiB" "GiB" "TiB" (powers of 1024), or decimal "kB" "MB"
// "GB" "TB" (powers of 1000). Examples: "512KiB", "8MiB", "1.5GB". Rounded to
// the nearest byte. nullopt for a missing or unknown unit or a value that does
// not fit in 64 bits.
std::optional<std::uint64_t> parse_size_bytes(std::string_view text);

// A relative threshold string: a percentage "5%" (or "5 %", "0.5%") or a plain
// fraction "0.05". Returns the fraction (0.05), which must lie in (0, 1];
// nullopt otherwise.
std::optional<double> parse_threshold(std::string_view text);

// A number and the unit written after it, as in a budget: "300us", "2 s",
// "512MiB", "4500 tok/s". The number is plain decimal as above (no sign, no
// exponent); `unit` is what follows after optional spaces, possibly empty.
struct Quantity {
  double value = 0;
  std::string unit;
};
std::optional<Quantity> parse_quantity(std::string_view text);

// What a metric's unit measures. Values of two units can be compared (and
// converted) only when they have the same dimension and, for `rate`, count the
// same thing: tokens/s and items/s are both rates but never comparable.
enum class Dimension {
  time,       // ns us µs ms s min h; canonical "ns"
  size,       // B bytes KiB MiB GiB TiB kB MB GB TB; canonical "bytes"
  rate,       // things per second: tok/s, items/s, ops/s, req/s; canonical per thing
  byte_rate,  // B/s KiB/s MiB/s GiB/s TiB/s kB/s MB/s GB/s TB/s; canonical "B/s"
  other,      // any other unit: comparable only to the identical string
};
std::string_view to_string(Dimension d);  // "time", "size", "rate", "byte rate", "other"

struct UnitInfo {
  Dimension dimension = Dimension::other;
  // The unit every unit of this dimension converts to: "ns", "bytes", "B/s", or
  // for a rate the counted thing's own ("tok/s" for both "tok/s" and
  // "tokens/s"). Two units are comparable exactly when their canonical names
  // are equal.
  std::string canonical;
  double factor = 1;  // canonical units in one of this unit ("ms": 1e6)
};

// The unit perfgate knows, or nullopt for anything else (including ""). Case
// matters: "MB" is a megabyte, "mb" is nothing. Accepted, by dimension:
//   time:      ns, us, µs (micro sign or Greek mu), ms, s, min, h
//   size:      B, bytes, KiB, MiB, GiB, TiB (powers of 1024), kB, MB, GB, TB (of 1000)
//   byte_rate: B/s, bytes/s, KiB/s, MiB/s, GiB/s, TiB/s, kB/s, MB/s, GB/s, TB/s
//   rate:      tok/s = tokens/s; items/s; ops/s; req/s = requests/s
std::optional<UnitInfo> parse_unit(std::string_view unit);

// parse_unit(unit), or for an unknown unit {other, unit, 1}.
UnitInfo unit_info(std::string_view unit);

// Whether values in `a` and `b` measure the same thing and can be converted
// into each other (an unknown unit only to the identical string).
bool same_dimension(std::string_view a, std::string_view b);

// The factor f such that x `from` = x * f `to` ("s" -> "ms": 1000), or nullopt
// when the units are not of the same dimension.
std::optional<double> conversion_factor(std::string_view from, std::string_view to);

// A value in `unit`, as perfgate prints it: durations, sizes and byte rates
// scaled to the largest unit that keeps the number at least 1 ("23.4 ms",
// "12.3 MiB", "812 MiB/s"; decimal size units stay decimal: "1.50 GB"), rates
// and other units as written ("4550 tok/s", "0.500 ratio"). 3 significant
// digits (4 for 1000-9999 of a unit); no exponent notation between 1e-3 and
// 1e9 of the unit. "nan", "inf", "-inf" for non-finite values; a value with an
// empty unit has no trailing space.
std::string format_value(double value, std::string_view unit);

// A duration in nanoseconds with 3 significant digits and the largest unit that
// keeps the number at least 1: "812 ns", "23.4 ms", "1.20 s", "4321 s".
// Negative values keep their sign; "nan" / "inf" for non-finite values.
std::string format_duration_ns(double ns);

// A size in bytes with 3 significant digits and binary units: "512 B",
// "1.50 KiB", "12.3 MiB", "2.00 GiB".
std::string format_bytes(double bytes);

}  // namespace perfgate
