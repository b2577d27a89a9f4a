#include "collect/ab_runner.hpp"

#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>

#include "collect/ab_suite.hpp"

namespace perfgate {
namespace {

AbSideSpec shell(const std::string& label, const std::string& cmd) {
  AbSideSpec s{label, {}};
  s.process.argv = {"/bin/sh", "-c", cmd};
  return s;
}

TEST(AbRunner, APairMeasuresBothSidesAndKeepsTheirOutput) {
  const AbPair p = run_ab_pair(shell("b", "echo base"), shell("c", "echo contender"), false, {});
  ASSERT_TRUE(p.ok) << p.failure;
  EXPECT_GT(p.base, 0);
  EXPECT_GT(p.contender, 0);
  EXPECT_EQ(p.base_stdout, "base\n");
  EXPECT_EQ(p.contender_stdout, "contender\n");
}

TEST(AbRunner, AFailingSideIsNamedWithItsReason) {
  const AbPair c = run_ab_pair(shell("b", "true"), shell("c", "exit 4"), true, {});
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.failure, "contender: exited with status 4");
  // The base runs second here and fails; the contender ran fine.
  const AbPair b = run_ab_pair(shell("b", "kill -SEGV $$"), shell("c", "true"), false, {});
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.failure.rfind("base: killed by signal 11", 0), 0u) << b.failure;
}

TEST(AbRunner, CpuTimeIsTheChildsUserPlusSystemTime) {
  AbRunOptions o;
  o.metric = AbMetric::cpu_time;
  // A busy loop spends CPU; sleeping spends (almost) none.
  const AbPair p =
      run_ab_pair(shell("b", "sleep 0.2"),
                  shell("c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"), true, o);
  ASSERT_TRUE(p.ok) << p.failure;
  EXPECT_GT(p.contender, p.base);
}

TEST(AbRunner, GbenchFilterEscapesRegexCharacters) {
  BenchmarkSpec spec;
  spec.kind = BenchmarkKind::gbench;
  spec.argv = {"./bench", "--x"};
  spec.gbench.filter = "BM_.*";  // the suite's filter gives way to the one name
  const auto argv = gbench_single_argv(spec, GbenchProbe{}, "BM_Attn/seq:64/dim:32 (x)");
  auto has = [&](const std::string& a) {
    return std::find(argv.begin(), argv.end(), a) != argv.end();
  };
  EXPECT_EQ(argv[0], "./bench");
  EXPECT_TRUE(has("--benchmark_filter=^BM_Attn/seq:64/dim:32 \\(x\\)$"));
  EXPECT_FALSE(has("--benchmark_filter=BM_.*"));
  EXPECT_TRUE(has("--benchmark_repetitions=1"));
  EXPECT_TRUE(has("--benchmark_format=json"));
}

TEST(AbRunner, GbenchTimeIsReadInNanosecondsFromTheIterationRow) {
  std::string why;
  const std::string out =
      R"({"context":{},"benchmarks":[{"name":"BM_x","run_type":"iteration","real_time":2.5,)"
      R"("cpu_time":2.0,"time_unit":"us"},{"name":"BM_x_mean","run_type":"aggregate",)"
      R"("real_time":9,"cpu_time":9,"time_unit":"us"}]})";
  EXPECT_DOUBLE_EQ(*gbench_time_ns(out, false, why), 2500);
  EXPECT_DOUBLE_EQ(*gbench_time_ns(out, true, why), 2000);
  EXPECT_FALSE(gbench_time_ns("not json", false, why));
  EXPECT_NE(why.find("did not print Google Benchmark JSON"), std::string::npos);
  EXPECT_FALSE(gbench_time_ns(R"({"benchmarks":[{"name":"x","error_occurred":true,)"
                              R"("error_message":"boom"}]})",
                              false, why));
  EXPECT_NE(why.find("boom"), std::string::npos);
}

TEST(AbSuite, PathsUnderTheSuiteFolderAreReRooted) {
  EXPECT_EQ(reroot("/s", "/s", "/a"), "/a");
  EXPECT_EQ(reroot("/s/build/bench", "/s", "/a"), "/a/build/bench");
  EXPECT_EQ(reroot("/s/./x/../y", "/s/", "/a"), "/a/y");
  EXPECT_EQ(reroot("/usr/bin/env", "/s", "/a"), "/usr/bin/env");
  EXPECT_EQ(reroot("/sx/y", "/s", "/a"), "/sx/y");  // a sibling, not under /s
}

TEST(AbRunner, PinningChoosesACpuPerfgateMayUse) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  std::string why;
  const std::optional<int> cpu = pin_to_last_cpu(why);
  ASSERT_TRUE(cpu) << why;
  EXPECT_GE(*cpu, 0);
  std::string again;
  EXPECT_EQ(pin_to_last_cpu(again), cpu);        // now the only one left
  sched_setaffinity(0, sizeof before, &before);  // the other tests run unpinned
}

}  // namespace
}  // namespace perfgate
