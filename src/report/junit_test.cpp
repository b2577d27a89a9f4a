// The JUnit report is read back with a real XML parser (pugixml), and checked
// for strict well-formedness by a second, independent one (Python's expat).
#include <gtest/gtest.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>

#include "report/report_testing.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

using testing_support::render;

// Parses `xml`; a parse error fails the calling test with pugixml's reason.
void parse(const std::string& xml, pugi::xml_document& doc) {
  pugi::xml_parse_result r = doc.load_string(xml.c_str());
  ASSERT_TRUE(r) << r.description() << " at offset " << r.offset << "\n" << xml.substr(0, 2000);
}

// Expat rejects what pugixml tolerates (control characters, bad UTF-8), so it
// says whether every CI's parser can read the file.
std::string expat_verdict(const std::string& xml) {
  return testing_support::run_python(
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "print('ok', len(root.findall('.//testcase')))\n",
      xml);
}

int count(const pugi::xml_node& root, const char* xpath) {
  return static_cast<int>(root.select_nodes(xpath).size());
}

TEST(JunitReport, CountsAttributesMatchTheElementsAndTheComparison) {
  pugi::xml_document doc;
  parse(render("junit", testing_support::sample_comparison()), doc);
  for (const char* level : {"testsuites", "//testsuite"}) {
    pugi::xml_node n = doc.select_node(level).node();
    ASSERT_TRUE(n) << level;
    EXPECT_EQ(n.attribute("tests").as_int(), 2) << level;
    EXPECT_EQ(n.attribute("failures").as_int(), 1) << level;
    EXPECT_EQ(n.attribute("errors").as_int(), 0) << level;
    EXPECT_EQ(n.attribute("skipped").as_int(), 0) << level;
  }
  EXPECT_EQ(count(doc, "//testcase"), 2);
  EXPECT_EQ(count(doc, "//testcase/failure"), 1);
  EXPECT_EQ(count(doc, "//testcase/error"), 0);
  EXPECT_EQ(count(doc, "//testcase/skipped"), 0);
  EXPECT_STREQ(doc.child("testsuites").attribute("name").value(), "perfgate");
}

TEST(JunitReport, ARegressionIsAFailureCarryingItsNumbers) {
  pugi::xml_document doc;
  parse(render("junit", testing_support::sample_comparison()), doc);
  pugi::xml_node tc = doc.select_node("//testcase[failure]").node();
  ASSERT_TRUE(tc);
  EXPECT_STREQ(tc.attribute("classname").value(), "perfgate.matmul|256`<b>");
  EXPECT_STREQ(tc.attribute("name").value(), "wall_time");
  pugi::xml_node f = tc.child("failure");
  EXPECT_STREQ(f.attribute("type").value(), "critical");
  const std::string message = f.attribute("message").value();
  EXPECT_NE(message.find("+25.0 % (95 % CI +21.0 % … +29.0 %)"), std::string::npos) << message;
  EXPECT_NE(message.find("beyond the 10.0 % critical limit"), std::string::npos) << message;
  const std::string body = f.text().get();
  for (const char* fact :
       {"base latest~1 (20261123T190312.345Z-3f2a9c1): median 40.0 ms, n = 10, 0 failed",
        "contender latest (20261123T190400.001Z-3f2a9c1): median 50.0 ms, n = 10",
        "p = 0.0002, adjusted p = 0.0004", "warning 5.0 %, critical 10.0 %",
        "reason: +25.0 % is beyond"})
    EXPECT_NE(body.find(fact), std::string::npos) << fact << "\nin:\n" << body;
}

TEST(JunitReport, StableAndImprovementPassWithTheirNumbersInSystemOut) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts[0].status = Status::improvement;
  c.verdicts[0].severity = Severity::none;
  pugi::xml_document doc;
  parse(render("junit", c), doc);
  EXPECT_EQ(count(doc, "//failure") + count(doc, "//error") + count(doc, "//skipped"), 0);
  EXPECT_EQ(doc.child("testsuites").attribute("failures").as_int(), 0);
  pugi::xml_node out = doc.select_node("//testcase[@classname='perfgate.sort']/system-out").node();
  ASSERT_TRUE(out);
  const std::string text = out.text().get();
  EXPECT_NE(text.find("stable"), std::string::npos) << text;
  EXPECT_NE(text.find("median 40.2 ms, n = 10"), std::string::npos) << text;
  EXPECT_NE(text.find("+0.5 %"), std::string::npos) << text;
}

TEST(JunitReport, WarningAndOverBudgetAreFailuresOfTheirType) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts[0].status = Status::warning;
  c.verdicts[1].status = Status::over_budget;
  pugi::xml_document doc;
  parse(render("junit", c), doc);
  EXPECT_EQ(count(doc, "//failure[@type='warning']"), 1);
  EXPECT_EQ(count(doc, "//failure[@type='over_budget']"), 1);
  EXPECT_EQ(doc.child("testsuites").attribute("failures").as_int(), 2);
}

TEST(JunitReport, RegressionsStayFailuresWhenNonGatingLowersTheirSeverity) {
  Comparison c = testing_support::sample_comparison();
  report_as_warnings(c);
  ASSERT_EQ(c.verdicts[0].severity, Severity::warning);
  pugi::xml_document doc;
  parse(render("junit", c), doc);
  EXPECT_EQ(count(doc, "//failure[@type='critical']"), 1);
  EXPECT_NE(std::string(doc.select_node("//failure").node().text().get()).find("severity: warning"),
            std::string::npos);
}

TEST(JunitReport, InconclusivePassesAndSaysWhyRatherThanSkipping) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts[0].status = Status::inconclusive;
  c.verdicts[0].severity = Severity::none;
  c.verdicts[0].more_runs = 12;
  c.verdicts[0].reason = "interval -2.0 % … +14.0 % straddles the limit";
  pugi::xml_document doc;
  parse(render("junit", c), doc);
  EXPECT_EQ(count(doc, "//skipped") + count(doc, "//failure"), 0);
  const std::string text = doc.select_node("//testcase/system-out").node().text().get();
  EXPECT_NE(text.find("inconclusive"), std::string::npos) << text;
  EXPECT_NE(text.find("straddles the limit"), std::string::npos) << text;
  EXPECT_NE(text.find("12 more runs"), std::string::npos) << text;
}

TEST(JunitReport, EveryBenchmarkFailedGivesOneErrorEach) {
  pugi::xml_document doc;
  parse(render("junit", testing_support::all_failed(40)), doc);
  pugi::xml_node s = doc.child("testsuites");
  EXPECT_EQ(s.attribute("tests").as_int(), 40);
  EXPECT_EQ(s.attribute("errors").as_int(), 40);
  EXPECT_EQ(s.attribute("failures").as_int(), 0);
  EXPECT_EQ(count(doc, "//testcase/error[@type='failed']"), 40);
  const std::string body = doc.select_node("//error").node().text().get();
  EXPECT_NE(body.find("5 of 5 repetitions failed"), std::string::npos) << body;
  EXPECT_NE(body.find("median -, n = 0, 5 failed"), std::string::npos) << body;
  EXPECT_EQ(std::string(doc.select_node("//testcase").node().attribute("time").value()), "0.000000")
      << "a contender without samples measured no time";
}

TEST(JunitReport, ZeroBenchmarksIsAnEmptyButValidSuite) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts.clear();
  c.summary = Summary{};
  c.only_in_base = {"gone"};
  const std::string xml = render("junit", c);
  pugi::xml_document doc;
  parse(xml, doc);
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(), 0);
  EXPECT_EQ(count(doc, "//testcase"), 0);
  EXPECT_NE(std::string(doc.select_node("//testsuite/system-out").node().text().get())
                .find("only in base, not compared: gone"),
            std::string::npos);
  EXPECT_EQ(expat_verdict(xml), "ok 0\n");
}

TEST(JunitReport, FiveThousandBenchmarksAreAllThere) {
  const std::string xml = render("junit", testing_support::many_verdicts(5000));
  pugi::xml_document doc;
  parse(xml, doc);
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(), 5000);
  EXPECT_EQ(doc.child("testsuites").attribute("failures").as_int(), 500);
  EXPECT_EQ(count(doc, "//testcase"), 5000);
  EXPECT_EQ(count(doc, "//failure"), 500);
  EXPECT_EQ(expat_verdict(xml), "ok 5000\n");
}

TEST(JunitReport, HostileNamesRoundTripExactlyThroughTheParser) {
  // Control characters cannot survive XML 1.0: they are tested below.
  std::vector<std::string> names;
  for (const auto& n : testing_support::hostile_names())
    if (std::find_if(n.begin(), n.end(), [](unsigned char ch) {
          return ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r';
        }) == n.end())
      names.push_back(n);
  ASSERT_EQ(names.size(), testing_support::hostile_names().size() - 1);
  const std::string xml = render("junit", testing_support::with_names(names));
  pugi::xml_document doc;
  parse(xml, doc);
  pugi::xpath_node_set cases = doc.select_nodes("//testcase");
  ASSERT_EQ(cases.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    pugi::xml_node tc = cases[i].node();
    EXPECT_EQ(tc.attribute("classname").value(), "perfgate." + names[i]);
    EXPECT_EQ(tc.attribute("name").value(), "wall_time" + std::to_string(i));
    const char* part = i % 2 == 0 ? "failure" : "system-out";
    const std::string body = tc.child(part).text().get();
    EXPECT_NE(body.find("reason: reason of " + names[i] + "\n"), std::string::npos)
        << names[i] << " in:\n"
        << body;
  }
  EXPECT_EQ(expat_verdict(xml), "ok " + std::to_string(names.size()) + "\n");
}

TEST(JunitReport, CharactersXmlForbidsAreReplacedVisiblySoTheFileParses) {
  // Control characters, invalid UTF-8 (a lone continuation byte, a cut-off
  // sequence, an encoded surrogate, an overlong '/') and the non-character
  // U+FFFF.
  Comparison c = testing_support::with_names(
      {"bell\x07"
       "and\x1b[31m",
       "bad\x80utf8\xE2\x82", "surrogate\xED\xA0\x80", "nonchar\xEF\xBF\xBF",
       std::string("nul\0byte", 8), "overlong\xC0\xAF"});
  const std::string xml = render("junit", c);
  EXPECT_EQ(expat_verdict(xml), "ok 6\n") << "every strict parser must read the file";
  pugi::xml_document doc;
  parse(xml, doc);
  pugi::xpath_node_set cases = doc.select_nodes("//testcase");
  ASSERT_EQ(cases.size(), 6u);
  EXPECT_STREQ(cases[0].node().attribute("classname").value(), "perfgate.bell␇and␛[31m");
  EXPECT_STREQ(cases[1].node().attribute("classname").value(),
               "perfgate.bad\uFFFDutf8\uFFFD\uFFFD");
  EXPECT_STREQ(cases[2].node().attribute("classname").value(),
               "perfgate.surrogate\uFFFD\uFFFD\uFFFD");
  EXPECT_STREQ(cases[3].node().attribute("classname").value(), "perfgate.nonchar\uFFFD");
  EXPECT_STREQ(cases[4].node().attribute("classname").value(), "perfgate.nul␀byte");
  EXPECT_STREQ(cases[5].node().attribute("classname").value(), "perfgate.overlong\uFFFD\uFFFD");
}

TEST(JunitReport, TimeIsTheContendersMeasuredSecondsForDurations) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts[1].unit = "MiB/s";
  pugi::xml_document doc;
  parse(render("junit", c), doc);
  pugi::xpath_node_set cases = doc.select_nodes("//testcase");
  // 49 + 49.5 + 50 + 50 + 50 + 50.1 + 50.2 + 50.3 + 50.5 + 51 ms
  EXPECT_STREQ(cases[0].node().attribute("time").value(), "0.500600");
  EXPECT_STREQ(cases[1].node().attribute("time").value(), "0.000000") << "not a duration";
  EXPECT_STREQ(doc.child("testsuites").attribute("time").value(), "0.500600");
}

TEST(JunitReport, TheSuiteCarriesBothRunsAndTheMethodAsProperties) {
  Comparison c = testing_support::sample_comparison();
  c.contender.suite_name = "demo & co";
  pugi::xml_document doc;
  parse(render("junit", c), doc);
  pugi::xml_node suite = doc.select_node("//testsuite").node();
  EXPECT_STREQ(suite.attribute("name").value(), "demo & co");
  auto prop = [&](const char* name) {
    return std::string(suite.child("properties")
                           .find_child_by_attribute("property", "name", name)
                           .attribute("value")
                           .value());
  };
  EXPECT_EQ(prop("base.id"), "20261123T190312.345Z-3f2a9c1");
  EXPECT_EQ(prop("contender.id"), "20261123T190400.001Z-3f2a9c1");
  EXPECT_EQ(prop("base.label"), "latest~1");
  EXPECT_EQ(prop("method"), method_note(c));
  EXPECT_EQ(prop("summary"), summary_line(c.summary));
}

}  // namespace
}  // namespace perfgate
