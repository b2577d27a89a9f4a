#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
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

const std::string kDir = PERFGATE_SOURCE_DIR "/tests/fixtures/catch2/";

Parsed read_catch2(const Input& in) { return find("catch2")->read(in); }
Parsed read_fixture(const std::string& name) { return read_catch2(load_input(kDir + name)); }
Input text(std::string content) { return Input{"mem.xml", false, std::move(content)}; }
std::string error_of(std::string content) {
  return input_error_message([&] { read_catch2(text(std::move(content))); });
}

// One <BenchmarkResults> as Catch2 v3 writes it, for building inputs.
std::string bench_xml(const std::string& name, const std::string& mean) {
  return "<BenchmarkResults name=\"" + name +
         "\" samples=\"100\" resamples=\"100000\" iterations=\"3\" clockResolution=\"19\" "
         "estimatedDuration=\"3e+06\">\n<!-- All values in nano seconds -->\n<mean value=\"" +
         mean +
         "\" lowerBound=\"1\" upperBound=\"3\" ci=\"0.95\"/>\n<standardDeviation value=\"0.5\" "
         "lowerBound=\"0.4\" upperBound=\"0.6\" ci=\"0.95\"/>\n<outliers variance=\"0.01\" "
         "lowMild=\"0\" lowSevere=\"0\" highMild=\"0\" highSevere=\"0\"/>\n</BenchmarkResults>\n";
}
std::string run_xml(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Catch2TestRun name=\"t\">\n<TestCase "
         "name=\"T\" tags=\"\" filename=\"t.cpp\" line=\"1\">\n" +
         body + "</TestCase>\n</Catch2TestRun>\n";
}

TEST(Catch2Adapter, NamesBenchmarksByTestCaseSectionsAndBenchmark) {
  EXPECT_THAT(names(read_fixture("v3_benchmarks.xml")),
              ElementsAre("Sorting/std::sort 1k", "Sorting/stable / merge/std::stable_sort 1k",
                          "naïve µ-sort ✓/bubble <64> & \"friends\"",
                          "naïve µ-sort ✓/throws midway", "naïve µ-sort ✓/throws in estimation"));
}

TEST(Catch2Adapter, MeanAndStandardDeviationBecomeSummariesNotSamples) {
  const Parsed parsed = read_fixture("v3_benchmarks.xml");
  const BenchmarkResult& b = parsed.benchmarks[0];
  ASSERT_EQ(b.metrics.size(), 1u);
  EXPECT_EQ(b.metrics[0].name, "time");
  EXPECT_EQ(b.metrics[0].unit, "ns");
  EXPECT_EQ(b.metrics[0].direction, Direction::lower_is_better);
  EXPECT_TRUE(b.metrics[0].compared);
  EXPECT_TRUE(b.repetitions.empty());
  ASSERT_EQ(b.summaries.count("time"), 1u);
  const SampleSummary& s = b.summaries.at("time");
  EXPECT_DOUBLE_EQ(s.mean, 8091.42);
  EXPECT_EQ(s.n, 100);
  // Catch2's standard deviation divides by n; the summary's divides by n - 1.
  ASSERT_TRUE(s.stddev.has_value());
  EXPECT_DOUBLE_EQ(*s.stddev, 130.012 * std::sqrt(100.0 / 99.0));
  EXPECT_FALSE(s.median.has_value());
}

TEST(Catch2Adapter, KeepsBenchmarkAttributesEstimatesAndTestCaseAsContext) {
  const Parsed p = read_fixture("v3_benchmarks.xml");
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_EQ(b.context.at("samples"), "100");
  EXPECT_EQ(b.context.at("iterations"), "4");
  EXPECT_EQ(b.context.at("estimatedDuration"), "3236400.0");
  EXPECT_EQ(b.context.at("mean"),
            "{\"ci\":0.95,\"lowerBound\":8068.87,\"upperBound\":8121.02,\"value\":8091.42}");
  EXPECT_EQ(b.context.at("outliers"),
            "{\"highMild\":2,\"highSevere\":1,\"lowMild\":0,\"lowSevere\":0,"
            "\"variance\":0.0934256}");
  EXPECT_EQ(b.context.at("test_case"),
            "{\"filename\":\"/src/bench/sort.cpp\",\"line\":12,\"name\":\"Sorting\","
            "\"tags\":\"[!benchmark][sort]\"}");
  EXPECT_EQ(b.context.count("sections"), 0u);
  EXPECT_EQ(p.benchmarks[1].context.at("sections"), "[\"stable / merge\"]");
  // Attributes and elements Catch2 may add later are kept by name.
  EXPECT_EQ(p.benchmarks[2].context.at("clockCost"), "22.5");
  EXPECT_EQ(p.benchmarks[2].context.at("histogram"), "{\"buckets\":8}");
}

TEST(Catch2Adapter, FailedBenchmarkIsAFailedRepetition) {
  const Parsed p = read_fixture("v3_benchmarks.xml");
  for (std::size_t i : {3u, 4u}) {
    const BenchmarkResult& b = p.benchmarks[i];
    ASSERT_EQ(b.repetitions.size(), 1u) << b.name;
    EXPECT_FALSE(b.repetitions[0].ok);
    EXPECT_TRUE(b.repetitions[0].values.empty());
    EXPECT_TRUE(b.summaries.empty());
    EXPECT_EQ(b.metrics.size(), 1u);
  }
  EXPECT_EQ(p.benchmarks[3].repetitions[0].failure,
            "Catch2 reported an error: std::runtime_error: buffer exhausted");
  EXPECT_EQ(p.benchmarks[4].repetitions[0].failure, "Catch2 reported an error: out of memory");
}

TEST(Catch2Adapter, KeepsTheRunsAttributesAsFileContext) {
  EXPECT_EQ(read_fixture("v3_benchmarks.xml").context_json,
            "{\"catch2-version\":\"3.5.2\",\"filters\":\"\\\"[!benchmark]\\\"\",\"name\":"
            "\"bench_sort\",\"rng-seed\":2216458237,\"root_element\":\"Catch2TestRun\","
            "\"xml-format-version\":3}");
}

TEST(Catch2Adapter, ReadsVersion2WithGroups) {
  const Parsed p = read_fixture("v2_benchmarks.xml");
  ASSERT_THAT(names(p), ElementsAre("Hashing/fnv1a 16B", "Hashing/xxh64 16B"));
  EXPECT_DOUBLE_EQ(p.benchmarks[1].summaries.at("time").mean, 8.50102);
  EXPECT_THAT(p.benchmarks[0].context.at("test_case"),
              HasSubstr("\"description\":\"hashes of short keys\""));
  EXPECT_EQ(p.context_json,
            "{\"Randomness\":{\"seed\":1493},\"groups\":[\"bench_hash\"],\"name\":"
            "\"bench_hash\",\"root_element\":\"Catch\"}");
}

TEST(Catch2Adapter, RepeatedNamesGetANumberAndStayUnique) {
  const Parsed p = read_fixture("generated_twice.xml");
  ASSERT_THAT(names(p), ElementsAre("Generated sizes/fill #2", "Generated sizes/fill",
                                    "Generated sizes/fill #3"));
  EXPECT_DOUBLE_EQ(p.benchmarks[0].summaries.at("time").mean, 50);
  EXPECT_DOUBLE_EQ(p.benchmarks[1].summaries.at("time").mean, 100);
  EXPECT_DOUBLE_EQ(p.benchmarks[2].summaries.at("time").mean, 200);
}

TEST(Catch2Adapter, AByteOrderMarkIsSkipped) {
  const Input in = text("\xEF\xBB\xBF" + run_xml(bench_xml("b", "2.5")));
  EXPECT_EQ(detect(in).name, "catch2");
  const Parsed p = read_catch2(in);
  ASSERT_THAT(names(p), ElementsAre("T/b"));
  EXPECT_DOUBLE_EQ(p.benchmarks[0].summaries.at("time").mean, 2.5);
}

TEST(Catch2Adapter, ATestRunWithoutBenchmarksHoldsNone) {
  const Input in = load_input(kDir + "tests_only.xml");
  EXPECT_EQ(find("catch2")->detect(in), Match::maybe);
  EXPECT_EQ(detect(in).name, "catch2");
  EXPECT_TRUE(read_catch2(in).benchmarks.empty());
}

TEST(Catch2Adapter, IsDetectedByItsRootAndBenchmarkResults) {
  for (const char* f : {"v3_benchmarks.xml", "v2_benchmarks.xml", "generated_twice.xml"}) {
    const Input in = load_input(kDir + f);
    EXPECT_EQ(find("catch2")->detect(in), Match::yes) << f;
    EXPECT_EQ(detect(in).name, "catch2") << f;
  }
}

TEST(Catch2Adapter, IsNotDetectedForOtherContent) {
  const Adapter& a = *find("catch2");
  EXPECT_EQ(a.detect(text("<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"Catch\"/>"
                          "</testsuites>")),
            Match::no);  // Catch2's JUnit reporter
  EXPECT_EQ(a.detect(text("{\"benchmarks\": []}")), Match::no);
  EXPECT_EQ(a.detect(text("benchmark,metric,value,unit\n")), Match::no);
  EXPECT_EQ(a.detect(text("")), Match::no);
  EXPECT_EQ(a.detect(Input{"dir", true, ""}), Match::no);
}

TEST(Catch2Adapter, TruncatedXmlNamesTheByteLineAndColumn) {
  const std::string path = kDir + "truncated.xml";
  EXPECT_THAT(input_error_message([&] { read_fixture("truncated.xml"); }),
              StartsWith(path + ":8:62: not valid XML (Error parsing start element tag, at byte "
                                "699); "));
}

TEST(Catch2Adapter, MalformedValuesNameTheElement) {
  EXPECT_THAT(error_of(run_xml(bench_xml("b", "abc"))),
              StartsWith("mem.xml:6:1: <mean> value of benchmark \"T/b\": expected a finite "
                         "number, found \"abc\"; "));
  EXPECT_THAT(error_of(run_xml(bench_xml("b", "nan"))),
              StartsWith("mem.xml:6:1: <mean> value of benchmark \"T/b\": expected a finite"));
  EXPECT_THAT(error_of(run_xml("<BenchmarkResults name=\"b\" samples=\"x\"><mean value=\"1\"/>"
                               "</BenchmarkResults>")),
              StartsWith("mem.xml:4:1: samples of benchmark \"T/b\": expected a whole number, "
                         "found \"x\""));
  EXPECT_THAT(error_of(run_xml("<BenchmarkResults name=\"b\"><mean/></BenchmarkResults>")),
              StartsWith("mem.xml:4:28: <mean> of benchmark \"T/b\" has no value attribute; "));
}

TEST(Catch2Adapter, MessagesStayOnOneLine) {
  EXPECT_THAT(error_of(run_xml(bench_xml("two&#10;lines", "x&#9;y"))),
              StartsWith("mem.xml:6:1: <mean> value of benchmark \"T/two\\nlines\": expected a "
                         "finite number, found \"x\\ty\"; "));
  EXPECT_THAT(error_of("<Catch2TestRun><BenchmarkResults name=\"\"><mean value=\"1\"/>"
                       "</BenchmarkResults></Catch2TestRun>"),
              StartsWith("mem.xml:1:16: <BenchmarkResults> outside a <TestCase> has an empty "
                         "name; "));
}

TEST(Catch2Adapter, IncompleteBenchmarksAreErrors) {
  EXPECT_THAT(error_of(run_xml("<BenchmarkResults name=\"b\" samples=\"3\"/>")),
              StartsWith("mem.xml:4:1: benchmark \"T/b\" has neither <mean> nor <failed>; "));
  EXPECT_THAT(error_of(run_xml("<BenchmarkResults><mean value=\"1\"/></BenchmarkResults>")),
              StartsWith("mem.xml:4:1: <BenchmarkResults> has no name attribute; "));
}

TEST(Catch2Adapter, OtherXmlAndEmptyInputAreErrors) {
  EXPECT_THAT(error_of("<?xml version=\"1.0\"?>\n<testsuites/>\n"),
              StartsWith("mem.xml:2:1: the root element is <testsuites>, not Catch2's"));
  EXPECT_THAT(error_of("  \n"), StartsWith("mem.xml: empty; expected Catch2 XML"));
  EXPECT_THAT(error_of("<Catch2TestRun>\x01\x02</Catch"),
              StartsWith("mem.xml:1:20: not valid XML (Start-end tags mismatch, at byte 19); "));
}

TEST(Catch2Adapter, DeepNestingIsAnErrorNotAStackOverflow) {
  std::string deep = "<Catch2TestRun>";
  for (int i = 0; i < 100000; ++i) deep += "<Section name=\"s\">";
  for (int i = 0; i < 100000; ++i) deep += "</Section>";
  deep += "</Catch2TestRun>";
  EXPECT_THAT(error_of(deep), HasSubstr("elements are nested more than 256 deep"));
}

TEST(Catch2Adapter, BinaryGarbageIsAnInputErrorNotACrash) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::string bytes = "<?xml version=\"1.0\"?><Catch2TestRun>";
    for (int i = 0; i < 300; ++i) bytes += static_cast<char>(rng() % 256);
    try {
      read_catch2(text(bytes));
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), 2);
      EXPECT_THAT(e.what(), StartsWith("mem.xml"));
    }
  }
}

// A ~50 MB report: 120,000 benchmarks in 1,200 test cases.
TEST(Catch2Adapter, ReadsAFiftyMegabyteReport) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("perfgate-catch2-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "large.xml").string();
  constexpr int kCases = 1200, kPerCase = 100;
  {
    std::ofstream out(path, std::ios::binary);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Catch2TestRun name=\"big\" "
           "xml-format-version=\"3\" catch2-version=\"3.5.2\">\n";
    for (int c = 0; c < kCases; ++c) {
      out << "<TestCase name=\"case " << c << "\" tags=\"[!benchmark]\" filename=\"big.cpp\" "
          << "line=\"" << c << "\">\n";
      for (int k = 0; k < kPerCase; ++k)
        out << bench_xml("bench/" + std::to_string(k), std::to_string(c * kPerCase + k) + ".5");
      out << "<OverallResult success=\"true\" skips=\"0\"/>\n</TestCase>\n";
    }
    out << "</Catch2TestRun>\n";
  }
  EXPECT_GT(std::filesystem::file_size(path), 45u << 20);
  const Input in = load_input(path);
  EXPECT_EQ(detect(in).name, "catch2");
  const Parsed p = read_catch2(in);
  std::filesystem::remove_all(dir);

  ASSERT_EQ(p.benchmarks.size(), static_cast<std::size_t>(kCases * kPerCase));
  EXPECT_EQ(p.benchmarks.back().name, "case 1199/bench/99");
  EXPECT_DOUBLE_EQ(p.benchmarks.back().summaries.at("time").mean, 119999.5);
  EXPECT_EQ(p.benchmarks.back().summaries.at("time").n, 100);
}

}  // namespace
}  // namespace perfgate::adapters
