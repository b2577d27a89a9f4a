#include "model/suite_fixtures.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace perfgate {

namespace {

constexpr std::string_view kFixtureKeys[] = {"env", "paths", "required", "hint"};

bool valid_fixture_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool valid_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<std::string> declared_names(const std::vector<FixtureSpec>& declared) {
  std::vector<std::string> names;
  for (const FixtureSpec& f : declared) names.push_back(f.name);
  return names;
}

}  // namespace

std::vector<FixtureSpec> read_fixture_tables(const TomlReader& r, const toml::table& t,
                                             const std::filesystem::path& suite_dir) {
  constexpr std::string_view example =
      "[fixture.model]\nenv = \"LLM_MODEL\"\npaths = [\"models/tiny.gguf\"]";
  std::vector<FixtureSpec> fixtures;
  for (auto&& [key, value] : t) {
    FixtureSpec f;
    f.name = std::string(key.str());
    if (!valid_fixture_name(f.name))
      r.fail(key.source(), fmt::format("fixture name {} is not valid", in_quotes(f.name)),
             "use lower-case letters, digits, '_' and '-', e.g. [fixture.model]");
    const std::string label = "[fixture." + f.name + "]";
    if (!value.is_table()) r.wrong_type(value, label, "a table such as " + std::string(example));
    const toml::table& ft = *value.as_table();
    f.place = r.place(ft);
    r.check_keys(ft, "in " + label, kFixtureKeys);
    if (auto* n = ft.get("env")) {
      f.env = r.non_empty_string(*n, "env", "env = \"LLM_MODEL\"");
      if (!valid_env_name(f.env))
        r.fail(n->source(), fmt::format("env {} is not a variable name", in_quotes(f.env)),
               "use letters, digits and '_', not starting with a digit, e.g. env = \"LLM_MODEL\"");
    }
    if (auto* n = ft.get("paths")) {
      constexpr std::string_view expected = "an array of paths, e.g. paths = [\"models/tiny.gguf\"]";
      if (!n->is_array()) r.wrong_type(*n, "paths", expected);
      for (const toml::node& element : *n->as_array()) {
        std::string p = r.string_value(element, "an element of paths", expected);
        if (p.empty())
          r.fail(element.source(), "an element of paths is empty", "remove it or write a path");
        if (!p.starts_with("~/") && std::filesystem::path(p).is_relative())
          p = (suite_dir / p).lexically_normal().string();
        f.paths.push_back(std::move(p));
      }
    }
    if (f.env.empty() && f.paths.empty())
      r.fail(ft.source(), fmt::format("{} says neither env nor paths", label),
             "add env = \"VARIABLE\" (a variable naming the file) and/or paths = [...] (where "
             "to look)");
    if (auto* n = ft.get("required")) f.required = r.bool_value(*n, "required");
    if (auto* n = ft.get("hint")) f.hint = r.non_empty_string(*n, "hint", "hint = \"make model\"");
    fixtures.push_back(std::move(f));
  }
  // A TOML table iterates its keys sorted; keep the order of the file.
  std::sort(fixtures.begin(), fixtures.end(), [](const FixtureSpec& a, const FixtureSpec& b) {
    return std::pair(a.place.line, a.place.column) < std::pair(b.place.line, b.place.column);
  });
  return fixtures;
}

std::vector<std::string> benchmark_fixtures(const TomlReader& r, const toml::table& t,
                                            const std::vector<FixtureSpec>& declared) {
  std::vector<std::string> needed;
  auto need = [&](const std::string& name, const toml::node& at) {
    const bool known = std::any_of(declared.begin(), declared.end(),
                                   [&](const FixtureSpec& f) { return f.name == name; });
    if (!known)
      r.fail(at.source(), fmt::format("fixture {} is not declared", in_quotes(name)),
             declared.empty()
                 ? fmt::format("declare it with [fixture.{}] (env and/or paths)", name)
                 : fmt::format("declare it with [fixture.{}], or use one of {}", name,
                               join_list(declared_names(declared))));
    if (std::find(needed.begin(), needed.end(), name) == needed.end()) needed.push_back(name);
  };
  if (auto* n = t.get("fixtures")) {
    constexpr std::string_view expected = "an array of fixture names, e.g. fixtures = [\"model\"]";
    if (!n->is_array()) r.wrong_type(*n, "fixtures", expected);
    for (const toml::node& element : *n->as_array())
      need(r.string_value(element, "an element of fixtures", expected), element);
  }
  auto scan = [&](const toml::node& n) {
    if (!n.is_string()) return;  // the reader of that key reports the wrong type
    for (const std::string& name : fixture_placeholders(n.as_string()->get())) need(name, n);
  };
  if (auto* n = t.get("command"); n && n->is_array())
    for (const toml::node& element : *n->as_array()) scan(element);
  if (auto* n = t.get("shell")) scan(*n);
  if (auto* n = t.get("env"); n && n->is_table())
    for (auto&& [key, value] : *n->as_table()) scan(value);
  return needed;
}

}  // namespace perfgate
