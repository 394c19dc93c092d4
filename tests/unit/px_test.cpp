// PC-Axis reader on fixtures written for these tests (tests/fixtures/px) and inline texts.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "test_util.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/io/import.hpp"

namespace utsikt {
namespace {

std::string fixture(const std::string& name) {
  return test::source_dir() + "/tests/fixtures/px/" + name;
}

// Replaces every occurrence of `from` in s by `to`.
std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The InputError message of parsing text, or "" if it parses.
std::string px_error(const std::string& text) {
  try {
    parse_px(text, "t.px");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// A minimal valid table: 2 regions x 3 years.
const std::string kSmall =
    "CHARSET=\"ANSI\";\n"
    "MATRIX=\"SMALL\";\n"
    "STUB=\"region\";\n"
    "HEADING=\"year\";\n"
    "VALUES(\"region\")=\"a\",\"b\";\n"
    "VALUES(\"year\")=\"2020\",\"2021\",\"2022\";\n"
    "TIMEVAL(\"year\")=TLIST(A1),\"2020\",\"2021\",\"2022\";\n"
    "DATA=\n"
    "1 2 3\n"
    "4 5.5 6;\n";

TEST(Px, SmallTableCellsInStubHeadingOrder) {
  const Table t = parse_px(kSmall, "small.px");
  ASSERT_EQ(t.dims.size(), 2u);
  EXPECT_EQ(t.dims[0].code, "region");
  EXPECT_FALSE(t.dims[0].is_time);
  EXPECT_TRUE(t.dims[1].is_time);
  EXPECT_EQ(t.dims[1].years, (std::vector<int>{2020, 2021, 2022}));
  EXPECT_EQ(t.values[t.cell_index({1, 1})], 5.5);
  EXPECT_EQ(t.values[t.cell_index({0, 2})], 3.0);
  EXPECT_EQ(t.provenance.table_id, "SMALL");
  EXPECT_EQ(t.encoding, "Windows-1252 (CHARSET=\"ANSI\")");
}

TEST(Px, AnsiBilingualFixtureDefaultLanguage) {
  const Table t = read_table(fixture("bilingual_ansi.px"));
  EXPECT_EQ(t.format, "PC-Axis");
  EXPECT_EQ(t.language, "sv");
  EXPECT_EQ(t.languages, (std::vector<std::string>{"sv", "en"}));
  EXPECT_EQ(t.title, "Andel förvärvsarbetande efter län, kön och år");
  EXPECT_EQ(t.units, "procent");
  EXPECT_EQ(t.decimals, 1);
  EXPECT_EQ(t.provenance.source, "SCB");
  EXPECT_EQ(t.provenance.table_id, "TAB9999");  // TABLEID wins over MATRIX
  EXPECT_EQ(t.provenance.updated, "20240215 09:30");
  ASSERT_EQ(t.dims.size(), 3u);
  EXPECT_EQ(t.dims[0].code, "län");
  EXPECT_EQ(t.dims[0].value_texts[1], "24 Västerbottens län");
  EXPECT_EQ(t.dims[1].value_texts, (std::vector<std::string>{"män", "kvinnor"}));
  // TLIST(A1, "2019"-"2021") range form.
  EXPECT_EQ(t.dims[2].years, (std::vector<int>{2019, 2020, 2021}));
  // The en dash is byte 0x96 in Windows-1252 (a control character in Latin-1); the continued
  // string is joined.
  ASSERT_GE(t.provenance.notes.size(), 2u);
  EXPECT_EQ(t.provenance.notes[0], "Note: Uppgifterna för 2021 är preliminära – källa: RAMS.");
  EXPECT_EQ(t.provenance.notes[1], "Note on län = 24 Västerbottens län: Åsele ingår.");
}

TEST(Px, AnsiBilingualFixtureEnglish) {
  ReadOptions o;
  o.language = "EN";
  const Table t = read_table(fixture("bilingual_ansi.px"), o);
  EXPECT_EQ(t.language, "en");
  EXPECT_EQ(t.title, "Share gainfully employed by county, sex and year");
  EXPECT_EQ(t.provenance.source, "Statistics Sweden");
  ASSERT_EQ(t.dims.size(), 3u);
  EXPECT_EQ(t.dims[0].code, "län");  // code stays the default-language name
  EXPECT_EQ(t.dims[0].text, "county");
  EXPECT_EQ(t.dims[0].value_texts[0], "25 Norrbotten county");
  EXPECT_EQ(t.dims[0].value_codes[0], "25");
  EXPECT_EQ(t.provenance.notes[0], "Note: Figures for 2021 are preliminary – source: RAMS.");
  Selection s;
  s.criteria = {{"county", "Norrbotten county"}, {"sex", "WOMEN"}};
  const Series w = select_one_series(t, s, "employed");
  EXPECT_EQ(w.years, (std::vector<int>{2019, 2020, 2021}));
  EXPECT_EQ(w.values, (std::vector<double>{78.5, 79.0, 79.9}));
  // Dimension by its code, value by its code.
  s.criteria = {{"län", "25"}, {"kön", "2"}};
  EXPECT_EQ(select_one_series(t, s, "employed").values, w.values);
}

TEST(Px, UnknownLanguageListsTheOffered) {
  ReadOptions o;
  o.language = "fi";
  try {
    read_table(fixture("bilingual_ansi.px"), o);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("sv, en"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'fi'"), std::string::npos) << e.what();
  }
}

TEST(Px, MissingSymbolsAndMeanings) {
  const Table t = read_table(fixture("bilingual_ansi.px"));
  // (25, män, 2021) is "..": symbol 2 with the file's meaning.
  const std::size_t c = t.cell_index({0, 0, 2});
  ASSERT_NE(t.status[c], 0);
  EXPECT_TRUE(std::isnan(t.values[c]));
  EXPECT_EQ(t.missing_symbols[t.status[c] - 1].symbol, "..");
  EXPECT_EQ(t.missing_symbols[t.status[c] - 1].meaning, "uppgift saknas");
  // (24, män, 2020) is "-": nil.
  const std::size_t nil = t.cell_index({1, 0, 1});
  EXPECT_TRUE(t.missing_symbols[t.status[nil] - 1].nil);
  EXPECT_EQ(t.missing_symbols[t.status[nil] - 1].meaning, "inget");
  // (24, kvinnor, 2021) is an unquoted "...".
  EXPECT_EQ(t.missing_symbols[t.status[t.cell_index({1, 1, 2})] - 1].symbol, "...");

  Selection s;
  s.criteria = {{"län", "24"}, {"kön", "män"}};
  Series m = select_one_series(t, s, "x");
  EXPECT_EQ(m.years, (std::vector<int>{2019, 2021}));  // the nil year is a gap
  s.nil_as_zero = true;
  m = select_one_series(t, s, "x");
  EXPECT_EQ(m.years, (std::vector<int>{2019, 2020, 2021}));
  EXPECT_EQ(m.values[1], 0.0);
}

TEST(Px, Utf8FileWithTheSameContentReadsTheSame) {
  const std::string ansi = test::read_file(fixture("bilingual_ansi.px"));
  const Table a = parse_px(ansi, "ansi.px");
  // Saved as UTF-8 by an editor while CHARSET still says ANSI: the content decides.
  const Table u = parse_px(windows1252_to_utf8(ansi), "utf8.px");
  EXPECT_EQ(u.encoding, "UTF-8 (content is UTF-8 although CHARSET=\"ANSI\")");
  EXPECT_EQ(u.title, a.title);
  EXPECT_EQ(u.dims[0].value_texts, a.dims[0].value_texts);
  // With a BOM and CODEPAGE.
  const std::string bom = "\xEF\xBB\xBF" + replace_all(windows1252_to_utf8(ansi),
                                                       "CHARSET=\"ANSI\";", "CODEPAGE=\"utf-8\";");
  const Table b = parse_px(bom, "bom.px");
  EXPECT_EQ(b.encoding, "UTF-8 (byte order mark)");
  EXPECT_EQ(b.provenance.notes, a.provenance.notes);
}

TEST(Px, LineEndsLfCrlfCrNelGiveTheSameTable) {
  const std::string crlf = test::read_file(fixture("bilingual_ansi.px"));
  const Table ref = parse_px(crlf, "crlf.px");
  for (const std::string& eol : {std::string("\n"), std::string("\r"), std::string("\x85")}) {
    const Table t = parse_px(replace_all(crlf, "\r\n", eol), "eol.px");
    EXPECT_EQ(t.dims[0].value_texts, ref.dims[0].value_texts);
    EXPECT_EQ(t.provenance.notes, ref.provenance.notes);
    ASSERT_EQ(t.values.size(), ref.values.size());
    for (std::size_t i = 0; i < t.values.size(); ++i) {
      EXPECT_EQ(t.status[i], ref.status[i]);
      if (t.status[i] == 0) {
        EXPECT_EQ(t.values[i], ref.values[i]);
      }
    }
  }
  // UTF-8 NEL (C2 85) in a UTF-8 file.
  const std::string u = replace_all(windows1252_to_utf8(crlf), "\r\n", "\xC2\x85");
  EXPECT_EQ(parse_px(u, "nel.px").title, ref.title);
}

TEST(Px, ErrorLineNumbersCountNelLineEnds) {
  std::string bad = replace_all(kSmall, "4 5.5 6", "4 x5 6");
  bad = replace_all(bad, "\n", "\x85");
  const std::string m = px_error(bad);
  EXPECT_NE(m.find("t.px:10:3 (field 'DATA')"), std::string::npos) << m;
  EXPECT_NE(m.find("'x5'"), std::string::npos) << m;
}

TEST(Px, AllDotSymbolsAndQuotedForms) {
  const std::string text =
      "STUB=\"s\";\nHEADING=\"year\";\nVALUES(\"s\")=\"a\";\n"
      "VALUES(\"year\")=\"2001\",\"2002\",\"2003\",\"2004\",\"2005\",\"2006\",\"2007\",\"2008\","
      "\"2009\";\n"
      "TIMEVAL(\"year\")=TLIST(A1),\"2001\",\"2002\",\"2003\",\"2004\",\"2005\",\"2006\",\"2007\","
      "\"2008\",\"2009\";\n"
      "DATA=\n. \"..\" ... \"....\" ..... \"......\" - \"-\" \"7\";";
  const Table t = parse_px(text, "dots.px");
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(t.missing_symbols[t.status[static_cast<std::size_t>(i)] - 1].symbol,
              std::string(static_cast<std::size_t>(i + 1), '.'));
  }
  EXPECT_TRUE(t.missing_symbols[t.status[6] - 1].nil);
  EXPECT_TRUE(t.missing_symbols[t.status[7] - 1].nil);
  EXPECT_EQ(t.status[8], 0);
  EXPECT_EQ(t.values[8], 7.0);
}

TEST(Px, DataSeparatorsCommaTabAndNegativeNumbers) {
  const std::string text = replace_all(kSmall, "1 2 3\n4 5.5 6;", "-1,\t2.25e1 ,3\n+4 5.5\t6 ;");
  const Table t = parse_px(text, "sep.px");
  EXPECT_EQ(t.values, (std::vector<double>{-1, 22.5, 3, 4, 5.5, 6}));
}

TEST(Px, WithoutTimevalAYearNamedDimensionIsTime) {
  const std::string text =
      replace_all(kSmall, "TIMEVAL(\"year\")=TLIST(A1),\"2020\",\"2021\",\"2022\";\n", "");
  const Table t = parse_px(text, "notimeval.px");
  EXPECT_TRUE(t.dims[1].is_time);
  EXPECT_EQ(t.dims[1].frequency, TimeFrequency::yearly);
}

TEST(Px, QuarterlyAndHalfYearTlist) {
  std::string q = replace_all(kSmall, "\"2020\",\"2021\",\"2022\";\nTIMEVAL",
                              "\"2020K1\",\"2020K2\",\"2020K3\";\nTIMEVAL");
  q = replace_all(q, "TLIST(A1),\"2020\",\"2021\",\"2022\"", "TLIST(Q1, \"20201\"-\"20203\")");
  const Table t = parse_px(q, "q.px");
  EXPECT_EQ(t.dims[1].frequency, TimeFrequency::quarterly);
  try {
    select_series(t, Selection{}, "x");
    FAIL() << "quarterly data must be refused for projection";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("quarterly periods"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("yearly series only"), std::string::npos) << e.what();
  }
  // ...but readable.
  const auto p = select_periods(t, Selection{});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].periods, (std::vector<std::string>{"2020K1", "2020K2", "2020K3"}));
  EXPECT_EQ(p[1].values, (std::vector<double>{4, 5.5, 6}));
}

TEST(Px, ClearErrors) {
  EXPECT_NE(px_error(replace_all(kSmall, "4 5.5 6;", "4 5.5;"))
                .find("expected 6 values = 2 x 3 (region x year), found 5 values before ';'"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "4 5.5 6;", "4 5.5 6 7;"))
                .find("t.px:10:9 (field 'DATA'): expected 6 values"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "VALUES(\"region\")=\"a\",\"b\";",
                                 "VALUES(\"region\")=\"a,\"b\";"))
                .find("t.px:5:"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "STUB=\"region\"", "STUB \"region\""))
                .find("t.px:3:6 (field 'STUB'): expected '=' after the keyword"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "VALUES(\"region\")=\"a\",\"b\";\n", ""))
                .find("VALUES(\"region\")"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "MATRIX=\"SMALL\";\n",
                                 "MATRIX=\"SMALL\";\nCODES(\"region\")=\"1\";\n"))
                .find("expected 2 codes"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "TLIST(A1),\"2020\"", "TLIST(A1),\"20x0\""))
                .find("a four-digit year"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "1 2 3", "1 2;3")).find("found 2 values before ';'"),
            std::string::npos);
  EXPECT_NE(px_error(kSmall + "X=1;").find("DATA must be the last keyword"), std::string::npos);
  EXPECT_NE(px_error("").find("(field 'DATA')"), std::string::npos);
  EXPECT_NE(px_error("DATA=1 2;").find("STUB= and/or HEADING="), std::string::npos);
  EXPECT_NE(
      px_error("STUB=\"a\";\nVALUES(\"a\")=\"x\";\nKEYS(\"a\")=CODES;\nDATA=\nx 1;").find("KEYS"),
      std::string::npos);
  EXPECT_NE(px_error("@@@").find("expected a keyword"), std::string::npos);
}

TEST(Px, UnquotedWordsAreDecodedAndCheckedToo) {
  // Found by px_fuzz: a bare (unquoted) value with non-ASCII bytes ended up in a note as is.
  const Table t = parse_px(replace_all(kSmall, "MATRIX=\"SMALL\";", "NOTE=L\xE5ng;"), "w.px");
  EXPECT_EQ(t.provenance.notes, std::vector<std::string>{"Note: Lång"});
  const std::string m =
      px_error(replace_all(kSmall, "MATRIX=\"SMALL\";", "CODEPAGE=\"utf-8\";\nNOTE=L\xE5ng;"));
  EXPECT_NE(m.find("t.px:3:6 (field 'NOTE'): expected UTF-8 text (the file is read as UTF-8), "
                   "found the byte 0xE5"),
            std::string::npos)
      << m;
}

TEST(Px, DuplicatesAndTooManyDimensions) {
  EXPECT_NE(
      px_error(
          replace_all(kSmall, "VALUES(\"region\")=\"a\",\"b\";", "VALUES(\"region\")=\"a\",\"a\";"))
          .find("t.px:5:1 (field 'VALUES(\"region\")'): expected distinct values, found 'a' twice"),
      std::string::npos);
  std::string stub = "STUB=";
  for (int i = 0; i < 101; ++i) stub += (i ? ",\"d" : "\"d") + std::to_string(i) + "\"";
  EXPECT_NE(px_error(replace_all(kSmall, "STUB=\"region\"", stub))
                .find("expected at most 100 dimensions, found 102"),
            std::string::npos);
  EXPECT_NE(px_error(replace_all(kSmall, "HEADING=\"year\"", "HEADING=\"region\""))
                .find("distinct dimension names"),
            std::string::npos);
}

TEST(Px, VariableCodeAndPerContentUnits) {
  std::string text = replace_all(
      kSmall, "MATRIX=\"SMALL\";\n",
      "VARIABLE-CODE(\"region\")=\"Region\";\nUNITS(\"a\")=\"persons\";\nUNITS(\"b\")=\"SEK\";\n");
  const Table t = parse_px(text, "vc.px");
  EXPECT_EQ(t.dims[0].code, "Region");
  EXPECT_EQ(t.dims[0].text, "region");
  EXPECT_EQ(t.units, "a: persons; b: SEK");
  Selection s;
  s.criteria = {{"Region", "b"}};
  EXPECT_EQ(select_one_series(t, s, "x").values, (std::vector<double>{4, 5.5, 6}));
}

TEST(Px, AmbiguousTextWithoutCodeIsRefused) {
  std::string text =
      replace_all(kSmall, "VALUES(\"region\")=\"a\",\"b\";",
                  "VALUES(\"region\")=\"1 Lund\",\"2 Lund\";\nCODES(\"region\")=\"1\",\"2\";");
  const Table t = parse_px(text, "amb.px");
  Selection s;
  s.criteria = {{"region", "lund"}};
  try {
    select_series(t, s, "x");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "found 'lund' matching '1' (1 Lund), '2' (2 Lund). use the code"),
              std::string::npos)
        << e.what();
  }
  s.criteria = {{"region", "2 lund"}};
  EXPECT_EQ(select_one_series(t, s, "x").values, (std::vector<double>{4, 5.5, 6}));
}

TEST(Px, SizeLimits) {
  ReadOptions o;
  o.max_cells = 5;
  EXPECT_THROW(parse_px(kSmall, "small.px", o), InputError);
  o = ReadOptions{};
  o.max_bytes = 10;
  EXPECT_THROW(parse_px(kSmall, "small.px", o), InputError);
}

}  // namespace
}  // namespace utsikt
