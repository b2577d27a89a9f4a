// perfgate ingest FILE...: read what another benchmark tool wrote (Google
// Benchmark, hyperfine, llama-bench, ...), keep it as a run (result file +
// store) and print what was read. Several files form one run, each one
// invocation of the tool.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "adapters/ingest.hpp"
#include "cli/common.hpp"
#include "cli/push_flags.hpp"
#include "model/clock.hpp"
#include "collect/environment.hpp"
#include "collect/runner.hpp"
#include "model/error.hpp"
#include "model/run_json.hpp"
#include "report/run_summary.hpp"
#include "store/keep_run.hpp"

namespace perfgate::cli {
namespace {

struct IngestArgs {
  CommonOptions common;
  std::vector<std::string> files;
  std::string format = "auto";
  std::string label;
  std::string commit;
  std::string branch;
  std::string output;
  PushFlags push;  // --server: push the kept run there
};

// A perfgate result file given alone is stored as it is (its own id,
// environment and times): it is a run already, only from elsewhere.
bool is_single_perfgate_run(const std::vector<adapters::Input>& inputs, const std::string& format) {
  if (inputs.size() != 1) return false;
  if (format == "perfgate") return true;
  if (format != "auto") return false;
  const adapters::Adapter* pg = adapters::find("perfgate");
  return pg && pg->detect(inputs[0]) == adapters::Match::yes;
}

std::string stem_of(const std::string& path) {
  std::filesystem::path p(path);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();  // "target/criterion/"
  return p.stem().string();
}

int ingest_verb(IngestArgs& a) {
  if (!a.push.server.empty()) check_push_flags(a.push);
  if (!a.commit.empty() && a.commit.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    throw input_error("--commit " + a.commit + ": not a commit SHA (hexadecimal); pass the SHA "
                      "the results were measured at, e.g. --commit $(git rev-parse HEAD)");
  // Open the store first: a store that cannot be written fails before any work.
  std::unique_ptr<Store> store = open_store(a.common.store_url);

  std::vector<adapters::Input> inputs;
  for (const auto& f : a.files) inputs.push_back(adapters::load_input(f));

  Run run;
  const bool as_is = is_single_perfgate_run(inputs, a.format);
  if (as_is) {
    run = run_from_json(inputs[0].content, inputs[0].path);
    run.sources.push_back({inputs[0].path, "perfgate", "{}"});
  } else {
    run = adapters::ingest(inputs, a.format);
    run.environment = probe_environment(std::filesystem::current_path().string());
    run.started_at = run.finished_at = utc_now_iso();
    run.suite_name = stem_of(a.files.front());
  }
  if (!a.label.empty()) run.suite_name = a.label;
  if (!a.commit.empty()) {
    run.environment.git.commit = a.commit;
    run.environment.git.dirty.reset();
  }
  if (!a.branch.empty()) run.environment.git.branch = a.branch;
  // A new id, except for a perfgate run stored as it is (a new commit makes it
  // a different run, so it gets a new id too).
  if (!as_is || !a.commit.empty()) run.id = make_run_id(utc_now_iso(), run.environment.git);

  std::string path = a.output;
  const std::int64_t store_id = keep_run(run, *store, path);
  write_run_summary(run, std::cout, use_color(a.common, STDOUT_FILENO),
                    terminal_width(STDOUT_FILENO));
  if (!a.common.quiet) {
    std::string formats;
    for (const auto& s : run.sources)
      if (formats.find(s.format) == std::string::npos) formats += (formats.empty() ? "" : ", ") + s.format;
    std::cerr << "ingested " << run.sources.size() << (run.sources.size() == 1 ? " file" : " files")
              << " (" << formats << ") as run " << run.id << ", stored as #" << store_id << " in "
              << store->describe() << "; result file " << path << "\n";
  }
  // Kept locally first: a server that is down costs the push, never the run.
  return a.push.server.empty() ? 0 : push_result_file(path, a.push, a.common.quiet);
}

}  // namespace

void add_ingest_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Store what another benchmark tool wrote as a run (Google Benchmark, Criterion.rs, "
      "hyperfine, pytest-benchmark, Catch2, nanobench, llama-bench, test-backend-ops, vLLM, "
      "CSV).\nSeveral files form one run, each file one invocation of the tool");
  cmd->add_option("files", args->files, "Files (or a target/criterion folder) the tool wrote")
      ->required();
  cmd->add_option("--format", args->format,
                  "auto (recognise each file by its content) or one of: " + adapters::names());
  cmd->add_option("--label", args->label, "Name of the run's suite (default: the first file's name)");
  cmd->add_option("--commit", args->commit,
                  "Git commit the results were measured at (default: this folder's HEAD)");
  cmd->add_option("--branch", args->branch, "Git branch (default: this folder's branch)");
  cmd->add_option("-o,--output", args->output,
                  "Result file to write (default .perfgate/runs/<run id>.json)");
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  add_push_flags(cmd, args->push, /*required_server=*/false);
  cmd->callback([args, &action] { action = [args] { return ingest_verb(*args); }; });
}

}  // namespace perfgate::cli
