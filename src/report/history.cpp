#include "report/history.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "report/csv_fields.hpp"
#include "report/quantity.hpp"
#include "report/table.hpp"

namespace perfgate {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

std::string short_commit(const std::string& c) { return c.empty() ? "-" : c.substr(0, 7); }

// The filters as the header says them: "branch main, machine 9f86d0, last 20".
std::string filters(const History& h) {
  std::string out = "branch " + (h.query.branch.empty() ? std::string("any") : h.query.branch);
  out += ", machine " + (h.query.host_prefix.empty() ? std::string("any") : h.query.host_prefix);
  if (h.query.last > 0) out += ", last " + std::to_string(h.query.last);
  return out;
}

// What the value column shows: the median, or a summary's own figure named.
std::string shown_value(const HistoryPoint& p, const std::string& unit) {
  if (!p.value) return "-";
  if (p.summary_only && !p.run.summary->median) return "mean " + format_quantity(p.value, unit);
  return format_quantity(p.value, unit);
}

std::string note(const HistoryPoint& p) {
  if (!p.gap.empty()) return p.gap;
  std::string out;
  if (p.summary_only) out = "summary statistics only (no samples)";
  if (p.run.failed > 0)
    out += (out.empty() ? "" : "; ") + std::to_string(p.run.failed) + " repetitions failed";
  return out;
}

json number_or_null(const std::optional<double>& x) {
  return x && std::isfinite(*x) ? json(*x) : json(nullptr);
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

std::string sparkline(const History& h) {
  std::optional<double> lo, hi;
  for (const auto& p : h.points) {
    if (!p.value) continue;
    lo = lo ? std::min(*lo, *p.value) : *p.value;
    hi = hi ? std::max(*hi, *p.value) : *p.value;
  }
  std::string out;
  for (const auto& p : h.points) {
    if (!p.value) {
      out += ' ';
      continue;
    }
    std::size_t level = 3;
    if (*hi > *lo)
      level = static_cast<std::size_t>(std::lround((*p.value - *lo) / (*hi - *lo) * 7));
    out += kLevels[std::min<std::size_t>(level, 7)];
  }
  return out;
}

void write_history_text(const History& h, std::ostream& out, bool color, std::size_t width) {
  const std::size_t gaps = static_cast<std::size_t>(
      std::count_if(h.points.begin(), h.points.end(), [](const auto& p) { return !p.value; }));
  out << h.benchmark << " " << h.metric.name << " ("
      << (h.metric.unit.empty() ? "" : h.metric.unit + ", ")
      << (h.metric.direction == Direction::lower_is_better ? "lower" : "higher")
      << " is better): " << h.points.size() << " runs"
      << (gaps ? " (" + std::to_string(gaps) + " without a value)" : "") << "; order "
      << to_string(h.order) << " (" << h.order_detail << "); " << filters(h) << "\n";
  out << sparkline(h) << "\n";
  TextTable table({"#", "commit", "branch", "started (UTC)", h.metric.name, "n", "change", "note"});
  table.align_right(0);
  table.align_right(4);
  table.align_right(5);
  table.align_right(6);
  table.droppable(7);
  table.droppable(2);
  for (const auto& p : h.points) {
    std::string change_color;
    if (p.change && std::abs(*p.change) >= 0.05) {
      const bool worse = (*p.change > 0) == (h.metric.direction == Direction::lower_is_better);
      change_color = worse ? "31" : "32";
    }
    table.add_row({{std::to_string(p.run.store_id), ""},
                   {short_commit(p.run.git_commit), ""},
                   {p.run.git_branch.empty() ? "-" : p.run.git_branch, ""},
                   {p.run.started_at, ""},
                   {shown_value(p, h.metric.unit), ""},
                   {std::to_string(p.n), ""},
                   {p.change ? format_change(*p.change) : "", change_color},
                   {note(p), p.gap.empty() ? "" : "1;35"}});
  }
  table.write(out, color, width);
  out << "Each value is the median of the run's successful repetitions (n of them); change is "
         "against the previous run with a value. Oldest first; # is the store id.\n";
}

void write_history_json(const History& h, std::ostream& out) {
  json doc;
  doc["benchmark"] = h.benchmark;
  doc["metric"] = h.metric.name;
  doc["unit"] = h.metric.unit;
  doc["direction"] = std::string(to_string(h.metric.direction));
  doc["order"] = std::string(to_string(h.order));
  doc["order_detail"] = h.order_detail;
  doc["filters"] = {{"branch", text_or_null(h.query.branch)},
                    {"machine", text_or_null(h.query.host_prefix)},
                    {"last", h.query.last > 0 ? json(h.query.last) : json(nullptr)}};
  doc["method"] = "median of each run's successful repetitions";
  json points = json::array();
  for (const auto& p : h.points) {
    points.push_back(
        {{"store_id", p.run.store_id},
         {"run_id", p.run.run_id},
         {"started_at", p.run.started_at},
         {"git_commit", p.run.git_commit},
         {"git_branch", p.run.git_branch},
         {"host_id", p.run.host_id},
         {"value", number_or_null(p.value)},
         {"n", p.n},
         {"failed", p.run.failed},
         {"median",
          number_or_null(p.summary_only && p.run.summary ? p.run.summary->median : p.value)},
         {"mean", number_or_null(p.mean)},
         {"stddev", number_or_null(p.stddev)},
         {"mad", number_or_null(p.mad)},
         {"min", number_or_null(p.min)},
         {"max", number_or_null(p.max)},
         {"summary_only", p.summary_only},
         {"change", number_or_null(p.change)},
         {"gap", text_or_null(p.gap)}});
  }
  doc["points"] = std::move(points);
  out << doc.dump(2) << "\n";
}

void write_history_csv(const History& h, std::ostream& out) {
  out << "benchmark,metric,unit,order,store_id,run_id,started_at,git_commit,git_branch,host_id,"
         "value,n,failed,median,mean,stddev,mad,min,max,summary_only,change,gap\n";
  for (const auto& p : h.points) {
    const std::optional<double> median =
        p.summary_only && p.run.summary ? p.run.summary->median : p.value;
    out << csv::field(h.benchmark) << ',' << csv::field(h.metric.name) << ','
        << csv::field(h.metric.unit) << ',' << to_string(h.order) << ',' << p.run.store_id << ','
        << csv::field(p.run.run_id) << ',' << csv::field(p.run.started_at) << ','
        << csv::field(p.run.git_commit) << ',' << csv::field(p.run.git_branch) << ','
        << csv::field(p.run.host_id) << ',' << csv::number(p.value) << ',' << p.n << ','
        << p.run.failed << ',' << csv::number(median) << ',' << csv::number(p.mean) << ','
        << csv::number(p.stddev) << ',' << csv::number(p.mad) << ',' << csv::number(p.min) << ','
        << csv::number(p.max) << ',' << (p.summary_only ? "true" : "false") << ','
        << csv::number(p.change) << ',' << csv::field(p.gap) << '\n';
  }
}

}  // namespace perfgate
