#include "server/push.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace perfgate::server {
namespace {

bool retryable(const HttpReply& r) { return !r.reached || r.status == 429 || r.status >= 500; }

// The server's error message, or the body's start when it sent no JSON
// error (a proxy's HTML page).
std::string server_message(const HttpReply& r) {
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].contains("message") && j["error"]["message"].is_string())
    return j["error"]["message"].get<std::string>();
  std::string text = r.body.substr(0, 200);
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text.empty() ? "no message" : text;
}

std::string what_went_wrong(const HttpReply& r) {
  if (!r.reached) return r.failure;
  return "HTTP " + std::to_string(r.status) + ": " + server_message(r);
}

std::string seconds(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

std::string advice(int status, const PushTarget& t) {
  const std::string project = t.project.empty() ? "the project" : "project " + t.project;
  switch (status) {
    case 401:
      return "; pass a valid token of " + project +
             " with --token or PERFGATE_TOKEN (`perfgate token create --project NAME` on the "
             "server's store makes one)";
    case 403:
      return "; use the token of " + project + ", or push to the token's own project";
    case 404:
      return "; check --project and --server (`perfgate project create NAME` on the server's "
             "store makes a project)";
    default:
      return "";
  }
}

void fill_confirmation(PushResult& result, const HttpReply& r) {
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object()) return;
  if (j.contains("id") && j["id"].is_number_integer())
    result.store_id = j["id"].get<std::int64_t>();
  if (j.contains("project") && j["project"].is_string())
    result.project = j["project"].get<std::string>();
}

}  // namespace

std::chrono::milliseconds backoff_delay(int attempt, const RetryPolicy& policy, double jitter) {
  const double base = static_cast<double>(policy.first_delay.count());
  const double cap = static_cast<double>(policy.max_delay.count());
  const double full = std::min(cap, base * std::pow(2.0, std::max(0, attempt - 1)));
  const double j = std::clamp(jitter, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(full / 2 + full / 2 * j));
}

PushResult push_run(const std::string& body, const std::string& what, const PushTarget& target,
                    const RetryPolicy& policy, const PushHooks& hooks) {
  std::string path = "/api/v1/runs";
  if (!target.project.empty()) path += "?project=" + url_encode(target.project);
  std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  PushResult result;
  HttpReply reply;
  for (int attempt = 0;; ++attempt) {
    reply = http_post(target.server, path, body, "application/json", target.token);
    result.attempts = attempt + 1;
    result.http_status = reply.reached ? reply.status : 0;
    if (reply.reached && (reply.status == 200 || reply.status == 201)) {
      result.status = reply.status == 201 ? PushStatus::stored : PushStatus::duplicate;
      result.project = target.project;
      fill_confirmation(result, reply);
      return result;
    }
    if (!retryable(reply)) {
      result.status = PushStatus::refused;
      result.message = what + ": " + target.server.describe() + " refused the run (" +
                       what_went_wrong(reply) + ")" + advice(reply.status, target);
      return result;
    }
    if (attempt >= policy.retries) break;
    std::chrono::milliseconds wait =
        backoff_delay(attempt + 1, policy, hooks.jitter ? hooks.jitter() : uniform(rng));
    if (reply.retry_after_s)
      wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(*reply.retry_after_s),
                                                 policy.max_delay);
    if (hooks.note)
      hooks.note(what + ": " + what_went_wrong(reply) + "; retry " + std::to_string(attempt + 1) +
                 " of " + std::to_string(policy.retries) + " in " + seconds(wait));
    if (hooks.sleep) {
      hooks.sleep(wait);
    } else {
      std::this_thread::sleep_for(wait);
    }
  }
  result.status = PushStatus::unconfirmed;
  result.message = what + ": " + target.server.describe() + " did not confirm the run after " +
                   std::to_string(result.attempts) +
                   (result.attempts == 1 ? " attempt" : " attempts") +
                   " (last: " + what_went_wrong(reply) + ")";
  return result;
}

}  // namespace perfgate::server
