// perfgate token: API tokens of a project (docs/api.md, "Tokens"). A token is
// printed once, when made, and the store keeps only its SHA-256 and a short
// public prefix that names it in `list` and `revoke`.
#include <unistd.h>

#include <iostream>

#include "cli/common.hpp"
#include "model/clock.hpp"
#include "model/error.hpp"
#include "server/api_token.hpp"
#include "store/project.hpp"

namespace perfgate::cli {
namespace {

struct TokenArgs {
  CommonOptions common;
  std::string project;
  std::string prefix;
};

Project existing_project(Store& store, const std::string& name) {
  if (std::optional<Project> p = store.find_project(name)) return *p;
  throw input_error("--project " + name + ": no such project in " + store.describe() +
                    "; `perfgate project create " + name + "` makes it");
}

int create_verb(const TokenArgs& a) {
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);
  const Project project = existing_project(*store, a.project);
  const std::string token = server::make_token();
  ApiToken record;
  record.project = project.name;
  record.prefix = server::token_prefix(token);
  record.sha256 = server::token_hash(token);
  record.created_at = utc_now_iso();
  store->add_token(record);
  // The token alone on stdout, so that `T=$(perfgate token create ...)` takes it.
  std::cout << token << std::endl;
  if (!a.common.quiet)
    std::cerr << "token " << record.prefix << "... made for project " << project.name
              << ": it is shown this once (the store keeps only its SHA-256); keep it secret, "
                 "e.g. as a CI secret passed in PERFGATE_TOKEN\n";
  return 0;
}

int list_verb(const TokenArgs& a) {
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);
  if (!a.project.empty()) existing_project(*store, a.project);
  const std::vector<ApiToken> all = store->tokens(a.project);
  if (all.empty()) {
    std::cout << "no tokens" << (a.project.empty() ? "" : " of project " + a.project) << " in "
              << store->describe() << "\n";
    return 0;
  }
  std::size_t width = 7;
  for (const ApiToken& t : all) width = std::max(width, t.project.size());
  std::cout << "token            project" << std::string(width - 7 + 2, ' ')
            << "created                   revoked\n";
  for (const ApiToken& t : all)
    std::cout << t.prefix << "...  " << t.project << std::string(width - t.project.size() + 2, ' ')
              << t.created_at << "  " << (t.revoked_at.empty() ? "-" : t.revoked_at) << "\n";
  return 0;
}

int revoke_verb(const TokenArgs& a) {
  std::string prefix = a.prefix;
  while (prefix.size() > 3 && prefix.ends_with(".")) prefix.pop_back();        // as `list` shows it
  if (server::is_token_format(prefix)) prefix = server::token_prefix(prefix);  // a whole token
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);
  std::vector<ApiToken> found = store->tokens_with_prefix(prefix);
  if (!a.project.empty())
    std::erase_if(found, [&](const ApiToken& t) { return t.project != a.project; });
  if (found.empty())
    throw input_error(a.prefix + ": no token with this prefix" +
                      (a.project.empty() ? "" : " in project " + a.project) + " in " +
                      store->describe() + "; `perfgate token list` shows them");
  if (found.size() > 1)
    throw input_error(a.prefix + ": names " + std::to_string(found.size()) +
                      " tokens; add --project to say whose");
  const ApiToken& t = found.front();
  if (!t.revoked_at.empty()) {
    std::cout << "token " << t.prefix << "... of project " << t.project << " was revoked already ("
              << t.revoked_at << ")\n";
    return 0;
  }
  store->revoke_token(t.id, utc_now_iso());
  std::cout << "token " << t.prefix << "... of project " << t.project
            << " revoked: the server refuses it from its next request on\n";
  return 0;
}

}  // namespace

void add_token_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<TokenArgs>();
  CLI::App* cmd = app.add_subcommand(
      "token", "API tokens: what `perfgate push` shows a server to write a project's runs");
  cmd->require_subcommand(1);
  CLI::App* create = cmd->add_subcommand(
      "create", "Make a token of a project and print it, once (the store keeps only its hash)");
  create->add_option("--project", args->project, "The project it may write")->required();
  add_store_flag(create, args->common);
  create->add_flag("-q,--quiet", args->common.quiet, "Print only the token");
  create->callback([args, &action] { action = [args] { return create_verb(*args); }; });
  CLI::App* list = cmd->add_subcommand("list", "List tokens by their public prefix");
  list->add_option("--project", args->project, "Only this project's");
  add_store_flag(list, args->common);
  list->callback([args, &action] { action = [args] { return list_verb(*args); }; });
  CLI::App* revoke = cmd->add_subcommand("revoke", "Revoke a token: the server refuses it");
  revoke->add_option("prefix", args->prefix, "The token's prefix as `token list` shows it")
      ->required();
  revoke->add_option("--project", args->project, "The token's project, when the prefix is shared");
  add_store_flag(revoke, args->common);
  revoke->callback([args, &action] { action = [args] { return revoke_verb(*args); }; });
}

}  // namespace perfgate::cli
