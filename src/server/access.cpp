#include "server/access.hpp"

#include <algorithm>
#include <cctype>

#include "server/api_token.hpp"

namespace perfgate::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const HeaderList bearer_challenge = {{"WWW-Authenticate", "Bearer realm=\"perfgate\""}};

[[noreturn]] void unauthorized(const std::string& message) {
  throw HttpError(401, message, bearer_challenge);
}

ApiToken require_token_of(Store& store, const Project& project, const HttpRequest& request,
                          const std::string& doing) {
  const std::optional<std::string> token = bearer_token(request);
  if (!token)
    unauthorized(doing + " project " + project.name +
                 " needs its token: send the header Authorization: Bearer pgt_... (`perfgate token "
                 "create --project " +
                 project.name + "` makes one)");
  ApiToken found = authenticate(store, *token);
  if (found.project != project.name)
    throw HttpError(403, "the token " + found.prefix + "... is project " + found.project +
                             "'s, not " + project.name + "'s; use a token of project " +
                             project.name);
  return found;
}

}  // namespace

Project project_or_404(Store& store, const std::string& name) {
  if (!is_project_name(name)) throw HttpError(400, not_a_project_name(name));
  if (std::optional<Project> p = store.find_project(name)) return *p;
  std::vector<Project> all = store.projects();
  std::string names;
  for (std::size_t i = 0; i < all.size() && i < 20; ++i) names += (i ? ", " : "") + all[i].name;
  throw HttpError(404, "no project \"" + name + "\" on this server (" +
                           (all.empty() ? std::string("it has none yet")
                                        : "it has: " + names + (all.size() > 20 ? ", ..." : "")) +
                           "); `perfgate project create " + name +
                           " --store URL` on the server's store makes it");
}

std::optional<std::string> bearer_token(const HttpRequest& request) {
  const std::string value = request.header("authorization");
  if (value.empty()) return std::nullopt;
  const std::size_t space = value.find(' ');
  if (space == std::string::npos || !iequals(std::string_view(value).substr(0, space), "bearer"))
    unauthorized(
        "the Authorization header is not \"Bearer TOKEN\"; send Authorization: Bearer "
        "pgt_...");
  std::string token = value.substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  while (!token.empty() && token.back() == ' ') token.pop_back();
  if (!is_token_format(token))
    unauthorized(
        "the bearer token is not a perfgate token (pgt_ and 43 characters); pass the "
        "token `perfgate token create` printed");
  return token;
}

ApiToken authenticate(Store& store, const std::string& token) {
  const std::string hash = token_hash(token);
  std::optional<ApiToken> match;
  // Every candidate is compared, so the time taken does not depend on which
  // one (if any) matches.
  for (ApiToken& t : store.tokens_with_prefix(token_prefix(token)))
    if (hashes_equal(t.sha256, hash) && t.revoked_at.empty()) match = std::move(t);
  if (!match)
    unauthorized("the token " + token_prefix(token) +
                 "... is unknown or revoked; `perfgate token list` shows the valid ones");
  return *match;
}

ApiToken require_write(Store& store, const Project& project, const HttpRequest& request) {
  return require_token_of(store, project, request, "writing to");
}

void require_read(Store& store, const Project& project, const HttpRequest& request) {
  if (project.reads == ProjectReads::open) return;
  require_token_of(store, project, request, "reading");
}

}  // namespace perfgate::server
