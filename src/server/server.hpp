// `perfgate serve`: the HTTP server (cpp-httplib) in front of the route table
// (routes.hpp) and the store pool (store_pool.hpp). Worker threads take
// requests from a pool of `threads`; each request leases its own store
// connection, so requests run in parallel and a slow one holds up no other.
// TLS is a reverse proxy's job (docs/api.md, "TLS").
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "server/routes.hpp"

namespace perfgate::server {

struct ServerOptions {
  std::string store_url;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: a free port (Server::bind says which)
  std::uint64_t max_body_bytes = 64ull << 20;
  int threads = 32;  // requests served at once; each holds a store connection while it runs
  // One line per request: time, method, path, status, milliseconds; nullptr: none.
  std::ostream* log = nullptr;
};

class StorePool;

class Server {
 public:
  // Opens the store (creating and migrating it when needed) and adds the
  // API's routes. Throws perfgate::Error (exit 2) when the store cannot be
  // opened, as open_store does.
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The route table, to add more routes (HTML pages) before run().
  Routes& routes();
  StorePool& stores();

  // Binds host:port and returns the port. Throws perfgate::Error (exit 2)
  // when it cannot ("address in use": pick another --listen).
  int bind();
  // Serves until stop() (from any thread); returns when every worker is done.
  void run();
  void stop();

  const ServerOptions& options() const { return options_; }

 private:
  struct Impl;
  ServerOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Parses --listen: "HOST:PORT" (an IPv6 host in brackets, "[::1]:8080") or
// ":PORT" (127.0.0.1). Throws perfgate::Error (exit 2) naming the form.
void parse_listen(const std::string& text, std::string& host, int& port);

}  // namespace perfgate::server
