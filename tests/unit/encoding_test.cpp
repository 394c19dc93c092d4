#include "utsikt/encoding.hpp"

#include <gtest/gtest.h>

namespace utsikt {
namespace {

TEST(Encoding, Windows1252SwedishLetters) {
  // å ä ö Å Ä Ö é in Windows-1252 / Latin-1.
  const std::string in = "\xE5\xE4\xF6\xC5\xC4\xD6\xE9";
  EXPECT_EQ(windows1252_to_utf8(in), "åäöÅÄÖé");
  EXPECT_EQ(latin1_to_utf8(in), "åäöÅÄÖé");
  EXPECT_EQ(windows1252_to_utf8("J\xF6nk\xF6ping"), "Jönköping");
}

TEST(Encoding, Windows1252DiffersFromLatin1In80To9F) {
  EXPECT_EQ(windows1252_to_utf8("\x80"), "€");
  EXPECT_EQ(windows1252_to_utf8("\x96"), "–");  // en dash
  EXPECT_EQ(windows1252_to_utf8("\x85"), "…");
  EXPECT_EQ(windows1252_to_utf8("\x9F"), "Ÿ");
  EXPECT_EQ(latin1_to_utf8("\x85"), "\xC2\x85");       // NEL
  EXPECT_EQ(windows1252_to_utf8("\x81"), "\xC2\x81");  // undefined byte kept as C1 control
  EXPECT_EQ(to_utf8("abc", TextEncoding::windows1252), "abc");
}

TEST(Encoding, ConversionIsValidUtf8ForEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_TRUE(utf8_is_valid(windows1252_to_utf8(all)));
  EXPECT_TRUE(utf8_is_valid(latin1_to_utf8(all)));
  EXPECT_FALSE(utf8_is_valid(all));
}

TEST(Encoding, Utf8Validation) {
  EXPECT_TRUE(utf8_is_valid(""));
  EXPECT_TRUE(utf8_is_valid("Norrbottens län €"));
  EXPECT_TRUE(utf8_is_valid("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_FALSE(utf8_is_valid("l\xE4n"));            // Latin-1 ä
  EXPECT_FALSE(utf8_is_valid("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(utf8_is_valid("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(utf8_is_valid("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(utf8_is_valid("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(utf8_is_valid("\xC3"));              // truncated
  EXPECT_FALSE(utf8_is_valid("\x80"));              // lone continuation
  EXPECT_EQ(utf8_first_invalid("ab\xE4x"), 2u);
  EXPECT_EQ(utf8_first_invalid("abc"), std::string_view::npos);
}

TEST(Encoding, BomAndGuess) {
  EXPECT_TRUE(has_utf8_bom("\xEF\xBB\xBFx"));
  EXPECT_FALSE(has_utf8_bom("x"));
  EXPECT_EQ(strip_utf8_bom("\xEF\xBB\xBFx"), "x");
  EXPECT_EQ(strip_utf8_bom("x"), "x");
  EXPECT_EQ(guess_encoding("Luleå"), TextEncoding::utf8);
  EXPECT_EQ(guess_encoding("Lule\xE5"), TextEncoding::windows1252);
  EXPECT_TRUE(is_ascii("abc"));
  EXPECT_FALSE(is_ascii("å"));
  EXPECT_EQ(utf8_length("åäö"), 3u);
  EXPECT_STREQ(to_string(TextEncoding::windows1252), "Windows-1252");
}

}  // namespace
}  // namespace utsikt
