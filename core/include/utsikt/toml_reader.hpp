// Reading TOML tables with located errors: the one helper behind the project loader
// (engine/src/project.cpp) and the scenario loader (scenarios/src/scenario_file.cpp). Every error
// it throws is an InputError naming the file, line, column and key path, what was expected and what
// was found.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/error.hpp"

namespace utsikt::detail {

// Limits checked before toml++ sees a file: toml++ parses dotted keys and table headers
// recursively, so `a.a.a....a = 1` with ~35 000 parts overflowed the stack.
inline constexpr int kMaxTomlKeyParts = 64;  // parts of one dotted key or table header
inline constexpr int kMaxTomlNesting = 64;   // arrays and inline tables inside each other

// Scans `text` (TOML) for keys with more than kMaxTomlKeyParts parts and nesting deeper than
// kMaxTomlNesting, without recursion; throws InputError at the line and column of the first.
void check_toml_limits(std::string_view text, const std::string& file);

// check_toml_limits, then toml::parse; a parse error becomes an InputError at its position.
toml::table parse_toml(const std::string& text, const std::string& file);

// "table", "string", "integer", ... for messages.
const char* toml_type_name(const toml::node& n);

// An id of lower-case letters, digits, '_' or '-', starting with a letter or digit, without
// "--" (reserved for chart panels: chart file names are unique by construction).
bool valid_id(const std::string& id);

class TomlReader {
 public:
  explicit TomlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  Location loc(const toml::node& n, const std::string& key) const;

  // Rejects keys not in `allowed`, so typos do not pass silently.
  void check_keys(const toml::table& t, const std::string& ctx,
                  std::initializer_list<std::string_view> allowed) const;

  // The node of `key`, or nullptr when it is absent and not required (error when required).
  const toml::node* get(const toml::table& t, const std::string& ctx, std::string_view key,
                        bool required, const toml::node& owner) const;
  // The node of `key`, or `owner` when absent (for locating messages about the key).
  const toml::node& at(const toml::table& t, std::string_view key, const toml::node& owner) const {
    const toml::node* n = t.get(key);
    return n ? *n : owner;
  }

  std::string str(const toml::table& t, const std::string& ctx, std::string_view key, bool required,
                  const toml::node& owner, std::string def = {}) const;
  // A number: TOML integer or float, or a string in Swedish/English number format.
  double number(const toml::node& n, const std::string& key) const;
  std::optional<double> num(const toml::table& t, const std::string& ctx, std::string_view key,
                            bool required, const toml::node& owner) const;
  std::optional<int> integer(const toml::table& t, const std::string& ctx, std::string_view key,
                             bool required, const toml::node& owner, std::int64_t lo,
                             std::int64_t hi) const;
  // A year from 1900 to 2200 (target, intervention and base years).
  std::optional<int> year(const toml::table& t, const std::string& ctx, std::string_view key,
                          bool required, const toml::node& owner) const;
  // Refuses an array `key` with more than `max` elements (`what`, e.g. "[[target]] tables"), at
  // the first one too many.
  void check_count(const toml::array& a, const std::string& key, const std::string& what,
                   std::size_t max) const;
  std::vector<std::string> str_array(const toml::table& t, const std::string& ctx,
                                     std::string_view key) const;

 private:
  std::string file_;
};

}  // namespace utsikt::detail
