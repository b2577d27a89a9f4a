// Requests and responses as the API's handlers see them: plain data, so that
// route files and their tests never include the HTTP library (httplib.h is
// included by server.cpp and http_client.cpp only; it is a heavy header).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfgate::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;                             // "GET", "POST", ... (HEAD is routed as GET)
  std::string path;                               // percent-decoded, without the query
  std::multimap<std::string, std::string> query;  // decoded; a name may repeat
  std::map<std::string, std::string> headers;     // names in lower case
  std::string body;
  // What the route's {placeholders} matched (Routes::dispatch fills it).
  std::map<std::string, std::string> path_params;

  // The header's value, "" when absent. `name` in lower case.
  std::string header(std::string_view name) const;
  // The query parameter's last value, nullopt when absent.
  std::optional<std::string> param(const std::string& name) const;
  // Every value of a repeated query parameter, in order.
  std::vector<std::string> params(const std::string& name) const;
  // A {placeholder} of the route ("" when the route has none of that name).
  const std::string& path_param(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  HeaderList headers;  // besides Content-Type and Content-Length
};

// A request the API refuses: the status (4xx, or 503 when the store is
// unavailable) and one line that says what to do. Handlers throw it; the
// server turns it into {"error": {"status": ..., "message": ...}}.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message, HeaderList headers = {})
      : std::runtime_error(message), status_(status), headers_(std::move(headers)) {}
  int status() const { return status_; }
  const HeaderList& headers() const { return headers_; }

 private:
  int status_;
  HeaderList headers_;
};

// Percent-encodes `value` for a query value or a path segment: everything
// but letters, digits and "-_.~" ("feature/x" -> "feature%2Fx").
std::string url_encode(const std::string& value);

// The reason phrase of a status ("Not Found"), "" for one perfgate never sends.
std::string_view reason_phrase(int status);

}  // namespace perfgate::server
