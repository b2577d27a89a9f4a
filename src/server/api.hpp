// The JSON API, version 1 (docs/api.md). One file per group of routes, each
// adding its routes to the server's table; HTML pages are added beside them
// the same way (their own files, their own add_*_routes).
//
//   api_projects.cpp  GET  /api/v1/projects
//   api_runs.cpp      POST /api/v1/runs
//                     GET  /api/v1/projects/{project}/runs
//                     GET  /api/v1/projects/{project}/runs/{run_id}
//   api_series.cpp    GET  /api/v1/projects/{project}/benchmarks
//                     GET  /api/v1/projects/{project}/series
//                     GET  /api/v1/projects/{project}/change-points
//   api_compare.cpp   GET  /api/v1/projects/{project}/compare
//
// Handlers lease a store for the request (store_pool.hpp) and throw
// HttpError, perfgate::Error or StoreUnavailable; api_error.hpp decides the
// status.
#pragma once

#include "server/routes.hpp"
#include "server/store_pool.hpp"

namespace perfgate::server {

void add_api_routes(Routes& routes, StorePool& stores);

void add_project_routes(Routes& routes, StorePool& stores);
void add_run_routes(Routes& routes, StorePool& stores);
void add_series_routes(Routes& routes, StorePool& stores);
void add_compare_routes(Routes& routes, StorePool& stores);

}  // namespace perfgate::server
