#include "dashboard/home_page.hpp"

#include "dashboard/links.hpp"
#include "dashboard/page_frame.hpp"
#include "report/html_page.hpp"

namespace perfgate::dashboard {

using html::escape;

void write_home_page(const std::vector<ProjectListing>& projects, const std::string& local_newest,
                     std::ostream& out) {
  begin_page(out, {"Projects", {}, false});
  if (projects.empty()) {
    out << "<p>No project yet. Make one with <code>perfgate project create NAME --store URL</code>"
           " and push runs to it with <code>perfgate push</code>.</p>\n";
  } else {
    out << "<table class=\"projects\">\n<thead><tr><th>project</th><th>newest run</th><th>started "
           "(UTC)</th><th>reads</th></tr></thead>\n<tbody>\n";
    for (const ProjectListing& p : projects)
      out << "<tr data-project=\"" << escape(p.name) << "\"><td class=\"name\"><a href=\""
          << escape(project_url(p.name)) << "\">" << escape(p.name) << "</a></td><td class=\"id\">"
          << escape(p.newest_run.empty() ? "no runs yet" : p.newest_run) << "</td><td class=\"id\">"
          << escape(p.newest_started) << "</td><td>" << (p.token_reads ? "token" : "open")
          << "</td></tr>\n";
    out << "</tbody>\n</table>\n";
  }
  if (!local_newest.empty())
    out << "<p class=\"local-runs\">This store also holds runs saved without a project (by "
           "<code>perfgate run</code> or <code>perfgate ingest</code> on the machine that owns it; "
           "the newest is <code>"
        << escape(local_newest)
        << "</code>). The server shows the runs of projects only: to see them here, serve a "
           "store of its own with these runs copied into a project: <code>perfgate project "
           "create NAME --store sqlite:team.db</code>, <code>perfgate store copy --from "
           "THIS_STORE --to sqlite:team.db --project NAME</code>, then <code>perfgate serve "
           "--store sqlite:team.db</code>.</p>\n";
  end_page(out, "Each project's page shows its series: every benchmark x metric of its runs.");
}

}  // namespace perfgate::dashboard
