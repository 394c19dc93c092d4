// The one CSV writer (utsikt/csv_writer.hpp): quoting rules per dialect, numbers, BOM, and that
// what it writes reads back unchanged through utsikt's CSV reader.
#include "utsikt/csv_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "utsikt/csv.hpp"
#include "utsikt/error.hpp"

namespace utsikt {
namespace {

const CsvDialect kComma{};
const CsvDialect kSwedish{';', true, true};

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("plain text", kComma), "plain text");
  EXPECT_EQ(csv_field("", kComma), "");
  EXPECT_EQ(csv_field("a,b", kComma), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\"", kComma), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines", kComma), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere", kComma), "\"cr\rhere\"");
  EXPECT_EQ(csv_field(" leading", kComma), "\" leading\"");
  EXPECT_EQ(csv_field("trailing ", kComma), "\"trailing \"");
  EXPECT_EQ(csv_field("\ttab", kComma), "'\ttab");  // a formula trigger (below)
  EXPECT_EQ(csv_field("inner space", kComma), "inner space");
  EXPECT_EQ(csv_field("\"", kComma), "\"\"\"\"");
}

TEST(CsvWriter, TheSeparatorOfTheDialectDecides) {
  // ';' is an ordinary character in a comma-separated file, and ',' in a ';'-separated one.
  EXPECT_FALSE(csv_needs_quotes("a;b", kComma));
  EXPECT_TRUE(csv_needs_quotes("a;b", kSwedish));
  EXPECT_FALSE(csv_needs_quotes("a,b", kSwedish));
  EXPECT_TRUE(csv_needs_quotes("a,b", kComma));
  EXPECT_EQ(csv_field("a;b", kSwedish), "\"a;b\"");
}

TEST(CsvWriter, NumbersInTheDialect) {
  EXPECT_EQ(csv_number(0.25, kComma), "0.25");
  EXPECT_EQ(csv_number(0.25, kSwedish), "0,25");
  EXPECT_EQ(csv_number(251295, kSwedish), "251295");  // never thousands separators
  EXPECT_EQ(csv_number(1.0 / 3.0, kComma), "0.3333333333");
  EXPECT_EQ(csv_number(-1.5e-12, kComma), "-1.5e-12");
  EXPECT_EQ(csv_number(NAN, kComma), "");
  EXPECT_EQ(csv_number(INFINITY, kSwedish), "");
  // A decimal comma in a comma-separated dialect is quoted.
  CsvWriter w(CsvDialect{',', true, false});
  w.number(48.8).end_row();
  EXPECT_EQ(w.str(), "\"48,8\"\n");
}

TEST(CsvWriter, RecordsAndBom) {
  CsvWriter w(kComma);
  w.row({"series", "value"});
  w.text("a b").number(1.5).end_row();
  w.text("x,y").integer(2021).end_row();
  EXPECT_EQ(w.str(), "series,value\na b,1.5\n\"x,y\",2021\n");

  CsvWriter sv(kSwedish);
  sv.row({"indikator", "värde"});
  sv.text("a;b").number(48.8).end_row();
  EXPECT_EQ(sv.str(), "\xEF\xBB\xBFindikator;värde\n\"a;b\";48,8\n");
}

TEST(CsvWriter, DialectsByName) {
  EXPECT_EQ(csv_dialect_from_string("default").separator, ',');
  EXPECT_EQ(csv_dialect_from_string("").separator, ',');
  const CsvDialect sv = csv_dialect_from_string("sv");
  EXPECT_EQ(sv.separator, ';');
  EXPECT_TRUE(sv.decimal_comma);
  EXPECT_TRUE(sv.bom);
  try {
    csv_dialect_from_string("fr");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "csv-dialect");
  }
}

// Every awkward field survives writing and reading with utsikt's reader, in both dialects.
TEST(CsvWriter, RoundTripsThroughTheReader) {
  const std::vector<std::string> fields = {
      "plain",  "",         "a,b",   "a;b",          "say \"hi\"", "two\nlines",  " lead",
      "trail ", "  both  ", "\ttab", "Luleå; Piteå", "\"",         "crlf\r\nend", "x"};
  for (const CsvDialect& d : {kComma, kSwedish}) {
    CsvWriter w(d);
    w.row({"h1", "h2"});
    for (const auto& f : fields) w.text(f).text("end").end_row();
    std::string text = w.str();
    if (d.bom) {
      ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
      text.erase(0, 3);
    }
    EXPECT_EQ(detect_separator(text.substr(0, text.find('\n'))), d.separator);
    const auto rows = parse_csv_text(text, d.separator, "w.csv");
    ASSERT_EQ(rows.size(), fields.size() + 1);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      ASSERT_EQ(rows[i + 1].size(), 2u) << i;
      // A formula trigger (the tab) reads back with its guarding apostrophe.
      const std::string want = csv_formula_trigger(fields[i]) ? "'" + fields[i] : fields[i];
      EXPECT_EQ(rows[i + 1][0], want) << "field " << i << " separator " << d.separator;
      EXPECT_EQ(rows[i + 1][1], "end");
    }
  }
}

// Issue 17: CSV formula injection. Text fields starting with =, +, -, @, a tab or a CR get a
// leading apostrophe in both dialects; numbers (also negative ones, with either decimal mark)
// and the missing marker "-" stay as they are.
TEST(CsvWriter, FormulaTriggersAreNeutralisedNumbersStayNumbers) {
  for (const CsvDialect& d : {kComma, kSwedish}) {
    EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")", d), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(csv_field("=1+1", d), "'=1+1");
    EXPECT_EQ(csv_field("+cmd|' /C calc'!A0", d), "'+cmd|' /C calc'!A0");
    EXPECT_EQ(csv_field("-2+3", d), "'-2+3");
    EXPECT_EQ(csv_field("@SUM(A1)", d), "'@SUM(A1)");
    EXPECT_EQ(csv_field("\rx", d), "\"'\rx\"");
    EXPECT_EQ(csv_field("-", d), "-");
    EXPECT_EQ(csv_field("a=b", d), "a=b");
    for (const char* n : {"-1", "-1.5", "-1,5", "+3", "-2e-05", "-1.5E+10", "0"})
      EXPECT_EQ(csv_field(n, d).find('\''), std::string::npos) << n;
    CsvWriter w(d);
    w.number(-1.5).integer(-3).text("=1").end_row();
    EXPECT_EQ(w.str().substr(d.bom ? 3 : 0), d.decimal_comma ? "-1,5;-3;'=1\n" : "-1.5,-3,'=1\n");
  }
}

}  // namespace
}  // namespace utsikt
