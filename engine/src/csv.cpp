#include "utsikt/csv.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "utsikt/error.hpp"
#include "utsikt/number.hpp"

namespace utsikt {
namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim_ascii(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

std::string shorten(const std::string& s) {
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

// Finds the byte offset of the first invalid UTF-8 sequence, for a precise message.
std::size_t first_invalid_utf8(std::string_view text, int* line, int* col) {
  *line = 1;
  *col = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    // Find the next char boundary and check the single code point.
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                  : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > text.size() || !is_valid_utf8(text.substr(i, len))) return i;
    if (c == '\n') {
      ++*line;
      *col = 1;
    } else {
      ++*col;
    }
    i += len;
  }
  return std::string::npos;
}

}  // namespace

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw InputError(Location{path}, "an existing file", "no such file");
  if (std::filesystem::is_directory(status))
    throw InputError(Location{path}, "a file", "a directory");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes)
    throw InputError(Location{path}, "a file of at most " + std::to_string(max_bytes >> 20) + " MiB",
                     std::to_string(size >> 20) + " MiB");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(Location{path}, "a readable file", "permission denied or unreadable");
  std::ostringstream s;
  s << f.rdbuf();
  std::string text = s.str();
  if (text.size() > max_bytes)
    throw InputError(Location{path}, "a file of at most " + std::to_string(max_bytes >> 20) + " MiB",
                     "a larger file");
  if (text.find('\0') != std::string::npos)
    throw InputError(Location{path}, "a text file", "binary data (a NUL byte)",
                     "Save the file as UTF-8 text (CSV).");
  int line = 0, col = 0;
  if (first_invalid_utf8(text, &line, &col) != std::string::npos)
    throw InputError(Location{path, line, col}, "UTF-8 text",
                     "bytes that are not valid UTF-8 (probably Windows-1252/Latin-1)",
                     "Convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 IN > OUT`, "
                     "or in Excel save as 'CSV UTF-8'.");
  // Strip a UTF-8 byte-order mark.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return text;
}

char detect_separator(std::string_view header_line) {
  const bool semi = header_line.find(';') != std::string_view::npos;
  if (semi) return ';';
  return ',';
}

std::vector<std::vector<std::string>> parse_csv_text(std::string_view text, char sep,
                                                     const std::string& file,
                                                     std::vector<int>* line_numbers) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false, field_started = false, was_quoted = false;
  int line = 1, row_line = 1, quote_line = 0;
  auto end_field = [&] {
    row.push_back(was_quoted ? field : trim_ascii(field));
    field.clear();
    field_started = false;
    was_quoted = false;
  };
  auto end_row = [&] {
    end_field();
    const bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      rows.push_back(std::move(row));
      if (line_numbers) line_numbers->push_back(row_line);
    }
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (field_started && !trim_ascii(field).empty())
        throw InputError(Location{file, line, static_cast<int>(row.size()) + 1},
                         "a quote only at the start of a field", "a quote inside an unquoted field");
      field.clear();
      in_quotes = true;
      was_quoted = true;
      field_started = true;
      quote_line = line;
    } else if (c == sep) {
      end_field();
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      end_row();
      ++line;
      row_line = line;
    } else if (c == '\n') {
      end_row();
      ++line;
      row_line = line;
    } else {
      if (was_quoted && c != ' ' && c != '\t')
        throw InputError(Location{file, line, static_cast<int>(row.size()) + 1},
                         "a separator after a closing quote", std::string("'") + c + "'");
      if (!was_quoted) field.push_back(c);
      field_started = true;
    }
  }
  if (in_quotes)
    throw InputError(Location{file, quote_line, static_cast<int>(row.size()) + 1},
                     "a closing quote", "end of file inside a quoted field");
  if (field_started || !row.empty()) end_row();
  return rows;
}

std::vector<Series> parse_long_csv(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t eol = text.find_first_of("\r\n");
  const char sep = detect_separator(text.substr(0, eol));
  std::vector<int> lines;
  const auto rows = parse_csv_text(text, sep, file, &lines);
  if (rows.empty())
    throw InputError(Location{file, 1}, "a header line 'indicator,group,year,value[,source]'",
                     "an empty file");
  std::map<std::string, int> col;
  for (std::size_t i = 0; i < rows[0].size(); ++i) {
    const std::string name = lower_ascii(trim_ascii(rows[0][i]));
    if (!name.empty() && !col.count(name)) col[name] = static_cast<int>(i);
  }
  for (const char* need : {"indicator", "year", "value"}) {
    if (!col.count(need)) {
      std::string found;
      for (const auto& h : rows[0]) found += (found.empty() ? "" : ",") + h;
      throw InputError(Location{file, lines[0], 0, need},
                       std::string("a column named '") + need +
                           "' in the header (indicator,group,year,value[,source])",
                       "header '" + shorten(found) + "'");
    }
  }
  const int c_ind = col["indicator"], c_year = col["year"], c_val = col["value"];
  const int c_grp = col.count("group") ? col["group"] : -1;
  const int c_src = col.count("source") ? col["source"] : -1;

  struct Obs {
    int year;
    double value;
    std::string source;
    int line;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Obs>> acc;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const int line = lines[r];
    auto get = [&](int c) -> std::string { return c >= 0 && c < (int)row.size() ? row[c] : ""; };
    const int needed = std::max({c_ind, c_year, c_val});
    if (static_cast<int>(row.size()) <= needed)
      throw InputError(Location{file, line, static_cast<int>(row.size()) + 1},
                       std::to_string(rows[0].size()) + " fields as in the header",
                       std::to_string(row.size()) + " field(s)",
                       sep == ',' ? "If values use decimal commas, quote them or use ';' as separator."
                                  : "");
    const std::string ind = get(c_ind);
    if (ind.empty())
      throw InputError(Location{file, line, c_ind + 1, "indicator"}, "an indicator id",
                       "an empty field");
    std::string grp = c_grp >= 0 ? get(c_grp) : "total";
    if (grp.empty()) grp = "total";
    const std::string ytxt = get(c_year);
    const ParsedNumber y = parse_number(ytxt);
    if (y.status != NumberStatus::ok || y.percent || y.value != std::floor(y.value) ||
        y.value < 1000 || y.value > 3000)
      throw InputError(Location{file, line, c_year + 1, "year"}, "a year such as 2017",
                       "'" + shorten(ytxt) + "'");
    const std::string vtxt = get(c_val);
    const ParsedNumber v = parse_number(vtxt);
    if (v.status == NumberStatus::invalid)
      throw InputError(Location{file, line, c_val + 1, "value"},
                       "a number (e.g. 251 295 or 48,8 %) or a missing marker (.., -, empty)",
                       "'" + shorten(vtxt) + "' (" + v.error + ")");
    if (v.status == NumberStatus::missing) continue;
    acc[{ind, grp}].push_back(Obs{static_cast<int>(y.value), v.value, get(c_src), line});
  }
  std::vector<Series> out;
  for (auto& [key, obs] : acc) {
    std::stable_sort(obs.begin(), obs.end(),
                     [](const Obs& a, const Obs& b) { return a.year < b.year; });
    Series s;
    s.indicator = key.first;
    s.group = key.second;
    s.provenance.source = file;
    bool any_source = false;
    for (std::size_t i = 0; i < obs.size(); ++i) {
      if (i > 0 && obs[i].year == obs[i - 1].year)
        throw InputError(Location{file, obs[i].line, c_year + 1, "year"},
                         "one value per indicator, group and year",
                         "year " + std::to_string(obs[i].year) + " of " + key.first + "/" +
                             key.second + " again (first on line " +
                             std::to_string(obs[i - 1].line) + ")");
      s.years.push_back(obs[i].year);
      s.values.push_back(obs[i].value);
      s.sources.push_back(obs[i].source);
      any_source = any_source || !obs[i].source.empty();
    }
    if (!any_source) s.sources.clear();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Series> read_long_csv(const std::string& path) {
  return parse_long_csv(read_text_file(path), path);
}

}  // namespace utsikt
