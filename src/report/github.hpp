// GitHub Actions workflow commands, for the github report and for verbs that
// annotate on their own (perfgate run --smoke).
#pragma once

#include <string>
#include <string_view>

namespace perfgate {

// "::warning title=T::M", with T and M escaped so that neither a line break
// nor a ':' or ',' in a benchmark name can end the command or forge another.
// `kind`: error, warning or notice.
std::string github_annotation(std::string_view kind, const std::string& title,
                              const std::string& message);

}  // namespace perfgate
