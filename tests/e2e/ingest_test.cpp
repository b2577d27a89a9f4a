// perfgate ingest: the verb itself (inputs, flags, mistakes, what is stored).
// Each format's own mapping is tested beside its adapter (src/adapters).
#include <string>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

class Ingest : public Cli {
 protected:
  // A result file from `perfgate run` of a one-benchmark shell suite.
  std::string make_result_file(const std::string& name) {
    write("s.toml",
          "[suite]\nname = \"tiny\"\n[defaults]\nruns = 3\nwarmup = 0\n"
          "[[benchmark]]\nname = \"t\"\nshell = \"true\"\n");
    Result r = perfgate("run s.toml --store sqlite:other.db -o " + name + " -q");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return name;
  }
};

TEST_F(Ingest, APerfgateResultFileIsStoredWithItsOwnIdAndListed) {
  make_result_file("elsewhere.json");
  const std::string doc = slurp(dir_ / "elsewhere.json");
  const auto id_at = doc.find("\"id\": \"") + 7;
  const std::string id = doc.substr(id_at, doc.find('"', id_at) - id_at);

  Result r = perfgate("ingest elsewhere.json --store sqlite:runs.db -o copy.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ingested 1 file (perfgate) as run " + id), std::string::npos) << r.err;
  Result runs = perfgate("runs --store sqlite:runs.db");
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_NE(runs.out.find(id), std::string::npos) << runs.out;
  // The copy records where it came from.
  const std::string copy = slurp(dir_ / "copy.json");
  EXPECT_NE(copy.find("\"path\": \"elsewhere.json\""), std::string::npos);
  EXPECT_NE(copy.find("\"format\": \"perfgate\""), std::string::npos);
}

TEST_F(Ingest, CommitAndBranchFlagsSetTheRunsGitState) {
  make_result_file("a.json");
  Result r = perfgate("ingest a.json --store sqlite:runs.db -o b.json --commit "
                      "0123456789abcdef0123456789abcdef01234567 --branch feature/x --label nightly");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string doc = slurp(dir_ / "b.json");
  EXPECT_NE(doc.find("\"commit\": \"0123456789abcdef0123456789abcdef01234567\""), std::string::npos);
  EXPECT_NE(doc.find("\"branch\": \"feature/x\""), std::string::npos);
  EXPECT_NE(doc.find("\"name\": \"nightly\""), std::string::npos);
  // The new id carries the given commit.
  EXPECT_NE(doc.find("-0123456\""), std::string::npos) << doc.substr(0, 200);
  Result by_commit = perfgate("compare commit:0123456789abcdef a.json --store sqlite:runs.db");
  EXPECT_EQ(by_commit.exit_code, 0) << by_commit.err;
}

TEST_F(Ingest, AGoogleBenchmarkFileWithNaNAndInfinityCountersIsStored) {
  // Google Benchmark writes a counter over no time as NaN or Infinity; the
  // store keeps numbers, so NaN is no value and Infinity a point without one.
  const std::string file = PERFGATE_SOURCE_DIR "/tests/fixtures/gbench/full_1_8.json";
  Result r = perfgate("ingest " + file + " --store sqlite:runs.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("stored as #1 in sqlite:runs.db"), std::string::npos) << r.err;
  Result ratio = perfgate("history BM_Sparse/64 --metric ratio --store sqlite:runs.db");
  ASSERT_EQ(ratio.exit_code, 0) << ratio.err;
  EXPECT_NE(ratio.out.find("no samples"), std::string::npos) << ratio.out;
  Result density = perfgate("history BM_Sparse/64 --metric density --store sqlite:runs.db");
  ASSERT_EQ(density.exit_code, 0) << density.err;
  EXPECT_NE(density.out.find("a sample is not a finite number"), std::string::npos) << density.out;
}

TEST_F(Ingest, ContentNoFormatRecognisesIsExit2AndListsTheFormats) {
  write("notes.txt", "hello, these are not benchmark results\n");
  Result r = perfgate("ingest notes.txt --store sqlite:runs.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("notes.txt: cannot tell which tool wrote this"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--format"), std::string::npos);
  EXPECT_NE(r.err.find("llama-bench"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate/runs")) << "nothing is written for a bad input";
}

TEST_F(Ingest, ACutOffJsonFileIsToldWhereItBreaks) {
  write("cut.json", "{\n  \"context\": {\n    \"date\": \"2026-11-23\",\n    \"host_na");
  Result r = perfgate("ingest cut.json --store sqlite:runs.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cut.json:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pass --format"), std::string::npos) << r.err;
}

TEST_F(Ingest, AnUnknownFormatNameIsExit2) {
  make_result_file("a.json");
  Result r = perfgate("ingest a.json --format benchmarkdotnet --store sqlite:runs.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format benchmarkdotnet: unknown format; use auto or one of: gbench"),
            std::string::npos)
      << r.err;
}

TEST_F(Ingest, AMissingFileIsExit2NamingIt) {
  Result r = perfgate("ingest missing.json --store sqlite:runs.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.json: no such file or folder"), std::string::npos) << r.err;
}

TEST_F(Ingest, ABadCommitIsExit2) {
  make_result_file("a.json");
  Result r = perfgate("ingest a.json --commit not-a-sha --store sqlite:runs.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--commit not-a-sha: not a commit SHA"), std::string::npos) << r.err;
}

TEST_F(Ingest, ABrokenFileAmongSeveralStoresNothing) {
  make_result_file("a.json");
  write("b.json", "{\"schema_version\": 1, \"repetitions\": [");
  Result r = perfgate("ingest a.json b.json --format perfgate --store sqlite:runs.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("b.json:1:"), std::string::npos) << r.err;
  Result runs = perfgate("runs --store sqlite:runs.db");
  EXPECT_EQ(runs.out.find("tiny"), std::string::npos) << runs.out;
}

}  // namespace
}  // namespace perfgate::e2e
