// Runs: pushing one (POST /api/v1/runs), listing a project's, reading one.
//
// A push is idempotent by run id: a run id the project holds already is
// answered 200 with "duplicate": true and nothing is written, so a client
// may retry a push whose answer it never saw. The check and the save are not
// one transaction, so two pushes of one run at once can both pass the check;
// the store's unique run id lets only one save succeed, and the other is
// then found stored and answered as a duplicate too.
#include "model/clock.hpp"
#include "model/error.hpp"
#include "model/run_json.hpp"
#include "server/access.hpp"
#include "server/api.hpp"
#include "server/api_error.hpp"
#include "server/api_json.hpp"
#include "server/received_run.hpp"
#include "store/storable.hpp"

namespace perfgate::server {
namespace {

std::optional<StoredRunSummary> stored_run(Store& store, const std::string& run_id) {
  RunFilter filter;
  filter.run_id = run_id;
  std::vector<StoredRunSummary> found = store.find(filter, 1);
  if (found.empty()) return std::nullopt;
  return found.front();
}

HttpResponse pushed(int status, const StoredRunSummary& s, bool duplicate) {
  nlohmann::ordered_json body = run_summary_json(s, s.project);
  body["duplicate"] = duplicate;
  body["links"]["runs"] = link({"projects", s.project, "runs"});
  body["links"]["benchmarks"] = link({"projects", s.project, "benchmarks"});
  HttpResponse r = json_response(status, body);
  r.headers.push_back({"Location", link({"projects", s.project, "runs", s.run_id})});
  return r;
}

// 200 duplicate when `project` holds the run already, 409 when another does.
std::optional<HttpResponse> already_stored(Store& store, const std::string& run_id,
                                           const std::string& project) {
  std::optional<StoredRunSummary> s = stored_run(store, run_id);
  if (!s) return std::nullopt;
  if (s->project.empty())  // the server's store is also someone's local store
    throw HttpError(409, "run " + run_id +
                             " is in the server's store already, saved there without a project "
                             "(by a local `perfgate run` or `ingest` into the store the server "
                             "serves); serve a store of its own, with the local runs copied into a "
                             "project (perfgate store copy --from THIS_STORE --to sqlite:team.db "
                             "--project NAME), and push there");
  if (s->project != project)
    throw HttpError(409, "run " + run_id +
                             " is stored in another project already; run ids are unique on a "
                             "server: push it to that project, or give the run a new id");
  return pushed(200, *s, /*duplicate=*/true);
}

HttpResponse post_run(StorePool& stores, const HttpRequest& request) {
  const std::optional<std::string> token = bearer_token(request);
  if (!token)
    throw HttpError(401,
                    "pushing a run needs a project's token: send the header Authorization: Bearer "
                    "pgt_... (`perfgate token create --project NAME` makes one)",
                    {{"WWW-Authenticate", "Bearer realm=\"perfgate\""}});
  StorePool::Lease store = stores.lease();
  Project project;
  if (std::optional<std::string> name = request.param("project")) {
    project = project_or_404(*store, *name);
    require_write(*store, project, request);
  } else {
    project = project_or_404(*store, authenticate(*store, *token).project);
  }

  Upload upload;
  upload.body = request.body;
  upload.format = request.param("format").value_or("auto");
  upload.branch = request.param("branch").value_or("");
  upload.commit = request.param("commit").value_or("");
  upload.label = request.param("label").value_or("");
  upload.run_id = request.param("run_id").value_or("");
  const Run run = run_from_upload(upload, utc_now_iso());
  // What the store would refuse is the client's mistake (400), checked
  // before the store can mistake it for its own failure (503).
  check_storable(run);

  if (auto duplicate = already_stored(*store, run.id, project.name)) return *duplicate;
  try {
    store->save(run, project.name);
  } catch (const StoreUnavailable&) {
    // Another push of the same run may have saved it first: then this one
    // is a duplicate, not a failure. The store that failed is replaced.
    StorePool::Lease again = stores.lease();
    if (auto duplicate = already_stored(*again, run.id, project.name)) return *duplicate;
    throw;
  }
  std::optional<StoredRunSummary> s = stored_run(*store, run.id);
  if (!s) throw StoreUnavailable("run " + run.id + " was saved but cannot be read back");
  return pushed(201, *s, /*duplicate=*/false);
}

HttpResponse list_runs(StorePool& stores, const HttpRequest& request) {
  StorePool::Lease store = stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  require_read(*store, project, request);
  const int limit = int_param(request, "limit", 50, 1, 1000);
  const int offset = int_param(request, "offset", 0, 0, 1000000000);
  RunFilter filter;
  filter.project = project.name;
  filter.branch = request.param("branch").value_or("");
  // One more than asked for: whether there is a next page.
  std::vector<StoredRunSummary> found = store->find(filter, limit + 1, offset);
  const bool more = static_cast<int>(found.size()) > limit;
  if (more) found.pop_back();
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const StoredRunSummary& s : found) runs.push_back(run_summary_json(s, project.name));
  std::string next;
  if (more) {
    next = link({"projects", project.name, "runs"}) + "?limit=" + std::to_string(limit) +
           "&offset=" + std::to_string(offset + limit);
    if (!filter.branch.empty()) next += "&branch=" + url_encode(filter.branch);
  }
  return json_response(200, {{"project", project.name},
                             {"branch", filter.branch},
                             {"limit", limit},
                             {"offset", offset},
                             {"runs", runs},
                             {"links", {{"next", more ? nlohmann::ordered_json(next) : nullptr}}}});
}

HttpResponse get_run(StorePool& stores, const HttpRequest& request) {
  StorePool::Lease store = stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  require_read(*store, project, request);
  const std::string& run_id = request.path_param("run_id");
  RunFilter filter;
  filter.run_id = run_id;
  filter.project = project.name;
  std::vector<StoredRunSummary> found = store->find(filter, 1);
  std::optional<Run> run = found.empty() ? std::nullopt : store->load(found.front().id);
  if (!run)
    throw HttpError(404, "no run " + run_id + " in project " + project.name + "; " +
                             link({"projects", project.name, "runs"}) + " lists its runs");
  return json_text_response(200, run_to_json(*run));
}

}  // namespace

void add_run_routes(Routes& routes, StorePool& stores) {
  routes.add("POST", "/api/v1/runs",
             [&stores](const HttpRequest& r) { return post_run(stores, r); });
  routes.add("GET", "/api/v1/projects/{project}/runs",
             [&stores](const HttpRequest& r) { return list_runs(stores, r); });
  routes.add("GET", "/api/v1/projects/{project}/runs/{run_id}",
             [&stores](const HttpRequest& r) { return get_run(stores, r); });
}

}  // namespace perfgate::server
