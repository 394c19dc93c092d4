// Reading statistical tables as published, and turning them into utsikt's yearly series.
//
// Formats (see docs/import.md):
//  * PC-Axis (.px), the file format of Statistics Sweden's PxWeb: keywords with language
//    suffixes (VALUES[en]("region")), STUB/HEADING dimension order, VALUES/CODES, TIMEVAL with
//    TLIST, DATA with the dot symbols, CHARSET="ANSI" (Windows-1252) or UTF-8, CR/LF/CRLF/NEL
//    line ends, footnotes kept as provenance notes.
//  * JSON-stat 2.0 datasets as returned by the PxWeb API (also the JSON-stat 1.0 "bundle"
//    {"dataset": {...}} of PxWeb API v1).
//  * PxWeb API v1 "json" responses ({"columns": [{code, text, type d|t|c}], "data": [{key,
//    values}], "metadata": [{infofile, updated, label, source}]}); keys carry codes only.
//  * Kolada API v2/v3 data responses ({"values": [{kpi, municipality|ou, period, values:
//    [{gender, value, status, count}]}]}).
//
// All three become a Table: an n-dimensional array of cells with named dimensions. A Selection
// picks values of dimensions; select_series() turns the selected cells into yearly Series along
// the table's time dimension.
//
// Errors are InputError naming the file, line and column (for text formats), the keyword or
// JSON path as field, what was expected and what was found. Readers never print, never exit,
// and refuse inputs beyond the size limits in ReadOptions instead of exhausting memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "utsikt/error.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

// Spacing of a time dimension's periods.
enum class TimeFrequency { none, yearly, half_yearly, quarterly, monthly, weekly, other };

// "yearly", "half-yearly", "quarterly", "monthly", "weekly", "other", "none".
const char* to_string(TimeFrequency frequency);

// One dimension ("variable" in PC-Axis) of a table.
struct Dimension {
  // Language-independent identifier: JSON-stat dimension id; in PC-Axis VARIABLE-CODE or else
  // the name in the file's default language; Kolada "kpi", "municipality", "ou", "period",
  // "gender".
  std::string code;
  // Name in the language that was read (PC-Axis STUB/HEADING name, JSON-stat label).
  std::string text;
  // Value codes (PC-Axis CODES, or the VALUES when there are no CODES; JSON-stat category ids)
  // and texts in the language that was read. Same size, at least one value.
  std::vector<std::string> value_codes;
  std::vector<std::string> value_texts;
  // The time dimension (PC-Axis TIMEVAL, JSON-stat role "time", Kolada "period").
  bool is_time = false;
  TimeFrequency frequency = TimeFrequency::none;  // for the time dimension
  // For a yearly time dimension: the year of each value (same size as value_codes).
  std::vector<int> years;

  std::size_t size() const { return value_codes.size(); }
};

// A marker written in place of a number, with its meaning as the file states it (PC-Axis
// DATASYMBOL1..6 and DATASYMBOLNIL; JSON-stat status; Kolada status).
struct MissingSymbol {
  std::string symbol;   // "..", "-", "......" ...
  std::string meaning;  // "n.a.", "nothing" ...; a default text when the file gives none
  bool nil = false;     // "-": the quantity is nil (zero), not unknown
};

// A statistical table: values on the grid spanned by dims.
struct Table {
  std::string file;    // path as given (used in messages)
  std::string format;  // "PC-Axis", "JSON-stat 2.0", "JSON-stat 1.0", "Kolada", "PxWeb API v1 JSON"
  std::string encoding;                // text encoding of the file ("Windows-1252", "UTF-8")
  std::string language;                // language of the texts read ("sv", "en"; "" if not stated)
  std::vector<std::string> languages;  // languages the file offers (PC-Axis LANGUAGES)
  std::string title;                   // TITLE / JSON-stat label
  std::string contents;                // CONTENTS
  std::string units;                   // UNITS (table level)
  int decimals = -1;                   // DECIMALS, -1 if not stated

  // Dimensions in storage order: cells are row-major, the last dimension varying fastest
  // (PC-Axis: STUB then HEADING; JSON-stat: the id order).
  std::vector<Dimension> dims;
  // One entry per cell. values[i] is meaningful when status[i] == 0; otherwise status[i] - 1
  // indexes missing_symbols and values[i] is NaN.
  std::vector<double> values;
  std::vector<std::uint8_t> status;
  std::vector<MissingSymbol> missing_symbols;  // at most 255

  // Source (SOURCE / "source" / "Kolada"), table id (TABLEID or MATRIX / extension.px.tableid),
  // last update (LAST-UPDATED / "updated"), notes (NOTE, NOTEX, VALUENOTE[X], CELLNOTE[X],
  // JSON-stat note arrays), each note prefixed with what it is attached to.
  Provenance provenance;

  std::size_t cell_count() const { return values.size(); }
  // Index of the time dimension, or -1.
  int time_dimension() const;
  // Index of a cell from one value index per dimension (coords.size() == dims.size()).
  std::size_t cell_index(const std::vector<std::size_t>& coords) const;
};

// Limits and choices for the readers.
struct ReadOptions {
  // Language of the texts to read (PC-Axis files with LANGUAGES); "" = the file's default.
  std::string language;
  // Files larger than this are refused.
  std::size_t max_bytes = std::size_t{256} << 20;
  // Tables with more cells than this are refused (a cell costs 9 bytes).
  std::size_t max_cells = 20'000'000;
};

enum class TableFormat { px, jsonstat, kolada, pxweb_v1, unknown };

// Recognises the format from the content (JSON-stat and Kolada are JSON with different keys;
// PC-Axis starts with KEYWORD=) and, failing that, from the file extension.
TableFormat detect_table_format(std::string_view bytes, const std::string& path);

// Reads a table from a file of any supported format.
Table read_table(const std::string& path, const ReadOptions& options = {});

// Parsers over text in memory (the file name is used in messages only). parse_px takes the raw
// bytes: it decodes the charset itself.
Table parse_px(std::string_view bytes, const std::string& file, const ReadOptions& options = {});
Table parse_jsonstat(std::string_view text, const std::string& file,
                     const ReadOptions& options = {});
Table parse_kolada(std::string_view text, const std::string& file, const ReadOptions& options = {});
Table parse_pxweb_v1(std::string_view text, const std::string& file,
                     const ReadOptions& options = {});

// Which cells to take from a table.
//
// Each criterion is (dimension, value). A dimension is matched by its code or its text, a value
// by its code, its text, or its text without a leading code ("Norrbotten county" matches
// "25 Norrbotten county" whose code is "25"); all case-insensitive (ASCII and Latin-1 letters,
// so "kön=Kvinnor" works). Several criteria on the same dimension select several values.
// Dimensions without a criterion keep all their values.
struct Selection {
  std::vector<std::pair<std::string, std::string>> criteria;
  // Treat the nil symbol ("-", quantity zero) as 0 instead of as a gap.
  bool nil_as_zero = false;
  // Where the selection was written, used as the field in messages ("--select",
  // "indicator.select" ...).
  std::string origin = "--select";

  // Parses "dimension=value" items (split at the first '='). Throws InputError naming the
  // item when there is no '=' or a side is empty.
  static Selection parse(const std::vector<std::string>& items,
                         const std::string& origin = "--select");
};

// Cells of one combination of the non-time dimensions, along the time dimension, whatever its
// frequency. Missing cells are left out.
struct PeriodSeries {
  std::string group;
  std::vector<std::string> periods;  // period codes as in the file ("2007", "2006M10")
  std::vector<double> values;
  std::vector<std::string> missing;  // periods whose cell was missing, with the symbol
};

// Applies the selection and returns one PeriodSeries per combination of the values of the
// dimensions that still have more than one value (time excluded), in table order. The group
// name joins the texts of those values with ", " ("total" when there are none).
// InputError when a criterion names an unknown dimension or value (the message lists the
// available ones) or the table has no time dimension.
std::vector<PeriodSeries> select_periods(const Table& table, const Selection& selection);

// As select_periods, as yearly Series of indicator_id with the table's provenance and a
// per-observation source "SOURCE TABLEID". InputError if the time dimension is not yearly
// (utsikt projects yearly series only; use select_periods to read monthly or quarterly data).
// A combination whose cells are all missing gives an empty Series (kept, so that the result
// has one entry per combination).
std::vector<Series> select_series(const Table& table, const Selection& selection,
                                  const std::string& indicator_id);

// As select_series, but requires exactly one series with at least one observed value; the
// error lists the combinations (and the dimensions still to choose) when there are several.
Series select_one_series(const Table& table, const Selection& selection,
                         const std::string& indicator_id);

// read_table + select_series: the one call a project loader needs for an indicator whose data
// is a PC-Axis, JSON-stat or Kolada file with a selection.
std::vector<Series> load_series_from_file(const std::string& path, const Selection& selection,
                                          const std::string& indicator_id,
                                          const ReadOptions& options = {});

// Indicator id to use when the user gives none: the table id, else the contents, lower-cased,
// with runs of characters outside [a-z0-9] replaced by '_' ("BE0101N1" -> "be0101n1").
std::string default_indicator_id(const Table& table);

// Case-insensitive comparison used by selections (ASCII and Latin-1 letters in UTF-8).
bool equal_fold(std::string_view a, std::string_view b);

}  // namespace utsikt
