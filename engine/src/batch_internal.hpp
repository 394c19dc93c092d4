// Internal to engine/src: the CSV splitter shared by the whole-file batch reader (batch.cpp)
// and the streaming one (batch_reader.cpp), so both read records by the same rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace utsikt::detail {

// Splits CSV text into records (quotes, CRLF, a leading BOM, blank lines skipped);
// line_of[i] = the line record i starts on.
std::vector<std::vector<std::string>> split_csv(std::string_view text, char sep,
                                                const std::string& file, std::vector<int>& line_of);

}  // namespace utsikt::detail
