// How failures become responses (docs/api.md, "Errors"). Every error is
// {"error": {"status": 4xx, "message": "one line saying what to do"}}, and
// which status is decided here, once, for every route:
//
//   HttpError            its own status (404 unknown project, 401 no token, ...)
//   StoreUnavailable     503 with Retry-After: the store could not be reached or
//                        failed mid-request; nothing was written, try again
//   perfgate::Error      400: what the client sent could not be read (the
//                        adapters' and the result file reader's messages)
//   anything else        500, with a message that shows no internals; the
//                        details go to the server's log
//
// A client mistake is never a 5xx: every reader of client input throws
// perfgate::Error, and the store's own failures are told apart by the type
// the store guard gives them (store_pool.hpp).
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

#include "server/http.hpp"

namespace perfgate::server {

// The store failed while serving a request: unreachable, the connection lost,
// a lock held too long, a write refused. The save it interrupted left
// nothing (each save is one transaction), so the client may simply retry.
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a 503 tells the client to wait before retrying (Retry-After).
inline constexpr int retry_after_seconds = 2;

// {"error": {"status": status, "message": message}}, the message on one line.
std::string error_json(int status, const std::string& message);
HttpResponse error_response(int status, const std::string& message, const HeaderList& headers = {});

// The response for the exception `e` a handler threw (see the table above).
// For a 500, `internal` receives the exception's text for the log.
HttpResponse response_for(const std::exception_ptr& e, std::string& internal);

}  // namespace perfgate::server
