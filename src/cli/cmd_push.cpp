// perfgate push RESULT... --server URL: sends result files to a perfgate
// server (docs/api.md, "Pushing runs"), retrying with back-off, and keeps
// every run the server did not confirm in the outbox (.perfgate/outbox/),
// which `perfgate push --pending` sends again. The result files themselves
// are never touched: a run is never lost, whatever the server does.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/common.hpp"
#include "cli/push_flags.hpp"
#include "model/clock.hpp"
#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/run_json.hpp"
#include "server/outbox.hpp"
#include "server/push.hpp"

namespace perfgate::cli {
namespace {

struct PushArgs {
  PushFlags flags;
  std::vector<std::string> files;
  bool pending = false;
  bool quiet = false;
};

// A refusal that retrying later with other settings can fix (a token, a
// project) keeps the run in the outbox; one about the content itself (400,
// 409, 413) cannot be fixed by sending the same bytes again.
bool worth_keeping(const server::PushResult& r) {
  return r.status == server::PushStatus::unconfirmed || r.http_status == 401 ||
         r.http_status == 403 || r.http_status == 404;
}

int push_one(const std::string& result_file, const std::string& project, const PushFlags& flags,
             bool quiet) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string absolute = fs::absolute(result_file, ec).lexically_normal().string();
  const std::string body = read_file_text(result_file, "result file", "check the path");
  // Only perfgate result files are pushed: they carry their run id, which is
  // what makes a retried push safe. Another tool's output is ingested first.
  Run run;
  try {
    run = run_from_json(body, result_file);
  } catch (const Error& e) {
    throw input_error(std::string(e.what()) +
                      " (push sends perfgate result files; for another tool's output use "
                      "`perfgate ingest FILE --server URL`)");
  }
  server::PushTarget target{server::parse_server_url(flags.server), flags.token, project};
  server::RetryPolicy policy;
  policy.retries = flags.retries;
  server::PushHooks hooks;
  if (!quiet)
    hooks.note = [](const std::string& line) { std::cerr << "perfgate: " << line << "\n"; };
  const server::PushResult r = server::push_run(body, result_file, target, policy, hooks);

  server::Outbox outbox;
  switch (r.status) {
    case server::PushStatus::stored:
    case server::PushStatus::duplicate:
      outbox.remove(run.id);
      if (!quiet)
        std::cerr << "perfgate: run " << run.id
                  << (r.status == server::PushStatus::stored ? " pushed to " : " was already on ")
                  << target.server.describe() << " (project " << r.project << ", #" << r.store_id
                  << ")\n";
      return 0;
    case server::PushStatus::refused:
    case server::PushStatus::unconfirmed:
      break;
  }
  std::cerr << "perfgate: " << r.message << "\n";
  if (!worth_keeping(r)) return static_cast<int>(ExitCode::bad_input);
  outbox.put({run.id, absolute, project, utc_now_iso(), r.message});
  std::cerr << "perfgate: run " << run.id << " is kept in " << absolute << " and queued in "
            << outbox.dir() << "; `perfgate push --pending --server " << flags.server
            << "` sends it later\n";
  return r.status == server::PushStatus::refused ? static_cast<int>(ExitCode::bad_input)
                                                 : exit_not_pushed;
}

// Bad input wins over "not pushed": the user has something to fix.
int worse(int a, int b) {
  if (a == static_cast<int>(ExitCode::bad_input) || b == static_cast<int>(ExitCode::bad_input))
    return static_cast<int>(ExitCode::bad_input);
  return std::max(a, b);
}

int push_verb(PushArgs& a) {
  if (a.files.empty() && !a.pending)
    throw input_error(
        "perfgate push: name result files to push, or --pending to send what the "
        "outbox holds");
  check_push_flags(a.flags);
  int status = 0;
  for (const std::string& f : a.files)
    status = worse(status, push_one(f, a.flags.project, a.flags, a.quiet));
  if (!a.pending) return status;

  server::Outbox outbox;
  std::vector<std::string> problems;
  const std::vector<server::OutboxEntry> entries = outbox.entries(problems);
  for (const std::string& p : problems) std::cerr << "perfgate: " << p << "\n";
  if (entries.empty() && !a.quiet)
    std::cerr << "perfgate: the outbox " << outbox.dir() << " is empty\n";
  for (const server::OutboxEntry& e : entries) {
    if (!std::filesystem::exists(e.result_file)) {
      std::cerr << "perfgate: " << e.result_file << " (run " << e.run_id
                << ", queued in the outbox) is gone; its entry is left in " << outbox.dir()
                << " until you delete it\n";
      status = worse(status, static_cast<int>(ExitCode::bad_input));
      continue;
    }
    const std::string project = a.flags.project.empty() ? e.project : a.flags.project;
    status = worse(status, push_one(e.result_file, project, a.flags, a.quiet));
  }
  return status;
}

}  // namespace

void add_push_flags(CLI::App* cmd, PushFlags& flags, bool required_server) {
  CLI::Option* server = cmd->add_option(
      "--server", flags.server,
      "The perfgate server's URL, e.g. http://127.0.0.1:8080 or https://perf.example.com" +
          std::string(required_server ? "" : ": push the run there after keeping it"));
  if (required_server) server->required();
  cmd->add_option("--token", flags.token,
                  "The project's API token (default: $PERFGATE_TOKEN, which keeps it out of the "
                  "process list)");
  cmd->add_option("--project", flags.project, "The project to push to (default: the token's)");
  cmd->add_option("--retries", flags.retries,
                  "Attempts after the first on network errors, 429 and 5xx, with exponential "
                  "back-off (default 5)")
      ->check(CLI::Range(0, 20));
}

void check_push_flags(PushFlags& flags) {
  server::parse_server_url(flags.server);
  if (flags.token.empty())
    if (const char* env = std::getenv("PERFGATE_TOKEN")) flags.token = env;
  if (flags.token.empty())
    throw input_error("--server " + flags.server +
                      ": no token; pass --token or set PERFGATE_TOKEN (`perfgate token create "
                      "--project NAME` makes one)");
}

int push_result_file(const std::string& result_file, const PushFlags& flags, bool quiet) {
  return push_one(result_file, flags.project, flags, quiet);
}

void add_push_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<PushArgs>();
  CLI::App* cmd = app.add_subcommand(
      "push",
      "Send result files to a perfgate server, retrying on network errors; runs it did not "
      "confirm wait in .perfgate/outbox/ for `push --pending`");
  cmd->add_option("results", args->files, "Result files (.perfgate/runs/<run id>.json)");
  cmd->add_flag("--pending", args->pending, "Also send every run waiting in .perfgate/outbox/");
  add_push_flags(cmd, args->flags, /*required_server=*/true);
  cmd->add_flag("-q,--quiet", args->quiet, "Print only errors");
  cmd->callback([args, &action] { action = [args] { return push_verb(*args); }; });
}

}  // namespace perfgate::cli
