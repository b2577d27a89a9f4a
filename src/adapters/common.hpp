// Pieces every adapter needs (internal to the adapters layer): parsing an
// input as JSON with perfgate's one-line messages, building benchmarks, and
// keeping unknown fields as context.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/adapter.hpp"
#include "model/file_text.hpp"  // line_column
#include "model/json_io.hpp"

namespace perfgate::adapters {

using json = nlohmann::json;

// Parses the input as one JSON document. Empty input and malformed JSON throw
// "<path>:<line>:<col>: not valid JSON: ...; <fix>" naming `what` (e.g.
// "Google Benchmark JSON (--benchmark_format=json)").
json parse_json_input(const Input& input, std::string_view what);

// Parses each non-blank line as one JSON value (JSON Lines). A bad line throws
// "<path>:<line>:<col>: ...".
std::vector<json> parse_json_lines(const Input& input, std::string_view what);

// Parses `text`, which starts at byte `offset` of the input, as one JSON
// value (a line of JSON Lines, say). A syntax error, or a number too large
// for a double, throws "<path>:<line>:<col>: not valid JSON: ...; <fix>".
json parse_json_at(const Input& input, std::size_t offset, std::string_view text, const char* fix);

// `text` as one JSON value, or nullopt when it is not one (malformed, nested
// too deep, a number beyond a double): for formats that are either one
// document or JSON Lines, which then parse line by line with parse_json_at.
std::optional<json> try_parse_json(std::string_view text);

// Tools that print doubles with printf or operator<< write a NaN or an
// infinity as a bare NaN, -NaN, Infinity, -Infinity (Google Benchmark) or nan,
// -nan, inf, -inf (nanobench), which is not JSON. Returns the text with each
// such token outside strings quoted as "NaN", "Infinity" or "-Infinity" (which
// JsonReader::number reads), or nullopt when there was none (a large file is
// then not copied). Lines stay as they are; columns after a replacement on the
// same line move by two.
std::optional<std::string> quote_non_finite(std::string_view text);

// `text` for a one-line message: control characters escaped ("\n"), cut to
// about 80 bytes (at a UTF-8 boundary) with "..." after.
std::string shown(std::string_view text);

// A metric given only as a summary becomes one sample (the summary's mean),
// carried by the first successful repetition at or after `first` that lacks
// it (or a new repetition); b.summaries is emptied. For tools that print one
// figure per benchmark per invocation, when several invocations are read.
void summaries_to_samples(BenchmarkResult& b, std::size_t first);

// The same benchmark again from another invocation of the tool (appended JSON
// Lines, concatenated console output): its samples become more repetitions of
// `into`, and each invocation's summaries one sample each.
void fold_invocation(BenchmarkResult& into, BenchmarkResult&& again);

// Whether `text` has a member `"key": <open>...` (`open` is '{', '[' or
// '"'): a key, not a string value that happens to read the same, for detect().
bool has_member(std::string_view text, std::string_view key, char open);

// The first non-blank character of the content, or '\0' (for detect()).
char first_non_blank(std::string_view content);


// Compact JSON text of a value, for BenchmarkResult::context and
// Parsed::context_json (UTF-8 kept; invalid bytes become U+FFFD).
std::string json_text(const json& v);

// The benchmark named `name` in `parsed`, added at the end when new.
BenchmarkResult& benchmark_named(Parsed& parsed, const std::string& name);

// Adds `info` to b.metrics unless a metric of that name is there already.
void add_metric(BenchmarkResult& b, const MetricInfo& info);

// Nanoseconds in one `unit` for "ns", "us", "µs", "ms", "s"; nullopt otherwise.
std::optional<double> ns_per(std::string_view unit);

// A JsonReader for adapter inputs: messages start with the input's path, and
// a missing field says the file is not complete <tool> output.
class InputReader : public JsonReader {
 public:
  InputReader(const Input& input, const std::string& tool)
      : JsonReader(input.path, "the file is not complete " + tool +
                                   " output (docs/formats.md, \"Ingested formats\", lists "
                                   "the fields perfgate reads)") {}
};

}  // namespace perfgate::adapters
