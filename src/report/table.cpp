#include "report/table.hpp"

#include <algorithm>

namespace perfgate {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

// The byte offset after the first `count` code points of `s`.
std::size_t byte_offset(const std::string& s, std::size_t count) {
  std::size_t i = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count-- == 0) break;
  return i;
}

}  // namespace

std::string shorten_middle(const std::string& s, std::size_t max) {
  const std::size_t n = display_width(s);
  if (n <= max || max < 3) return s;
  const std::size_t head = (max - 1) / 2, tail = max - 1 - head;
  return s.substr(0, byte_offset(s, head)) + "…" + s.substr(byte_offset(s, n - tail));
}

std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
  if (width == 0 || display_width(text) < width) return text + "\n";
  std::string out, line;
  std::size_t start = 0;
  // Keep the text's own leading spaces on the first line.
  while (start < text.size() && text[start] == ' ') line += text[start++];
  std::size_t line_width = line.size();
  bool line_has_word = false;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    std::size_t w = display_width(word);
    if (line_has_word && line_width + 1 + w >= width) {
      out += line + "\n";
      line = std::string(indent, ' ');
      line_width = indent;
      line_has_word = false;
    }
    if (line_has_word) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += w;
    line_has_word = true;
  }
  return out + line + "\n";
}

std::vector<std::string> TextTable::write(std::ostream& out, bool color, std::size_t limit) const {
  const std::size_t cols = header_.size();
  std::vector<std::size_t> width(cols, 0);
  for (std::size_t i = 0; i < cols; ++i) width[i] = display_width(header_[i]);
  for (const auto& r : rows_)
    for (std::size_t i = 0; i < r.size() && i < cols; ++i)
      width[i] = std::max(width[i], display_width(r[i].text));

  // Fit: with the first k droppable columns gone, does shortening the
  // shrinkable column (not below its minimum) make the table fit?
  std::vector<bool> shown(cols, true);
  if (limit > 0) {
    auto total = [&] {
      std::size_t sum = 0, n = 0;
      for (std::size_t i = 0; i < cols; ++i)
        if (shown[i]) sum += width[i], ++n;
      return sum + (n > 0 ? 2 * (n - 1) : 0);
    };
    // How far the shrinkable column can give `excess` columns back, not
    // below `floor`; true when that was enough.
    auto shrink = [&](std::size_t excess, std::size_t floor) {
      if (shrink_ >= cols) return false;
      floor = std::max(floor, display_width(header_[shrink_]));
      std::size_t room = width[shrink_] > floor ? width[shrink_] - floor : 0;
      width[shrink_] -= std::min(room, excess);
      return excess <= room;
    };
    for (std::size_t k = 0;; ++k) {
      std::size_t t = total();
      if (t <= limit) break;
      const std::size_t before = shrink_ < cols ? width[shrink_] : 0;
      if (shrink(t - limit, shrink_min_)) break;
      if (shrink_ < cols) width[shrink_] = before;  // give it back; drop a column instead
      if (k < droppable_.size()) {
        shown[droppable_[k]] = false;
        continue;
      }
      // Nothing more to leave out: shorten further, else overflow.
      shrink(t - limit, shrink_last_);
      break;
    }
  }
  std::size_t last = 0;
  for (std::size_t i = 0; i < cols; ++i)
    if (shown[i]) last = i;

  auto emit = [&](std::size_t i, std::string text, const std::string& code) {
    if (display_width(text) > width[i]) text = shorten_middle(text, width[i]);
    std::size_t pad = width[i] - display_width(text);
    bool right = std::find(right_.begin(), right_.end(), i) != right_.end();
    if (right) out << std::string(pad, ' ');
    if (color && !code.empty()) out << "\033[" << code << "m" << text << "\033[0m";
    else out << text;
    if (i == last) return;
    if (!right) out << std::string(pad, ' ');
    out << "  ";
  };
  for (std::size_t i = 0; i < cols; ++i)
    if (shown[i]) emit(i, header_[i], color ? "1" : "");
  out << "\n";
  for (const auto& r : rows_) {
    for (std::size_t i = 0; i < cols; ++i)
      if (shown[i]) emit(i, i < r.size() ? r[i].text : "", i < r.size() ? r[i].color : "");
    out << "\n";
  }
  std::vector<std::string> dropped;
  for (std::size_t i = 0; i < cols; ++i)
    if (!shown[i]) dropped.push_back(header_[i]);
  return dropped;
}

}  // namespace perfgate
