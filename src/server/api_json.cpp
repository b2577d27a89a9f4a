#include "server/api_json.hpp"

#include <charconv>

namespace perfgate::server {

HttpResponse json_response(int status, const nlohmann::ordered_json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  return r;
}

HttpResponse json_text_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (r.body.empty() || r.body.back() != '\n') r.body += '\n';
  return r;
}

std::string required_param(const HttpRequest& request, const std::string& name,
                           const std::string& example) {
  std::optional<std::string> v = request.param(name);
  if (!v || v->empty())
    throw HttpError(
        400, "the query parameter " + name + " is missing; add it, e.g. ?" + name + "=" + example);
  return *v;
}

int int_param(const HttpRequest& request, const std::string& name, int fallback, int min, int max) {
  std::optional<std::string> v = request.param(name);
  if (!v) return fallback;
  int value = 0;
  const char* end = v->data() + v->size();
  auto [at, ec] = std::from_chars(v->data(), end, value);
  if (v->empty() || ec != std::errc() || at != end || value < min || value > max)
    throw HttpError(400, name + "=" + *v + ": use a whole number from " + std::to_string(min) +
                             " to " + std::to_string(max));
  return value;
}

bool bool_param(const HttpRequest& request, const std::string& name, bool fallback) {
  std::optional<std::string> v = request.param(name);
  if (!v) return fallback;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  throw HttpError(400, name + "=" + *v + ": use true or false");
}

std::string link(std::initializer_list<std::string> segments) {
  std::string out = api_prefix;
  for (const std::string& s : segments) out += "/" + url_encode(s);
  return out;
}

nlohmann::ordered_json run_summary_json(const StoredRunSummary& s, const std::string& project) {
  return {{"id", s.id},
          {"run_id", s.run_id},
          {"project", project},
          {"started_at", s.started_at},
          {"suite", s.suite_name},
          {"git_commit", s.git_commit},
          {"git_branch", s.git_branch},
          {"benchmarks", s.benchmarks},
          {"failed_repetitions", s.failed_repetitions},
          {"links", {{"run", link({"projects", project, "runs", s.run_id})}}}};
}

}  // namespace perfgate::server
