// PC-Axis (.px) reader, following Statistics Sweden's "PX file format specification" (2013).
//
// A PX file is a list of entries KEYWORD[lang]("sub","keys")=value-list; ending with
// DATA=...; The reader lexes the raw bytes (every syntax character is ASCII, so lexing does
// not depend on the charset), then decides the charset from CODEPAGE/CHARSET and the bytes
// themselves and decodes the quoted strings, then builds the Table from the entries.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "import_internal.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/io/import.hpp"

namespace utsikt {

namespace {

using importer::fold;
using importer::quote_excerpt;
using importer::trim;

constexpr std::size_t kMaxEntries = 1'000'000;
constexpr std::size_t kMaxKeywordLength = 100;

// A position in the file: 1-based line and the byte offset where that line starts.
struct Pos {
  int line = 1;
  std::size_t line_start = 0;
  std::size_t offset = 0;
};

// One value of an entry: a (possibly continued) quoted string, a bare word such as YES or 2,
// or TLIST(unit[, "from"-"to"]).
struct Item {
  enum Kind { string, word, tlist } kind = word;
  std::string text;        // raw bytes (strings: contents without quotes, concatenated)
  std::string range_from;  // TLIST range, raw bytes
  std::string range_to;
  Pos pos;
};

struct Entry {
  std::string keyword;               // upper case
  std::string lang;                  // "" = the file's default language
  std::vector<std::string> subkeys;  // raw bytes
  std::vector<Item> items;
  Pos pos;
};

class Lexer {
 public:
  Lexer(std::string_view bytes, const std::string& file, bool utf8_columns)
      : s_(bytes), file_(file), utf8_columns_(utf8_columns) {
    if (has_utf8_bom(s_)) p_.offset = p_.line_start = 3;
  }

  // Reads entries up to and including "DATA=" (stops right after '='). Returns false if the
  // file ends before DATA.
  bool read_header(std::vector<Entry>& entries) {
    while (true) {
      skip_space();
      if (at_end()) return false;
      Entry e;
      e.pos = p_;
      e.keyword = read_keyword();
      skip_space();
      if (peek() == '[') {
        advance();
        const Pos lp = p_;
        while (!at_end() && peek() != ']' && !is_line_break()) advance();
        if (peek() != ']') fail(lp, e.keyword, "']' closing the language code", found_here());
        e.lang = std::string(s_.substr(lp.offset, p_.offset - lp.offset));
        advance();
        skip_space();
      }
      if (peek() == '(') {
        advance();
        while (true) {
          skip_space();
          if (peek() != '"') fail(p_, e.keyword, "a quoted name in the parentheses", found_here());
          e.subkeys.push_back(read_string(e.keyword).text);
          skip_space();
          if (peek() == ',') {
            advance();
            continue;
          }
          if (peek() == ')') {
            advance();
            break;
          }
          fail(p_, e.keyword, "',' or ')' after a quoted name", found_here());
        }
        skip_space();
      }
      if (peek() != '=') fail(p_, e.keyword, "'=' after the keyword", found_here());
      advance();
      if (e.keyword == "DATA") {
        entries.push_back(std::move(e));
        return true;
      }
      read_values(e);
      if (entries.size() >= kMaxEntries) {
        fail(e.pos, e.keyword, "at most " + std::to_string(kMaxEntries) + " keywords", "more");
      }
      entries.push_back(std::move(e));
    }
  }

  // DATA tokens: calls on_value(text, quoted, pos) for each value until ';' or end of file.
  // Returns true if a ';' ended the data.
  template <typename F>
  bool read_data(F&& on_value) {
    while (true) {
      skip_space(true);
      if (at_end()) return false;
      if (peek() == ';') {
        advance();
        return true;
      }
      const Pos vp = p_;
      if (peek() == '"') {
        const Item it = read_string("DATA", false);
        on_value(std::string_view(it.text), true, vp);
      } else {
        const std::size_t b = p_.offset;
        while (!at_end() && !is_space() && peek() != ',' && peek() != ';' && peek() != '"') {
          advance();
        }
        on_value(s_.substr(b, p_.offset - b), false, vp);
      }
    }
  }

  // After DATA's ';' only blanks may follow.
  void expect_end() {
    skip_space();
    if (!at_end()) {
      fail(p_, "DATA", "the end of the file after the ';' that ends DATA", found_here(),
           "DATA must be the last keyword of a PC-Axis file");
    }
  }

  Pos pos() const { return p_; }

  int column(const Pos& p) const {
    const std::string_view line = s_.substr(p.line_start, p.offset - p.line_start);
    return static_cast<int>((utf8_columns_ ? utf8_length(line) : line.size()) + 1);
  }

  [[noreturn]] void fail(const Pos& p, const std::string& field, const std::string& expected,
                         const std::string& found, const std::string& hint = {}) const {
    throw InputError(Location{file_, p.line, column(p), field}, expected, found, hint);
  }

  std::string found_here() const {
    if (at_end()) return "the end of the file";
    if (is_line_break()) return "the end of the line";
    const std::size_t b = p_.offset;
    std::size_t e = b;
    while (e < s_.size() && e - b < 20 && s_[e] != '\n' && s_[e] != '\r') ++e;
    return "'" + printable(s_.substr(b, e - b)) + "'";
  }

  // Bytes for a message: as they are if UTF-8, else read as Windows-1252.
  static std::string printable(std::string_view bytes) {
    return utf8_is_valid(bytes) ? std::string(bytes) : windows1252_to_utf8(bytes);
  }

 private:
  bool at_end() const { return p_.offset >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[p_.offset]; }
  unsigned char upeek(std::size_t k = 0) const {
    return p_.offset + k < s_.size() ? static_cast<unsigned char>(s_[p_.offset + k]) : 0;
  }
  // CR, LF, NEL as the byte 0x85 (single-byte charsets) or C2 85 (UTF-8).
  bool is_line_break() const {
    const unsigned char c = upeek();
    return c == '\n' || c == '\r' || c == 0x85 || (c == 0xC2 && upeek(1) == 0x85);
  }
  bool is_space() const {
    const unsigned char c = upeek();
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || is_line_break();
  }
  void advance() {
    if (at_end()) return;
    const unsigned char c = upeek();
    std::size_t len = 1;
    bool newline = false;
    if (c == '\r') {
      newline = true;
      if (upeek(1) == '\n') len = 2;
    } else if (c == '\n' || c == 0x85) {
      newline = true;
    } else if (c == 0xC2 && upeek(1) == 0x85) {
      newline = true;
      len = 2;
    }
    p_.offset += len;
    if (newline) {
      ++p_.line;
      p_.line_start = p_.offset;
    }
  }
  void skip_space(bool data_separators = false) {
    while (!at_end() && (is_space() || (data_separators && peek() == ','))) advance();
  }

  std::string read_keyword() {
    const std::size_t b = p_.offset;
    while (!at_end()) {
      const char c = peek();
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      if (!ok) break;
      advance();
      if (p_.offset - b > kMaxKeywordLength) {
        fail(p_, "", "a keyword of at most " + std::to_string(kMaxKeywordLength) + " characters",
             "a longer one");
      }
    }
    if (p_.offset == b) {
      fail(p_, "", "a keyword (letters, digits and '-', as in VALUES or LAST-UPDATED)",
           found_here());
    }
    std::string k(s_.substr(b, p_.offset - b));
    for (char& c : k) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return k;
  }

  // A quoted string; with `continued`, following quoted strings separated only by blanks and
  // line breaks are appended ("abc" "def" -> abcdef), the PX way of continuing long texts.
  Item read_string(const std::string& keyword, bool continued = true) {
    Item it;
    it.kind = Item::string;
    it.pos = p_;
    while (true) {
      const Pos start = p_;
      advance();  // opening quote
      const std::size_t b = p_.offset;
      while (!at_end() && peek() != '"') {
        if (upeek() == '\n' || upeek() == '\r') {
          fail(start, keyword, "a closing '\"' on the same line as the opening one",
               "the end of the line",
               "continue a long text on the next line as \"first part\" \"second part\"");
        }
        advance();
      }
      if (at_end()) {
        fail(start, keyword, "a closing '\"'", "the end of the file");
      }
      it.text.append(s_.substr(b, p_.offset - b));
      advance();  // closing quote
      if (!continued) return it;
      const Pos save = p_;
      skip_space();
      if (peek() != '"') {
        p_ = save;
        skip_space();
        return it;
      }
    }
  }

  void read_values(Entry& e) {
    while (true) {
      skip_space();
      if (at_end()) {
        fail(p_, e.keyword, "a value and ';' to end the keyword " + e.keyword,
             "the end of the file");
      }
      if (peek() == ';') {
        if (e.items.empty()) fail(p_, e.keyword, "a value before ';'", "';'");
        advance();
        return;
      }
      if (peek() == '"') {
        e.items.push_back(read_string(e.keyword));
      } else {
        Item it;
        it.pos = p_;
        const std::size_t b = p_.offset;
        while (!at_end() && !is_space() && peek() != ',' && peek() != ';' && peek() != '"' &&
               peek() != '(' && peek() != ')') {
          advance();
        }
        it.text = std::string(s_.substr(b, p_.offset - b));
        if (it.text.empty()) fail(p_, e.keyword, "a value (a quoted text or a word)", found_here());
        skip_space();
        if (fold(it.text) == "tlist" && peek() == '(') {
          read_tlist(e.keyword, it);
        }
        e.items.push_back(std::move(it));
      }
      skip_space();
      if (peek() == ',') {
        advance();
        skip_space();
        // CODES("sex")="1","2",; (PxWeb's own example database): an empty last code, which
        // falls back to the value's text when the dimension is built.
        if (!at_end() && peek() == ';' && e.keyword == "CODES") {
          Item empty;
          empty.kind = Item::string;
          empty.pos = p_;
          e.items.push_back(std::move(empty));
        }
        continue;
      }
      if (peek() == ';') continue;
      if (peek() == '"') continue;  // tolerated: a missing comma between quoted values
      fail(p_, e.keyword, "',' between values or ';' at the end of " + e.keyword, found_here());
    }
  }

  // TLIST(A1) or TLIST(A1, "1994"-"1996"); the opening '(' is next.
  void read_tlist(const std::string& keyword, Item& it) {
    it.kind = Item::tlist;
    advance();
    skip_space();
    const std::size_t b = p_.offset;
    while (!at_end() && (std::isalnum(upeek()) != 0)) advance();
    it.text = std::string(s_.substr(b, p_.offset - b));
    if (it.text.empty())
      fail(p_, keyword, "a time unit (A1, H1, Q1, M1 or W1) in TLIST", found_here());
    skip_space();
    if (peek() == ',') {
      advance();
      skip_space();
      if (peek() != '"')
        fail(p_, keyword, "a quoted first period of the TLIST range", found_here());
      it.range_from = read_string(keyword, false).text;
      skip_space();
      if (peek() != '-') fail(p_, keyword, "'-' between the first and last period", found_here());
      advance();
      skip_space();
      if (peek() != '"') fail(p_, keyword, "a quoted last period of the TLIST range", found_here());
      it.range_to = read_string(keyword, false).text;
      skip_space();
    }
    if (peek() != ')') fail(p_, keyword, "')' closing TLIST", found_here());
    advance();
  }

  std::string_view s_;
  const std::string& file_;
  bool utf8_columns_;
  Pos p_;
};

// The entries of a file with lookups by keyword, language and subkeys.
class Entries {
 public:
  // Decodes every text to UTF-8. A file declared or detected as UTF-8 must be valid UTF-8 in
  // its texts; the first invalid text is reported at its position.
  Entries(std::vector<Entry> entries, TextEncoding enc, const Lexer& lex)
      : e_(std::move(entries)), enc_(enc) {
    for (Entry& e : e_) {
      e.lang = decode(e.lang, e.pos, e.keyword, lex);
      for (std::string& k : e.subkeys) k = decode(k, e.pos, e.keyword, lex);
      for (Item& it : e.items) {
        it.text = decode(it.text, it.pos, e.keyword, lex);
        it.range_from = decode(it.range_from, it.pos, e.keyword, lex);
        it.range_to = decode(it.range_to, it.pos, e.keyword, lex);
      }
    }
    for (std::size_t i = 0; i < e_.size(); ++i) {
      index_.emplace(key(e_[i].keyword, e_[i].lang, e_[i].subkeys), i);
    }
  }

  // The first entry with this keyword, language and subkeys, or nullptr.
  const Entry* find(const std::string& keyword, const std::string& lang,
                    const std::vector<std::string>& subkeys = {}) const {
    const auto it = index_.find(key(keyword, lang, subkeys));
    return it == index_.end() ? nullptr : &e_[it->second];
  }
  const std::vector<Entry>& all() const { return e_; }

 private:
  std::string decode(const std::string& raw, const Pos& pos, const std::string& keyword,
                     const Lexer& lex) const {
    if (enc_ == TextEncoding::utf8) {
      const std::size_t bad = utf8_first_invalid(raw);
      if (bad != std::string_view::npos) {
        lex.fail(pos, keyword, "UTF-8 text (the file is read as UTF-8)",
                 "the byte 0x" + hex(static_cast<unsigned char>(raw[bad])) + " that is not UTF-8",
                 "save the file as UTF-8, or declare CHARSET=\"ANSI\" without CODEPAGE=\"utf-8\"");
      }
      return raw;
    }
    return to_utf8(raw, enc_);
  }
  static std::string hex(unsigned char b) {
    const char* digits = "0123456789ABCDEF";
    return {digits[b >> 4], digits[b & 15]};
  }

  static std::string key(const std::string& keyword, const std::string& lang,
                         const std::vector<std::string>& subkeys) {
    std::string k = keyword + '\x1F' + lang;
    for (const std::string& sub : subkeys) k += '\x1F' + sub;
    return k;
  }

  std::vector<Entry> e_;
  TextEncoding enc_;
  std::unordered_map<std::string, std::size_t> index_;
};

std::string join_texts(const Entry& e) {
  std::string s;
  for (const Item& it : e.items) {
    if (!s.empty()) s += ", ";
    s += it.text;
  }
  return s;
}

// PX uses '#' as a line break inside notes and contact texts.
std::string note_text(const Entry& e) {
  std::string s;
  for (const Item& it : e.items) s += it.text;
  std::replace(s.begin(), s.end(), '#', '\n');
  return s;
}

TextEncoding decide_encoding(std::string_view bytes, const std::vector<Entry>& raw,
                             std::string* how) {
  std::string charset, codepage;
  for (const Entry& e : raw) {
    if (!e.lang.empty() || e.items.empty()) continue;
    if (e.keyword == "CHARSET") charset = fold(e.items[0].text);
    if (e.keyword == "CODEPAGE") codepage = fold(e.items[0].text);
  }
  const bool valid = utf8_is_valid(bytes);
  if (has_utf8_bom(bytes)) {
    *how = "UTF-8 (byte order mark)";
    return TextEncoding::utf8;
  }
  if (codepage == "utf-8" || codepage == "utf8") {
    *how = "UTF-8 (CODEPAGE)";
    return TextEncoding::utf8;
  }
  if (valid && !is_ascii(bytes)) {
    // Windows-1252 text with Swedish letters is practically never valid UTF-8, so a file that
    // is valid UTF-8 was saved as UTF-8 whatever CHARSET says.
    *how = charset == "ansi" ? "UTF-8 (content is UTF-8 although CHARSET=\"ANSI\")" : "UTF-8";
    return TextEncoding::utf8;
  }
  if (charset == "ansi") {
    *how = "Windows-1252 (CHARSET=\"ANSI\")";
  } else if (!codepage.empty()) {
    *how = "Windows-1252 (CODEPAGE=\"" + codepage + "\")";
  } else {
    *how = valid ? "ASCII" : "Windows-1252 (assumed: no CHARSET and not UTF-8)";
  }
  return TextEncoding::windows1252;
}

// Expands TLIST(unit, "from"-"to") for the units with fixed sub-periods per year.
std::vector<std::string> expand_tlist_range(const Item& t, std::size_t max_count, bool* ok) {
  std::vector<std::string> out;
  *ok = false;
  const std::string unit = fold(t.text);
  int per_year = 0, digits = 0;
  if (unit == "a1")
    per_year = 1, digits = 0;
  else if (unit == "h1")
    per_year = 2, digits = 1;
  else if (unit == "q1")
    per_year = 4, digits = 1;
  else if (unit == "m1")
    per_year = 12, digits = 2;
  else
    return out;
  auto parse = [&](const std::string& s, int& year, int& sub) {
    if (s.size() != static_cast<std::size_t>(4 + digits)) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    year = std::stoi(s.substr(0, 4));
    sub = digits == 0 ? 1 : std::stoi(s.substr(4));
    return sub >= 1 && sub <= per_year;
  };
  int y0 = 0, s0 = 0, y1 = 0, s1 = 0;
  if (!parse(t.range_from, y0, s0) || !parse(t.range_to, y1, s1)) return out;
  long long first = static_cast<long long>(y0) * per_year + (s0 - 1);
  long long last = static_cast<long long>(y1) * per_year + (s1 - 1);
  if (last < first || static_cast<std::size_t>(last - first) >= max_count) return out;
  for (long long k = first; k <= last; ++k) {
    const int y = static_cast<int>(k / per_year), sub = static_cast<int>(k % per_year) + 1;
    std::string s = std::to_string(y);
    if (digits == 1) s += std::to_string(sub);
    if (digits == 2) s += (sub < 10 ? "0" : "") + std::to_string(sub);
    out.push_back(s);
  }
  *ok = true;
  return out;
}

TimeFrequency tlist_frequency(const std::string& unit) {
  const std::string u = fold(unit);
  if (u == "a1") return TimeFrequency::yearly;
  if (u == "h1") return TimeFrequency::half_yearly;
  if (u == "q1") return TimeFrequency::quarterly;
  if (u == "m1") return TimeFrequency::monthly;
  if (u == "w1") return TimeFrequency::weekly;
  return TimeFrequency::other;
}

bool all_dots(std::string_view s) {
  return !s.empty() && s.size() <= 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c == '.'; });
}

// Status of a DATA cell with the nil symbol "-"; 1..6 are the dot symbols by length.
constexpr std::uint8_t kNil = 7;

// Builds a Table from the decoded entries, one step per part of the file.
class PxBuilder {
 public:
  PxBuilder(const std::string& file, const Lexer& lex, const Entries& entries, Table& t)
      : file_(file), lex_(lex), entries_(entries), t_(t) {}

  void languages(const std::string& wanted);
  void metadata();
  void dimensions();
  void symbols();
  void notes();
  void data(Lexer& lex, const Entry& data_entry, std::size_t max_cells);

 private:
  // The dimensions' names from STUB and HEADING (in the language read, and in the default
  // language), checked: at least one, at most kMaxDimensions, distinct.
  struct DimensionNames {
    std::vector<std::string> defaults, names;
    const Entry* first_entry = nullptr;  // STUB (or HEADING), for messages
  };
  DimensionNames dimension_names() const;
  // Dimension i: its VALUES, CODES and VARIABLE-CODE.
  Dimension dimension(const DimensionNames& dn, std::size_t i) const;
  // Makes dim the time dimension by its TIMEVAL (name: the dimension's name, for messages).
  void apply_timeval(Dimension& dim, const Entry& timeval, const std::string& name) const;

  Location where(const Entry& e, const std::string& field = {}) const {
    return Location{file_, e.pos.line, lex_.column(e.pos), field.empty() ? e.keyword : field};
  }
  Location where(const Item& it, const std::string& field) const {
    return Location{file_, it.pos.line, lex_.column(it.pos), field};
  }
  static std::string keyword_name(const std::string& kw, const std::string& lang,
                                  const std::vector<std::string>& sub) {
    std::string s = kw;
    if (!lang.empty()) s += "[" + lang + "]";
    if (!sub.empty()) {
      s += "(";
      for (std::size_t i = 0; i < sub.size(); ++i) s += (i ? ",\"" : "\"") + sub[i] + "\"";
      s += ")";
    }
    return s;
  }
  // The entry in the language read; for keywords a translation may leave out (CODES, TIMEVAL,
  // VARIABLE-CODE, table texts) the default-language entry under the default-language name.
  const Entry* get(const std::string& kw, const std::vector<std::string>& sub = {}) const {
    return entries_.find(kw, lang_, sub);
  }
  const Entry* get_or_default(const std::string& kw, const std::vector<std::string>& sub,
                              const std::vector<std::string>& sub_default) const {
    const Entry* e = get(kw, sub);
    if (!e && !lang_.empty()) e = entries_.find(kw, "", sub_default);
    return e;
  }
  std::string text_of(const std::string& kw) const {
    const Entry* e = get_or_default(kw, {}, {});
    return e ? join_texts(*e) : std::string();
  }

  const std::string& file_;
  const Lexer& lex_;
  const Entries& entries_;
  Table& t_;
  std::string lang_;  // language suffix to look up; "" = the file's default language
};

void PxBuilder::languages(const std::string& wanted) {
  std::string default_lang;
  if (const Entry* e = entries_.find("LANGUAGE", ""); e && !e->items.empty()) {
    default_lang = e->items[0].text;
  }
  if (const Entry* e = entries_.find("LANGUAGES", "")) {
    for (const Item& it : e->items) t_.languages.push_back(it.text);
  }
  t_.language = default_lang;
  if (wanted.empty() || equal_fold(wanted, default_lang)) return;
  for (const std::string& l : t_.languages) {
    if (equal_fold(l, wanted)) lang_ = l;
  }
  if (lang_.empty()) {
    std::string avail = default_lang.empty() ? std::string("(none stated)") : default_lang;
    for (const std::string& l : t_.languages) {
      if (!equal_fold(l, default_lang)) avail += ", " + l;
    }
    throw InputError(Location{file_, 0, 0, "LANGUAGES"}, "a language the file offers: " + avail,
                     "'" + wanted + "'");
  }
  t_.language = lang_;
}

void PxBuilder::metadata() {
  t_.title = text_of("TITLE");
  t_.contents = text_of("CONTENTS");
  t_.units = text_of("UNITS");
  if (const Entry* e = entries_.find("DECIMALS", ""); e && !e->items.empty()) {
    int d = -1;
    const std::string& s = e->items[0].text;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || d < 0 || d > 15) {
      throw InputError(where(*e), "a whole number of decimals from 0 to 15", quote_excerpt(s));
    }
    t_.decimals = d;
  }
  t_.provenance.source = text_of("SOURCE");
  t_.provenance.table_id = text_of("TABLEID");
  if (t_.provenance.table_id.empty()) t_.provenance.table_id = text_of("MATRIX");
  t_.provenance.updated = text_of("LAST-UPDATED");
  for (const Entry& e : entries_.all()) {
    if (e.lang != lang_ || e.subkeys.size() != 1 || e.items.empty()) continue;
    // With CONTVARIABLE each content may have its own LAST-UPDATED("content") and
    // UNITS("content"): take the latest date (CCYYMMDD hh:mm sorts as text) and list the units.
    if (e.keyword == "LAST-UPDATED" && entries_.find("LAST-UPDATED", lang_) == nullptr) {
      t_.provenance.updated = std::max(t_.provenance.updated, e.items[0].text);
    }
    if (e.keyword == "UNITS" && entries_.find("UNITS", lang_) == nullptr) {
      t_.units += (t_.units.empty() ? "" : "; ") + e.subkeys[0] + ": " + e.items[0].text;
    }
  }
}

PxBuilder::DimensionNames PxBuilder::dimension_names() const {
  // Dimensions: STUB then HEADING.
  DimensionNames dn;
  std::vector<std::string>& names_default = dn.defaults;
  std::vector<std::string>& names = dn.names;
  const Entry*& first_dim_entry = dn.first_entry;
  for (const char* kw : {"STUB", "HEADING"}) {
    const Entry* d = entries_.find(kw, "");
    const Entry* l = lang_.empty() ? d : entries_.find(kw, lang_);
    if (d && !first_dim_entry) first_dim_entry = d;
    if (!lang_.empty() && d && !l) {
      throw InputError(where(*d),
                       std::string(kw) + "[" + lang_ + "] (the names in language " + lang_ + ")",
                       "no " + std::string(kw) + "[" + lang_ + "]");
    }
    if (d) {
      if (l->items.size() != d->items.size()) {
        throw InputError(where(*l), std::to_string(d->items.size()) + " names as in " + kw,
                         std::to_string(l->items.size()));
      }
      for (std::size_t i = 0; i < d->items.size(); ++i) {
        names_default.push_back(d->items[i].text);
        names.push_back(l->items[i].text);
      }
    }
  }
  if (names.size() > importer::kMaxDimensions) {
    throw InputError(where(*first_dim_entry, "STUB/HEADING"),
                     "at most " + std::to_string(importer::kMaxDimensions) + " dimensions",
                     std::to_string(names.size()));
  }
  if (names.empty()) {
    throw InputError(Location{file_, 1, 1, "STUB"},
                     "STUB= and/or HEADING= naming the table's dimensions", "neither");
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        throw InputError(where(*first_dim_entry, "STUB/HEADING"), "distinct dimension names",
                         "'" + names[i] + "' twice");
      }
    }
  }
  return dn;
}

Dimension PxBuilder::dimension(const DimensionNames& dn, std::size_t i) const {
  const std::vector<std::string>& names = dn.names;
  Dimension dim;
  dim.text = names[i];
  const std::vector<std::string> sub{names[i]}, sub_default{dn.defaults[i]};
  const Entry* values = get("VALUES", sub);
  if (!values) {
    const Entry* anchor = dn.first_entry;
    throw InputError(where(*anchor, keyword_name("VALUES", lang_, sub)),
                     "VALUES" + std::string(lang_.empty() ? "" : "[" + lang_ + "]") + "(\"" +
                         names[i] + "\")=... listing the values of dimension '" + names[i] + "'",
                     "no such keyword");
  }
  for (const Item& it : values->items) dim.value_texts.push_back(it.text);
  const Entry* codes = get_or_default("CODES", sub, sub_default);
  if (codes) {
    if (codes->items.size() != values->items.size()) {
      throw InputError(where(*codes, keyword_name("CODES", codes->lang, codes->subkeys)),
                       std::to_string(values->items.size()) + " codes, one per value in VALUES(\"" +
                           names[i] + "\") on line " + std::to_string(values->pos.line),
                       std::to_string(codes->items.size()));
    }
    // An empty code (a trailing comma or "") falls back to the value's text.
    for (std::size_t k = 0; k < codes->items.size(); ++k) {
      const std::string& code = codes->items[k].text;
      dim.value_codes.push_back(code.empty() ? dim.value_texts[k] : code);
    }
  } else {
    dim.value_codes = dim.value_texts;
  }
  if (const std::string* dup = importer::first_duplicate(dim.value_codes)) {
    const Entry* e = codes ? codes : values;
    throw InputError(where(*e, keyword_name(e->keyword, e->lang, e->subkeys)), "distinct values",
                     "'" + *dup + "' twice");
  }
  const Entry* vcode = get_or_default("VARIABLE-CODE", sub, sub_default);
  dim.code = vcode && !vcode->items.empty() ? vcode->items[0].text : dn.defaults[i];
  return dim;
}

void PxBuilder::apply_timeval(Dimension& dim, const Entry& timeval, const std::string& name) const {
  const std::string field = keyword_name("TIMEVAL", timeval.lang, timeval.subkeys);
  if (timeval.items.empty() || timeval.items[0].kind != Item::tlist) {
    throw InputError(where(timeval, field), "TLIST(unit) first, e.g. TLIST(A1),\"2007\",\"2008\"",
                     timeval.items.empty() ? "nothing" : quote_excerpt(timeval.items[0].text));
  }
  const Item& tl = timeval.items[0];
  dim.frequency = tlist_frequency(tl.text);
  if (dim.frequency == TimeFrequency::other) {
    throw InputError(where(tl, field), "a time unit A1, H1, Q1, M1 or W1 in TLIST",
                     quote_excerpt(tl.text));
  }
  std::vector<std::string> periods;
  if (!tl.range_from.empty()) {
    bool ok = false;
    periods = expand_tlist_range(tl, dim.size() + 1, &ok);
    if (!ok) periods.clear();  // W1 ranges, odd forms: the VALUES stay the periods
    if (!ok && dim.frequency == TimeFrequency::yearly) {
      throw InputError(where(tl, field),
                       "a range of " + std::to_string(dim.size()) + " years like \"1994\"-\"1996\"",
                       "\"" + tl.range_from + "\"-\"" + tl.range_to + "\"");
    }
  } else {
    for (std::size_t k = 1; k < timeval.items.size(); ++k) periods.push_back(timeval.items[k].text);
  }
  if (!periods.empty() && periods.size() != dim.size()) {
    throw InputError(where(timeval, field),
                     std::to_string(dim.size()) + " periods, one per value of '" + name + "'",
                     std::to_string(periods.size()));
  }
  if (dim.frequency == TimeFrequency::yearly) {
    for (std::size_t k = 0; k < dim.size(); ++k) {
      const std::string& p = periods.empty() ? dim.value_codes[k] : periods[k];
      const importer::Period pp = importer::parse_period(trim(p));
      if (pp.frequency != TimeFrequency::yearly) {
        throw InputError(where(timeval, field), "a four-digit year for TLIST(A1)",
                         quote_excerpt(p));
      }
      dim.years.push_back(pp.year);
    }
  }
  dim.is_time = true;
}

void PxBuilder::dimensions() {
  const DimensionNames dn = dimension_names();
  int time_dim = -1;
  for (std::size_t i = 0; i < dn.names.size(); ++i) {
    Dimension dim = dimension(dn, i);
    const std::vector<std::string> sub{dn.names[i]}, sub_default{dn.defaults[i]};
    const Entry* timeval = get_or_default("TIMEVAL", sub, sub_default);
    if (timeval && time_dim < 0) {
      apply_timeval(dim, *timeval, dn.names[i]);
      time_dim = static_cast<int>(i);
    }
    t_.dims.push_back(std::move(dim));
  }
  if (time_dim < 0) {
    // No TIMEVAL: a dimension called year/period/tid... whose values are all periods.
    for (std::size_t i = 0; i < t_.dims.size() && time_dim < 0; ++i) {
      Dimension& d = t_.dims[i];
      if (!importer::is_time_name(d.text) && !importer::is_time_name(d.code)) continue;
      Dimension probe = d;
      importer::classify_time_dimension(probe);
      if (probe.frequency != TimeFrequency::other) {
        d = std::move(probe);
        d.is_time = true;
        time_dim = static_cast<int>(i);
      }
    }
  }
}

void PxBuilder::symbols() {
  // Missing-value symbols and their meanings.
  auto symbol_meaning = [&](const std::string& kw, const std::string& fallback) {
    std::string m = text_of(kw);
    return m.empty() ? fallback : m;
  };
  for (int k = 1; k <= 6; ++k) {
    t_.missing_symbols.push_back(MissingSymbol{
        std::string(static_cast<std::size_t>(k), '.'),
        symbol_meaning("DATASYMBOL" + std::to_string(k),
                       "missing (symbol '" + std::string(static_cast<std::size_t>(k), '.') + "')"),
        false});
  }
  t_.missing_symbols.push_back(
      MissingSymbol{"-", symbol_meaning("DATASYMBOLNIL", "nil (magnitude zero)"), true});
  for (const Entry& e : entries_.all()) {
    if (e.keyword == "KEYS") {
      throw InputError(where(e), "a PC-Axis file_ with a full DATA matrix",
                       "KEYS (the sparse DATA layout)",
                       "save the table from PxWeb without KEYS, or as JSON-stat");
    }
  }
}

void PxBuilder::notes() {
  // Notes, in the order of the file.
  for (const Entry& e : entries_.all()) {
    if (e.lang != lang_) continue;
    std::string kw = e.keyword;
    const bool mandatory = !kw.empty() && kw.back() == 'X';
    if (mandatory) kw.pop_back();
    std::string prefix;
    if (kw == "NOTE") {
      prefix = e.subkeys.empty() ? "Note" : "Note on " + e.subkeys[0];
    } else if (kw == "VALUENOTE" && e.subkeys.size() == 2) {
      prefix = "Note on " + e.subkeys[0] + " = " + e.subkeys[1];
    } else if (kw == "CELLNOTE") {
      prefix = "Note on cell (";
      for (std::size_t i = 0; i < e.subkeys.size(); ++i) prefix += (i ? ", " : "") + e.subkeys[i];
      prefix += ")";
    } else {
      continue;
    }
    if (mandatory) prefix += " (mandatory)";
    t_.provenance.notes.push_back(prefix + ": " + note_text(e));
  }
}

void PxBuilder::data(Lexer& lex, const Entry& data_entry, std::size_t max_cells) {
  // DATA.
  const std::size_t n = importer::checked_cell_count(t_.dims, max_cells, where(data_entry));
  t_.values.assign(n, std::numeric_limits<double>::quiet_NaN());
  t_.status.assign(n, 0);
  std::size_t count = 0;
  auto shape_text = [&] {
    std::string sizes, dim_names;
    for (std::size_t i = 0; i < t_.dims.size(); ++i) {
      sizes += (i ? " x " : "") + std::to_string(t_.dims[i].size());
      dim_names += (i ? " x " : "") + t_.dims[i].text;
    }
    return sizes + " (" + dim_names + ")";
  };
  const bool ended = lex.read_data([&](std::string_view tok, bool quoted, const Pos& p) {
    if (count >= n) {
      lex.fail(p, "DATA", std::to_string(n) + " values = " + shape_text(),
               "more values, starting with '" + Lexer::printable(tok.substr(0, 20)) + "'");
    }
    const std::string_view v = trim(tok);
    if (all_dots(v)) {
      t_.status[count] = static_cast<std::uint8_t>(v.size());
    } else if (v == "-") {
      t_.status[count] = kNil;
    } else {
      const char* b = v.data();
      const char* e = v.data() + v.size();
      if (b != e && *b == '+') ++b;
      double x = 0;
      const auto r = std::from_chars(b, e, x);
      if (v.empty() || r.ec != std::errc() || r.ptr != e || !std::isfinite(x)) {
        lex.fail(p, "DATA",
                 "a number (with '.' as decimal point) or a missing-value symbol (. .. ... "
                 ".... ..... ...... -)",
                 (quoted ? "\"" : "'") + Lexer::printable(tok.substr(0, 40)) +
                     (quoted ? "\"" : "'") + " as value " + std::to_string(count + 1) + " of " +
                     std::to_string(n));
      }
      t_.values[count] = x;
    }
    ++count;
  });
  if (count < n) {
    const Pos p = lex.pos();
    lex.fail(p, "DATA", std::to_string(n) + " values = " + shape_text(),
             std::to_string(count) + " values" +
                 (ended ? " before ';'" : " before the end of the file_"));
  }
  // A file_ that ends right after the last value without ';' is accepted (PxWeb writes such
  // files, e.g. Month_PR0101B3.px in its examples); the count of values was checked above.
  if (ended) lex.expect_end();
}

}  // namespace

Table parse_px(std::string_view bytes, const std::string& file, const ReadOptions& options) {
  if (bytes.size() > options.max_bytes) {
    throw InputError(Location{file, 0, 0, ""},
                     "a file of at most " + std::to_string(options.max_bytes) + " bytes",
                     std::to_string(bytes.size()) + " bytes");
  }
  Lexer lex(bytes, file, utf8_is_valid(bytes));
  std::vector<Entry> raw;
  if (!lex.read_header(raw)) {
    const Pos end = lex.pos();
    throw InputError(Location{file, end.line, lex.column(end), "DATA"},
                     "the keyword DATA= with the table's values (the last keyword of a PC-Axis "
                     "file)",
                     "the end of the file without DATA",
                     "the file is incomplete or not a PC-Axis file");
  }
  const Entry data_entry = raw.back();
  raw.pop_back();

  Table t;
  t.file = file;
  t.format = "PC-Axis";
  std::string how;
  const TextEncoding enc = decide_encoding(bytes, raw, &how);
  t.encoding = how;
  const Entries entries(std::move(raw), enc, lex);
  PxBuilder b(file, lex, entries, t);
  b.languages(options.language);
  b.metadata();
  b.dimensions();
  b.symbols();
  b.notes();
  b.data(lex, data_entry, options.max_cells);
  return t;
}

}  // namespace utsikt
