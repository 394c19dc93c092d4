// Helpers shared by the table readers in io/ (not part of the public API).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/io/import.hpp"

namespace utsikt::importer {

// Lower-cases ASCII and the Latin-1 letters U+00C0-U+00DE (except U+00D7) in UTF-8 text.
std::string fold(std::string_view text);

std::string_view trim(std::string_view text);

// Up to max_chars characters of text for a message, quoted, with "..." when cut.
std::string quote_excerpt(std::string_view text, std::size_t max_chars = 40);

// A period written as in SCB tables: "2007" (yearly), "2007M01", "2007K1"/"2007Q1",
// "2007H1", "2007W05". year is the calendar year; 0 if not a period.
struct Period {
  TimeFrequency frequency = TimeFrequency::none;
  int year = 0;
};
Period parse_period(std::string_view text);

// Fills Dimension::frequency and ::years from the value codes of a time dimension (codes that
// are all yearly give yearly; a mix or unknown forms give `other`).
void classify_time_dimension(Dimension& dim);

// Names that mark a time dimension when a file does not say which one it is.
bool is_time_name(std::string_view name);

// Tables with more dimensions than this are refused (statistical tables have a handful).
constexpr std::size_t kMaxDimensions = 100;

// The first string that occurs twice, or nullptr (hashing; linear time).
const std::string* first_duplicate(const std::vector<std::string>& values);

// Checks the product of the dimension sizes against max_cells; throws InputError at `where`.
std::size_t checked_cell_count(const std::vector<Dimension>& dims, std::size_t max_cells,
                               const Location& where);

}  // namespace utsikt::importer
