// The determinism check end to end: a real program (tests/helpers/nondeterministic.cpp)
// that changes its output on a chosen invocation must make `perfgate run` fail
// the benchmark, naming the output and where it first differs.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using json = nlohmann::json;

const std::string kProgram = std::string(PERFGATE_BUILD_DIR) + "/tests/nondeterministic";

class Determinism : public Cli {
 protected:
  // No warm-up, so that the helper's invocation count is the repetition + 1.
  void write_suite(const std::string& mode, const std::string& determinism,
                   int runs = 3) {
    write("perfgate.toml", "[[benchmark]]\nname = \"decode\"\ncommand = [\"" + kProgram +
                               "\", \"" + mode + "\"]\nwarmup = 0\nruns = " +
                               std::to_string(runs) + "\ndeterminism = " + determinism + "\n");
  }
  json benchmark() { return json::parse(slurp(dir_ / "result.json"))["benchmarks"][0]; }
};

constexpr const char* kBoth = "{ runs = 3, outputs = [\"stdout\", \"out/result.bin\"] }";

TEST_F(Determinism, IdenticalOutputsPassAndAreRecorded) {
  write_suite("same", kBoth, 4);
  Result r = perfgate("run perfgate.toml -o result.json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json b = benchmark();
  ASSERT_EQ(b["repetitions"].size(), 4u);
  for (const json& rep : b["repetitions"]) EXPECT_TRUE(rep["ok"].get<bool>()) << rep;
  const json d = b["context"]["determinism"];
  EXPECT_EQ(d["checked"], 3);  // runs = 3 of the 4 repetitions
  EXPECT_EQ(d["outputs"], json({"stdout", "out/result.bin"}));
  EXPECT_EQ(d["digest"].get<std::string>().rfind("fnv1a64:", 0), 0u) << d;
  EXPECT_EQ(d["digest"].get<std::string>().size(), 8u + 16u);
}

TEST_F(Determinism, AFileThatDiffersFailsEveryRepetitionNamingTheByte) {
  write_suite("file-differs", kBoth, 5);
  Result r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const std::string why =
      "not deterministic: out/result.bin differs between repetition 0 and 2 at byte 37: "
      "0x25 vs 0x99 (bytes 29..44: 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c vs "
      "1d 1e 1f 20 21 22 23 24 99 26 27 28 29 2a 2b 2c)";
  EXPECT_NE((r.out + r.err).find(why), std::string::npos) << r.out << r.err;
  const json b = benchmark();
  // The difference shows in repetition 2; the ones after it are not run.
  ASSERT_EQ(b["repetitions"].size(), 3u) << b;
  for (const json& rep : b["repetitions"]) {
    EXPECT_FALSE(rep["ok"].get<bool>());
    EXPECT_EQ(rep["failure"], why);
    EXPECT_TRUE(rep["values"].empty());
  }
  EXPECT_FALSE(b.contains("context") && b["context"].contains("determinism"));
}

TEST_F(Determinism, StdoutThatDiffersNamesTheLine) {
  write_suite("stdout-differs", "{ outputs = [\"stdout\"] }");
  Result r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const json b = benchmark();
  ASSERT_EQ(b["repetitions"].size(), 2u) << b;
  EXPECT_EQ(b["repetitions"][0]["failure"],
            "not deterministic: stdout differs between repetition 0 and 1 at line 2: "
            "\"tokens: 42\" vs \"tokens: 43\"");
}

TEST_F(Determinism, OnlyTheDeclaredOutputsAreCompared) {
  // stdout changes, the file does not: declaring only the file passes.
  write_suite("stdout-differs", "{ outputs = [\"out/result.bin\"] }");
  Result r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(benchmark()["context"]["determinism"]["checked"], 3);
}

TEST_F(Determinism, AStaleOutputFileNeverPassesAsTheNewOne) {
  // Left from an earlier run; the program now writes no file at all.
  write("out/result.bin", "old");
  write_suite("no-file", kBoth, 2);
  Result r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out/result.bin"));
  const std::string failure = benchmark()["repetitions"][0]["failure"];
  EXPECT_EQ(failure.rfind("determinism: declared output out/result.bin (" + dir_.string() +
                              "/out/result.bin) cannot be read: No such file or directory",
                          0),
            0u)
      << failure;
}

TEST_F(Determinism, SuiteMistakesStopWithThePlace) {
  write_suite("same", "{ runs = 1, outputs = [\"stdout\"] }");
  Result r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:6:24: determinism runs is 1; write at least 2"),
            std::string::npos)
      << r.err;

  write_suite("same", "{ outputs = [] }");
  r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:6:27: determinism outputs is empty"), std::string::npos)
      << r.err;

  write("perfgate.toml", "[[benchmark]]\nname = \"g\"\nkind = \"gbench\"\ncommand = [\"" +
                             kProgram + "\"]\ndeterminism = { outputs = [\"stdout\"] }\n");
  r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:5:15: benchmark \"g\" is of kind \"gbench\" and sets "
                       "determinism"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace perfgate::e2e
