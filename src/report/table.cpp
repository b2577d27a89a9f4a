#include "report/table.hpp"

#include <algorithm>

namespace perfgate {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void TextTable::write(std::ostream& out, bool color) const {
  std::vector<std::size_t> width(header_.size(), 0);
  for (std::size_t i = 0; i < header_.size(); ++i) width[i] = display_width(header_[i]);
  for (const auto& r : rows_)
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], display_width(r[i].text));

  auto emit = [&](std::size_t i, const std::string& text, const std::string& code) {
    std::size_t pad = width[i] - display_width(text);
    bool right = std::find(right_.begin(), right_.end(), i) != right_.end();
    bool last = i + 1 == width.size();
    if (right) out << std::string(pad, ' ');
    if (color && !code.empty()) out << "\033[" << code << "m" << text << "\033[0m";
    else out << text;
    if (!right && !last) out << std::string(pad, ' ');
    if (!last) out << "  ";
  };
  for (std::size_t i = 0; i < header_.size(); ++i) emit(i, header_[i], color ? "1" : "");
  out << "\n";
  for (const auto& r : rows_) {
    for (std::size_t i = 0; i < width.size(); ++i)
      emit(i, i < r.size() ? r[i].text : "", i < r.size() ? r[i].color : "");
    out << "\n";
  }
}

}  // namespace perfgate
