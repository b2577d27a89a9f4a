// Projects and API tokens: how a perfgate server keeps teams' runs apart and
// decides who may push them (docs/api.md). Every stored run belongs to one
// project; runs a local `perfgate run` or `ingest` saves are in project ""
// (no project), which the server never serves. Plain data that the store
// keeps (tables `projects` and `tokens`, schema version 2) and the server
// and the CLI read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perfgate {

// Who may read a project's runs through the server: anyone who reaches it,
// or only a client with one of the project's tokens. Writing always needs one.
enum class ProjectReads { open, token };
std::string_view to_string(ProjectReads r);  // "open", "token"
std::optional<ProjectReads> parse_project_reads(std::string_view text);

struct Project {
  std::string name;
  ProjectReads reads = ProjectReads::open;
  std::string created_at;  // UTC, ISO 8601
};

// Whether `name` may name a project: 1 to 64 of [A-Za-z0-9._-], starting
// with a letter or a digit (so it is safe in a URL path and a file name).
bool is_project_name(std::string_view name);
// What a message says of a name is_project_name refuses: "\"NAME\" cannot
// name a project: use 1 to 64 letters, ...".
std::string not_a_project_name(std::string_view name);
// Throws perfgate::Error (exit 2) with not_a_project_name unless
// is_project_name(name).
void require_project_name(std::string_view name);

// A token as the store keeps it: never the token itself, only its SHA-256
// and its public prefix (server/api_token.hpp makes both).
struct ApiToken {
  std::int64_t id = 0;  // the store's own id
  std::string project;
  std::string prefix;      // "pgt_Xb3kQ9aZ": names the token in lists and messages
  std::string sha256;      // 64 lower-case hex digits
  std::string created_at;  // UTC, ISO 8601
  std::string revoked_at;  // empty while the token is valid
};

}  // namespace perfgate
