// A plain text table: columns padded to their widest cell (counted in UTF-8
// code points), with an optional ANSI colour per cell that does not count
// toward the width. Given a width (the terminal's), it fits: first it
// shortens the one shrinkable column (benchmark names, in the middle, where
// long names differ least), then drops optional columns in the order given.
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
  // The column that may be shortened to fit: down to `min_width` before any
  // column is dropped, down to `last_resort_width` once all are.
  void shrinkable(std::size_t column, std::size_t min_width, std::size_t last_resort_width) {
    shrink_ = column;
    shrink_min_ = min_width;
    shrink_last_ = last_resort_width;
  }
  // A column that may be left out to fit; the first one declared goes first.
  void droppable(std::size_t column) { droppable_.push_back(column); }
  // Writes the table within `width` columns when it can (0: no limit).
  // Returns the header names of the columns left out.
  std::vector<std::string> write(std::ostream& out, bool color, std::size_t width = 0) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<Cell>> rows_;
  std::vector<std::size_t> right_;
  std::size_t shrink_ = static_cast<std::size_t>(-1), shrink_min_ = 0, shrink_last_ = 0;
  std::vector<std::size_t> droppable_;
};

// Display width of a UTF-8 string (code points; perfgate prints no wide glyphs).
std::size_t display_width(const std::string& s);

// `s` within `max` code points: the start and the end, joined by "…".
std::string shorten_middle(const std::string& s, std::size_t max);

// `text` word-wrapped within `width` columns (0: one line), continuation
// lines indented by `indent` spaces; ends with a newline. A word longer than
// a line is kept whole.
std::string wrap(const std::string& text, std::size_t width, std::size_t indent);

}  // namespace perfgate
