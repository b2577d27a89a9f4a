// The pages that are not data: an error (a project or benchmark that does not
// exist, runs that cannot be compared) and the form that asks for a
// project's token when its reads need one.
#pragma once

#include <ostream>
#include <string>

namespace perfgate::dashboard {

// "Not found" and the like: `title`, then `message` (one line that says what
// to do), and a link back to the projects.
void write_error_page(const std::string& title, const std::string& message, std::ostream& out);

// The project's reads need its token: a form that posts it to
// login_url(project) with `next` (the page to return to) as a hidden field.
// `message` says why the form is shown ("this project's pages need its
// token", "that token is not this project's").
void write_login_page(const std::string& project, const std::string& next,
                      const std::string& message, std::ostream& out);

// Where the login form posts: "/p/NAME/login".
std::string login_url(const std::string& project);

}  // namespace perfgate::dashboard
