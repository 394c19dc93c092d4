// [indicator.cohort]: the cohort-component model in a project file.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>

#include "cohort_internal.hpp"
#include "utsikt/engine/cohort.hpp"
#include "utsikt/error.hpp"
#include "utsikt/number.hpp"

namespace fs = std::filesystem;

namespace utsikt {
namespace {

using demography::AgeGroup;
using demography::kMaxAge;

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "20-64", "17–24", "65+", "65-", "100+", "0-100+", "5" -> [from, to]; false if not ages.
bool parse_ages(std::string text, int& from, int& to) {
  for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"})  // en and em dash
    for (std::size_t at; (at = text.find(dash)) != std::string::npos;)
      text.replace(at, dash.size(), "-");
  if (text.size() > 3 && text.ends_with("år")) text.resize(text.size() - 3);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  auto number = [](const std::string& s, int& v) {
    if (s.empty() || s.size() > 3) return false;
    for (char c : s)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = std::stoi(s);
    return v <= kMaxAge;
  };
  std::string a = text, b;
  bool open = false;
  if (const auto dash = text.find('-'); dash != std::string::npos) {
    a = text.substr(0, dash);
    b = text.substr(dash + 1);
    if (b.empty()) open = true;
  } else if (text.ends_with("+")) {
    a = text.substr(0, text.size() - 1);
    open = true;
  }
  if (b.ends_with("+")) b.pop_back();
  if (!number(a, from)) return false;
  if (open) {
    to = kMaxAge;
  } else if (b.empty()) {
    to = from;
  } else if (!number(b, to)) {
    return false;
  }
  return from <= to;
}

int parse_sex(const std::string& w) {
  if (w == "kvinnor" || w == "women" || w == "female" || w == "females" || w == "k" ||
      w == "flickor" || w == "girls")
    return 0;
  if (w == "män" || w == "men" || w == "male" || w == "males" || w == "m" || w == "pojkar" ||
      w == "boys")
    return 1;
  return -1;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string resolve(const Project& p, const std::string& file) {
  if (file.empty()) return file;
  return (fs::path(p.dir) / file).lexically_normal().string();
}

AgeGroup read_group_value(const detail::TomlReader& r, const toml::node& v, const std::string& key,
                          const std::string& name, std::optional<AgeGroup>& per) {
  AgeGroup g;
  g.id = name;
  if (v.is_string()) {
    const auto parsed = parse_age_sex_group(*v.value<std::string>());
    if (!parsed)
      throw InputError(r.loc(v, key),
                       "an age and sex group such as \"total\", \"kvinnor\", \"20-64\", \"65+\" "
                       "or \"kvinnor 17-24\"",
                       "\"" + *v.value<std::string>() + "\"");
    g = *parsed;
    g.id = name;
    return g;
  }
  if (!v.is_table())
    throw InputError(r.loc(v, key), "a table { sex = ..., ages = ..., per = ... } or a text",
                     std::string("a ") + detail::toml_type_name(v));
  const toml::table& t = *v.as_table();
  r.check_keys(t, key + ".", {"sex", "ages", "per", "per_sex"});
  const std::string c = key + ".";
  const std::string sex = lower_ascii(r.str(t, c, "sex", false, v, "both"));
  if (sex != "both" && sex != "alla" && sex != "total") {
    g.sex = parse_sex(sex);
    if (g.sex < 0)
      throw InputError(r.loc(r.at(t, "sex", v), c + "sex"), "\"kvinnor\", \"män\" or \"both\"",
                       "\"" + sex + "\"");
  }
  const std::string ages = r.str(t, c, "ages", false, v, "0-100+");
  if (!parse_ages(ages, g.age_from, g.age_to))
    throw InputError(r.loc(r.at(t, "ages", v), c + "ages"),
                     "ages such as \"20-64\", \"65+\" or \"17\" (0 to 100+)", "\"" + ages + "\"");
  if (t.get("per") || t.get("per_sex")) {
    AgeGroup d;
    d.id = name + "/per";
    const std::string pa = r.str(t, c, "per", false, v, ages);
    if (pa == "all" || pa == "alla" || pa == "total") {
      d.age_from = 0;
      d.age_to = kMaxAge;
    } else if (!parse_ages(pa, d.age_from, d.age_to)) {
      throw InputError(r.loc(r.at(t, "per", v), c + "per"),
                       "the ages of the denominator, e.g. \"17-24\" or \"all\"", "\"" + pa + "\"");
    }
    const std::string ps = lower_ascii(r.str(t, c, "per_sex", false, v, "both"));
    if (ps != "both" && ps != "alla" && ps != "total") {
      d.sex = parse_sex(ps);
      if (d.sex < 0)
        throw InputError(r.loc(r.at(t, "per_sex", v), c + "per_sex"),
                         "\"kvinnor\", \"män\" or \"both\"", "\"" + ps + "\"");
    }
    per = d;
  }
  return g;
}

void read_cohort_groups(const detail::TomlReader& r, const toml::table& ct, const toml::node& node,
                        const std::string& c, Indicator& ind) {
  CohortSpec& spec = *ind.cohort;
  const toml::table* gt = nullptr;
  if (const toml::node* gn = ct.get("groups")) {
    gt = gn->as_table();
    if (!gt)
      throw InputError(r.loc(*gn, c + "groups"), "a table [indicator.cohort.groups]",
                       std::string("a ") + detail::toml_type_name(*gn));
    for (const auto& [k, v] : *gt)
      if (std::find(ind.groups.begin(), ind.groups.end(), std::string(k.str())) == ind.groups.end())
        throw InputError(r.loc(v, c + "groups." + std::string(k.str())),
                         "a group listed in the indicator's groups",
                         "\"" + std::string(k.str()) + "\"");
  }
  const bool share = ind.kind == IndicatorKind::share;
  for (const std::string& g : ind.groups) {
    CohortGroup cg;
    cg.group = g;
    const toml::node* v = gt ? gt->get(g) : nullptr;
    if (v) {
      cg.count = read_group_value(r, *v, c + "groups." + g, g, cg.per);
    } else if (auto parsed = parse_age_sex_group(g)) {
      cg.count = *parsed;
      cg.count.id = g;
    } else {
      throw InputError(r.loc(node, c + "groups"),
                       "for group \"" + g +
                           "\": a name that says the ages and sex (\"total\", \"kvinnor\", "
                           "\"20-64\", \"kvinnor 17-24\") or an entry in [indicator.cohort.groups]",
                       "neither");
    }
    if (share && !cg.per) {  // default denominator: both sexes of the same ages
      AgeGroup d = cg.count;
      d.id = g + "/per";
      d.sex = -1;
      cg.per = d;
    }
    if (!share && cg.per)
      throw InputError(r.loc(node, c + "groups." + g),
                       "'per' only for an indicator of kind \"share\" (a percentage)",
                       "kind " + std::string(to_string(ind.kind)));
    spec.groups.push_back(cg);
  }
}

}  // namespace

std::optional<AgeGroup> parse_age_sex_group(std::string_view text) {
  AgeGroup g;
  g.id = std::string(text);
  bool any = false;
  for (const std::string& w : words(lower_ascii(text))) {
    if (w == "total" || w == "alla" || w == "all" || w == "both") {
      any = true;
      continue;
    }
    if (const int s = parse_sex(w); s >= 0) {
      if (g.sex >= 0 && g.sex != s) return std::nullopt;
      g.sex = s;
      any = true;
      continue;
    }
    if (w == "år" || w == "aged" || w == "years") continue;
    int a = 0, b = 0;
    if (!parse_ages(w, a, b)) return std::nullopt;
    g.age_from = a;
    g.age_to = b;
    any = true;
  }
  if (!any) return std::nullopt;
  return g;
}

std::string describe_age_group(const AgeGroup& g, bool sv) {
  std::string s = g.sex == 0 ? (sv ? "kvinnor" : "women") : g.sex == 1 ? (sv ? "män" : "men") : "";
  std::string ages;
  if (g.age_from == 0 && g.age_to == kMaxAge)
    ages = "";
  else if (g.age_to == kMaxAge)
    ages = std::to_string(g.age_from) + "+";
  else if (g.age_from == g.age_to)
    ages = std::to_string(g.age_from);
  else
    ages = std::to_string(g.age_from) + "–" + std::to_string(g.age_to);
  if (ages.empty()) return s.empty() ? (sv ? "alla" : "everyone") : s;
  if (s.empty()) return sv ? ages + " år" : "aged " + ages;
  return sv ? s + " " + ages + " år" : s + " aged " + ages;
}

void read_cohort(const detail::TomlReader& r, const toml::table& ct, const toml::node& node,
                 const std::string& ctx, Project& p, Indicator& ind) {
  const std::string c = ctx + "cohort.";
  r.check_keys(ct, c,
               {"of", "population", "births", "deaths", "totals", "components", "regions", "region",
                "components_region", "fit_from", "base_year", "observed_to", "rate_years",
                "pyramid_years", "groups"});
  ind.cohort.emplace();
  CohortSpec& spec = *ind.cohort;
  spec.of = r.str(ct, c, "of", false, node);
  if (spec.of.empty()) {
    spec.files.population = resolve(p, r.str(ct, c, "population", true, node));
    spec.files.births = resolve(p, r.str(ct, c, "births", false, node));
    spec.files.deaths = resolve(p, r.str(ct, c, "deaths", false, node));
    spec.files.totals = resolve(p, r.str(ct, c, "totals", false, node));
    spec.files.components = resolve(p, r.str(ct, c, "components", false, node));
    spec.files.regions = resolve(p, r.str(ct, c, "regions", false, node));
    spec.files.region = r.str(ct, c, "region", true, node);
    spec.files.components_region = r.str(ct, c, "components_region", false, node);
    if (auto v = r.integer(ct, c, "fit_from", false, node, 0, 2200)) spec.fit.fit_from = *v;
    if (auto v = r.integer(ct, c, "base_year", false, node, 0, 2200)) spec.fit.base_year = *v;
    if (auto v = r.integer(ct, c, "observed_to", false, node, 0, 2200)) spec.fit.observed_to = *v;
    if (auto v = r.integer(ct, c, "rate_years", false, node, 1, 100)) spec.fit.rate_years = *v;
    if (const toml::node* pn = ct.get("pyramid_years")) {
      const toml::array* a = pn->as_array();
      if (!a)
        throw InputError(r.loc(*pn, c + "pyramid_years"), "a list of years, e.g. [2030, 2040]",
                         std::string("a ") + detail::toml_type_name(*pn));
      for (const auto& y : *a) {
        const auto v = y.value<std::int64_t>();
        if (!v || *v < 1900 || *v > 2200)
          throw InputError(r.loc(y, c + "pyramid_years"), "a year from 1900 to 2200",
                           std::string("a ") + detail::toml_type_name(y));
        spec.pyramid_years.push_back(static_cast<int>(*v));
      }
    }
  } else {
    for (const char* k : {"population", "births", "deaths", "totals", "components", "regions",
                          "region", "components_region", "fit_from", "base_year", "observed_to",
                          "rate_years", "pyramid_years"})
      if (const toml::node* n = ct.get(k))
        throw InputError(r.loc(*n, c + k),
                         "no data or fit keys beside 'of' (they belong to '" + spec.of + "')",
                         std::string("'") + k + "'");
  }
  read_cohort_groups(r, ct, node, c, ind);
  if (!spec.of.empty()) return;
  // The model is fitted in finish_cohorts, once the observations of every indicator on it are in.
  auto data = std::make_shared<demography::CohortData>(demography::read_cohort_data(spec.files));
  for (const Diagnostic& d : data->notes) p.notices.push_back(d);
  spec.data = std::move(data);
}

namespace {

double group_value(const demography::AgeSex& pop, const CohortGroup& g) {
  const double n = pop.sum(g.count.sex, g.count.age_from, g.count.age_to);
  if (!g.per) return n;
  const double d = pop.sum(g.per->sex, g.per->age_from, g.per->age_to);
  return d > 0 ? 100.0 * n / d : std::numeric_limits<double>::quiet_NaN();
}

bool is_everyone(const CohortGroup& g) {
  return !g.per && g.count.sex < 0 && g.count.age_from == 0 && g.count.age_to == kMaxAge;
}

// Observed values of a cohort group without data of its own.
Series computed_series(const Indicator& ind, const CohortGroup& g, const CohortSpec& owner) {
  Series s;
  s.indicator = ind.id;
  s.group = g.group;
  const demography::CohortModel& m = *owner.model;
  std::map<int, std::pair<double, std::string>> values;
  for (const auto& [year, pop] : owner.data->population) {
    if (year > m.jump_off) continue;
    const double v = group_value(pop, g);
    if (std::isfinite(v)) values[year] = {v, "age data: " + owner.files.population};
  }
  if (is_everyone(g))
    for (const auto& [year, v] : m.observed_totals)
      values[year] = {v, owner.files.totals.empty() ? "age data" : owner.files.totals};
  s.provenance.source = owner.files.population;
  for (const auto& [year, v] : values) {
    s.years.push_back(year);
    s.values.push_back(v.first);
    s.sources.push_back(v.second);
  }
  return s;
}

std::string observation_label(const CohortGroup& g) {
  const std::string count = describe_age_group(g.count, false);
  return g.per ? count + " (% of " + describe_age_group(*g.per, false) + ")" : count;
}

// The observed values of every group of every indicator on `owner`'s model in the years the
// model brings forward (after the age data, up to the last total): counts and shares, except
// the total of everyone (the totals themselves) and values derived from period totals.
std::vector<demography::GroupObservation> bring_forward_observations(const Project& p,
                                                                     const Indicator& owner) {
  const CohortSpec& os = *owner.cohort;
  const demography::CohortData& d = *os.data;
  const int base = os.fit.base_year ? os.fit.base_year : d.population.rbegin()->first;
  int last = base;
  while (d.totals.count(last + 1)) ++last;
  const int to = os.fit.observed_to ? os.fit.observed_to : last;
  std::vector<demography::GroupObservation> out;
  for (const Indicator& ind : p.indicators) {
    if (!ind.cohort || (ind.cohort->of.empty() ? ind.id : ind.cohort->of) != owner.id) continue;
    for (const CohortGroup& g : ind.cohort->groups) {
      const auto it = p.data.find({ind.id, g.group});
      if (is_everyone(g) || it == p.data.end()) continue;
      const Series& s = it->second;
      for (std::size_t i = 0; i < s.years.size(); ++i) {
        if (s.years[i] <= base || s.years[i] > to || s.derived(i) || !std::isfinite(s.values[i]))
          continue;
        demography::GroupObservation o{s.years[i], g.count, g.per, s.values[i], ""};
        o.count.id = observation_label(g);
        o.source = ind.id + "." + g.group;
        out.push_back(o);
      }
    }
  }
  return out;
}

}  // namespace

void finish_cohorts(const detail::TomlReader& r, Project& p) {
  for (Indicator& ind : p.indicators) {
    if (!ind.cohort || ind.cohort->of.empty()) continue;
    const Indicator* owner = p.find_indicator(ind.cohort->of);
    if (!owner || !owner->cohort || !owner->cohort->of.empty())
      throw InputError(Location{r.file(), 0, 0, "indicator[" + ind.id + "].cohort.of"},
                       "the id of an indicator that has its own cohort model (with "
                       "population = ...)",
                       "\"" + ind.cohort->of + "\"");
  }
  // Fit every model with the observations of the indicators on it (bring-forward constraints).
  for (Indicator& ind : p.indicators) {
    if (!ind.cohort || !ind.cohort->of.empty()) continue;
    CohortSpec& spec = *ind.cohort;
    spec.fit.observations = bring_forward_observations(p, ind);
    spec.model = std::make_shared<const demography::CohortModel>(
        demography::fit_cohort(*spec.data, spec.fit));
  }
  for (Indicator& ind : p.indicators) {
    if (!ind.cohort) continue;
    const Indicator* owner = ind.cohort->of.empty() ? &ind : p.find_indicator(ind.cohort->of);
    const CohortSpec& os = *owner->cohort;
    const demography::CohortModel& m = *os.model;
    for (const CohortGroup& g : ind.cohort->groups) {
      auto it = p.data.find({ind.id, g.group});
      if (it == p.data.end() || it->second.empty()) {
        p.data[{ind.id, g.group}] = computed_series(ind, g, os);
        it = p.data.find({ind.id, g.group});
      }
      Series& s = it->second;
      if (s.years.back() >= m.jump_off) continue;
      // The population at the jump-off is the model's estimate (age data brought forward to the
      // last observed total, demography/cohort.hpp); it joins the series as its latest value so
      // that the projection starts where the model starts.
      const double v = group_value(m.jump_off_population, g);
      if (!std::isfinite(v)) continue;
      s.years.push_back(m.jump_off);
      s.values.push_back(v);
      s.sources.resize(s.years.size() - 1);
      s.sources.push_back("estimate: age structure brought forward to " +
                          std::to_string(m.jump_off) + " by the cohort model");
      s.engine_sources[m.jump_off] = {
          Severity::info, "source.cohort_estimate", s.sources.back(), {std::to_string(m.jump_off)}};
    }
  }
}

}  // namespace utsikt
