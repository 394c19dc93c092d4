// JSON parts of the table readers (not part of the public API).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "utsikt/io/import.hpp"

namespace utsikt::importer {

// Parses JSON text (UTF-8 with or without BOM; Windows-1252 text is converted first and
// *encoding says so). Refuses nesting deeper than 200 levels before parsing, so hostile input
// cannot exhaust the stack. Syntax errors become InputError with line and column.
nlohmann::ordered_json parse_json_text(std::string_view text, const std::string& file,
                                       std::string* encoding);

// Which JSON table format a parsed document is, or TableFormat::unknown.
TableFormat json_table_format(const nlohmann::ordered_json& doc);

// `text` is the parsed text, used to find line and column of keys for messages.
Table jsonstat_from_json(const nlohmann::ordered_json& doc, std::string_view text,
                         const std::string& file, const ReadOptions& options);
// PxWeb API v1 "json" responses ({"columns": [...], "data": [{"key", "values"}]}).
bool is_pxweb_v1(const nlohmann::ordered_json& doc);
Table pxweb_v1_from_json(const nlohmann::ordered_json& doc, std::string_view text,
                         const std::string& file, const ReadOptions& options);
Table kolada_from_json(const nlohmann::ordered_json& doc, std::string_view text,
                       const std::string& file, const ReadOptions& options);

// Line and column (in characters) of the first occurrence of "key": in text, as a Location
// with the given field; line 0 if the key is not found.
Location locate_key(std::string_view text, const std::string& file, const std::string& key,
                    const std::string& field);

}  // namespace utsikt::importer
