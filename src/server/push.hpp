// Sending a run to a perfgate server (`perfgate push`, and `run`/`ingest`
// with --server): POST /api/v1/runs with retries, and an outbox so that a run
// the server did not confirm is sent later (docs/api.md, "Pushing runs").
//
// Retried: a network failure (no reply), 429 and any 5xx (a proxy answers
// 502/504 while the server restarts), after an exponential back-off with
// jitter, or after the Retry-After the server sent. Not retried: any other
// 4xx, because the same request would be refused again (a bad token, a file
// the server cannot read, a body over its limit). A retry cannot store a run
// twice: the server keeps one run per run id and answers a repeat with 200
// "duplicate".
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "server/http_client.hpp"

namespace perfgate::server {

struct RetryPolicy {
  int retries = 5;  // attempts after the first
  std::chrono::milliseconds first_delay{500};
  std::chrono::milliseconds max_delay{30000};
};

// The wait before retry `attempt` (1 for the first retry): first_delay x
// 2^(attempt-1), at most max_delay, of which half is fixed and half scaled by
// `jitter` in [0, 1) ("equal jitter"), so that clients that failed together
// do not all come back at the same moment. A Retry-After from the server
// replaces it (at most max_delay).
std::chrono::milliseconds backoff_delay(int attempt, const RetryPolicy& policy, double jitter);

struct PushTarget {
  ServerAddress server;
  std::string token;    // never printed
  std::string project;  // empty: the token's project
};

enum class PushStatus {
  stored,       // 201: the server stored it now
  duplicate,    // 200: the server had it already
  refused,      // a 4xx that retrying cannot change; message says what to do
  unconfirmed,  // no confirmation after every retry (network, 429, 5xx)
};

struct PushResult {
  PushStatus status = PushStatus::unconfirmed;
  int http_status = 0;        // the last reply's, 0 when none came
  std::string message;        // for refused / unconfirmed: one line, what happened and what to do
  std::int64_t store_id = 0;  // the server's id of the run (stored, duplicate)
  std::string project;        // where it was stored
  int attempts = 0;
};

// What push_run does between attempts and says while it waits; tests pass
// their own (no real sleeping, a fault removed during the wait).
struct PushHooks {
  std::function<void(std::chrono::milliseconds)> sleep;  // default: sleep the thread
  std::function<double()> jitter;                        // default: uniform in [0, 1)
  std::function<void(const std::string&)> note;          // "retrying in 1.2 s: ..."; may be empty
};

// Sends one result document (`body`, named `what` in messages) to the
// server, retrying as described above.
PushResult push_run(const std::string& body, const std::string& what, const PushTarget& target,
                    const RetryPolicy& policy, const PushHooks& hooks = {});

}  // namespace perfgate::server
