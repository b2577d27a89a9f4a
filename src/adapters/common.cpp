#include "adapters/common.hpp"

#include <algorithm>

#include "model/error.hpp"

namespace perfgate::adapters {

std::string line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

json parse_json_input(const Input& input, std::string_view what) {
  return parse_json_document(input.content, input.path, what,
                             "the file must be one complete JSON document as the tool writes it");
}

std::vector<json> parse_json_lines(const Input& input, std::string_view what) {
  std::vector<json> out;
  std::string_view text = input.content;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      try {
        out.push_back(json::parse(line.begin(), line.end()));
      } catch (const json::parse_error& e) {
        const std::size_t at = start + (e.byte > 0 ? e.byte - 1 : 0);
        throw input_error(input.path + ":" + line_column(text, at) +
                          ": not valid JSON on this line (" + std::string(what) +
                          " has one JSON object per line); fix or remove the line");
      }
    }
    start = end + 1;
  }
  if (out.empty())
    throw input_error(input.path + ": empty; expected " + std::string(what));
  return out;
}

char first_non_blank(std::string_view content) {
  // Skips a UTF-8 byte order mark as well as white space.
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  for (char c : content)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  return '\0';
}

std::string json_text(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

BenchmarkResult& benchmark_named(Parsed& parsed, const std::string& name) {
  for (auto& b : parsed.benchmarks)
    if (b.name == name) return b;
  parsed.benchmarks.emplace_back();
  parsed.benchmarks.back().name = name;
  return parsed.benchmarks.back();
}

void add_metric(BenchmarkResult& b, const MetricInfo& info) {
  if (!b.find_metric(info.name)) b.metrics.push_back(info);
}

std::optional<double> ns_per(std::string_view unit) {
  if (unit == "ns") return 1.0;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  return std::nullopt;
}

}  // namespace perfgate::adapters
