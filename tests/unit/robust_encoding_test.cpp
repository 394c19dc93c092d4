// Text encodings of CSV and TOML files (docs/errors.md, "Text encodings"): what is converted,
// what is refused, and that messages point at the offending byte.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/engine/project.hpp"

using namespace utsikt;

namespace {

InputError refused(const std::string& bytes) {
  try {
    decode_text(bytes, "f.csv");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted";
  return InputError({}, "", "");
}

std::string utf16(const std::string& ascii, bool le, bool bom) {
  std::string s = bom ? (le ? "\xFF\xFE" : "\xFE\xFF") : "";
  for (char c : ascii) {
    if (le) {
      s += c;
      s += '\0';
    } else {
      s += '\0';
      s += c;
    }
  }
  return s;
}

}  // namespace

TEST(RobustEncoding, Utf8WithAndWithoutBomCrlf) {
  std::vector<Diagnostic> notes;
  EXPECT_EQ(decode_text("a;b\r\nm\xC3\xA4n\r\n", "f", &notes), "a;b\r\nm\xC3\xA4n\r\n");
  EXPECT_EQ(decode_text("\xEF\xBB\xBF"
                        "a;b\n",
                        "f", &notes),
            "a;b\n");
  EXPECT_EQ(decode_text("", "f", &notes), "");
  // Found by csv_fuzz: a doubled BOM (two UTF-8 files joined) left U+FEFF in the header.
  EXPECT_EQ(decode_text("\xEF\xBB\xBF\xEF\xBB\xBF"
                        "a;b\n",
                        "f", &notes),
            "a;b\n");
  EXPECT_TRUE(notes.empty());
}

TEST(RobustEncoding, Windows1252IsConvertedWithANoteThatPointsAtTheFirstCharacter) {
  std::vector<Diagnostic> notes;
  const std::string text = decode_text(
      "indicator;group\nx;m\xE4n \x96 \x80 1\xA0"
      "000\n",
      "f.csv", &notes);
  EXPECT_EQ(text,
            "indicator;group\nx;m\xC3\xA4n \xE2\x80\x93 \xE2\x82\xAC 1\xC2\xA0"
            "000\n");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].code, "converted_from_windows1252");
  EXPECT_NE(notes[0].message.find("'\xC3\xA4' at line 2, column 4"), std::string::npos)
      << notes[0].message;
  EXPECT_TRUE(utf8_is_valid(notes[0].message));
}

TEST(RobustEncoding, Utf16And32AreRefusedWithAdvice) {
  for (const std::string& b :
       {utf16("indicator;year\n", true, true), utf16("indicator;year\n", false, true),
        utf16("indicator;year\n", true, false), utf16("indicator;year\n", false, false)}) {
    const InputError e = refused(b);
    EXPECT_NE(e.found().find("UTF-16"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("CSV UTF-8"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("iconv"), std::string::npos) << e.what();
  }
  const InputError e32 = refused(std::string("\xFF\xFE\0\0a\0\0\0", 8));
  EXPECT_NE(e32.found().find("UTF-32"), std::string::npos) << e32.what();
}

TEST(RobustEncoding, MixedEncodingsAreRefusedAtTheBadByte) {
  const InputError e = refused("a;b\nm\xC3\xA4n;1\nm\xE4n;2\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 2);
  EXPECT_NE(e.found().find("0xE4"), std::string::npos) << e.what();
  const InputError bom = refused(
      "\xEF\xBB\xBF"
      "a;b\nx;1\xA0"
      "000\n");
  EXPECT_EQ(bom.where().line, 2);
  EXPECT_EQ(bom.where().column, 4);
  EXPECT_NE(bom.found().find("byte order mark"), std::string::npos) << bom.what();
}

TEST(RobustEncoding, WorkbooksAndBinaryAreRefused) {
  EXPECT_NE(refused(std::string("PK\x03\x04\x14\0", 6)).found().find(".xlsx"), std::string::npos);
  EXPECT_NE(refused("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").found().find(".xls"), std::string::npos);
  const InputError nul =
      refused(std::string("a;b\nx;1\0"
                          "2\n",
                          10));
  EXPECT_EQ(nul.where().line, 2);
  EXPECT_EQ(nul.where().column, 4);
  EXPECT_NE(nul.found().find("NUL"), std::string::npos);
}

TEST(RobustEncoding, ProjectFileInWindows1252IsConvertedAndNoted) {
  const std::string dir = test::temp_dir("robust-enc-toml");
  test::write_file(dir + "/p.toml",
                   "[project]\nname_sv = \"Norrbottens l\xE4n\"\n[[indicator]]\nid = \"x\"\n"
                   "kind = \"rate\"\ndata = \"d.csv\"\n");
  test::write_file(dir + "/d.csv",
                   "indicator;group;year;value\nx;total;2017;1\xA0"
                   "234,5\n");
  const Project p = load_project(dir + "/p.toml");
  EXPECT_EQ(p.name_sv, "Norrbottens l\xC3\xA4n");
  ASSERT_EQ(p.notices.size(), 2u);
  EXPECT_NE(p.notices[0].message.find("p.toml"), std::string::npos);
  EXPECT_NE(p.notices[1].message.find("d.csv"), std::string::npos);
  EXPECT_DOUBLE_EQ(p.data.begin()->second.values[0], 1234.5);
}

TEST(RobustEncoding, ProjectFileInUtf16IsRefused) {
  const std::string dir = test::temp_dir("robust-enc-toml16");
  test::write_file(dir + "/p.toml", utf16("[project]\nseed = 1\n", true, true));
  try {
    load_project(dir + "/p.toml");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("UTF-16"), std::string::npos);
  }
}

TEST(RobustEncoding, TabSeparatedCsv) {
  const auto s = parse_long_csv("indicator\tyear\tvalue\nx\t2017\t1,5\n", "f.tsv");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_DOUBLE_EQ(s[0].values[0], 1.5);
}

TEST(RobustEncoding, LongFieldsAreShortenedAtACharacterBoundary) {
  std::string v;
  for (int i = 0; i < 40; ++i) v += "\xC3\xA4";  // 80 bytes of 'ä'
  try {
    parse_long_csv("indicator;year;value\nx;2017;" + v + "\n", "f.csv");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_TRUE(utf8_is_valid(e.what())) << e.what();
  }
}

TEST(RobustEncoding, CharacterAfterAClosingQuoteIsQuotedWhole) {
  // Found by csv_fuzz: a Windows-1252 letter after a closing quote was quoted as a lone byte.
  try {
    parse_long_csv(decode_text("indicator,year,value\r\nx,2017,\"35,1\"\xD5\r\n", "f.csv"),
                   "f.csv");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_TRUE(utf8_is_valid(e.what())) << e.what();
    EXPECT_NE(e.found().find("\xC3\x95"), std::string::npos) << e.what();
  }
}

TEST(RobustEncoding, SpecialFilesAreRefusedWithoutReading) {
  for (const char* dev : {"/dev/zero", "/dev/null"}) {
    try {
      read_text_file(dev);
      FAIL() << dev;
    } catch (const InputError& e) {
      EXPECT_EQ(e.expected(), "a regular file") << e.what();
    }
  }
}
