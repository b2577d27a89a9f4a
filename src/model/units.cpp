#include "model/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace perfgate {

namespace {

struct Unit {
  std::string_view name;
  double factor;  // how many base units (ns, bytes) one of this unit is
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits "1.5 ms" into 1.5 and "ms". The number is plain decimal: digits with
// at most one '.', no sign, no exponent, no "inf"/"nan" (which from_chars would
// accept). The unit is what follows, after optional spaces; it may be empty.
struct NumberAndUnit {
  double value;
  std::string_view unit;
};

std::optional<NumberAndUnit> split_number(std::string_view text) {
  text = trim(text);
  std::size_t i = 0;
  int digits = 0;
  bool dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits == 0) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + i, value);
  if (ec != std::errc() || end != text.data() + i) return std::nullopt;
  return NumberAndUnit{value, trim(text.substr(i))};
}

std::optional<double> scale(const NumberAndUnit& nu, const Unit* units, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k)
    if (units[k].name == nu.unit) return nu.value * units[k].factor;
  return std::nullopt;
}

constexpr std::array<Unit, 9> kDurationUnits = {{
    {"ns", 1.0},
    {"us", 1e3},
    {"\u00b5s", 1e3},  // micro sign
    {"\u03bcs", 1e3},  // Greek small mu, which some keyboards give instead
    {"ms", 1e6},
    {"s", 1e9},
    {"m", 60e9},
    {"min", 60e9},
    {"h", 3600e9},
}};

constexpr std::array<Unit, 9> kSizeUnits = {{
    {"B", 1.0},
    {"KiB", 1024.0},
    {"MiB", 1024.0 * 1024},
    {"GiB", 1024.0 * 1024 * 1024},
    {"TiB", 1024.0 * 1024 * 1024 * 1024},
    {"kB", 1e3},
    {"MB", 1e6},
    {"GB", 1e9},
    {"TB", 1e12},
}};

// Units of metrics (parse_unit). "m" is not among them: as a metric's unit it
// would as likely mean metres as minutes.
struct KnownUnit {
  std::string_view name;
  Dimension dimension;
  std::string_view canonical;
  double factor;
  bool decimal = false;  // a power-of-1000 size or byte-rate unit (kB, MB/s, ...)
};

constexpr double kKi = 1024.0;
constexpr KnownUnit kMetricUnits[] = {
    {"ns", Dimension::time, "ns", 1.0},
    {"us", Dimension::time, "ns", 1e3},
    {"\u00b5s", Dimension::time, "ns", 1e3},
    {"\u03bcs", Dimension::time, "ns", 1e3},
    {"ms", Dimension::time, "ns", 1e6},
    {"s", Dimension::time, "ns", 1e9},
    {"min", Dimension::time, "ns", 60e9},
    {"h", Dimension::time, "ns", 3600e9},
    {"B", Dimension::size, "bytes", 1.0},
    {"bytes", Dimension::size, "bytes", 1.0},
    {"KiB", Dimension::size, "bytes", kKi},
    {"MiB", Dimension::size, "bytes", kKi * kKi},
    {"GiB", Dimension::size, "bytes", kKi * kKi * kKi},
    {"TiB", Dimension::size, "bytes", kKi * kKi * kKi * kKi},
    {"kB", Dimension::size, "bytes", 1e3, true},
    {"MB", Dimension::size, "bytes", 1e6, true},
    {"GB", Dimension::size, "bytes", 1e9, true},
    {"TB", Dimension::size, "bytes", 1e12, true},
    {"B/s", Dimension::byte_rate, "B/s", 1.0},
    {"bytes/s", Dimension::byte_rate, "B/s", 1.0},
    {"KiB/s", Dimension::byte_rate, "B/s", kKi},
    {"MiB/s", Dimension::byte_rate, "B/s", kKi * kKi},
    {"GiB/s", Dimension::byte_rate, "B/s", kKi * kKi * kKi},
    {"TiB/s", Dimension::byte_rate, "B/s", kKi * kKi * kKi * kKi},
    {"kB/s", Dimension::byte_rate, "B/s", 1e3, true},
    {"MB/s", Dimension::byte_rate, "B/s", 1e6, true},
    {"GB/s", Dimension::byte_rate, "B/s", 1e9, true},
    {"TB/s", Dimension::byte_rate, "B/s", 1e12, true},
    {"tok/s", Dimension::rate, "tok/s", 1.0},
    {"tokens/s", Dimension::rate, "tok/s", 1.0},
    {"items/s", Dimension::rate, "items/s", 1.0},
    {"ops/s", Dimension::rate, "ops/s", 1.0},
    {"req/s", Dimension::rate, "req/s", 1.0},
    {"requests/s", Dimension::rate, "req/s", 1.0},
};

const KnownUnit* find_unit(std::string_view name) {
  for (const KnownUnit& u : kMetricUnits)
    if (u.name == name) return &u;
  return nullptr;
}

// Prints `value` (>= 0, finite) in the largest unit of `ladder` that keeps the
// number >= 1, with 3 significant digits. Each rung is `step` times the one
// before. A value that rounds up to `step` moves to the next rung, so 999.7 ns
// prints as "1.00 µs", not "1000 ns". Rungs below `first_fractional_rung` (whole
// bytes) are printed without decimals.
template <std::size_t N>
std::string format_3sig(double value, const std::array<std::string_view, N>& ladder, double step,
                        std::size_t first_fractional_rung) {
  if (value == 0) return fmt::format("0 {}", ladder[0]);
  std::size_t rung = 0;
  double x = value;
  while (rung + 1 < N && x >= step) {
    x /= step;
    ++rung;
  }
  for (;;) {
    int decimals = 0;
    if (rung >= first_fractional_rung) {
      if (std::round(x * 100) / 100 < 10) {
        decimals = 2;
      } else if (std::round(x * 10) / 10 < 100) {
        decimals = 1;
      }
    }
    if (decimals == 0 && std::round(x) >= step && rung + 1 < N) {
      x /= step;
      ++rung;
      continue;
    }
    return fmt::format("{:.{}f} {}", x, decimals, ladder[rung]);
  }
}

// `value` (>= 0, finite) with 3 significant digits and no exponent between
// 1e-3 and 1e9 ("0.00123", "12.3", "812", "4550"), "1.23e+09" outside.
std::string plain_3sig(double value) {
  if (value == 0) return "0";
  if (value < 1e-3 || value >= 1e9) return fmt::format("{:.2e}", value);
  if (value >= 999.5) return fmt::format("{:.0f}", value);
  int magnitude = static_cast<int>(std::floor(std::log10(value)));
  int decimals = std::max(0, 2 - magnitude);
  const double scale = std::pow(10.0, decimals);
  if (decimals > 0 && std::round(value * scale) / scale >= std::pow(10.0, magnitude + 1))
    --decimals;  // 9.996 rounds to 10.0, not 10.00
  return fmt::format("{:.{}f}", value, decimals);
}

template <typename F>
std::string with_sign(double value, F&& format_positive) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value < 0) return "-" + format_positive(-value);
  return format_positive(value);
}

}  // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  auto nu = split_number(text);
  if (!nu) return std::nullopt;
  auto ns = scale(*nu, kDurationUnits.data(), kDurationUnits.size());
  // 9.2e18 ns is just under the int64 limit (~292 years).
  if (!ns || !(*ns < 9.2e18)) return std::nullopt;
  return std::chrono::nanoseconds(std::llround(*ns));
}

std::optional<std::uint64_t> parse_size_bytes(std::string_view text) {
  auto nu = split_number(text);
  if (!nu) return std::nullopt;
  auto bytes = scale(*nu, kSizeUnits.data(), kSizeUnits.size());
  // 1.8e19 is just under the uint64 limit.
  if (!bytes || !(*bytes < 1.8e19)) return std::nullopt;
  return static_cast<std::uint64_t>(std::round(*bytes));
}

std::optional<double> parse_threshold(std::string_view text) {
  auto nu = split_number(text);
  if (!nu) return std::nullopt;
  double fraction;
  if (nu->unit == "%") {
    fraction = nu->value / 100;
  } else if (nu->unit.empty()) {
    fraction = nu->value;
  } else {
    return std::nullopt;
  }
  if (!(fraction > 0 && fraction <= 1)) return std::nullopt;
  return fraction;
}

std::optional<Quantity> parse_quantity(std::string_view text) {
  auto nu = split_number(text);
  if (!nu) return std::nullopt;
  return Quantity{nu->value, std::string(nu->unit)};
}

std::string_view to_string(Dimension d) {
  switch (d) {
    case Dimension::time: return "time";
    case Dimension::size: return "size";
    case Dimension::rate: return "rate";
    case Dimension::byte_rate: return "byte rate";
    case Dimension::other: return "other";
  }
  return "other";
}

std::optional<UnitInfo> parse_unit(std::string_view unit) {
  const KnownUnit* u = find_unit(unit);
  if (!u) return std::nullopt;
  return UnitInfo{u->dimension, std::string(u->canonical), u->factor};
}

UnitInfo unit_info(std::string_view unit) {
  if (auto known = parse_unit(unit)) return *known;
  return UnitInfo{Dimension::other, std::string(unit), 1.0};
}

bool same_dimension(std::string_view a, std::string_view b) {
  UnitInfo ia = unit_info(a);
  UnitInfo ib = unit_info(b);
  return ia.dimension == ib.dimension && ia.canonical == ib.canonical;
}

std::optional<double> conversion_factor(std::string_view from, std::string_view to) {
  if (!same_dimension(from, to)) return std::nullopt;
  if (from == to) return 1.0;  // exact, also for unknown units
  return unit_info(from).factor / unit_info(to).factor;
}

std::string format_value(double value, std::string_view unit) {
  const KnownUnit* u = find_unit(unit);
  if (u && u->dimension == Dimension::time) return format_duration_ns(value * u->factor);
  if (u && u->dimension == Dimension::size) {
    if (!u->decimal) return format_bytes(value * u->factor);
    static constexpr std::array<std::string_view, 5> ladder = {"B", "kB", "MB", "GB", "TB"};
    return with_sign(value * u->factor,
                     [](double v) { return format_3sig(v, ladder, 1000.0, 1); });
  }
  if (u && u->dimension == Dimension::byte_rate) {
    static constexpr std::array<std::string_view, 5> binary = {"B/s", "KiB/s", "MiB/s", "GiB/s",
                                                               "TiB/s"};
    static constexpr std::array<std::string_view, 5> decimal = {"B/s", "kB/s", "MB/s", "GB/s",
                                                                "TB/s"};
    return with_sign(value * u->factor, [&](double v) {
      return u->decimal ? format_3sig(v, decimal, 1000.0, 0) : format_3sig(v, binary, 1024.0, 0);
    });
  }
  if (!unit.empty() && std::isfinite(value) && std::abs(value) >= 999'500) {
    // Millions and more read better with a prefix: "3.06 G items/s", not
    // "3.06e+09 items/s" or "125182162 items/s".
    static constexpr std::array<std::string_view, 4> prefixes = {"M", "G", "T", "P"};
    return with_sign(value / 1e6, [](double v) { return format_3sig(v, prefixes, 1000.0, 0); }) +
           " " + std::string(unit);
  }
  std::string number = with_sign(value, [](double v) { return plain_3sig(v); });
  if (unit.empty() || !std::isfinite(value)) return number;
  return number + " " + std::string(unit);
}

std::string format_duration_ns(double ns) {
  static constexpr std::array<std::string_view, 4> ladder = {"ns", "\u00b5s", "ms", "s"};
  return with_sign(ns, [](double v) { return format_3sig(v, ladder, 1000.0, 0); });
}

std::string format_bytes(double bytes) {
  static constexpr std::array<std::string_view, 5> ladder = {"B", "KiB", "MiB", "GiB", "TiB"};
  return with_sign(bytes, [](double v) { return format_3sig(v, ladder, 1024.0, 1); });
}

}  // namespace perfgate
