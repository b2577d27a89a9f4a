// A sparkline: a series' recent values as a small inline SVG the server
// writes, so the project page draws a thousand of them without a script.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace perfgate::dashboard {

// Writes <svg class="spark" data-points="N">: one polyline through the
// values, oldest first, broken where a value is missing (a gap), the newest
// value marked with a dot. data-points counts the values drawn. `title`
// becomes the SVG's tooltip. Nothing is drawn for no values.
void write_sparkline(std::ostream& out, const std::vector<std::optional<double>>& values,
                     const std::string& title);

}  // namespace perfgate::dashboard
