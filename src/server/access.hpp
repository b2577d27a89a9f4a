// Who may do what (docs/api.md, "Tokens"): writing runs into a project needs
// a valid token of that project; reading a project needs one only when the
// project's reads are "token". A token is looked up by its public prefix and
// its SHA-256 compared in constant time, so the store never holds a token and
// a response's timing says nothing about a stored hash.
#pragma once

#include <optional>
#include <string>

#include "server/http.hpp"
#include "store/project.hpp"
#include "store/store.hpp"

namespace perfgate::server {

// The project named `name`, or HttpError 404 that says which projects exist
// (400 for a name that cannot be a project's).
Project project_or_404(Store& store, const std::string& name);

// The bearer token of the request: nullopt without an Authorization header;
// HttpError 401 for another scheme or a text that is not a perfgate token.
std::optional<std::string> bearer_token(const HttpRequest& request);

// The valid (not revoked) stored token whose hash is the token's, or
// HttpError 401 ("unknown or revoked").
ApiToken authenticate(Store& store, const std::string& token);

// Writes into `project`: 401 without a token or with an unknown or revoked
// one, 403 with a token of another project.
ApiToken require_write(Store& store, const Project& project, const HttpRequest& request);

// Reads of `project`: free when its reads are open, else as require_write.
void require_read(Store& store, const Project& project, const HttpRequest& request);

}  // namespace perfgate::server
