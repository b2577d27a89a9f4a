// "perfgate ingest of each format followed by perfgate compare of two such runs
// gives correct verdicts": for each format, a base and a contender in which one
// benchmark is clearly slower (or gives fewer tokens) and another is unchanged;
// the comparison must flag exactly the first, and the gate must fail on it.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using nlohmann::json;

// n values around `center` with a deterministic spread of about ±1 %.
std::vector<double> around(double center, int n, int phase = 0) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(center * (1 + 0.01 * std::sin(1.7 * (i + phase) + 0.3)));
  return v;
}

class IngestCompare : public Cli {
 protected:
  // Ingests `base_files` and `contender_files` (space-separated) into the
  // test's store, compares them as JSON, and returns the comparison; checks
  // the gate fails (exit 1 under --fail-on critical).
  json ingest_and_compare(const std::string& base_files, const std::string& contender_files,
                          const std::string& format = "auto") {
    Result b = perfgate("ingest " + base_files + " --format " + format +
                        " --store sqlite:runs.db -o base.json -q");
    EXPECT_EQ(b.exit_code, 0) << b.err;
    Result c = perfgate("ingest " + contender_files + " --format " + format +
                        " --store sqlite:runs.db -o contender.json -q");
    EXPECT_EQ(c.exit_code, 0) << c.err;
    Result cmp = perfgate("compare base.json contender.json --format json --fail-on critical");
    EXPECT_EQ(cmp.exit_code, 1) << cmp.err << cmp.out;
    Result text = perfgate("compare latest~1 latest --store sqlite:runs.db");
    EXPECT_EQ(text.exit_code, 0) << text.err;
    last_text_ = text.out;
    return json::parse(cmp.out);
  }

  static const json& verdict(const json& cmp, const std::string& bench, const std::string& metric) {
    for (const auto& v : cmp["verdicts"])
      if (v["benchmark"] == bench && v["metric"] == metric) return v;
    ADD_FAILURE() << "no verdict for " << bench << " " << metric << " in " << cmp.dump(1);
    static const json none = json::object();
    return none;
  }

  std::string last_text_;
};

TEST_F(IngestCompare, Csv) {
  auto csv = [](double sort_ns) {
    std::string s = "benchmark,metric,value,unit\n";
    for (double x : around(sort_ns, 15)) s += "sort/1k,time," + std::to_string(x) + ",ns\n";
    for (double x : around(500, 15, 4)) s += "\"hash, fnv\",time," + std::to_string(x) + ",ns\n";
    return s;
  };
  write("base.csv", csv(1000));
  write("contender.csv", csv(1300));
  const json cmp = ingest_and_compare("base.csv", "contender.csv");
  EXPECT_EQ(verdict(cmp, "sort/1k", "time")["level"], "critical");
  EXPECT_EQ(verdict(cmp, "hash, fnv", "time")["level"], "stable");
  EXPECT_EQ(verdict(cmp, "sort/1k", "time")["method"], "samples");
}

TEST_F(IngestCompare, HyperfineWithTheRealTool) {
  // Sleeps are steady enough for a 2x change to be unmistakable on a busy machine.
  // -N: no shell, so hyperfine does not subtract a shell's start-up time.
  auto hf = [&](const std::string& out, const std::string& slow) {
    const std::string cmd = "hyperfine -N --runs 8 --warmup 1 --style none --export-json " + out +
                            " -n nap 'sleep " + slow + "' -n quick 'true' >/dev/null 2>&1";
    ASSERT_EQ(std::system(("cd '" + dir_.string() + "' && " + cmd).c_str()), 0)
        << "hyperfine (Debian package hyperfine) must be installed: " << cmd;
  };
  hf("base.json.hf", "0.02");
  hf("contender.json.hf", "0.04");
  const json cmp = ingest_and_compare("base.json.hf", "contender.json.hf");
  const json& nap = verdict(cmp, "nap", "wall_time");
  EXPECT_EQ(nap["level"], "critical") << nap.dump();
  EXPECT_GT(nap["change"]["ratio"].get<double>(), 1.5);
  // `true` is too short to judge on a busy machine; it must be there, with every run.
  const json& quick = verdict(cmp, "quick", "wall_time");
  EXPECT_EQ(quick["base"]["n"], 8);
  EXPECT_EQ(quick["contender"]["n"], 8);
}

TEST_F(IngestCompare, PytestBenchmarkSummariesOnlyAreJudgedAndSaySo) {
  auto file = [](double mean_s) {
    json b = {{"group", nullptr},
              {"name", "test_encode"},
              {"fullname", "tests/test_codec.py::test_encode"},
              {"params", nullptr},
              {"stats",
               {{"min", mean_s * 0.97}, {"max", mean_s * 1.04}, {"mean", mean_s},
                {"stddev", mean_s * 0.01}, {"rounds", 20}, {"median", mean_s},
                {"iqr", mean_s * 0.01}, {"q1", mean_s * 0.995}, {"q3", mean_s * 1.005},
                {"iqr_outliers", 0}, {"stddev_outliers", 1}, {"outliers", "1;0"},
                {"ld15iqr", mean_s * 0.98}, {"hd15iqr", mean_s * 1.02}, {"ops", 1 / mean_s},
                {"total", mean_s * 20}, {"iterations", 1}}},
              {"options", {{"disable_gc", false}, {"timer", "perf_counter"}}},
              {"extra_info", json::object()}};
    json steady = b;
    steady["name"] = "test_decode";
    steady["fullname"] = "tests/test_codec.py::test_decode";
    for (const char* k : {"min", "max", "mean", "median", "stddev"})
      steady["stats"][k] = b["stats"][k].get<double>() / mean_s * 2e-3;
    return json{{"machine_info", {{"node", "ci-1"}, {"cpu", {{"brand_raw", "Test CPU"}}}}},
                {"commit_info", {{"id", "abc"}, {"branch", "main"}}},
                {"benchmarks", {b, steady}},
                {"datetime", "2026-11-23T10:00:00"},
                {"version", "4.0.0"}}
        .dump(2);
  };
  write("base.json.pb", file(1e-3));
  write("contender.json.pb", file(1.25e-3));
  const json cmp = ingest_and_compare("base.json.pb", "contender.json.pb");
  const json& v = verdict(cmp, "tests/test_codec.py::test_encode", "time");
  EXPECT_EQ(v["level"], "critical") << v.dump();
  EXPECT_EQ(v["method"], "summaries");
  EXPECT_EQ(v["base"]["n"], 20);
  EXPECT_TRUE(v["contender"]["summary_only"].get<bool>());
  EXPECT_NE(v["reason"].get<std::string>().find("raw samples not available"), std::string::npos);
  EXPECT_EQ(verdict(cmp, "tests/test_codec.py::test_decode", "time")["level"], "stable");
  // The terminal report marks the rows and says how they were judged.
  EXPECT_NE(last_text_.find("mean 1.25 ms"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("\"mean\" rows (2) had summary statistics only"), std::string::npos)
      << last_text_;
}

TEST_F(IngestCompare, LlamaBenchFiveInvocationsOfAveragesGiveFiveSamples) {
  // Older llama-bench: averages only. Five files per side, one figure each.
  auto file = [](double tg_ts, int phase) {
    json rows = json::array();
    for (auto [n_prompt, n_gen, ts] : {std::tuple{512, 0, 250.0}, std::tuple{0, 128, tg_ts}}) {
      const double t = ts * (1 + 0.01 * std::sin(phase * 1.3));
      rows.push_back({{"build_commit", "abc1234"}, {"build_number", 4000},
                      {"cpu_info", "Test CPU"}, {"gpu_info", ""}, {"backends", "CPU"},
                      {"model_filename", "models/llama-7b.Q4_0.gguf"},
                      {"model_type", "llama 7B Q4_0"}, {"model_size", 3825065984ll},
                      {"model_n_params", 6738415616ll}, {"n_batch", 2048}, {"n_ubatch", 512},
                      {"n_threads", 2}, {"type_k", "f16"}, {"type_v", "f16"},
                      {"n_gpu_layers", 0}, {"n_prompt", n_prompt}, {"n_gen", n_gen},
                      {"test_time", "2026-11-23T10:00:00Z"},
                      {"avg_ns", static_cast<long long>(1e9 * (n_prompt + n_gen) / t)},
                      {"stddev_ns", 1000}, {"avg_ts", t}, {"stddev_ts", t * 0.01}});
    }
    return rows.dump(2);
  };
  std::string base, contender;
  for (int i = 0; i < 5; ++i) {
    write("b" + std::to_string(i) + ".json", file(20.0, i));
    write("c" + std::to_string(i) + ".json", file(15.0, i + 2));
    base += " b" + std::to_string(i) + ".json";
    contender += " c" + std::to_string(i) + ".json";
  }
  const json cmp = ingest_and_compare(base, contender);
  const json& tg = verdict(cmp, "llama 7B Q4_0/tg128", "tokens_per_second");
  EXPECT_EQ(tg["level"], "critical") << tg.dump();
  EXPECT_EQ(tg["method"], "samples");
  EXPECT_EQ(tg["base"]["n"], 5);
  EXPECT_EQ(verdict(cmp, "llama 7B Q4_0/pp512", "tokens_per_second")["level"], "stable");
}

TEST_F(IngestCompare, TestBackendOpsFiveConsoleFilesPerSide) {
  // test-backend-ops prints one figure per op per invocation: five invocations
  // a side give five samples. MUL_MAT gets 30 % slower; ADD does not change.
  auto console = [](double mul_mat_us, int phase) {
    const double jitter = 1 + 0.005 * std::sin(1.3 * phase);
    char mm[256], add[256];
    std::snprintf(mm, sizeof mm,
                  "  MUL_MAT(type_a=q4_0,type_b=f32,m=4096,n=1,k=14336):   22152 runs - %8.2f "
                  "us/run - 117.57 MFLOP/run - \x1b[1;34m  2.60 TFLOPS\x1b[0m\n",
                  mul_mat_us * jitter);
    std::snprintf(add, sizeof add,
                  "  ADD(type=f32,ne=[4096,512,1,1]):   16384 runs - %8.2f us/run -    24576 "
                  "kB/run - \x1b[1;34m1888.39 GB/s\x1b[0m\n",
                  12.41 / jitter);
    return std::string("Testing 1 devices\n\nBackend 1/1: CPU\n  Device description: CPU\n") +
           mm + add + "  Backend CPU: \x1b[1;32mOK\x1b[0m\n1/1 backends passed\n";
  };
  std::string base, contender;
  for (int i = 0; i < 5; ++i) {
    write("b" + std::to_string(i) + ".txt", console(45.0, i));
    write("c" + std::to_string(i) + ".txt", console(58.5, i + 3));
    base += " b" + std::to_string(i) + ".txt";
    contender += " c" + std::to_string(i) + ".txt";
  }
  const json cmp = ingest_and_compare(base, contender);
  const json& mm = verdict(cmp, "CPU/MUL_MAT(type_a=q4_0,type_b=f32,m=4096,n=1,k=14336)", "time");
  EXPECT_EQ(mm["level"], "critical") << mm.dump();
  EXPECT_EQ(mm["base"]["n"], 5);
  EXPECT_EQ(mm["method"], "samples");
  EXPECT_EQ(verdict(cmp, "CPU/ADD(type=f32,ne=[4096,512,1,1])", "time")["level"], "stable");
}

TEST_F(IngestCompare, Catch2SummariesAreJudgedByWelch) {
  auto xml = [](double sort_mean) {
    auto bench = [](const std::string& name, double mean, double sd) {
      return "    <BenchmarkResults name=\"" + name +
             "\" samples=\"100\" resamples=\"100000\" iterations=\"4\" "
             "clockResolution=\"19.2\" estimatedDuration=\"3.2e+06\">\n"
             "      <mean value=\"" + std::to_string(mean) + "\" lowerBound=\"" +
             std::to_string(mean * 0.99) + "\" upperBound=\"" + std::to_string(mean * 1.01) +
             "\" ci=\"0.95\"/>\n      <standardDeviation value=\"" + std::to_string(sd) +
             "\" lowerBound=\"" + std::to_string(sd * 0.8) + "\" upperBound=\"" +
             std::to_string(sd * 1.3) + "\" ci=\"0.95\"/>\n"
             "      <outliers variance=\"0.01\" lowMild=\"0\" lowSevere=\"0\" "
             "highMild=\"1\" highSevere=\"0\"/>\n    </BenchmarkResults>\n";
    };
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Catch2TestRun name=\"bench\" "
           "rng-seed=\"1\" xml-format-version=\"3\" catch2-version=\"3.5.2\">\n"
           "  <TestCase name=\"Sorting\" tags=\"[!benchmark]\" filename=\"s.cpp\" "
           "line=\"1\">\n" +
           bench("std::sort 1k", sort_mean, 130) + bench("hash 1k", 2000, 20) +
           "    <OverallResult success=\"true\" skips=\"0\"/>\n  </TestCase>\n"
           "  <OverallResults successes=\"0\" failures=\"0\" expectedFailures=\"0\" "
           "skips=\"0\"/>\n</Catch2TestRun>\n";
  };
  write("base.xml", xml(8000));
  write("contender.xml", xml(10000));
  const json cmp = ingest_and_compare("base.xml", "contender.xml");
  const json& v = verdict(cmp, "Sorting/std::sort 1k", "time");
  EXPECT_EQ(v["level"], "critical") << v.dump();
  EXPECT_EQ(v["method"], "summaries");
  EXPECT_EQ(v["base"]["n"], 100);
  EXPECT_NEAR(v["change"]["ratio"].get<double>(), 1.25, 1e-9);
  EXPECT_EQ(verdict(cmp, "Sorting/hash 1k", "time")["level"], "stable");
}

}  // namespace
}  // namespace perfgate::e2e
