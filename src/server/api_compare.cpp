// GET /api/v1/projects/{project}/compare?base=REF&contender=REF: the JSON of
// `perfgate compare --format json`. A REF is resolved inside the project
// only, and never as a file on the server's disk: a run id, latest,
// latest~N, commit:SHA or branch:NAME. Store ids are refused, as they are
// not the project's own numbering.
#include <sstream>

#include "analyze/compare.hpp"
#include "model/error.hpp"
#include "model/units.hpp"
#include "report/reporter.hpp"
#include "server/access.hpp"
#include "server/api.hpp"
#include "server/api_json.hpp"
#include "store/run_ref.hpp"

namespace perfgate::server {
namespace {

Run resolve(Store& store, const Project& project, const std::string& param,
            const std::string& ref) {
  if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos)
    throw HttpError(400, param + "=" + ref +
                             ": store ids are not used by the API; give a run id, latest, "
                             "latest~N, commit:SHA or branch:NAME");
  try {
    return resolve_stored_run(ref, store, project.name);
  } catch (const Error& e) {
    throw HttpError(404, param + "=" + e.what());
  }
}

HttpResponse compare(StorePool& stores, const HttpRequest& request) {
  const std::string base_ref = required_param(request, "base", "latest~1");
  const std::string contender_ref = required_param(request, "contender", "latest");
  CompareOptions options;
  if (std::optional<std::string> t = request.param("threshold")) {
    std::optional<double> warning = parse_threshold(*t);
    if (!warning)
      throw HttpError(400, "threshold=" + *t +
                               ": not a threshold; write a percentage such as 5% (5%25 in a URL) "
                               "or a fraction such as 0.05");
    options.limits = RelativeLimits{*warning, 2 * *warning};
  }
  StorePool::Lease store = stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  require_read(*store, project, request);
  const Run base = resolve(*store, project, "base", base_ref);
  const Run contender = resolve(*store, project, "contender", contender_ref);
  const Comparison cmp = compare_runs(base, base_ref, contender, contender_ref, options);
  std::ostringstream out;
  make_json_reporter()->write(cmp, out);
  return json_text_response(200, out.str());
}

}  // namespace

void add_compare_routes(Routes& routes, StorePool& stores) {
  routes.add("GET", "/api/v1/projects/{project}/compare",
             [&stores](const HttpRequest& r) { return compare(stores, r); });
}

}  // namespace perfgate::server
