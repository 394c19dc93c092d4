// Text encodings met in Swedish statistics files, and conversion to UTF-8.
//
// utsikt works in UTF-8 throughout. Files from Statistics Sweden (SCB) and older spreadsheet
// exports are often in Windows-1252 ("ANSI" in PC-Axis files, "CHARSET=ANSI") or ISO-8859-1
// (Latin-1). The two agree on every printable character a Swedish file uses (å ä ö Å Ä Ö é ü
// ...); they differ only in bytes 0x80-0x9F, which Windows-1252 uses for typographic characters
// (0x80 euro sign, 0x85 horizontal ellipsis, 0x96 en dash, 0x97 em dash, 0x91-0x94 quotes) and
// Latin-1 for C1 control characters (0x85 is NEL, "next line").
//
// Conversions never fail: every byte has a mapping (the five bytes Windows-1252 leaves
// undefined, 0x81 0x8D 0x8F 0x90 0x9D, map to the C1 controls U+0081 ... as Windows itself
// does). Detection helpers let a reader choose: a file that is valid UTF-8 is almost never
// meant as Windows-1252, because Windows-1252 text with letters like å ä ö is not valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace utsikt {

enum class TextEncoding { utf8, windows1252, latin1 };

// "UTF-8", "Windows-1252", "ISO-8859-1".
const char* to_string(TextEncoding encoding);

// Whether text is well-formed UTF-8: no stray continuation bytes, no truncated sequences, no
// overlong forms, no surrogates (U+D800-U+DFFF), nothing above U+10FFFF.
// (utsikt::is_valid_utf8 in number.hpp has the same contract.)
bool utf8_is_valid(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence, or std::string_view::npos if valid.
std::size_t utf8_first_invalid(std::string_view text);

// Whether text starts with the UTF-8 byte order mark EF BB BF.
bool has_utf8_bom(std::string_view text);

// text without a leading UTF-8 byte order mark.
std::string_view strip_utf8_bom(std::string_view text);

// Whether every byte is below 0x80 (then all three encodings agree).
bool is_ascii(std::string_view text);

// Converts single-byte text to UTF-8.
std::string windows1252_to_utf8(std::string_view text);
std::string latin1_to_utf8(std::string_view text);

// Converts from the given encoding to UTF-8. For utf8 the text is returned unchanged (without
// a BOM); it is not validated (use utf8_is_valid).
std::string to_utf8(std::string_view text, TextEncoding from);

// Guesses the encoding of text of unknown origin: UTF-8 if it has a BOM or is valid UTF-8,
// Windows-1252 otherwise (a superset of Latin-1 for printable characters).
TextEncoding guess_encoding(std::string_view text);

// Number of Unicode characters in valid UTF-8 text (bytes that are not continuation bytes);
// used to report 1-based columns in characters rather than bytes.
std::size_t utf8_length(std::string_view text);

}  // namespace utsikt
