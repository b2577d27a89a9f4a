// How verdict reasons write fractions: "5.0 %", "+2.0 %", "-12.5 %" (one
// decimal, a space before the sign, as every report prints them).
#pragma once

#include <string>

namespace perfgate {

std::string pct(double fraction);         // 0.05 -> "5.0 %"
std::string signed_pct(double fraction);  // 0.02 -> "+2.0 %"

}  // namespace perfgate
