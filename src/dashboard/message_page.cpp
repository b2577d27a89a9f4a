#include "dashboard/message_page.hpp"

#include "dashboard/links.hpp"
#include "dashboard/page_frame.hpp"
#include "report/html_page.hpp"

namespace perfgate::dashboard {

using html::escape;

void write_error_page(const std::string& title, const std::string& message, std::ostream& out) {
  begin_page(out, {title, {{home_url(), "all projects"}}, false});
  out << "<p class=\"error\">" << escape(message) << "</p>\n";
  end_page(out, "");
}

std::string login_url(const std::string& project) { return project_url(project) + "/login"; }

void write_login_page(const std::string& project, const std::string& next,
                      const std::string& message, std::ostream& out) {
  begin_page(out, {project + ": token needed", {{home_url(), "all projects"}}, false});
  out << "<p>" << escape(message) << "</p>\n<form method=\"post\" action=\""
      << escape(login_url(project)) << "\" class=\"login\">\n<input type=\"hidden\" name=\"next\" "
      << "value=\"" << escape(next) << "\">\n<label>Token <input type=\"password\" name=\"token\" "
      << "autocomplete=\"current-password\" placeholder=\"pgt_...\" required></label>\n"
      << "<button type=\"submit\">Open</button>\n</form>\n<p class=\"muted\">A token of this "
         "project, from <code>perfgate token create --project "
      << escape(project)
      << "</code>. The browser keeps it in a cookie for this project's pages only.</p>\n";
  end_page(out, "");
}

}  // namespace perfgate::dashboard
