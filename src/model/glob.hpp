// Glob patterns, as an [[override]] in a suite file matches benchmark names
// (docs/formats.md, "Suite file").
//
// A pattern matches a whole name. `*` matches any run of characters (also
// none, also '/'), `?` exactly one character, `[...]` one character of a set:
// `[abc]`, ranges `[a-z0-9]`, negated `[!abc]` or `[^abc]`; a `]` right after
// the opening `[` (or `[!`) and a `-` first or last are literal. Every other
// character matches itself, case-sensitively. There are no escapes: benchmark
// names never contain `*`, `?`, `[` or `\`. Characters are bytes.
#pragma once

#include <string>
#include <string_view>

namespace perfgate {

// Whether `name` as a whole matches `pattern`. A malformed pattern (see
// glob_syntax_error) matches nothing.
bool glob_match(std::string_view pattern, std::string_view name);

// Why `pattern` is not a valid glob, e.g. "the '[' at position 6 is never
// closed"; empty when it is valid. Positions are 1-based.
std::string glob_syntax_error(std::string_view pattern);

}  // namespace perfgate
