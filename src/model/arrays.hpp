// Numeric arrays read from files: what a program under cross-validation
// (`perfgate crossval`, docs/crossval.md) wrote as its output.
//
// Every reader returns the elements as doubles in file order (row-major for
// anything with a shape) and throws input_error naming the file and the place
// (byte offset, line:column, element index) when the bytes are not what the
// format promises. Readers accept NaN and infinities where the format can hold
// them; judging them is the comparison's business (analyze/crossval.hpp).
//
// These live in model, not adapters: they read plain data, not another tool's
// benchmark results, and have no place behind the ingest `Adapter` interface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace perfgate {

enum class ArrayFormat {
  automatic,  // by the file's extension (array_format_for_path)
  npy,        // NumPy .npy, versions 1.0, 2.0 and 3.0, little-endian, C order
  f32,        // raw little-endian IEEE 754 binary32, no header
  f64,        // raw little-endian IEEE 754 binary64, no header
  json,       // an array of numbers, nested arrays flattened row-major
  text,       // numbers separated by whitespace and/or commas
};

// "npy", "f32", "f64", "json", "text", "auto"; throws input_error naming the
// known formats for anything else.
ArrayFormat parse_array_format(std::string_view name);
std::string_view to_string(ArrayFormat f);

// The format a file's extension implies: .npy, .f32, .f64, .json, .txt/.csv/
// .tsv. Throws input_error for any other (a .bin says nothing about its element
// type) asking for --format.
ArrayFormat array_format_for_path(const std::string& path);

// The usual extension of a format (".npy", ".f32"...); ".txt" for text.
std::string_view extension_of(ArrayFormat f);

// What was read, and what the file said it was ("float32", "npy <f4 (2, 3)").
struct NumericArray {
  std::vector<double> values;
  std::string description;
};

// Reads `path` in `format` (automatic: by extension). `path` names the file in
// every message.
NumericArray read_array_file(const std::string& path, ArrayFormat format);

// The readers on bytes already in memory; `name` stands for the file in
// messages. `format` must not be automatic.
NumericArray parse_array(std::string_view bytes, ArrayFormat format, const std::string& name);

}  // namespace perfgate
