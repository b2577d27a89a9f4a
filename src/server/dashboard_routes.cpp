#include "server/dashboard_routes.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "analyze/compare.hpp"
#include "dashboard/assets.hpp"
#include "dashboard/compare_page.hpp"
#include "dashboard/home_page.hpp"
#include "dashboard/links.hpp"
#include "dashboard/message_page.hpp"
#include "dashboard/project_page.hpp"
#include "dashboard/regressions_page.hpp"
#include "dashboard/series_page.hpp"
#include "model/error.hpp"
#include "report/changepoints.hpp"
#include "server/access.hpp"
#include "server/api_error.hpp"
#include "server/dashboard_rows.hpp"
#include "store/run_ref.hpp"

namespace perfgate::server {
namespace {

using namespace perfgate::dashboard;

constexpr const char* token_cookie = "perfgate_token";
// What a page may load: only from this server (docs/ARCHITECTURE.md, "Dashboard").
constexpr const char* content_policy =
    "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

HttpResponse html_response(int status, std::string body, HeaderList headers = {}) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace_back("Content-Security-Policy", content_policy);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // Pages change with every push, and a project's may be private.
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

template <class Write>
HttpResponse page(int status, Write write, HeaderList headers = {}) {
  std::ostringstream out;
  write(out);
  return html_response(status, out.str(), std::move(headers));
}

std::string title_of(int status) {
  const std::string_view phrase = reason_phrase(status);
  return std::to_string(status) + (phrase.empty() ? "" : " " + std::string(phrase));
}

// A page's handler with the dashboard's errors: what the API answers as
// JSON is an HTML page here, with the same status and message. The store's
// failures (StoreUnavailable) go on to the server, which retries once and
// then answers 503 with Retry-After.
struct Dashboard;

Handler html_handler(std::shared_ptr<Dashboard> dashboard,
                     HttpResponse (*make)(Dashboard&, const HttpRequest&)) {
  return [dashboard, make](const HttpRequest& request) -> HttpResponse {
    try {
      return make(*dashboard, request);
    } catch (const HttpError& e) {
      return page(
          e.status(), [&](std::ostream& o) { write_error_page(title_of(e.status()), e.what(), o); },
          e.headers());
    } catch (const Error& e) {
      return page(400, [&](std::ostream& o) { write_error_page(title_of(400), e.what(), o); });
    }
  };
}

// --- who may read -------------------------------------------------------------

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    auto hex = [](char h) {
      return h >= '0' && h <= '9'   ? h - '0'
             : h >= 'a' && h <= 'f' ? h - 'a' + 10
             : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                    : -1;
    };
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += plus_is_space && c == '+' ? ' ' : c;
    }
  }
  return out;
}

// The fields of an application/x-www-form-urlencoded body.
std::map<std::string, std::string> form_fields(const std::string& body) {
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  while (start <= body.size()) {
    const std::size_t end = std::min(body.find('&', start), body.size());
    const std::string_view pair(body.data() + start, end - start);
    const std::size_t eq = pair.find('=');
    if (!pair.empty())
      fields[percent_decode(pair.substr(0, eq), true)] =
          eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
    start = end + 1;
  }
  return fields;
}

// The value of cookie `name` in the request's Cookie header, "" when absent.
std::string cookie(const HttpRequest& request, std::string_view name) {
  const std::string header = request.header("cookie");
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    start = end + 1;
  }
  return "";
}

// The page's own URL, to come back to after the token form.
std::string url_of(const HttpRequest& request) {
  std::string url;
  std::size_t start = 1;
  const std::string& path = request.path;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    url += "/" + percent_encode(std::string_view(path).substr(start, end - start));
    start = end + 1;
  }
  char sep = '?';
  for (const auto& [k, v] : request.query) {
    url += sep + percent_encode(k) + "=" + percent_encode(v);
    sep = '&';
  }
  return url;
}

// Whether `token` is a valid token of `project`.
bool token_of(Store& store, const Project& project, const std::string& token) {
  try {
    return authenticate(store, token).project == project.name;
  } catch (const HttpError&) {
    return false;
  }
}

HttpResponse login_page(int status, const Project& project, const std::string& next,
                        const std::string& message) {
  return page(status, [&](std::ostream& o) { write_login_page(project.name, next, message, o); });
}

// Reads of a project: nullopt when allowed (open reads, the API's bearer
// token, or the cookie the token form set), else the token form (401).
std::optional<HttpResponse> refuse_read(Store& store, const Project& project,
                                        const HttpRequest& request) {
  if (project.reads == ProjectReads::open) return std::nullopt;
  if (!request.header("authorization").empty()) {
    require_read(store, project, request);  // 401 / 403 as the API answers
    return std::nullopt;
  }
  const std::string token = cookie(request, token_cookie);
  if (token.empty())
    return login_page(401, project, url_of(request),
                      "Project " + project.name + "'s pages need one of its tokens.");
  if (!token_of(store, project, token))
    return login_page(401, project, url_of(request),
                      "The token this browser keeps for " + project.name +
                          " is not valid any more (revoked?); give another.");
  return std::nullopt;
}

// What the pages share: the store connections and the project rows made so
// far (one per server: a cache must never outlive its store).
struct Dashboard {
  explicit Dashboard(StorePool& s) : stores(s) {}
  StorePool& stores;
  ProjectRowsCache rows;
};

std::string detect_method() { return detect_method_line(stats::DetectOptions{}); }

// Which runs the project and regressions pages analysed, for their footers.
std::string rows_analysed() {
  return "each series' newest " + std::to_string(dashboard_analysed_runs) + " runs, in " +
         series_order;
}

// --- the pages ------------------------------------------------------------------------

// POST /p/{project}/login: token=...&next=... from the form.
HttpResponse login(Dashboard& d, const HttpRequest& request) {
  StorePool::Lease store = d.stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  const std::map<std::string, std::string> form = form_fields(request.body);
  const auto field = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  // Back to a page of this project only: never a redirect elsewhere.
  std::string next = field("next");
  const std::string home = project_url(project.name);
  if (next.rfind(home + "/", 0) != 0 && next.rfind(home + "?", 0) != 0) next = home;
  const std::string token = field("token");
  if (!token_of(*store, project, token))
    return login_page(401, project, next,
                      "That is not a valid token of project " + project.name +
                          "; give one `perfgate token create --project " + project.name +
                          "` made (and that was not revoked).");
  HttpResponse r = html_response(303, "");
  r.headers.emplace_back("Location", next);
  r.headers.emplace_back("Set-Cookie", std::string(token_cookie) + "=" + token + "; Path=" + home +
                                           "; HttpOnly; SameSite=Strict; Max-Age=2592000");
  return r;
}

HttpResponse home(Dashboard& d, const HttpRequest&) {
  StorePool::Lease store = d.stores.lease();
  std::vector<ProjectListing> listing;
  for (const Project& p : store->projects()) {
    RunFilter filter;
    filter.project = p.name;
    const std::vector<StoredRunSummary> newest = store->find(filter, 1);
    listing.push_back({p.name, newest.empty() ? "" : newest.front().run_id,
                       newest.empty() ? "" : newest.front().started_at,
                       p.reads == ProjectReads::token});
  }
  RunFilter local;
  local.project = "";
  const std::vector<StoredRunSummary> local_newest = store->find(local, 1);
  const std::string local_id = local_newest.empty() ? "" : local_newest.front().run_id;
  return page(200, [&](std::ostream& o) { write_home_page(listing, local_id, o); });
}

HttpResponse project_page(Dashboard& d, const HttpRequest& request) {
  StorePool::Lease store = d.stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  if (auto refused = refuse_read(*store, project, request)) return *refused;
  const std::shared_ptr<const ProjectRows> rows = d.rows.get(*store, project.name);
  return page(200, [&](std::ostream& o) {
    write_project_page({project.name, rows->rows, rows->newest_run, rows->newest_started,
                        detect_method(), rows_analysed()},
                       o);
  });
}

HttpResponse regressions_page(Dashboard& d, const HttpRequest& request) {
  StorePool::Lease store = d.stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  if (auto refused = refuse_read(*store, project, request)) return *refused;
  const std::shared_ptr<const ProjectRows> rows = d.rows.get(*store, project.name);
  return page(200, [&](std::ostream& o) {
    write_regressions_page({project.name, rows->rows, detect_method(), rows_analysed()}, o);
  });
}

std::string required(const HttpRequest& request, const std::string& name,
                     const std::string& example) {
  std::optional<std::string> v = request.param(name);
  if (!v || v->empty())
    throw HttpError(400, "this page needs ?" + name + "=..., e.g. " + name + "=" + example);
  return *v;
}

HttpResponse series_page(Dashboard& d, const HttpRequest& request) {
  const std::string benchmark = required(request, "benchmark", "gemm_128");
  StorePool::Lease store = d.stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  if (auto refused = refuse_read(*store, project, request)) return *refused;
  const std::vector<MetricInfo> declared = store->benchmark_metrics(benchmark, project.name);
  if (declared.empty())
    throw HttpError(404, "no benchmark \"" + benchmark + "\" in project " + project.name +
                             "; its page lists the benchmarks it has");
  const std::optional<std::string> asked = request.param("metric");
  MetricInfo metric = shown_metrics(declared).front();
  if (asked && !asked->empty()) {
    auto it = std::find_if(declared.begin(), declared.end(),
                           [&](const MetricInfo& m) { return m.name == *asked; });
    if (it == declared.end())
      throw HttpError(404, "no metric \"" + *asked + "\" for benchmark \"" + benchmark +
                               "\" in project " + project.name);
    metric = *it;
  }
  SeriesQuery query;
  query.project = project.name;
  query.benchmark = benchmark;
  query.metric = metric.name;
  const SeriesPage data{project.name, SeriesAnalyser(*store)(query, metric), detect_method(),
                        series_order};
  return page(200, [&](std::ostream& o) { write_series_page(data, o); });
}

// A run of the project by reference, as the API resolves it: a run id,
// latest, latest~N, commit:SHA or branch:NAME; never a store id, which is not
// the project's own numbering.
Run resolve(Store& store, const Project& project, const std::string& param,
            const std::string& ref) {
  if (ref.find_first_not_of("0123456789") == std::string::npos)
    throw HttpError(400, param + "=" + ref +
                             ": store ids are not used here; give a run id, latest, latest~N, "
                             "commit:SHA or branch:NAME");
  try {
    return resolve_stored_run(ref, store, project.name);
  } catch (const Error& e) {
    throw HttpError(404, param + "=" + e.what());
  }
}

HttpResponse compare_page(Dashboard& d, const HttpRequest& request) {
  const std::string base_ref = required(request, "base", "latest~1");
  const std::string contender_ref = required(request, "contender", "latest");
  StorePool::Lease store = d.stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  if (auto refused = refuse_read(*store, project, request)) return *refused;
  const Run base = resolve(*store, project, "base", base_ref);
  const Run contender = resolve(*store, project, "contender", contender_ref);
  const ComparePage data{project.name,
                         compare_runs(base, base_ref, contender, contender_ref, CompareOptions{})};
  return page(200, [&](std::ostream& o) { write_compare_page(data, o); });
}

HttpResponse static_file(const HttpRequest& request) {
  const std::optional<Asset> a = find_asset(request.path_param("hash"), request.path_param("file"));
  if (!a) throw HttpError(404, "no such file: its page is of another perfgate version; reload it");
  HttpResponse r;
  r.content_type = std::string(a->content_type);
  r.body = std::string(a->bytes);
  // The hash is in the URL: the content behind it never changes.
  r.headers = {{"Cache-Control", "public, max-age=31536000, immutable"},
               {"X-Content-Type-Options", "nosniff"}};
  return r;
}

}  // namespace

void add_dashboard_routes(Routes& routes, StorePool& stores) {
  auto d = std::make_shared<Dashboard>(stores);
  routes.add("GET", "/", html_handler(d, home));
  routes.add("GET", "/p/{project}", html_handler(d, project_page));
  routes.add("GET", "/p/{project}/series", html_handler(d, series_page));
  routes.add("GET", "/p/{project}/compare", html_handler(d, compare_page));
  routes.add("GET", "/p/{project}/regressions", html_handler(d, regressions_page));
  routes.add("POST", "/p/{project}/login", html_handler(d, login));
  routes.add("GET", "/static/{hash}/{file}", [](const HttpRequest& r) { return static_file(r); });
}

}  // namespace perfgate::server
