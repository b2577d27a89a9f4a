#include "server/api_error.hpp"

#include <nlohmann/json.hpp>

#include "model/error.hpp"

namespace perfgate::server {
namespace {

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

}  // namespace

std::string error_json(int status, const std::string& message) {
  nlohmann::ordered_json j = {{"error", {{"status", status}, {"message", one_line(message)}}}};
  // Invalid UTF-8 in an echoed name must not turn an error into a 500.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

HttpResponse error_response(int status, const std::string& message, const HeaderList& headers) {
  HttpResponse r;
  r.status = status;
  r.body = error_json(status, message);
  r.headers = headers;
  return r;
}

HttpResponse response_for(const std::exception_ptr& e, std::string& internal) {
  try {
    std::rethrow_exception(e);
  } catch (const HttpError& err) {
    return error_response(err.status(), err.what(), err.headers());
  } catch (const StoreUnavailable& err) {
    return error_response(503,
                          std::string("the store is unavailable: ") + err.what() +
                              "; nothing was written, retry in a few seconds",
                          {{"Retry-After", std::to_string(retry_after_seconds)}});
  } catch (const Error& err) {
    return error_response(400, err.what());
  } catch (const std::exception& err) {
    internal = err.what();
  } catch (...) {
    internal = "an exception that is not a std::exception";
  }
  return error_response(500,
                        "internal error of the perfgate server (its log has the details); "
                        "please report it with the request you sent");
}

}  // namespace perfgate::server
