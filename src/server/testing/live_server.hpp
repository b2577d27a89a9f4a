// Test support (GoogleTest only, never linked into perfgate): a perfgate
// server running in this process on a free loopback port, over a new store
// of either backend (store/testing/store_backends.hpp), and a plain HTTP
// client to talk to it. The API tests go through real HTTP on loopback, as
// a client would.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "model/run.hpp"
#include "model/run_json.hpp"
#include "server/api_token.hpp"
#include "server/server.hpp"
#include "store/project.hpp"
#include "store/store.hpp"
#include "store/testing/store_backends.hpp"

namespace perfgate::test_support {

struct Reply {
  int status = 0;  // 0: no reply (the connection failed)
  std::string body;
  httplib::Headers headers;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  // The message of an API error, "" when the body is not one.
  std::string error_message() const {
    const nlohmann::json j = json();
    if (!j.is_object() || !j.contains("error")) return "";
    return j["error"].value("message", "");
  }
};

class LiveServer {
 public:
  // `add_routes`, when given, adds more routes (the dashboard's) before the
  // server starts.
  explicit LiveServer(const std::string& store_url, std::uint64_t max_body_bytes = 64ull << 20,
                      const std::function<void(server::Server&)>& add_routes = {}) {
    server::ServerOptions o;
    o.store_url = store_url;
    o.port = 0;
    o.threads = 8;
    o.max_body_bytes = max_body_bytes;
    server_ = std::make_unique<server::Server>(o);
    if (add_routes) add_routes(*server_);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~LiveServer() {
    server_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  Reply get(const std::string& target, const std::string& token = "") {
    httplib::Client c("127.0.0.1", port_);
    if (!token.empty()) c.set_bearer_token_auth(token);
    return reply(c.Get(target));
  }
  Reply post(const std::string& target, const std::string& body, const std::string& token = "") {
    httplib::Client c("127.0.0.1", port_);
    if (!token.empty()) c.set_bearer_token_auth(token);
    return reply(c.Post(target, body, "application/json"));
  }
  Reply send(const std::string& method, const std::string& target, const std::string& body,
             const httplib::Headers& headers) {
    httplib::Client c("127.0.0.1", port_);
    httplib::Request req;
    req.method = method;
    req.path = target;
    req.headers = headers;
    req.body = body;
    if (!body.empty() && !req.has_header("Content-Type"))
      req.set_header("Content-Type", "application/json");
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    if (!c.send(req, res, error)) return {};
    return {res.status, res.body, res.headers};
  }

 private:
  static Reply reply(const httplib::Result& r) {
    if (!r) return {0, httplib::to_string(r.error()), {}};
    return {r->status, r->body, r->headers};
  }
  std::unique_ptr<server::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

// Makes a project in the store at `url` (straight through the Store, as
// `perfgate project create` does).
inline void make_project(const std::string& url, const std::string& name,
                         ProjectReads reads = ProjectReads::open) {
  auto store = open_store(url);
  store->create_project({name, reads, "2026-11-24T09:00:00.000Z"});
}

// Adds `token` (made by server::make_token, or a fixed text of that form) to
// `project`, as `perfgate token create` does; returns it.
inline std::string add_token(const std::string& url, const std::string& project,
                             std::string token = "") {
  if (token.empty()) token = server::make_token();
  auto store = open_store(url);
  ApiToken t;
  t.project = project;
  t.prefix = server::token_prefix(token);
  t.sha256 = server::token_hash(token);
  t.created_at = "2026-11-24T09:00:00.000Z";
  store->add_token(t);
  return token;
}

// A small run of one benchmark with `values` as its wall_time samples (ns).
inline Run sample_run(const std::string& id, const std::string& started_at,
                      const std::vector<double>& values, const std::string& commit = "",
                      const std::string& branch = "main", bool with_failure = false) {
  Run run;
  run.id = id;
  run.started_at = run.finished_at = started_at;
  run.suite_name = "kernels";
  run.source = "perfgate run";
  run.environment.cpu_model = "Test CPU";
  run.environment.logical_cores = 4;
  run.environment.host_id = "a1b2c3d4e5f60718";
  run.environment.git.commit = commit;
  run.environment.git.branch = branch;
  BenchmarkResult b;
  b.name = "gemm_128";
  b.metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
  for (std::size_t i = 0; i < values.size(); ++i) {
    Repetition r;
    r.index = static_cast<int>(i);
    r.exit_status = 0;
    r.values = {{"wall_time", values[i]}};
    b.repetitions.push_back(r);
  }
  if (with_failure) {
    Repetition r;
    r.index = static_cast<int>(values.size());
    r.ok = false;
    r.failure = "exited with status 1";
    r.exit_status = 1;
    b.repetitions.push_back(r);
  }
  run.benchmarks.push_back(b);
  return run;
}

// A live server over a new store of the test's backend (its parameter) with
// two projects: "web", open to read, and "secret", whose reads need a token;
// and a token of each. `max_body_` and `add_routes_` may be set before
// SetUp, by a fixture deriving from this one.
class TwoProjectsServer : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    PERFGATE_MAKE_BACKEND(backend_);
    make_project(backend_->url(), "web");
    make_project(backend_->url(), "secret", ProjectReads::token);
    web_token_ = add_token(backend_->url(), "web");
    secret_token_ = add_token(backend_->url(), "secret");
    server_ = std::make_unique<LiveServer>(backend_->url(), max_body_, add_routes_);
  }

  std::uint64_t max_body_ = 64ull << 20;
  std::function<void(server::Server&)> add_routes_;
  std::unique_ptr<StoreBackend> backend_;
  std::unique_ptr<LiveServer> server_;
  std::string web_token_, secret_token_;
};

}  // namespace perfgate::test_support
