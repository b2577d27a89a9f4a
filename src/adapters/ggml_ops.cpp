// ggml's operator benchmarks: `test-backend-ops perf` (llama.cpp and ggml,
// tests/test-backend-ops.cpp) in its three outputs, each found by its content:
//   console (default)  "  MUL_MAT(type_a=f16,...):   744 runs -  1348.56 us/run -
//                       117.44 MFLOP/run -  87.09 GFLOPS" under "Backend 1/2: CUDA0"
//   --output sql       "INSERT INTO test_backend_ops (op_name, ...) VALUES ('...', ...);"
//   --output csv       a header naming its columns, then one quoted row per op
// Each op is measured once per invocation (the mean over `runs` executions
// of the op in one graph), so it becomes summaries; several invocations give
// one sample each (docs/formats.md, "Ingested formats").
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::ggml_ops {
namespace {

const MetricInfo kTime{"time", "ns", Direction::lower_is_better, true};
// Both are the op's size divided by its time: informative, not judged twice.
const MetricInfo kFlops{"flops", "GFLOP/s", Direction::higher_is_better, false};
const MetricInfo kBandwidth{"bandwidth", "B/s", Direction::higher_is_better, false};

// test-backend-ops divides bytes by 1024^3 and prints "GB/s".
constexpr double kBytesPerGiB = 1024.0 * 1024.0 * 1024.0;

// One op measured by one invocation, from any of the three outputs.
struct Figure {
  std::string name;  // "<backend>/<OP>(<params>)"
  bool ok = true;
  std::string failure;
  double time_ns = 0;
  std::optional<double> gflops;       // GFLOP/s
  std::optional<double> bytes_per_s;  // B/s
  int runs = 0;                       // executions the time is the mean of (0: not said)
  std::map<std::string, std::string> context;
};

std::string_view trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// `text` in quotes for a message: at most 40 bytes, control bytes as \xNN.
std::string quote_for_message(std::string_view text) {
  std::string out = "\"";
  for (const char c : text.substr(0, 40)) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[(c >> 4) & 0xf];
      out += hex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + (text.size() > 40 ? "...\"" : "\"");
}

// A plain non-negative decimal number, all of `text`.
std::optional<double> plain_number(std::string_view text) {
  double v = 0;
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
    return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// Gathers the figures of one file into benchmarks. Within one invocation a
// name printed twice (two test cases whose printed parameters are equal) is
// told apart as "<name> #2"; across invocations the same name is the same
// benchmark measured again.
class Collector {
 public:
  void new_invocation() { seen_.clear(); }
  bool empty() const { return parsed_.benchmarks.empty(); }
  int not_supported = 0;

  void add(Figure f) {
    const int k = ++seen_[f.name];
    if (k > 1) f.name += " #" + std::to_string(k);
    BenchmarkResult b;
    b.name = f.name;
    b.context = std::move(f.context);
    if (!f.ok) {
      Repetition r;
      r.ok = false;
      r.failure = std::move(f.failure);
      b.repetitions.push_back(std::move(r));
    } else {
      auto summary = [&](const MetricInfo& m, double mean) {
        add_metric(b, m);
        SampleSummary s;
        s.mean = mean;
        s.n = f.runs;  // back-to-back executions in one graph; no spread is printed
        b.summaries[m.name] = s;
      };
      summary(kTime, f.time_ns);
      if (f.gflops) summary(kFlops, *f.gflops);
      if (f.bytes_per_s) summary(kBandwidth, *f.bytes_per_s);
    }
    auto [it, fresh] = index_.emplace(b.name, parsed_.benchmarks.size());
    if (fresh) {
      parsed_.benchmarks.push_back(std::move(b));
    } else {
      fold_invocation(parsed_.benchmarks[it->second], std::move(b));
    }
  }

  Parsed finish(json context) {
    context["not_supported"] = not_supported;
    parsed_.context_json = json_text(context);
    return std::move(parsed_);
  }

 private:
  Parsed parsed_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, int> seen_;
};

// ------------------------------------------------------------------ console

// Lines of a text input with their byte offsets; "\r\n" endings allowed.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    f(text.substr(start, end - start), start);
    start = end + 1;
  }
}

// The line without ANSI colour codes ("\x1b[1;34m"), and for each kept byte
// its offset in the original line (for messages).
std::string strip_colour(std::string_view line, std::vector<std::size_t>& origin) {
  std::string out;
  origin.clear();
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\x1b') {
      if (i + 1 < line.size() && line[i + 1] == '[') {
        std::size_t j = i + 2;
        while (j < line.size() && !(line[j] >= '@' && line[j] <= '~')) ++j;
        i = j;  // the final byte too
      }
      continue;
    }
    out += line[i];
    origin.push_back(i);
  }
  return out;
}

// "Testing 2 devices" (or "backends", older): the start of an invocation.
bool is_testing_header(std::string_view s) {
  if (!s.starts_with("Testing ")) return false;
  std::size_t i = 8;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i > 8 && (s.substr(i) == " devices" || s.substr(i) == " backends");
}

// "Backend 1/2: CUDA0" (or "Backend 1/2 (CPU)", older): the backend of the lines below.
std::optional<std::string> backend_header(std::string_view s) {
  if (!s.starts_with("Backend ")) return std::nullopt;
  std::size_t i = 8;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '/')) ++i;
  if (i == 8) return std::nullopt;
  const std::string_view rest = s.substr(i);
  if (rest.starts_with(": ")) return std::string(trim(rest.substr(2)));
  if (rest.starts_with(" (") && rest.ends_with(")"))
    return std::string(rest.substr(2, rest.size() - 3));
  return std::nullopt;
}

// "MUL_MAT(...)": an op name (letters, digits, '_') and its parameters.
bool starts_with_op(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  return i > 0 && i < s.size() && s[i] == '(';
}

class ConsoleReader {
 public:
  explicit ConsoleReader(const Input& input) : input_(input) {}

  Parsed read() {
    bool results_in_invocation = false;
    std::vector<std::size_t> origin;
    for_each_line(input_.content, [&](std::string_view raw, std::size_t start) {
      const std::string clean = strip_colour(raw, origin);
      const std::string_view s = trim(clean);
      const std::size_t indent = s.empty() ? 0 : static_cast<std::size_t>(s.data() - clean.data());
      // Offset in the input of byte k of `s`.
      auto at = [&](std::size_t k) {
        const std::size_t i = indent + k;
        return start + (i < origin.size() ? origin[i] : raw.size());
      };
      if (is_testing_header(s)) {
        if (results_in_invocation) collector_.new_invocation();
        results_in_invocation = false;
        backend_.clear();
        return;
      }
      if (auto name = backend_header(s)) {
        backend_ = *name;
        device_.clear();
        return;
      }
      if (s.starts_with("Backend name: ")) {
        backend_ = std::string(trim(s.substr(14)));
        return;
      }
      if (s.starts_with("Device description: ")) {
        device_ = std::string(trim(s.substr(20)));
        return;
      }
      if (!starts_with_op(s)) return;
      // The op ends at the last "):" followed by a space or the end of the line.
      std::size_t colon = std::string_view::npos;
      for (std::size_t k = s.find("):"); k != std::string_view::npos; k = s.find("):", k + 1))
        if (k + 2 == s.size() || s[k + 2] == ' ') colon = k;
      if (colon == std::string_view::npos) return;
      const std::string_view op = s.substr(0, colon + 1);
      const std::size_t rest_at = colon + 2;
      const std::string_view rest = trim(s.substr(std::min(rest_at, s.size())));
      if (rest.find(" runs - ") != std::string_view::npos || rest.starts_with("runs - ")) {
        results_in_invocation = true;
        ++results_;
        collector_.add(perf_figure(op, s, rest_at, at));
        return;
      }
      if (rest.starts_with("not supported")) {
        ++collector_.not_supported;
        return;
      }
      // Correctness (test), support and grad modes' verdicts are not timings.
      if (rest.ends_with("OK") || rest.ends_with("FAIL") || rest.ends_with("SUPPORTED") ||
          rest.starts_with("skipping"))
        return;
      Figure f = named(op);
      f.ok = false;
      f.failure = rest.empty() ? "test-backend-ops printed no result for this op (did it crash?)"
                               : "test-backend-ops reported an error: " + std::string(rest);
      collector_.add(std::move(f));
    });
    if (results_ == 0) {
      throw input_error(input_.path +
                        ": holds no perf results (\"... runs - ... us/run - ...\" lines); "
                        "run test-backend-ops in perf mode: test-backend-ops perf");
    }
    return collector_.finish(json::object());
  }

 private:
  Figure named(std::string_view op) const {
    Figure f;
    f.name = backend_.empty() ? std::string(op) : backend_ + "/" + std::string(op);
    const std::size_t paren = op.find('(');
    if (!backend_.empty()) f.context["backend_name"] = json_text(backend_);
    f.context["op_name"] = json_text(std::string(op.substr(0, paren)));
    f.context["op_params"] = json_text(std::string(op.substr(paren + 1, op.size() - paren - 2)));
    if (!device_.empty()) f.context["device_description"] = json_text(device_);
    return f;
  }

  template <class At>
  [[noreturn]] void fail(At&& at, std::size_t k, const std::string& what) const {
    throw input_error(input_.path + ":" + line_column(input_.content, at(k)) + ": " + what +
                      "; a test-backend-ops perf line reads \"OP(params): N runs - T us/run - "
                      "S kB/run - B GB/s\" (or \"... F MFLOP/run - R GFLOPS\")");
  }

  // "744 runs -  1348.56 us/run - 117.44 MFLOP/run -  87.09 GFLOPS" or
  // "8192 runs -  517.90 us/run -  1200 kB/run -  2.21 GB/s", from byte
  // `from` of `s`.
  template <class At>
  Figure perf_figure(std::string_view op, std::string_view s, std::size_t from, At&& at) const {
    Figure f = named(op);
    std::vector<std::pair<std::string_view, std::size_t>> parts;  // text, offset in s
    std::size_t k = from;
    while (true) {
      const std::size_t sep = s.find(" - ", k);
      const std::string_view part = s.substr(k, sep == std::string_view::npos ? s.npos : sep - k);
      const std::string_view t = trim(part);
      parts.emplace_back(t, t.empty() ? k : static_cast<std::size_t>(t.data() - s.data()));
      if (sep == std::string_view::npos) break;
      k = sep + 3;
    }
    // "<number> <unit>" of part i; the caller checks the unit.
    auto value = [&](std::size_t i, const char* expected) -> std::pair<double, std::string_view> {
      if (i >= parts.size()) fail(at, s.size(), std::string("the line ends before ") + expected);
      const auto [text, offset] = parts[i];
      const std::size_t space = text.find(' ');
      const auto v = plain_number(text.substr(0, space));
      if (!v || space == std::string_view::npos) {
        fail(at, offset,
             "expected " + std::string(expected) + ", found " + quote_for_message(text));
      }
      return {*v, trim(text.substr(space + 1))};
    };
    const auto [runs, runs_unit] = value(0, "the number of runs (\"744 runs\")");
    if (runs_unit != "runs" || runs != std::floor(runs) || runs > 2e9)
      fail(at, parts[0].second, "expected the number of runs (\"744 runs\")");
    f.runs = static_cast<int>(runs);
    const auto [us, us_unit] = value(1, "the time per run (\"1348.56 us/run\")");
    if (us_unit != "us/run") fail(at, parts[1].second, "expected the time per run in us/run");
    f.time_ns = us * 1e3;
    const auto [size, size_unit] = value(2,
                                         "the work per run (\"117.44 MFLOP/run\" or "
                                         "\"1200 kB/run\")");
    const auto [rate, rate_unit] = value(3, "the rate (\"87.09 GFLOPS\" or \"2.21 GB/s\")");
    f.context["n_runs"] = json_text(f.runs);
    if (size_unit == "kB/run") {
      if (rate_unit != "GB/s") fail(at, parts[3].second, "expected the rate in GB/s after kB/run");
      f.context["memory_kb"] = json_text(std::llround(size));
      f.bytes_per_s = rate * kBytesPerGiB;
      return f;
    }
    const auto flop_prefix = [](std::string_view unit,
                                std::string_view tail) -> std::optional<double> {
      if (!unit.ends_with(tail)) return std::nullopt;
      const std::string_view p = unit.substr(0, unit.size() - tail.size());
      if (p.empty()) return 1.0;
      if (p == "k") return 1e3;
      if (p == "M") return 1e6;
      if (p == "G") return 1e9;
      if (p == "T") return 1e12;
      if (p == "P") return 1e15;
      return std::nullopt;
    };
    const auto per_run = flop_prefix(size_unit, "FLOP/run");
    if (!per_run) fail(at, parts[2].second, "expected the work per run in kB/run or FLOP/run");
    const auto per_second = flop_prefix(rate_unit, "FLOPS");
    if (!per_second) fail(at, parts[3].second, "expected the rate in FLOPS after FLOP/run");
    f.context["flop_per_run"] = json_text(std::llround(size * *per_run));
    f.gflops = rate * *per_second / 1e9;
    return f;
  }

  const Input& input_;
  Collector collector_;
  std::string backend_, device_;
  int results_ = 0;
};

// --------------------------------------------------------------- SQL and CSV

// One row of the SQL or CSV output: values by column name, with the byte
// offset of each value for messages.
struct Cell {
  std::string text;
  std::size_t offset = 0;
};
using Columns = std::unordered_map<std::string, Cell>;

bool truthy(const std::string& v) { return v != "0" && v != "false" && v != "no" && !v.empty(); }

// The columns test-backend-ops writes that are the figure itself or the build.
bool is_measure_column(const std::string& c) {
  return c == "time_us" || c == "flops" || c == "bandwidth_gb_s" || c == "build_commit";
}

class TableReader {
 public:
  explicit TableReader(const Input& input) : input_(input) {}

  [[noreturn]] void fail(std::size_t offset, const std::string& what) const {
    throw input_error(input_.path + ":" + line_column(input_.content, offset) + ": " + what);
  }

  // One row (a perf row, or one to skip).
  void add(const Columns& row, std::size_t row_offset) {
    auto get = [&](const char* c) -> const Cell* {
      auto it = row.find(c);
      return it == row.end() ? nullptr : &it->second;
    };
    auto need = [&](const char* c) -> const Cell& {
      const Cell* cell = get(c);
      if (!cell) {
        fail(row_offset, std::string("no ") + c +
                             " column; test-backend-ops perf --output sql writes test_time, "
                             "build_commit, backend_name, op_name, op_params, test_mode, "
                             "supported, passed, error_message, time_us, flops, bandwidth_gb_s, "
                             "memory_kb, n_runs");
      }
      return *cell;
    };
    const Cell* mode = get("test_mode");
    if (mode && mode->text != "perf") return;  // correctness and support rows carry no timing
    const Cell& backend = need("backend_name");
    const Cell& op = need("op_name");
    const Cell& params = need("op_params");
    const Cell* supported = get("supported");
    if (supported && !truthy(supported->text)) {
      ++collector_.not_supported;
      return;
    }
    Figure f;
    f.name = backend.text + "/" + op.text + "(" + params.text + ")";
    for (const auto& [column, cell] : row) {
      if (is_measure_column(column)) continue;
      const auto n = plain_number(cell.text);
      const bool whole = (column == "n_runs" || column == "memory_kb") && n && *n == std::floor(*n);
      f.context[column] = whole ? json_text(static_cast<std::uint64_t>(*n)) : json_text(cell.text);
    }
    if (const Cell* build = get("build_commit")) {
      if (!build_commit_) build_commit_ = build->text;
      if (build->text != *build_commit_) f.context["build_commit"] = json_text(build->text);
    }
    const Cell* passed = get("passed");
    if (passed && !truthy(passed->text)) {
      const Cell* message = get("error_message");
      f.ok = false;
      f.failure =
          "test-backend-ops reported an error: " +
          (message && !message->text.empty() ? message->text : std::string("the op failed"));
      collector_.add(std::move(f));
      ++results_;
      return;
    }
    const Cell& time = need("time_us");
    const auto us = plain_number(time.text);
    if (!us)
      fail(time.offset,
           "time_us: expected a number of microseconds, found " + quote_for_message(time.text));
    f.time_ns = *us * 1e3;
    auto number = [&](const char* c) -> std::optional<double> {
      const Cell* cell = get(c);
      if (!cell) return std::nullopt;
      const auto v = plain_number(cell->text);
      if (!v)
        fail(cell->offset,
             std::string(c) + ": expected a number, found " + quote_for_message(cell->text));
      return v;
    };
    const auto flops = number("flops");               // FLOP/s
    const auto gib_per_s = number("bandwidth_gb_s");  // GiB/s, despite its name
    if (flops && *flops > 0) {
      f.gflops = *flops / 1e9;
    } else if (gib_per_s) {
      f.bytes_per_s = *gib_per_s * kBytesPerGiB;
    }
    if (const auto runs = number("n_runs"); runs && *runs <= 2e9) f.runs = static_cast<int>(*runs);
    collector_.add(std::move(f));
    ++results_;
  }

  void new_invocation() { collector_.new_invocation(); }

  Parsed finish(const char* how) {
    if (results_ == 0) {
      throw input_error(input_.path + ": holds no perf results (no row with test_mode perf); " +
                        how);
    }
    json context = json::object();
    if (build_commit_) context["build_commit"] = *build_commit_;
    return collector_.finish(std::move(context));
  }

 private:
  const Input& input_;
  Collector collector_;
  std::optional<std::string> build_commit_;  // the first row's; a row that differs keeps its own
  int results_ = 0;
};

constexpr std::string_view kInsert = "INSERT INTO test_backend_ops";
constexpr std::string_view kCreate = "CREATE TABLE IF NOT EXISTS test_backend_ops";

// `INSERT INTO test_backend_ops (a, b) VALUES ('x', 'y');`, one per line.
Parsed read_sql(const Input& input) {
  TableReader table(input);
  bool in_create = false;
  for_each_line(input.content, [&](std::string_view line, std::size_t start) {
    const std::string_view s = trim(line);
    if (s.starts_with(kCreate)) {
      table.new_invocation();
      in_create = s.find(");") == std::string_view::npos;
      return;
    }
    if (in_create) {
      in_create = s != ");";
      return;
    }
    if (!s.starts_with(kInsert)) return;  // other lines the program printed
    const std::size_t base = start + static_cast<std::size_t>(s.data() - line.data());
    std::size_t i = kInsert.size();
    auto skip_space = [&] {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    };
    auto expect = [&](char c, const char* what) {
      skip_space();
      if (i >= s.size() || s[i] != c)
        table.fail(base + i, std::string("expected ") + what +
                                 "; test-backend-ops --output sql writes INSERT INTO "
                                 "test_backend_ops (columns) VALUES ('values');");
      ++i;
    };
    expect('(', "'(' and the column names");
    std::vector<std::string> columns;
    const std::size_t close = s.find(')', i);
    if (close == std::string_view::npos)
      table.fail(base + s.size(), "expected ')' after the column names");
    std::string_view names = s.substr(i, close - i);
    while (true) {
      const std::size_t comma = names.find(',');
      columns.emplace_back(trim(names.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      names.remove_prefix(comma + 1);
    }
    i = close + 1;
    skip_space();
    if (s.substr(i, 6) != "VALUES") table.fail(base + i, "expected VALUES after the column names");
    i += 6;
    expect('(', "'(' and the values");
    Columns row;
    for (std::size_t c = 0;; ++c) {
      skip_space();
      Cell cell;
      cell.offset = base + i;
      if (i < s.size() && s[i] == '\'') {
        ++i;
        while (true) {
          if (i >= s.size())
            table.fail(base + s.size(), "the quoted value does not end on this line");
          if (s[i] == '\'') {
            if (i + 1 < s.size() && s[i + 1] == '\'') {
              cell.text += '\'';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          cell.text += s[i++];
        }
      } else {
        const std::size_t stop = s.find_first_of(",)", i);
        if (stop == std::string_view::npos)
          table.fail(base + s.size(), "expected ',' or ')' after the value");
        cell.text = std::string(trim(s.substr(i, stop - i)));
        i = stop;
      }
      if (c >= columns.size())
        table.fail(cell.offset, "more values than the " + std::to_string(columns.size()) +
                                    " columns named before VALUES");
      row[columns[c]] = std::move(cell);
      skip_space();
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      expect(')', "',' or ')' after the value");
      break;
    }
    if (row.size() != columns.size())
      table.fail(base + i, std::to_string(row.size()) + " values for the " +
                               std::to_string(columns.size()) + " columns named before VALUES");
    table.add(row, base);
  });
  return table.finish("run test-backend-ops perf --output sql");
}

// One CSV record of `line` (quoted fields with "" for a quote); throws on an
// unterminated quote.
std::vector<Cell> csv_fields(const TableReader& table, std::string_view line, std::size_t start) {
  std::vector<Cell> out;
  std::size_t i = 0;
  while (true) {
    Cell cell;
    cell.offset = start + i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) table.fail(cell.offset, "the quoted field does not end on this line");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cell.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell.text += line[i++];
      }
      if (i < line.size() && line[i] != ',' && line[i] != '\r')
        table.fail(start + i, "expected ',' after the quoted field");
    } else {
      const std::size_t stop = line.find(',', i);
      cell.text =
          std::string(trim(line.substr(i, stop == std::string_view::npos ? line.npos : stop - i)));
      i = stop == std::string_view::npos ? line.size() : stop;
    }
    out.push_back(std::move(cell));
    if (i < line.size() && line[i] == ',') {
      ++i;
      continue;
    }
    break;
  }
  return out;
}

Parsed read_csv(const Input& input) {
  TableReader table(input);
  std::vector<std::string> header;
  std::string header_line;
  for_each_line(input.content, [&](std::string_view line, std::size_t start) {
    if (trim(line).empty()) return;
    if (header.empty() || trim(line) == header_line) {  // a repeated header: another invocation
      if (!header.empty()) table.new_invocation();
      header_line = std::string(trim(line));
      header.clear();
      for (Cell& c : csv_fields(table, line, start)) header.push_back(std::move(c.text));
      if (std::find(header.begin(), header.end(), "time_us") == header.end()) {
        table.fail(start,
                   "has no time_us column: test-backend-ops --output csv writes which ops "
                   "are supported, not their timings; use its console output "
                   "(test-backend-ops perf) or --output sql");
      }
      return;
    }
    std::vector<Cell> fields = csv_fields(table, line, start);
    if (fields.size() != header.size()) {
      table.fail(start, "has " + std::to_string(fields.size()) + " fields but the header has " +
                            std::to_string(header.size()));
    }
    Columns row;
    for (std::size_t c = 0; c < fields.size(); ++c) row[header[c]] = std::move(fields[c]);
    table.add(row, start);
  });
  return table.finish("run test-backend-ops perf --output sql");
}

// The first line that is not blank.
std::string_view first_line(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(start, end - start));
    if (!line.empty()) return line;
    start = end + 1;
  }
  return {};
}

bool is_csv(std::string_view content) {
  const std::string_view head = first_line(content.substr(0, 1 << 16));
  return head.find("op_name") != std::string_view::npos &&
         head.find("op_params") != std::string_view::npos &&
         head.find("backend_name") != std::string_view::npos && head.find(',') != head.npos;
}

bool is_sql(std::string_view head) {
  return head.find(kInsert) != std::string_view::npos ||
         head.find(kCreate) != std::string_view::npos;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory) return Match::no;
  const std::string_view head = std::string_view(input.content).substr(0, 1 << 16);
  if (is_sql(head) || is_csv(head)) return Match::yes;
  bool testing = false;
  std::size_t start = 0;
  while (start < head.size()) {
    std::size_t end = head.find('\n', start);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(start, end - start);
    if (line.find(" runs - ") != std::string_view::npos &&
        line.find(" us/run - ") != std::string_view::npos && line.find("):") != line.npos)
      return Match::yes;
    testing = testing || is_testing_header(trim(line));
    start = end + 1;
  }
  return testing ? Match::maybe : Match::no;
}

Parsed read(const Input& input) {
  if (input.is_directory) {
    throw input_error(input.path +
                      ": is a folder; expected test-backend-ops perf output (the "
                      "console text, --output sql or --output csv)");
  }
  const std::string_view head = std::string_view(input.content).substr(0, 1 << 16);
  if (is_sql(head)) return read_sql(input);
  if (is_csv(head)) return read_csv(input);
  return ConsoleReader(input).read();
}

}  // namespace perfgate::adapters::ggml_ops
