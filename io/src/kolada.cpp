// Kolada (api.kolada.se v2/v3) data responses:
//   {"values": [{"kpi": "N01951", "municipality": "2580", "period": 2022,
//                "values": [{"gender": "T", "count": 1, "status": "", "value": 1.5}, ...]}, ...],
//    "count": 1, "next_page" / "next_url": null}
// Organisational-unit data has "ou" instead of "municipality". Gender is T (total), K (women,
// kvinnor) or M (men, män).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "import_internal.hpp"
#include "json_internal.hpp"

namespace utsikt::importer {

using json = nlohmann::ordered_json;

namespace {

std::string id_text(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  return {};
}

std::string gender_text(const std::string& g) {
  if (g == "T") return "total";
  if (g == "K") return "women";
  if (g == "M") return "men";
  return g;
}

int gender_rank(const std::string& g) {
  if (g == "T") return 0;
  if (g == "K") return 1;
  if (g == "M") return 2;
  return 3;
}

// One value of a Kolada response, with the row it came from.
struct Obs {
  std::string kpi, unit, gender;
  int year;
  const json* value;
  std::string status;
  std::size_t row;
};

// The values of a Kolada response, and the KPIs, units, years and genders they have (in order
// of appearance; the genders sorted T, K, M afterwards), with the position of each id.
struct Response {
  std::string unit_key;  // "municipality" or "ou"
  std::vector<Obs> obs;
  std::vector<std::string> kpis, units;
  std::set<int> years;
  std::vector<std::string> genders;
  std::unordered_map<std::string, std::size_t> kpi_ix, unit_ix, gender_ix;
};

// Reads and checks the rows {kpi, municipality (or ou), period, values: [{gender, value,
// status}]}; throws InputError naming the row and field of the first problem.
Response read_response(const json& doc, std::string_view text, const std::string& file) {
  if (!doc.is_object() || !doc.contains("values") || !doc["values"].is_array()) {
    throw InputError(locate_key(text, file, "values", "values"),
                     "a Kolada data response {\"values\": [...]}", "JSON of another shape");
  }
  const json& rows = doc["values"];
  Response res;
  std::string& unit_key = res.unit_key;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const json& row = rows[r];
    const std::string path = "values[" + std::to_string(r) + "]";
    auto fail = [&](const std::string& field, const std::string& expected,
                    const std::string& found) {
      throw InputError(locate_key(text, file, "values", path + "." + field), expected, found);
    };
    if (!row.is_object())
      fail("", "an object {kpi, municipality, period, values}", row.type_name());
    if (unit_key.empty())
      unit_key = row.contains("ou") && !row.contains("municipality") ? "ou" : "municipality";
    const std::string kpi = row.contains("kpi") ? id_text(row["kpi"]) : "";
    const std::string unit = row.contains(unit_key) ? id_text(row[unit_key]) : "";
    if (kpi.empty())
      fail("kpi", "a KPI id such as \"N01951\"",
           row.contains("kpi") ? row["kpi"].dump() : "nothing");
    if (unit.empty())
      fail(unit_key, "a " + unit_key + " id such as \"2580\"",
           row.contains(unit_key) ? row[unit_key].dump() : "nothing");
    const std::string period = row.contains("period") ? id_text(row["period"]) : "";
    const Period p = parse_period(period);
    if (p.frequency != TimeFrequency::yearly) {
      fail("period", "a year such as 2022",
           row.contains("period") ? row["period"].dump() : "nothing");
    }
    if (!row.contains("values") || !row["values"].is_array()) {
      fail("values", "an array of {gender, value, status}",
           row.contains("values") ? row["values"].type_name() : "nothing");
    }
    if (res.kpi_ix.emplace(kpi, res.kpis.size()).second) res.kpis.push_back(kpi);
    if (res.unit_ix.emplace(unit, res.units.size()).second) res.units.push_back(unit);
    res.years.insert(p.year);
    const json& vals = row["values"];
    for (std::size_t k = 0; k < vals.size(); ++k) {
      const json& v = vals[k];
      const std::string vpath = "values[" + std::to_string(k) + "]";
      if (!v.is_object()) fail(vpath, "an object {gender, value, status}", v.type_name());
      const std::string g =
          v.contains("gender") && v["gender"].is_string() ? v["gender"].get<std::string>() : "";
      if (g.empty())
        fail(vpath + ".gender", "a gender T, K or M",
             v.contains("gender") ? v["gender"].dump() : "nothing");
      const json* value = v.contains("value") ? &v["value"] : nullptr;
      if (value && !value->is_null() &&
          (!value->is_number() || !std::isfinite(value->get<double>()))) {
        fail(vpath + ".value", "a number or null", value->dump());
      }
      const std::string status =
          v.contains("status") && v["status"].is_string() ? v["status"].get<std::string>() : "";
      if (res.gender_ix.emplace(g, res.genders.size()).second) res.genders.push_back(g);
      res.obs.push_back(Obs{kpi, unit, g, p.year, value, status, r});
    }
  }
  if (res.obs.empty()) {
    throw InputError(locate_key(text, file, "values", "values"), "at least one value",
                     "an empty response", "check the KPI, municipality and years of the query");
  }
  std::stable_sort(
      res.genders.begin(), res.genders.end(),
      [](const std::string& a, const std::string& b) { return gender_rank(a) < gender_rank(b); });
  return res;
}

// The dimensions kpi, municipality (or ou), period (the time) and gender.
void set_dimensions(Table& t, const Response& res) {
  auto make_dim = [](const std::string& code, const std::vector<std::string>& codes) {
    Dimension d;
    d.code = d.text = code;
    d.value_codes = d.value_texts = codes;
    return d;
  };
  t.dims.push_back(make_dim("kpi", res.kpis));
  t.dims.push_back(make_dim(res.unit_key, res.units));
  Dimension period;
  period.code = period.text = "period";
  for (int y : res.years) {
    period.value_codes.push_back(std::to_string(y));
    period.years.push_back(y);
  }
  period.value_texts = period.value_codes;
  period.is_time = true;
  period.frequency = TimeFrequency::yearly;
  t.dims.push_back(std::move(period));
  Dimension gender = make_dim("gender", res.genders);
  for (std::string& g : gender.value_texts) g = gender_text(g);
  t.dims.push_back(std::move(gender));
}

// The cells: each value once; a cell not in the response is "absent", a null value gets the
// symbol of its status.
void fill_cells(Table& t, Response& res, std::string_view text, const std::string& file,
                const ReadOptions& options) {
  const std::size_t n =
      checked_cell_count(t.dims, options.max_cells, locate_key(text, file, "values", "values"));
  t.values.assign(n, std::numeric_limits<double>::quiet_NaN());
  t.missing_symbols.push_back(MissingSymbol{"absent", "not in the response", false});
  t.status.assign(n, 1);
  std::map<std::string, std::uint8_t> symbols;
  for (std::size_t i = 0; i < res.genders.size(); ++i)
    res.gender_ix[res.genders[i]] = i;  // after sorting
  std::unordered_map<int, std::size_t> year_ix;
  for (int y : res.years) year_ix.emplace(y, year_ix.size());
  std::vector<bool> filled(n, false);
  for (const Obs& o : res.obs) {
    const std::size_t cell = t.cell_index({res.kpi_ix.at(o.kpi), res.unit_ix.at(o.unit),
                                           year_ix.at(o.year), res.gender_ix.at(o.gender)});
    if (filled[cell]) {
      throw InputError(
          locate_key(text, file, "values", "values[" + std::to_string(o.row) + "]"),
          "each (kpi, " + res.unit_key + ", period, gender) once",
          o.kpi + ", " + o.unit + ", " + std::to_string(o.year) + ", " + o.gender + " again");
    }
    filled[cell] = true;
    if (o.value && !o.value->is_null()) {
      t.values[cell] = o.value->get<double>();
      t.status[cell] = 0;
    } else {
      const std::string sym = o.status.empty() ? "null" : o.status;
      auto it = symbols.find(sym);
      if (it == symbols.end()) {
        if (t.missing_symbols.size() >= 254) {
          it = symbols.emplace(sym, static_cast<std::uint8_t>(t.missing_symbols.size())).first;
        } else {
          t.missing_symbols.push_back(MissingSymbol{
              sym, o.status.empty() ? "missing (null)" : "missing (status '" + sym + "')", false});
          it = symbols.emplace(sym, static_cast<std::uint8_t>(t.missing_symbols.size())).first;
        }
      }
      t.status[cell] = it->second;
    }
  }
}

}  // namespace

Table kolada_from_json(const json& doc, std::string_view text, const std::string& file,
                       const ReadOptions& options) {
  Table t;
  t.file = file;
  t.format = "Kolada";
  Response res = read_response(doc, text, file);
  set_dimensions(t, res);
  fill_cells(t, res, text, file, options);

  const std::vector<std::string>& kpis = res.kpis;
  t.title = "Kolada";
  t.contents = kpis.size() == 1 ? kpis[0] : std::string();
  t.language = "sv";
  t.provenance.source = "Kolada";
  for (const std::string& k : kpis)
    t.provenance.table_id += (t.provenance.table_id.empty() ? "" : ",") + k;
  for (const char* key : {"next_page", "next_url"}) {
    if (doc.contains(key) && doc[key].is_string() && !doc[key].get<std::string>().empty()) {
      t.provenance.notes.push_back(
          "This file is one page of a longer Kolada response; the next page (" +
          doc[key].get<std::string>() + ") is not included");
    }
  }
  return t;
}

}  // namespace utsikt::importer
