// A generic CSV of benchmark results (docs/formats.md, "Ingested formats"), for harnesses
// perfgate has no adapter for: a header row names the columns, and each later
// row is one sample of one metric of one benchmark:
//
//   benchmark,metric,value,unit,direction
//   sort/1k,time,812.5,ns,
//   sort/1k,throughput,1.23e6,items/s,higher
//
// Columns are found by name (case-insensitive), never by position; columns
// perfgate does not know are kept as the benchmark's context. The k-th row of
// a benchmark's metric is that metric's value in repetition k. Quoting follows
// RFC 4180 ("a, b", "" for a quote, CRLF or LF line ends).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"
#include "model/units.hpp"

namespace perfgate::adapters::csv {
namespace {

constexpr std::string_view kColumnsFix =
    "the first row must name the columns benchmark, metric, value, unit (direction and error "
    "are optional; docs/formats.md, \"Ingested formats\", describes them)";

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One cell of a record, with the place its content starts (1-based).
struct Cell {
  std::string text;
  std::size_t line = 0;
  std::size_t column = 0;
};

// Reads RFC 4180 records one at a time. Unquoted cells lose surrounding spaces
// and tabs; quoted cells are kept exactly (spaces around the quotes are
// allowed). Lines that hold only white space are skipped.
class RecordReader {
 public:
  RecordReader(std::string_view text, const std::string& path) : text_(text), path_(path) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
  }

  // The next record into `cells`; false at the end of the input.
  bool next(std::vector<Cell>& cells) {
    cells.clear();
    skip_blank_lines();
    if (pos_ >= text_.size()) return false;
    while (true) {
      cells.push_back(read_cell());
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_++];
      if (c == '\n') {
        new_line();
        return true;
      }
      // Otherwise a comma: another cell follows (possibly empty, at the end).
    }
  }

 private:
  void new_line() {
    ++line_;
    line_start_ = pos_;
  }

  void skip_blank_lines() {
    while (pos_ < text_.size()) {
      std::size_t p = pos_;
      while (p < text_.size() && (is_blank(text_[p]) || text_[p] == '\r')) ++p;
      if (p < text_.size() && text_[p] != '\n') return;
      pos_ = p < text_.size() ? p + 1 : p;
      if (p < text_.size()) new_line();
    }
  }

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& what) const {
    throw input_error(path_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                      what);
  }

  // Leaves pos_ on the comma or newline that ends the cell, or at the end.
  Cell read_cell() {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
    Cell cell;
    cell.line = line_;
    cell.column = pos_ - line_start_ + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) {
          fail(cell.line, cell.column,
               "quoted cell is not closed; end it with a double quote (write \"\" for a quote "
               "inside a quoted cell)");
        }
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            cell.text += '"';
            ++pos_;
            continue;
          }
          break;
        }
        cell.text += c;
        if (c == '\n') new_line();
      }
      while (pos_ < text_.size() && (is_blank(text_[pos_]) || text_[pos_] == '\r')) ++pos_;
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') {
        fail(line_, pos_ - line_start_ + 1,
             "unexpected text after a quoted cell; put a comma after the closing quote, or "
             "write \"\" for a quote inside the cell");
      }
      return cell;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
    cell.text = std::string(trim(text_.substr(start, pos_ - start)));
    return cell;
  }

  std::string_view text_;
  const std::string& path_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
};

// A plain decimal or exponent number ("812.5", "-3", "1.2e-6"), finite.
std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Where each known column is; every other column is context.
struct Columns {
  std::size_t benchmark = 0, metric = 0, value = 0, unit = 0;
  std::optional<std::size_t> direction, error;
  std::vector<std::size_t> extra;
};

Columns find_columns(const std::vector<Cell>& header, const std::string& path) {
  std::unordered_map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const Cell& h = header[i];
    const std::string at = path + ":" + std::to_string(h.line) + ":" + std::to_string(h.column);
    if (trim(h.text).empty()) {
      throw input_error(at + ": column " + std::to_string(i + 1) +
                        " of the header has no name; name every column (or remove a trailing "
                        "comma)");
    }
    const auto [it, fresh] = by_name.emplace(lower_ascii(trim(h.text)), i);
    if (!fresh) {
      throw input_error(at + ": column \"" + shown(h.text) +
                        "\" appears twice in the header (columns " +
                        std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                        "); name each column once");
    }
  }
  auto required = [&](const char* name) {
    const auto it = by_name.find(name);
    if (it == by_name.end()) {
      std::string hint;
      if (header.size() == 1 && (header[0].text.find(';') != std::string::npos ||
                                 header[0].text.find('\t') != std::string::npos))
        hint = " (cells must be separated by commas)";
      throw input_error(path + ":" + std::to_string(header[0].line) + ":1: the header has no \"" +
                        name + "\" column" + hint + "; " + std::string(kColumnsFix));
    }
    return it->second;
  };
  Columns c;
  c.benchmark = required("benchmark");
  c.metric = required("metric");
  c.value = required("value");
  c.unit = required("unit");
  if (auto it = by_name.find("direction"); it != by_name.end()) c.direction = it->second;
  if (auto it = by_name.find("error"); it != by_name.end()) c.error = it->second;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i != c.benchmark && i != c.metric && i != c.value && i != c.unit && c.direction != i &&
        c.error != i)
      c.extra.push_back(i);  // context, under the name as written
  }
  return c;
}

// What the rows so far said about one metric of one benchmark.
struct MetricState {
  std::string unit;  // as written in the first row
  std::size_t unit_line = 0;
  std::optional<Direction> direction;  // given explicitly
  std::size_t direction_line = 0;
  double to_canonical = 1;  // factor into the stored unit ("ms" -> 1e6 ns)
  std::string stored_unit;  // "ns" for times, else as written
};

struct BenchmarkState {
  std::size_t index = 0;  // into Parsed::benchmarks
  std::unordered_map<std::string, MetricState> metrics;
  std::vector<std::string> metric_order;
  // Rows seen per metric, error rows included: the next row is repetition rows[m].
  std::unordered_map<std::string, int> rows;
  std::map<int, std::string> failures;  // repetition -> what the error cells said
  std::map<std::string, std::vector<std::string>> context;  // column -> distinct values
};

std::string place(const std::string& path, const Cell& c) {
  return path + ":" + std::to_string(c.line) + ":" + std::to_string(c.column);
}

Repetition& repetition_at(BenchmarkResult& b, int k) {
  while (static_cast<int>(b.repetitions.size()) <= k) {
    b.repetitions.emplace_back();
    b.repetitions.back().index = static_cast<int>(b.repetitions.size()) - 1;
  }
  return b.repetitions[static_cast<std::size_t>(k)];
}

Direction default_direction(std::string_view unit) {
  const Dimension d = unit_info(unit).dimension;
  return d == Dimension::rate || d == Dimension::byte_rate ? Direction::higher_is_better
                                                           : Direction::lower_is_better;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory) return Match::no;
  std::string_view text = input.content;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // The first non-blank line is the header.
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return Match::no;
  while (start > 0 && text[start - 1] != '\n') --start;
  std::string_view line = text.substr(start, 65536);
  line = line.substr(0, line.find('\n'));
  bool benchmark = false, metric = false, value = false;
  while (true) {
    const std::size_t comma = line.find(',');
    std::string_view cell = trim(line.substr(0, comma));
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
      cell = cell.substr(1, cell.size() - 2);
    const std::string name = lower_ascii(trim(cell));
    benchmark |= name == "benchmark";
    metric |= name == "metric";
    value |= name == "value";
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  return benchmark && metric && value ? Match::yes : Match::no;
}

Parsed read(const Input& input) {
  const std::string& path = input.path;
  if (input.is_directory) {
    throw input_error(path + ": is a folder; the csv format reads one CSV file");
  }
  RecordReader reader(input.content, path);
  std::vector<Cell> header;
  if (!reader.next(header)) {
    throw input_error(path + ": empty; expected a CSV file whose " + std::string(kColumnsFix));
  }
  const Columns cols = find_columns(header, path);

  Parsed parsed;
  std::unordered_map<std::string, BenchmarkState> states;
  std::vector<Cell> row;
  while (reader.next(row)) {
    if (row.size() != header.size()) {
      throw input_error(path + ":" + std::to_string(row.front().line) + ":1: this row has " +
                        std::to_string(row.size()) + " cells but the header has " +
                        std::to_string(header.size()) +
                        "; give every row one cell per column (quote cells that hold commas)");
    }
    const Cell& name = row[cols.benchmark];
    const Cell& metric = row[cols.metric];
    if (name.text.empty())
      throw input_error(place(path, name) +
                        ": benchmark is empty; name the benchmark in every row");
    if (metric.text.empty())
      throw input_error(place(path, metric) + ": metric is empty; name the metric in every row");

    auto [it, fresh] = states.try_emplace(name.text);
    BenchmarkState& st = it->second;
    if (fresh) {
      st.index = parsed.benchmarks.size();
      parsed.benchmarks.emplace_back();
      parsed.benchmarks.back().name = name.text;
    }
    BenchmarkResult& b = parsed.benchmarks[st.index];
    for (std::size_t i : cols.extra) {
      const std::string& v = row[i].text;
      if (v.empty()) continue;
      auto& seen = st.context[std::string(trim(header[i].text))];
      if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    }

    int& k = st.rows[metric.text];
    if (cols.error && !row[*cols.error].text.empty()) {
      // A failure of the repetition this row would have filled.
      std::string& why = st.failures[k++];
      why += (why.empty() ? "" : "; ") + row[*cols.error].text;
      continue;
    }

    const Cell& value_cell = row[cols.value];
    if (value_cell.text.empty()) {
      throw input_error(place(path, value_cell) +
                        ": value is empty; write the measured number, or describe the failure "
                        "in an error column");
    }
    const std::optional<double> value = parse_number(value_cell.text);
    if (!value) {
      throw input_error(place(path, value_cell) + ": value \"" + shown(value_cell.text) +
                        "\" is not a number; write a finite decimal number such as 812.5 or "
                        "1.2e-6");
    }
    const Cell& unit = row[cols.unit];
    std::optional<Direction> direction;
    if (cols.direction && !row[*cols.direction].text.empty()) {
      const Cell& d = row[*cols.direction];
      direction = parse_direction(lower_ascii(d.text));
      if (!direction) {
        throw input_error(place(path, d) + ": direction \"" + shown(d.text) +
                          "\" is neither lower nor higher; write lower or higher, or leave the "
                          "cell empty to take it from the unit");
      }
    }

    auto [mit, new_metric] = st.metrics.try_emplace(metric.text);
    MetricState& ms = mit->second;
    if (new_metric) {
      st.metric_order.push_back(metric.text);
      ms.unit = unit.text;
      ms.unit_line = unit.line;
      ms.stored_unit = unit.text;
      if (const auto info = parse_unit(unit.text); info && info->dimension == Dimension::time) {
        ms.to_canonical = info->factor;
        ms.stored_unit = "ns";
      }
    } else if (unit.text != ms.unit) {
      throw input_error(place(path, unit) + ": unit \"" + shown(unit.text) + "\" differs from \"" +
                        shown(ms.unit) + "\" that line " + std::to_string(ms.unit_line) +
                        " gives benchmark \"" + shown(name.text) + "\" metric \"" +
                        shown(metric.text) + "\"; write every row of one metric in the same unit");
    }
    if (direction) {
      if (ms.direction && *ms.direction != *direction) {
        throw input_error(place(path, row[*cols.direction]) + ": direction \"" +
                          std::string(to_string(*direction)) + "\" differs from \"" +
                          std::string(to_string(*ms.direction)) + "\" that line " +
                          std::to_string(ms.direction_line) + " gives benchmark \"" +
                          shown(name.text) + "\" metric \"" + shown(metric.text) +
                          "\"; give one direction per metric (or leave the cells empty)");
      }
      ms.direction = direction;
      ms.direction_line = row[*cols.direction].line;
    }
    repetition_at(b, k++).values[metric.text] = *value * ms.to_canonical;
  }

  for (auto& [name, st] : states) {
    BenchmarkResult& b = parsed.benchmarks[st.index];
    for (const std::string& m : st.metric_order) {
      const MetricState& ms = st.metrics.at(m);
      add_metric(b, {m, ms.stored_unit, ms.direction.value_or(default_direction(ms.unit)), true});
    }
    for (const auto& [k, why] : st.failures) {
      Repetition& r = repetition_at(b, k);
      r.ok = false;
      r.failure = "csv reported an error: " + why;
      r.values.clear();
    }
    for (const auto& [column, values] : st.context) {
      b.context[column] = values.size() == 1 ? json_text(values.front()) : json_text(values);
    }
  }
  return parsed;
}

}  // namespace perfgate::adapters::csv
