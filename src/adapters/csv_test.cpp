#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/adapter_testing.hpp"
#include "adapters/ingest.hpp"
#include "support/expect_error.hpp"

namespace perfgate::adapters {
namespace {

using test_support::input_error_message;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kDir = PERFGATE_SOURCE_DIR "/tests/fixtures/csv/";

Parsed read_csv(const Input& in) { return find("csv")->read(in); }
Parsed read_fixture(const std::string& name) { return read_csv(load_input(kDir + name)); }
Input text(std::string content) { return Input{"mem.csv", false, std::move(content)}; }
std::string error_of(std::string content) {
  return input_error_message([&] { read_csv(text(std::move(content))); });
}

TEST(CsvAdapter, FindsColumnsByNameInAnyOrderAndCase) {
  const Parsed p = read_fixture("basic.csv");
  ASSERT_THAT(names(p), ElementsAre("sort/1k", "hash/16B"));
  const BenchmarkResult& sort = p.benchmarks[0];
  ASSERT_EQ(sort.metrics.size(), 3u);
  EXPECT_EQ(sort.metrics[0].name, "time");
  EXPECT_EQ(sort.metrics[1].name, "throughput");
  EXPECT_EQ(sort.metrics[2].name, "peak_memory");
  for (const MetricInfo& m : sort.metrics) EXPECT_TRUE(m.compared) << m.name;
  EXPECT_TRUE(sort.summaries.empty());
}

TEST(CsvAdapter, ConvertsTimesToNanosecondsAndKeepsOtherUnits) {
  const Parsed parsed = read_fixture("basic.csv");
  const BenchmarkResult& sort = parsed.benchmarks[0];
  EXPECT_EQ(sort.metrics[0].unit, "ns");
  EXPECT_EQ(sort.metrics[1].unit, "items/s");
  EXPECT_EQ(sort.metrics[2].unit, "bytes");
  EXPECT_DOUBLE_EQ(sort.repetitions[0].values.at("time"), 1.5e6);
  EXPECT_DOUBLE_EQ(sort.repetitions[1].values.at("time"), 1.25e6);
}

TEST(CsvAdapter, DirectionDefaultsFromTheUnit) {
  const Parsed parsed = read_fixture("basic.csv");
  const BenchmarkResult& sort = parsed.benchmarks[0];
  EXPECT_EQ(sort.metrics[0].direction, Direction::lower_is_better);   // ms
  EXPECT_EQ(sort.metrics[1].direction, Direction::higher_is_better);  // items/s
  EXPECT_EQ(sort.metrics[2].direction, Direction::lower_is_better);   // bytes
}

TEST(CsvAdapter, TheKthValueOfEachMetricJoinsRepetitionK) {
  const Parsed parsed = read_fixture("basic.csv");
  const BenchmarkResult& sort = parsed.benchmarks[0];
  ASSERT_EQ(sort.repetitions.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(sort.repetitions[k].index, k);
    EXPECT_TRUE(sort.repetitions[k].ok);
  }
  EXPECT_EQ(sort.repetitions[0].values.size(), 3u);
  EXPECT_DOUBLE_EQ(sort.repetitions[0].values.at("throughput"), 660000);
  EXPECT_DOUBLE_EQ(sort.repetitions[0].values.at("peak_memory"), 1048576);
  EXPECT_DOUBLE_EQ(sort.repetitions[1].values.at("throughput"), 800000);
  EXPECT_EQ(sort.repetitions[1].values.size(), 2u);
  EXPECT_EQ(sort.repetitions[2].values.size(), 1u);
  EXPECT_DOUBLE_EQ(sort.repetitions[2].values.at("time"), 1.75e6);
}

TEST(CsvAdapter, UnknownColumnsBecomeContextWithEveryDistinctValue) {
  const Parsed p = read_fixture("basic.csv");
  EXPECT_EQ(p.benchmarks[0].context.at("threads"), "\"4\"");
  EXPECT_EQ(p.benchmarks[1].context.at("threads"), "[\"1\",\"2\"]");
  EXPECT_EQ(p.context_json, "{}");
}

TEST(CsvAdapter, ReadsQuotingBomCrlfBlankLinesAndErrorRows) {
  const Parsed p = read_fixture("awkward.csv");
  ASSERT_THAT(names(p), ElementsAre("sort, stable", "say \"hi\"", "naïve/µ-sort ✓"));

  const BenchmarkResult& stable = p.benchmarks[0];
  ASSERT_EQ(stable.repetitions.size(), 2u);
  EXPECT_DOUBLE_EQ(stable.repetitions[0].values.at("time"), 812.5);
  EXPECT_DOUBLE_EQ(stable.repetitions[1].values.at("time"), 790);
  EXPECT_EQ(stable.metrics[0].direction, Direction::lower_is_better);  // "Lower"
  EXPECT_EQ(stable.context.at("note"), "\"first run, warm\"");

  const BenchmarkResult& hi = p.benchmarks[1];
  ASSERT_EQ(hi.metrics.size(), 1u);
  EXPECT_EQ(hi.metrics[0].unit, "points");
  EXPECT_EQ(hi.metrics[0].direction, Direction::higher_is_better);  // said once, kept
  ASSERT_EQ(hi.repetitions.size(), 2u);
  EXPECT_DOUBLE_EQ(hi.repetitions[1].values.at("score"), 13);

  const BenchmarkResult& naive = p.benchmarks[2];
  ASSERT_EQ(naive.metrics.size(), 2u);
  EXPECT_EQ(naive.metrics[0].unit, "ns");
  EXPECT_EQ(naive.metrics[1].name, "tokens");
  EXPECT_EQ(naive.metrics[1].direction, Direction::higher_is_better);  // tok/s
  ASSERT_EQ(naive.repetitions.size(), 3u);
  EXPECT_DOUBLE_EQ(naive.repetitions[0].values.at("time"), 3200);
  EXPECT_DOUBLE_EQ(naive.repetitions[0].values.at("tokens"), 4550);
  EXPECT_FALSE(naive.repetitions[1].ok);
  EXPECT_EQ(naive.repetitions[1].failure, "csv reported an error: segfault (signal 11)");
  EXPECT_TRUE(naive.repetitions[1].values.empty());
  EXPECT_DOUBLE_EQ(naive.repetitions[2].values.at("time"), 3400);
  EXPECT_EQ(naive.context.at("note"), "\"line one\\nline two\"");
  EXPECT_EQ(naive.failed_count(), 1);
}

TEST(CsvAdapter, AFailedRowClearsWhatOtherMetricsGaveThatRepetition) {
  const Parsed p =
      read_csv(text("benchmark,metric,value,unit,error\n"
                    "a,time,1,ns,\n"
                    "a,bytes,10,bytes,\n"
                    "a,time,,ns,timed out\n"
                    "a,bytes,11,bytes,\n"
                    "a,time,,ns,crashed\n"));
  const BenchmarkResult& a = p.benchmarks[0];
  ASSERT_EQ(a.repetitions.size(), 3u);
  EXPECT_TRUE(a.repetitions[0].ok);
  EXPECT_FALSE(a.repetitions[1].ok);
  EXPECT_EQ(a.repetitions[1].failure, "csv reported an error: timed out");
  EXPECT_TRUE(a.repetitions[1].values.empty());
  EXPECT_FALSE(a.repetitions[2].ok);
  EXPECT_EQ(a.samples("bytes"), std::vector<double>({10}));
}

TEST(CsvAdapter, QuotedHeaderNamesAndExponentsAreRead) {
  const Parsed p = read_csv(text("\"Benchmark\",\" METRIC \",\"value\",\"unit\"\nx,t,+1.5e-3,s\n"));
  EXPECT_DOUBLE_EQ(p.benchmarks[0].repetitions[0].values.at("t"), 1.5e6);
}

TEST(CsvAdapter, HeaderOnlyHoldsNoBenchmarks) {
  EXPECT_TRUE(read_csv(text("benchmark,metric,value,unit\n")).benchmarks.empty());
}

TEST(CsvAdapter, IsDetectedByItsHeader) {
  for (const char* f : {"basic.csv", "awkward.csv", "bad_value.csv"})
    EXPECT_EQ(detect(load_input(kDir + f)).name, "csv") << f;
  EXPECT_EQ(find("csv")->detect(text("\n\n  Value , metric,\"Benchmark\"\n")), Match::yes);
}

TEST(CsvAdapter, IsNotDetectedForOtherContent) {
  const Adapter& a = *find("csv");
  EXPECT_EQ(a.detect(text("name,value,unit\nx,1,ns\n")), Match::no);
  EXPECT_EQ(a.detect(text("{\"results\": [], \"context\": {}}")), Match::no);
  EXPECT_EQ(a.detect(text("<?xml version=\"1.0\"?>\n<Catch2TestRun>")), Match::no);
  EXPECT_EQ(a.detect(text("")), Match::no);
  EXPECT_EQ(a.detect(Input{"dir", true, ""}), Match::no);
}

TEST(CsvAdapter, NonNumberValueNamesLineAndColumn) {
  const std::string path = kDir + "bad_value.csv";
  const std::string msg = input_error_message([&] { read_fixture("bad_value.csv"); });
  EXPECT_THAT(msg, StartsWith(path + ":7:23: value \"abc\" is not a number; "));
}

TEST(CsvAdapter, NonFiniteAndEmptyValuesAreErrors) {
  EXPECT_THAT(error_of("benchmark,metric,value,unit\nx,t,inf,ns\n"),
              StartsWith("mem.csv:2:5: value \"inf\" is not a number"));
  EXPECT_THAT(error_of("benchmark,metric,value,unit\nx,t,1.5.2,ns\n"),
              StartsWith("mem.csv:2:5: value \"1.5.2\" is not a number"));
  EXPECT_THAT(error_of("benchmark,metric,value,unit\nx,t,,ns\n"),
              StartsWith("mem.csv:2:5: value is empty; "));
}

TEST(CsvAdapter, MissingColumnIsNamed) {
  EXPECT_THAT(error_of("benchmark,metric,unit\nx,t,ns\n"),
              StartsWith("mem.csv:1:1: the header has no \"value\" column; "));
  EXPECT_THAT(error_of("\n\nbenchmark,metric,value\nx,t,1\n"),
              StartsWith("mem.csv:3:1: the header has no \"unit\" column; "));
  EXPECT_THAT(error_of("benchmark;metric;value;unit\nx;t;1;ns\n"),
              HasSubstr("(cells must be separated by commas)"));
}

TEST(CsvAdapter, HeaderMistakesAreNamed) {
  EXPECT_THAT(error_of("benchmark,metric,value,unit,Value\n"),
              StartsWith("mem.csv:1:29: column \"Value\" appears twice in the header (columns 3 "
                         "and 5)"));
  EXPECT_THAT(error_of("benchmark,metric,value,unit,\n"),
              StartsWith("mem.csv:1:29: column 5 of the header has no name"));
  EXPECT_THAT(error_of(""), StartsWith("mem.csv: empty; expected a CSV file"));
  EXPECT_THAT(error_of("\xEF\xBB\xBF \r\n\n"), StartsWith("mem.csv: empty;"));
}

TEST(CsvAdapter, ConflictingUnitsForOneMetricAreAnError) {
  EXPECT_EQ(error_of("benchmark,metric,value,unit\nx,t,1,ns\ny,t,1,ms\nx,t,2,ms\n"),
            "mem.csv:4:7: unit \"ms\" differs from \"ns\" that line 2 gives benchmark \"x\" "
            "metric \"t\"; write every row of one metric in the same unit");
}

TEST(CsvAdapter, DirectionMustBeLowerOrHigherAndAgree) {
  EXPECT_THAT(error_of("benchmark,metric,value,unit,direction\nx,t,1,ns,up\n"),
              StartsWith("mem.csv:2:10: direction \"up\" is neither lower nor higher; "));
  EXPECT_THAT(error_of("benchmark,metric,value,unit,direction\nx,t,1,ns,lower\nx,t,1,ns,higher\n"),
              StartsWith("mem.csv:3:10: direction \"higher\" differs from \"lower\" that line 2 "
                         "gives benchmark \"x\" metric \"t\""));
}

TEST(CsvAdapter, RowShapeMistakesAreNamed) {
  EXPECT_THAT(error_of("benchmark,metric,value,unit\nx,t,1\n"),
              StartsWith("mem.csv:2:1: this row has 3 cells but the header has 4; "));
  EXPECT_THAT(error_of("benchmark,metric,value,unit\nx,t,1,ns,\n"),
              StartsWith("mem.csv:2:1: this row has 5 cells but the header has 4; "));
  EXPECT_THAT(error_of("benchmark,metric,value,unit\n,t,1,ns\n"),
              StartsWith("mem.csv:2:1: benchmark is empty; "));
  EXPECT_THAT(error_of("benchmark,metric,value,unit\nx, ,1,ns\n"),
              StartsWith("mem.csv:2:4: metric is empty; "));
}

TEST(CsvAdapter, MessagesStayOnOneLine) {
  EXPECT_EQ(error_of("benchmark,metric,value,unit\nx,t,\"1\n2\",ns\n"),
            "mem.csv:2:5: value \"1\\n2\" is not a number; write a finite decimal number such as "
            "812.5 or 1.2e-6");
  const std::string msg =
      error_of("benchmark,metric,value,unit\nx,t,1,ns\nx,t,1," + std::string(200, 'u') + "\n");
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  EXPECT_THAT(msg, HasSubstr("unit \"" + std::string(80, 'u') + "...\" differs"));
}

TEST(CsvAdapter, QuotingMistakesAreNamed) {
  EXPECT_THAT(error_of("benchmark,metric,value,unit\n\"x,t,1,ns\nmore\n"),
              StartsWith("mem.csv:2:1: quoted cell is not closed; "));
  EXPECT_THAT(error_of("benchmark,metric,value,unit\n\"x\"y,t,1,ns\n"),
              StartsWith("mem.csv:2:4: unexpected text after a quoted cell; "));
}

TEST(CsvAdapter, BinaryGarbageIsAnInputErrorNotACrash) {
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::string bytes = "benchmark,metric,value,unit\n";
    for (int i = 0; i < 400; ++i) bytes += static_cast<char>(rng() % 256);
    try {
      read_csv(text(bytes));
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), 2);
      EXPECT_THAT(e.what(), StartsWith("mem.csv:"));
    }
  }
}

// A ~50 MB file: 200 benchmarks x 2 metrics x 3000 samples, rows interleaved.
TEST(CsvAdapter, ReadsAFiftyMegabyteFile) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("perfgate-csv-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "large.csv").string();
  constexpr int kBenchmarks = 200, kSamples = 3000;
  {
    std::ofstream out(path, std::ios::binary);
    out << "benchmark,metric,value,unit,direction,host\n";
    char line[160];
    for (int k = 0; k < kSamples; ++k) {
      for (int b = 0; b < kBenchmarks; ++b) {
        int n = std::snprintf(line, sizeof line,
                              "suite/bench_%03d/size:%d,time,%d.%03d,us,,ci-runner-7\n", b,
                              1 << (b % 16), 1000 + b, k % 1000);
        out.write(line, n);
        n = std::snprintf(line, sizeof line,
                          "suite/bench_%03d/size:%d,rate,%d,items/s,higher,ci-runner-7\n", b,
                          1 << (b % 16), 50000 + k);
        out.write(line, n);
      }
    }
  }
  EXPECT_GT(std::filesystem::file_size(path), 45u << 20);
  const Parsed p = read_csv(load_input(path));
  std::filesystem::remove_all(dir);

  ASSERT_EQ(p.benchmarks.size(), static_cast<std::size_t>(kBenchmarks));
  const BenchmarkResult& last = p.benchmarks.back();
  EXPECT_EQ(last.name, "suite/bench_199/size:128");
  ASSERT_EQ(last.repetitions.size(), static_cast<std::size_t>(kSamples));
  EXPECT_DOUBLE_EQ(last.repetitions[2999].values.at("time"), 1199.999e3);
  EXPECT_DOUBLE_EQ(last.repetitions[2999].values.at("rate"), 52999);
  EXPECT_EQ(last.metrics[1].direction, Direction::higher_is_better);
  EXPECT_EQ(last.context.at("host"), "\"ci-runner-7\"");
}

}  // namespace
}  // namespace perfgate::adapters
