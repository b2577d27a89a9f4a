// The suite key `determinism = { runs, outputs }` of a command benchmark.
#include <gtest/gtest.h>

#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

using test_support::at;
using test_support::expect_message;
using test_support::parse_test_suite;
using test_support::suite_error_of;

constexpr const char* kHead = "[[benchmark]]\nname = \"decode\"\ncommand = [\"./infer\"]\n";

TEST(SuiteDeterminism, ReadsRunsAndOutputsInOrder) {
  const BenchmarkSpec b =
      parse_test_suite(std::string(kHead) +
                       "determinism = { runs = 4, outputs = [\"stdout\", \"out/logits.bin\"] }\n")
          .benchmarks.at(0);
  ASSERT_TRUE(b.determinism);
  EXPECT_EQ(b.determinism->runs, 4);
  EXPECT_EQ(b.determinism->outputs, (std::vector<std::string>{"stdout", "out/logits.bin"}));
  EXPECT_EQ(b.determinism->place.str(), "/suites/demo/perfgate.toml:4:15");
}

TEST(SuiteDeterminism, RunsDefaultsToThreeAndTheKeyIsOptional) {
  EXPECT_EQ(parse_test_suite(std::string(kHead) + "determinism = { outputs = [\"stdout\"] }\n")
                .benchmarks.at(0)
                .determinism->runs,
            3);
  EXPECT_FALSE(parse_test_suite(kHead).benchmarks.at(0).determinism);
  // Written as its own table below the benchmark, too.
  EXPECT_EQ(parse_test_suite(std::string(kHead) + "[benchmark.determinism]\nruns = 2\n"
                                                  "outputs = [\"a.txt\"]\n")
                .benchmarks.at(0)
                .determinism->outputs,
            std::vector<std::string>{"a.txt"});
}

TEST(SuiteDeterminism, MistakesNameThePlaceAndTheFix) {
  const std::string d = std::string(kHead) + "determinism = ";
  expect_message(suite_error_of(d + "{ runs = 1, outputs = [\"stdout\"] }\n"), at(4, 24),
                 {"determinism runs is 1", "write at least 2"});
  expect_message(suite_error_of(d + "{ runs = \"3\", outputs = [\"stdout\"] }\n"), at(4, 24),
                 {"determinism runs is a string"});
  expect_message(suite_error_of(d + "{ outputs = [] }\n"), at(4, 27),
                 {"determinism outputs is empty", "\"stdout\""});
  expect_message(suite_error_of(d + "{ outputs = \"stdout\" }\n"), at(4, 27),
                 {"determinism outputs is a string", "expected an array"});
  expect_message(suite_error_of(d + "{ outputs = [\"stdout\", 3] }\n"), at(4, 38),
                 {"an element of determinism outputs is an integer"});
  expect_message(suite_error_of(d + "{ outputs = [\"a\", \"a\"] }\n"), at(4, 33),
                 {"\"a\" is listed twice in determinism outputs"});
  expect_message(suite_error_of(d + "{ run = 3, outputs = [\"stdout\"] }\n"), at(4, 17),
                 {"unknown key \"run\" in determinism", "did you mean \"runs\""});
  expect_message(suite_error_of(d + "{ runs = 3 }\n"), at(4, 15), {"outputs"});
  expect_message(suite_error_of(d + "true\n"), at(4, 15), {"determinism is a boolean"});
}

TEST(SuiteDeterminism, IsRefusedOnAGoogleBenchmarkBinary) {
  expect_message(suite_error_of("[[benchmark]]\nname = \"g\"\nkind = \"gbench\"\n"
                                "command = [\"./bench\"]\n"
                                "determinism = { outputs = [\"stdout\"] }\n"),
                 at(5, 15), {"benchmark \"g\" is of kind \"gbench\" and sets determinism",
                             "remove it"});
}

}  // namespace
}  // namespace perfgate
