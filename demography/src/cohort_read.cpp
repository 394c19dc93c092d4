// read_cohort_data: the long age files, the totals and the SCB components file.
#include <algorithm>
#include <bitset>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cohort_internal.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/demography/cohort.hpp"
#include "utsikt/error.hpp"
#include "utsikt/number.hpp"

namespace utsikt::demography {
namespace {

using internal::ix;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A CSV file as records, with the header's columns by lower-case name.
struct Table {
  std::string file;
  std::vector<std::vector<std::string>> rows;  // rows[0] is the header
  std::vector<int> lines;
  std::map<std::string, int> columns;

  std::optional<int> find(std::initializer_list<const char*> names) const {
    for (const char* n : names) {
      auto it = columns.find(n);
      if (it != columns.end()) return it->second;
    }
    return std::nullopt;
  }
  int need(std::initializer_list<const char*> names) const {
    if (auto c = find(names)) return *c;
    std::string list;
    for (const char* n : names) list += std::string(list.empty() ? "" : " or ") + "'" + n + "'";
    throw InputError(Location{file, lines.empty() ? 1 : lines[0], 0, *names.begin()},
                     "a column " + list + " in the header", "none");
  }
  Location at(std::size_t row, int col) const {
    const auto& h = rows[0];
    return Location{file, lines[row], col + 1, ix(col) < h.size() ? h[ix(col)] : std::string()};
  }
  const std::string& cell(std::size_t row, int col) const {
    const auto& r = rows[row];
    if (ix(col) >= r.size()) {
      throw InputError(at(row, col), std::to_string(rows[0].size()) + " fields",
                       std::to_string(r.size()));
    }
    return r[ix(col)];
  }
};

Table load_table(const std::string& path, std::vector<Diagnostic>& notes) {
  Table t;
  t.file = path;
  const std::string text = read_text_file(path, kMaxCsvBytes, &notes);
  const std::size_t eol = text.find('\n');
  const char sep = detect_separator(std::string_view(text).substr(0, eol));
  t.rows = parse_csv_text(text, sep, path, &t.lines);
  if (t.rows.empty()) throw InputError(Location{path, 1, 0, ""}, "a header line", "an empty file");
  for (std::size_t c = 0; c < t.rows[0].size(); ++c) {
    t.columns.emplace(lower(t.rows[0][c]), static_cast<int>(c));
  }
  return t;
}

// Plain non-negative integers ("2015", "1287") without parse_number's general rules: most
// cells of the age files, read fast.
bool plain_int(const std::string& s, int& v) {
  if (s.empty() || s.size() > 9) return false;
  int r = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    r = r * 10 + (c - '0');
  }
  v = r;
  return true;
}

int parse_year(const Table& t, std::size_t row, int col) {
  const std::string& s = t.cell(row, col);
  const bool digits = !s.empty() && s.size() <= 4 &&
                      std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int y = digits ? std::stoi(s) : 0;
  if (!digits || y < 1700 || y > 2300) {
    throw InputError(t.at(row, col), "a year (1700..2300)", "'" + s + "'");
  }
  return y;
}

double parse_count(const Table& t, std::size_t row, int col) {
  const std::string& s = t.cell(row, col);
  int plain = 0;
  if (plain_int(s, plain)) return plain;
  const ParsedNumber p = parse_number(s);
  if (p.status != NumberStatus::ok) {
    throw InputError(t.at(row, col), "a count (a number of persons)",
                     p.status == NumberStatus::missing ? "a missing value" : "'" + s + "'");
  }
  if (p.value < 0.0) throw InputError(t.at(row, col), "a count of 0 or more", "'" + s + "'");
  return p.value;
}

int parse_sex(const Table& t, std::size_t row, int col) {
  static const std::set<std::string> women = {"females", "female", "women", "woman", "kvinnor",
                                              "kvinna",  "k",      "f",     "2"};
  // "män" and "mÄn" (the ASCII lower-casing leaves the UTF-8 letter as it is)
  static const std::set<std::string> men = {"males",      "male",       "men", "man",
                                            "m\xc3\xa4n", "m\xc3\x84n", "m",   "1"};
  const std::string& raw = t.cell(row, col);
  if (raw == "Females") return 0;
  if (raw == "Males") return 1;
  const std::string s = lower(raw);
  if (women.count(s)) return 0;
  if (men.count(s)) return 1;
  throw InputError(t.at(row, col), "a sex (Females/Males, kvinnor/män, women/men, 2/1)",
                   "'" + t.cell(row, col) + "'");
}

// Age of a person: 0..99 or "100+" (100 also accepted). For births, the age of the mother:
// "<15" and ages below 15 count on 15, "49+" and ages above 49 on 49, "no information" is -1.
int parse_age(const Table& t, std::size_t row, int col, bool mother) {
  const std::string& s = t.cell(row, col);
  int plain = 0;
  if (s.size() <= 2 && plain_int(s, plain)) return mother ? std::clamp(plain, 15, 49) : plain;
  const std::string l = lower(s);
  if (mother) {
    if (l == "<15" || l == "-14") return 15;
    if (l == "49+" || l == "50+") return 49;
    if (l == "no information" || l == "uppgift saknas" || l == "unknown") return -1;
  }
  if (l == "100+" || l == "100") return kMaxAge;
  const bool digits = !l.empty() && l.size() <= 3 &&
                      std::all_of(l.begin(), l.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int a = digits ? std::stoi(l) : -1;
  if (a < 0 || a > kMaxAge) {
    throw InputError(t.at(row, col),
                     mother ? "an age of the mother (\"<15\", 15..48, \"49+\", \"no information\")"
                            : "an age 0..99 or \"100+\"",
                     "'" + s + "'");
  }
  return mother ? std::clamp(a, 15, 49) : a;
}

// Per region and year of an age file: the sum of all rows, and by age 15..49 the women
// (population file) or the births by mother's age (births file; "no information" only in `all`).
struct RegionSum {
  double all = 0.0;
  std::array<double, 35> fertile{};
};

// One age file: the region's rows by year, (for population and deaths) the sum of all rows, and
// every region's sums.
struct AgeFile {
  std::map<int, AgeSex> region, reference;
  std::map<int, std::array<double, kSexes>> no_information;  // births only
  std::map<std::string, std::map<int, RegionSum>> regions;
};

void check_complete(const Table& t, int age_col, const std::map<int, std::bitset<2 * kAges>>& seen,
                    const std::map<int, std::size_t>& first_row) {
  for (const auto& [year, bits] : seen) {
    if (bits.all()) continue;
    std::size_t missing = 0;
    while (bits.test(missing)) ++missing;
    const int sex = static_cast<int>(missing) / kAges, age = static_cast<int>(missing) % kAges;
    throw InputError(t.at(first_row.at(year), age_col),
                     "every age 0..99 and 100+ for both sexes in each year",
                     "year " + std::to_string(year) + " without age " +
                         (age == kMaxAge ? std::string("100+") : std::to_string(age)) + " for " +
                         (sex == 0 ? "women" : "men"));
  }
}

AgeFile read_age_file(const std::string& path, const std::string& region, bool mother,
                      bool reference, std::vector<Diagnostic>& notes) {
  const Table t = load_table(path, notes);
  const int c_age = t.need({"age", "alder", "ålder"});
  const int c_sex = t.need({"sex", "kon", "kön"});
  const int c_region = t.need({"region"});
  const int c_year = t.need({"year", "ar", "år"});
  const int c_count = t.need({"count", "value", "antal"});
  AgeFile out;
  std::map<int, std::bitset<2 * kAges>> seen;
  std::map<int, std::size_t> first_row;
  std::map<std::pair<int, int>, std::size_t> births_seen;  // (year, sex * 1000 + label) -> row
  std::set<std::string> other_regions;
  const std::string* last_region = nullptr;
  std::map<int, RegionSum>* sums = nullptr;
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    const std::string& name = t.cell(r, c_region);
    const bool mine = name == region;
    if (!mine && other_regions.size() < 30) other_regions.insert(name);
    const int year = parse_year(t, r, c_year);
    const int sex = parse_sex(t, r, c_sex);
    const int age = parse_age(t, r, c_age, mother);
    const double n = parse_count(t, r, c_count);
    if (!last_region || *last_region != name) {
      sums = &out.regions[name];
      last_region = &name;
    }
    RegionSum& rs = (*sums)[year];
    rs.all += n;
    if (age >= 15 && age <= 49 && (mother || sex == 0)) rs.fertile[ix(age - 15)] += n;
    if (!mine) {
      if (!reference) continue;
      out.reference[year].v[ix(sex)][ix(age)] += n;
      continue;
    }
    if (reference) out.reference[year].v[ix(sex)][ix(age)] += n;
    first_row.emplace(year, r);
    if (mother) {
      const int label = lower(t.cell(r, c_age)) == "<15" ? 14 : age;
      auto [it, fresh] = births_seen.emplace(std::make_pair(year, sex * 1000 + label), r);
      if (!fresh) {
        throw InputError(t.at(r, c_age), "one row per year, sex and age of the mother",
                         "a second row for the same (first on line " +
                             std::to_string(t.lines[it->second]) + ")");
      }
      if (age < 0) {
        out.no_information[year][ix(sex)] += n;
        out.region[year];
      } else {
        out.region[year].v[ix(sex)][ix(age)] += n;
      }
      continue;
    }
    auto& bits = seen[year];
    const std::size_t bit = ix(sex * kAges + age);
    if (bits.test(bit)) {
      throw InputError(t.at(r, c_age), "one row per year, sex and age",
                       "a second row for year " + std::to_string(year) + ", age " +
                           t.cell(r, c_age) + ", " + (sex == 0 ? "women" : "men"));
    }
    bits.set(bit);
    out.region[year].v[ix(sex)][ix(age)] = n;
  }
  if (out.region.empty()) {
    std::string list;
    for (const auto& g : other_regions) list += (list.empty() ? "" : ", ") + g;
    throw InputError(Location{t.file, t.lines[0], c_region + 1, "region"},
                     "rows for region '" + region + "'",
                     list.empty() ? "no data rows" : "none (the file has " + list + ")");
  }
  if (!mother) check_complete(t, c_age, seen, first_row);
  return out;
}

// "no information" on the mother's age, spread pro rata over the ages of the same year and sex.
void spread_no_information(AgeFile& f, std::vector<Diagnostic>& notes) {
  double spread = 0.0;
  for (auto& [year, by_sex] : f.no_information) {
    for (int s = 0; s < kSexes; ++s) {
      const double n = by_sex[ix(s)];
      if (n <= 0.0) continue;
      auto& row = f.region[year].v[ix(s)];
      double known = 0.0;
      for (int x = 15; x <= 49; ++x) known += row[ix(x)];
      for (int x = 15; x <= 49; ++x) row[ix(x)] += known > 0.0 ? n * row[ix(x)] / known : n / 35.0;
      spread += n;
    }
  }
  if (spread > 0.0) {
    notes.push_back({Severity::info,
                     "births_age_spread",
                     format_double(spread) +
                         " births with no information on the mother's age "
                         "spread pro rata over the ages of the same year and sex",
                     {format_double(spread)}});
  }
}

std::map<int, double> read_totals(const std::string& path, const std::string& region,
                                  std::vector<Diagnostic>& notes) {
  const Table t = load_table(path, notes);
  const int c_year = t.need({"year", "ar", "år"});
  const std::optional<int> c_region = t.find({"region"});
  const int c_value = t.need({"population", "value", "folkmangd", "folkmängd"});
  std::map<int, double> out;
  std::map<int, std::size_t> row_of;
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    if (c_region && t.cell(r, *c_region) != region) continue;
    const int year = parse_year(t, r, c_year);
    const ParsedNumber p = parse_number(t.cell(r, c_value));
    if (p.status == NumberStatus::missing) continue;
    if (p.status != NumberStatus::ok || p.value < 0.0) {
      throw InputError(t.at(r, c_value), "a population (0 or more)",
                       "'" + t.cell(r, c_value) + "'");
    }
    if (!row_of.emplace(year, r).second) {
      throw InputError(t.at(r, c_year), "one row per year",
                       "a second row for " + std::to_string(year) + " (first on line " +
                           std::to_string(t.lines[row_of[year]]) + ")");
    }
    out[year] = p.value;
  }
  if (out.empty()) {
    throw InputError(Location{t.file, t.lines[0], c_region ? *c_region + 1 : 0,
                              c_region ? "region" : "population"},
                     "population totals" + (c_region ? " for region '" + region + "'" : ""),
                     "none");
  }
  return out;
}

// SCB tabhel layout; adjustments are folded into net migration.
void read_components(const std::string& path, const std::string& region, CohortData& d,
                     std::vector<Diagnostic>& notes) {
  const Table t = load_table(path, notes);
  const int c_year = t.need({"year"});
  const std::optional<int> c_code = t.find({"code"});
  const int c_name = t.need({"name", "region"});
  const int c_births = t.need({"births"});
  const int c_deaths = t.need({"deaths"});
  const int c_mig = t.need({"net_migration"});
  const std::optional<int> c_adj = t.find({"adjustments"});
  const std::optional<int> c_pop = t.find({"population"});
  bool any = false;
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    const bool mine = t.cell(r, c_name) == region || (c_code && t.cell(r, *c_code) == region);
    if (!mine) continue;
    any = true;
    const int year = parse_year(t, r, c_year);
    CohortData::Components c;
    c.births = parse_count(t, r, c_births);
    c.deaths = parse_count(t, r, c_deaths);
    auto signed_value = [&](int col, bool required) {
      const ParsedNumber p = parse_number(t.cell(r, col));
      if (p.status == NumberStatus::ok) return p.value;
      if (p.status == NumberStatus::missing && !required) return 0.0;
      throw InputError(t.at(r, col), "a number", "'" + t.cell(r, col) + "'");
    };
    c.net_migration = signed_value(c_mig, true) + (c_adj ? signed_value(*c_adj, false) : 0.0);
    if (!d.components.emplace(year, c).second) {
      throw InputError(t.at(r, c_year), "one row per year for region '" + region + "'",
                       "a second row for " + std::to_string(year));
    }
    if (c_pop && !d.totals.count(year)) {
      const ParsedNumber p = parse_number(t.cell(r, *c_pop));
      if (p.status == NumberStatus::ok) d.totals[year] = p.value;
    }
  }
  if (!any) {
    throw InputError(Location{t.file, t.lines[0], c_name + 1, t.rows[0][ix(c_name)]},
                     "a row with name or code '" + region + "'", "none");
  }
  if (c_adj) {
    notes.push_back({Severity::info,
                     "adjustments_in_migration",
                     "SCB's adjustments (justeringspost) are counted as net migration",
                     {}});
  }
}

// Yearly summaries of every region of the age files (CohortData::regions): population, births,
// deaths and the TFR (births by mother's age per woman-year, "no information" pro rata).
void region_summaries(const AgeFile& pop, const AgeFile* births, const AgeFile* deaths,
                      CohortData& d) {
  for (const auto& [name, years] : pop.regions) {
    auto& out = d.regions[name];
    for (const auto& [year, p] : years) out[year].population = p.all;
  }
  auto each = [&](const AgeFile* f, auto&& use) {
    if (!f) return;
    for (const auto& [name, years] : f->regions) {
      const auto reg = d.regions.find(name);
      if (reg == d.regions.end()) continue;
      for (const auto& [year, v] : years) {
        const auto y = reg->second.find(year);
        if (y != reg->second.end()) use(name, year, v, y->second);
      }
    }
  };
  each(deaths, [](const std::string&, int, const RegionSum& v, CohortData::RegionYear& out) {
    out.deaths = v.all;
  });
  each(births,
       [&](const std::string& name, int year, const RegionSum& v, CohortData::RegionYear& out) {
         out.births = v.all;
         const auto& women = pop.regions.at(name);
         const auto w0 = women.find(year - 1), w1 = women.find(year);
         if (w0 == women.end() || w1 == women.end()) return;
         double known = 0.0, tfr = 0.0;
         for (std::size_t x = 0; x < v.fertile.size(); ++x) {
           known += v.fertile[x];
           const double e = 0.5 * (w0->second.fertile[x] + w1->second.fertile[x]);
           if (e > 0.0) tfr += v.fertile[x] / e;
         }
         if (known > 0.0) out.tfr = tfr * v.all / known;
       });
}

// Yearly summaries of other regions (CohortFiles::regions): region,year,population,births,
// deaths[,tfr]; regions of the age files keep their own values.
void read_region_summaries(const std::string& path, CohortData& d, std::vector<Diagnostic>& notes) {
  const Table t = load_table(path, notes);
  const int c_region = t.need({"region"});
  const int c_year = t.need({"year", "ar", "år"});
  const int c_pop = t.need({"population", "folkmangd", "folkmängd"});
  const int c_births = t.need({"births", "fodda", "födda"});
  const int c_deaths = t.need({"deaths", "doda", "döda"});
  const std::optional<int> c_tfr = t.find({"tfr"});
  const std::set<std::string> from_age_files = [&] {
    std::set<std::string> out;
    for (const auto& [name, years] : d.regions) out.insert(name);
    return out;
  }();
  std::set<std::pair<std::string, int>> seen;
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    const std::string& name = t.cell(r, c_region);
    const int year = parse_year(t, r, c_year);
    if (!seen.insert({name, year}).second) {
      throw InputError(t.at(r, c_year), "one row per region and year",
                       "a second row for " + name + " " + std::to_string(year));
    }
    CohortData::RegionYear y;
    y.population = parse_count(t, r, c_pop);
    y.births = parse_count(t, r, c_births);
    y.deaths = parse_count(t, r, c_deaths);
    if (c_tfr && !t.cell(r, *c_tfr).empty()) y.tfr = parse_count(t, r, *c_tfr);
    if (from_age_files.count(name) && d.regions[name].count(year) &&
        d.regions[name][year].births > 0.0)
      continue;
    d.regions[name][year] = y;
  }
}

}  // namespace

CohortData read_cohort_data(const CohortFiles& files) {
  if (files.population.empty()) {
    throw InputError(Location{"", 0, 0, "population"}, "a population file by age and sex",
                     "none given");
  }
  if (files.region.empty()) {
    throw InputError(Location{files.population, 0, 0, "region"}, "a region name", "none given");
  }
  CohortData d;
  d.region = files.region;
  AgeFile pop = read_age_file(files.population, files.region, false, true, d.notes);
  d.population = std::move(pop.region);
  d.reference_population = std::move(pop.reference);
  AgeFile dth, b;
  if (!files.deaths.empty()) {
    dth = read_age_file(files.deaths, files.region, false, true, d.notes);
    d.deaths = std::move(dth.region);
    d.reference_deaths = std::move(dth.reference);
  }
  if (!files.births.empty()) {
    b = read_age_file(files.births, files.region, true, false, d.notes);
    spread_no_information(b, d.notes);
    d.births = std::move(b.region);
  }
  region_summaries(pop, files.births.empty() ? nullptr : &b, files.deaths.empty() ? nullptr : &dth,
                   d);
  if (!files.regions.empty()) read_region_summaries(files.regions, d, d.notes);
  if (!files.totals.empty()) d.totals = read_totals(files.totals, files.region, d.notes);
  if (!files.components.empty()) {
    const std::string& cr =
        files.components_region.empty() ? files.region : files.components_region;
    read_components(files.components, cr, d, d.notes);
  }
  return d;
}

}  // namespace utsikt::demography
