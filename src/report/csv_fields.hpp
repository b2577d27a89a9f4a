// CSV fields as every perfgate CSV writes them (docs/formats.md, "CSV"):
// RFC 4180 quoting, numbers at full precision, absent values empty. Shared
// by the comparison reports (report/csv.cpp) and the history (report/history.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfgate::csv {

// The field as is, or quoted with inner quotes doubled when it holds a comma,
// a double quote, CR or LF.
std::string field(std::string_view s);

// The shortest text that reads back as the same double; "" when absent or
// not finite.
std::string number(double x);
std::string number(const std::optional<double>& x);

}  // namespace perfgate::csv
