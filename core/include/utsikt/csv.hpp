// Long-format CSV of observed series: indicator,group,year,value[,source][,aggregate]
//
// * Period aggregates: a `year` written as a span "2017-2022" (hyphen or en dash "2017–2022")
//   is a value over the whole span, a sum or a mean per year as the optional `aggregate`
//   column says ("sum" or "mean"; empty on single-year rows). It is kept in
//   Series::aggregates, not as a yearly value; apply_period_aggregates
//   (utsikt/period_aggregate.hpp) turns it into yearly values. Files without the column or
//   without spans read exactly as before.
// * Separator: ',' or ';' (detected from the header line; use ';' when values have decimal
//   commas that are not quoted). Fields may be quoted ("..." with "" for a quote).
// * Header required; column names are matched case-insensitively; extra columns are ignored.
//   "group" may be missing (then every row is group "total").
// * Values are parsed with parse_number (Swedish formats, missing markers).
// * Separator: a tab is accepted too when the header has neither ',' nor ';' (Excel's
//   "Text (tab delimited)").
// * Encoding (read_text_file / decode_text, used for CSV and TOML files alike):
//   UTF-8 with or without BOM is read as is; CRLF or LF line ends. A file that is not UTF-8
//   and has no UTF-8 letters is read as Windows-1252 (Excel's "CSV (semicolon separated)" on a
//   Swedish Windows), converted, and reported as a notice (code "converted_from_windows1252").
//   UTF-16/UTF-32 (Excel "Unicode text"), a file mixing UTF-8 and other bytes, Excel
//   workbooks (.xlsx/.xls) and other binary data are refused with advice. See docs/errors.md.
// Errors (InputError) name the file, line, column number and column name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/error.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

// Splits CSV text into records of fields; handles quotes, CRLF, BOM. `file` is used in errors.
std::vector<std::vector<std::string>> parse_csv_text(std::string_view text, char separator,
                                                     const std::string& file,
                                                     std::vector<int>* line_numbers = nullptr);
// Detects ',' or ';' from a header line (the one that occurs, ';' if both).
char detect_separator(std::string_view header_line);

// Largest CSV data file read (bytes), and the largest number of series in one CSV file.
inline constexpr std::size_t kMaxCsvBytes = std::size_t{256} << 20;
inline constexpr std::size_t kMaxSeriesPerFile = 100'000;

// Turns the bytes of a text file into UTF-8 text without a BOM, following the encoding rules
// above. A conversion adds a Diagnostic to *notices (if given). Throws InputError (with line
// and column of the offending byte where that helps) for text it refuses. `file` names the
// file in messages.
std::string decode_text(std::string_view bytes, const std::string& file,
                        std::vector<Diagnostic>* notices = nullptr);

// Reads a whole file (opened read-only) into memory, refusing files larger than max_bytes,
// and decodes it with decode_text.
std::string read_text_file(const std::string& path, std::size_t max_bytes = kMaxCsvBytes,
                           std::vector<Diagnostic>* notices = nullptr);

// Reads the long-format file. Series are sorted by (indicator, group), years ascending.
// Duplicate (indicator, group, year) rows are an error naming both lines. Missing values are
// skipped (a gap in the series). Span rows go to Series::aggregates (a series may have only
// those); overlapping spans are refused when they are applied.
std::vector<Series> read_long_csv(const std::string& path,
                                  std::vector<Diagnostic>* notices = nullptr);
std::vector<Series> parse_long_csv(std::string_view text, const std::string& file);

// A long-format file that holds the same indicators for many regions: one more column (named
// `region_column`, case-insensitive) holds the region's code, and an optional column
// `region_name` its name. The rows of each region are read as read_long_csv reads a file
// (the same checks, line and column in every error); an empty region cell is an error.
struct RegionalSeries {
  std::string code;
  std::string name;  // the first non-empty region_name of its rows, else empty
  std::vector<Series> series;
};
std::vector<RegionalSeries> parse_regional_long_csv(std::string_view text, const std::string& file,
                                                    const std::string& region_column);

}  // namespace utsikt
