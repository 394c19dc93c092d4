#include "utsikt/csv.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "utsikt/error.hpp"

using utsikt::InputError;
using utsikt::parse_long_csv;

TEST(LongCsv, ReadsDocumentStyleNumbersAndGroups) {
  const std::string text =
      "indicator;group;year;value;source\n"
      "population;total;2022;249 285;text p. 3\n"
      "population;total;2017;251 295;table p. 3\n"
      "share_women;total;2017;48,8 %;table\n"
      "homes;total;2016;1144;table\n"
      "homes;total;2019;1 466;text\n"
      "homes;total;2018;..;missing\n";
  const auto s = parse_long_csv(text, "x.csv");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].indicator, "homes");
  EXPECT_EQ(s[0].years, (std::vector<int>{2016, 2019}));  // the '..' year is a gap
  EXPECT_EQ(s[1].indicator, "population");
  EXPECT_EQ(s[1].years, (std::vector<int>{2017, 2022}));  // sorted
  EXPECT_EQ(s[1].values, (std::vector<double>{251295, 249285}));
  EXPECT_EQ(s[1].sources[0], "table p. 3");
  EXPECT_DOUBLE_EQ(s[2].values[0], 48.8);
}

TEST(LongCsv, CommaSeparatedWithQuotedDecimalsAndCrlfAndBom) {
  const std::string text =
      "\xEF\xBB\xBFindicator,group,year,value\r\n"
      "x,women,2017,\"35,1\"\r\n"
      "x,men,2017,\"23,1\"\r\n";
  const auto s = parse_long_csv(text, "x.csv");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].group, "men");
  EXPECT_DOUBLE_EQ(s[0].values[0], 23.1);
  EXPECT_DOUBLE_EQ(s[1].values[0], 35.1);
}

TEST(LongCsv, GroupColumnOptional) {
  const auto s = parse_long_csv("indicator,year,value\na,2000,1\na,2001,2\n", "x.csv");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].group, "total");
}

namespace {
InputError expect_error(const std::string& text) {
  try {
    parse_long_csv(text, "data.csv");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return InputError({}, "", "");
}
}  // namespace

TEST(LongCsv, TextInNumberColumnNamesLineColumnField) {
  const auto e = expect_error("indicator;group;year;value\na;total;2017;12\na;total;2018;tolv\n");
  EXPECT_EQ(e.where().file, "data.csv");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 4);
  EXPECT_EQ(e.where().field, "value");
  EXPECT_NE(std::string(e.what()).find("tolv"), std::string::npos);
}

TEST(LongCsv, BadYear) {
  const auto e = expect_error("indicator,year,value\na,2017,1\na,20x8,2\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().field, "year");
  expect_error("indicator,year,value\na,2017.5,1\n");
  expect_error("indicator,year,value\na,17,1\n");
}

TEST(LongCsv, DuplicateYearNamesBothLines) {
  const auto e = expect_error("indicator,year,value\na,2017,1\na,2018,2\na,2017,3\n");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos);
}

TEST(LongCsv, MissingColumnsAndEmptyFile) {
  EXPECT_EQ(expect_error("indicator,group,year\na,b,2017\n").where().field, "value");
  expect_error("");
  // Decimal comma unquoted in a comma-separated file gives too many/few fields -> hint.
  const auto e = expect_error("indicator,year,value,source\na,2017\n");
  EXPECT_EQ(e.where().line, 2);
}

TEST(LongCsv, UnterminatedQuote) {
  const auto e = expect_error("indicator,year,value\na,2017,\"12\n");
  EXPECT_EQ(e.where().line, 2);
}

TEST(LongCsv, Windows1252FileIsConvertedWithANotice) {
  // Decided in docs/errors.md ("Text encodings"): converted, not refused.
  const std::string dir = utsikt::test::temp_dir("csv-latin1");
  const std::string path = dir + "/latin1.csv";
  utsikt::test::write_file(
      path, "indicator,group,year,value\nbefolkning,kvinnor,2017,1\nx,m\xE4n,2017,2\n");
  std::vector<utsikt::Diagnostic> notes;
  const auto s = utsikt::read_long_csv(path, &notes);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].group, "m\xC3\xA4n");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].code, "converted_from_windows1252");
  EXPECT_NE(notes[0].message.find("line 3, column 4"), std::string::npos) << notes[0].message;
}

TEST(LongCsv, MissingFile) {
  EXPECT_THROW(utsikt::read_long_csv("/nonexistent/file.csv"), InputError);
}
