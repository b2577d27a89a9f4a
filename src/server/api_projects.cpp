// GET /api/v1/projects: every project with how its runs are read. Project
// names are not secret (a project whose reads need a token is listed too,
// its runs are not).
#include "server/api.hpp"
#include "server/api_json.hpp"

namespace perfgate::server {

void add_api_routes(Routes& routes, StorePool& stores) {
  add_project_routes(routes, stores);
  add_run_routes(routes, stores);
  add_series_routes(routes, stores);
  add_compare_routes(routes, stores);
}

void add_project_routes(Routes& routes, StorePool& stores) {
  routes.add("GET", "/api/v1/projects", [&stores](const HttpRequest&) {
    StorePool::Lease store = stores.lease();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Project& p : store->projects())
      list.push_back({{"name", p.name},
                      {"reads", std::string(to_string(p.reads))},
                      {"created_at", p.created_at},
                      {"links",
                       {{"runs", link({"projects", p.name, "runs"})},
                        {"benchmarks", link({"projects", p.name, "benchmarks"})}}}});
    return json_response(200, {{"projects", list}});
  });
}

}  // namespace perfgate::server
