#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/adapter_testing.hpp"
#include "adapters/formats.hpp"
#include "adapters/ingest.hpp"
#include "support/expect_error.hpp"

namespace perfgate::adapters {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_support::input_error_message;

// Written by Criterion.rs 0.3.6 (see tests/fixtures/criterion/README.md).
const std::string real = PERFGATE_SOURCE_DIR "/tests/fixtures/criterion/real-0.3.6";
const std::string real_criterion = real + "/target/criterion";
const std::string handmade = PERFGATE_SOURCE_DIR "/tests/fixtures/criterion/handmade/criterion";

Input folder(const std::string& path) { return Input{path, true, ""}; }

json file_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

const std::vector<std::string> real_names = {
    "flat/sum", "parse/\xD1\x8E\xD1\x82\xD1\x84-8/bytes/1024",
    "parse/\xD1\x8E\xD1\x82\xD1\x84-8/bytes/64", "parse/\xD1\x8E\xD1\x82\xD1\x84-8/elements/100",
    "plain_sum"};

// The folder of one real benchmark, as Criterion.rs names it on disk.
std::string real_dir(const std::string& relative) { return real_criterion + "/" + relative; }

// times[i] / iters[i] of a sample.json.
std::vector<double> per_iteration_ns(const std::string& sample_json) {
  const json s = file_json(sample_json);
  std::vector<double> out;
  for (std::size_t i = 0; i < s["iters"].size(); ++i)
    out.push_back(s["times"][i].get<double>() / s["iters"][i].get<double>());
  return out;
}

// A fresh folder for one test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("perfgate-criterion-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& relative, const std::string& content) const {
    const fs::path p = path / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  // A complete, valid run of a benchmark named `id` in `relative`/new.
  void run(const std::string& relative, const std::string& id) const {
    write(relative + "/new/benchmark.json",
          R"({"group_id":")" + id + R"(","function_id":null,)" +
              R"("value_str":null,"throughput":null,"full_id":")" + id + R"("})");
    write(relative + "/new/sample.json",
          R"({"sampling_mode":"Linear","iters":[1.0,2.0],"times":[10.0,30.0]})");
  }
};

TEST(Criterion, RealResultsFolderGivesEveryBenchmarkOfTheLatestRun) {
  const Parsed p = criterion::read(folder(real_criterion));
  EXPECT_EQ(names(p), real_names);
  const std::vector<std::string> dirs = {"flat/sum", "parse_\xD1\x8E\xD1\x82\xD1\x84-8/bytes/1024",
                                         "parse_\xD1\x8E\xD1\x82\xD1\x84-8/bytes/64",
                                         "parse_\xD1\x8E\xD1\x82\xD1\x84-8/elements_100",
                                         "plain_sum"};
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    const BenchmarkResult& b = p.benchmarks[i];
    const std::vector<double> expected = per_iteration_ns(real_dir(dirs[i]) + "/new/sample.json");
    ASSERT_EQ(expected.size(), 10u);
    ASSERT_EQ(b.repetitions.size(), 10u) << b.name;
    EXPECT_EQ(b.samples("time"), expected) << b.name;
    // The baseline saved with --save-baseline main is another run: not read.
    EXPECT_NE(b.samples("time"), per_iteration_ns(real_dir(dirs[i]) + "/main/sample.json"));
    EXPECT_EQ(b.failed_count(), 0);
    EXPECT_TRUE(b.summaries.empty());
  }
  const MetricInfo* time = p.benchmarks[4].find_metric("time");
  ASSERT_NE(time, nullptr);
  EXPECT_EQ(time->unit, "ns");
  EXPECT_EQ(time->direction, Direction::lower_is_better);
  EXPECT_TRUE(time->compared);
  EXPECT_EQ(p.benchmarks[4].metrics.size(), 1u);  // no throughput declared
  EXPECT_EQ(p.context_json, "{}");
}

TEST(Criterion, AcceptsTheTargetFolderTheCrateOrOneBenchmark) {
  EXPECT_EQ(names(criterion::read(folder(real + "/target"))), real_names);
  EXPECT_EQ(names(criterion::read(folder(real))), real_names);
  EXPECT_EQ(names(criterion::read(folder(real_criterion + "/"))), real_names);
  EXPECT_EQ(names(criterion::read(folder(real_dir("plain_sum")))),
            std::vector<std::string>{"plain_sum"});
  EXPECT_EQ(names(criterion::read(folder(real_dir("plain_sum/new")))),
            std::vector<std::string>{"plain_sum"});
  // A group's folder holds several benchmarks.
  EXPECT_EQ(criterion::read(folder(real_dir("parse_\xD1\x8E\xD1\x82\xD1\x84-8"))).benchmarks.size(),
            3u);
}

TEST(Criterion, DeclaredThroughputBecomesAnUnjudgedRateOverTheSameSamples) {
  const Parsed p = criterion::read(folder(real_criterion));
  const BenchmarkResult& bytes = p.benchmarks[2];  // Throughput::Bytes(64)
  ASSERT_EQ(bytes.metrics.size(), 2u);
  const MetricInfo* rate = bytes.find_metric("bytes_per_second");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->unit, "B/s");
  EXPECT_EQ(rate->direction, Direction::higher_is_better);
  EXPECT_FALSE(rate->compared);
  for (const Repetition& rep : bytes.repetitions)
    EXPECT_EQ(rep.values.at("bytes_per_second"), 64 * 1e9 / rep.values.at("time"));

  const BenchmarkResult& items = p.benchmarks[3];  // Throughput::Elements(100)
  const MetricInfo* items_rate = items.find_metric("items_per_second");
  ASSERT_NE(items_rate, nullptr);
  EXPECT_EQ(items_rate->unit, "items/s");
  EXPECT_EQ(items.repetitions[0].values.at("items_per_second"),
            100 * 1e9 / items.repetitions[0].values.at("time"));
}

TEST(Criterion, ContextKeepsTheIdPartsSamplingModeAndEstimates) {
  const Parsed p = criterion::read(folder(real_criterion));
  const BenchmarkResult& plain = p.benchmarks[4];
  EXPECT_EQ(plain.context.at("group_id"), R"("plain_sum")");
  EXPECT_EQ(plain.context.at("function_id"), "null");
  EXPECT_EQ(plain.context.at("throughput"), "null");
  EXPECT_EQ(plain.context.at("sampling_mode"), R"("Linear")");
  EXPECT_EQ(plain.context.count("full_id"), 0u);
  const json estimates = json::parse(plain.context.at("estimates"));
  const json on_disk = file_json(real_dir("plain_sum/new/estimates.json"));
  EXPECT_EQ(estimates["mean"]["point_estimate"], on_disk["mean"]["point_estimate"]);
  EXPECT_EQ(p.benchmarks[0].context.at("sampling_mode"), R"("Flat")");
  EXPECT_EQ(p.benchmarks[3].context.at("function_id"), R"("elements/100")");
  EXPECT_EQ(p.benchmarks[3].context.at("directory_name"),
            "\"parse_\xD1\x8E\xD1\x82\xD1\x84-8/elements_100\"");
}

TEST(Criterion, EveryThroughputVariantAndTheOlderSampleLayoutAreRead) {
  const Parsed p = criterion::read(folder(handmade));
  EXPECT_EQ(names(p), (std::vector<std::string>{"codec/bits", "codec/both/4 KiB", "codec/decimal",
                                                "future", "legacy"}));
  const BenchmarkResult& bits = p.benchmarks[0];  // Bits(8000): 1000 bytes
  EXPECT_EQ(bits.samples("time"), (std::vector<double>{500, 1000}));
  EXPECT_EQ(bits.samples("bytes_per_second"), (std::vector<double>{2e9, 1e9}));

  const BenchmarkResult& both = p.benchmarks[1];  // ElementsAndBytes{10, 4096}
  EXPECT_EQ(both.samples("time"), (std::vector<double>{500, 400}));
  EXPECT_EQ(both.samples("items_per_second"),
            (std::vector<double>{10 * 1e9 / 500, 10 * 1e9 / 400}));
  EXPECT_EQ(both.samples("bytes_per_second"),
            (std::vector<double>{4096 * 1e9 / 500, 4096 * 1e9 / 400}));

  const BenchmarkResult& decimal = p.benchmarks[2];  // BytesDecimal(1000)
  EXPECT_EQ(decimal.samples("time"), (std::vector<double>{100, 110, 90}));
  EXPECT_EQ(decimal.samples("bytes_per_second")[0], 1000 * 1e9 / 100);

  // A variant this reader does not know: kept as context, no rate invented.
  const BenchmarkResult& future = p.benchmarks[3];
  EXPECT_EQ(future.metrics.size(), 1u);
  EXPECT_EQ(future.context.at("throughput"), R"({"Frames":60})");
  EXPECT_EQ(future.context.at("measurement"), R"("wall")");
  EXPECT_EQ(future.context.at("sampling_mode"), R"("Auto")");
  EXPECT_EQ(future.context.at("note"), R"("fields a later version may add")");
  EXPECT_EQ(future.context.count("estimates"), 0u);  // estimates.json is optional

  const BenchmarkResult& legacy = p.benchmarks[4];  // [[iters], [times]]
  EXPECT_EQ(legacy.samples("time"), (std::vector<double>{100, 110, 120}));
  EXPECT_EQ(legacy.context.count("sampling_mode"), 0u);
}

TEST(Criterion, IngestReadsTheFolderAsOneRun) {
  const perfgate::Run run = ingest({load_input(real_criterion)}, "auto");
  ASSERT_EQ(run.sources.size(), 1u);
  EXPECT_EQ(run.sources[0].format, "criterion");
  EXPECT_EQ(run.source, "perfgate ingest (criterion)");
  ASSERT_EQ(run.benchmarks.size(), 5u);
  EXPECT_EQ(run.benchmarks[1].name, real_names[1]);
  EXPECT_EQ(run.benchmarks[1].samples("time").size(), 10u);
}

TEST(Criterion, DetectsResultsFoldersAndNeverAFile) {
  for (const std::string& path :
       {real_criterion, real + "/target", real, real_dir("plain_sum"), handmade}) {
    EXPECT_EQ(criterion::detect(folder(path)), Match::yes) << path;
    EXPECT_EQ(detect(folder(path)).name, "criterion") << path;
  }
  const Input file = load_input(real_dir("plain_sum/new/sample.json"));
  EXPECT_EQ(criterion::detect(file), Match::no);
  // Any other folder could at most be Criterion's: read() then says what is missing.
  TempDir empty;
  EXPECT_EQ(criterion::detect(folder(empty.path.string())), Match::maybe);
  EXPECT_EQ(criterion::detect(folder((empty.path / "does-not-exist").string())), Match::maybe);
}

TEST(Criterion, FolderWithoutResultsSaysWhatToPass) {
  TempDir dir;
  dir.write("src/main.rs", "fn main() {}\n");
  const std::string msg = input_error_message([&] { criterion::read(folder(dir.path.string())); });
  EXPECT_EQ(msg, dir.path.string() +
                     ": no Criterion.rs results in this folder (no <benchmark>/new/sample.json "
                     "below it); run cargo bench first and pass target/criterion");
}

TEST(Criterion, AMissingFileOfARunIsNamed) {
  TempDir dir;
  dir.run("ok", "ok");
  dir.write("half/new/sample.json", R"({"iters":[1.0],"times":[5.0]})");
  std::string msg = input_error_message([&] { criterion::read(folder(dir.path.string())); });
  EXPECT_EQ(msg.rfind((dir.path / "half/new/benchmark.json").string() + ": missing; ", 0), 0u)
      << msg;

  TempDir other;
  other.write("half/new/benchmark.json", R"({"full_id":"half"})");
  msg = input_error_message([&] { criterion::read(folder(other.path.string())); });
  EXPECT_EQ(msg.rfind((other.path / "half/new/sample.json").string() + ": missing; ", 0), 0u)
      << msg;
}

TEST(Criterion, MalformedFilesNameTheFileAndThePlace) {
  const auto error_for = [](const std::string& file, const std::string& content) {
    TempDir dir;
    dir.run("b", "b");
    dir.write("b/new/" + file, content);
    const std::string prefix = (dir.path / "b/new" / file).string();
    std::string msg = input_error_message([&] { criterion::read(folder(dir.path.string())); });
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << msg;
    return msg.substr(std::min(msg.size(), prefix.size()));
  };
  EXPECT_EQ(error_for("sample.json", R"({"iters":[1.0,2.0],"times":[)").rfind(":1:", 0), 0u);
  EXPECT_EQ(error_for("sample.json", R"({"iters":[1.0,2.0,3.0],"times":[5.0,6.0]})")
                .rfind(": times: has 2 entries but iters has 3", 0),
            0u);
  EXPECT_EQ(error_for("sample.json", R"({"iters":[1.0,0.0],"times":[5.0,6.0]})")
                .rfind(": iters[1]: expected a positive iteration count, found 0.0", 0),
            0u);
  EXPECT_EQ(error_for("sample.json", R"({"iters":[1.0],"times":["5"]})")
                .rfind(": times[0]: expected a number, found \"5\"", 0),
            0u);
  EXPECT_EQ(
      error_for("sample.json", R"({"times":[5.0]})").rfind(": missing required field \"iters\"", 0),
      0u);
  EXPECT_EQ(error_for("sample.json", R"({"iters":[],"times":[]})").rfind(": iters: no samples", 0),
            0u);
  EXPECT_EQ(error_for("benchmark.json", R"({"full_id": 3})")
                .rfind(": full_id: expected a string, found 3", 0),
            0u);
  EXPECT_EQ(error_for("benchmark.json", R"({"full_id": "b", "throughput": {"Bytes": -1}})")
                .rfind(": throughput.Bytes: expected a whole number >= 0", 0),
            0u);
  EXPECT_EQ(error_for("benchmark.json", R"({"full_id": "b", "throughput": "Bytes"})")
                .rfind(": throughput: expected null or one variant", 0),
            0u);
  EXPECT_EQ(error_for("benchmark.json", std::string("\x00\xff\xfe", 3)).rfind(":1:", 0), 0u);
  EXPECT_EQ(error_for("estimates.json", "[1, 2").rfind(":1:", 0), 0u);
  EXPECT_EQ(error_for("estimates.json", "[1, 2]").rfind(": expected an object", 0), 0u);
}

TEST(Criterion, TwoFoldersWithTheSameIdAreAnError) {
  TempDir dir;
  dir.run("copy1/x", "x");
  dir.run("copy2/x", "x");
  const std::string msg = input_error_message([&] { criterion::read(folder(dir.path.string())); });
  EXPECT_EQ(msg, (dir.path / "copy2/x/new/benchmark.json").string() +
                     ": full_id \"x\" is also the id of " + (dir.path / "copy1/x/new").string() +
                     "; pass one target/criterion folder at a time");
}

TEST(Criterion, AGroupCalledCriterionIsOneGroupAmongOthers) {
  TempDir dir;
  dir.run("target/criterion/criterion/sort", "criterion/sort");
  dir.run("target/criterion/other", "other");
  const std::string root = (dir.path / "target/criterion").string();
  const std::vector<std::string> both = {"criterion/sort", "other"};
  EXPECT_EQ(names(criterion::read(folder(root))), both);
  EXPECT_EQ(names(criterion::read(folder(root + "/"))), both);
  EXPECT_EQ(names(criterion::read(folder((dir.path / "target").string()))), both);
}

TEST(Criterion, BenchmarksCalledNewOrReportAreStillFound) {
  TempDir dir;
  dir.run("new", "new");        // c.bench_function("new", ...): criterion/new/new/...
  dir.run("report", "report");  // beside Criterion's own report/ folder
  dir.write("report/index.html", "<html></html>");
  dir.write("other/report/new/index.html", "<html></html>");
  EXPECT_EQ(names(criterion::read(folder(dir.path.string()))),
            (std::vector<std::string>{"new", "report"}));
}

}  // namespace
}  // namespace perfgate::adapters
