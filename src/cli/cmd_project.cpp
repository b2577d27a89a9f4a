// perfgate project: the projects a perfgate server keeps apart (docs/api.md,
// "Projects"). Run against the server's store, on the server's machine or
// wherever the store is reachable: there is no HTTP route that makes
// projects or tokens, so a leaked token can never make more.
#include <iostream>

#include "cli/common.hpp"
#include "model/clock.hpp"
#include "model/error.hpp"
#include "store/project.hpp"

namespace perfgate::cli {
namespace {

struct ProjectArgs {
  CommonOptions common;
  std::string name;
  std::string reads = "open";
};

int create_verb(const ProjectArgs& a) {
  require_project_name(a.name);
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/true);
  Project p;
  p.name = a.name;
  p.reads = *parse_project_reads(a.reads);
  p.created_at = utc_now_iso();
  store->create_project(p);
  std::cout << "project " << p.name << " created in " << store->describe()
            << " (reads: " << to_string(p.reads) << "); `perfgate token create --project " << p.name
            << "` makes a token to push its runs\n";
  return 0;
}

int list_verb(const ProjectArgs& a) {
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);
  const std::vector<Project> all = store->projects();
  if (all.empty()) {
    std::cout << store->describe() << " has no projects yet; `perfgate project create NAME` "
              << "makes one\n";
    return 0;
  }
  std::size_t width = 7;
  for (const Project& p : all) width = std::max(width, p.name.size());
  std::cout << std::string("project") + std::string(width - 7 + 2, ' ') << "reads  created\n";
  for (const Project& p : all)
    std::cout << p.name << std::string(width - p.name.size() + 2, ' ') << to_string(p.reads)
              << std::string(7 - to_string(p.reads).size(), ' ') << p.created_at << "\n";
  return 0;
}

}  // namespace

void add_project_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<ProjectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "project", "Projects of a perfgate server's store: each has its own runs and tokens");
  cmd->require_subcommand(1);
  CLI::App* create = cmd->add_subcommand("create", "Make a project");
  create->add_option("name", args->name, "Its name: letters, digits, '.', '_', '-'")->required();
  create
      ->add_option("--reads", args->reads,
                   "Who may read its runs: open (anyone who reaches the server; default) or "
                   "token (only with one of its tokens)")
      ->check(CLI::IsMember({"open", "token"}));
  add_store_flag(create, args->common);
  create->callback([args, &action] { action = [args] { return create_verb(*args); }; });
  CLI::App* list = cmd->add_subcommand("list", "List the projects");
  add_store_flag(list, args->common);
  list->callback([args, &action] { action = [args] { return list_verb(*args); }; });
}

}  // namespace perfgate::cli
