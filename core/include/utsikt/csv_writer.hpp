// Writing CSV: the one writer behind every CSV file utsikt produces (targets.csv,
// projections.csv, compare*.csv, targets_realistic.csv, levers.csv, `utsikt forecast` and
// `utsikt import` output). Reading CSV is utsikt/csv.hpp.
//
// Quoting (RFC 4180, plus what utsikt's reader needs to read a field back unchanged): a field is
// enclosed in double quotes when it contains the dialect's separator, a double quote, a CR or an
// LF, or when it begins or ends with a space or a tab (an unquoted field is trimmed on reading,
// see parse_csv_text); a double quote inside is doubled. Every other field is written as is.
// Records end with "\n".
//
// Formula injection: a text field that starts with '=', '+', '-', '@', a tab or a CR would be
// run as a formula by Excel and LibreOffice (e.g. a target text "=HYPERLINK(...)"), so it is
// written with a leading apostrophe ("'=HYPERLINK(...)"), as OWASP recommends; the spreadsheet
// shows it as text. Numbers stay numbers: a field that is a plain number ("-1.5", "-1,5",
// "+3", "-2e-05") and the missing marker "-" are written as they are. Both dialects.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace utsikt {

// How CSV files are written.
//  default: ',' separator, '.' decimal point, UTF-8 without BOM (machine-readable);
//  sv:      ';' separator, ',' decimal comma, UTF-8 with BOM, so that Excel with Swedish
//           settings opens the file with numbers as numbers.
struct CsvDialect {
  char separator = ',';
  bool decimal_comma = false;
  bool bom = false;
};
// "default" (or "") or "sv"; throws InputError (field "csv-dialect") otherwise.
CsvDialect csv_dialect_from_string(std::string_view name);

// Whether `field` must be quoted in the dialect (the rule above).
bool csv_needs_quotes(std::string_view field, const CsvDialect& dialect = {});
// Whether a text field would be taken for a formula by a spreadsheet (the rule above).
bool csv_formula_trigger(std::string_view field);
// `field` as written in the dialect: as is, or quoted with inner quotes doubled; a formula
// trigger is prefixed with "'".
std::string csv_field(std::string_view field, const CsvDialect& dialect = {});
// A number as written in CSV: "%.10g" (no thousands separators), the dialect's decimal mark,
// "" for NaN or infinity.
std::string csv_number(double value, const CsvDialect& dialect = {});

// Builds the text of a CSV file record by record:
//   CsvWriter w(dialect);
//   w.row({"target", "probability"});
//   w.text(id).number(p).end_row();
//   write_file_atomic(path, w.str());
// The BOM (if the dialect has one) starts the text.
class CsvWriter {
 public:
  explicit CsvWriter(const CsvDialect& dialect = {});

  // A text field, quoted when needed.
  CsvWriter& text(std::string_view field);
  // A number (csv_number; an empty field when not finite).
  CsvWriter& number(double value);
  // A whole number, e.g. a year or a count.
  CsvWriter& integer(std::int64_t value);
  // Ends the record.
  CsvWriter& end_row();
  // A whole record of text fields (e.g. the header).
  CsvWriter& row(std::initializer_list<std::string_view> fields);

  const CsvDialect& dialect() const { return dialect_; }
  const std::string& str() const { return out_; }

 private:
  void separate();
  CsvDialect dialect_;
  std::string out_;
  bool row_started_ = false;
};

}  // namespace utsikt
