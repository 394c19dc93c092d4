// Reading a project file (TOML). Every error names file, line, column and key.
#include "utsikt/engine/project.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "cohort_internal.hpp"
#include "peers.hpp"
#include "regions.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/options.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/error.hpp"
#include "utsikt/io/fetch.hpp"
#include "utsikt/io/import.hpp"
#include "utsikt/models/registry.hpp"
#include "utsikt/number.hpp"
#include "utsikt/period_aggregate.hpp"
#include "utsikt/toml_reader.hpp"

namespace fs = std::filesystem;

namespace utsikt {
namespace {

using Reader = detail::TomlReader;
using detail::toml_type_name;
using detail::valid_id;

const toml::table& as_table(const Reader& r, const toml::node& n, const std::string& ctx) {
  const toml::table* t = n.as_table();
  if (!t) throw InputError(r.loc(n, ctx), "a table", std::string("a ") + toml_type_name(n));
  return *t;
}

// A run option of [project] (the table in utsikt/engine/options.hpp): a whole number within the
// table's bounds, or nullopt when the key is absent.
std::optional<std::int64_t> run_option_key(const Reader& r, const toml::table& t,
                                           const std::string& ctx, RunOption o) {
  const std::string_view key = run_option(o).name;
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  const Location where = r.loc(*n, ctx + std::string(key));
  if (!n->is_integer())
    throw InputError(where, run_option_expected(o), std::string("a ") + toml_type_name(*n));
  const std::int64_t v = *n->value<std::int64_t>();
  check_run_option(o, v, where);
  return v;
}

void read_options(const Reader& r, const toml::table& root, Project& p) {
  const toml::node* pn = root.get("project");
  if (!pn) return;
  const toml::table& t = as_table(r, *pn, "project");
  const std::string c = "project.";
  r.check_keys(t, c,
               {"name_sv", "name_en", "seed", "paths", "threads", "output", "language",
                "horizon_end", "arrow_unchanged_rel", "arrow_unchanged_pp", "class_yes",
                "class_near", "name", "scenarios"});
  p.name_sv = r.str(t, c, "name_sv", false, *pn, r.str(t, c, "name", false, *pn));
  p.name_en = r.str(t, c, "name_en", false, *pn, p.name_sv);
  RunOptions& o = p.options;
  if (auto v = run_option_key(r, t, c, RunOption::seed)) o.seed = static_cast<std::uint64_t>(*v);
  if (auto v = run_option_key(r, t, c, RunOption::paths)) o.n_paths = static_cast<int>(*v);
  if (auto v = run_option_key(r, t, c, RunOption::threads)) o.threads = static_cast<int>(*v);
  o.output_dir = r.str(t, c, "output", false, *pn, o.output_dir);
  o.language = r.str(t, c, "language", false, *pn, o.language);
  if (o.language != "sv" && o.language != "en")
    throw InputError(r.loc(*t.get("language"), c + "language"), "\"sv\" or \"en\"",
                     "\"" + o.language + "\"");
  if (auto v = run_option_key(r, t, c, RunOption::horizon_end))
    o.horizon_end = static_cast<int>(*v);
  auto frac = [&](std::string_view key, double& dst, double lo, double hi) {
    if (auto v = r.num(t, c, key, false, *pn)) {
      if (*v < lo || *v > hi)
        throw InputError(r.loc(*t.get(key), c + std::string(key)),
                         "a number from " + format_double(lo) + " to " + format_double(hi),
                         format_double(*v));
      dst = *v;
    }
  };
  frac("arrow_unchanged_rel", o.arrow_unchanged_rel, 0.0, 1.0);
  frac("arrow_unchanged_pp", o.arrow_unchanged_pp, 0.0, 100.0);
  frac("class_yes", o.class_yes, 0.0, 1.0);
  frac("class_near", o.class_near, 0.0, 1.0);
  if (o.class_near > o.class_yes)
    throw InputError(r.loc(*pn, c + "class_near"), "class_near <= class_yes",
                     format_double(o.class_near) + " > " + format_double(o.class_yes));
  p.scenario_files = r.str_array(t, c, "scenarios");
}

struct PendingObs {
  int year;
  double value;
  std::string source;
  Location where;
};

// Adds observations (inline, or a further CSV file) to a series, rejecting a year given twice.
// `from` names where obs come from in the message ("inline", a file name).
void add_series_obs(Project& p, const std::string& ind, const std::string& grp,
                    std::vector<PendingObs>& obs, const std::string& from = "inline") {
  std::stable_sort(obs.begin(), obs.end(),
                   [](const PendingObs& a, const PendingObs& b) { return a.year < b.year; });
  Series& s = p.data[{ind, grp}];
  s.indicator = ind;
  s.group = grp;
  // Merge with what is already there (from a CSV), rejecting a year given twice.
  std::vector<PendingObs> merged;
  for (std::size_t i = 0; i < s.years.size(); ++i)
    merged.push_back({s.years[i], s.values[i], s.sources.empty() ? "" : s.sources[i],
                      Location{s.provenance.source}});
  for (auto& o : obs) merged.push_back(o);
  std::stable_sort(merged.begin(), merged.end(),
                   [](const PendingObs& a, const PendingObs& b) { return a.year < b.year; });
  s.years.clear();
  s.values.clear();
  s.sources.clear();
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (i > 0 && merged[i].year == merged[i - 1].year) {
      const PendingObs& dup = merged[i].where.line ? merged[i] : merged[i - 1];
      throw InputError(dup.where, "one value per indicator, group and year",
                       "year " + std::to_string(dup.year) + " of " + ind + "/" + grp +
                           " given twice (" + from + " and in " +
                           (merged[i - 1].where.file.empty() ? std::string("the data file")
                                                             : merged[i - 1].where.file) +
                           ")");
    }
    s.years.push_back(merged[i].year);
    s.values.push_back(merged[i].value);
    s.sources.push_back(merged[i].source);
  }
}

// An indicator fetched from its source (docs/fetch.md, docs/project-format.md), read from the
// fetch cache (or refreshed with --refresh):
//   source = { scb = "TAB6471", select = ["Region=25", "Kon=2"] }
//   source = { kolada = "N00957", municipality = "0025" [, years = "2010-2024"] }
// Each group of the indicator takes the gender of its name (total, women, men: Kolada T, K, M)
// or its `group_select` item; anything else left with several values is an error.
void load_source_data(const Reader& r, const toml::table& st, const toml::node& node,
                      const std::string& c, Project& p, const Indicator& ind) {
  const std::string sc = c + "source.";
  r.check_keys(st, sc, {"scb", "kolada", "select", "municipality", "years", "group_select"});
  const std::string scb = r.str(st, sc, "scb", false, node);
  const std::string kpi = r.str(st, sc, "kolada", false, node);
  if (scb.empty() == kpi.empty())
    throw InputError(r.loc(node, sc + "scb"), "either scb = \"TABLE\" or kolada = \"KPI\"",
                     scb.empty() ? "neither" : "both");
  const std::vector<std::string> select = r.str_array(st, sc, "select");
  std::map<std::string, std::string> group_select;
  if (const toml::node* gs = st.get("group_select")) {
    const toml::table* gt = gs->as_table();
    if (!gt)
      throw InputError(r.loc(*gs, sc + "group_select"),
                       "a table such as { women = \"Kon=2\", men = \"Kon=1\" }",
                       std::string("a ") + toml_type_name(*gs));
    for (const auto& [k, v] : *gt) {
      if (!v.is_string())
        throw InputError(r.loc(v, sc + "group_select." + std::string(k.str())),
                         "a \"dimension=value\" string", std::string("a ") + toml_type_name(v));
      group_select[std::string(k.str())] = std::string(*v.value<std::string>());
    }
  }
  FetchResult fetched;
  try {
    if (!scb.empty()) {
      fetched = fetch_scb(scb, Selection::parse(select, sc + "select"), p.sources);
    } else {
      const std::string muni = r.str(st, sc, "municipality", true, node);
      fetched = fetch_kolada(kpi, muni, r.str(st, sc, "years", false, node), p.sources);
    }
  } catch (const InputError& e) {
    // Where in the project, then what the fetch said (its URL, the cache).
    const bool offline = e.where().field == "--offline";
    throw InputError(r.loc(node, sc + (scb.empty() ? "kolada" : "scb")), e.expected(),
                     e.found() + " (" + e.where().to_string() + ")",
                     offline ? "fetch it with `utsikt run --refresh` (or `utsikt fetch`; "
                               "docs/fetch.md)"
                             : e.hint());
  }
  const Table& table = fetched.table;
  for (const auto& g : ind.groups) {
    std::vector<std::string> items;
    if (!kpi.empty()) items = select;  // SCB: the selection was applied by the request
    if (group_select.count(g)) {
      items.push_back(group_select[g]);
    } else if (!kpi.empty() && (g == "total" || g == "women" || g == "men")) {
      items.push_back("gender=" + g);
    }
    const Selection sel = Selection::parse(items, sc + "select");
    Series s = select_one_series(table, sel, ind.id);
    s.indicator = ind.id;
    s.group = g;
    s.provenance.notes.insert(
        s.provenance.notes.begin(),
        "fetched " + fetched.source_url + " (retrieved " + fetched.retrieved + ")");
    if (s.empty())
      throw InputError(r.loc(node, sc + "select"),
                       "at least one observed value for group '" + g + "'",
                       "none in " + fetched.source_url);
    p.data[{ind.id, g}] = std::move(s);
  }
}

// An indicator's data in an official statistics file (PC-Axis, JSON-stat, Kolada):
//   data = { file = "BE0101N1.px", select = ["region=25"], sum = ["sex"],
//            group_select = { women = "sex=women", men = "sex=men" }, language = "sv" }
// Each of the indicator's groups gets the common selection plus its own group_select item;
// dimensions listed in `sum` are added up (women + men, municipalities to county); any other
// dimension left with several values is an error that lists them.
void load_table_data(const Reader& r, const toml::table& dt, const toml::node& node,
                     const std::string& c, Project& p, const Indicator& ind) {
  const std::string dc = c + "data.";
  r.check_keys(dt, dc, {"file", "select", "sum", "group_select", "language", "nil_as_zero"});
  const std::string file = r.str(dt, dc, "file", true, node);
  const std::string full = (fs::path(p.dir) / file).lexically_normal().string();
  const std::vector<std::string> common = r.str_array(dt, dc, "select");
  const std::vector<std::string> sum = r.str_array(dt, dc, "sum");
  ReadOptions ro;
  ro.language = r.str(dt, dc, "language", false, node);
  bool nil_as_zero = false;
  if (const toml::node* nz = dt.get("nil_as_zero")) {
    if (!nz->is_boolean())
      throw InputError(r.loc(*nz, dc + "nil_as_zero"), "true or false",
                       std::string("a ") + toml_type_name(*nz));
    nil_as_zero = *nz->value<bool>();
  }
  std::map<std::string, std::string> group_select;
  if (const toml::node* gs = dt.get("group_select")) {
    const toml::table* gt = gs->as_table();
    if (!gt)
      throw InputError(r.loc(*gs, dc + "group_select"),
                       "a table such as { women = \"sex=women\", men = \"sex=men\" }",
                       std::string("a ") + toml_type_name(*gs));
    for (const auto& [k, v] : *gt) {
      const std::string g(k.str());
      if (std::find(ind.groups.begin(), ind.groups.end(), g) == ind.groups.end())
        throw InputError(r.loc(v, dc + "group_select." + g), "one of the indicator's groups",
                         "\"" + g + "\"");
      if (!v.is_string())
        throw InputError(r.loc(v, dc + "group_select." + g), "a \"dimension=value\" string",
                         std::string("a ") + toml_type_name(v));
      group_select[g] = std::string(*v.value<std::string>());
    }
  }
  if (ind.groups.size() > 1)
    for (const auto& g : ind.groups)
      if (!group_select.count(g))
        throw InputError(r.loc(node, dc + "group_select"),
                         "a selection for every group of the indicator (group_select." + g + ")",
                         "none for group '" + g + "'");
  const Table table = read_table(full, ro);
  for (const auto& g : ind.groups) {
    std::vector<std::string> items = common;
    if (group_select.count(g)) items.push_back(group_select[g]);
    Selection sel = Selection::parse(items, dc + "select");
    sel.nil_as_zero = nil_as_zero;
    Series s;
    if (sum.empty()) {
      s = select_one_series(table, sel, ind.id);
    } else {
      // Every dimension with several values must be one of the summed ones.
      const auto parts = select_series(table, sel, ind.id);
      Selection check = sel;
      for (const auto& d : table.dims) {
        if (d.is_time) continue;
        bool summed = false;
        for (const auto& sd : sum)
          summed = summed || equal_fold(sd, d.code) || equal_fold(sd, d.text);
        if (summed && !d.value_codes.empty()) check.criteria.emplace_back(d.code, d.value_codes[0]);
      }
      (void)select_one_series(table, check, ind.id);  // errors if other dimensions still vary
      std::map<int, std::pair<double, int>> acc;      // year -> (sum, parts present)
      for (const auto& part : parts)
        for (std::size_t i = 0; i < part.size(); ++i) {
          auto& a = acc[part.years[i]];
          a.first += part.values[i];
          ++a.second;
        }
      s = parts.empty() ? Series{} : parts.front();
      s.years.clear();
      s.values.clear();
      s.sources.clear();
      for (const auto& [year, a] : acc) {
        if (a.second != static_cast<int>(parts.size())) continue;  // a part is missing: a gap
        s.years.push_back(year);
        s.values.push_back(a.first);
      }
      s.provenance.notes.push_back("sum over " + std::to_string(parts.size()) + " series (" + [&] {
        std::string d;
        for (auto& x : sum) d += (d.empty() ? "" : ", ") + x;
        return d;
      }() + ")");
    }
    s.indicator = ind.id;
    s.group = g;
    if (s.provenance.source.empty()) s.provenance.source = file;
    s.provenance.notes.insert(s.provenance.notes.begin(), "file " + file);
    if (s.empty())
      throw InputError(r.loc(node, dc + "select"),
                       "at least one observed value for group '" + g + "'", "none in " + file);
    p.data[{ind.id, g}] = std::move(s);
  }
}

// The indicator's kind and its bounds: a share's default 0..100, a non-negative default for
// every kind but rate.
void read_kind_and_bounds(const Reader& r, const toml::table& t, const std::string& c,
                          const toml::node& node, Indicator& ind) {
  const std::string kind = r.str(t, c, "kind", true, node);
  const auto k = indicator_kind_from_string(kind);
  if (!k)
    throw InputError(r.loc(*t.get("kind"), c + "kind"), "one of stock, flow, share, rate, index",
                     "\"" + kind + "\"");
  ind.kind = *k;
  ind.bounds.lower = r.num(t, c, "lower", false, node);
  ind.bounds.upper = r.num(t, c, "upper", false, node);
  if (ind.kind == IndicatorKind::share) {
    if (!ind.bounds.lower) ind.bounds.lower = 0.0;
    if (!ind.bounds.upper) ind.bounds.upper = 100.0;
  } else if (ind.kind != IndicatorKind::rate && !ind.bounds.lower) {
    ind.bounds.lower = 0.0;
  }
  if (ind.bounds.lower && ind.bounds.upper && !(*ind.bounds.lower < *ind.bounds.upper))
    throw InputError(r.loc(node, c + "upper"), "lower < upper",
                     format_double(*ind.bounds.lower) + " >= " + format_double(*ind.bounds.upper));
}

// The declared volatility vn: a fraction (0.005) or a percentage written as text ("0,5 %"),
// with its source.
void read_volatility(const Reader& r, const toml::table& t, const std::string& c,
                     const toml::node& node, const toml::node& vn, Indicator& ind) {
  double v = *r.num(t, c, "volatility", true, node);
  if (vn.is_string() && parse_number(*vn.value<std::string>()).percent) v /= 100.0;
  if (!(v > 0.0 && v < 1.0))
    throw InputError(r.loc(vn, c + "volatility"),
                     "a typical yearly relative variation between 0 and 1 (0.005 or \"0,5 %\")",
                     format_double(v));
  ind.volatility = v;
  ind.volatility_source = r.str(t, c, "volatility_source", true, node);
}

// A long CSV file read once, with its series indexed by indicator: looking up an indicator's
// series does not scan the whole file (which made loading quadratic in the indicators).
struct CsvFile {
  std::vector<Series> series;
  std::unordered_map<std::string, std::vector<std::size_t>> by_indicator;
};
using CsvCache = std::map<std::string, CsvFile>;

// The indicator's series from its long CSV files (each read once into csv_cache); a further
// file for the same series is merged, and a year in two files is an error.
void add_file_series(Project& p, const Indicator& ind, CsvCache& csv_cache) {
  for (const std::string& data_file : ind.data_files) {
    const std::string full = (fs::path(p.dir) / data_file).lexically_normal().string();
    auto it = csv_cache.find(full);
    if (it == csv_cache.end()) {
      CsvFile f{read_long_csv(full, &p.notices), {}};
      for (std::size_t i = 0; i < f.series.size(); ++i)
        f.by_indicator[f.series[i].indicator].push_back(i);
      it = csv_cache.emplace(full, std::move(f)).first;
    }
    const auto found = it->second.by_indicator.find(ind.id);
    if (found == it->second.by_indicator.end()) continue;
    for (const std::size_t si : found->second) {
      const Series& s = it->second.series[si];
      if (std::find(ind.groups.begin(), ind.groups.end(), s.group) == ind.groups.end())
        throw InputError(
            Location{full, 0, 0, "group"},
            "a group declared for indicator '" + ind.id + "' (" +
                [&] {
                  std::string g;
                  for (auto& x : ind.groups) g += (g.empty() ? "" : ", ") + x;
                  return g;
                }() +
                ")",
            "group '" + s.group + "'");
      auto existing = p.data.find({ind.id, s.group});
      if (existing == p.data.end()) {
        Series copy = s;
        copy.provenance.source = data_file;
        p.data[{ind.id, s.group}] = std::move(copy);
        continue;
      }
      // A further file for the same series: merge, a year in both files is an error.
      for (int y : s.years)
        if (existing->second.index_of(y) >= 0)
          throw InputError(Location{full, 0, 0, "year"},
                           "each year of " + ind.id + "/" + s.group + " in one data file only",
                           "year " + std::to_string(y) + " in " + data_file + " and in " +
                               existing->second.provenance.source,
                           "Keep the year in one file (e.g. the official series) and move the "
                           "other value to a file the project does not read.");
      std::vector<PendingObs> more;
      for (std::size_t i = 0; i < s.size(); ++i)
        more.push_back({s.years[i], s.values[i], s.sources.empty() ? "" : s.sources[i],
                        Location{data_file, 0, 0, "year"}});
      add_series_obs(p, ind.id, s.group, more, data_file);
      Series& merged = p.data[{ind.id, s.group}];
      for (const auto& agg : s.aggregates) merged.aggregates.push_back(agg);
      merged.provenance.source += ", " + data_file;
    }
  }
}

// The [[indicator.observation]] tables `on`: values written in the project file (a missing
// marker leaves the year out); year = "2017-2022" with aggregate = "sum" | "mean" is a period
// total (utsikt/period_aggregate.hpp).
void read_observations(const Reader& r, const toml::node& on, const std::string& c, Project& p,
                       const Indicator& ind) {
  const toml::array* oa = on.as_array();
  if (!oa || !oa->is_array_of_tables())
    throw InputError(r.loc(on, c + "observation"), "[[indicator.observation]] tables",
                     "something else");
  std::map<std::string, std::vector<PendingObs>> by_group;
  std::map<std::string, std::vector<PeriodAggregate>> spans_by_group;
  for (const auto& onode : *oa) {
    const toml::table& ot = *onode.as_table();
    const std::string oc = c + "observation.";
    r.check_keys(ot, oc, {"group", "year", "value", "source", "aggregate"});
    const std::string grp =
        r.str(ot, oc, "group", false, onode, ind.groups.size() == 1 ? ind.groups[0] : "");
    if (std::find(ind.groups.begin(), ind.groups.end(), grp) == ind.groups.end())
      throw InputError(r.loc(onode, oc + "group"), "one of the indicator's groups",
                       "\"" + grp + "\"");
    // year = 2017, or a span year = "2017-2022" with aggregate = "sum" | "mean".
    YearSpan span;
    const toml::node* yn = ot.get("year");
    if (yn && yn->is_string()) {
      const std::string ytxt(*yn->value<std::string>());
      const auto ys = parse_year_span(ytxt);
      if (!ys)
        throw InputError(r.loc(*yn, oc + "year"),
                         "a year such as 2017, or a span such as \"2017-2022\"",
                         "\"" + ytxt + "\"");
      span = *ys;
    } else {
      const int year = *r.integer(ot, oc, "year", true, onode, 1000, 3000);
      span = YearSpan{year, year};
    }
    std::optional<PeriodAggregate::Kind> agg_kind;
    const std::string atxt = r.str(ot, oc, "aggregate", false, onode);
    if (span.is_span()) {
      agg_kind = parse_aggregate_kind(atxt);
      if (!agg_kind)
        throw InputError(r.loc(r.at(ot, "aggregate", onode), oc + "aggregate"),
                         "aggregate = \"sum\" or \"mean\" for the span " +
                             std::to_string(span.first) + "-" + std::to_string(span.last),
                         atxt.empty() ? std::string("no aggregate") : "\"" + atxt + "\"");
    } else if (!atxt.empty()) {
      throw InputError(r.loc(*ot.get("aggregate"), oc + "aggregate"),
                       "no aggregate for a single year (sum or mean describe a span such as "
                       "year = \"2017-2022\")",
                       "\"" + atxt + "\" for the year " + std::to_string(span.first));
    }
    const toml::node* vn = ot.get("value");
    if (vn && vn->is_string()) {
      const ParsedNumber pn = parse_number(*vn->value<std::string>());
      if (pn.status == NumberStatus::missing) continue;
    }
    const double v = *r.num(ot, oc, "value", true, onode);
    if (agg_kind) {
      PeriodAggregate agg;
      agg.first_year = span.first;
      agg.last_year = span.last;
      agg.kind = *agg_kind;
      agg.value = v;
      agg.source = r.str(ot, oc, "source", false, onode);
      agg.where = r.loc(r.at(ot, "value", onode), oc + "value");
      agg.where_year = r.loc(*yn, oc + "year");
      spans_by_group[grp].push_back(std::move(agg));
      continue;
    }
    by_group[grp].push_back(
        {span.first, v, r.str(ot, oc, "source", false, onode), r.loc(onode, oc + "year")});
  }
  for (auto& [grp, obs] : by_group) add_series_obs(p, ind.id, grp, obs);
  for (auto& [grp, list] : spans_by_group) {
    Series& s = p.data[{ind.id, grp}];
    s.indicator = ind.id;
    s.group = grp;
    for (auto& agg : list) s.aggregates.push_back(std::move(agg));
  }
}

// Every indicator in a referenced CSV (csv_cache) must be declared (ids), and every reference
// must name a declared indicator.
void check_declared(const Project& p, const std::set<std::string>& ids, const CsvCache& csv_cache) {
  for (const auto& [file, csv] : csv_cache)
    for (const Series& s : csv.series)
      if (!ids.count(s.indicator))
        throw InputError(Location{file, 0, 0, "indicator"}, "indicators that the project declares",
                         "'" + s.indicator + "', which no [[indicator]] declares",
                         "Declare it in the project file or remove its rows.");
  for (const Indicator& ind : p.indicators)
    if (!ind.reference.empty() && !ids.count(ind.reference))
      throw InputError(Location{p.path, 0, 0, "indicator[" + ind.id + "].reference"},
                       "the id of a declared indicator", "\"" + ind.reference + "\"");
}

// The prior class of short series (key `prior`) and the peer panel ([indicator.peers]);
// docs/project-format.md, "Peers".
void read_prior_and_peers(const Reader& r, const toml::table& t, const std::string& c,
                          const toml::node& node, Project& p, Indicator& ind) {
  if (const toml::node* pn = t.get("prior")) {
    const std::string name = r.str(t, c, "prior", true, node);
    ind.prior_class = prior_class_from_string(name);
    if (!ind.prior_class) {
      std::string names;
      for (const auto& n : prior_class_names()) names += (names.empty() ? "" : ", ") + n;
      throw InputError(r.loc(*pn, c + "prior"), "one of " + names, "\"" + name + "\"");
    }
  }
  if (const toml::node* pn = t.get("peers")) {
    if (!pn->is_table())
      throw InputError(r.loc(*pn, c + "peers"), "a table [indicator.peers] with file = ...",
                       std::string("a ") + toml_type_name(*pn));
    load_peers(r, *pn->as_table(), *pn, c, p, ind);
  }
}

// The indicator's `groups`: at most kMaxGroups distinct names, {"total"} when absent.
void read_groups(const Reader& r, const toml::table& t, const std::string& c, Indicator& ind) {
  if (const toml::node* gn = t.get("groups"); gn && gn->is_array())
    r.check_count(*gn->as_array(), c + "groups", "groups", kMaxGroups);
  ind.groups = r.str_array(t, c, "groups");
  if (ind.groups.empty()) ind.groups = {"total"};
  std::set<std::string> g(ind.groups.begin(), ind.groups.end());
  if (g.size() != ind.groups.size())
    throw InputError(r.loc(*t.get("groups"), c + "groups"), "distinct group names",
                     "a group listed twice");
}

void read_indicators(const Reader& r, const toml::table& root, Project& p) {
  const toml::node* arr = root.get("indicator");
  if (!arr) return;
  const toml::array* a = arr->as_array();
  if (!a || !a->is_array_of_tables())
    throw InputError(r.loc(*arr, "indicator"), "[[indicator]] tables", "something else");
  r.check_count(*a, "indicator", "[[indicator]] tables", kMaxIndicators);
  CsvCache csv_cache;
  std::set<std::string> ids, regional_ids;  // regional_ids: indicators in regional data files
  for (const auto& node : *a) {
    const toml::table& t = *node.as_table();
    Indicator ind;
    ind.id = r.str(t, "indicator.", "id", true, node);
    const std::string c = "indicator[" + ind.id + "].";
    if (!valid_id(ind.id))
      throw InputError(r.loc(*t.get("id"), "indicator.id"),
                       "an id of lower-case letters, digits, '_' or '-' (not '--', which chart "
                       "file names use for panels)",
                       "\"" + ind.id + "\"");
    if (!ids.insert(ind.id).second)
      throw InputError(r.loc(*t.get("id"), "indicator.id"), "a unique indicator id",
                       "\"" + ind.id + "\" a second time");
    r.check_keys(
        t, c,
        {"id",     "name_sv", "name_en",    "unit_sv",     "unit_en",      "kind",
         "lower",  "upper",   "groups",     "method",      "reference",    "better",
         "note",   "data",    "source",     "observation", "volatility",   "volatility_source",
         "breaks", "driver",  "components", "breakdown",   "prior",        "peers",
         "model",  "cohort",  "regions",    "region",      "region_column"});
    ind.name_sv = r.str(t, c, "name_sv", false, node, ind.id);
    ind.name_en = r.str(t, c, "name_en", false, node, ind.name_sv);
    ind.unit_sv = r.str(t, c, "unit_sv", false, node);
    ind.unit_en = r.str(t, c, "unit_en", false, node, ind.unit_sv);
    read_kind_and_bounds(r, t, c, node, ind);
    read_groups(r, t, c, ind);
    if (t.get("method") && t.get("model"))
      throw InputError(r.loc(*t.get("model"), c + "model"),
                       "either 'method' or 'model' (two names for the same key)", "both");
    const std::string method_key = t.get("model") ? "model" : "method";
    ind.method = r.str(t, c, method_key, false, node, "auto");
    if (const toml::node* cn = t.get("cohort")) {
      if (!cn->is_table())
        throw InputError(r.loc(*cn, c + "cohort"), "a table [indicator.cohort]",
                         std::string("a ") + toml_type_name(*cn));
      if (ind.method != "cohort" && t.get(method_key))
        throw InputError(r.loc(*t.get(method_key), c + method_key),
                         "\"cohort\" (the indicator has an [indicator.cohort] table)",
                         "\"" + ind.method + "\"");
      ind.method = "cohort";
    } else if (ind.method == "cohort") {
      throw InputError(r.loc(*t.get(method_key), c + "cohort"),
                       "an [indicator.cohort] table with the age data (docs/project-format.md, "
                       "\"Cohort\")",
                       "none");
    }
    if (ind.method != "cohort" && !is_method(ind.method))
      throw InputError(r.loc(*t.get(method_key), c + method_key),
                       "one of: " + method_list() + ", cohort", "'" + ind.method + "'");
    ind.reference = r.str(t, c, "reference", false, node);
    ind.note = r.str(t, c, "note", false, node);
    const std::string better = r.str(t, c, "better", false, node);
    if (better == "higher")
      ind.better = 1;
    else if (better == "lower")
      ind.better = -1;
    else if (better.empty() || better == "neutral")
      ind.better = 0;
    else
      throw InputError(r.loc(*t.get("better"), c + "better"), "higher, lower or neutral",
                       "\"" + better + "\"");
    const toml::node* data_node = t.get("data");
    if (t.get("regions")) {
      // Many regions (regions.cpp); the own region's series are the indicator's data.
      for (const std::string& id : load_regions(r, t, node, c, p, ind)) regional_ids.insert(id);
      data_node = nullptr;
    } else if (t.get("region") || t.get("region_column")) {
      const char* key = t.get("region") ? "region" : "region_column";
      throw InputError(r.loc(*t.get(key), c + key),
                       "'" + std::string(key) + "' only with regions = \"all\" or a list",
                       "no regions");
    } else if (data_node && data_node->is_table()) {
      load_table_data(r, *data_node->as_table(), *data_node, c, p, ind);
    } else if (data_node && data_node->is_array()) {
      // Several long CSV files, merged (e.g. an official series and the document's values for
      // the years it does not cover).
      ind.data_files = r.str_array(t, c, "data");
      if (ind.data_files.empty())
        throw InputError(r.loc(*data_node, c + "data"), "at least one CSV file", "an empty list");
    } else if (std::string f = r.str(t, c, "data", false, node); !f.empty()) {
      ind.data_files = {f};
    }
    if (const toml::node* sn = t.get("source"); sn && ind.regions.empty()) {
      if (data_node) throw InputError(r.loc(*sn, c + "source"), "either data or source", "both");
      if (!sn->is_table())
        throw InputError(r.loc(*sn, c + "source"),
                         "a table such as { kolada = \"N01951\", municipality = \"0025\" }",
                         std::string("a ") + toml_type_name(*sn));
      load_source_data(r, *sn->as_table(), *sn, c, p, ind);
    }
    read_prior_and_peers(r, t, c, node, p, ind);
    if (const toml::node* cn = t.get("cohort")) read_cohort(r, *cn->as_table(), *cn, c, p, ind);
    if (const toml::node* vn = t.get("volatility")) read_volatility(r, t, c, node, *vn, ind);
    add_file_series(p, ind, csv_cache);
    if (const toml::node* on = t.get("observation")) read_observations(r, *on, c, p, ind);
    // Period totals become yearly values once all of the indicator's data are in
    // (utsikt/period_aggregate.hpp); errors name the aggregate's file, line and field.
    for (const std::string& g : ind.groups)
      if (auto it = p.data.find({ind.id, g}); it != p.data.end() && ind.regions.empty())
        apply_period_aggregates(it->second, ind.kind, ind.bounds);
    p.indicators.push_back(std::move(ind));
  }
  check_declared(p, ids, csv_cache);
  for (const std::string& id : regional_ids)
    if (!ids.count(id))
      throw InputError(Location{p.path, 0, 0, "indicator"},
                       "indicators that the project declares (in a regional data file)",
                       "'" + id + "', which no [[indicator]] declares",
                       "Declare it in the project file or remove its rows.");
  finish_cohorts(r, p);
}

// Throws unless g is a group of indicator `in` (key: the target's key that names it).
void check_target_group(const Reader& r, const toml::table& t, const toml::node& node,
                        const std::string& c, const Indicator& in, const std::string& g,
                        const char* key) {
  if (std::find(in.groups.begin(), in.groups.end(), g) == in.groups.end()) {
    std::string list;
    for (auto& x : in.groups) list += (list.empty() ? "" : ", ") + x;
    throw InputError(r.loc(t.get(key) ? *t.get(key) : node, c + key),
                     "a group of indicator '" + in.id + "' (" + list + ")", "\"" + g + "\"");
  }
}

// What target tg (on indicator ind) is compared with: the two groups of a parity target, the
// reference series or value of a parity_reference or faster_growth target.
void read_target_comparison(const Reader& r, const toml::table& t, const toml::node& node,
                            const std::string& c, const Project& p, const Indicator& ind,
                            bool no_data, Target& tg) {
  const TargetKindInfo& info = kind_info(tg.kind);
  if (info.groups == KeyUse::required) {  // two groups instead of `group`
    const auto groups = r.str_array(t, c, "groups");
    if (groups.size() != 2)
      throw InputError(r.loc(t.get("groups") ? *t.get("groups") : node, c + "groups"),
                       "two groups, e.g. groups = [\"women\", \"men\"]",
                       std::to_string(groups.size()) + " group(s)");
    for (const auto& g : groups) check_target_group(r, t, node, c, ind, g, "groups");
    tg.series.group = groups[0];
    tg.other = SeriesRef{tg.series.indicator, groups[1]};
  }
  if (info.reference != ReferenceUse::none) {
    tg.reference_value = r.num(t, c, "reference_value", false, node);
    const std::string ri = r.str(t, c, "reference_indicator", false, node);
    if (!ri.empty()) {
      const Indicator* rind = p.find_indicator(ri);
      if (!rind)
        throw InputError(r.loc(*t.get("reference_indicator"), c + "reference_indicator"),
                         "the id of a declared indicator", "\"" + ri + "\"");
      const std::string rg = r.str(t, c, "reference_group", false, node,
                                   rind->groups.size() == 1 ? rind->groups[0] : tg.series.group);
      check_target_group(r, t, node, c, *rind, rg, "reference_group");
      tg.other = SeriesRef{ri, rg};
    }
    if (!tg.other && !tg.reference_value && !no_data)
      throw InputError(r.loc(node, c + "reference_indicator"),
                       info.reference == ReferenceUse::series_only
                           ? "reference_indicator (the series to grow faster than)"
                           : "reference_indicator or reference_value",
                       "neither");
    if (info.reference == ReferenceUse::series_only && !tg.other && !no_data)
      throw InputError(r.loc(node, c + "reference_indicator"), "reference_indicator",
                       "only reference_value");
  }
}

// [target.reported_assessment]: the document's own verdict (verdict, year, quote, page).
std::optional<ReportedAssessment> read_reported(const Reader& r, const toml::table& t,
                                                const std::string& c, const Target& tg) {
  const toml::node* n = t.get("reported_assessment");
  if (!n) return std::nullopt;
  const std::string rc = c + "reported_assessment.";
  const toml::table& a = as_table(r, *n, c + "reported_assessment");
  r.check_keys(a, rc, {"verdict", "year", "quote", "page", "source"});
  ReportedAssessment ra;
  const std::string v = r.str(a, rc, "verdict", true, *n);
  const auto verdict = reported_verdict_from_string(v);
  if (!verdict)
    throw InputError(r.loc(*a.get("verdict"), rc + "verdict"), "one of " + reported_verdict_names(),
                     "\"" + v + "\"");
  ra.verdict = *verdict;
  ra.year = *r.year(a, rc, "year", true, *n);
  if (ra.year > tg.year)
    throw InputError(r.loc(*a.get("year"), rc + "year"),
                     "the year the document's verdict is about, at most the target year " +
                         std::to_string(tg.year),
                     std::to_string(ra.year));
  ra.quote = r.str(a, rc, "quote", true, *n);
  ra.page = r.integer(a, rc, "page", false, *n, 1, 100000).value_or(0);
  ra.source = r.str(a, rc, "source", false, *n);
  return ra;
}

// "650 (+65000 %)": a relative change as found, with what it means.
std::string relative_change_text(double v) {
  char b[96];
  std::snprintf(b, sizeof b, "%.6g (%+.6g %%)", v, v * 100.0);
  return b;
}

void read_targets(const Reader& r, const toml::table& root, Project& p) {
  const toml::node* arr = root.get("target");
  if (!arr) return;
  const toml::array* a = arr->as_array();
  if (!a || !a->is_array_of_tables())
    throw InputError(r.loc(*arr, "target"), "[[target]] tables", "something else");
  r.check_count(*a, "target", "[[target]] tables", kMaxTargets);
  std::set<std::string> ids;
  for (const auto& node : *a) {
    const toml::table& t = *node.as_table();
    Target tg;
    tg.id = r.str(t, "target.", "id", true, node);
    const std::string c = "target[" + tg.id + "].";
    if (!ids.insert(tg.id).second)
      throw InputError(r.loc(*t.get("id"), "target.id"), "a unique target id",
                       "\"" + tg.id + "\" a second time");
    r.check_keys(t, c,
                 {"id",
                  "focus_area",
                  "goal",
                  "text_sv",
                  "text_en",
                  "indicator",
                  "group",
                  "kind",
                  "op",
                  "value",
                  "year",
                  "from",
                  "base_year",
                  "groups",
                  "tolerance",
                  "reference_indicator",
                  "reference_group",
                  "reference_value",
                  "no_data",
                  "source",
                  "focus_area_en",
                  "goal_en",
                  "reported_assessment"});
    tg.focus_area = r.str(t, c, "focus_area", false, node);
    tg.goal = r.str(t, c, "goal", false, node);
    tg.focus_area_en = r.str(t, c, "focus_area_en", false, node);
    tg.goal_en = r.str(t, c, "goal_en", false, node);
    tg.text_sv = r.str(t, c, "text_sv", false, node, tg.id);
    tg.text_en = r.str(t, c, "text_en", false, node, tg.text_sv);
    tg.no_data_reason = r.str(t, c, "no_data", false, node);
    tg.source_note = r.str(t, c, "source", false, node);
    const std::string kind = r.str(t, c, "kind", true, node);
    const auto k = target_kind_from_string(kind);
    if (!k)
      throw InputError(r.loc(*t.get("kind"), c + "kind"), "one of " + target_kind_names(),
                       "\"" + kind + "\"");
    tg.kind = *k;
    const TargetKindInfo& info = kind_info(tg.kind);
    tg.series.indicator = r.str(t, c, "indicator", true, node);
    const Indicator* ind = p.find_indicator(tg.series.indicator);
    if (!ind)
      throw InputError(r.loc(*t.get("indicator"), c + "indicator"),
                       "the id of a declared indicator", "\"" + tg.series.indicator + "\"");
    tg.series.group =
        r.str(t, c, "group", false, node, ind->groups.size() == 1 ? ind->groups[0] : "total");
    const bool parity = info.groups == KeyUse::required;  // two groups instead of `group`
    if (!parity) check_target_group(r, t, node, c, *ind, tg.series.group, "group");
    const bool needs_op = info.op == KeyUse::required;
    const std::string op = r.str(t, c, "op", needs_op && tg.no_data_reason.empty(), node, ">=");
    if (op == ">=")
      tg.direction = Direction::at_least;
    else if (op == "<=")
      tg.direction = Direction::at_most;
    else
      throw InputError(r.loc(*t.get("op"), c + "op"), "\">=\" or \"<=\"", "\"" + op + "\"");
    if (info.direction) tg.direction = *info.direction;
    const bool no_data = !tg.no_data_reason.empty();
    tg.year = *r.integer(t, c, "year", true, node, 1900, 2200);
    if (info.value != KeyUse::ignored)
      tg.value =
          r.num(t, c, "value", info.value == KeyUse::required && !no_data, node).value_or(0.0);
    if (info.shape == TargetShape::relative_change && !no_data && tg.value <= -1.0 &&
        tg.direction == Direction::at_most)
      throw InputError(r.loc(*t.get("value"), c + "value"),
                       "a relative change above -1 (-0.70 means -70 %)",
                       format_double(tg.value) + ", which no positive quantity can reach",
                       "A relative change of -100 % or less is impossible; for net zero use "
                       "e.g. value = -0.85 with the allowed remainder.");
    if (info.shape == TargetShape::relative_change && !no_data && tg.value > 10.0)
      throw InputError(r.loc(*t.get("value"), c + "value"),
                       "a relative change as a fraction (0.05 = +5 %, -0.70 = -70 %)",
                       relative_change_text(tg.value),
                       "A relative change above +1000 % is almost always a mistake: which was "
                       "meant? A change in the indicator's own unit (\"+650 invånare\") is "
                       "written kind = \"absolute_change\" with value = 650; a relative change "
                       "of +6.5 % is value = 0.065.");
    if (info.from != KeyUse::ignored) {
      tg.from_year =
          r.integer(t, c, "from", info.from == KeyUse::required && !no_data, node, 1900, 2200)
              .value_or(tg.year);
      if (tg.from_year > tg.year)
        throw InputError(r.loc(*t.get("from"), c + "from"), "from <= year",
                         std::to_string(tg.from_year) + " > " + std::to_string(tg.year));
    }
    tg.base_year = r.integer(t, c, "base_year", info.base_year == KeyUse::required && !no_data,
                             node, 1900, 2200);
    tg.tolerance = r.num(t, c, "tolerance", false, node).value_or(0.0);
    if (tg.tolerance < 0)
      throw InputError(r.loc(*t.get("tolerance"), c + "tolerance"), "a tolerance >= 0",
                       format_double(tg.tolerance));
    read_target_comparison(r, t, node, c, p, *ind, no_data, tg);
    if (tg.base_year && *tg.base_year > tg.year)
      throw InputError(r.loc(*t.get("base_year"), c + "base_year"),
                       "a base year before the target year",
                       std::to_string(*tg.base_year) + " > " + std::to_string(tg.year));
    tg.reported = read_reported(r, t, c, tg);
    p.targets.push_back(std::move(tg));
  }
}

// --- Structure: breaks, drivers, components, breakdowns (second pass over [[indicator]]) -----
// Kept apart from read_indicators so that it can refer to indicators declared later.

SeriesRef read_ref(const Reader& r, const Project& p, const toml::node& n, const std::string& key,
                   const std::string& indicator, const std::string& group) {
  const Indicator* ind = p.find_indicator(indicator);
  if (!ind)
    throw InputError(r.loc(n, key), "the id of a declared indicator", "\"" + indicator + "\"");
  std::string g = group;
  if (g.empty()) g = ind->groups.size() == 1 ? ind->groups[0] : "total";
  if (std::find(ind->groups.begin(), ind->groups.end(), g) == ind->groups.end())
    throw InputError(r.loc(n, key), "a group of indicator '" + indicator + "'", "\"" + g + "\"");
  return SeriesRef{indicator, g};
}

std::string own_group(const Reader& r, const Indicator& ind, const toml::table& t,
                      const std::string& c, const toml::node& owner) {
  std::string g =
      r.str(t, c, "group", false, owner, ind.groups.size() == 1 ? ind.groups[0] : "total");
  if (std::find(ind.groups.begin(), ind.groups.end(), g) == ind.groups.end())
    throw InputError(r.loc(t.get("group") ? *t.get("group") : owner, c + "group"),
                     "a group of indicator '" + ind.id + "'", "\"" + g + "\"");
  return g;
}

void read_structure(const Reader& r, const toml::table& root, Project& p) {
  const toml::node* arr = root.get("indicator");
  if (!arr) return;
  std::size_t i = 0;
  for (const auto& node : *arr->as_array()) {
    const toml::table& t = *node.as_table();
    Indicator& ind = p.indicators[i++];
    const std::string c = "indicator[" + ind.id + "].";
    if (const toml::node* bn = t.get("breaks")) {
      const toml::array* ba = bn->as_array();
      if (!ba || !ba->is_array_of_tables())
        throw InputError(r.loc(*bn, c + "breaks"), "[[indicator.breaks]] tables", "something else");
      for (const auto& b : *ba) {
        const toml::table& bt = *b.as_table();
        const std::string bc = c + "breaks.";
        r.check_keys(bt, bc, {"year", "type", "group", "note"});
        StructuralBreak sb;
        sb.year = *r.integer(bt, bc, "year", true, b, 1000, 3000);
        const std::string type = r.str(bt, bc, "type", true, b);
        if (type == "outlier")
          sb.kind = StructuralBreak::Kind::outlier;
        else if (type == "level_shift")
          sb.kind = StructuralBreak::Kind::level_shift;
        else
          throw InputError(r.loc(*bt.get("type"), bc + "type"), "\"outlier\" or \"level_shift\"",
                           "\"" + type + "\"");
        if (bt.get("group")) sb.group = own_group(r, ind, bt, bc, b);
        sb.note = r.str(bt, bc, "note", false, b);
        ind.breaks.push_back(sb);
      }
    }
    if (const toml::node* dn = t.get("driver")) {
      const toml::table& dt = as_table(r, *dn, c + "driver");
      const std::string dc = c + "driver.";
      r.check_keys(dt, dc, {"group", "indicator", "driver_group", "transform", "min_overlap"});
      DriverSpec d;
      d.group = own_group(r, ind, dt, dc, *dn);
      const std::string di = r.str(dt, dc, "indicator", true, *dn);
      d.driver = read_ref(r, p, dt.get("indicator") ? *dt.get("indicator") : *dn, dc + "indicator",
                          di, r.str(dt, dc, "driver_group", false, *dn));
      const std::string tr = r.str(dt, dc, "transform", false, *dn, "level");
      if (tr == "difference")
        d.difference = true;
      else if (tr != "level")
        throw InputError(r.loc(*dt.get("transform"), dc + "transform"),
                         "\"level\" or \"difference\"", "\"" + tr + "\"");
      d.min_overlap = r.integer(dt, dc, "min_overlap", false, *dn, 3, 1000).value_or(5);
      if (d.driver == SeriesRef{ind.id, d.group})
        throw InputError(r.loc(*dn, dc + "indicator"), "a driver other than the series itself",
                         d.driver.indicator + "/" + d.driver.group);
      ind.driver = d;
    }
    if (const toml::node* cn = t.get("components")) {
      const toml::table& ct = as_table(r, *cn, c + "components");
      const std::string cc = c + "components.";
      r.check_keys(ct, cc, {"group", "parts", "accumulate"});
      ComponentsSpec cs;
      cs.group = own_group(r, ind, ct, cc, *cn);
      if (const toml::node* an = ct.get("accumulate")) {
        if (!an->is_boolean())
          throw InputError(r.loc(*an, cc + "accumulate"), "true or false",
                           std::string("a ") + toml_type_name(*an));
        cs.accumulate = *an->value<bool>();
      }
      const auto parts = r.str_array(ct, cc, "parts");
      if (parts.empty())
        throw InputError(r.loc(*cn, cc + "parts"),
                         "a list such as [\"births\", \"-deaths\", \"net_migration\"]", "none");
      for (std::string s : parts) {
        ComponentSpec cp;
        if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
          cp.sign = s[0] == '-' ? -1.0 : 1.0;
          s = s.substr(1);
        }
        const auto slash = s.find('/');
        const std::string pi = s.substr(0, slash);
        const std::string pg = slash == std::string::npos ? "" : s.substr(slash + 1);
        cp.series = read_ref(r, p, *ct.get("parts"), cc + "parts", pi, pg);
        if (cp.series == SeriesRef{ind.id, cs.group})
          throw InputError(r.loc(*ct.get("parts"), cc + "parts"),
                           "components other than the total itself", "\"" + s + "\"");
        cs.parts.push_back(cp);
      }
      ind.components = cs;
    }
    if (const toml::node* kn = t.get("breakdown")) {
      const toml::table& kt = as_table(r, *kn, c + "breakdown");
      const std::string kc = c + "breakdown.";
      r.check_keys(kt, kc, {"total", "parts"});
      BreakdownSpec b;
      b.total = r.str(kt, kc, "total", false, *kn, "total");
      b.parts = r.str_array(kt, kc, "parts");
      auto has = [&](const std::string& g) {
        return std::find(ind.groups.begin(), ind.groups.end(), g) != ind.groups.end();
      };
      if (!has(b.total))
        throw InputError(r.loc(kt.get("total") ? *kt.get("total") : *kn, kc + "total"),
                         "a group of indicator '" + ind.id + "'", "\"" + b.total + "\"");
      if (b.parts.size() < 2)
        throw InputError(r.loc(kt.get("parts") ? *kt.get("parts") : *kn, kc + "parts"),
                         "at least two groups that add up to the total",
                         std::to_string(b.parts.size()) + " group(s)");
      for (const auto& g : b.parts)
        if (!has(g) || g == b.total)
          throw InputError(r.loc(*kt.get("parts"), kc + "parts"),
                           "groups of indicator '" + ind.id + "' other than the total",
                           "\"" + g + "\"");
      ind.breakdown = b;
    }
    if (ind.driver && ind.components && ind.driver->group == ind.components->group)
      throw InputError(r.loc(node, c + "driver"), "either a driver or components for a series",
                       "both for group '" + ind.driver->group + "'");
  }
}

}  // namespace

const Indicator* Project::find_indicator(const std::string& id) const {
  for (const auto& i : indicators)
    if (i.id == id) return &i;
  return nullptr;
}

const Series* Project::find_series(const SeriesRef& r) const {
  auto it = data.find({r.indicator, r.group});
  return it == data.end() ? nullptr : &it->second;
}

Project load_project(const std::string& path) {
  FetchOptions sources;
  sources.cache = CacheMode::offline;
  return load_project(path, sources);
}

Project load_project(const std::string& path, const FetchOptions& sources) {
  Project p;
  p.sources = sources;
  p.path = path;
  p.dir = fs::path(path).parent_path().string();
  if (p.dir.empty()) p.dir = ".";
  const std::string text = read_text_file(path, kMaxProjectBytes, &p.notices);
  // Key parts and nesting are limited before toml++ parses (it recurses on them).
  const toml::table root = detail::parse_toml(text, path);
  Reader r(path);
  for (const auto& [k, v] : root) {
    const std::string_view key = k.str();
    if (key != "project" && key != "indicator" && key != "target" && key != "scenario" &&
        key != "lever")
      throw InputError(r.loc(v, std::string(key)),
                       "one of [project], [[indicator]], [[target]], [[scenario]], [[lever]]",
                       "unknown section '" + std::string(key) + "'");
  }
  read_options(r, root, p);
  read_indicators(r, root, p);
  read_targets(r, root, p);
  read_structure(r, root, p);
  check_regions(p);
  int last_target = 0;
  for (const auto& t : p.targets) last_target = std::max(last_target, t.year);
  p.options.horizon_end = std::max(p.options.horizon_end, last_target);
  // Derive "better" from targets where not declared.
  for (auto& ind : p.indicators) {
    if (ind.better != 0) continue;
    for (const auto& t : p.targets) {
      if (t.series.indicator != ind.id) continue;
      // A direction fixed by the kind, or the `op` of a kind that compares with a threshold.
      const TargetKindInfo& info = kind_info(t.kind);
      if (info.direction)
        ind.better = *info.direction == Direction::at_least ? 1 : -1;
      else if (info.op == KeyUse::required)
        ind.better = t.direction == Direction::at_least ? 1 : -1;
      if (ind.better != 0) break;
    }
  }
  // Values must respect declared bounds.
  for (const auto& [key, s] : p.data) {
    const Indicator* ind = p.find_indicator(key.first);
    for (std::size_t i = 0; i < s.years.size(); ++i) {
      const double v = s.values[i];
      if ((ind->bounds.lower && v < *ind->bounds.lower) ||
          (ind->bounds.upper && v > *ind->bounds.upper)) {
        auto g = [](double x) {
          char b[32];
          std::snprintf(b, sizeof b, "%.10g", x);
          return std::string(b);
        };
        const std::string range =
            ind->bounds.lower && ind->bounds.upper
                ? "from " + g(*ind->bounds.lower) + " to " + g(*ind->bounds.upper)
            : ind->bounds.lower ? "of at least " + g(*ind->bounds.lower)
                                : "of at most " + g(*ind->bounds.upper);
        throw InputError(
            Location{s.provenance.source.empty() ? path : s.provenance.source, 0, 0, "value"},
            "values of " + key.first + "/" + key.second + " " + range + " (kind '" +
                std::string(to_string(ind->kind)) + "', or the indicator's lower/upper)",
            g(v) + " in " + std::to_string(s.years[i]),
            v < 0 && ind->bounds.lower && *ind->bounds.lower == 0.0
                ? "A " + std::string(to_string(ind->kind)) +
                      " is non-negative unless the indicator says otherwise. If this one can be "
                      "negative (net migration, a net change, a balance), declare its lower "
                      "bound on the [[indicator]], e.g. lower = -100000 (docs/project-format.md, "
                      "\"Indicator kinds\")."
                : std::string());
      }
    }
  }
  return p;
}

}  // namespace utsikt
