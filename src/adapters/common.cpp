#include "adapters/common.hpp"

#include <algorithm>
#include <string>

#include "model/error.hpp"

namespace perfgate::adapters {


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
      out.push_back(parse_json_at(input, start, line,
                                  "JSON Lines has one complete JSON object per line; fix or "
                                  "remove the line"));
    }
    start = end + 1;
  }
  if (out.empty())
    throw input_error(input.path + ": empty; expected " + std::string(what));
  return out;
}

// Parses `text`, which starts at byte `offset` of the input, as one JSON
// value. A syntax error, or a number too large for a double (which nlohmann
// reports as out_of_range with the number's text but not its place), throws
// "<path>:<line>:<col>: not valid JSON: ...; <fix>".
json parse_json_at(const Input& input, std::size_t offset, std::string_view text, const char* fix) {
  std::size_t at = json_nesting_too_deep(text);
  std::string what;
  if (at != std::string_view::npos)
    throw input_error(input.path + ":" + line_column(input.content, offset + at) +
                      ": values nested more than " + std::to_string(max_json_nesting) +
                      " levels deep; no tool writes this; " + fix);
  at = 0;
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 7: <reason>"
    const std::string_view message = e.what();
    const std::size_t reason = message.find(": ", message.find("column"));
    at = e.byte > 0 ? e.byte - 1 : 0;
    what = "not valid JSON";
    if (reason != std::string_view::npos) what += ": " + std::string(message.substr(reason + 2));
  } catch (const json::exception& e) {
    const std::string_view message = e.what();
    const std::size_t open = message.find('\'');
    const std::size_t close = message.rfind('\'');
    const std::string_view number =
        open < close ? message.substr(open + 1, close - open - 1) : std::string_view();
    at = number.empty() ? 0 : std::min(text.find(number), text.size());
    what = "not valid JSON: the number " + std::string(number.substr(0, 40)) +
           " is too large for a double";
  }
  throw input_error(input.path + ":" + line_column(input.content, offset + at) + ": " + what +
                    "; " + fix);
}

// `text` for a one-line message: control characters escaped ("\n"), cut to
// about 80 bytes (at a UTF-8 boundary) with "..." after.
std::string shown(std::string_view text) {
  std::string out;
  std::size_t n = text.size();
  if (n > 80) {
    n = 80;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (n < text.size()) out += "...";
  return out;
}

// A metric given only as a summary becomes one sample, carried by the first
// successful repetition at or after `first` (or a new repetition).
void summaries_to_samples(BenchmarkResult& b, std::size_t first) {
  for (const auto& [metric, s] : b.summaries) {
    Repetition* carrier = nullptr;
    for (std::size_t k = first; k < b.repetitions.size() && !carrier; ++k)
      if (b.repetitions[k].ok && !b.repetitions[k].values.count(metric))
        carrier = &b.repetitions[k];
    if (!carrier) {
      b.repetitions.emplace_back();
      b.repetitions.back().index = static_cast<int>(b.repetitions.size() - 1);
      carrier = &b.repetitions.back();
    }
    carrier->values[metric] = s.mean;
  }
  b.summaries.clear();
}

void fold_invocation(BenchmarkResult& into, BenchmarkResult&& again) {
  summaries_to_samples(into, 0);  // no-op after the first repeat
  summaries_to_samples(again, 0);
  for (const MetricInfo& m : again.metrics) add_metric(into, m);
  for (Repetition& r : again.repetitions) {
    r.index = static_cast<int>(into.repetitions.size());
    into.repetitions.push_back(std::move(r));
  }
  for (auto& [key, value] : again.context) into.context.emplace(key, std::move(value));
}

std::optional<json> try_parse_json(std::string_view text) {
  if (json_nesting_too_deep(text) != std::string_view::npos) return std::nullopt;
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> quote_non_finite(std::string_view text) {
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is already in out
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    const bool negative = c == '-';
    const std::string_view rest = text.substr(negative ? i + 1 : i);
    std::size_t word = 0;
    const char* quoted = nullptr;
    if (rest.starts_with("Infinity")) {
      word = 8;
    } else if (rest.starts_with("inf")) {
      word = 3;
    } else if (rest.starts_with("NaN") || rest.starts_with("nan")) {
      word = 3;
      quoted = "\"NaN\"";  // -NaN is NaN
    }
    if (word == 0) continue;
    if (!quoted) quoted = negative ? "\"-Infinity\"" : "\"Infinity\"";
    if (out.empty()) out.reserve(text.size() + 64);
    out.append(text.substr(copied, i - copied));
    out += quoted;
    copied = i + (negative ? 1 : 0) + word;
    i = copied - 1;
  }
  if (copied == 0) return std::nullopt;
  out.append(text.substr(copied));
  return out;
}

bool has_member(std::string_view text, std::string_view key, char open) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  const auto skip_blank = [&](std::size_t k) {
    while (k < text.size() &&
           (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r'))
      ++k;
    return k;
  };
  for (std::size_t at = text.find(quoted); at != std::string_view::npos;
       at = text.find(quoted, at + 1)) {
    std::size_t k = skip_blank(at + quoted.size());
    if (k >= text.size() || text[k] != ':') continue;
    k = skip_blank(k + 1);
    if (k < text.size() && text[k] == open) return true;
  }
  return false;
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
