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

// A duration in nanoseconds with 3 significant digits and the largest unit that
// keeps the number at least 1: "812 ns", "23.4 ms", "1.20 s", "4321 s".
// Negative values keep their sign; "nan" / "inf" for non-finite values.
std::string format_duration_ns(double ns);

// A size in bytes with 3 significant digits and binary units: "512 B",
// "1.50 KiB", "12.3 MiB", "2.00 GiB".
std::string format_bytes(double bytes);

}  // namespace perfgate
