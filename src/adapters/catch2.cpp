// Catch2's XML reporter output (`-r xml`, Catch2 v3 root <Catch2TestRun>, v2
// root <Catch> with <Group>s), for the BENCHMARK results in it
// (docs/formats.md, "Ingested formats"). Catch2 writes only summary estimates of each
// benchmark (a bootstrapped mean and standard deviation over `samples`
// samples, in nanoseconds), never the samples themselves, so they become
// BenchmarkResult::summaries of the metric "time".
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::catch2 {
namespace {

constexpr std::string_view kWhat = "Catch2 XML reporter output (-r xml)";
constexpr int kMaxDepth = 256;  // Catch2 nests TestCase > Section > ...; far less than this

// A number as Catch2 writes it ("812.5", "1.2e+06"); nullopt for anything else.
std::optional<double> parse_number(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// An attribute's value as JSON: a whole number when written as one ("100"), a
// number when it reads as a finite one ("1.2e+06"), else text.
json attribute_json(const pugi::xml_attribute& a) {
  const std::string_view text = a.value();
  const std::optional<double> v = parse_number(text);
  if (!v || !std::isfinite(*v)) return text;
  if (text.find_first_of(".eE") == std::string_view::npos && std::fabs(*v) < 9e15)
    return static_cast<std::int64_t>(*v);
  return *v;
}

json attributes_json(const pugi::xml_node& node, std::string_view skip = {}) {
  json obj = json::object();
  for (const pugi::xml_attribute& a : node.attributes())
    if (a.name() != skip) obj[a.name()] = attribute_json(a);
  return obj;
}

class Reader {
 public:
  Reader(const Input& input, Parsed& parsed) : input_(input), parsed_(parsed) {}

  // Visits `node`'s child elements; `test_case` and `sections` say where they are.
  void visit(const pugi::xml_node& node, const pugi::xml_node& test_case,
             std::vector<std::string>& sections, int depth) {
    if (depth > kMaxDepth) {
      fail(node, "elements are nested more than " + std::to_string(kMaxDepth) +
                     " deep; Catch2 never writes that, so this is not " + std::string(kWhat));
    }
    for (const pugi::xml_node& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view name = child.name();
      if (name == "BenchmarkResults") {
        benchmark(child, test_case, sections);
      } else if (name == "TestCase") {
        std::vector<std::string> none;
        visit(child, child, none, depth + 1);
      } else if (name == "Section") {
        sections.push_back(child.attribute("name").value());
        visit(child, test_case, sections, depth + 1);
        sections.pop_back();
      } else {
        visit(child, test_case, sections, depth + 1);  // Group (v2) and anything newer
      }
    }
  }

 private:
  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& what) const {
    // offset_debug() is where the element's name starts; the place is its '<'.
    std::ptrdiff_t at = node.offset_debug();
    if (at > 0 && input_.content[static_cast<std::size_t>(at) - 1] == '<') --at;
    const std::string where =
        at >= 0 ? ":" + line_column(input_.content, static_cast<std::size_t>(at)) : "";
    throw input_error(input_.path + where + ": " + what);
  }

  // The attribute `attr` of `node` as a number; a missing or malformed one is an error.
  double number(const pugi::xml_node& node, const char* attr, const std::string& bench) const {
    const pugi::xml_attribute a = node.attribute(attr);
    if (!a) {
      fail(node, "<" + std::string(node.name()) + "> of benchmark \"" + shown(bench) +
                     "\" has no " + attr + " attribute; the file is not complete " +
                     std::string(kWhat) + " (rerun the tests to regenerate it)");
    }
    const std::optional<double> v = parse_number(a.value());
    if (!v || !std::isfinite(*v)) {
      fail(node, "<" + std::string(node.name()) + "> " + attr + " of benchmark \"" + shown(bench) +
                     "\": expected a finite number, found \"" + shown(a.value()) +
                     "\"; the file is not " + std::string(kWhat) + " as Catch2 writes it");
    }
    return *v;
  }

  // Catch2 repeats a benchmark's name when its test case runs more than once
  // (GENERATE); the second one is "name #2", and so on.
  std::string unique_name(const std::string& name) {
    if (used_.insert(name).second) return name;
    int& k = next_suffix_[name];
    if (k < 2) k = 2;
    std::string unique;
    do {
      unique = name + " #" + std::to_string(k++);
    } while (!used_.insert(unique).second);
    return unique;
  }

  void benchmark(const pugi::xml_node& node, const pugi::xml_node& test_case,
                 const std::vector<std::string>& sections) {
    const pugi::xml_attribute name_attr = node.attribute("name");
    if (!name_attr) {
      fail(node, "<BenchmarkResults> has no name attribute; the file is not complete " +
                     std::string(kWhat));
    }
    std::string full;
    if (test_case) full = std::string(test_case.attribute("name").value()) + "/";
    for (const std::string& s : sections) full += s + "/";
    full += name_attr.value();
    if (full.empty()) {
      fail(node, "<BenchmarkResults> outside a <TestCase> has an empty name; the file is not " +
                     std::string(kWhat) + " as Catch2 writes it");
    }
    parsed_.benchmarks.emplace_back();
    BenchmarkResult& b = parsed_.benchmarks.back();
    b.name = unique_name(full);
    add_metric(b, {"time", "ns", Direction::lower_is_better, true});

    if (test_case) b.context["test_case"] = json_text(attributes_json(test_case));
    if (!sections.empty()) b.context["sections"] = json_text(sections);
    for (const pugi::xml_attribute& a : node.attributes())
      if (std::string_view(a.name()) != "name") b.context[a.name()] = json_text(attribute_json(a));

    const pugi::xml_node failed = node.child("failed");
    const pugi::xml_node mean = node.child("mean");
    for (const pugi::xml_node& child : node.children()) {
      if (child.type() == pugi::node_element && child != failed)
        b.context[child.name()] = json_text(attributes_json(child));
    }
    if (failed) {
      Repetition r;
      r.ok = false;
      r.failure = "Catch2 reported an error: " + std::string(failed.attribute("message").value());
      b.repetitions.push_back(std::move(r));
      return;
    }
    if (!mean) {
      fail(node, "benchmark \"" + shown(b.name) +
                     "\" has neither <mean> nor <failed>; the file is " + "not complete " +
                     std::string(kWhat) + " (did the test run finish?)");
    }
    SampleSummary s;
    s.mean = number(mean, "value", b.name);
    if (const pugi::xml_attribute samples = node.attribute("samples")) {
      const std::optional<double> n = parse_number(samples.value());
      if (!n || *n < 0 || *n > 1e9 || *n != std::floor(*n)) {
        fail(node, "samples of benchmark \"" + shown(b.name) +
                       "\": expected a whole number, found \"" + shown(samples.value()) +
                       "\"; the file is not " + std::string(kWhat) + " as Catch2 writes it");
      }
      s.n = static_cast<int>(*n);
    }
    if (const pugi::xml_node sd = node.child("standardDeviation")) {
      // Catch2 divides by n (its standard_deviation()); perfgate's summaries
      // hold the sample standard deviation, which divides by n - 1.
      const double population = number(sd, "value", b.name);
      s.stddev = s.n > 1 ? population * std::sqrt(s.n / (s.n - 1.0)) : population;
    }
    b.summaries["time"] = s;
  }

  const Input& input_;
  Parsed& parsed_;
  std::unordered_set<std::string> used_;  // benchmark names given so far
  std::unordered_map<std::string, int> next_suffix_;
};

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '<') return Match::no;
  const std::string_view head = std::string_view(input.content).substr(0, 4096);
  const bool root = head.find("<Catch2TestRun") != std::string_view::npos ||
                    head.find("<Catch ") != std::string_view::npos ||
                    head.find("<Catch>") != std::string_view::npos;
  if (!root) return Match::no;
  return input.content.find("<BenchmarkResults") != std::string::npos ? Match::yes : Match::maybe;
}

Parsed read(const Input& input) {
  if (input.is_directory) {
    throw input_error(input.path + ": is a folder; the catch2 format reads one XML file (" +
                      std::string(kWhat) + ")");
  }
  if (first_non_blank(input.content) == '\0') {
    throw input_error(input.path + ": empty; expected " + std::string(kWhat));
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed_xml = doc.load_buffer(
      input.content.data(), input.content.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed_xml) {
    const std::size_t at = parsed_xml.offset > 0 ? static_cast<std::size_t>(parsed_xml.offset) : 0;
    throw input_error(input.path + ":" + line_column(input.content, at) + ": not valid XML (" +
                      parsed_xml.description() + ", at byte " + std::to_string(at) +
                      "); the file must be complete " + std::string(kWhat) +
                      " (was the test run cut short?)");
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view root_name = root.name();
  if (root_name != "Catch2TestRun" && root_name != "Catch") {
    const std::ptrdiff_t at = root.offset_debug();
    throw input_error(input.path + ":" +
                      line_column(input.content, at > 0 ? static_cast<std::size_t>(at) - 1 : 0) +
                      ": the root element is <" + shown(root_name) +
                      ">, not Catch2's <Catch2TestRun> (v3) or <Catch> (v2); pass the output of "
                      "the test binary run with -r xml");
  }

  Parsed parsed;
  json ctx = attributes_json(root);
  ctx["root_element"] = std::string(root_name);
  if (const pugi::xml_node rnd = root.child("Randomness")) ctx["Randomness"] = attributes_json(rnd);
  json groups = json::array();
  for (const pugi::xml_node& g : root.children("Group"))
    groups.push_back(g.attribute("name").value());
  if (!groups.empty()) ctx["groups"] = groups;
  parsed.context_json = json_text(ctx);

  Reader reader(input, parsed);
  std::vector<std::string> sections;
  reader.visit(root, pugi::xml_node(), sections, 0);
  return parsed;
}

}  // namespace perfgate::adapters::catch2
