// The table from method and path to handler. Route files (api_*.cpp, and the
// dashboard's pages beside them) each add their group of routes to one
// table; the server dispatches every request through it, so that an unknown
// path is 404 and a known path with another method is 405 (with Allow) in
// one place, for the API and the pages alike.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/http.hpp"

namespace perfgate::server {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Routes {
 public:
  // `pattern` is a path whose segments are literal or a {name} that matches
  // one non-empty segment ("/api/v1/projects/{project}/runs/{run_id}"); the
  // handler reads it with request.path_param("project"). Throws
  // std::logic_error when the same method and pattern are added twice.
  void add(const std::string& method, const std::string& pattern, Handler handler);

  // Runs the handler of the first route matching the request's method and
  // path, with the path's {placeholders} filled in. HEAD runs GET's handler.
  // Throws HttpError 404 when no route has the path, 405 (with an Allow
  // header) when routes have it with other methods only. A trailing "/" is
  // ignored.
  HttpResponse dispatch(HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// The path's segments ("/a/b/" -> {"a", "b"}); empty segments dropped.
std::vector<std::string> path_segments(const std::string& path);

}  // namespace perfgate::server
