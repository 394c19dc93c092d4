// Long-format CSV of observed series: indicator,group,year,value[,source]
//
// * Separator: ',' or ';' (detected from the header line; use ';' when values have decimal
//   commas that are not quoted). Fields may be quoted ("..." with "" for a quote).
// * Header required; column names are matched case-insensitively; extra columns are ignored.
//   "group" may be missing (then every row is group "total").
// * Values are parsed with parse_number (Swedish formats, missing markers).
// * UTF-8 with or without BOM; CRLF or LF line ends.
// Errors (InputError) name the file, line, column number and column name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "utsikt/series.hpp"

namespace utsikt {

// Splits CSV text into records of fields; handles quotes, CRLF, BOM. `file` is used in errors.
std::vector<std::vector<std::string>> parse_csv_text(std::string_view text, char separator,
                                                     const std::string& file,
                                                     std::vector<int>* line_numbers = nullptr);
// Detects ',' or ';' from a header line (the one that occurs, ';' if both).
char detect_separator(std::string_view header_line);

// Reads a whole file into memory, refusing files larger than max_bytes and non-UTF-8 text.
std::string read_text_file(const std::string& path, std::size_t max_bytes = 256u << 20);

// Reads the long-format file. Series are sorted by (indicator, group), years ascending.
// Duplicate (indicator, group, year) rows are an error naming both lines. Missing values are
// skipped (a gap in the series).
std::vector<Series> read_long_csv(const std::string& path);
std::vector<Series> parse_long_csv(std::string_view text, const std::string& file);

}  // namespace utsikt
