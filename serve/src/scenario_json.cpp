#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "serve_internal.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/error.hpp"
#include "utsikt/serve/explorer.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace utsikt::serve::detail {
namespace {

std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void add_tables(const toml::table& root, std::vector<json>& out) {
  const toml::node* sn = root.get("scenario");
  if (!sn || !sn->is_array_of_tables()) return;
  for (const auto& node : *sn->as_array()) {
    std::ostringstream os;
    os << toml::json_formatter(*node.as_table());
    out.push_back(json::parse(os.str()));
  }
}

// JSON value -> TOML node; `path` names the field in errors.
std::unique_ptr<toml::node> to_toml(const json& v, const std::string& path, int depth) {
  if (depth > 6) throw ApiError(400, path, "expected at most 6 levels of nesting, found more");
  switch (v.type()) {
    case json::value_t::string:
      return std::make_unique<toml::value<std::string>>(v.get<std::string>());
    case json::value_t::boolean:
      return std::make_unique<toml::value<bool>>(v.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      if (v.is_number_unsigned() && v.get<std::uint64_t>() > 9007199254740992ull)
        throw ApiError(400, path, "expected a number, found one too large: " + v.dump());
      return std::make_unique<toml::value<std::int64_t>>(v.get<std::int64_t>());
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (!std::isfinite(d)) throw ApiError(400, path, "expected a finite number");
      return std::make_unique<toml::value<double>>(d);
    }
    case json::value_t::object: {
      auto t = std::make_unique<toml::table>();
      for (const auto& [k, x] : v.items()) {
        if (x.is_array() && x.empty()) continue;  // TOML has no empty array of tables
        auto n = to_toml(x, path + "." + k, depth + 1);
        t->insert(k, std::move(*n));
      }
      t->is_inline(true);
      return t;
    }
    case json::value_t::array: {
      auto a = std::make_unique<toml::array>();
      for (std::size_t i = 0; i < v.size(); ++i) {
        auto n = to_toml(v[i], path + "[" + std::to_string(i) + "]", depth + 1);
        if (n->is_table()) n->as_table()->is_inline(false);
        a->push_back(std::move(*n));
      }
      return a;
    }
    default:
      throw ApiError(400, path,
                     "expected a string, number, boolean, object or array, found " + v.dump());
  }
}

}  // namespace

json scenario_tables(const Project& project, const ScenarioSet& set) {
  std::vector<json> tables;
  add_tables(toml::parse(read_text_file(project.path, 16u << 20), project.path), tables);
  for (const std::string& f : project.scenario_files) {
    const std::string full = (fs::path(project.dir) / f).lexically_normal().string();
    add_tables(toml::parse(read_text_file(full, 16u << 20), full), tables);
  }
  json out = json::array();
  for (json& t : tables) {
    const std::string id = t.value("id", "");
    const Scenario* s = nullptr;
    for (const Scenario& x : set.scenarios)
      if (x.id == id) s = &x;
    if (!s) continue;
    json ranges = json::object();
    if (t.contains("intervention"))
      for (std::size_t i = 0; i < t["intervention"].size() && i < s->interventions.size(); ++i) {
        const Intervention& iv = s->interventions[i];
        t["intervention"][i]["id"] = iv.id;
        if (!iv.parameter.empty() || iv.type == InterventionType::path) continue;
        const auto r = iv.range ? *iv.range : default_range(iv);
        ranges[iv.id] = {r.first, r.second};
      }
    out.push_back({{"table", t}, {"ranges", ranges}});
  }
  return out;
}

std::string scenario_json_to_toml(const json& scenario) {
  if (!scenario.is_object())
    throw ApiError(400, "scenario",
                   "expected an object with the keys of a [[scenario]] table, found " +
                       std::string(scenario.type_name()));
  auto node = to_toml(scenario, "scenario", 0);
  toml::table& t = *node->as_table();
  t.is_inline(false);
  // Sub-tables of the scenario's arrays of tables are written as [[scenario.x]].
  toml::array arr;
  arr.push_back(std::move(t));
  toml::table root;
  root.insert("scenario", std::move(arr));
  std::ostringstream os;
  os << toml::toml_formatter(root);
  return os.str() + "\n";
}

std::pair<double, double> default_range(const Intervention& iv) {
  double a = iv.value.a, b = iv.value.a;
  if (iv.value.dist == Quantity::Dist::uniform || iv.value.dist == Quantity::Dist::triangular)
    b = iv.value.b;
  if (iv.value.dist == Quantity::Dist::normal) {
    a = iv.value.a - 3 * iv.value.b;
    b = iv.value.a + 3 * iv.value.b;
  }
  if (iv.type == InterventionType::growth) return {0.0, std::max(2.0, 2 * b)};
  const double m = std::max({std::fabs(a), std::fabs(b), 1.0});
  double lo = a >= 0 ? 0.0 : -2 * m, hi = b <= 0 ? 0.0 : 2 * m;
  if (iv.percent) lo = std::max(lo, -100.0);
  return {lo, hi};
}

std::string component_key(const Scenario& s) {
  std::string k = s.id;
  for (const Intervention& iv : s.interventions) {
    k += "|" + iv.id + ";" + std::string(to_string(iv.type)) + ";" + iv.series.indicator + "/" +
         iv.series.group + ";" + std::to_string(iv.from) + ";" + std::to_string(iv.to) + ";" +
         std::to_string(static_cast<int>(iv.value.dist)) + ";" + exact(iv.value.a) + ";" +
         exact(iv.value.b) + ";" + exact(iv.value.c) + ";" + exact(iv.scale) + ";" + iv.parameter;
    if (iv.ages)
      k += ";" + std::to_string(iv.ages->age_from) + "-" + std::to_string(iv.ages->age_to) + "s" +
           std::to_string(iv.ages->sex);
    if (iv.movers_per_job) k += ";m" + exact(*iv.movers_per_job);
    if (iv.family_per_mover) k += ";f" + exact(*iv.family_per_mover);
  }
  return k;
}

std::vector<Knob> knobs(const Scenario& s) {
  std::vector<Knob> out;
  for (const Parameter& p : s.parameters) out.push_back({p.id, true, "", p.min, p.max});
  for (const Intervention& iv : s.interventions) {
    if (!iv.parameter.empty() || iv.type == InterventionType::path) continue;
    const auto r = iv.range ? *iv.range : default_range(iv);
    out.push_back({iv.id, false, iv.series.indicator + "/" + iv.series.group, r.first, r.second});
  }
  return out;
}

Scenario with_knob(const Scenario& s, const Knob& k, double v) {
  Scenario c = s;
  for (Intervention& iv : c.interventions)
    if ((k.parameter && iv.parameter == k.id) ||
        (!k.parameter && iv.parameter.empty() && iv.id == k.id))
      iv.value = Quantity{Quantity::Dist::fixed, v, 0.0, 0.0};
  return c;
}

}  // namespace utsikt::serve::detail
