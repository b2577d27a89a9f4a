#include "server/routes.hpp"

#include <set>
#include <stdexcept>

namespace perfgate::server {
namespace {

bool is_placeholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether `path` matches `pattern`; fills `params` when it does.
bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_placeholder(pattern[i])) {
      found[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= path.size()) {
    std::size_t slash = path.find('/', at);
    if (slash == std::string::npos) slash = path.size();
    if (slash > at) out.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return out;
}

void Routes::add(const std::string& method, const std::string& pattern, Handler handler) {
  std::vector<std::string> segments = path_segments(pattern);
  for (const Route& r : routes_)
    if (r.method == method && r.segments == segments)
      throw std::logic_error("route added twice: " + method + " " + pattern);
  routes_.push_back({method, std::move(segments), std::move(handler)});
}

HttpResponse Routes::dispatch(HttpRequest& request) const {
  const std::vector<std::string> path = path_segments(request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::set<std::string> allowed;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(r.segments, path, params)) continue;
    if (r.method != method) {
      allowed.insert(r.method);
      continue;
    }
    request.path_params = std::move(params);
    return r.handler(request);
  }
  if (allowed.empty())
    throw HttpError(404, "no such resource: " + request.path +
                             "; the API's routes are listed in docs/api.md (all under /api/v1/)");
  std::string allow;
  for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  if (allowed.count("GET")) allow += ", HEAD";
  throw HttpError(405, request.method + " is not allowed on " + request.path + "; use " + allow,
                  {{"Allow", allow}});
}

}  // namespace perfgate::server
