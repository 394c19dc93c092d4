// parse_number on what people paste from PDFs, web tables and spreadsheets.
#include <gtest/gtest.h>

#include <cmath>

#include "utsikt/encoding.hpp"
#include "utsikt/number.hpp"

using namespace utsikt;

TEST(RobustNumber, NanInfAndSpreadsheetErrorsAreRefusedWithAReason) {
  for (const char* t : {"NaN", "nan", "-nan", "inf", "-inf", "+Inf", "Infinity", "1.#INF",
                        "#DIV/0!", "#SAKNAS!", "#N/A", "#VÄRDEFEL!", " #REF! "}) {
    const ParsedNumber p = parse_number(t);
    EXPECT_EQ(p.status, NumberStatus::invalid) << t;
    EXPECT_FALSE(p.error.empty()) << t;
  }
  EXPECT_NE(parse_number("NaN").error.find("NaN"), std::string::npos);
  EXPECT_NE(parse_number("#DIV/0!").error.find("spreadsheet"), std::string::npos);
}

TEST(RobustNumber, OverflowAndUnderflowAreRefused) {
  EXPECT_EQ(parse_number("1e400").status, NumberStatus::invalid);
  EXPECT_EQ(parse_number("-1,8e308").status, NumberStatus::invalid);
  EXPECT_NE(parse_number("1e-400").error.find("too close to zero"), std::string::npos);
  EXPECT_EQ(parse_number("4e-320").status, NumberStatus::invalid);  // subnormal
  EXPECT_EQ(parse_number("0e-400").status, NumberStatus::ok);
  EXPECT_EQ(parse_number("1e999999999").status, NumberStatus::invalid);
}

TEST(RobustNumber, ExtremesThatFitAreExact) {
  EXPECT_EQ(parse_number("1,7976931348623157e308").value, 1.7976931348623157e308);
  EXPECT_EQ(parse_number("2,2250738585072014e-308").value, 2.2250738585072014e-308);
  EXPECT_EQ(parse_number("1e-300").value, 1e-300);
  EXPECT_EQ(parse_number("\xE2\x88\x92"
                         "1e300")
                .value,
            -1e300);
}

TEST(RobustNumber, ReasonsQuoteWholeCharacters) {
  for (const char* t : {"12 \xE2\x82\xAC", "\xC3\xA5r 2017",
                        "1\xE2\x80\x89"
                        "000x"}) {
    const ParsedNumber p = parse_number(t);
    EXPECT_EQ(p.status, NumberStatus::invalid) << t;
    EXPECT_TRUE(utf8_is_valid(p.error)) << p.error;
  }
  EXPECT_NE(parse_number("12 \xE2\x82\xAC").error.find("'\xE2\x82\xAC'"), std::string::npos);
}

TEST(RobustNumber, NeverThrowsOnControlAndInvalidBytes) {
  for (int b = 0; b < 256; ++b) {
    const std::string s(1, static_cast<char>(b));
    EXPECT_NO_THROW(parse_number(s));
    EXPECT_NO_THROW(parse_number("1" + s + "2"));
  }
  EXPECT_EQ(parse_number(std::string(100000, '9')).status, NumberStatus::invalid);
}
