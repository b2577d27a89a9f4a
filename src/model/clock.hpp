// Wall-clock time stamps for runs.
#pragma once

#include <string>

namespace perfgate {

// UTC now as ISO 8601 with milliseconds: "2026-11-23T19:03:12.345Z".
std::string utc_now_iso();

}  // namespace perfgate
