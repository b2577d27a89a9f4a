#include "store/project.hpp"

#include "model/error.hpp"

namespace perfgate {

std::string_view to_string(ProjectReads r) { return r == ProjectReads::token ? "token" : "open"; }

std::optional<ProjectReads> parse_project_reads(std::string_view text) {
  if (text == "open") return ProjectReads::open;
  if (text == "token") return ProjectReads::token;
  return std::nullopt;
}

bool is_project_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name.front())) return false;
  for (char c : name)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

std::string not_a_project_name(std::string_view name) {
  return "\"" + std::string(name) +
         "\" cannot name a project: use 1 to 64 letters, digits, '.', '_' or '-', starting with "
         "a letter or digit";
}

void require_project_name(std::string_view name) {
  if (!is_project_name(name)) throw input_error(not_a_project_name(name));
}

}  // namespace perfgate
