// perfgate: one binary, git-style verbs. main only parses and dispatches;
// every verb is a thin layer over the library.
#include <iostream>

#include "cli/common.hpp"
#include "model/error.hpp"

#ifndef PERFGATE_VERSION_STRING
#define PERFGATE_VERSION_STRING "0.1.0"
#endif

int main(int argc, char** argv) {
  using namespace perfgate;
  CLI::App app{"perfgate: turns benchmark runs into verdicts you can trust, and gates CI on them",
               "perfgate"};
  app.set_version_flag("--version", PERFGATE_VERSION_STRING);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 fine; 1 the gate failed; 2 bad usage or input; 3 a benchmark could not be "
      "run; 4 a run was kept but a perfgate server did not confirm it (push).\nRun `perfgate "
      "VERB --help` for a verb's flags.");

  cli::Action action;
  cli::add_run_command(app, action);
  cli::add_ingest_command(app, action);
  cli::add_compare_command(app, action);
  cli::add_runs_command(app, action);
  cli::add_check_command(app, action);
  cli::add_baseline_command(app, action);
  cli::add_report_command(app, action);
  cli::add_crossval_command(app, action);
  cli::add_receipt_command(app, action);
  cli::add_ab_command(app, action);
  cli::add_bisect_command(app, action);
  cli::add_detect_command(app, action);
  cli::add_history_command(app, action);
  cli::add_store_command(app, action);
  cli::add_serve_command(app, action);
  cli::add_project_command(app, action);
  cli::add_token_command(app, action);
  cli::add_push_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 has its own exit codes; perfgate's contract is 2 for bad usage.
    std::string where = "perfgate";
    for (const auto* sub : app.get_subcommands()) where += " " + sub->get_name();
    std::cerr << where << ": " << e.what() << "; see `" << where << " --help`\n";
    return static_cast<int>(ExitCode::bad_input);
  }

  try {
    return action ? action() : 0;
  } catch (const Error& e) {
    std::cerr << "perfgate: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "perfgate: internal error: " << e.what()
              << " (please report it with the command you ran)\n";
    return 70;
  }
}
