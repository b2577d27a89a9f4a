// What the API's route files share: JSON responses, query parameters read
// with a 400 that names them, and links to the API's own resources.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "server/http.hpp"
#include "store/store.hpp"

namespace perfgate::server {

// The API's version prefix: every route is under it.
inline constexpr const char* api_prefix = "/api/v1";

// `body` as the response, pretty-printed (2 spaces) with a final newline.
HttpResponse json_response(int status, const nlohmann::ordered_json& body);
// A document the library already wrote as JSON text (a result file, a
// comparison, a history).
HttpResponse json_text_response(int status, std::string body);

// The query parameter `name`, or HttpError 400 naming it with an example.
std::string required_param(const HttpRequest& request, const std::string& name,
                           const std::string& example);
// A whole number in [min, max]; `fallback` when absent; 400 otherwise.
int int_param(const HttpRequest& request, const std::string& name, int fallback, int min, int max);
// "1", "true", "0", "false"; `fallback` when absent; 400 otherwise.
bool bool_param(const HttpRequest& request, const std::string& name, bool fallback);

// api_prefix + "/" + each segment percent-encoded: link({"projects", p, "runs"}).
std::string link(std::initializer_list<std::string> segments);

// A stored run as lists show it, with its links.
nlohmann::ordered_json run_summary_json(const StoredRunSummary& s, const std::string& project);

}  // namespace perfgate::server
