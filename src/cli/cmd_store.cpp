// perfgate store: looking after a store itself. `store migrate` brings a
// store to the newest schema (SQLite or PostgreSQL); `store copy` moves the
// history of one store into another, typically a team's PostgreSQL database.
#include <iostream>

#include "cli/common.hpp"
#include "model/error.hpp"
#include "store/copy_runs.hpp"
#include "store/project.hpp"
#include "store/schema.hpp"

namespace perfgate::cli {
namespace {

struct StoreArgs {
  CommonOptions common;  // --store, for migrate
  std::string from, to;  // for copy
  std::string project;   // copy: the project runs saved without one go into
};

int migrate_verb(const StoreArgs& a) {
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/true);
  const int from = store->schema_version_at_open();
  const int to = schema::latest_version();
  if (from == to) {
    std::cout << store->describe() << ": at schema version " << to
              << ", the newest this perfgate knows; nothing to migrate\n";
  } else if (from == 0) {
    std::cout << store->describe() << ": new store created at schema version " << to << "\n";
  } else {
    std::cout << store->describe() << ": migrated from schema version " << from << " to " << to
              << "\n";
  }
  return 0;
}

int copy_verb(const StoreArgs& a) {
  if (a.from == a.to)
    throw input_error("--from and --to name the same store (" + a.from +
                      "); copy into another store");
  if (!a.project.empty()) require_project_name(a.project);  // before a store is made
  std::unique_ptr<Store> from = open_store(a.from, /*create_if_missing=*/false);
  std::unique_ptr<Store> to = open_store(a.to, /*create_if_missing=*/true);
  const CopyCount n = copy_runs(*from, *to, {}, a.project);
  std::cout << "copied " << n.copied << " of " << n.runs << " runs from " << from->describe()
            << " to " << to->describe();
  if (!a.project.empty()) std::cout << " (runs saved without a project into " << a.project << ")";
  if (n.present > 0)
    std::cout << "; " << n.present << (n.present == 1 ? " was" : " were")
              << " there already (same run id), left as they are";
  std::cout << "\n";
  return 0;
}

}  // namespace

void add_store_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<StoreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "store", "Look after a store: migrate its schema, copy its runs into another store");
  cmd->require_subcommand(1);

  CLI::App* migrate = cmd->add_subcommand(
      "migrate",
      "Bring a store to the newest schema (creating it when new) and say from which version");
  add_store_flag(migrate, args->common);
  migrate->callback([args, &action] { action = [args] { return migrate_verb(*args); }; });

  CLI::App* copy = cmd->add_subcommand(
      "copy",
      "Copy every run of one store into another, oldest first, skipping runs whose run id is "
      "there already (so copying again copies only what is new)");
  copy->add_option("--from", args->from,
                   "The store to read: sqlite:PATH, a path, or postgresql://USER@HOST:PORT/DB")
      ->required();
  copy->add_option("--to", args->to,
                   "The store to write (created or migrated as needed), in the same forms")
      ->required();
  copy->add_option("--project", args->project,
                   "Put the runs saved without a project (a machine's own `perfgate run`) into "
                   "this project of the destination, which must exist there "
                   "(`perfgate project create`); runs of a project keep it");
  copy->callback([args, &action] { action = [args] { return copy_verb(*args); }; });
}

}  // namespace perfgate::cli
