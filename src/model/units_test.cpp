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

TEST(ParseQuantity, SplitsTheNumberFromTheUnit) {
  auto q = parse_quantity("300us");
  ASSERT_TRUE(q.has_value());
  EXPECT_DOUBLE_EQ(q->value, 300);
  EXPECT_EQ(q->unit, "us");
  q = parse_quantity(" 4500 tok/s ");
  ASSERT_TRUE(q.has_value());
  EXPECT_DOUBLE_EQ(q->value, 4500);
  EXPECT_EQ(q->unit, "tok/s");
  q = parse_quantity("12.5");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->unit, "");
  for (std::string_view bad : {"", "us", "-1s", "+1s", ".s", "fast"})
    EXPECT_FALSE(parse_quantity(bad).has_value()) << "\"" << bad << "\" parsed";
  q = parse_quantity("1e3s");  // no exponents: "e3s" is the unit, which no one knows
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->unit, "e3s");
}

void expect_unit(std::string_view unit, Dimension dimension, std::string_view canonical,
                 double factor) {
  auto info = parse_unit(unit);
  ASSERT_TRUE(info.has_value()) << unit;
  EXPECT_EQ(info->dimension, dimension) << unit;
  EXPECT_EQ(info->canonical, canonical) << unit;
  EXPECT_DOUBLE_EQ(info->factor, factor) << unit;
}

TEST(ParseUnit, KnowsTimeUnitsInNanoseconds) {
  expect_unit("ns", Dimension::time, "ns", 1);
  expect_unit("us", Dimension::time, "ns", 1e3);
  expect_unit("\u00b5s", Dimension::time, "ns", 1e3);
  expect_unit("\u03bcs", Dimension::time, "ns", 1e3);
  expect_unit("ms", Dimension::time, "ns", 1e6);
  expect_unit("s", Dimension::time, "ns", 1e9);
  expect_unit("min", Dimension::time, "ns", 60e9);
  expect_unit("h", Dimension::time, "ns", 3600e9);
}

TEST(ParseUnit, KnowsSizeUnitsInBytesBinaryAndDecimal) {
  expect_unit("B", Dimension::size, "bytes", 1);
  expect_unit("bytes", Dimension::size, "bytes", 1);
  expect_unit("KiB", Dimension::size, "bytes", 1024);
  expect_unit("MiB", Dimension::size, "bytes", 1024.0 * 1024);
  expect_unit("GiB", Dimension::size, "bytes", 1024.0 * 1024 * 1024);
  expect_unit("kB", Dimension::size, "bytes", 1e3);
  expect_unit("MB", Dimension::size, "bytes", 1e6);
  expect_unit("GB", Dimension::size, "bytes", 1e9);
}

TEST(ParseUnit, KnowsByteRatesInBytesPerSecond) {
  expect_unit("B/s", Dimension::byte_rate, "B/s", 1);
  expect_unit("KiB/s", Dimension::byte_rate, "B/s", 1024);
  expect_unit("MiB/s", Dimension::byte_rate, "B/s", 1024.0 * 1024);
  expect_unit("GiB/s", Dimension::byte_rate, "B/s", 1024.0 * 1024 * 1024);
  expect_unit("MB/s", Dimension::byte_rate, "B/s", 1e6);
  expect_unit("GB/s", Dimension::byte_rate, "B/s", 1e9);
}

TEST(ParseUnit, GivesEachCountedThingItsOwnRate) {
  expect_unit("tok/s", Dimension::rate, "tok/s", 1);
  expect_unit("tokens/s", Dimension::rate, "tok/s", 1);
  expect_unit("items/s", Dimension::rate, "items/s", 1);
  expect_unit("ops/s", Dimension::rate, "ops/s", 1);
  expect_unit("req/s", Dimension::rate, "req/s", 1);
}

TEST(ParseUnit, RefusesUnknownAndMiscasedUnits) {
  for (std::string_view bad : {"", "m", "mb", "Ms", "KB", "kib", "tokens", "frames", "ms ", "%"})
    EXPECT_FALSE(parse_unit(bad).has_value()) << "\"" << bad << "\" parsed";
  const UnitInfo frames = unit_info("frames");
  EXPECT_EQ(frames.dimension, Dimension::other);
  EXPECT_EQ(frames.canonical, "frames");
}

TEST(SameDimension, HoldsForUnitsOfOneDimensionAndCountedThing) {
  EXPECT_TRUE(same_dimension("ns", "ms"));
  EXPECT_TRUE(same_dimension("bytes", "MiB"));
  EXPECT_TRUE(same_dimension("B/s", "GB/s"));
  EXPECT_TRUE(same_dimension("tok/s", "tokens/s"));
  EXPECT_TRUE(same_dimension("frames", "frames"));
  EXPECT_FALSE(same_dimension("tokens/s", "items/s"));
  EXPECT_FALSE(same_dimension("MiB", "MiB/s"));
  EXPECT_FALSE(same_dimension("ms", "bytes"));
  EXPECT_FALSE(same_dimension("frames", "fps"));
  EXPECT_FALSE(same_dimension("ms", "frames"));
}

TEST(ConversionFactor, ConvertsWithinADimension) {
  EXPECT_DOUBLE_EQ(conversion_factor("s", "ms").value_or(-1), 1000);
  EXPECT_DOUBLE_EQ(conversion_factor("us", "ns").value_or(-1), 1000);
  EXPECT_DOUBLE_EQ(conversion_factor("ns", "ms").value_or(-1), 1e-6);
  EXPECT_DOUBLE_EQ(conversion_factor("GiB", "MiB").value_or(-1), 1024);
  EXPECT_DOUBLE_EQ(conversion_factor("MiB", "bytes").value_or(-1), 1024.0 * 1024);
  EXPECT_DOUBLE_EQ(conversion_factor("GB/s", "MB/s").value_or(-1), 1000);
  EXPECT_DOUBLE_EQ(conversion_factor("tokens/s", "tok/s").value_or(-1), 1);
  EXPECT_DOUBLE_EQ(conversion_factor("frames", "frames").value_or(-1), 1);
}

TEST(ConversionFactor, IsEmptyAcrossDimensionsAndCountedThings) {
  EXPECT_FALSE(conversion_factor("ms", "MiB").has_value());
  EXPECT_FALSE(conversion_factor("items/s", "tok/s").has_value());
  EXPECT_FALSE(conversion_factor("MiB/s", "MiB").has_value());
  EXPECT_FALSE(conversion_factor("frames", "fps").has_value());
}

TEST(FormatValue, ScalesDurationsFromAnyTimeUnit) {
  EXPECT_EQ(format_value(23'400'000, "ns"), "23.4 ms");
  EXPECT_EQ(format_value(23.4, "ms"), "23.4 ms");
  EXPECT_EQ(format_value(0.5, "s"), "500 ms");
  EXPECT_EQ(format_value(812, "us"), "812 \u00b5s");
  EXPECT_EQ(format_value(1.5, "min"), "90.0 s");
}

TEST(FormatValue, ScalesSizesKeepingBinaryOrDecimalUnits) {
  EXPECT_EQ(format_value(12.3 * 1024 * 1024, "bytes"), "12.3 MiB");
  EXPECT_EQ(format_value(512, "B"), "512 B");
  EXPECT_EQ(format_value(2048, "MiB"), "2.00 GiB");
  EXPECT_EQ(format_value(1500, "MB"), "1.50 GB");
  EXPECT_EQ(format_value(1.5, "kB"), "1.50 kB");
}

TEST(FormatValue, ScalesByteRates) {
  EXPECT_EQ(format_value(812, "MiB/s"), "812 MiB/s");
  EXPECT_EQ(format_value(2048, "MiB/s"), "2.00 GiB/s");
  EXPECT_EQ(format_value(0.5, "MiB/s"), "512 KiB/s");
  EXPECT_EQ(format_value(1500, "MB/s"), "1.50 GB/s");
  EXPECT_EQ(format_value(0.5, "B/s"), "0.50 B/s");
}

TEST(FormatValue, PrintsRatesAndOtherUnitsAsWrittenWithThreeSignificantDigits) {
  EXPECT_EQ(format_value(4550, "tok/s"), "4550 tok/s");
  EXPECT_EQ(format_value(4550.4, "tokens/s"), "4550 tokens/s");
  EXPECT_EQ(format_value(12.345, "items/s"), "12.3 items/s");
  EXPECT_EQ(format_value(1.5, "frames"), "1.50 frames");
  EXPECT_EQ(format_value(0.00123, "ops/s"), "0.00123 ops/s");
  EXPECT_EQ(format_value(123456789, "req/s"), "123 M req/s");
  EXPECT_EQ(format_value(3.06e9, "items/s"), "3.06 G items/s");
  EXPECT_EQ(format_value(999'999, "rows/s"), "1.00 M rows/s");
  EXPECT_EQ(format_value(999'000, "rows/s"), "999000 rows/s");
  EXPECT_EQ(format_value(0, "frames"), "0 frames");
  EXPECT_EQ(format_value(-12.34, "tok/s"), "-12.3 tok/s");
  EXPECT_EQ(format_value(42, ""), "42.0");
}

TEST(FormatValue, RoundsAcrossDigitBoundaries) {
  EXPECT_EQ(format_value(9.996, "x"), "10.0 x");  // not "10.00 x"
  EXPECT_EQ(format_value(99.96, "x"), "100 x");   // not "100.0 x"
  EXPECT_EQ(format_value(999.7, "x"), "1000 x");
  EXPECT_EQ(format_value(0.0099996, "x"), "0.0100 x");
}

TEST(FormatValue, UsesPrefixesFromAMillionAndExponentsOnlyForTinyOrUnitlessValues) {
  EXPECT_EQ(format_value(0.001, "x"), "0.00100 x");
  EXPECT_EQ(format_value(999'999'999, "x"), "1.00 G x");
  EXPECT_EQ(format_value(1.5e9, "x"), "1.50 G x");
  EXPECT_EQ(format_value(1.5e9, ""), "1.50e+09");
  EXPECT_EQ(format_value(0.0005, "x"), "5.00e-04 x");
}

TEST(FormatValue, PrintsNonFiniteValuesWithoutUnit) {
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN(), "tok/s"), "nan");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity(), "ms"), "inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity(), "x"), "-inf");
}

}  // namespace
}  // namespace perfgate
