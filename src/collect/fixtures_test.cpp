// Looking up fixtures on this machine, and the suite as it then runs.
#include "collect/fixtures.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "support/expect_error.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;

class Fixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("perfgate-fixtures-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    ::unsetenv("PG_TEST_MODEL");
  }
  void TearDown() override {
    ::unsetenv("PG_TEST_MODEL");
    fs::remove_all(dir_);
  }
  std::string touch(const std::string& name) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << "x";
    return p.string();
  }
  FixtureSpec model(std::vector<std::string> paths) const {
    FixtureSpec f;
    f.name = "tiny-model";
    f.env = "PG_TEST_MODEL";
    f.paths = std::move(paths);
    f.hint = "make model";
    f.place = {"/s/perfgate.toml", 3, 1};
    return f;
  }
  Suite suite_needing(const FixtureSpec& f) const {
    Suite s;
    s.path = "/s/perfgate.toml";
    s.fixtures = {f};
    BenchmarkSpec gen;
    gen.name = "gen";
    gen.argv = {"./gen", "--model={fixture.tiny-model}"};
    gen.env = {{"M", "{fixture.tiny-model}"}};
    gen.fixtures = {"tiny-model"};
    BenchmarkSpec plain;
    plain.name = "plain";
    plain.shell = "true {fixture.tiny-model}";  // not needed: left as written
    s.benchmarks = {gen, plain};
    return s;
  }
  fs::path dir_;
};

TEST_F(Fixtures, TheFirstExistingPathWins) {
  const std::string second = touch("b.gguf");
  touch("c.gguf");
  const FixtureLookup found =
      find_fixture(model({(dir_ / "a.gguf").string(), second, (dir_ / "c.gguf").string()}));
  EXPECT_EQ(found.path, second);
  EXPECT_TRUE(found.missing.empty());
}

TEST_F(Fixtures, TheVariableDecidesAloneWhenSet) {
  const std::string listed = touch("listed.gguf");
  const std::string named = touch("named.gguf");
  ::setenv("PG_TEST_MODEL", named.c_str(), 1);
  EXPECT_EQ(find_fixture(model({listed})).path, named);
  // Naming a file that does not exist is absent, even though a listed path
  // exists: measuring another file than the one asked for would mislead.
  const std::string wrong = (dir_ / "typo.gguf").string();
  ::setenv("PG_TEST_MODEL", wrong.c_str(), 1);
  const FixtureLookup lookup = find_fixture(model({listed}));
  EXPECT_TRUE(lookup.path.empty());
  EXPECT_EQ(lookup.missing, "PG_TEST_MODEL=" + wrong + ", which does not exist");
  // The reason tells the user to fix the variable, not to make the file.
  const Suite s = resolve_fixtures(suite_needing(model({listed})));
  EXPECT_EQ(s.benchmarks[0].skip_reason,
            "fixture \"tiny-model\" not found: PG_TEST_MODEL=" + wrong +
                ", which does not exist; point PG_TEST_MODEL at an existing file, or unset it to "
                "use the listed paths");
  // Set but empty counts as not set.
  ::setenv("PG_TEST_MODEL", "", 1);
  EXPECT_EQ(find_fixture(model({listed})).path, listed);
}

TEST_F(Fixtures, AbsentSaysWhereItLooked) {
  const FixtureLookup lookup =
      find_fixture(model({(dir_ / "a.gguf").string(), (dir_ / "b.gguf").string()}));
  EXPECT_TRUE(lookup.path.empty());
  EXPECT_EQ(lookup.missing, "PG_TEST_MODEL is not set and none of these exists: " +
                                (dir_ / "a.gguf").string() + ", " + (dir_ / "b.gguf").string());
}

TEST_F(Fixtures, HomeIsExpanded) {
  const char* old_home = std::getenv("HOME");
  const std::string saved = old_home ? old_home : "";
  ::setenv("HOME", dir_.c_str(), 1);
  const std::string in_home = touch("m.gguf");
  const FixtureLookup lookup = find_fixture(model({"~/m.gguf"}));
  ::setenv("HOME", saved.c_str(), 1);
  EXPECT_EQ(lookup.path, in_home);
}

TEST_F(Fixtures, AFoundFixtureIsPutInPlaceOfItsPlaceholdersAndExported) {
  const std::string path = touch("m.gguf");
  const Suite s = resolve_fixtures(suite_needing(model({path})));
  const BenchmarkSpec& gen = s.benchmarks[0];
  EXPECT_TRUE(gen.skip_reason.empty());
  EXPECT_EQ(gen.argv, (std::vector<std::string>{"./gen", "--model=" + path}));
  EXPECT_EQ(gen.env.at("M"), path);
  EXPECT_EQ(gen.env.at("PERFGATE_FIXTURE_TINY_MODEL"), path);
  EXPECT_EQ(s.benchmarks[1].shell, "true {fixture.tiny-model}");
  EXPECT_FALSE(s.benchmarks[1].env.contains("PERFGATE_FIXTURE_TINY_MODEL"));
}

TEST_F(Fixtures, ABenchmarkNeedingAnAbsentFixtureIsSkippedWithTheReason) {
  const Suite s = resolve_fixtures(suite_needing(model({(dir_ / "none.gguf").string()})));
  EXPECT_EQ(s.benchmarks[0].skip_reason,
            "fixture \"tiny-model\" not found: PG_TEST_MODEL is not set and there is no " +
                (dir_ / "none.gguf").string() + "; to get it: make model");
  EXPECT_EQ(s.benchmarks[0].argv[1], "--model={fixture.tiny-model}");
  EXPECT_TRUE(s.benchmarks[1].skip_reason.empty());
}

TEST_F(Fixtures, ARequiredAbsentFixtureStopsTheRunNamingItsPlace) {
  FixtureSpec f = model({(dir_ / "none.gguf").string()});
  f.required = true;
  const std::string message =
      test_support::input_error_message([&] { resolve_fixtures(suite_needing(f)); });
  EXPECT_TRUE(message.starts_with("/s/perfgate.toml:3:1: fixture \"tiny-model\" not found: "))
      << message;
  EXPECT_NE(message.find("required = true, so nothing was run"), std::string::npos) << message;
  // A required fixture no benchmark needs is not looked up at all.
  Suite unused = suite_needing(f);
  unused.benchmarks[0].fixtures.clear();
  EXPECT_NO_THROW(resolve_fixtures(unused));
}

}  // namespace
}  // namespace perfgate
