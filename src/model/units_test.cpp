#include "model/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace perfgate {
namespace {

using std::chrono::nanoseconds;

std::int64_t duration_ns(std::string_view text) {
  auto d = parse_duration(text);
  EXPECT_TRUE(d.has_value()) << "\"" << text << "\" did not parse";
  return d ? d->count() : -1;
}

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(duration_ns("7ns"), 7);
  EXPECT_EQ(duration_ns("3us"), 3'000);
  EXPECT_EQ(duration_ns("3\u00b5s"), 3'000);  // micro sign
  EXPECT_EQ(duration_ns("3\u03bcs"), 3'000);  // Greek mu
  EXPECT_EQ(duration_ns("250ms"), 250'000'000);
  EXPECT_EQ(duration_ns("30s"), 30'000'000'000);
  EXPECT_EQ(duration_ns("2m"), 120'000'000'000);
  EXPECT_EQ(duration_ns("2min"), 120'000'000'000);
  EXPECT_EQ(duration_ns("1h"), 3'600'000'000'000);
}

TEST(ParseDuration, AcceptsFractionsZeroAndSpaces) {
  EXPECT_EQ(duration_ns("1.5s"), 1'500'000'000);
  EXPECT_EQ(duration_ns(".5s"), 500'000'000);
  EXPECT_EQ(duration_ns("0s"), 0);
  EXPECT_EQ(duration_ns("250 ms"), 250'000'000);
  EXPECT_EQ(duration_ns(" 2m "), 120'000'000'000);
  EXPECT_EQ(duration_ns("0.0000000015s"), 2);  // rounds to the nearest nanosecond
}

TEST(ParseDuration, RejectsWhatIsNotADuration) {
  for (std::string_view bad : {"", "s", "30", "10 parsecs", "-1s", "+1s", "1e3s", "1.2.3s", "infs",
                               "nans", "1 s s", "5S", "1d", "ms5", "1,5s", "99999999999h"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << "\"" << bad << "\" parsed";
  }
}

TEST(ParseSizeBytes, AcceptsEveryUnit) {
  EXPECT_EQ(parse_size_bytes("17B"), 17u);
  EXPECT_EQ(parse_size_bytes("512KiB"), 512u * 1024);
  EXPECT_EQ(parse_size_bytes("8MiB"), 8u << 20);
  EXPECT_EQ(parse_size_bytes("1GiB"), 1u << 30);
  EXPECT_EQ(parse_size_bytes("2TiB"), 2ull << 40);
  EXPECT_EQ(parse_size_bytes("3kB"), 3'000u);
  EXPECT_EQ(parse_size_bytes("3MB"), 3'000'000u);
  EXPECT_EQ(parse_size_bytes("3GB"), 3'000'000'000u);
  EXPECT_EQ(parse_size_bytes("3TB"), 3'000'000'000'000u);
}

TEST(ParseSizeBytes, AcceptsFractionsAndSpaces) {
  EXPECT_EQ(parse_size_bytes("1.5KiB"), 1536u);
  EXPECT_EQ(parse_size_bytes("8 MiB"), 8u << 20);
  EXPECT_EQ(parse_size_bytes("0B"), 0u);
}

TEST(ParseSizeBytes, RejectsWhatIsNotASize) {
  for (std::string_view bad :
       {"", "1024", "MiB", "8mib", "8Mb", "8 MiBs", "-1KiB", "1e3B", "8XiB", "16777216TiB"}) {
    EXPECT_FALSE(parse_size_bytes(bad).has_value()) << "\"" << bad << "\" parsed";
  }
}

TEST(ParseThreshold, AcceptsPercentagesAndFractions) {
  EXPECT_DOUBLE_EQ(parse_threshold("5%").value_or(-1), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold("5 %").value_or(-1), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold("0.5%").value_or(-1), 0.005);
  EXPECT_DOUBLE_EQ(parse_threshold("100%").value_or(-1), 1.0);
  EXPECT_DOUBLE_EQ(parse_threshold("0.05").value_or(-1), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold("1").value_or(-1), 1.0);
}

TEST(ParseThreshold, RejectsOutOfRangeAndGarbage) {
  for (std::string_view bad : {"", "%", "0%", "0", "5", "101%", "-5%", "5 percent", "5%%", "x"}) {
    EXPECT_FALSE(parse_threshold(bad).has_value()) << "\"" << bad << "\" parsed";
  }
}

TEST(FormatDuration, PrintsThreeSignificantDigitsInTheLargestFittingUnit) {
  EXPECT_EQ(format_duration_ns(812), "812 ns");
  EXPECT_EQ(format_duration_ns(812'000), "812 \u00b5s");
  EXPECT_EQ(format_duration_ns(23'400'000), "23.4 ms");
  EXPECT_EQ(format_duration_ns(1'200'000'000), "1.20 s");
  EXPECT_EQ(format_duration_ns(1.5), "1.50 ns");
  EXPECT_EQ(format_duration_ns(4321e9), "4321 s");  // seconds is the largest unit
}

TEST(FormatDuration, RoundsAcrossUnitBoundaries) {
  EXPECT_EQ(format_duration_ns(999), "999 ns");
  EXPECT_EQ(format_duration_ns(999.7), "1.00 \u00b5s");  // not "1000 ns"
  EXPECT_EQ(format_duration_ns(1000), "1.00 \u00b5s");
  EXPECT_EQ(format_duration_ns(9'996), "10.0 \u00b5s");  // not "10.00 µs"
  EXPECT_EQ(format_duration_ns(99'960), "100 \u00b5s");  // not "100.0 µs"
  EXPECT_EQ(format_duration_ns(999'999'999), "1.00 s");
}

TEST(FormatDuration, HandlesZeroNegativeAndNonFinite) {
  EXPECT_EQ(format_duration_ns(0), "0 ns");
  EXPECT_EQ(format_duration_ns(-23'400'000), "-23.4 ms");
  EXPECT_EQ(format_duration_ns(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_duration_ns(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_duration_ns(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(FormatBytes, PrintsBinaryUnits) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1024), "1.00 KiB");
  EXPECT_EQ(format_bytes(1536), "1.50 KiB");
  EXPECT_EQ(format_bytes(12.3 * 1024 * 1024), "12.3 MiB");
  EXPECT_EQ(format_bytes(2.0 * (1 << 30)), "2.00 GiB");
  EXPECT_EQ(format_bytes(5.0 * (1ull << 40)), "5.00 TiB");
  EXPECT_EQ(format_bytes(-1536), "-1.50 KiB");
}

TEST(FormatBytes, RoundsAcrossUnitBoundaries) {
  EXPECT_EQ(format_bytes(1023.6), "1.00 KiB");         // 1024 B after rounding
  EXPECT_EQ(format_bytes(1010.0 * 1024), "1010 KiB");  // below 1024: stays in KiB
  EXPECT_EQ(format_bytes(1023.9 * 1024), "1.00 MiB");  // rounds to 1024 KiB
  EXPECT_EQ(format_bytes(9.999 * 1024 * 1024), "10.0 MiB");
}

}  // namespace
}  // namespace perfgate
