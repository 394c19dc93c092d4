#include "utsikt/csv.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "utsikt/atomic_file.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/error.hpp"
#include "utsikt/number.hpp"
#include "utsikt/period_aggregate.hpp"

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

// At most 60 bytes for a message, cut at a character boundary.
std::string shorten(const std::string& s, std::size_t max = 60) {
  if (s.size() <= max) return s;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

// 1-based line and column (in characters, counting a byte that is not valid UTF-8 as one) of
// byte offset pos.
void line_col(std::string_view text, std::size_t pos, int* line, int* col) {
  *line = 1;
  *col = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++*line;
      *col = 1;
    } else if ((c & 0xC0) != 0x80 || c >= 0xF8) {
      ++*col;
    }
  }
}

std::string hex_byte(unsigned char b) {
  static const char* d = "0123456789ABCDEF";
  return std::string("0x") + d[b >> 4] + d[b & 15];
}

// Whether text has a multi-byte UTF-8 sequence that decodes correctly (a sign that the file is
// mostly UTF-8 and the invalid bytes are a mix-up, not a whole-file single-byte encoding).
bool has_valid_multibyte_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0xC2 || c > 0xF4) continue;
    const std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len <= text.size() && utf8_is_valid(text.substr(i, len))) return true;
  }
  return false;
}

// UTF-16 without a byte order mark: many NUL bytes, nearly all at even or nearly all at odd
// offsets (ASCII text in UTF-16 LE/BE).
bool looks_like_utf16(std::string_view b) {
  const std::size_t n = std::min<std::size_t>(b.size(), 4096);
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (b[i] == '\0') ++(i % 2 ? odd : even);
  return n >= 4 && (even + odd) * 4 >= n && (even * 10 <= odd || odd * 10 <= even);
}

std::string span_text(const YearSpan& s) {
  return std::to_string(s.first) + "-" + std::to_string(s.last);
}

const char* const kSaveAsUtf8 =
    "In Excel use Save As > 'CSV UTF-8 (comma delimited) (*.csv)'; or convert, e.g. "
    "`iconv -f UTF-16 -t UTF-8 IN > OUT`";

}  // namespace

std::string decode_text(std::string_view b, const std::string& file,
                        std::vector<Diagnostic>* notices) {
  auto starts = [&](std::string_view prefix) { return b.substr(0, prefix.size()) == prefix; };
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\0\0"sv) || starts("\0\0\xFE\xFF"sv))
    throw InputError(Location{file, 1, 1}, "UTF-8 text", "UTF-32 text (byte order mark)",
                     std::string(kSaveAsUtf8) + " with -f UTF-32.");
  if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv))
    throw InputError(Location{file, 1, 1}, "UTF-8 text",
                     "UTF-16 text (byte order mark), as Excel writes for 'Unicode text'",
                     std::string(kSaveAsUtf8) + ".");
  if (starts("PK\x03\x04"sv))
    throw InputError(Location{file, 1, 1}, "a text file (CSV or TOML)",
                     "a zip archive, probably an Excel workbook (.xlsx)",
                     "Open it in Excel and use Save As > 'CSV UTF-8 (comma delimited) (*.csv)'.");
  if (starts("\xD0\xCF\x11\xE0"sv))
    throw InputError(Location{file, 1, 1}, "a text file (CSV or TOML)",
                     "an old Excel workbook (.xls)",
                     "Open it in Excel and use Save As > 'CSV UTF-8 (comma delimited) (*.csv)'.");
  if (const std::size_t nul = b.find('\0'); nul != std::string_view::npos) {
    if (looks_like_utf16(b))
      throw InputError(Location{file, 1, 1}, "UTF-8 text",
                       "UTF-16 text without a byte order mark (every other byte is NUL)",
                       std::string(kSaveAsUtf8) + ".");
    int line = 0, col = 0;
    line_col(b, nul, &line, &col);
    throw InputError(Location{file, line, col}, "a text file", "binary data (a NUL byte)",
                     "Save the data as text: CSV UTF-8 for data, a plain-text editor for TOML.");
  }
  const bool bom = has_utf8_bom(b);
  std::string_view body = b;
  while (has_utf8_bom(body)) body = strip_utf8_bom(body);  // also a doubled BOM (joined files)
  const std::size_t bad = utf8_first_invalid(body);
  if (bad == std::string_view::npos) return std::string(body);
  int line = 0, col = 0;
  line_col(body, bad, &line, &col);
  const std::string byte = hex_byte(static_cast<unsigned char>(body[bad]));
  if (bom || has_valid_multibyte_utf8(body))
    throw InputError(Location{file, line, col}, "UTF-8 text throughout",
                     "byte " + byte + ", which is not UTF-8, in a file that " +
                         (bom ? std::string("starts with a UTF-8 byte order mark")
                              : std::string("elsewhere has UTF-8 letters")) +
                         " (mixed encodings)",
                     "Re-type the character at this place in a UTF-8 editor, or re-export the "
                     "whole file as 'CSV UTF-8'.");
  std::string text = windows1252_to_utf8(body);
  if (notices) {
    // The converted character, for the message.
    const std::string ch = windows1252_to_utf8(body.substr(bad, 1));
    notices->push_back(Diagnostic{
        Severity::info,
        "converted_from_windows1252",
        file +
            " is not UTF-8; it was read as Windows-1252 (Excel's 'CSV' on Swedish Windows) "
            "and converted (first such character '" +
            ch + "' at line " + std::to_string(line) + ", column " + std::to_string(col) +
            "). Save as 'CSV UTF-8' to silence this note.",
        {file, ch, std::to_string(line), std::to_string(col)}});
  }
  return text;
}

std::string read_text_file(const std::string& path, std::size_t max_bytes,
                           std::vector<Diagnostic>* notices) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw InputError(Location{path}, "an existing file", "no such file");
  if (std::filesystem::is_directory(status))
    throw InputError(Location{path}, "a file", "a directory");
  if (!std::filesystem::is_regular_file(status))
    throw InputError(Location{path}, "a regular file", "a device, pipe or socket",
                     "Save the data to a file and give its path.");
  const auto too_big = [&](const std::string& found) {
    return InputError(Location{path},
                      "a file of at most " + std::to_string(max_bytes >> 20) + " MiB (" +
                          std::to_string(max_bytes) + " bytes)",
                      found, "Split the data over several files, or keep only the series used.");
  };
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) throw too_big(std::to_string(size) + " bytes");
  // Opened for reading only; the input is never modified.
  std::ifstream f(path, std::ios::in | std::ios::binary);
  if (!f) throw InputError(Location{path}, "a readable file", "permission denied or unreadable");
  std::string bytes;
  char buf[1 << 16];
  while (f) {
    f.read(buf, sizeof buf);
    bytes.append(buf, static_cast<std::size_t>(f.gcount()));
    if (bytes.size() > max_bytes) throw too_big("a larger file");
  }
  if (f.bad()) throw InputError(Location{path}, "a readable file", "a read error");
  out::note_input_file(path);  // an output may never replace it
  return decode_text(bytes, path, notices);
}

char detect_separator(std::string_view header_line) {
  if (header_line.find(';') != std::string_view::npos) return ';';
  if (header_line.find(',') == std::string_view::npos &&
      header_line.find('\t') != std::string_view::npos)
    return '\t';
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
                         "a quote only at the start of a field",
                         "a quote inside an unquoted field");
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
      if (was_quoted && c != ' ' && c != '\t') {
        // Quote the whole (UTF-8) character, never a lone byte of it.
        std::size_t n = 1;
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
        throw InputError(Location{file, line, static_cast<int>(row.size()) + 1},
                         "a separator after a closing quote",
                         "'" + std::string(text.substr(i, n)) + "'");
      }
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

namespace {

// The columns of a long CSV, by their index in the header; -1 for an optional column that is
// absent.
struct LongColumns {
  int indicator, year, value, group, source, aggregate;
};

// A yearly observation of one row, before the rows are sorted into series.
struct Obs {
  int year;
  double value;
  std::string source;
  int line;
};

using SeriesKey = std::pair<std::string, std::string>;  // (indicator, group)

// What the data rows gave so far, by series: yearly observations and period rows.
struct LongRows {
  std::map<SeriesKey, std::vector<Obs>> obs;
  std::map<SeriesKey, std::vector<PeriodAggregate>> spans;
};

// The year cell of a row: a single year or a span, and for a span its aggregate kind.
struct RowYear {
  YearSpan span;
  std::optional<PeriodAggregate::Kind> aggregate;
};

// Field c of row, or "" when the row has no such field.
std::string field_at(const std::vector<std::string>& row, int c) {
  return c >= 0 && c < (int)row.size() ? row[c] : "";
}

// Header lookup: the column of each name (case-insensitive, first one wins); indicator, year
// and value are required.
LongColumns find_long_columns(const std::vector<std::string>& header, int header_line,
                              const std::string& file) {
  std::map<std::string, int> col;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name = lower_ascii(trim_ascii(header[i]));
    if (!name.empty() && !col.count(name)) col[name] = static_cast<int>(i);
  }
  for (const char* need : {"indicator", "year", "value"}) {
    if (!col.count(need)) {
      std::string found;
      for (const auto& h : header) found += (found.empty() ? "" : ",") + h;
      // A file with none of the columns is not a data file at all (e.g. /etc/shadow given by
      // mistake): only its first few characters are echoed.
      const bool data_like = col.count("indicator") || col.count("year") || col.count("value");
      throw InputError(Location{file, header_line, 0, need},
                       std::string("a column named '") + need +
                           "' in the header (indicator,group,year,value[,source])",
                       data_like ? "header '" + shorten(found) + "'"
                                 : "a file starting '" + shorten(found, 12) + "'");
    }
  }
  auto optional_col = [&](const char* name) { return col.count(name) ? col[name] : -1; };
  return LongColumns{col["indicator"],       col["year"],
                     col["value"],           optional_col("group"),
                     optional_col("source"), optional_col("aggregate")};
}

// The number of fields of a data row: enough for the required columns, and nothing but empty
// fields beyond the header's last column.
void check_row_width(const std::vector<std::string>& row, int line, std::size_t header_size,
                     char sep, const std::string& file, const LongColumns& c) {
  const int needed = std::max({c.indicator, c.year, c.value});
  if (static_cast<int>(row.size()) <= needed)
    throw InputError(
        Location{file, line, static_cast<int>(row.size()) + 1},
        std::to_string(header_size) + " fields as in the header",
        std::to_string(row.size()) + " field(s)",
        sep == ',' ? "If values use decimal commas, quote them or use ';' as separator." : "");
  // More fields than the header: typically an unquoted decimal comma in a comma-separated
  // file ("2017,251295,5"), which would silently shift the value. Trailing empty fields
  // (Excel writes "a;b;c;;") are harmless.
  for (std::size_t k = header_size; k < row.size(); ++k)
    if (!row[k].empty())
      throw InputError(
          Location{file, line, static_cast<int>(k) + 1},
          std::to_string(header_size) + " fields as in the header",
          std::to_string(row.size()) + " fields ('" + shorten(row[k]) + "' beyond the last column)",
          sep == ',' ? "If values use decimal commas, quote them (\"48,8\") or "
                       "use ';' as separator."
                     : "Quote fields that contain the separator.");
}

// The year cell of a row and its aggregate cell: a single year (aggregate empty), or a span
// "2017-2022" (also with an en dash) whose value is a sum or a mean over its years, as the
// `aggregate` column says (docs/project-format.md).
RowYear read_row_year(const std::vector<std::string>& row, int line, const std::string& file,
                      const LongColumns& c) {
  const std::string ytxt = field_at(row, c.year);
  std::optional<YearSpan> span = parse_year_span(ytxt);
  if (!span) {
    const ParsedNumber y = parse_number(ytxt);
    if (y.status != NumberStatus::ok || y.percent || y.value != std::floor(y.value) ||
        y.value < 1000 || y.value > 3000)
      throw InputError(Location{file, line, c.year + 1, "year"}, "a year such as 2017",
                       "'" + shorten(ytxt) + "'");
    span = YearSpan{static_cast<int>(y.value), static_cast<int>(y.value)};
  }
  const std::string atxt = field_at(row, c.aggregate);
  std::optional<PeriodAggregate::Kind> agg_kind;
  if (span->is_span()) {
    if (c.aggregate < 0)
      throw InputError(Location{file, line, c.year + 1, "year"},
                       "a single year, or a span with a column 'aggregate' (sum or mean)",
                       "the span '" + shorten(ytxt) + "' and no column 'aggregate' in the header",
                       "Add a column 'aggregate' and write sum (a total over the span) or mean "
                       "(an average per year) on the span's row.");
    agg_kind = parse_aggregate_kind(atxt);
    if (!agg_kind)
      throw InputError(Location{file, line, c.aggregate + 1, "aggregate"},
                       "sum or mean for the span " + span_text(*span),
                       atxt.empty() ? "an empty field" : "'" + shorten(atxt) + "'");
  } else if (!trim_ascii(atxt).empty()) {
    throw InputError(Location{file, line, c.aggregate + 1, "aggregate"},
                     "an empty field on a single year's row (sum or mean describe a span such "
                     "as 2017-2022 in the year column)",
                     "'" + shorten(atxt) + "' for the year " + std::to_string(span->first));
  }
  return RowYear{*span, agg_kind};
}

// One data row: checks its fields and adds it to acc, as a yearly observation or a period row
// (a row whose value is missing adds nothing).
void read_long_row(const std::vector<std::string>& row, int line, std::size_t header_size, char sep,
                   const std::string& file, const LongColumns& c, LongRows& acc) {
  check_row_width(row, line, header_size, sep, file, c);
  const std::string ind = field_at(row, c.indicator);
  if (ind.empty())
    throw InputError(Location{file, line, c.indicator + 1, "indicator"}, "an indicator id",
                     "an empty field");
  std::string grp = c.group >= 0 ? field_at(row, c.group) : "total";
  if (grp.empty()) grp = "total";
  const RowYear year = read_row_year(row, line, file, c);
  const std::string vtxt = field_at(row, c.value);
  const ParsedNumber v = parse_number(vtxt);
  if (v.status == NumberStatus::invalid)
    throw InputError(Location{file, line, c.value + 1, "value"},
                     "a number (e.g. 251 295 or 48,8 %) or a missing marker (.., -, empty)",
                     "'" + shorten(vtxt) + "' (" + v.error + ")");
  if (v.status == NumberStatus::missing) return;
  if (year.aggregate) {
    auto& series_spans = acc.spans[{ind, grp}];
    PeriodAggregate a;
    a.first_year = year.span.first;
    a.last_year = year.span.last;
    a.kind = *year.aggregate;
    a.value = v.value;
    a.source = field_at(row, c.source);
    a.where = Location{file, line, c.value + 1, "value"};
    a.where_year = Location{file, line, c.year + 1, "year"};
    series_spans.push_back(std::move(a));
    return;
  }
  auto& series_obs = acc.obs[{ind, grp}];
  if (series_obs.empty() && acc.obs.size() > kMaxSeriesPerFile)
    throw InputError(
        Location{file, line, c.indicator + 1, "indicator"},
        "at most " + std::to_string(kMaxSeriesPerFile) + " series (indicator, group) in one file",
        "series number " + std::to_string(acc.obs.size()) + " (" + shorten(ind) + "/" +
            shorten(grp) + ")",
        "Keep only the series the project uses.");
  series_obs.push_back(Obs{year.span.first, v.value, field_at(row, c.source), line});
}

// A series given only by period rows still gets an entry (its years are derived later).
void add_period_only_series(LongRows& acc) {
  for (const auto& [key, list] : acc.spans) {
    if (!acc.obs.count(key) && acc.obs.size() >= kMaxSeriesPerFile)
      throw InputError(
          list.front().where,
          "at most " + std::to_string(kMaxSeriesPerFile) + " series (indicator, group) in one file",
          "more (" + shorten(key.first) + "/" + shorten(key.second) + ")",
          "Keep only the series the project uses.");
    acc.obs[key];
  }
}

// The series, in key order: observations sorted by year (one per year), sources kept only when
// any is given, and the period rows attached.
std::vector<Series> build_long_series(LongRows& acc, const std::string& file, int c_year) {
  std::vector<Series> out;
  for (auto& [key, obs] : acc.obs) {
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
    if (auto it = acc.spans.find(key); it != acc.spans.end()) s.aggregates = std::move(it->second);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<Series> parse_long_csv(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t eol = text.find_first_of("\r\n");
  const char sep = detect_separator(text.substr(0, eol));
  std::vector<int> lines;
  const auto rows = parse_csv_text(text, sep, file, &lines);
  if (rows.empty())
    throw InputError(Location{file, 1}, "a header line 'indicator,group,year,value[,source]'",
                     "an empty file");
  const LongColumns columns = find_long_columns(rows[0], lines[0], file);
  LongRows acc;
  for (std::size_t r = 1; r < rows.size(); ++r)
    read_long_row(rows[r], lines[r], rows[0].size(), sep, file, columns, acc);
  add_period_only_series(acc);
  return build_long_series(acc, file, columns.year);
}

std::vector<RegionalSeries> parse_regional_long_csv(std::string_view text, const std::string& file,
                                                    const std::string& region_column) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t eol = text.find_first_of("\r\n");
  const char sep = detect_separator(text.substr(0, eol));
  std::vector<int> lines;
  const auto rows = parse_csv_text(text, sep, file, &lines);
  if (rows.empty())
    throw InputError(Location{file, 1},
                     "a header line '" + region_column + ",indicator,group,year,value[,source]'",
                     "an empty file");
  const LongColumns columns = find_long_columns(rows[0], lines[0], file);
  int c_region = -1, c_name = -1;
  const std::string want = lower_ascii(region_column);
  for (std::size_t i = 0; i < rows[0].size(); ++i) {
    const std::string name = lower_ascii(trim_ascii(rows[0][i]));
    if (name == want && c_region < 0) c_region = static_cast<int>(i);
    if (name == "region_name" && c_name < 0) c_name = static_cast<int>(i);
  }
  if (c_region < 0)
    throw InputError(Location{file, lines[0], 0, region_column},
                     "a column named '" + region_column + "' with each row's region code",
                     "a header without it");
  std::map<std::string, std::pair<std::string, LongRows>> by_region;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::string code = trim_ascii(field_at(rows[r], c_region));
    if (code.empty())
      throw InputError(Location{file, lines[r], c_region + 1, region_column}, "a region code",
                       "an empty field");
    auto& [name, acc] = by_region[code];
    if (name.empty()) name = trim_ascii(field_at(rows[r], c_name));
    read_long_row(rows[r], lines[r], rows[0].size(), sep, file, columns, acc);
  }
  std::vector<RegionalSeries> out;
  for (auto& [code, entry] : by_region) {
    add_period_only_series(entry.second);
    out.push_back({code, entry.first, build_long_series(entry.second, file, columns.year)});
  }
  return out;
}

std::vector<Series> read_long_csv(const std::string& path, std::vector<Diagnostic>* notices) {
  return parse_long_csv(read_text_file(path, kMaxCsvBytes, notices), path);
}

}  // namespace utsikt
