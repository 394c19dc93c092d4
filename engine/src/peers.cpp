// [indicator.peers]: the same indicator in other regions, from a long CSV with a region column
// or from an official table (PX / JSON-stat) with a region dimension. docs/project-format.md,
// "Peers"; how they are used: docs/methods.md, "Peers".
#include "peers.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "utsikt/csv.hpp"
#include "utsikt/io/import.hpp"
#include "utsikt/number.hpp"

namespace fs = std::filesystem;

namespace utsikt {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Filter {
  std::string column;  // lower case
  std::string value;
  bool negate = false;
};

// "column=value" or "column!=value".
Filter parse_filter(const std::string& item, const Location& where) {
  const auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
    throw InputError(where, "\"column=value\" or \"column!=value\"", "\"" + item + "\"");
  Filter f;
  f.negate = item[eq - 1] == '!';
  f.column = lower(item.substr(0, f.negate ? eq - 1 : eq));
  f.value = item.substr(eq + 1);
  return f;
}

// Peers from a long CSV: rows passing every filter are summed per (region, year).
std::vector<Series> peers_from_csv(const std::string& full, const std::string& shown,
                                   const std::string& region_col, const std::string& year_col,
                                   const std::string& value_col, const std::vector<Filter>& filters,
                                   const std::set<std::string>& exclude, const std::string& id,
                                   std::vector<Diagnostic>& notices) {
  const std::string text = read_text_file(full, kMaxCsvBytes, &notices);
  const std::size_t nl = text.find('\n');
  const char sep = detect_separator(std::string_view(text).substr(0, nl));
  std::vector<int> lines;
  const auto rows = parse_csv_text(text, sep, shown, &lines);
  if (rows.empty()) throw InputError(Location{shown, 1, 0, ""}, "a header line", "an empty file");
  std::map<std::string, int> col;
  for (std::size_t j = 0; j < rows[0].size(); ++j)
    col.emplace(lower(rows[0][j]), static_cast<int>(j));
  auto need = [&](const std::string& name) {
    const auto it = col.find(name);
    if (it == col.end())
      throw InputError(Location{shown, 1, 0, name}, "a column '" + name + "'",
                       "a header without it");
    return it->second;
  };
  const int c_region = need(region_col), c_year = need(year_col), c_value = need(value_col);
  std::vector<int> c_filter;
  for (const auto& f : filters) c_filter.push_back(need(f.column));
  std::map<std::string, std::map<int, double>> sums;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != rows[0].size())
      throw InputError(Location{shown, lines[r], 0, ""},
                       std::to_string(rows[0].size()) + " fields as in the header",
                       std::to_string(row.size()) + " fields");
    bool keep = true;
    for (std::size_t k = 0; k < filters.size() && keep; ++k)
      keep = (row[c_filter[k]] == filters[k].value) != filters[k].negate;
    if (!keep || exclude.count(row[c_region])) continue;
    const ParsedNumber yp = parse_number(row[c_year]);
    if (yp.status != NumberStatus::ok || yp.value != static_cast<int>(yp.value))
      throw InputError(Location{shown, lines[r], c_year + 1, year_col}, "a whole year",
                       "'" + row[c_year] + "'");
    const ParsedNumber vp = parse_number(row[c_value]);
    if (vp.status == NumberStatus::missing) continue;
    if (vp.status != NumberStatus::ok)
      throw InputError(Location{shown, lines[r], c_value + 1, value_col}, "a number",
                       "'" + row[c_value] + "' (" + vp.error + ")");
    sums[row[c_region]][static_cast<int>(yp.value)] += vp.value;
  }
  std::vector<Series> out;
  for (const auto& [region, by_year] : sums) {
    Series s;
    s.indicator = id;
    s.group = region;
    for (const auto& [y, v] : by_year) {
      s.years.push_back(y);
      s.values.push_back(v);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

void load_peers(const detail::TomlReader& r, const toml::table& pt, const toml::node& node,
                const std::string& ctx, Project& p, Indicator& ind) {
  const std::string c = ctx + "peers.";
  r.check_keys(pt, c, {"file", "region", "year", "value", "select", "exclude", "group"});
  const std::string file = r.str(pt, c, "file", true, node);
  const std::string full = (fs::path(p.dir) / file).lexically_normal().string();
  const std::vector<std::string> select = r.str_array(pt, c, "select");
  const std::vector<std::string> excl = r.str_array(pt, c, "exclude");
  const std::set<std::string> exclude(excl.begin(), excl.end());
  ind.peers_group = r.str(pt, c, "group", false, node, ind.groups.front());
  if (std::find(ind.groups.begin(), ind.groups.end(), ind.peers_group) == ind.groups.end())
    throw InputError(r.loc(r.at(pt, "group", node), c + "group"), "one of the indicator's groups",
                     "\"" + ind.peers_group + "\"");
  const std::string ext = lower(fs::path(file).extension().string());
  std::vector<Series> peers;
  if (ext == ".csv" || ext == ".txt") {
    std::vector<Filter> filters;
    for (const auto& item : select)
      filters.push_back(parse_filter(item, r.loc(r.at(pt, "select", node), c + "select")));
    peers = peers_from_csv(full, file, lower(r.str(pt, c, "region", false, node, "region")),
                           lower(r.str(pt, c, "year", false, node, "year")),
                           lower(r.str(pt, c, "value", false, node, "value")), filters, exclude,
                           ind.id, p.notices);
  } else {
    // An official table: the selection leaves the region dimension free; every remaining
    // combination is one peer, named by the texts of its values (import.hpp, select_series).
    for (const char* k : {"region", "year", "value"})
      if (pt.get(k))
        throw InputError(
            r.loc(*pt.get(k), c + k),
            "no '" + std::string(k) + "' for a " + ext + " table (the selection picks the cells)",
            "the key");
    const Table table = read_table(full, ReadOptions{});
    Selection sel = Selection::parse(select, c + "select");
    for (Series& s : select_series(table, sel, ind.id)) {
      bool skip = s.empty();
      for (const auto& e : exclude) skip = skip || s.group == e || s.group.rfind(e + " ", 0) == 0;
      if (!skip) peers.push_back(std::move(s));
    }
  }
  if (peers.empty())
    throw InputError(r.loc(node, c + "file"), "at least one peer series",
                     "none in " + file + " after select and exclude");
  ind.peers = std::move(peers);
  ind.peers_source = file;
}

}  // namespace utsikt
