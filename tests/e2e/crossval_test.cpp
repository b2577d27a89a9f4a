// perfgate crossval end to end: the real binary runs the real
// tests/helpers/crossval_kernel (a 256 x 256 float matrix product computed
// correctly, fast, wrongly, with a NaN, short...) and must catch each case
// with the right exit code and a message naming the place.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

const std::string kKernel = std::string(PERFGATE_BUILD_DIR) + "/tests/crossval_kernel";

std::string side(const std::string& mode, const std::string& format = "npy",
                 const std::string& path = "{output}") {
  return "'" + kKernel + " " + mode + " " + format + " " + path + "'";
}

// Outputs only: fast, and no timing to be flaky about.
std::string outputs_only(const std::string& ref, const std::string& cand,
                         const std::string& format = "npy") {
  return "crossval --runs 0 --format " + format + " --reference " + ref + " --candidate " + cand;
}

class Crossval : public Cli {};

TEST_F(Crossval, ReorderedFloatSumsMatchWithinTolerance) {
  for (const std::string format : {"npy", "f32", "json", "text"}) {
    SCOPED_TRACE(format);
    const Result r = perfgate(outputs_only(side("ref", format), side("fast", format), format));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("elements     65536"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("verdict      match: all 65536 elements within tolerance"),
              std::string::npos)
        << r.out;
    // Different summation order: not bit-identical, so the check did compare.
    EXPECT_EQ(r.out.find("max abs err  0 "), std::string::npos) << r.out;
  }
}

TEST_F(Crossval, TightToleranceTurnsRoundingIntoAMismatch) {
  const Result r = perfgate(outputs_only(side("ref"), side("fast")) + " --atol 0 --rtol 0");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("MISMATCH"), std::string::npos) << r.out;
}

TEST_F(Crossval, FastBecauseWrongIsAMismatchNamingTheFirstElement) {
  const Result text = perfgate(outputs_only(side("ref"), side("wrong")));
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_NE(text.out.find("its speed is not a win"), std::string::npos) << text.out;
  const Result json = perfgate(outputs_only(side("ref"), side("wrong")) + " --report json");
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const auto first = nlohmann::json::parse(json.out)["outputs"]["first_mismatch"];
  const double ref = first["reference"], cand = first["candidate"];
  EXPECT_GT(std::fabs(cand - ref), 1e-3);  // half a dot product is visibly off
  // The text names the same element with both values.
  char want[160];
  std::snprintf(want, sizeof want, "first [%d]: reference %.9g, candidate %.9g",
                first["index"].get<int>(), ref, cand);
  EXPECT_NE(text.out.find(want), std::string::npos) << want << "\n" << text.out;
}

TEST_F(Crossval, CommandWithoutPlaceholderNeedsOutputPath) {
  const Result r = perfgate(outputs_only(side("ref"), "'true'"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--candidate 'true' has no {output} and no --output PATH"),
            std::string::npos)
      << r.err;
}

TEST_F(Crossval, ShortOutputIsBadInputNamingBothCounts) {
  const Result r = perfgate(outputs_only(side("ref"), side("short")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("reference output has 65536 elements, candidate output has 65531"),
            std::string::npos)
      << r.err;
}

TEST_F(Crossval, NanInOutputIsBadInputNamingTheIndex) {
  for (const std::string format : {"npy", "text"}) {
    const Result r = perfgate(outputs_only(side("ref", format), side("nan", format), format));
    EXPECT_EQ(r.exit_code, 2) << format;
    EXPECT_NE(r.err.find("candidate output: element 7 is NaN"), std::string::npos) << r.err;
  }
}

TEST_F(Crossval, TruncatedOutputNamesTheByteOffset) {
  const std::string truncated =
      "'" + kKernel + " ref npy {output}.full && head -c 1000 {output}.full > {output}'";
  const Result r = perfgate(outputs_only(side("ref"), truncated));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("truncated at byte offset 1000"), std::string::npos) << r.err;
}

TEST_F(Crossval, FailingCommandIsExit3WithItsStatus) {
  const Result r =
      perfgate(outputs_only(side("ref"), "'echo broken >&2; exit 4'") + " --output out.npy");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("candidate command (output run) failed: exited with status 4"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("broken"), std::string::npos) << r.err;
}

TEST_F(Crossval, HangingCommandTimesOutAsExit3) {
  const Result r =
      perfgate(outputs_only(side("ref"), "'sleep 30'") + " --output out.npy --timeout 300ms");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r.err;
}

TEST_F(Crossval, CommandWithoutPlaceholderWritesOutputPath) {
  const Result r = perfgate("crossval --runs 0 --output out.json --reference " +
                            side("ref", "json", "out.json") + " --candidate " +
                            side("fast", "json", "out.json"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(JSON array)"), std::string::npos) << r.out;
}

TEST_F(Crossval, CommandThatWritesNothingIsSaidSo) {
  const Result r = perfgate("crossval --runs 0 --output out.npy --reference " +
                            side("ref", "npy", "out.npy") + " --candidate true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("candidate command exited 0 but wrote no out.npy"), std::string::npos)
      << r.err;
}

TEST_F(Crossval, SpeedReportsBothSidesAndTheMethod) {
  // A deliberate 150 ms sleep on the candidate side: a difference no machine's
  // noise can hide, so the direction may be asserted too.
  const Result r = perfgate("crossval --runs 5 --warmup 0 --format npy --report json --reference " +
                            side("ref") + " --candidate " + side("slow"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "perfgate-crossval/1");
  EXPECT_EQ(doc["outputs"]["verdict"], "match");
  const auto& speed = doc["speed"];
  EXPECT_EQ(speed["order"], "interleaved");
  EXPECT_EQ(speed["reference"]["n"], 5);
  EXPECT_EQ(speed["candidate"]["n"], 5);
  EXPECT_EQ(speed["reference"]["wall_ns"].size(), 5u);
  EXPECT_NE(speed["change"]["method"].get<std::string>().find("Mann-Whitney"), std::string::npos);
  // Every candidate run sleeps 150 ms more than a whole reference run takes.
  EXPECT_GT(speed["change"]["ratio"].get<double>(), 2.0) << r.out;
}

}  // namespace
}  // namespace perfgate::e2e
