#include "utsikt/csv_writer.hpp"

#include <cmath>
#include <cstdio>

#include "utsikt/error.hpp"

namespace utsikt {

CsvDialect csv_dialect_from_string(std::string_view name) {
  if (name == "default" || name.empty()) return CsvDialect{};
  if (name == "sv") return CsvDialect{';', true, true};
  throw InputError(Location{"", 0, 0, "csv-dialect"}, "\"default\" or \"sv\"",
                   "\"" + std::string(name) + "\"");
}

bool csv_needs_quotes(std::string_view field, const CsvDialect& dialect) {
  if (field.empty()) return false;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  if (blank(field.front()) || blank(field.back())) return true;
  for (const char c : field)
    if (c == dialect.separator || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

namespace {
// A number as the writers put it in a cell: [+-]digits[.,digits][e[+-]digits] (so "-1.5",
// "-1,5", "+3", "-2e-05"); these are data, not formulas.
bool plain_number(std::string_view f) {
  std::size_t i = 0;
  if (i < f.size() && (f[i] == '+' || f[i] == '-')) ++i;
  bool digits = false;
  while (i < f.size() && ((f[i] >= '0' && f[i] <= '9') || f[i] == '.' || f[i] == ',')) {
    digits = digits || (f[i] >= '0' && f[i] <= '9');
    ++i;
  }
  if (!digits) return false;
  if (i < f.size() && (f[i] == 'e' || f[i] == 'E')) {
    ++i;
    if (i < f.size() && (f[i] == '+' || f[i] == '-')) ++i;
    const std::size_t exp = i;
    while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
    if (i == exp) return false;
  }
  return i == f.size();
}
}  // namespace

bool csv_formula_trigger(std::string_view field) {
  if (field.empty() || field == "-" || field == "+") return false;
  const char c = field.front();
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
  return !plain_number(field);
}

std::string csv_field(std::string_view field, const CsvDialect& dialect) {
  std::string guarded;
  if (csv_formula_trigger(field)) {  // =HYPERLINK(...), +cmd, @SUM: text in Excel, not a formula
    guarded = "'" + std::string(field);
    field = guarded;
  }
  if (!csv_needs_quotes(field, dialect)) return std::string(field);
  std::string q;
  q.reserve(field.size() + 2);
  q += '"';
  for (const char c : field) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

std::string csv_number(double value, const CsvDialect& dialect) {
  if (!std::isfinite(value)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  std::string s(buf);
  if (dialect.decimal_comma)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

CsvWriter::CsvWriter(const CsvDialect& dialect) : dialect_(dialect) {
  if (dialect_.bom) out_ = "\xEF\xBB\xBF";
}

void CsvWriter::separate() {
  if (row_started_) out_ += dialect_.separator;
  row_started_ = true;
}

CsvWriter& CsvWriter::text(std::string_view field) {
  separate();
  out_ += csv_field(field, dialect_);
  return *this;
}

CsvWriter& CsvWriter::number(double value) { return text(csv_number(value, dialect_)); }

CsvWriter& CsvWriter::integer(std::int64_t value) { return text(std::to_string(value)); }

CsvWriter& CsvWriter::end_row() {
  out_ += '\n';
  row_started_ = false;
  return *this;
}

CsvWriter& CsvWriter::row(std::initializer_list<std::string_view> fields) {
  for (const std::string_view f : fields) text(f);
  return end_row();
}

}  // namespace utsikt
