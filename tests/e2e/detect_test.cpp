// perfgate detect --series end to end: the real binary on a CSV with a known
// step, on a TCPD file with a missing point, and on bad files (exit 2, the
// message naming the file and the line).
#include <nlohmann/json.hpp>
#include <string>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

class Detect : public Cli {};

// 60 points around 100, then 60 around 110, with a small fixed wobble.
std::string step_csv(bool with_index) {
  std::string s = with_index ? "run,value\n" : "value\n";
  for (int i = 0; i < 120; ++i) {
    const double v = (i < 60 ? 100 : 110) + ((i * 7) % 5 - 2) * 0.8;
    s += (with_index ? std::to_string(i) + "," : "") + std::to_string(v) + "\n";
  }
  return s;
}

TEST_F(Detect, CsvStepIsReportedAtItsIndexInJson) {
  for (const std::string method : {"edivisive", "pelt"}) {
    for (bool with_index : {false, true}) {
      SCOPED_TRACE(method + (with_index ? " index,value" : " values"));
      write("s.csv", step_csv(with_index));
      const Result r = perfgate("detect --series s.csv --format json --method " + method);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const auto doc = nlohmann::json::parse(r.out);
      EXPECT_EQ(doc["method"], method);
      EXPECT_EQ(doc["n"], 120);
      ASSERT_EQ(doc["change_points"].size(), 1u) << r.out;
      const auto& cp = doc["change_points"][0];
      EXPECT_EQ(cp["index"], 60);
      EXPECT_NEAR(cp["magnitude"].get<double>(), 0.10, 0.01);
      EXPECT_LE(cp["interval"][0].get<double>(), cp["magnitude"].get<double>());
      EXPECT_GE(cp["interval"][1].get<double>(), cp["magnitude"].get<double>());
      EXPECT_LT(cp["p_value"].get<double>(), 1e-4);
    }
  }
}

TEST_F(Detect, TextReportNamesMethodAndPointCount) {
  write("s.csv", step_csv(false));
  const Result r = perfgate("detect --series s.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("s.csv: 120 points, method edivisive"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 change point"), std::string::npos) << r.out;
}

TEST_F(Detect, TcpdFileWithAMissingPointKeepsIndicesOfTheFile) {
  std::string raw;
  for (int i = 0; i < 80; ++i) {
    const std::string v = i == 10 ? "null" : std::to_string((i < 40 ? 5.0 : 7.0) + (i % 3) * 0.1);
    raw += (i ? "," : "") + v;
  }
  write("t.json", R"({"name": "t", "n_obs": 80, "n_dim": 1, "series": [{"label": "V1", "raw": [)" +
                      raw + "]}]}");
  const Result r = perfgate("detect --series t.json --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["n"], 79);  // the missing point is not analysed...
  ASSERT_EQ(doc["change_points"].size(), 1u) << r.out;
  EXPECT_EQ(doc["change_points"][0]["index"], 40);  // ...but indices count it
  EXPECT_NE(doc["notes"].dump().find("1 missing point skipped"), std::string::npos);
}

TEST_F(Detect, TooShortSeriesSaysSoWithoutInventingAChange) {
  write("s.csv", "1\n2\n");
  const Result r = perfgate("detect --series s.csv --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["enough_points"], false);
  EXPECT_TRUE(doc["change_points"].empty());
}

TEST_F(Detect, BadFilesExitTwoNamingFileAndLine) {
  write("bad.csv", "value\n1\n2\nfast\n");
  Result r = perfgate("detect --series bad.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.csv:4: 'fast' is not a finite number"), std::string::npos) << r.err;

  write("bad.json", "{\"series\": [{\"raw\": [1, 2,\n 3,, 4]}]}");
  r = perfgate("detect --series bad.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.json:2:"), std::string::npos) << r.err;

  r = perfgate("detect --series missing.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.csv"), std::string::npos) << r.err;

  write("s.csv", step_csv(false));
  r = perfgate("detect --series s.csv --method binseg");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("use edivisive or pelt"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace perfgate::e2e
