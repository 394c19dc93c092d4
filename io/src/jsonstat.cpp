// JSON-stat 2.0 datasets (PxWeb API v2 and v1 "json-stat2"), JSON-stat 1.0 bundles (PxWeb API
// v1 "json-stat"), and the shared JSON parsing with positions in messages.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "import_internal.hpp"
#include "json_internal.hpp"
#include "utsikt/encoding.hpp"

namespace utsikt::importer {

using json = nlohmann::ordered_json;

namespace {

constexpr int kMaxDepth = 200;

// 1-based line and column (in characters) of byte offset `at`.
std::pair<int, int> line_col(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  int line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return {line, static_cast<int>(utf8_length(text.substr(start, at - start)) + 1)};
}

// Byte offset of the deepest nesting beyond kMaxDepth, or npos.
std::size_t too_deep(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Where a key first appears in the text ("key" followed by ':'), for messages about the
// structure of a document; {0, 0} if not found.
Location locate(std::string_view text, const std::string& file, const std::string& key,
                const std::string& field) {
  const std::string needle = "\"" + key + "\"";
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string_view::npos) {
    std::size_t j = at + needle.size();
    while (j < text.size() &&
           (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'))
      ++j;
    if (j < text.size() && text[j] == ':') {
      const auto [l, c] = line_col(text, at);
      return Location{file, l, c, field};
    }
    at += needle.size();
  }
  return Location{file, 0, 0, field};
}

std::string kind_of(const json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

std::string str_or(const json& obj, const char* key, const std::string& fallback = {}) {
  if (!obj.is_object()) return fallback;
  const auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return fallback;
}

// A number of decimals 0..15, or `fallback` for anything else.
int decimals_of(const json& j, int fallback) {
  if (!j.is_number_unsigned() || j.get<std::uint64_t>() > 15) return fallback;
  return static_cast<int>(j.get<std::uint64_t>());
}

void collect_notes(const json& note, const std::string& prefix, std::vector<std::string>& out) {
  if (note.is_string()) {
    out.push_back(prefix + ": " + note.get<std::string>());
  } else if (note.is_array()) {
    for (const json& n : note) {
      if (n.is_string()) out.push_back(prefix + ": " + n.get<std::string>());
    }
  } else if (note.is_object()) {
    for (const auto& [k, n] : note.items()) {
      if (n.is_string()) out.push_back(prefix + " (" + k + "): " + n.get<std::string>());
      if (n.is_array()) collect_notes(n, prefix + " (" + k + ")", out);
    }
  }
}

}  // namespace

Location locate_key(std::string_view text, const std::string& file, const std::string& key,
                    const std::string& field) {
  return locate(text, file, key, field);
}

nlohmann::ordered_json parse_json_text(std::string_view text, const std::string& file,
                                       std::string* encoding) {
  std::string converted;
  text = strip_utf8_bom(text);
  *encoding = "UTF-8";
  if (!utf8_is_valid(text)) {
    converted = windows1252_to_utf8(text);
    text = converted;
    *encoding = "Windows-1252 (converted; JSON should be UTF-8)";
  }
  if (const std::size_t at = too_deep(text); at != std::string_view::npos) {
    const auto [l, c] = line_col(text, at);
    throw InputError(Location{file, l, c, ""},
                     "JSON nested at most " + std::to_string(kMaxDepth) + " levels deep",
                     "deeper nesting");
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    const auto [l, c] = line_col(text, at);
    std::string what = e.what();
    const std::size_t colon = what.find("error: ");
    if (colon != std::string::npos) what = what.substr(colon + 7);
    throw InputError(Location{file, l, c, ""}, "well-formed JSON", what);
  } catch (const json::exception& e) {
    // Other parse failures, e.g. "number overflow parsing '1e400'" (out_of_range), carry no
    // position: find the quoted text of the message in the input.
    std::string what = e.what();
    const std::size_t close = what.rfind('\'');
    const std::size_t open =
        close == std::string::npos || close == 0 ? std::string::npos : what.rfind('\'', close - 1);
    std::pair<int, int> lc{0, 0};
    if (open != std::string::npos) {
      const std::size_t at = text.find(what.substr(open + 1, close - open - 1));
      if (at != std::string_view::npos) lc = line_col(text, at);
    }
    const std::size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    throw InputError(Location{file, lc.first, lc.second, ""}, "JSON with numbers a double can hold",
                     what);
  }
}

TableFormat json_table_format(const json& doc) {
  if (!doc.is_object()) return TableFormat::unknown;
  if (doc.contains("class") && doc["class"] == "dataset") return TableFormat::jsonstat;
  if (doc.contains("dimension") && doc.contains("value")) return TableFormat::jsonstat;
  if (doc.contains("dataset") && doc["dataset"].is_object()) return TableFormat::jsonstat;
  if (is_pxweb_v1(doc)) return TableFormat::pxweb_v1;
  if (doc.contains("values") && doc["values"].is_array()) {
    const json& v = doc["values"];
    if (v.empty() || (v[0].is_object() && v[0].contains("kpi"))) return TableFormat::kolada;
  }
  return TableFormat::unknown;
}

namespace {

// The category ids of dimension `code` in the order of its "index": an array of ids, an object
// of positions, or without an index the keys of the labels.
std::vector<std::string> category_codes(const json& index, const json& label, std::string_view text,
                                        const std::string& file, const std::string& code,
                                        const std::string& field) {
  std::vector<std::string> codes;
  if (index.is_array()) {
    for (const json& c : index) {
      if (!c.is_string()) {
        throw InputError(locate(text, file, code, field + ".category.index"),
                         "category ids (strings)", kind_of(c));
      }
      codes.push_back(c.get<std::string>());
    }
  } else if (index.is_object()) {
    codes.assign(index.size(), std::string());
    std::vector<bool> seen(index.size(), false);
    for (const auto& [c, pos] : index.items()) {
      if (!pos.is_number_unsigned() || pos.get<std::size_t>() >= index.size() ||
          seen[pos.get<std::size_t>()]) {
        throw InputError(locate(text, file, code, field + ".category.index." + c),
                         "positions 0.." + std::to_string(index.size() - 1) + ", each once",
                         pos.dump());
      }
      seen[pos.get<std::size_t>()] = true;
      codes[pos.get<std::size_t>()] = c;
    }
  } else if (index.is_null() && !label.empty()) {
    for (const auto& [c, l] : label.items()) codes.push_back(c);
  } else {
    throw InputError(locate(text, file, code, field + ".category"),
                     "category \"index\" (an array or object) or \"label\"", kind_of(index));
  }
  return codes;
}

// Dimension `code` with n categories (as "size" says): its categories and their labels, whether
// it is a time dimension (time_ids: the dimensions the "role" calls time), and its notes and
// units, which go to t.
Dimension read_dimension(const json& dimension, const std::string& code, std::size_t n,
                         const std::vector<std::string>& time_ids, std::string_view text,
                         const std::string& file, Table& t) {
  const std::string field = "dimension." + code;
  if (!dimension.contains(code) || !dimension[code].is_object()) {
    throw InputError(locate(text, file, "dimension", field),
                     "an object \"" + code + "\" in \"dimension\"", "none");
  }
  const json& d = dimension[code];
  Dimension dim;
  dim.code = code;
  dim.text = str_or(d, "label", code);
  const json empty = json::object();
  const json& cat = d.contains("category") && d["category"].is_object() ? d["category"] : empty;
  const json& index = cat.contains("index") ? cat["index"] : json();
  const json& label = cat.contains("label") && cat["label"].is_object() ? cat["label"] : empty;
  dim.value_codes = category_codes(index, label, text, file, code, field);
  if (dim.value_codes.size() != n) {
    throw InputError(locate(text, file, code, field + ".category"),
                     std::to_string(n) + " categories as \"size\" says",
                     std::to_string(dim.value_codes.size()));
  }
  if (const std::string* dup = first_duplicate(dim.value_codes)) {
    throw InputError(locate(text, file, code, field + ".category.index"), "distinct category ids",
                     "'" + *dup + "' twice");
  }
  for (const std::string& c : dim.value_codes) {
    dim.value_texts.push_back(str_or(label, c.c_str(), c));
  }
  const bool role_time = std::find(time_ids.begin(), time_ids.end(), code) != time_ids.end();
  if (role_time || (time_ids.empty() && (is_time_name(code) || is_time_name(dim.text)))) {
    Dimension probe = dim;
    classify_time_dimension(probe);
    if (role_time || probe.frequency != TimeFrequency::other) {
      dim = std::move(probe);
      dim.is_time = true;
    }
  }
  if (d.contains("note")) collect_notes(d["note"], "Note on " + dim.text, t.provenance.notes);
  if (cat.contains("note") && cat["note"].is_object()) {
    for (const auto& [c, cnote] : cat["note"].items()) {
      collect_notes(cnote, "Note on " + dim.text + " = " + str_or(label, c.c_str(), c),
                    t.provenance.notes);
    }
  }
  if (cat.contains("unit") && cat["unit"].is_object() && t.units.empty()) {
    for (const auto& [c, u] : cat["unit"].items()) {
      const std::string base = str_or(u, "base", str_or(u, "label"));
      if (!base.empty()) t.units += (t.units.empty() ? "" : "; ") + base;
      if (u.is_object() && u.contains("decimals"))
        t.decimals = decimals_of(u["decimals"], t.decimals);
    }
  }
  return dim;
}

// The cells of dataset ds: "value" as an array or as a sparse object; a missing cell gets the
// symbol of its "status" (a string for all cells, an array, or an object {"index": "symbol"}).
void read_values(Table& t, const json& ds, std::string_view text, const std::string& file,
                 const ReadOptions& options) {
  const std::size_t n =
      checked_cell_count(t.dims, options.max_cells, locate(text, file, "size", "size"));
  t.values.assign(n, std::numeric_limits<double>::quiet_NaN());
  t.status.assign(n, 0);
  std::map<std::string, std::uint8_t> symbol_index;
  auto symbol = [&](const std::string& s) -> std::uint8_t {
    const auto it = symbol_index.find(s);
    if (it != symbol_index.end()) return it->second;
    if (t.missing_symbols.size() >= 254) return static_cast<std::uint8_t>(t.missing_symbols.size());
    const bool dots =
        !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c == '.'; });
    t.missing_symbols.push_back(MissingSymbol{s.empty() ? std::string("null") : s,
                                              s == "-"    ? "nil (magnitude zero)"
                                              : dots      ? "missing (symbol '" + s + "')"
                                              : s.empty() ? "missing (null)"
                                                          : "missing (status '" + s + "')",
                                              s == "-"});
    const auto k = static_cast<std::uint8_t>(t.missing_symbols.size());
    symbol_index[s] = k;
    return k;
  };
  const json& status = ds.contains("status") ? ds["status"] : json();
  auto status_of = [&](std::size_t i) -> std::string {
    if (status.is_string()) return status.get<std::string>();
    if (status.is_array() && i < status.size() && status[i].is_string())
      return status[i].get<std::string>();
    if (status.is_object()) {
      const auto it = status.find(std::to_string(i));
      if (it != status.end() && it->is_string()) return it->get<std::string>();
    }
    return {};
  };
  if (!ds.contains("value")) {
    throw InputError(locate(text, file, "dimension", "value"), "a \"value\" array or object",
                     "none");
  }
  const json& value = ds["value"];
  auto put = [&](std::size_t i, const json& v, const std::string& field) {
    if (v.is_null()) {
      t.status[i] = symbol(status_of(i));
    } else if (v.is_number()) {
      const double x = v.get<double>();
      if (!std::isfinite(x))
        throw InputError(locate(text, file, "value", field), "a finite number", v.dump());
      t.values[i] = x;
    } else {
      throw InputError(locate(text, file, "value", field), "a number or null",
                       kind_of(v) + " " + quote_excerpt(v.dump()));
    }
  };
  if (value.is_array()) {
    if (value.size() != n) {
      throw InputError(locate(text, file, "value", "value"),
                       std::to_string(n) + " values (the product of \"size\")",
                       std::to_string(value.size()));
    }
    for (std::size_t i = 0; i < n; ++i) put(i, value[i], "value[" + std::to_string(i) + "]");
  } else if (value.is_object()) {
    // Sparse form: cells not listed are missing.
    const std::uint8_t absent = symbol("");
    std::fill(t.status.begin(), t.status.end(), absent);
    for (const auto& [k, v] : value.items()) {
      std::size_t i = 0;
      const auto r = std::from_chars(k.data(), k.data() + k.size(), i);
      if (r.ec != std::errc() || r.ptr != k.data() + k.size() || i >= n) {
        throw InputError(locate(text, file, "value", "value." + k),
                         "a cell index from 0 to " + std::to_string(n - 1), "'" + k + "'");
      }
      t.status[i] = 0;
      put(i, v, "value." + k);
    }
  } else {
    throw InputError(locate(text, file, "value", "value"), "a \"value\" array or object",
                     kind_of(value));
  }
}

// Provenance and metadata of dataset ds: title, contents, language, source, update time, table
// id, decimals and notes.
void read_metadata(Table& t, const json& ds) {
  const json empty = json::object();
  const json& ext =
      ds.contains("extension") && ds["extension"].is_object() ? ds["extension"] : empty;
  const json& px = ext.contains("px") && ext["px"].is_object() ? ext["px"] : empty;
  t.title = str_or(ds, "label");
  t.contents = str_or(px, "contents", t.title);
  t.language = str_or(px, "language");
  t.provenance.source = str_or(ds, "source");
  t.provenance.updated = str_or(ds, "updated");
  t.provenance.table_id = str_or(px, "tableid", str_or(px, "matrix"));
  if (px.contains("decimals")) t.decimals = decimals_of(px["decimals"], t.decimals);
  if (ds.contains("note")) collect_notes(ds["note"], "Note", t.provenance.notes);
}

}  // namespace

Table jsonstat_from_json(const json& doc, std::string_view text, const std::string& file,
                         const ReadOptions& options) {
  Table t;
  t.file = file;
  t.format = "JSON-stat 2.0";
  const json* ds = &doc;
  bool v1 = false;
  if (!doc.contains("dimension") && doc.contains("dataset") && doc["dataset"].is_object()) {
    ds = &doc["dataset"];
    v1 = true;
    t.format = "JSON-stat 1.0";
  }
  if (!ds->contains("dimension") || !(*ds)["dimension"].is_object()) {
    throw InputError(locate(text, file, "class", "dimension"),
                     "a JSON-stat dataset with a \"dimension\" object", "no \"dimension\"");
  }
  const json& dimension = (*ds)["dimension"];
  const json& id = v1 || !ds->contains("id") ? (dimension.contains("id") ? dimension["id"] : json())
                                             : (*ds)["id"];
  const json& size = v1 || !ds->contains("size")
                         ? (dimension.contains("size") ? dimension["size"] : json())
                         : (*ds)["size"];
  const json& role = v1 || !ds->contains("role")
                         ? (dimension.contains("role") ? dimension["role"] : json())
                         : (*ds)["role"];
  if (id.is_array() && id.size() > kMaxDimensions) {
    throw InputError(locate(text, file, "id", "id"),
                     "at most " + std::to_string(kMaxDimensions) + " dimensions",
                     std::to_string(id.size()));
  }
  if (!id.is_array() || !size.is_array() || id.size() != size.size() || id.empty()) {
    throw InputError(
        locate(text, file, "id", "id"), "\"id\" and \"size\" arrays of the same non-zero length",
        "id: " + kind_of(id) + (id.is_array() ? " of " + std::to_string(id.size()) : "") +
            ", size: " + kind_of(size) +
            (size.is_array() ? " of " + std::to_string(size.size()) : ""));
  }
  std::vector<std::string> time_ids;
  if (role.is_object() && role.contains("time") && role["time"].is_array()) {
    for (const json& x : role["time"]) {
      if (x.is_string()) time_ids.push_back(x.get<std::string>());
    }
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (!id[i].is_string()) {
      throw InputError(locate(text, file, "id", "id[" + std::to_string(i) + "]"),
                       "a dimension id (a string)", kind_of(id[i]));
    }
    const std::string code = id[i].get<std::string>();
    if (!size[i].is_number_unsigned() || size[i].get<std::size_t>() == 0 ||
        size[i].get<std::size_t>() > options.max_cells) {
      throw InputError(locate(text, file, "size", "size[" + std::to_string(i) + "]"),
                       "a positive whole number of categories", size[i].dump());
    }
    const std::size_t n = size[i].get<std::size_t>();
    Dimension dim = read_dimension(dimension, code, n, time_ids, text, file, t);
    for (std::size_t a = 0; a < t.dims.size(); ++a) {
      if (t.dims[a].code == dim.code) {
        throw InputError(locate(text, file, "id", "id"), "distinct dimension ids",
                         "'" + code + "' twice");
      }
    }
    t.dims.push_back(std::move(dim));
  }
  // Only one time dimension: the first.
  bool have_time = false;
  for (Dimension& d : t.dims) {
    if (d.is_time && have_time)
      d.is_time = false, d.frequency = TimeFrequency::none, d.years.clear();
    have_time = have_time || d.is_time;
  }
  read_values(t, *ds, text, file, options);
  read_metadata(t, *ds);
  return t;
}

}  // namespace utsikt::importer
