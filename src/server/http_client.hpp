// The client side of the API, for `perfgate push`: one request, one reply,
// no retries (push.hpp decides those). https:// works too: Debian builds
// cpp-httplib with OpenSSL, and the server's certificate is checked against
// the system's CA store, which is what a server behind a TLS proxy needs.
#pragma once

#include <optional>
#include <string>

#include "server/http.hpp"

namespace perfgate::server {

// Where a server is: its origin ("http://perf.example:8080") and the path
// under which a reverse proxy serves it ("" or "/perfgate").
struct ServerAddress {
  std::string origin;
  std::string base_path;
  std::string describe() const { return origin + base_path; }
};

// Parses --server: "http://HOST[:PORT][/PATH]" or "https://...". Throws
// perfgate::Error (exit 2) naming the flag and the form to write.
ServerAddress parse_server_url(const std::string& url);

struct HttpReply {
  bool reached = false;  // a response came back (of any status)
  std::string failure;   // why not, when not reached: "connection refused", ...
  int status = 0;
  std::string body;
  std::optional<int> retry_after_s;  // Retry-After in seconds, when sent
};

// POSTs `body` to base_path + target ("/api/v1/runs?project=web") with
// `Authorization: Bearer token` (none when empty). Never throws for a
// network failure: that is a reply that was not reached.
HttpReply http_post(const ServerAddress& server, const std::string& target, const std::string& body,
                    const std::string& content_type, const std::string& token);

// GETs base_path + target, as http_post.
HttpReply http_get(const ServerAddress& server, const std::string& target,
                   const std::string& token);

}  // namespace perfgate::server
