// A plain text table: columns padded to their widest cell (counted in UTF-8
// code points), with an optional ANSI colour per cell that does not count
// toward the width.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace perfgate {

class TextTable {
 public:
  struct Cell {
    std::string text;
    std::string color;  // ANSI SGR code such as "31" (red), empty for none
  };
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  // Rows of which column i is right-aligned (numbers).
  void align_right(std::size_t column) { right_.push_back(column); }
  void write(std::ostream& out, bool color) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<Cell>> rows_;
  std::vector<std::size_t> right_;
};

// Display width of a UTF-8 string (code points; perfgate prints no wide glyphs).
std::size_t display_width(const std::string& s);

}  // namespace perfgate
