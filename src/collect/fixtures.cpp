#include "collect/fixtures.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "model/error.hpp"

namespace perfgate {

namespace {

namespace fs = std::filesystem;

std::string expand_home(const std::string& p) {
  if (!p.starts_with("~/")) return p;
  const char* home = std::getenv("HOME");
  return home && *home ? (fs::path(home) / p.substr(2)).string() : p;
}

// A path as the user would rather read it: relative to the working folder
// when it lies inside it.
std::string shown(const std::string& p) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec || !fs::path(p).is_absolute()) return p;
  const fs::path rel = fs::path(p).lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return p;
  return rel.string();
}

bool exists(const std::string& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

std::string variable_of(const std::string& name) {
  std::string v = "PERFGATE_FIXTURE_";
  for (char c : name) v += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return v;
}

std::string absent_reason(const FixtureSpec& f, const FixtureLookup& lookup) {
  std::string reason = "fixture \"" + f.name + "\" not found: " + lookup.missing;
  // The variable named a missing file: that is what to fix.
  if (lookup.from_env)
    return reason + "; point " + f.env + " at an existing file, or unset it to use " +
           (f.paths.empty() ? std::string("the hint: ") + f.hint : "the listed paths");
  if (!f.hint.empty()) return reason + "; to get it: " + f.hint;
  if (!f.env.empty()) return reason + "; set " + f.env + " to its path";
  return reason + "; put it at one of those paths";
}

}  // namespace

FixtureLookup find_fixture(const FixtureSpec& f) {
  FixtureLookup out;
  if (!f.env.empty()) {
    const char* value = std::getenv(f.env.c_str());
    if (value && *value) {
      if (exists(value)) out.path = value;
      else out.missing = f.env + "=" + value + ", which does not exist";
      out.from_env = true;
      return out;
    }
  }
  std::string looked;
  for (const std::string& p : f.paths) {
    const std::string path = expand_home(p);
    if (exists(path)) {
      out.path = path;
      return out;
    }
    looked += (looked.empty() ? "" : ", ") + shown(path);
  }
  if (!f.env.empty()) out.missing = f.env + " is not set";
  if (!looked.empty())
    out.missing += std::string(out.missing.empty() ? "" : " and ") +
                   (f.paths.size() == 1 ? "there is no " : "none of these exists: ") + looked;
  return out;
}

Suite resolve_fixtures(const Suite& suite) {
  Suite out = suite;
  std::map<std::string, FixtureLookup> found;
  for (const FixtureSpec& f : suite.fixtures) {
    const bool needed = std::any_of(suite.benchmarks.begin(), suite.benchmarks.end(),
                                    [&](const BenchmarkSpec& b) {
                                      return std::find(b.fixtures.begin(), b.fixtures.end(),
                                                       f.name) != b.fixtures.end();
                                    });
    if (!needed) continue;
    FixtureLookup lookup = find_fixture(f);
    if (lookup.path.empty() && f.required)
      throw input_error(f.place.str() + ": " + absent_reason(f, lookup) +
                        " (the suite marks it required = true, so nothing was run)");
    found.emplace(f.name, std::move(lookup));
  }

  for (BenchmarkSpec& b : out.benchmarks) {
    std::map<std::string, std::string> paths;
    for (const std::string& name : b.fixtures) {
      const FixtureLookup& lookup = found.at(name);
      if (lookup.path.empty() && b.skip_reason.empty()) {
        auto f = std::find_if(suite.fixtures.begin(), suite.fixtures.end(),
                              [&](const FixtureSpec& s) { return s.name == name; });
        b.skip_reason = absent_reason(*f, lookup);
      }
      paths[name] = lookup.path;
    }
    if (b.fixtures.empty() || !b.skip_reason.empty()) continue;
    for (std::string& arg : b.argv) arg = replace_fixture_placeholders(arg, paths);
    b.shell = replace_fixture_placeholders(b.shell, paths);
    for (auto& [key, value] : b.env) value = replace_fixture_placeholders(value, paths);
    for (const auto& [name, path] : paths) b.env[variable_of(name)] = path;
  }
  return out;
}

}  // namespace perfgate
