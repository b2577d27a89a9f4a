// [fixture.NAME] tables, a benchmark's `fixtures` and "{fixture.NAME}" placeholders.
#include <gtest/gtest.h>

#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

using test_support::at;
using test_support::expect_message;
using test_support::parse_test_suite;
using test_support::suite_error_of;

constexpr const char* kModel =
    "[fixture.model]\nenv = \"LLM_MODEL\"\npaths = [\"models/tiny.gguf\", \"/opt/m.gguf\", "
    "\"~/.cache/m.gguf\"]\nhint = \"make model\"\n";

TEST(SuiteFixtures, ReadsEnvPathsHintAndRequired) {
  const Suite s = parse_test_suite(std::string(kModel) +
                                   "[fixture.data]\npaths = [\"d\"]\nrequired = true\n"
                                   "[[benchmark]]\nname = \"a\"\ncommand = [\"./a\"]\n");
  ASSERT_EQ(s.fixtures.size(), 2u);
  const FixtureSpec& m = s.fixtures[0];
  EXPECT_EQ(m.name, "model");
  EXPECT_EQ(m.env, "LLM_MODEL");
  // Relative paths are taken from the suite's folder; absolute and "~/" ones are kept.
  EXPECT_EQ(m.paths, (std::vector<std::string>{"/suites/demo/models/tiny.gguf", "/opt/m.gguf",
                                               "~/.cache/m.gguf"}));
  EXPECT_EQ(m.hint, "make model");
  EXPECT_FALSE(m.required);
  EXPECT_EQ(m.place.str(), "/suites/demo/perfgate.toml:1:1");
  EXPECT_TRUE(s.fixtures[1].required);
  EXPECT_TRUE(s.fixtures[1].env.empty());
  // Declaring a fixture does not make a benchmark need it.
  EXPECT_TRUE(s.benchmarks[0].fixtures.empty());
}

TEST(SuiteFixtures, ABenchmarkNeedsWhatItListsAndWhatItsPlaceholdersName) {
  const Suite s = parse_test_suite(
      std::string(kModel) + "[fixture.prompts]\npaths = [\"p.txt\"]\n[fixture.other]\nenv = \"X\"\n" +
      "[[benchmark]]\nname = \"gen\"\n"
      "command = [\"./gen\", \"--model\", \"{fixture.model}\", \"--prompts={fixture.prompts}\"]\n"
      "env = { MODEL_AGAIN = \"{fixture.model}\" }\n"
      "[[benchmark]]\nname = \"listed\"\nshell = \"./x\"\nfixtures = [\"other\"]\n"
      "[[benchmark]]\nname = \"shell\"\nshell = \"wc -c {fixture.prompts}\"\n");
  EXPECT_EQ(s.benchmarks[0].fixtures, (std::vector<std::string>{"model", "prompts"}));
  EXPECT_EQ(s.benchmarks[1].fixtures, std::vector<std::string>{"other"});
  EXPECT_EQ(s.benchmarks[2].fixtures, std::vector<std::string>{"prompts"});
  // Placeholders stay in place until the run resolves them.
  EXPECT_EQ(s.benchmarks[0].argv[2], "{fixture.model}");
}

TEST(SuiteFixtures, MistakesNameThePlaceAndTheFix) {
  const std::string bench = "[[benchmark]]\nname = \"gen\"\n";
  expect_message(suite_error_of(std::string(kModel) + bench +
                                "command = [\"./gen\", \"{fixture.modle}\"]\n"),
                 at(7, 21), {"fixture \"modle\" is not declared", "[fixture.modle]", "model"});
  expect_message(suite_error_of(bench + "command = [\"./gen\"]\nfixtures = [\"model\"]\n"), at(4, 13),
                 {"fixture \"model\" is not declared", "declare it with [fixture.model]"});
  expect_message(suite_error_of("[fixture.model]\nrequired = true\n" + bench + "command = [\"./g\"]\n"),
                 at(1, 1), {"[fixture.model] says neither env nor paths"});
  expect_message(suite_error_of("[fixture.Model]\nenv = \"M\"\n" + bench + "command = [\"./g\"]\n"),
                 at(1, 10), {"fixture name \"Model\" is not valid"});
  expect_message(suite_error_of("[fixture.model]\nenv = \"LLM MODEL\"\n" + bench + "command = [\"./g\"]\n"),
                 at(2, 7), {"env \"LLM MODEL\" is not a variable name"});
  expect_message(suite_error_of("[fixture.model]\npath = [\"m\"]\n" + bench + "command = [\"./g\"]\n"),
                 at(2, 1), {"unknown key \"path\"", "paths"});
  expect_message(suite_error_of("[fixture.model]\npaths = \"m.gguf\"\n" + bench + "command = [\"./g\"]\n"),
                 at(2, 9), {"paths is a string", "an array of paths"});
  expect_message(suite_error_of("[fixtures.model]\npaths = [\"m\"]\n" + bench + "command = [\"./g\"]\n"),
                 at(1, 2), {"unknown key \"fixtures\"", "fixture"});
}

TEST(FixturePlaceholders, AreFoundAndReplacedWhereverTheyStand) {
  EXPECT_EQ(fixture_placeholders("--model={fixture.model} {fixture.data}/x {other} {fixture.model}"),
            (std::vector<std::string>{"model", "data", "model"}));
  EXPECT_TRUE(fixture_placeholders("{ not a placeholder } {fixture.unclosed").empty());
  const std::map<std::string, std::string> paths = {{"model", "/m/t.gguf"}, {"data", "/d"}};
  EXPECT_EQ(replace_fixture_placeholders("--model={fixture.model} {fixture.data}/x {other}", paths),
            "--model=/m/t.gguf /d/x {other}");
  EXPECT_EQ(replace_fixture_placeholders("plain", paths), "plain");
}

}  // namespace
}  // namespace perfgate
