#include "utsikt/toml_reader.hpp"

#include <algorithm>
#include <cmath>

#include "utsikt/number.hpp"

namespace utsikt::detail {

const char* toml_type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "floating-point number";
    case toml::node_type::boolean:
      return "boolean";
    default:
      return "date/time";
  }
}

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  auto lower_or_digit = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
  };
  if (!lower_or_digit(id[0])) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char ch) { return lower_or_digit(ch) || ch == '_' || ch == '-'; });
}

Location TomlReader::loc(const toml::node& n, const std::string& key) const {
  const auto& b = n.source().begin;
  return Location{file_, static_cast<int>(b.line), static_cast<int>(b.column), key};
}

void TomlReader::check_keys(const toml::table& t, const std::string& ctx,
                            std::initializer_list<std::string_view> allowed) const {
  for (const auto& [k, v] : t) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw InputError(loc(v, ctx + std::string(k.str())), "one of the keys " + list,
                       "unknown key '" + std::string(k.str()) + "'");
    }
  }
}

const toml::node* TomlReader::get(const toml::table& t, const std::string& ctx,
                                  std::string_view key, bool required,
                                  const toml::node& owner) const {
  const toml::node* n = t.get(key);
  if (!n && required)
    throw InputError(loc(owner, ctx + std::string(key)), "the key '" + std::string(key) + "'",
                     "it is missing");
  return n;
}

std::string TomlReader::str(const toml::table& t, const std::string& ctx, std::string_view key,
                            bool required, const toml::node& owner, std::string def) const {
  const toml::node* n = get(t, ctx, key, required, owner);
  if (!n) return def;
  if (!n->is_string())
    throw InputError(loc(*n, ctx + std::string(key)), "a string in quotes",
                     std::string("a ") + toml_type_name(*n));
  return std::string(*n->value<std::string>());
}

double TomlReader::number(const toml::node& n, const std::string& key) const {
  if (n.is_integer()) return static_cast<double>(*n.value<std::int64_t>());
  if (n.is_floating_point()) {
    const double v = *n.value<double>();
    if (!std::isfinite(v)) throw InputError(loc(n, key), "a finite number", "nan or inf");
    return v;
  }
  if (n.is_string()) {
    const std::string s(*n.value<std::string>());
    const ParsedNumber p = parse_number(s);
    if (p.status == NumberStatus::ok) return p.value;
    throw InputError(loc(n, key), "a number such as 260000 or \"48,8\"",
                     "\"" + s + "\"" + (p.error.empty() ? "" : " (" + p.error + ")"));
  }
  throw InputError(loc(n, key), "a number", std::string("a ") + toml_type_name(n));
}

std::optional<double> TomlReader::num(const toml::table& t, const std::string& ctx,
                                      std::string_view key, bool required,
                                      const toml::node& owner) const {
  const toml::node* n = get(t, ctx, key, required, owner);
  if (!n) return std::nullopt;
  return number(*n, ctx + std::string(key));
}

std::optional<int> TomlReader::integer(const toml::table& t, const std::string& ctx,
                                       std::string_view key, bool required, const toml::node& owner,
                                       std::int64_t lo, std::int64_t hi) const {
  const toml::node* n = get(t, ctx, key, required, owner);
  if (!n) return std::nullopt;
  if (!n->is_integer())
    throw InputError(loc(*n, ctx + std::string(key)), "a whole number",
                     std::string("a ") + toml_type_name(*n));
  const std::int64_t v = *n->value<std::int64_t>();
  if (v < lo || v > hi)
    throw InputError(loc(*n, ctx + std::string(key)),
                     "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
                     std::to_string(v));
  return static_cast<int>(v);
}

std::optional<int> TomlReader::year(const toml::table& t, const std::string& ctx,
                                    std::string_view key, bool required,
                                    const toml::node& owner) const {
  const toml::node* n = get(t, ctx, key, required, owner);
  if (!n) return std::nullopt;
  if (!n->is_integer() || *n->value<std::int64_t>() < 1900 || *n->value<std::int64_t>() > 2200)
    throw InputError(loc(*n, ctx + std::string(key)), "a year from 1900 to 2200",
                     n->is_integer() ? std::to_string(*n->value<std::int64_t>())
                                     : std::string("a ") + toml_type_name(*n));
  return static_cast<int>(*n->value<std::int64_t>());
}

std::vector<std::string> TomlReader::str_array(const toml::table& t, const std::string& ctx,
                                               std::string_view key) const {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a)
    throw InputError(loc(*n, ctx + std::string(key)),
                     "an array of strings such as [\"women\", \"men\"]",
                     std::string("a ") + toml_type_name(*n));
  for (const auto& e : *a) {
    if (!e.is_string())
      throw InputError(loc(e, ctx + std::string(key)), "a string",
                       std::string("a ") + toml_type_name(e));
    out.emplace_back(*e.value<std::string>());
  }
  return out;
}

}  // namespace utsikt::detail
