// The dashboard's pages in `perfgate serve` (docs/dashboard.md): GET routes
// that read the store, run the analysis the CLI and the API run, and answer
// HTML that src/dashboard/ writes.
//
//   GET  /                                         the projects
//   GET  /p/{project}                              every series of the project
//   GET  /p/{project}/series?benchmark=B&metric=M  one series' history
//   GET  /p/{project}/compare?base=RUN&contender=RUN
//   GET  /p/{project}/regressions                  the open change points
//   POST /p/{project}/login                        the token form (see below)
//   GET  /static/{hash}/{file}                     the embedded scripts and styles
//
// A project whose reads need a token: a browser cannot send the API's
// Authorization header on a link, so its pages answer 401 with a form for the
// token; the form posts it to /p/{project}/login, which checks it like the
// API does (a valid token of this project) and keeps it in an HttpOnly,
// SameSite=Strict cookie whose path is the project's pages only. A request
// with an Authorization: Bearer header (curl) is let in as the API would.
// The token never appears in a URL.
#pragma once

#include "server/routes.hpp"
#include "server/store_pool.hpp"

namespace perfgate::server {

void add_dashboard_routes(Routes& routes, StorePool& stores);

}  // namespace perfgate::server
