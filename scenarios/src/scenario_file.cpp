// Reading [[scenario]] and [[lever]] tables (TOML). Every error names file, line, column, key,
// what was expected and what was found, like the project loader.
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "utsikt/csv.hpp"
#include "utsikt/engine/cohort.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/error.hpp"
#include "utsikt/number.hpp"
#include "utsikt/scenarios/scenario.hpp"
#include "utsikt/toml_reader.hpp"

namespace fs = std::filesystem;

namespace utsikt {
namespace {

using Reader = detail::TomlReader;
using detail::toml_type_name;
using detail::valid_id;

Quantity read_quantity(const Reader& r, const toml::node& n, const std::string& key) {
  Quantity q;
  if (!n.is_table()) {
    q.a = r.number(n, key);
    return q;
  }
  const toml::table& t = *n.as_table();
  const std::string c = key + ".";
  r.check_keys(t, c, {"dist", "min", "max", "mode", "mean", "sd"});
  const std::string d = r.str(t, c, "dist", true, n);
  if (d == "uniform" || d == "triangular") {
    q.dist = d == "uniform" ? Quantity::Dist::uniform : Quantity::Dist::triangular;
    q.a = *r.num(t, c, "min", true, n);
    q.b = *r.num(t, c, "max", true, n);
    if (!(q.a < q.b))
      throw InputError(r.loc(n, c + "max"), "min < max",
                       std::to_string(q.a) + " >= " + std::to_string(q.b));
    if (q.dist == Quantity::Dist::triangular) {
      q.c = *r.num(t, c, "mode", true, n);
      if (q.c < q.a || q.c > q.b)
        throw InputError(r.loc(r.at(t, "mode", n), c + "mode"), "min <= mode <= max",
                         std::to_string(q.c));
    }
    r.check_keys(t, c, {"dist", "min", "max", "mode"});
    if (q.dist == Quantity::Dist::uniform && t.get("mode"))
      throw InputError(r.loc(*t.get("mode"), c + "mode"), "no mode for a uniform distribution",
                       "a mode");
  } else if (d == "normal") {
    q.dist = Quantity::Dist::normal;
    r.check_keys(t, c, {"dist", "mean", "sd"});
    q.a = *r.num(t, c, "mean", true, n);
    q.b = *r.num(t, c, "sd", true, n);
    if (!(q.b > 0))
      throw InputError(r.loc(r.at(t, "sd", n), c + "sd"), "a standard deviation > 0",
                       std::to_string(q.b));
  } else {
    throw InputError(r.loc(r.at(t, "dist", n), c + "dist"),
                     "\"uniform\", \"normal\" or \"triangular\"", "\"" + d + "\"");
  }
  return q;
}

SeriesRef read_series(const Reader& r, const Project& p, const toml::table& t, const std::string& c,
                      const toml::node& owner) {
  const std::string id = r.str(t, c, "indicator", true, owner);
  const Indicator* ind = p.find_indicator(id);
  if (!ind)
    throw InputError(r.loc(r.at(t, "indicator", owner), c + "indicator"),
                     "the id of a declared indicator", "\"" + id + "\"");
  std::string g = r.str(t, c, "group", false, owner);
  if (g.empty()) {
    if (ind->groups.size() == 1)
      g = ind->groups[0];
    else if (std::find(ind->groups.begin(), ind->groups.end(), "total") != ind->groups.end())
      g = "total";
    else
      throw InputError(r.loc(owner, c + "group"), "a group (the indicator has several)", "none");
  }
  if (std::find(ind->groups.begin(), ind->groups.end(), g) == ind->groups.end()) {
    std::string list;
    for (auto& x : ind->groups) list += (list.empty() ? "" : ", ") + x;
    throw InputError(r.loc(r.at(t, "group", owner), c + "group"),
                     "a group of indicator '" + id + "' (" + list + ")", "\"" + g + "\"");
  }
  return {id, g};
}

// The keys of component changes (types migrants, fertility, life_expectancy, jobs): only on an
// indicator with a cohort model; `ages` for migrants, the jobs recipe for jobs.
void read_component_keys(const Reader& r, const Project& p, const toml::table& t,
                         const std::string& c, const toml::node& owner, Intervention& iv) {
  const bool comp = is_component_type(iv.type);
  if (comp && cohort_owner(p, iv.series.indicator).empty())
    throw InputError(r.loc(r.at(t, "type", owner), c + "type"),
                     "a component change (" + std::string(to_string(iv.type)) +
                         ") on an indicator with method = \"cohort\"",
                     "indicator '" + iv.series.indicator + "'");
  if (const toml::node* an = t.get("ages")) {
    if (iv.type != InterventionType::migrants)
      throw InputError(r.loc(*an, c + "ages"), "'ages' only for type = \"migrants\"",
                       "type " + std::string(to_string(iv.type)));
    const std::string text = r.str(t, c, "ages", true, owner);
    iv.ages = parse_age_sex_group(text);
    if (!iv.ages)
      throw InputError(r.loc(*an, c + "ages"),
                       "ages and sex such as \"20-39\", \"kvinnor 20-39\" or \"65+\"",
                       "\"" + text + "\"");
  }
  for (const char* k : {"movers_per_job", "family_per_mover"}) {
    const toml::node* n = t.get(k);
    if (!n) continue;
    if (iv.type != InterventionType::jobs)
      throw InputError(r.loc(*n, c + k), std::string("'") + k + "' only for type = \"jobs\"",
                       "type " + std::string(to_string(iv.type)));
    const double v = r.number(*n, c + k);
    const double hi = std::string(k) == "movers_per_job" ? 1.0 : 10.0;
    if (!(v >= 0 && v <= hi))
      throw InputError(r.loc(*n, c + k), "a number from 0 to " + std::to_string(int(hi)),
                       std::to_string(v));
    (std::string(k) == "movers_per_job" ? iv.movers_per_job : iv.family_per_mover) = v;
  }
}

// The keys shared by an intervention and a lever; `lever` = the value is searched for.
Intervention read_intervention(const Reader& r, const Project& p, const toml::table& t,
                               const std::string& c, const toml::node& owner, bool lever) {
  Intervention iv;
  iv.series = read_series(r, p, t, c, owner);
  const std::string type = r.str(t, c, "type", true, owner);
  const auto ty = intervention_type_from_string(type);
  if (!ty)
    throw InputError(r.loc(r.at(t, "type", owner), c + "type"),
                     "one of shift, trend, growth, path, ramp, ramp_to, cap, floor, migrants, "
                     "fertility, life_expectancy, jobs",
                     "\"" + type + "\"");
  iv.type = *ty;
  if (lever && iv.type != InterventionType::shift && iv.type != InterventionType::trend &&
      iv.type != InterventionType::growth && iv.type != InterventionType::ramp &&
      !is_component_type(iv.type))
    throw InputError(r.loc(r.at(t, "type", owner), c + "type"),
                     "a lever type whose effect grows with its value: shift, trend, growth, ramp, "
                     "migrants, fertility, life_expectancy or jobs",
                     "\"" + type + "\"");
  read_component_keys(r, p, t, c, owner, iv);
  iv.note = r.str(t, c, "note", false, owner);
  const std::string unit = r.str(t, c, "unit", false, owner, "absolute");
  if (unit == "percent")
    iv.percent = true;
  else if (unit != "absolute")
    throw InputError(r.loc(r.at(t, "unit", owner), c + "unit"), "\"absolute\" or \"percent\"",
                     "\"" + unit + "\"");
  if (iv.percent && iv.type != InterventionType::shift && iv.type != InterventionType::ramp)
    throw InputError(r.loc(r.at(t, "unit", owner), c + "unit"),
                     "unit = \"percent\" only for shift and ramp", "type " + type);
  if (iv.type == InterventionType::path) {
    const toml::node* vn = t.get("values");
    if (!vn || !vn->is_table())
      throw InputError(r.loc(vn ? *vn : owner, c + "values"),
                       "a table of years and values, e.g. values = { 2025 = 12, 2030 = 15 }",
                       vn ? std::string("a ") + toml_type_name(*vn) : "it is missing");
    for (const auto& [k, v] : *vn->as_table()) {
      const std::string ks(k.str());
      const ParsedNumber yn = parse_number(ks);
      if (yn.status != NumberStatus::ok || yn.value != std::floor(yn.value) || yn.value < 1900 ||
          yn.value > 2200)
        throw InputError(r.loc(v, c + "values"), "a year from 1900 to 2200 as key",
                         "\"" + ks + "\"");
      iv.points.emplace_back(static_cast<int>(yn.value), r.number(v, c + "values." + ks));
    }
    if (iv.points.empty())
      throw InputError(r.loc(*vn, c + "values"), "at least one year and value", "an empty table");
    std::sort(iv.points.begin(), iv.points.end());
    iv.from = iv.points.front().first;
    if (t.get("value") || t.get("from"))
      throw InputError(r.loc(t.get("value") ? *t.get("value") : *t.get("from"), c + "value"),
                       "only 'values' for a path (its first year is where it starts)",
                       "'value' or 'from' as well");
  } else {
    iv.from = *r.year(t, c, "from", true, owner);
    if (t.get("values"))
      throw InputError(r.loc(*t.get("values"), c + "values"), "'values' only for type = \"path\"",
                       "type " + type);
    if (!lever && !t.get("parameter")) {
      const toml::node* vn = t.get("value");
      if (!vn)
        throw InputError(r.loc(owner, c + "value"), "the key 'value' (or 'parameter')",
                         "it is missing");
      iv.value = read_quantity(r, *vn, c + "value");
    }
  }
  if (iv.type == InterventionType::ramp || iv.type == InterventionType::ramp_to ||
      iv.type == InterventionType::life_expectancy) {
    iv.to = *r.year(t, c, "to", true, owner);
    if (iv.to <= iv.from)
      throw InputError(r.loc(r.at(t, "to", owner), c + "to"), "a year after 'from'",
                       std::to_string(iv.to));
  } else if ((iv.type == InterventionType::migrants || iv.type == InterventionType::jobs) &&
             t.get("to")) {
    iv.to = *r.year(t, c, "to", true, owner);
    if (iv.to < iv.from)
      throw InputError(r.loc(*t.get("to"), c + "to"), "a year from 'from' on",
                       std::to_string(iv.to));
  } else if (t.get("to")) {
    throw InputError(r.loc(*t.get("to"), c + "to"),
                     "'to' only for ramp, ramp_to, life_expectancy, migrants and jobs",
                     "type " + type);
  }
  const Indicator* ind = p.find_indicator(iv.series.indicator);
  if (iv.type == InterventionType::growth && iv.value.dist == Quantity::Dist::fixed &&
      iv.value.a < 0)
    throw InputError(r.loc(r.at(t, "value", owner), c + "value"),
                     "a growth multiplier >= 0 (1 = unchanged)", std::to_string(iv.value.a));
  (void)ind;
  return iv;
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The values a quantity can take at its edges (fixed: the value; normal: mean +- 3 sd).
std::pair<double, double> quantity_span(const Quantity& q) {
  switch (q.dist) {
    case Quantity::Dist::fixed:
      return {q.a, q.a};
    case Quantity::Dist::normal:
      return {q.a - 3 * q.b, q.a + 3 * q.b};
    default:
      return {q.a, q.b};
  }
}

// `range = [lo, hi]` of an intervention: two numbers, lo < hi, and the value inside.
std::optional<std::pair<double, double>> read_range(const Reader& r, const toml::table& t,
                                                    const std::string& c, const toml::node& owner) {
  const toml::node* n = t.get("range");
  if (!n) return std::nullopt;
  const toml::array* a = n->as_array();
  if (!a || a->size() != 2)
    throw InputError(r.loc(*n, c + "range"), "two numbers [low, high]",
                     a ? std::to_string(a->size()) + " element(s)" : toml_type_name(*n));
  const double lo = r.number(*a->get(0), c + "range"), hi = r.number(*a->get(1), c + "range");
  if (!(lo < hi))
    throw InputError(r.loc(*n, c + "range"), "low < high",
                     std::to_string(lo) + " >= " + std::to_string(hi));
  (void)owner;
  return std::pair{lo, hi};
}

void check_in_range(const Reader& r, const toml::node& n, const std::string& key, const Quantity& q,
                    double lo, double hi) {
  const auto [a, b] = quantity_span(q);
  if (q.dist == Quantity::Dist::normal) {
    if (q.a < lo || q.a > hi)
      throw InputError(
          r.loc(n, key),
          "a mean within the range [" + format_number(lo) + ", " + format_number(hi) + "]",
          format_number(q.a));
    return;
  }
  if (a < lo || b > hi)
    throw InputError(
        r.loc(n, key),
        "a value within the range [" + format_number(lo) + ", " + format_number(hi) + "]",
        q.describe());
}

std::vector<Parameter> read_parameters(const Reader& r, const toml::table& t, const std::string& c,
                                       const toml::node& owner) {
  std::vector<Parameter> out;
  const toml::node* pn = t.get("parameter");
  if (!pn) return out;
  const toml::array* pa = pn->as_array();
  if (!pa || !pa->is_array_of_tables())
    throw InputError(r.loc(*pn, c + "parameter"), "[[scenario.parameter]] tables",
                     "something else");
  std::set<std::string> ids;
  for (const auto& node : *pa) {
    const toml::table& pt = *node.as_table();
    const std::string pc = c + "parameter.";
    r.check_keys(pt, pc,
                 {"id", "name_sv", "name_en", "unit_sv", "unit_en", "value", "min", "max", "note"});
    Parameter prm;
    prm.id = r.str(pt, pc, "id", true, node);
    if (!valid_id(prm.id) || !ids.insert(prm.id).second)
      throw InputError(r.loc(*pt.get("id"), pc + "id"),
                       "a unique id of lower-case letters, digits, '_' or '-'",
                       "\"" + prm.id + "\"");
    prm.name_sv = r.str(pt, pc, "name_sv", false, node, prm.id);
    prm.name_en = r.str(pt, pc, "name_en", false, node, prm.name_sv);
    prm.unit_sv = r.str(pt, pc, "unit_sv", false, node);
    prm.unit_en = r.str(pt, pc, "unit_en", false, node, prm.unit_sv);
    prm.note = r.str(pt, pc, "note", false, node);
    prm.min = *r.num(pt, pc, "min", true, node);
    prm.max = *r.num(pt, pc, "max", true, node);
    if (!(prm.min < prm.max))
      throw InputError(r.loc(*pt.get("max"), pc + "max"), "min < max",
                       std::to_string(prm.min) + " >= " + std::to_string(prm.max));
    const toml::node* vn = r.get(pt, pc, "value", true, node);
    prm.value = read_quantity(r, *vn, pc + "value");
    check_in_range(r, *vn, pc + "value", prm.value, prm.min, prm.max);
    out.push_back(std::move(prm));
  }
  (void)owner;
  return out;
}

// `parameter = "id"` and `scale` of an intervention: the value comes from the parameter.
void read_link(const Reader& r, const toml::table& t, const std::string& c, const toml::node& owner,
               const std::vector<Parameter>& params, Intervention& iv) {
  const toml::node* pn = t.get("parameter");
  if (!pn) {
    if (const toml::node* sn = t.get("scale"))
      throw InputError(r.loc(*sn, c + "scale"), "'scale' only with 'parameter'", "'scale'");
    if (iv.range && iv.type != InterventionType::path)
      check_in_range(r, r.at(t, "value", owner), c + "value", iv.value, iv.range->first,
                     iv.range->second);
    return;
  }
  iv.parameter = r.str(t, c, "parameter", true, owner);
  const Parameter* prm = nullptr;
  for (const auto& x : params)
    if (x.id == iv.parameter) prm = &x;
  if (!prm) {
    std::string list;
    for (const auto& x : params) list += (list.empty() ? "" : ", ") + x.id;
    throw InputError(r.loc(*pn, c + "parameter"),
                     "the id of a [[scenario.parameter]] of this scenario" +
                         (list.empty() ? std::string(" (it has none)") : " (" + list + ")"),
                     "\"" + iv.parameter + "\"");
  }
  for (const char* k : {"value", "range"})
    if (const toml::node* n = t.get(k))
      throw InputError(r.loc(*n, c + k),
                       "no '" + std::string(k) +
                           "' with 'parameter' (the "
                           "parameter's value and range are used)",
                       "'" + std::string(k) + "'");
  if (iv.type == InterventionType::path)
    throw InputError(r.loc(*pn, c + "parameter"), "a type other than path for a linked value",
                     "type path");
  iv.scale = r.num(t, c, "scale", false, owner).value_or(1.0);
  if (!std::isfinite(iv.scale) || iv.scale == 0)
    throw InputError(r.loc(r.at(t, "scale", owner), c + "scale"), "a non-zero number",
                     std::to_string(iv.scale));
  iv.value = prm->value;
}

// A lever's `variant`: one of the target kind's variants; by default the last one (flow:
// "average").
std::string read_lever_variant(const Reader& r, const Target& tg, const toml::table& t,
                               const std::string& c, const toml::node& node) {
  const TargetKindInfo& k = kind_info(tg.kind);
  const std::string v = r.str(t, c, "variant", false, node, std::string(k.variants.back().name));
  if (variant_index(k, v)) return v;
  if (k.variants.size() == 1) {
    std::string with;  // the kinds that have variants
    for (const auto& x : target_kinds())
      if (x.variants.size() > 1) with += (with.empty() ? "" : ", ") + std::string(x.name);
    throw InputError(r.loc(r.at(t, "variant", node), c + "variant"),
                     "no variant (only " + with + " targets have variants)", "\"" + v + "\"");
  }
  std::string names;  // the default first
  for (auto it = k.variants.rbegin(); it != k.variants.rend(); ++it)
    names += (names.empty() ? "\"" : " or \"") + std::string(it->name) + "\"";
  throw InputError(r.loc(r.at(t, "variant", node), c + "variant"), names, "\"" + v + "\"");
}

void read_file_tables(const Reader& r, const toml::table& root, const Project& p, ScenarioSet& set,
                      std::set<std::string>& scen_ids, std::set<std::string>& lever_ids) {
  if (const toml::node* sn = root.get("scenario")) {
    const toml::array* a = sn->as_array();
    if (!a || !a->is_array_of_tables())
      throw InputError(r.loc(*sn, "scenario"), "[[scenario]] tables", "something else");
    r.check_count(*a, "scenario", "[[scenario]] tables", kMaxScenarios);
    for (const auto& node : *a) {
      const toml::table& t = *node.as_table();
      Scenario s;
      s.source = r.file();
      s.id = r.str(t, "scenario.", "id", true, node);
      const std::string c = "scenario[" + s.id + "].";
      if (!valid_id(s.id) || s.id == "baseline")
        throw InputError(r.loc(*t.get("id"), "scenario.id"),
                         "an id of lower-case letters, digits, '_' or '-' other than 'baseline'",
                         "\"" + s.id + "\"");
      if (!scen_ids.insert(s.id).second)
        throw InputError(r.loc(*t.get("id"), "scenario.id"), "a unique scenario id",
                         "\"" + s.id + "\" a second time");
      r.check_keys(t, c,
                   {"id", "name_sv", "name_en", "description_sv", "description_en", "parameter",
                    "intervention"});
      s.parameters = read_parameters(r, t, c, node);
      s.name_sv = r.str(t, c, "name_sv", false, node, s.id);
      s.name_en = r.str(t, c, "name_en", false, node, s.name_sv);
      s.description_sv = r.str(t, c, "description_sv", false, node);
      s.description_en = r.str(t, c, "description_en", false, node, s.description_sv);
      const toml::node* in = t.get("intervention");
      const toml::array* ia = in ? in->as_array() : nullptr;
      if (in && (!ia || !ia->is_array_of_tables()))
        throw InputError(r.loc(*in, c + "intervention"), "[[scenario.intervention]] tables",
                         "something else");
      std::set<std::string> iv_ids;
      if (ia)
        for (const auto& inode : *ia) {
          const toml::table& it = *inode.as_table();
          const std::string ic = c + "intervention.";
          r.check_keys(
              it, ic,
              {"id", "indicator", "group", "type", "from", "to", "value", "unit", "values", "note",
               "ages", "movers_per_job", "family_per_mover", "parameter", "scale", "range"});
          Intervention iv = read_intervention(r, p, it, ic, inode, false);
          iv.range = read_range(r, it, ic, inode);
          read_link(r, it, ic, inode, s.parameters, iv);
          iv.id =
              r.str(it, ic, "id", false, inode, "i" + std::to_string(s.interventions.size() + 1));
          if (!iv_ids.insert(iv.id).second)
            throw InputError(r.loc(r.at(it, "id", inode), ic + "id"),
                             "a unique intervention id within the scenario", "\"" + iv.id + "\"");
          s.interventions.push_back(std::move(iv));
        }
      set.scenarios.push_back(std::move(s));
    }
  }
  if (const toml::node* ln = root.get("lever")) {
    const toml::array* a = ln->as_array();
    if (!a || !a->is_array_of_tables())
      throw InputError(r.loc(*ln, "lever"), "[[lever]] tables", "something else");
    r.check_count(*a, "lever", "[[lever]] tables", kMaxLevers);
    for (const auto& node : *a) {
      const toml::table& t = *node.as_table();
      Lever l;
      l.id = r.str(t, "lever.", "id", true, node);
      const std::string c = "lever[" + l.id + "].";
      if (!valid_id(l.id))
        throw InputError(r.loc(*t.get("id"), "lever.id"),
                         "an id of lower-case letters, digits, '_' or '-'", "\"" + l.id + "\"");
      if (!lever_ids.insert(l.id).second)
        throw InputError(r.loc(*t.get("id"), "lever.id"), "a unique lever id",
                         "\"" + l.id + "\" a second time");
      r.check_keys(t, c, {"id",      "name_sv",        "name_en",
                          "target",  "variant",        "indicator",
                          "group",   "type",           "from",
                          "to",      "unit",           "min",
                          "max",     "tolerance",      "probability",
                          "unit_sv", "unit_en",        "note",
                          "ages",    "movers_per_job", "family_per_mover"});
      l.name_sv = r.str(t, c, "name_sv", false, node, l.id);
      l.name_en = r.str(t, c, "name_en", false, node, l.name_sv);
      l.target = r.str(t, c, "target", true, node);
      const Target* tg = nullptr;
      for (const auto& x : p.targets)
        if (x.id == l.target) tg = &x;
      if (!tg)
        throw InputError(r.loc(*t.get("target"), c + "target"), "the id of a declared target",
                         "\"" + l.target + "\"");
      if (!tg->no_data_reason.empty())
        throw InputError(r.loc(*t.get("target"), c + "target"), "a target that can be followed up",
                         "\"" + l.target + "\", which has no_data");
      l.variant = read_lever_variant(r, *tg, t, c, node);
      l.intervention = read_intervention(r, p, t, c, node, true);
      l.intervention.id = "lever";
      l.min = *r.num(t, c, "min", true, node);
      l.max = *r.num(t, c, "max", true, node);
      if (!(l.min < l.max))
        throw InputError(r.loc(*t.get("max"), c + "max"), "min < max",
                         std::to_string(l.min) + " >= " + std::to_string(l.max));
      l.tolerance = r.num(t, c, "tolerance", false, node).value_or((l.max - l.min) / 1000.0);
      if (!(l.tolerance > 0))
        throw InputError(r.loc(*t.get("tolerance"), c + "tolerance"), "a tolerance > 0",
                         std::to_string(l.tolerance));
      l.probability = r.num(t, c, "probability", false, node).value_or(0.5);
      if (!(l.probability > 0 && l.probability < 1))
        throw InputError(r.loc(*t.get("probability"), c + "probability"),
                         "a probability between 0 and 1 (exclusive)",
                         std::to_string(l.probability));
      l.unit_sv = r.str(t, c, "unit_sv", false, node);
      l.unit_en = r.str(t, c, "unit_en", false, node, l.unit_sv);
      l.note = r.str(t, c, "note", false, node);
      set.levers.push_back(std::move(l));
    }
  }
}

toml::table parse(const std::string& path) {
  const std::string text = read_text_file(path, 16u << 20);
  return detail::parse_toml(text, path);  // key parts and nesting limited first
}

}  // namespace

ScenarioSet parse_scenarios(const Project& project, const std::string& toml_text,
                            const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw InputError(Location{name, static_cast<int>(b.line), static_cast<int>(b.column)},
                     "valid TOML", std::string(e.description()));
  }
  Reader r(name);
  for (const auto& [k, v] : root)
    if (k.str() != "scenario" && k.str() != "lever")
      throw InputError(r.loc(v, std::string(k.str())), "[[scenario]] or [[lever]] tables",
                       "unknown section '" + std::string(k.str()) + "'");
  ScenarioSet set;
  std::set<std::string> scen_ids, lever_ids;
  read_file_tables(r, root, project, set, scen_ids, lever_ids);
  return set;
}

ScenarioSet load_scenarios(const Project& project) {
  ScenarioSet set;
  std::set<std::string> scen_ids, lever_ids;
  const toml::table project_root = parse(project.path);
  read_file_tables(Reader(project.path), project_root, project, set, scen_ids, lever_ids);
  const toml::array* listed = project_root["project"]["scenarios"].as_array();
  for (std::size_t i = 0; i < project.scenario_files.size(); ++i) {
    const std::string& f = project.scenario_files[i];
    const std::string full = (fs::path(project.dir) / f).lexically_normal().string();
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) {
      Location where{project.path, 0, 0, "project.scenarios"};
      if (listed && i < listed->size())
        where = Reader(project.path).loc(*listed->get(i), "project.scenarios");
      throw InputError(where, "an existing scenario file (relative to the project file)",
                       "\"" + f + "\" (" + full + ") does not exist");
    }
    const toml::table root = parse(full);
    Reader r(full);
    for (const auto& [k, v] : root)
      if (k.str() != "scenario" && k.str() != "lever")
        throw InputError(r.loc(v, std::string(k.str())), "[[scenario]] or [[lever]] tables",
                         "unknown section '" + std::string(k.str()) + "'");
    read_file_tables(r, root, project, set, scen_ids, lever_ids);
  }
  return set;
}

}  // namespace utsikt
