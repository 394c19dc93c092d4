// SCB PxWeb API v2 and Kolada API v3 on top of the HTTP and cache helpers (fetch_http.cpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "fetch_internal.hpp"
#include "import_internal.hpp"
#include "json_internal.hpp"

namespace utsikt {

namespace {

using json = nlohmann::ordered_json;
using fetching::request;

constexpr const char* kScbBase = "https://statistikdatabasen.scb.se/api/v2";
constexpr const char* kKoladaBase = "https://api.kolada.se/v3";

std::string base_of(const FetchOptions& o, const char* fallback) {
  std::string b = o.base_url.empty() ? std::string(fallback) : o.base_url;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b;
}

json parse_body(const std::string& body, const std::string& url) {
  std::string enc;
  return importer::parse_json_text(body, url, &enc);
}

// --- SCB --------------------------------------------------------------------------------------

struct ScbDim {
  std::string code, text;
  std::vector<std::string> codes, texts;
  bool is_time = false;
};

std::vector<std::string> category_ids(const json& cat) {
  std::vector<std::string> ids;
  if (!cat.is_object()) return ids;
  const json& index = cat.contains("index") ? cat["index"] : json();
  if (index.is_array()) {
    for (const json& c : index)
      if (c.is_string()) ids.push_back(c.get<std::string>());
  } else if (index.is_object()) {
    ids.assign(index.size(), std::string());
    for (auto it = index.begin(); it != index.end(); ++it) {
      if (!it.value().is_number_unsigned() || it.value().get<std::size_t>() >= ids.size()) {
        return {};
      }
      ids[it.value().get<std::size_t>()] = it.key();
    }
  } else if (cat.contains("label") && cat["label"].is_object()) {
    for (auto it = cat["label"].begin(); it != cat["label"].end(); ++it) ids.push_back(it.key());
  }
  return ids;
}

// The dimensions of a table from its metadata (a JSON-stat 2.0 dataset without values).
std::vector<ScbDim> read_metadata(const std::string& body, const std::string& url) {
  const json doc = parse_body(body, url);
  const Location where{url, 0, 0, "metadata"};
  if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_array() ||
      !doc.contains("dimension") || !doc["dimension"].is_object()) {
    throw InputError(where, "JSON-stat 2.0 metadata with \"id\" and \"dimension\"",
                     "JSON of another shape");
  }
  std::vector<std::string> time_ids;
  if (doc.contains("role") && doc["role"].is_object() && doc["role"].contains("time") &&
      doc["role"]["time"].is_array()) {
    for (const json& t : doc["role"]["time"])
      if (t.is_string()) time_ids.push_back(t.get<std::string>());
  }
  std::vector<ScbDim> dims;
  for (const json& idj : doc["id"]) {
    if (!idj.is_string() || !doc["dimension"].contains(idj.get<std::string>())) {
      throw InputError(where, "a dimension for every id", importer::quote_excerpt(idj.dump(), 40));
    }
    ScbDim d;
    d.code = idj.get<std::string>();
    const json& dj = doc["dimension"][d.code];
    d.text =
        dj.contains("label") && dj["label"].is_string() ? dj["label"].get<std::string>() : d.code;
    const json& cat = dj.contains("category") ? dj["category"] : json();
    d.codes = category_ids(cat);
    if (d.codes.empty()) {
      throw InputError(Location{url, 0, 0, "dimension." + d.code + ".category"}, "category ids",
                       "none");
    }
    for (const std::string& c : d.codes) {
      const bool has = cat.contains("label") && cat["label"].is_object() &&
                       cat["label"].contains(c) && cat["label"][c].is_string();
      d.texts.push_back(has ? cat["label"][c].get<std::string>() : c);
    }
    d.is_time = std::find(time_ids.begin(), time_ids.end(), d.code) != time_ids.end() ||
                importer::is_time_name(d.code);
    dims.push_back(std::move(d));
  }
  return dims;
}

bool value_matches(const ScbDim& d, std::size_t k, const std::string& want) {
  if (equal_fold(d.codes[k], want) || equal_fold(d.texts[k], want)) return true;
  const std::string& t = d.texts[k];
  return t.size() > d.codes[k].size() + 1 && t.compare(0, d.codes[k].size(), d.codes[k]) == 0 &&
         t[d.codes[k].size()] == ' ' && equal_fold(t.substr(d.codes[k].size() + 1), want);
}

std::string listing(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size() && i < 20; ++i) s += (i ? ", " : "") + items[i];
  if (items.size() > 20) s += ", ... (" + std::to_string(items.size()) + " in all)";
  return s;
}

// Selected value indices per dimension (all values where no criterion names the dimension).
std::vector<std::vector<std::size_t>> resolve(const std::vector<ScbDim>& dims,
                                              const Selection& sel) {
  std::vector<std::vector<std::size_t>> chosen(dims.size());
  for (const auto& [dname, value] : sel.criteria) {
    std::size_t d = 0;
    while (d < dims.size() && !equal_fold(dims[d].code, dname) && !equal_fold(dims[d].text, dname))
      ++d;
    if (d == dims.size()) {
      std::vector<std::string> names;
      for (const ScbDim& x : dims) names.push_back(x.code + " (" + x.text + ")");
      throw InputError(Location{"", 0, 0, sel.origin},
                       "a dimension of the table: " + listing(names), "'" + dname + "'");
    }
    std::size_t k = 0;
    while (k < dims[d].codes.size() && !value_matches(dims[d], k, value)) ++k;
    if (k == dims[d].codes.size()) {
      throw InputError(Location{"", 0, 0, sel.origin},
                       "a value of " + dims[d].code + ": " + listing(dims[d].codes),
                       "'" + value + "'");
    }
    if (std::find(chosen[d].begin(), chosen[d].end(), k) == chosen[d].end()) chosen[d].push_back(k);
  }
  for (std::size_t d = 0; d < dims.size(); ++d) {
    if (chosen[d].empty()) {
      for (std::size_t k = 0; k < dims[d].codes.size(); ++k) chosen[d].push_back(k);
    } else {
      std::sort(chosen[d].begin(), chosen[d].end());
    }
  }
  return chosen;
}

double cells_of(const std::vector<std::vector<std::size_t>>& sel) {
  double n = 1;
  for (const auto& v : sel) n *= static_cast<double>(v.size());
  return n;
}

// Splits a selection into parts of at most max_cells cells: the dimension with most values is
// cut into contiguous pieces, recursively. Deterministic, so the cache keys repeat.
void split(const std::vector<std::vector<std::size_t>>& sel, std::size_t max_cells,
           std::vector<std::vector<std::vector<std::size_t>>>* out) {
  const double cells = cells_of(sel);
  if (cells <= static_cast<double>(max_cells)) {
    out->push_back(sel);
    return;
  }
  std::size_t d = 0;
  for (std::size_t i = 1; i < sel.size(); ++i)
    if (sel[i].size() > sel[d].size()) d = i;
  const std::size_t n = sel[d].size();
  const auto parts = static_cast<std::size_t>(
      std::min<double>(static_cast<double>(n), std::ceil(cells / static_cast<double>(max_cells))));
  for (std::size_t p = 0; p < parts; ++p) {
    auto piece = sel;
    piece[d].assign(sel[d].begin() + static_cast<std::ptrdiff_t>(p * n / parts),
                    sel[d].begin() + static_cast<std::ptrdiff_t>((p + 1) * n / parts));
    split(piece, max_cells, out);
  }
}

std::string selection_body(const std::vector<ScbDim>& dims,
                           const std::vector<std::vector<std::size_t>>& sel) {
  json body;
  body["selection"] = json::array();
  for (std::size_t d = 0; d < dims.size(); ++d) {
    json v;
    v["variableCode"] = dims[d].code;
    v["valueCodes"] = json::array();
    for (std::size_t k : sel[d]) v["valueCodes"].push_back(dims[d].codes[k]);
    body["selection"].push_back(v);
  }
  return body.dump();
}

// The merged table: the selected values of every dimension, cells filled from the parts.
Table merged_table(const std::vector<ScbDim>& dims,
                   const std::vector<std::vector<std::size_t>>& sel, const std::string& file) {
  Table t;
  t.file = file;
  t.format = "JSON-stat 2.0";
  t.encoding = "UTF-8";
  for (std::size_t d = 0; d < dims.size(); ++d) {
    Dimension dim;
    dim.code = dims[d].code;
    dim.text = dims[d].text;
    for (std::size_t k : sel[d]) {
      dim.value_codes.push_back(dims[d].codes[k]);
      dim.value_texts.push_back(dims[d].texts[k]);
    }
    dim.is_time = dims[d].is_time;
    if (dim.is_time) importer::classify_time_dimension(dim);
    t.dims.push_back(std::move(dim));
  }
  const std::size_t n = importer::checked_cell_count(t.dims, ReadOptions{}.max_cells,
                                                     Location{file, 0, 0, "--select"});
  t.values.assign(n, std::numeric_limits<double>::quiet_NaN());
  t.status.assign(n, 1);
  t.missing_symbols.push_back(MissingSymbol{"absent", "not in the response", false});
  return t;
}

// long function: maps every cell of one part into the merged table, with its symbol
void merge_part(Table& all, const Table& part, const std::string& url) {
  std::vector<std::vector<std::size_t>> map(part.dims.size());
  std::vector<std::size_t> target_dim(part.dims.size());
  for (std::size_t d = 0; d < part.dims.size(); ++d) {
    std::size_t t = 0;
    while (t < all.dims.size() && all.dims[t].code != part.dims[d].code) ++t;
    if (t == all.dims.size() || part.dims.size() != all.dims.size()) {
      throw InputError(Location{url, 0, 0, "dimension"}, "the dimensions of the table's metadata",
                       "'" + part.dims[d].code + "'");
    }
    target_dim[d] = t;
    std::unordered_map<std::string, std::size_t> ix;
    for (std::size_t k = 0; k < all.dims[t].value_codes.size(); ++k)
      ix.emplace(all.dims[t].value_codes[k], k);
    for (const std::string& c : part.dims[d].value_codes) {
      auto it = ix.find(c);
      if (it == ix.end()) {
        throw InputError(Location{url, 0, 0, "dimension." + part.dims[d].code},
                         "only the values asked for", "'" + c + "'");
      }
      map[d].push_back(it->second);
    }
  }
  std::map<std::string, std::uint8_t> symbols;
  for (std::size_t s = 1; s < all.missing_symbols.size(); ++s)
    symbols.emplace(all.missing_symbols[s].symbol, static_cast<std::uint8_t>(s + 1));
  std::vector<std::size_t> coords(part.dims.size(), 0), target(all.dims.size(), 0);
  for (std::size_t cell = 0; cell < part.cell_count(); ++cell) {
    for (std::size_t d = 0; d < coords.size(); ++d) target[target_dim[d]] = map[d][coords[d]];
    const std::size_t to = all.cell_index(target);
    if (part.status[cell] == 0) {
      all.values[to] = part.values[cell];
      all.status[to] = 0;
    } else {
      const MissingSymbol& ms = part.missing_symbols[part.status[cell] - 1];
      auto it = symbols.find(ms.symbol);
      if (it == symbols.end() && all.missing_symbols.size() < 255) {
        all.missing_symbols.push_back(ms);
        it =
            symbols.emplace(ms.symbol, static_cast<std::uint8_t>(all.missing_symbols.size())).first;
      }
      all.status[to] = it == symbols.end() ? 1 : it->second;
    }
    for (std::size_t d = coords.size(); d-- > 0;) {
      if (++coords[d] < part.dims[d].size()) break;
      coords[d] = 0;
    }
  }
}

void set_limits(const std::string& body, const FetchOptions& o, std::size_t* max_cells, int* calls,
                double* window) {
  *max_cells = o.default_max_cells;
  *calls = o.default_calls_per_window;
  *window = o.default_window_s;
  try {
    const json c = json::parse(body);
    if (c.contains("maxDataCells") && c["maxDataCells"].is_number_integer() &&
        c["maxDataCells"].get<long long>() > 0) {
      *max_cells = static_cast<std::size_t>(c["maxDataCells"].get<long long>());
    }
    if (c.contains("maxCallsPerTimeWindow") && c["maxCallsPerTimeWindow"].is_number_integer() &&
        c["maxCallsPerTimeWindow"].get<long long>() > 0) {
      *calls = static_cast<int>(
          std::min<long long>(c["maxCallsPerTimeWindow"].get<long long>(), 1'000'000));
    }
    if (c.contains("timeWindow") && c["timeWindow"].is_number() &&
        c["timeWindow"].get<double>() > 0) {
      *window = std::min(c["timeWindow"].get<double>(), 3600.0);
    }
  } catch (const json::exception&) {
  }
}

// --- Kolada -----------------------------------------------------------------------------------

std::vector<int> parse_years(const std::string& years) {
  std::vector<int> out;
  const Location where{"", 0, 0, "--years"};
  auto year = [&](std::string_view s) {
    s = importer::trim(s);
    int y = 0;
    if (s.size() != 4 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw InputError(where, "a year such as 2020, a range 2000-2024 or a list 2019,2021",
                       "'" + years + "'");
    y = std::stoi(std::string(s));
    if (y < 1900 || y > 2100) throw InputError(where, "years 1900-2100", std::to_string(y));
    return y;
  };
  if (importer::trim(years).empty()) return out;
  const std::size_t dash = years.find('-');
  if (dash != std::string::npos) {
    const int a = year(std::string_view(years).substr(0, dash));
    const int b = year(std::string_view(years).substr(dash + 1));
    if (b < a) throw InputError(where, "a range from an earlier to a later year", years);
    for (int y = a; y <= b; ++y) out.push_back(y);
    return out;
  }
  std::size_t start = 0;
  while (start <= years.size()) {
    const std::size_t comma = std::min(years.find(',', start), years.size());
    out.push_back(year(std::string_view(years).substr(start, comma - start)));
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void check_id(const std::string& id, const std::string& field, const std::string& example) {
  const bool ok = !id.empty() && id.size() <= 4000 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ',';
  });
  if (!ok) throw InputError(Location{"", 0, 0, field}, "an id such as " + example, "'" + id + "'");
}

std::string scheme_host(const std::string& url) {
  const std::size_t p = url.find("://");
  if (p == std::string::npos) return {};
  const std::size_t slash = url.find('/', p + 3);
  return url.substr(0, slash);
}

}  // namespace

// long function: config, metadata, the split data requests and the merge, in order
FetchResult fetch_scb(const std::string& table, const Selection& selection,
                      const FetchOptions& options) {
  check_id(table, "TABLE", "TAB6471");
  const std::string base = base_of(options, kScbBase);
  FetchResult res;
  // Limits.
  std::string config;
  FetchRequest info;
  std::size_t max_cells = 0;
  int calls = 0;
  double window = 0;
  fetching::RateLimiter probe(options.default_calls_per_window, options.default_window_s);
  const bool have_config =
      fetching::request_optional(base + "/config", options, &probe, &config, &info);
  if (have_config) res.requests.push_back(info);
  set_limits(have_config ? config : std::string(), options, &max_cells, &calls, &window);
  fetching::RateLimiter limiter(calls, window);
  // Metadata.
  const std::string lang = "lang=" + fetching::url_encode(options.language);
  const std::string meta_url =
      base + "/tables/" + table + "/metadata?" + lang + "&outputFormat=json-stat2";
  const std::string meta = request(
      "GET", meta_url, "", options,
      [](const std::string& body, const std::string& url) { read_metadata(body, url); }, &limiter,
      &info);
  res.requests.push_back(info);
  const std::vector<ScbDim> dims = read_metadata(meta, meta_url);
  const auto chosen = resolve(dims, selection);
  // Data, split to respect the cell limit.
  std::vector<std::vector<std::vector<std::size_t>>> parts;
  split(chosen, max_cells, &parts);
  const std::string data_url =
      base + "/tables/" + table + "/data?" + lang + "&outputFormat=json-stat2";
  res.table = merged_table(dims, chosen, data_url);
  res.source_url = data_url;
  const json meta_doc = parse_body(meta, meta_url);
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const std::string body = selection_body(dims, parts[p]);
    const std::string text = request(
        "POST", data_url, body, options,
        [](const std::string& b, const std::string& url) {
          importer::jsonstat_from_json(parse_body(b, url), b, url, ReadOptions{});
        },
        &limiter, &info);
    res.requests.push_back(info);
    if (res.retrieved.empty() || info.retrieved < res.retrieved) res.retrieved = info.retrieved;
    const Table part =
        importer::jsonstat_from_json(parse_body(text, data_url), text, data_url, ReadOptions{});
    merge_part(res.table, part, data_url);
    if (p == 0) {
      res.table.title = part.title;
      res.table.contents = part.contents;
      res.table.units = part.units;
      res.table.decimals = part.decimals;
      res.table.language = part.language.empty() ? options.language : part.language;
      res.table.provenance = part.provenance;
    }
    res.raw.push_back(text);
  }
  if (res.table.provenance.source.empty()) res.table.provenance.source = "SCB";
  if (res.table.provenance.table_id.empty()) res.table.provenance.table_id = table;
  if (res.table.provenance.updated.empty() && meta_doc.contains("updated") &&
      meta_doc["updated"].is_string()) {
    res.table.provenance.updated = meta_doc["updated"].get<std::string>();
  }
  return res;
}

// long function: URL building, the page loop with its guards, and the merge
FetchResult fetch_kolada(const std::string& kpi, const std::string& municipality,
                         const std::string& years, const FetchOptions& options) {
  check_id(kpi, "--kpi", "N01951");
  const std::vector<int> ys = parse_years(years);
  const bool all = equal_fold(municipality, "all");
  if (!all) check_id(municipality, "--municipality", "0025 or 2580,2584 or all");
  if (all && ys.empty()) {
    throw InputError(Location{"", 0, 0, "--years"},
                     "years (e.g. --years 2015-2024) with --municipality all", "no years",
                     "Kolada answers all municipalities for given years only");
  }
  std::string year_list;
  for (int y : ys) year_list += (year_list.empty() ? "" : ",") + std::to_string(y);
  const std::string base = base_of(options, kKoladaBase);
  std::string url = base + "/data/kpi/" + kpi;
  if (!all) url += "/municipality/" + municipality;
  if (!year_list.empty()) url += "/year/" + year_list;
  FetchResult res;
  res.source_url = url;
  json merged;
  merged["values"] = json::array();
  std::vector<std::string> seen;
  const auto validate = [](const std::string& body, const std::string& u) {
    const json doc = parse_body(body, u);
    if (!doc.is_object() || !doc.contains("values") || !doc["values"].is_array()) {
      throw InputError(Location{u, 0, 0, "values"}, "a Kolada data response {\"values\": [...]}",
                       "JSON of another shape");
    }
  };
  std::string next = url;
  while (!next.empty()) {
    if (std::find(seen.begin(), seen.end(), next) != seen.end()) {
      throw InputError(Location{next, 0, 0, "next_url"}, "a page not read before",
                       "a page that repeats (the server's pages form a loop)");
    }
    if (seen.size() >= options.max_pages) {
      throw InputError(Location{url, 0, 0, "next_url"},
                       "at most " + std::to_string(options.max_pages) + " pages", "more");
    }
    seen.push_back(next);
    FetchRequest info;
    const std::string text = request("GET", next, "", options, validate, nullptr, &info);
    res.requests.push_back(info);
    if (res.retrieved.empty() || info.retrieved < res.retrieved) res.retrieved = info.retrieved;
    res.raw.push_back(text);
    json doc = parse_body(text, next);
    for (json& v : doc["values"]) merged["values"].push_back(std::move(v));
    next.clear();
    for (const char* key : {"next_url", "next_page"}) {
      if (doc.contains(key) && doc[key].is_string() && !doc[key].get<std::string>().empty()) {
        next = doc[key].get<std::string>();
        break;
      }
    }
    if (!next.empty() && next[0] == '/') next = scheme_host(base) + next;
  }
  if (merged["values"].empty()) {
    throw InputError(Location{url, 0, 0, "values"},
                     "values for KPI " + kpi + (all ? "" : " and municipality " + municipality),
                     "an empty response", "check the KPI id, the municipality ids and --years");
  }
  res.table = importer::kolada_from_json(merged, "", url, ReadOptions{});
  res.table.provenance.table_id = kpi;
  return res;
}

}  // namespace utsikt
