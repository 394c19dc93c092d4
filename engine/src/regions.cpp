// An indicator for many regions: `regions = "all"` (or a list of codes) over a long CSV with a
// region column. docs/project-format.md, "Many regions".
#include "regions.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "utsikt/csv.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/io/fetch.hpp"
#include "utsikt/io/import.hpp"
#include "utsikt/period_aggregate.hpp"
#include "utsikt/rng.hpp"

namespace fs = std::filesystem;

namespace utsikt {
namespace {

using Reader = detail::TomlReader;

std::string number_text(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.10g", x);
  return b;
}

// "01, 03, 04, ... (21 regions)": the codes a message offers, at most 12 of them.
std::string code_list(const std::map<std::string, const RegionalSeries*>& by_code) {
  std::string s;
  std::size_t k = 0;
  for (const auto& [code, rs] : by_code) {
    if (k++ == 12) {
      s += ", ...";
      break;
    }
    s += (s.empty() ? "" : ", ") + code;
  }
  return s + " (" + std::to_string(by_code.size()) + " regions)";
}

// Keys an indicator with regions cannot have: its data come from the one regional file.
void refuse_other_data(const Reader& r, const toml::table& t, const std::string& c) {
  for (const char* key : {"observation", "cohort", "peers"})
    if (const toml::node* n = t.get(key))
      throw InputError(r.loc(*n, c + key),
                       std::string("no '") + key +
                           "' on an indicator with regions (its data are the regional file's; "
                           "docs/project-format.md, \"Many regions\")",
                       "the key");
}

// The codes `regions` names: "all" (every region with rows of the indicator) or a list, each
// of which must have rows of the indicator in the file.
std::vector<std::string> selected_codes(const Reader& r, const toml::table& t, const toml::node& rn,
                                        const std::string& c,
                                        const std::map<std::string, const RegionalSeries*>& by_code,
                                        const std::set<std::string>& in_file,
                                        const std::string& file, const std::string& id) {
  std::vector<std::string> codes;
  const Location where = r.loc(rn, c + "regions");
  if (rn.is_string()) {
    if (*rn.value<std::string>() != "all")
      throw InputError(where, "\"all\" or a list of region codes such as [\"25\", \"24\"]",
                       "\"" + *rn.value<std::string>() + "\"");
    for (const auto& [code, rs] : by_code) codes.push_back(code);
    return codes;
  }
  if (!rn.is_array())
    throw InputError(where, "\"all\" or a list of region codes such as [\"25\", \"24\"]",
                     std::string("a ") + detail::toml_type_name(rn));
  codes = r.str_array(t, c, "regions");
  if (codes.empty()) throw InputError(where, "at least one region code", "an empty list");
  std::set<std::string> seen;
  for (const std::string& code : codes) {
    if (!seen.insert(code).second)
      throw InputError(where, "each region code once", "\"" + code + "\" a second time");
    if (by_code.count(code)) continue;
    if (in_file.count(code))
      throw InputError(where, "regions with rows of indicator '" + id + "' in " + file,
                       "\"" + code + "\", which has rows of other indicators only",
                       "Add its rows to the file, or leave the region out.");
    throw InputError(where, "a region code of " + file + ": " + code_list(by_code),
                     "\"" + code + "\"",
                     "Codes are compared as written in the file's region column (\"01\", not "
                     "\"1\").");
  }
  std::sort(codes.begin(), codes.end());
  return codes;
}

// One region's series of the indicator: every group present, period totals applied, values
// within the bounds.
RegionData region_data(const RegionalSeries& rs, const Indicator& ind, const std::string& full,
                       const std::string& file, const std::string& column) {
  RegionData rd{rs.code, rs.name, {}};
  for (const Series& s : rs.series) {
    if (s.indicator != ind.id) continue;
    if (std::find(ind.groups.begin(), ind.groups.end(), s.group) == ind.groups.end())
      throw InputError(Location{full, 0, 0, "group"},
                       "a group declared for indicator '" + ind.id + "'",
                       "group '" + s.group + "' (region " + rs.code + ")");
    Series copy = s;
    copy.provenance.source = file;
    apply_period_aggregates(copy, ind.kind, ind.bounds);
    for (std::size_t i = 0; i < copy.size(); ++i) {
      const double v = copy.values[i];
      if ((ind.bounds.lower && v < *ind.bounds.lower) ||
          (ind.bounds.upper && v > *ind.bounds.upper))
        throw InputError(
            Location{full, 0, 0, "value"},
            "values of " + ind.id + "/" + s.group +
                " within the indicator's bounds (its kind, lower and upper)",
            number_text(v) + " in " + std::to_string(copy.years[i]) + " for region " + rs.code);
    }
    rd.groups[s.group] = std::move(copy);
  }
  for (const std::string& g : ind.groups)
    if (!rd.groups.count(g) || rd.groups[g].empty())
      throw InputError(Location{full, 0, 0, column},
                       "values of " + ind.id + "/" + g + " for every region the project names",
                       "none for region " + rs.code + (rs.name.empty() ? "" : " (" + rs.name + ")"),
                       "Add the region's rows, or list the regions to use: regions = [\"01\", "
                       "...].");
  return rd;
}

// How the regions of an official table are read: the region dimension, the selection common to
// every series, each group's own item, the regions left out.
struct TableRegions {
  std::string dimension;
  Location dimension_where;
  std::vector<std::string> select;
  std::string select_ctx;
  std::map<std::string, std::string> group_items;
  std::set<std::string> exclude;
  bool nil_as_zero = false;
  std::string shown;  // the file or URL, in messages and provenance
  std::string note;   // provenance note ("file x.px", "fetched URL (retrieved ...)")
};

// Every value of the region dimension (but `exclude`) is a region: its code is the value's code,
// its name the value's text; each group is the selection plus the group's item plus the region.
std::vector<RegionalSeries> regions_of_table(const Table& table, const TableRegions& spec,
                                             const Indicator& ind) {
  const Dimension* dim = nullptr;
  std::string dims;
  for (const Dimension& d : table.dims) {
    if (!d.is_time && (equal_fold(d.code, spec.dimension) || equal_fold(d.text, spec.dimension)))
      dim = &d;
    dims += (dims.empty() ? "" : ", ") + d.code;
  }
  if (!dim)
    throw InputError(spec.dimension_where, "a dimension of " + spec.shown + " (" + dims + ")",
                     "\"" + spec.dimension + "\"");
  std::vector<RegionalSeries> out;
  for (std::size_t k = 0; k < dim->value_codes.size(); ++k) {
    const std::string& code = dim->value_codes[k];
    if (spec.exclude.count(code) || spec.exclude.count(dim->value_texts[k])) continue;
    RegionalSeries rs{code, dim->value_texts[k] == code ? "" : dim->value_texts[k], {}};
    for (const std::string& g : ind.groups) {
      std::vector<std::string> items = spec.select;
      if (const auto it = spec.group_items.find(g); it != spec.group_items.end())
        items.push_back(it->second);
      Selection sel = Selection::parse(items, spec.select_ctx);
      sel.criteria.emplace_back(dim->code, code);
      sel.nil_as_zero = spec.nil_as_zero;
      std::vector<Series> found = select_series(table, sel, ind.id);
      found.erase(
          std::remove_if(found.begin(), found.end(), [](const Series& x) { return x.empty(); }),
          found.end());
      if (found.size() > 1) (void)select_one_series(table, sel, ind.id);  // names what varies
      if (found.empty()) continue;  // no values: region_data says so
      Series s = std::move(found.front());
      s.indicator = ind.id;
      s.group = g;
      s.provenance.notes.insert(s.provenance.notes.begin(), spec.note);
      rs.series.push_back(std::move(s));
    }
    out.push_back(std::move(rs));
  }
  return out;
}

// group_select = { women = "kön=kvinnor", ... } of a data or source table (ctx ends with '.').
std::map<std::string, std::string> read_group_items(const Reader& r, const toml::table& dt,
                                                    const std::string& ctx, const Indicator& ind) {
  std::map<std::string, std::string> items;
  const toml::node* gs = dt.get("group_select");
  if (!gs) return items;
  if (!gs->is_table())
    throw InputError(r.loc(*gs, ctx + "group_select"),
                     "a table such as { women = \"sex=women\", men = \"sex=men\" }",
                     std::string("a ") + detail::toml_type_name(*gs));
  for (const auto& [k, v] : *gs->as_table()) {
    const std::string g(k.str());
    if (std::find(ind.groups.begin(), ind.groups.end(), g) == ind.groups.end())
      throw InputError(r.loc(v, ctx + "group_select." + g), "one of the indicator's groups",
                       "\"" + g + "\"");
    if (!v.is_string())
      throw InputError(r.loc(v, ctx + "group_select." + g), "a \"dimension=value\" string",
                       std::string("a ") + detail::toml_type_name(v));
    items[g] = *v.value<std::string>();
  }
  return items;
}

// Every group needs an item when the indicator has several (Kolada: total/women/men by name).
void check_group_items(const Reader& r, const toml::node& node, const std::string& ctx,
                       const Indicator& ind, const std::map<std::string, std::string>& items) {
  if (ind.groups.size() < 2) return;
  for (const auto& g : ind.groups)
    if (!items.count(g))
      throw InputError(r.loc(node, ctx + "group_select"),
                       "a \"dimension=value\" selection for every group of the indicator "
                       "(group_select." +
                           g + ")",
                       "none for group '" + g + "'");
}

// data = { file = "BE0101N1.px", select = ["kön=totalt"], region = "region", exclude = ["00"],
//          group_select = {...}, language = "sv", nil_as_zero = false }
std::vector<RegionalSeries> regional_from_table(const Reader& r, const toml::table& dt,
                                                const toml::node& node, const std::string& c,
                                                const Indicator& ind, const std::string& full,
                                                const std::string& file) {
  const std::string dc = c + "data.";
  r.check_keys(dt, dc,
               {"file", "select", "region", "exclude", "group_select", "language", "nil_as_zero"});
  ReadOptions ro;
  ro.language = r.str(dt, dc, "language", false, node);
  TableRegions spec;
  spec.dimension = r.str(dt, dc, "region", true, node);
  spec.dimension_where = r.loc(r.at(dt, "region", node), dc + "region");
  spec.select = r.str_array(dt, dc, "select");
  spec.select_ctx = dc + "select";
  spec.group_items = read_group_items(r, dt, dc, ind);
  check_group_items(r, node, dc, ind, spec.group_items);
  const std::vector<std::string> excl = r.str_array(dt, dc, "exclude");
  spec.exclude = std::set<std::string>(excl.begin(), excl.end());
  if (const toml::node* nz = dt.get("nil_as_zero")) {
    if (!nz->is_boolean())
      throw InputError(r.loc(*nz, dc + "nil_as_zero"), "true or false",
                       std::string("a ") + detail::toml_type_name(*nz));
    spec.nil_as_zero = *nz->value<bool>();
  }
  spec.shown = file;
  spec.note = "file " + file;
  return regions_of_table(read_table(full, ro), spec, ind);
}

// source = { kolada = "N01951", municipality = "all", years = "2010-2024", exclude = [...] }
//        | { scb = "TAB638", select = ["ContentsCode=..."], region = "Region", exclude = [...] }
// read from the fetch cache (or refreshed) like a one-region source (docs/fetch.md).
std::vector<RegionalSeries> regional_from_source(const Reader& r, const toml::table& st,
                                                 const toml::node& node, const std::string& c,
                                                 const Project& p, const Indicator& ind,
                                                 std::string& shown) {
  const std::string sc = c + "source.";
  r.check_keys(
      st, sc,
      {"scb", "kolada", "select", "municipality", "years", "group_select", "region", "exclude"});
  const std::string scb = r.str(st, sc, "scb", false, node);
  const std::string kpi = r.str(st, sc, "kolada", false, node);
  if (scb.empty() == kpi.empty())
    throw InputError(r.loc(node, sc + "scb"), "either scb = \"TABLE\" or kolada = \"KPI\"",
                     scb.empty() ? "neither" : "both");
  TableRegions spec;
  const std::vector<std::string> select = r.str_array(st, sc, "select");
  FetchResult fetched;
  try {
    if (!scb.empty())
      fetched = fetch_scb(scb, Selection::parse(select, sc + "select"), p.sources);
    else
      fetched = fetch_kolada(kpi, r.str(st, sc, "municipality", false, node, "all"),
                             r.str(st, sc, "years", false, node), p.sources);
  } catch (const InputError& e) {
    const bool offline = e.where().field == "--offline";
    throw InputError(r.loc(node, sc + (scb.empty() ? "kolada" : "scb")), e.expected(),
                     e.found() + " (" + e.where().to_string() + ")",
                     offline ? "fetch it with `utsikt run --refresh` (or `utsikt fetch`; "
                               "docs/fetch.md)"
                             : e.hint());
  }
  spec.dimension =
      r.str(st, sc, "region", scb.empty() ? false : true, node, scb.empty() ? "municipality" : "");
  spec.dimension_where = r.loc(st.get("region") ? *st.get("region") : node, sc + "region");
  if (!kpi.empty()) spec.select = select;  // SCB: the selection went with the request
  spec.select_ctx = sc + "select";
  spec.group_items = read_group_items(r, st, sc, ind);
  if (!kpi.empty())
    for (const std::string& g : ind.groups)
      if (!spec.group_items.count(g) && (g == "total" || g == "women" || g == "men"))
        spec.group_items[g] = "gender=" + g;
  check_group_items(r, node, sc, ind, spec.group_items);
  const std::vector<std::string> excl = r.str_array(st, sc, "exclude");
  spec.exclude = std::set<std::string>(excl.begin(), excl.end());
  spec.shown = fetched.source_url;
  spec.note = "fetched " + fetched.source_url + " (retrieved " + fetched.retrieved + ")";
  shown = fetched.source_url;
  return regions_of_table(fetched.table, spec, ind);
}

}  // namespace

std::set<std::string> load_regions(const Reader& r, const toml::table& t, const toml::node& node,
                                   const std::string& c, Project& p, Indicator& ind) {
  const toml::node& rn = r.at(t, "regions", node);
  ind.regions_where = r.loc(rn, c + "regions");
  refuse_other_data(r, t, c);
  const toml::node* dn = t.get("data");
  const toml::node* sn = t.get("source");
  if (dn && sn) throw InputError(r.loc(*sn, c + "source"), "either data or source", "both");
  if (sn && !sn->is_table())
    throw InputError(r.loc(*sn, c + "source"),
                     "a table such as { kolada = \"N01951\", municipality = \"all\", years = "
                     "\"2010-2024\" }",
                     std::string("a ") + detail::toml_type_name(*sn));
  if (!sn && (!dn || !(dn->is_string() || dn->is_table())))
    throw InputError(dn ? r.loc(*dn, c + "data") : ind.regions_where,
                     "data = \"file.csv\" (a long CSV with a region column), data = { file = "
                     "\"table.px\", region = \"dimension\" } or source = {...} (the indicator "
                     "has regions)",
                     dn ? std::string("a ") + detail::toml_type_name(*dn) : "no data");
  const toml::table* dt = dn ? dn->as_table() : nullptr;
  std::string file = sn   ? ""
                     : dt ? r.str(*dt, c + "data.", "file", true, *dn)
                          : *dn->value<std::string>();
  const std::string full = (fs::path(p.dir) / file).lexically_normal().string();
  if ((dt || sn) && t.get("region_column"))
    throw InputError(r.loc(*t.get("region_column"), c + "region_column"),
                     "no region_column with an official table or source (its region key names "
                     "the dimension)",
                     "the key");
  const std::string column =
      (dt || sn) ? "region" : r.str(t, c, "region_column", false, node, "region");
  const std::vector<RegionalSeries> all =
      sn   ? regional_from_source(r, *sn->as_table(), *sn, c, p, ind, file)
      : dt ? regional_from_table(r, *dt, *dn, c, ind, full, file)
           : parse_regional_long_csv(read_text_file(full, kMaxCsvBytes, &p.notices), full, column);
  const std::string in_msg = sn ? file : full;  // the file (or URL) errors name
  std::map<std::string, const RegionalSeries*> by_code;
  std::set<std::string> in_file, ids;
  for (const RegionalSeries& rs : all) {
    in_file.insert(rs.code);
    for (const Series& s : rs.series) {
      ids.insert(s.indicator);
      if (s.indicator == ind.id) by_code[rs.code] = &rs;
    }
  }
  if (by_code.empty())
    throw InputError(Location{in_msg, 0, 0, "indicator"}, "rows of indicator '" + ind.id + "'",
                     "none in " + file);
  const std::vector<std::string> codes =
      selected_codes(r, t, rn, c, by_code, in_file, file, ind.id);
  if (codes.size() * ind.groups.size() > kMaxIndicators)
    throw InputError(ind.regions_where,
                     "at most " + std::to_string(kMaxIndicators) + " series (regions x groups)",
                     std::to_string(codes.size()) + " regions x " +
                         std::to_string(ind.groups.size()) + " groups");
  ind.home_region = r.str(t, c, "region", true, node);
  if (std::find(codes.begin(), codes.end(), ind.home_region) == codes.end())
    throw InputError(r.loc(r.at(t, "region", node), c + "region"),
                     "one of the regions the indicator is projected for: " + code_list(by_code),
                     "\"" + ind.home_region + "\"");
  for (const std::string& code : codes)
    ind.regions.push_back(region_data(*by_code.at(code), ind, in_msg, file, column));
  ind.regions_source = file;
  for (const RegionData& rd : ind.regions)
    if (rd.code == ind.home_region)
      for (const auto& [g, s] : rd.groups) p.data[{ind.id, g}] = s;
  return ids;
}

void check_regions(const Project& p) {
  std::size_t series = 0, targets = 0;
  const Indicator* first = nullptr;
  for (const Indicator& ind : p.indicators) {
    series += ind.groups.size() * std::max<std::size_t>(1, ind.regions.size());
    if (ind.regions.empty()) continue;
    if (!first) first = &ind;
    if (ind.driver || ind.components || ind.breakdown)
      throw InputError(ind.regions_where,
                       "an indicator without [indicator.driver], components or breakdown "
                       "(each region is projected on its own)",
                       "regions on '" + ind.id + "', which has one");
  }
  for (const Target& t : p.targets) {
    const Indicator* ind = p.find_indicator(t.series.indicator);
    targets += ind ? std::max<std::size_t>(1, ind->regions.size()) : 1;
    if (!ind || ind->regions.empty() || !t.other || t.other->indicator == ind->id) continue;
    const Indicator* other = p.find_indicator(t.other->indicator);
    if (other && !other->regions.empty())
      throw InputError(Location{p.path, 0, 0, "target[" + t.id + "]"},
                       "a comparison with one series for every region (e.g. the country)",
                       "indicator '" + other->id + "', which also has regions");
  }
  if (!first) return;
  if (series > kMaxIndicators)
    throw InputError(first->regions_where,
                     "at most " + std::to_string(kMaxIndicators) +
                         " series after expanding regions (regions x groups, over all indicators)",
                     std::to_string(series));
  if (targets > kMaxTargets)
    throw InputError(first->regions_where,
                     "at most " + std::to_string(kMaxTargets) +
                         " target results after expanding regions (one per target and region)",
                     std::to_string(targets));
}

namespace {

// Runs f(0..n-1) on up to `threads` workers; the first exception (in index order) is rethrown.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& f) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(n);
  auto work = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        f(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  const std::size_t workers = std::min<std::size_t>(std::max(threads, 1), n);
  for (std::size_t k = 1; k < workers; ++k) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// The results of `targets` (every variant, in order) for one region other than the own one.
std::vector<TargetResult> region_results(const Project& p, const Indicator& ind,
                                         const RegionData& rd,
                                         const std::vector<const Target*>& targets,
                                         const std::vector<SeriesResult>& series,
                                         std::uint64_t seed, int n_paths) {
  std::vector<SeriesResult> local;
  for (const std::string& g : ind.groups) {
    SeriesResult sr;
    sr.ref = SeriesRef{ind.id, g};
    sr.indicator = &ind;
    sr.observed = &rd.groups.at(g);
    ForecastOptions fo;
    fo.method = ind.method;
    fo.n_paths = n_paths;
    fo.seed = seed;
    fo.threads = 1;  // the regions are the parallel work
    SeriesSpec spec{ind.kind, ind.bounds, ind.volatility};
    spec.prior_class = ind.prior_class;
    const int to = std::max(p.options.horizon_end, sr.observed->years.back() + 1);
    sr.forecast =
        project_series(*sr.observed, spec, to, fo, stable_hash(ind.id + "/" + g + "@" + rd.code));
    for (auto& d : period_aggregate_diagnostics(*sr.observed))
      sr.forecast.diagnostics.push_back(std::move(d));
    local.push_back(std::move(sr));
  }
  // A comparison series of another indicator (the country, a reference value's series) is the
  // same for every region.
  for (const Target* t : targets)
    if (t->other && t->other->indicator != ind.id)
      for (const SeriesResult& s : series)
        if (s.ref == *t->other) local.push_back(s);
  std::vector<TargetResult> out;
  for (const Target* t : targets)
    for (auto& r : evaluate_target(p, *t, local, n_paths)) out.push_back(std::move(r));
  return out;
}

// Sorted by P(met) (highest first), the median of the compared measure (better first), code;
// regions without a result last. Ranks 1..n for those with a result.
void sort_rows(Ranking& rk) {
  const Target& t = *rk.target;
  const bool higher = higher_is_better(t);
  auto key = [](const RegionRow& r) {
    return r.result.measure_interval ? r.result.measure_interval->median : 0.0;
  };
  std::stable_sort(rk.rows.begin(), rk.rows.end(), [&](const RegionRow& a, const RegionRow& b) {
    const bool da = a.result.status != TargetStatus::no_data;
    const bool db = b.result.status != TargetStatus::no_data;
    if (da != db) return da;
    if (da && a.result.probability != b.result.probability)
      return a.result.probability > b.result.probability;
    if (da && key(a) != key(b)) return higher ? key(a) > key(b) : key(a) < key(b);
    return a.code < b.code;
  });
  int rank = 0;
  for (RegionRow& row : rk.rows) row.rank = row.result.status != TargetStatus::no_data ? ++rank : 0;
}

}  // namespace

std::vector<Ranking> rank_regions(const Project& p, const std::vector<SeriesResult>& series,
                                  const std::vector<TargetResult>& own, std::uint64_t seed,
                                  int n_paths, int threads) {
  std::vector<Ranking> out;
  for (const Indicator& ind : p.indicators) {
    if (ind.regions.empty()) continue;
    std::vector<const Target*> targets;
    for (const Target& t : p.targets)
      if (t.series.indicator == ind.id) targets.push_back(&t);
    if (targets.empty()) continue;
    std::vector<std::vector<TargetResult>> per_region(ind.regions.size());
    parallel_for(ind.regions.size(), threads, [&](std::size_t i) {
      const RegionData& rd = ind.regions[i];
      if (rd.code != ind.home_region) {
        per_region[i] = region_results(p, ind, rd, targets, series, seed, n_paths);
        return;
      }
      // The own region: the run's own results (the same numbers as targets.csv).
      for (const Target* t : targets)
        for (const TargetResult& r : own)
          if (r.target == t) per_region[i].push_back(r);
    });
    std::size_t k = 0;
    for (const Target* t : targets) {
      for (std::size_t v = 0; v < kind_info(t->kind).variants.size(); ++v, ++k) {
        Ranking rk;
        rk.target = t;
        rk.indicator = &ind;
        rk.variant = per_region.front().at(k).variant;
        for (std::size_t i = 0; i < ind.regions.size(); ++i)
          rk.rows.push_back({ind.regions[i].code, ind.regions[i].name,
                             ind.regions[i].code == ind.home_region, 0,
                             std::move(per_region[i].at(k))});
        sort_rows(rk);
        out.push_back(std::move(rk));
      }
    }
  }
  return out;
}

}  // namespace utsikt
