// PxWeb API v1 "json" responses (still written by many existing scripts):
//   {"columns": [{"code": "Region", "text": "region", "type": "d"},
//                {"code": "Tid", "text": "år", "type": "t"},
//                {"code": "BE0101N1", "text": "Folkmängd", "type": "c", "unit": "antal"}],
//    "comments": [{"variable": "...", "value": "...", "comment": "..."}],
//    "data": [{"key": ["25", "2019"], "values": ["250093"]}, ...],
//    "metadata": [{"infofile": "BE0101", "updated": "2020-02-21T09:00:00Z",
//                  "label": "...", "source": "Statistiska centralbyrån, SCB"}]}
// Column types: "d" a dimension, "t" the time, "c" a contents (measure). The keys carry value
// codes only, so the value texts are the codes. Several contents columns become a dimension
// "ContentsCode"; values that are not numbers (".." and the like) are missing with that symbol.
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "import_internal.hpp"
#include "json_internal.hpp"
#include "utsikt/number.hpp"

namespace utsikt::importer {

using json = nlohmann::ordered_json;

namespace {

std::string string_or(const json& obj, const char* key, const std::string& fallback = {}) {
  if (obj.is_object() && obj.contains(key) && obj[key].is_string()) {
    return obj[key].get<std::string>();
  }
  return fallback;
}

struct Column {
  std::string code, text, type, unit;
};

std::vector<Column> read_columns(const json& doc, std::string_view text, const std::string& file) {
  const json& cols = doc["columns"];
  std::vector<Column> out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const std::string field = "columns[" + std::to_string(i) + "]";
    const json& c = cols[i];
    Column col{string_or(c, "code"), string_or(c, "text"), string_or(c, "type"),
               string_or(c, "unit")};
    if (col.code.empty() || (col.type != "d" && col.type != "t" && col.type != "c")) {
      throw InputError(locate_key(text, file, "columns", field),
                       "a column {\"code\", \"text\", \"type\": \"d\", \"t\" or \"c\"}",
                       col.code.empty() ? "no code" : "type '" + col.type + "'");
    }
    if (col.text.empty()) col.text = col.code;
    out.push_back(std::move(col));
  }
  if (out.empty()) {
    throw InputError(locate_key(text, file, "columns", "columns"), "at least one column",
                     "an empty list");
  }
  return out;
}

// The symbol index of a non-numeric value, adding it to the table's symbols on first use.
std::uint8_t symbol_of(Table& t, std::map<std::string, std::uint8_t>& symbols,
                       const std::string& value) {
  auto it = symbols.find(value);
  if (it != symbols.end()) return it->second;
  if (t.missing_symbols.size() >= 254) return 1;  // the "absent" symbol; 255 is the cap
  const bool nil = value == "-";
  t.missing_symbols.push_back(
      MissingSymbol{value, nil ? "nothing (nil)" : "missing ('" + value + "')", nil});
  const auto ix = static_cast<std::uint8_t>(t.missing_symbols.size());
  symbols.emplace(value, ix);
  return ix;
}

}  // namespace

bool is_pxweb_v1(const json& doc) {
  return doc.is_object() && doc.contains("columns") && doc["columns"].is_array() &&
         doc.contains("data") && doc["data"].is_array();
}

// long function: reads columns, keys and values in one pass with the checks of each
Table pxweb_v1_from_json(const json& doc, std::string_view text, const std::string& file,
                         const ReadOptions& options) {
  Table t;
  t.file = file;
  t.format = "PxWeb API v1 JSON";
  const std::vector<Column> cols = read_columns(doc, text, file);
  std::vector<std::size_t> key_cols, content_cols;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    (cols[i].type == "c" ? content_cols : key_cols).push_back(i);
  }
  if (content_cols.empty()) {
    throw InputError(locate_key(text, file, "columns", "columns"),
                     "a contents column (\"type\": \"c\")", "none");
  }
  // Dimensions from the key columns, values in order of appearance.
  std::vector<std::unordered_map<std::string, std::size_t>> ix(key_cols.size());
  for (std::size_t d = 0; d < key_cols.size(); ++d) {
    Dimension dim;
    dim.code = cols[key_cols[d]].code;
    dim.text = cols[key_cols[d]].text;
    dim.is_time = cols[key_cols[d]].type == "t";
    t.dims.push_back(std::move(dim));
  }
  const json& data = doc["data"];
  for (std::size_t r = 0; r < data.size(); ++r) {
    const json& row = data[r];
    const std::string field = "data[" + std::to_string(r) + "]";
    if (!row.is_object() || !row.contains("key") || !row["key"].is_array() ||
        row["key"].size() != key_cols.size() || !row.contains("values") ||
        !row["values"].is_array() || row["values"].size() != content_cols.size()) {
      throw InputError(locate_key(text, file, "data", field),
                       "{\"key\": [" + std::to_string(key_cols.size()) + " codes], \"values\": [" +
                           std::to_string(content_cols.size()) + " values]}",
                       quote_excerpt(row.dump(), 60));
    }
    for (std::size_t d = 0; d < key_cols.size(); ++d) {
      const json& k = row["key"][d];
      if (!k.is_string()) {
        throw InputError(locate_key(text, file, "data", field + ".key"), "codes (strings)",
                         quote_excerpt(k.dump()));
      }
      const std::string code = k.get<std::string>();
      if (ix[d].emplace(code, ix[d].size()).second) {
        t.dims[d].value_codes.push_back(code);
        t.dims[d].value_texts.push_back(code);
      }
    }
  }
  if (content_cols.size() > 1) {
    Dimension dim;
    dim.code = "ContentsCode";
    dim.text = "contents";
    for (std::size_t c : content_cols) {
      dim.value_codes.push_back(cols[c].code);
      dim.value_texts.push_back(cols[c].text);
    }
    t.dims.push_back(std::move(dim));
  }
  for (Dimension& dim : t.dims) {
    if (dim.value_codes.empty()) {
      throw InputError(locate_key(text, file, "data", "data"), "at least one row of data",
                       "an empty list");
    }
    if (dim.is_time) classify_time_dimension(dim);
  }
  const std::size_t n =
      checked_cell_count(t.dims, options.max_cells, locate_key(text, file, "data", "data"));
  t.values.assign(n, std::numeric_limits<double>::quiet_NaN());
  t.missing_symbols.push_back(MissingSymbol{"absent", "not in the response", false});
  t.status.assign(n, 1);
  std::map<std::string, std::uint8_t> symbols;
  std::vector<bool> filled(n, false);
  std::vector<std::size_t> coords(t.dims.size());
  for (std::size_t r = 0; r < data.size(); ++r) {
    const json& row = data[r];
    for (std::size_t d = 0; d < key_cols.size(); ++d) {
      coords[d] = ix[d].at(row["key"][d].get<std::string>());
    }
    for (std::size_t c = 0; c < content_cols.size(); ++c) {
      if (content_cols.size() > 1) coords.back() = c;
      const std::size_t cell = t.cell_index(coords);
      const std::string field = "data[" + std::to_string(r) + "].values[" + std::to_string(c) + "]";
      if (filled[cell]) {
        throw InputError(locate_key(text, file, "data", field), "each key once",
                         quote_excerpt(row["key"].dump(), 60) + " again");
      }
      filled[cell] = true;
      const json& v = row["values"][c];
      std::string s;
      if (v.is_string()) {
        s = std::string(trim(v.get<std::string>()));
      } else if (v.is_number()) {
        const double x = v.get<double>();
        if (std::isfinite(x)) {
          t.values[cell] = x;
          t.status[cell] = 0;
          continue;
        }
      } else if (!v.is_null()) {
        throw InputError(locate_key(text, file, "data", field),
                         "a number or a symbol such as \"..\"", quote_excerpt(v.dump()));
      }
      const ParsedNumber num = parse_number(s);
      if (!s.empty() && num.status == NumberStatus::ok) {
        t.values[cell] = num.value;
        t.status[cell] = 0;
      } else {
        t.status[cell] = symbol_of(t, symbols, s.empty() ? "null" : s);
      }
    }
  }
  // Provenance and labels.
  const json meta =
      doc.contains("metadata") && doc["metadata"].is_array() && !doc["metadata"].empty()
          ? doc["metadata"][0]
          : json::object();
  t.title = string_or(meta, "label");
  t.contents = content_cols.size() == 1 ? cols[content_cols[0]].text : t.title;
  t.units = content_cols.size() == 1 ? cols[content_cols[0]].unit : std::string();
  t.provenance.source = string_or(meta, "source");
  t.provenance.table_id = string_or(meta, "infofile");
  t.provenance.updated = string_or(meta, "updated");
  if (doc.contains("comments") && doc["comments"].is_array()) {
    for (const json& c : doc["comments"]) {
      const std::string note = string_or(c, "comment");
      if (note.empty()) continue;
      const std::string var = string_or(c, "variable"), val = string_or(c, "value");
      t.provenance.notes.push_back(
          (var.empty() ? std::string("Note") : "Note on " + var + (val.empty() ? "" : "=" + val)) +
          ": " + note);
    }
  }
  return t;
}

}  // namespace utsikt::importer
