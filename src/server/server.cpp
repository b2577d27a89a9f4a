#include "server/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "model/clock.hpp"
#include "model/error.hpp"
#include "model/units.hpp"
#include "server/api.hpp"
#include "server/api_error.hpp"
#include "server/received_run.hpp"
#include "server/store_pool.hpp"

namespace perfgate::server {
namespace {

using Clock = std::chrono::steady_clock;

// When the request this worker thread serves started (set before routing;
// the logger reads it after the response went out).
thread_local std::optional<Clock::time_point> request_started;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

HttpRequest to_request(const httplib::Request& req, std::string body) {
  HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.query.emplace(k, v);
  for (const auto& [k, v] : req.headers) r.headers[lower(k)] = v;
  r.body = std::move(body);
  return r;
}

void send(const HttpResponse& from, httplib::Response& res) {
  res.status = from.status;
  for (const auto& [k, v] : from.headers) res.set_header(k, v);
  res.set_content(from.body, from.content_type);
}

// What is read and dropped of a chunked body beyond the limit (see below).
constexpr std::uint64_t drain_bytes = 1 << 20;

std::string body_limit_message(std::uint64_t max_body_bytes) {
  return "the request body is over this server's limit of " +
         format_bytes(static_cast<double>(max_body_bytes)) +
         " (perfgate serve --max-body); push a smaller file, or raise the limit";
}

}  // namespace

struct Server::Impl {
  explicit Impl(const ServerOptions& o) : stores(o.store_url) {}
  StorePool stores;
  Routes routes;
  httplib::Server http;
  std::mutex log_mutex;

  void log_line(const std::string& line, std::ostream* log) {
    if (!log) return;
    std::lock_guard<std::mutex> lock(log_mutex);
    *log << line << "\n" << std::flush;
  }

  // Runs the request's handler. When the store fails, every idle
  // connection is dropped (after a database restart they are all dead) and
  // the handler runs once more on a new connection before the client gets a
  // 503: a restart between requests then costs no client a failure. Running
  // a handler twice is safe: reads change nothing, and a push is idempotent
  // by run id (a save that failed wrote nothing).
  HttpResponse dispatch(HttpRequest& request, std::ostream* log) {
    for (int attempt = 0;; ++attempt) {
      try {
        return routes.dispatch(request);
      } catch (const StoreUnavailable&) {
        stores.discard_idle();
        if (attempt == 0) continue;
        return mapped(std::current_exception(), request, log);
      } catch (...) {
        return mapped(std::current_exception(), request, log);
      }
    }
  }

  HttpResponse mapped(const std::exception_ptr& e, const HttpRequest& request, std::ostream* log) {
    std::string internal;
    HttpResponse r = response_for(e, internal);
    if (!internal.empty())
      log_line(utc_now_iso() + " internal error on " + request.method + " " + request.path + ": " +
                   internal,
               log);
    return r;
  }
};

Server::Server(ServerOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {
  add_api_routes(impl_->routes, impl_->stores);
  httplib::Server& http = impl_->http;
  const std::size_t threads = static_cast<std::size_t>(std::max(1, options_.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib refuses a body whose Content-Length is over the limit (413)
  // before reading it; a chunked body is counted as it arrives (below).
  http.set_payload_max_length(options_.max_body_bytes);

  std::ostream* log = options_.log;
  const std::uint64_t max_body = options_.max_body_bytes;
  Impl* impl = impl_.get();
  auto plain = [impl, log](const httplib::Request& req, httplib::Response& res) {
    HttpRequest r = to_request(req, req.body);
    send(impl->dispatch(r, log), res);
  };
  auto with_body = [impl, log, max_body](const httplib::Request& req, httplib::Response& res,
                                         const httplib::ContentReader& reader) {
    std::string body;
    bool over = false;
    std::uint64_t discarded = 0;
    const bool read = reader([&](const char* data, std::size_t n) {
      if (!over && body.size() + n <= max_body) {
        body.append(data, n);
        return true;
      }
      // Over the limit: nothing more is kept. A little more is read and
      // dropped, so that a client still sending can read the 413 (closing a
      // socket with unread data resets the connection, and the reply with
      // it); far over, the connection is cut.
      over = true;
      body.clear();
      discarded += n;
      return discarded <= drain_bytes;
    });
    if (over || (!read && res.status == 413)) {
      send(error_response(413, body_limit_message(max_body)), res);
      res.set_header("Connection", "close");  // the rest of the body is not read
      return;
    }
    if (!read) {
      send(error_response(400,
                          "the request body could not be read whole (the connection broke "
                          "or the chunked encoding is malformed); send it again"),
           res);
      res.set_header("Connection", "close");
      return;
    }
    HttpRequest r = to_request(req, std::move(body));
    send(impl->dispatch(r, log), res);
  };
  http.Get(".*", plain);
  http.Delete(".*", plain);
  http.Options(".*", plain);
  http.Post(".*", with_body);
  http.Put(".*", with_body);
  http.Patch(".*", with_body);

  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors httplib answers itself (a body over the limit, a request it cannot
  // parse) get the API's JSON error too; a handler's own error body stays.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message;
        switch (res.status) {
          case 413:
            message = body_limit_message(max_body);
            break;
          case 414:
            message = "the request's URL is too long; shorten the query";
            break;
          case 400:
            message = "the request is not well-formed HTTP; check the client";
            break;
          default:
            message = std::string(reason_phrase(res.status));
        }
        send(error_response(res.status, message.empty() ? "error" : message), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler([impl, log](const httplib::Request& req, httplib::Response& res,
                                         std::exception_ptr e) {
    std::string internal;
    send(response_for(e, internal), res);
    impl->log_line(
        utc_now_iso() + " internal error on " + req.method + " " + req.path + ": " + internal, log);
  });
  if (log) {
    http.set_logger([impl, log](const httplib::Request& req, const httplib::Response& res) {
      std::string ms = "-";
      if (request_started) {
        const std::chrono::duration<double, std::milli> elapsed = Clock::now() - *request_started;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", elapsed.count());
        ms = buf;
        request_started.reset();
      }
      impl->log_line(utc_now_iso() + " " + req.method + " " + req.path + " " +
                         std::to_string(res.status) + " " + ms + " ms",
                     log);
    });
  }
}

Server::~Server() { stop(); }

Routes& Server::routes() { return impl_->routes; }
StorePool& Server::stores() { return impl_->stores; }

int Server::bind() {
  // cpp-httplib 0.11 listens with a backlog of 5: 32 clients connecting at
  // once overflow it, and some of them lose their connection. The listening
  // socket is caught as it is made and given the system's backlog after
  // bind (listen() again only changes the backlog).
  int listening = -1;
  // Only SO_REUSEADDR (a restart may bind while old connections linger in
  // TIME_WAIT), not httplib's default SO_REUSEPORT too, with which a second
  // server on the same port would start and take half the requests.
  impl_->http.set_socket_options([&listening](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;
  });
  if (options_.port == 0) {
    const int port = impl_->http.bind_to_any_port(options_.host);
    if (port <= 0)
      throw input_error("--listen " + options_.host +
                        ":0: cannot listen on that address; check the host");
    options_.port = port;
  } else if (!impl_->http.bind_to_port(options_.host, options_.port)) {
    throw input_error("--listen " + options_.host + ":" + std::to_string(options_.port) +
                      ": cannot listen there (the port is in use, or the address is not this "
                      "machine's); choose another with --listen HOST:PORT");
  }
  if (listening >= 0) ::listen(listening, SOMAXCONN);
  return options_.port;
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() {
  if (impl_) impl_->http.stop();
}

void parse_listen(const std::string& text, std::string& host, int& port) {
  const std::string form =
      "; write HOST:PORT, e.g. 127.0.0.1:8080 (0.0.0.0:8080 for every interface, behind a TLS "
      "proxy), or :PORT";
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) throw input_error("--listen " + text + ": no port" + form);
  std::string h = text.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  const std::string p = text.substr(colon + 1);
  int value = -1;
  auto [at, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (p.empty() || ec != std::errc() || at != p.data() + p.size() || value < 0 || value > 65535)
    throw input_error("--listen " + text + ": the port must be a number from 0 to 65535" + form);
  host = h.empty() ? "127.0.0.1" : h;
  port = value;
}

}  // namespace perfgate::server
