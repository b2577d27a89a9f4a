// perfgate serve: the HTTP API over a store (docs/api.md), until SIGINT or
// SIGTERM. One line per request on stderr (method, path, status, ms).
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/common.hpp"
#include "model/error.hpp"
#include "model/units.hpp"
#include "server/dashboard_routes.hpp"
#include "server/server.hpp"
#include "server/store_pool.hpp"

namespace perfgate::cli {
namespace {

struct ServeArgs {
  CommonOptions common;
  std::string listen = "127.0.0.1:8080";
  std::string max_body = "64MiB";
  int threads = 32;
};

int serve_verb(const ServeArgs& a) {
  server::ServerOptions o;
  server::parse_listen(a.listen, o.host, o.port);
  const std::optional<std::uint64_t> max_body = parse_size_bytes(a.max_body);
  if (!max_body || *max_body == 0)
    throw input_error("--max-body " + a.max_body + ": not a size; write e.g. 64MiB or 500kB");
  o.max_body_bytes = *max_body;
  o.threads = a.threads;
  o.store_url = a.common.store_url;
  o.log = a.common.quiet ? nullptr : &std::cerr;

  server::Server srv(o);
  server::add_dashboard_routes(srv.routes(), srv.stores());
  const int port = srv.bind();

  // SIGINT and SIGTERM are blocked in every thread (the workers start after
  // this) and taken by one thread that stops the server: stopping from a
  // signal handler is not async-signal-safe, sigwait is.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::atomic<int> received{0};
  std::atomic<bool> serving{true};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (!serving) return;  // woken by the main thread: the server stopped by itself
    received = sig;
    // Again until run() returns: a signal that came before the server was
    // listening must not be lost.
    while (serving) {
      srv.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });

  const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  std::cerr << "perfgate serve: listening on http://" << host << ":" << port << " (store "
            << srv.stores().describe() << ", " << o.threads << " threads, bodies up to "
            << format_bytes(static_cast<double>(o.max_body_bytes))
            << "); Ctrl-C or SIGTERM stops it" << std::endl;
  srv.run();
  serving = false;
  if (received == 0) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter
  waiter.join();
  std::cerr << "perfgate serve: stopped"
            << (received == SIGINT    ? " (SIGINT)"
                : received == SIGTERM ? " (SIGTERM)"
                                      : "")
            << std::endl;
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the store over HTTP: a JSON API to push runs and read runs, series, comparisons "
      "and change points (docs/api.md). No TLS: put a reverse proxy in front\n"
      "The dashboard is at / (docs/dashboard.md): each project's series, charts, "
      "comparisons and open regressions");
  cmd->add_option("--listen", args->listen,
                  "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one)");
  cmd->add_option("--max-body", args->max_body,
                  "Largest request body accepted, e.g. 64MiB (default); larger ones get 413");
  cmd->add_option("--threads", args->threads,
                  "Requests served at once (default 32); each holds a store connection while "
                  "it runs")
      ->check(CLI::Range(1, 1024));
  add_store_flag(cmd, args->common);
  cmd->add_flag("-q,--quiet", args->common.quiet, "No line per request on stderr");
  cmd->callback([args, &action] { action = [args] { return serve_verb(*args); }; });
}

}  // namespace perfgate::cli
