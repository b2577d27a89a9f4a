#include "server/http_client.hpp"

#include <httplib.h>

#include <cctype>

#include "model/error.hpp"

namespace perfgate::server {
namespace {

constexpr int connect_timeout_s = 10;
constexpr int read_timeout_s = 120;  // a large run is stored in one transaction

std::optional<int> parse_retry_after(const std::string& value) {
  if (value.empty() || value.size() > 6) return std::nullopt;
  for (char c : value)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;  // an HTTP date: ignored
  return std::stoi(value);
}

HttpReply reply_of(const httplib::Result& result) {
  HttpReply r;
  if (!result) {
    r.failure = httplib::to_string(result.error());
    // httplib's words ("Connection", "Read") are terse: say what they mean.
    if (result.error() == httplib::Error::Connection) r.failure = "cannot connect";
    if (result.error() == httplib::Error::Read) r.failure = "the connection broke while reading";
    if (result.error() == httplib::Error::Write) r.failure = "the connection broke while sending";
    if (result.error() == httplib::Error::ConnectionTimeout) r.failure = "connecting timed out";
    return r;
  }
  r.reached = true;
  r.status = result->status;
  r.body = result->body;
  r.retry_after_s = parse_retry_after(result->get_header_value("Retry-After"));
  return r;
}

httplib::Client make_client(const ServerAddress& server, const std::string& token) {
  httplib::Client client(server.origin);
  client.set_connection_timeout(connect_timeout_s, 0);
  client.set_read_timeout(read_timeout_s, 0);
  client.set_write_timeout(read_timeout_s, 0);
  if (!token.empty()) client.set_bearer_token_auth(token);
  return client;
}

}  // namespace

ServerAddress parse_server_url(const std::string& url) {
  const std::string form =
      "; write http://HOST:PORT (or https://HOST, e.g. behind a TLS proxy), optionally with the "
      "path the proxy serves perfgate under";
  std::string scheme;
  if (url.starts_with("http://")) scheme = "http://";
  if (url.starts_with("https://")) scheme = "https://";
  if (scheme.empty())
    throw input_error("--server " + url + ": not an http:// or https:// URL" + form);
  const std::size_t slash = url.find('/', scheme.size());
  std::string host = url.substr(
      scheme.size(), slash == std::string::npos ? std::string::npos : slash - scheme.size());
  if (host.empty() || host.find('@') != std::string::npos || host.find('?') != std::string::npos ||
      host.find('#') != std::string::npos)
    throw input_error("--server " + url + ": no host" + form);
  ServerAddress a;
  a.origin = scheme + host;
  if (slash != std::string::npos) {
    a.base_path = url.substr(slash);
    if (a.base_path.find_first_of("?#") != std::string::npos)
      throw input_error("--server " + url + ": a query or fragment has no place here" + form);
    while (!a.base_path.empty() && a.base_path.back() == '/') a.base_path.pop_back();
  }
  return a;
}

HttpReply http_post(const ServerAddress& server, const std::string& target, const std::string& body,
                    const std::string& content_type, const std::string& token) {
  httplib::Client client = make_client(server, token);
  return reply_of(client.Post(server.base_path + target, body, content_type));
}

HttpReply http_get(const ServerAddress& server, const std::string& target,
                   const std::string& token) {
  httplib::Client client = make_client(server, token);
  return reply_of(client.Get(server.base_path + target));
}

}  // namespace perfgate::server
