#include "utsikt/toml_reader.hpp"

#include <algorithm>
#include <cmath>

#include "utsikt/number.hpp"

namespace utsikt::detail {

namespace {

// A non-recursive scanner of just enough TOML to know where keys are: strings (basic, literal,
// multi-line), comments, arrays and inline tables. It counts the parts of every key and table
// header and the nesting depth of values. What it does not understand it leaves to toml++.
class TomlLimitScanner {
 public:
  TomlLimitScanner(std::string_view t, const std::string& file) : t_(t), file_(file) {}

  void run() {
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == '\n') {
        newline();
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (i_ < t_.size() && t_[i_] != '\n') ++i_;
      } else if (at_key_ && depth_ == 0 && c == '[') {
        key(true);
      } else if (at_key_ && c != ']' && c != '}' && c != ',') {
        key(false);
      } else {
        value_char(c);
      }
    }
  }

 private:
  void newline() {
    ++i_;
    ++line_;
    line_start_ = i_;
    if (depth_ == 0) at_key_ = true;
  }

  [[noreturn]] void fail(std::size_t at, const std::string& expected, const std::string& found) {
    // The column counts characters (UTF-8 lead bytes), as toml++ does.
    int col = 1;
    for (std::size_t k = line_start_; k < at && k < t_.size(); ++k)
      if ((static_cast<unsigned char>(t_[k]) & 0xC0) != 0x80) ++col;
    throw InputError(Location{file_, line_, col}, expected, found,
                     "Write the keys as nested tables of a few levels, as in the examples.");
  }

  // Skips a string starting at i_ (basic, literal or multi-line); stops at the end of the text.
  void skip_string() {
    const char q = t_[i_];
    const std::string triple(3, q);
    const bool multi = t_.compare(i_, 3, triple) == 0;
    i_ += multi ? 3 : 1;
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == '\\' && q == '"') {
        if (i_ + 1 < t_.size() && t_[i_ + 1] == '\n') {
          ++line_;
          line_start_ = i_ + 2;
        }
        i_ += 2;
        continue;
      }
      if (c == '\n') {
        if (!multi) return;  // an unterminated string: toml++ reports it
        ++line_;
        line_start_ = i_ + 1;
      }
      if (c == q && (!multi || t_.compare(i_, 3, triple) == 0)) {
        i_ += multi ? 3 : 1;
        return;
      }
      ++i_;
    }
  }

  // A key (up to '=') or a table header (up to ']'), counting its dotted parts.
  void key(bool header) {
    const std::size_t start = i_;
    if (header) i_ += t_.compare(i_, 2, "[[") == 0 ? 2 : 1;
    int parts = 1;
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == '"' || c == '\'') {
        skip_string();
        continue;
      }
      if (c == '\n' || c == '#') break;
      if (c == '.' && ++parts > kMaxTomlKeyParts)
        fail(start,
             "a key or table header of at most " + std::to_string(kMaxTomlKeyParts) +
                 " dotted parts",
             "more parts");
      ++i_;
      if (header && c == ']') break;
      if (!header && c == '=') break;
    }
    at_key_ = false;
  }

  void value_char(char c) {
    if (c == '"' || c == '\'') {
      skip_string();
      return;
    }
    const std::size_t at = i_++;
    if (c == '[' || c == '{') {
      if (++depth_ > kMaxTomlNesting)
        fail(at,
             "arrays and inline tables nested at most " + std::to_string(kMaxTomlNesting) + " deep",
             "deeper nesting");
      stack_.push_back(c);
      at_key_ = c == '{';
    } else if ((c == ']' || c == '}') && depth_ > 0) {
      --depth_;
      stack_.pop_back();
      at_key_ = false;
    } else if (c == ',' && !stack_.empty() && stack_.back() == '{') {
      at_key_ = true;
    }
  }

  std::string_view t_;
  const std::string& file_;
  std::size_t i_ = 0, line_start_ = 0;
  int line_ = 1, depth_ = 0;
  bool at_key_ = true;
  std::string stack_;
};

}  // namespace

void check_toml_limits(std::string_view text, const std::string& file) {
  TomlLimitScanner(text, file).run();
}

toml::table parse_toml(const std::string& text, const std::string& file) {
  check_toml_limits(text, file);
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw InputError(Location{file, static_cast<int>(b.line), static_cast<int>(b.column)},
                     "valid TOML", std::string(e.description()));
  }
}

void TomlReader::check_count(const toml::array& a, const std::string& key, const std::string& what,
                             std::size_t max) const {
  if (a.size() <= max) return;
  throw InputError(loc(a[max], key), "at most " + std::to_string(max) + " " + what,
                   std::to_string(a.size()),
                   "Split the project, or keep only what the follow-up needs.");
}

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
  // "--" separates an indicator from its panel number in chart file names and HTML ids
  // (befolkning--1.svg), so an id with it could collide with another indicator's chart.
  if (id.find("--") != std::string::npos) return false;
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
