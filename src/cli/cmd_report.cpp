// perfgate report --html DIR [BASE CONTENDER]: writes DIR/index.html (the
// comparison of two runs) and DIR/history.html (the last N stored runs of the
// contender's suite), two self-contained pages that link to each other.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "analyze/compare.hpp"
#include "cli/common.hpp"
#include "cli/run_arg.hpp"
#include "model/error.hpp"
#include "report/html.hpp"

namespace perfgate::cli {
namespace {

namespace fs = std::filesystem;

struct HtmlReportArgs {
  CommonOptions common;
  std::string html_dir;
  std::string base, contender;
  int last = 30;
  std::string threshold;
};

// The comparison's two runs, as the user referred to them.
struct Sides {
  Run base, contender;
  std::string base_label, contender_label;
};

// Creates DIR when missing and checks that files can be made in it, so that
// the pages never fail half-written after the runs were loaded.
void prepare_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw input_error("--html " + dir + ": cannot create the folder (" +
                      (ec ? ec.message() : "a file of that name exists") +
                      "); choose another folder");
  if (access(dir.c_str(), W_OK) != 0)
    throw input_error("--html " + dir + ": the folder is not writable; choose another folder");
}

std::unique_ptr<Store>& open_if_needed(std::unique_ptr<Store>& store, const CommonOptions& c) {
  if (!store) store = open_store(c.store_url, /*create_if_missing=*/false);
  return store;
}

// The stored runs of `suite`, newest first, at most `limit`.
std::vector<StoredRunSummary> runs_of_suite(Store& store, const std::string& suite, int limit) {
  std::vector<StoredRunSummary> out;
  for (auto& s : store.list(0)) {
    if (s.suite_name != suite) continue;
    out.push_back(std::move(s));
    if (static_cast<int>(out.size()) == limit) break;
  }
  return out;
}

Run load_stored(Store& store, const StoredRunSummary& s) {
  std::optional<Run> run = store.load(s.id);
  if (!run)
    throw input_error("run #" + std::to_string(s.id) + " is listed in " + store.describe() +
                      " but cannot be read back; check the store");
  return std::move(*run);
}

// Without BASE and CONTENDER: the two newest stored runs of the newest run's
// suite (not merely the two newest runs, which may be of different suites and
// have nothing in common). nullopt when that suite has only one run.
std::optional<Sides> default_sides(Store& store) {
  std::vector<StoredRunSummary> all = store.list(0);
  if (all.empty())
    throw input_error("the store " + store.describe() +
                      " holds no runs yet; run `perfgate run SUITE` or `perfgate ingest` first, "
                      "or give BASE and CONTENDER result files");
  std::vector<StoredRunSummary> two = runs_of_suite(store, all.front().suite_name, 2);
  if (two.size() < 2) return std::nullopt;
  Sides s;
  s.contender = load_stored(store, two[0]);
  s.base = load_stored(store, two[1]);
  s.contender_label = "latest";
  s.base_label = two[1].id == all[1].id ? "latest~1" : std::to_string(two[1].id);
  return s;
}

Comparison compare_sides(const Sides& s, const HtmlReportArgs& a) {
  return compare_runs(s.base, s.base_label, s.contender, s.contender_label,
                      compare_options(a.threshold));
}

// The last `count` stored runs of `suite`, oldest first.
std::vector<Run> history_runs(Store& store, const std::string& suite, int count) {
  std::vector<Run> runs;
  for (const auto& s : runs_of_suite(store, suite, count)) runs.push_back(load_stored(store, s));
  std::reverse(runs.begin(), runs.end());
  return runs;
}

int report_verb(const HtmlReportArgs& a) {
  if (a.base.empty() != a.contender.empty())
    throw input_error(
        "perfgate report: give both BASE and CONTENDER, or neither (then the two "
        "newest stored runs of the latest suite are compared)");
  prepare_dir(a.html_dir);

  std::unique_ptr<Store> store;
  std::optional<Sides> sides;
  if (!a.base.empty()) {
    Sides s;
    s.base = load_run_arg(a.base, a.common, store);
    s.contender = load_run_arg(a.contender, a.common, store);
    s.base_label = a.base;
    s.contender_label = a.contender;
    sides = std::move(s);
  } else {
    sides = default_sides(*open_if_needed(store, a.common));
  }
  std::optional<Comparison> comparison;
  if (sides) comparison = compare_sides(*sides, a);

  // History needs the store. Result files compared without one still get
  // their comparison page, and the reason there is no history is said.
  std::vector<Run> history;
  std::string suite, no_history;
  if (!store) {
    try {
      open_if_needed(store, a.common);
    } catch (const Error& e) {
      no_history = e.what();
    }
  }
  if (store) {
    suite = sides ? sides->contender.suite_name : store->list(1).front().suite_name;
    history = history_runs(*store, suite, a.last);
    if (history.empty())
      no_history = store->describe() + " holds no runs of suite \"" + suite + "\"";
  }

  const fs::path dir(a.html_dir);
  const std::string index_path = (dir / "index.html").string();
  const std::string history_path = (dir / "history.html").string();
  std::string said = "wrote ";
  if (comparison) {
    std::vector<HtmlLink> nav;
    if (!history.empty()) nav.push_back({"history.html", "history of " + suite});
    write_output(index_path,
                 [&](std::ostream& out) { write_comparison_html(*comparison, out, nav); });
    said += index_path + " (comparison, " + std::to_string(comparison->verdicts.size()) +
            (comparison->verdicts.size() == 1 ? " chart)" : " charts)");
  }
  if (!history.empty()) {
    std::vector<HtmlLink> nav;
    if (comparison) nav.push_back({"index.html", "comparison"});
    std::size_t series = 0;
    write_output(history_path,
                 [&](std::ostream& out) { series = write_history_html(history, out, nav); });
    said += std::string(comparison ? " and " : "") + history_path + " (" + std::to_string(series) +
            " series over " + std::to_string(history.size()) +
            (history.size() == 1 ? " run)" : " runs)");
  }
  if (!a.common.quiet) {
    std::cerr << "perfgate: " << said << "\n";
    if (!comparison)
      std::cerr << "perfgate: no comparison: suite \"" << suite
                << "\" has only one stored run; run it again, or give BASE and CONTENDER\n";
    if (history.empty()) std::cerr << "perfgate: no history: " << no_history << "\n";
  }
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<HtmlReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write reports to a folder. --html DIR: DIR/index.html compares BASE and CONTENDER (default: "
      "the two newest stored runs of the latest suite); DIR/history.html charts the last N stored "
      "runs of the contender's suite. Self-contained pages: no script, no network");
  cmd->add_option("--html", args->html_dir, "The folder to write the HTML pages into")->required();
  cmd->add_option("base", args->base,
                  "The run compared against: a result file or a stored run (latest~1, a store "
                  "id, commit:SHA, branch:NAME)");
  cmd->add_option("contender", args->contender, "The run being judged");
  cmd->add_option("--last", args->last, "How many stored runs the history shows (default 30)")
      ->check(CLI::PositiveNumber);
  add_threshold_flag(cmd, args->threshold);
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  cmd->callback([args, &action] { action = [args] { return report_verb(*args); }; });
}

}  // namespace perfgate::cli
