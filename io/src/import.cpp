// Common import layer: format detection, selections, tables to yearly series.
#include "utsikt/io/import.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

#include "import_internal.hpp"
#include "json_internal.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/number.hpp"

namespace utsikt {

namespace importer {

std::string fold(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

std::string_view trim(std::string_view text) {
  const char* ws = " \t\r\n\f\v";
  const std::size_t b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const std::size_t e = text.find_last_not_of(ws);
  return text.substr(b, e - b + 1);
}

std::string quote_excerpt(std::string_view text, std::size_t max_chars) {
  std::string out = "'";
  std::size_t chars = 0, i = 0;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) break;
      ++chars;
    }
    out.push_back(text[i]);
  }
  out += i < text.size() ? "...'" : "'";
  return out;
}

namespace {
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

Period parse_period(std::string_view text) {
  Period p;
  if (text.size() < 4 || !all_digits(text.substr(0, 4))) return p;
  const int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  const std::string_view rest = text.substr(4);
  auto sub_in = [&](std::string_view digits, int lo, int hi) {
    if (!all_digits(digits) || digits.size() > 2) return false;
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v >= lo && v <= hi;
  };
  if (rest.empty()) {
    p.frequency = TimeFrequency::yearly;
  } else if ((rest[0] == 'M' || rest[0] == 'm') && rest.size() == 3 &&
             sub_in(rest.substr(1), 1, 12)) {
    p.frequency = TimeFrequency::monthly;
  } else if ((rest[0] == 'K' || rest[0] == 'Q' || rest[0] == 'k' || rest[0] == 'q') &&
             rest.size() == 2 && sub_in(rest.substr(1), 1, 4)) {
    p.frequency = TimeFrequency::quarterly;
  } else if ((rest[0] == 'H' || rest[0] == 'h') && rest.size() == 2 &&
             sub_in(rest.substr(1), 1, 2)) {
    p.frequency = TimeFrequency::half_yearly;
  } else if ((rest[0] == 'W' || rest[0] == 'w' || rest[0] == 'V' || rest[0] == 'v') &&
             rest.size() == 3 && sub_in(rest.substr(1), 1, 53)) {
    p.frequency = TimeFrequency::weekly;
  } else {
    return p;
  }
  p.year = year;
  return p;
}

void classify_time_dimension(Dimension& dim) {
  dim.years.clear();
  TimeFrequency f = TimeFrequency::none;
  for (const std::string& code : dim.value_codes) {
    const Period p = parse_period(trim(code));
    if (p.frequency == TimeFrequency::none || (f != TimeFrequency::none && p.frequency != f)) {
      dim.frequency = TimeFrequency::other;
      dim.years.clear();
      return;
    }
    f = p.frequency;
    dim.years.push_back(p.year);
  }
  dim.frequency = f == TimeFrequency::none ? TimeFrequency::other : f;
  if (dim.frequency != TimeFrequency::yearly) dim.years.clear();
}

bool is_time_name(std::string_view name) {
  static const char* const kNames[] = {"år",    "year",  "years",   "period",  "tid",   "time",
                                       "månad", "month", "kvartal", "quarter", "vecka", "week"};
  const std::string f = fold(trim(name));
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return f == n; });
}

const std::string* first_duplicate(const std::vector<std::string>& values) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(values.size());
  for (const std::string& v : values) {
    if (!seen.insert(v).second) return &v;
  }
  return nullptr;
}

std::size_t checked_cell_count(const std::vector<Dimension>& dims, std::size_t max_cells,
                               const Location& where) {
  std::size_t n = 1;
  for (const Dimension& d : dims) {
    if (d.size() == 0) {
      throw InputError(where, "at least one value in dimension '" + d.text + "'", "none");
    }
    if (n > max_cells / d.size()) {
      throw InputError(where, "a table of at most " + std::to_string(max_cells) + " cells",
                       "more (the dimensions multiply beyond that)",
                       "select fewer values when downloading the table");
    }
    n *= d.size();
  }
  return n;
}

}  // namespace importer

using importer::fold;
using importer::trim;

const char* to_string(TimeFrequency frequency) {
  switch (frequency) {
    case TimeFrequency::none:
      return "none";
    case TimeFrequency::yearly:
      return "yearly";
    case TimeFrequency::half_yearly:
      return "half-yearly";
    case TimeFrequency::quarterly:
      return "quarterly";
    case TimeFrequency::monthly:
      return "monthly";
    case TimeFrequency::weekly:
      return "weekly";
    case TimeFrequency::other:
      return "other";
  }
  return "?";
}

bool equal_fold(std::string_view a, std::string_view b) {
  return a.size() == b.size() && fold(a) == fold(b);
}

int Table::time_dimension() const {
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i].is_time) return static_cast<int>(i);
  }
  return -1;
}

std::size_t Table::cell_index(const std::vector<std::size_t>& coords) const {
  if (coords.size() != dims.size()) throw InternalError("Table::cell_index: wrong arity");
  std::size_t idx = 0;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (coords[i] >= dims[i].size()) throw InternalError("Table::cell_index: out of range");
    idx = idx * dims[i].size() + coords[i];
  }
  return idx;
}

// ---------------------------------------------------------------------------------------------
// Reading files

namespace {

std::string_view strip_bom_and_space(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  while (!bytes.empty() &&
         (bytes[0] == ' ' || bytes[0] == '\t' || bytes[0] == '\r' || bytes[0] == '\n')) {
    bytes.remove_prefix(1);
  }
  return bytes;
}

std::string read_bytes(const std::string& path, std::size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    throw InputError(Location{path, 0, 0, ""}, "an existing file", "no such file");
  }
  if (fs::is_directory(st)) {
    throw InputError(Location{path, 0, 0, ""}, "a file", "a folder");
  }
  if (!fs::is_regular_file(st)) {  // a FIFO would block the open forever, /dev/zero never ends
    throw InputError(Location{path, 0, 0, ""}, "a regular file", "a device, pipe or socket",
                     "Save the data to a file and give its path.");
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(Location{path, 0, 0, ""}, "a readable file", "it cannot be opened");
  std::string bytes;
  char buf[1 << 16];
  while (f) {
    f.read(buf, sizeof buf);
    bytes.append(buf, static_cast<std::size_t>(f.gcount()));
    if (bytes.size() > max_bytes) {
      throw InputError(Location{path, 0, 0, ""},
                       "a file of at most " + std::to_string(max_bytes) + " bytes",
                       "a larger file");
    }
  }
  if (f.bad()) throw InputError(Location{path, 0, 0, ""}, "a readable file", "a read error");
  out::note_input_file(path);  // an output may never replace it
  return bytes;
}

bool looks_like_json(std::string_view bytes) {
  bytes = strip_bom_and_space(bytes);
  return !bytes.empty() && (bytes[0] == '{' || bytes[0] == '[');
}

}  // namespace

TableFormat detect_table_format(std::string_view bytes, const std::string& path) {
  if (looks_like_json(bytes)) {
    try {
      std::string enc;
      return importer::json_table_format(importer::parse_json_text(bytes, path, &enc));
    } catch (const InputError&) {
      return TableFormat::unknown;
    }
  }
  const std::string_view s = strip_bom_and_space(bytes);
  // PC-Axis: a keyword, optional [lang] and ("..."), then '='. Most files start CHARSET= or
  // AXIS-VERSION=.
  std::size_t i = 0;
  while (i < s.size() && i < 100 &&
         (std::isalnum(static_cast<unsigned char>(s[i])) != 0 || s[i] == '-' || s[i] == '_')) {
    ++i;
  }
  if (i > 0 && i < s.size() && (s[i] == '=' || s[i] == '[' || s[i] == '(')) return TableFormat::px;
  const std::string ext = fold(std::filesystem::path(path).extension().string());
  if (ext == ".px") return TableFormat::px;
  return TableFormat::unknown;
}

Table parse_jsonstat(std::string_view text, const std::string& file, const ReadOptions& options) {
  if (text.size() > options.max_bytes) {
    throw InputError(Location{file, 0, 0, ""},
                     "a file of at most " + std::to_string(options.max_bytes) + " bytes",
                     std::to_string(text.size()) + " bytes");
  }
  std::string enc;
  Table t = importer::jsonstat_from_json(importer::parse_json_text(text, file, &enc), text, file,
                                         options);
  t.encoding = enc;
  return t;
}

Table parse_kolada(std::string_view text, const std::string& file, const ReadOptions& options) {
  if (text.size() > options.max_bytes) {
    throw InputError(Location{file, 0, 0, ""},
                     "a file of at most " + std::to_string(options.max_bytes) + " bytes",
                     std::to_string(text.size()) + " bytes");
  }
  std::string enc;
  Table t =
      importer::kolada_from_json(importer::parse_json_text(text, file, &enc), text, file, options);
  t.encoding = enc;
  return t;
}

Table parse_pxweb_v1(std::string_view text, const std::string& file, const ReadOptions& options) {
  if (text.size() > options.max_bytes) {
    throw InputError(Location{file, 0, 0, ""},
                     "a file of at most " + std::to_string(options.max_bytes) + " bytes",
                     std::to_string(text.size()) + " bytes");
  }
  std::string enc;
  const nlohmann::ordered_json doc = importer::parse_json_text(text, file, &enc);
  if (!importer::is_pxweb_v1(doc)) {
    throw InputError(Location{file, 1, 1, ""},
                     "a PxWeb API v1 response {\"columns\": [...], \"data\": [...]}",
                     "JSON of another shape");
  }
  Table t = importer::pxweb_v1_from_json(doc, text, file, options);
  t.encoding = enc;
  return t;
}

namespace {
Table read_table_unchecked(const std::string& path, const ReadOptions& options);

// A value that `utsikt run` would refuse when read back from the exported CSV (a subnormal such
// as 1e-320: parse_number refuses magnitudes below 2.2e-308) is refused here already, so that
// import never writes a number that run refuses.
Table checked_values(Table t, const std::string& path) {
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    const double x = t.values[i];
    if (t.status[i] == 0 && x != 0.0 && std::fabs(x) < std::numeric_limits<double>::min())
      throw InputError(Location{path, 0, 0, ""},
                       "values of 0 or at least 2.2e-308 in magnitude (what utsikt reads back)",
                       format_double(x) + " as value " + std::to_string(i + 1));
  }
  return t;
}
}  // namespace

Table read_table(const std::string& path, const ReadOptions& options) {
  return checked_values(read_table_unchecked(path, options), path);
}

namespace {
Table read_table_unchecked(const std::string& path, const ReadOptions& options) {
  const std::string bytes = read_bytes(path, options.max_bytes);
  if (looks_like_json(bytes)) {
    std::string enc;
    const nlohmann::ordered_json doc = importer::parse_json_text(bytes, path, &enc);
    Table t;
    switch (importer::json_table_format(doc)) {
      case TableFormat::jsonstat:
        t = importer::jsonstat_from_json(doc, bytes, path, options);
        break;
      case TableFormat::kolada:
        t = importer::kolada_from_json(doc, bytes, path, options);
        break;
      case TableFormat::pxweb_v1:
        t = importer::pxweb_v1_from_json(doc, bytes, path, options);
        break;
      default:
        throw InputError(Location{path, 1, 1, ""},
                         "a JSON-stat dataset (\"class\": \"dataset\" with \"id\", \"size\", "
                         "\"dimension\", \"value\"), a PxWeb API v1 response (\"columns\", "
                         "\"data\") or a Kolada data response (\"values\": "
                         "[{\"kpi\", \"municipality\", \"period\", \"values\"}])",
                         "JSON of another shape");
    }
    t.encoding = enc;
    return t;
  }
  if (detect_table_format(bytes, path) == TableFormat::px) return parse_px(bytes, path, options);
  throw InputError(Location{path, 1, 1, ""},
                   "a PC-Axis file (.px, starting with a keyword such as CHARSET=), a JSON-stat "
                   "dataset or a Kolada JSON response",
                   "a file of another kind");
}
}  // namespace

// ---------------------------------------------------------------------------------------------
// Selections

Selection Selection::parse(const std::vector<std::string>& items, const std::string& origin) {
  Selection s;
  s.origin = origin;
  for (const std::string& item : items) {
    const std::size_t eq = item.find('=');
    const std::string_view dim =
        eq == std::string::npos ? std::string_view() : trim(std::string_view(item).substr(0, eq));
    const std::string_view val =
        eq == std::string::npos ? std::string_view() : trim(std::string_view(item).substr(eq + 1));
    if (eq == std::string::npos || dim.empty() || val.empty()) {
      throw InputError(Location{"", 0, 0, origin},
                       "dimension=value, e.g. region=\"25 Norrbotten county\"",
                       importer::quote_excerpt(item, 80));
    }
    s.criteria.emplace_back(std::string(dim), std::string(val));
  }
  return s;
}

namespace {

constexpr std::size_t kMaxListed = 60;

std::string describe_value(const Dimension& d, std::size_t i) {
  const std::string& c = d.value_codes[i];
  const std::string& t = d.value_texts[i];
  return c == t ? "'" + c + "'" : "'" + c + "' (" + t + ")";
}

std::string list_values(const Dimension& d) {
  std::string s;
  for (std::size_t i = 0; i < d.size() && i < kMaxListed; ++i)
    s += (i ? ", " : "") + describe_value(d, i);
  if (d.size() > kMaxListed) s += ", ... and " + std::to_string(d.size() - kMaxListed) + " more";
  return s;
}

std::string describe_dim(const Dimension& d) {
  return d.code == d.text ? "'" + d.code + "'" : "'" + d.code + "' (" + d.text + ")";
}

// Text of a value without a leading "code " ("25 Norrbotten county" -> "Norrbotten county").
std::string_view text_without_code(const Dimension& d, std::size_t i) {
  const std::string& c = d.value_codes[i];
  const std::string& t = d.value_texts[i];
  if (t.size() > c.size() + 1 && t.compare(0, c.size(), c) == 0 && t[c.size()] == ' ') {
    return trim(std::string_view(t).substr(c.size() + 1));
  }
  return {};
}

struct Resolved {
  std::vector<std::vector<std::size_t>> chosen;  // per dimension, ascending value indices
  std::vector<bool> constrained;
};

Resolved resolve(const Table& t, const Selection& sel) {
  Resolved r;
  r.chosen.resize(t.dims.size());
  r.constrained.assign(t.dims.size(), false);
  for (const auto& [dname, vname] : sel.criteria) {
    const Location where{t.file, 0, 0, sel.origin + " " + dname + "=" + vname};
    int di = -1;
    for (std::size_t i = 0; i < t.dims.size() && di < 0; ++i) {
      if (equal_fold(t.dims[i].code, dname)) di = static_cast<int>(i);
    }
    for (std::size_t i = 0; i < t.dims.size() && di < 0; ++i) {
      if (equal_fold(t.dims[i].text, dname)) di = static_cast<int>(i);
    }
    if (di < 0) {
      std::string avail;
      for (const Dimension& d : t.dims) avail += (avail.empty() ? "" : ", ") + describe_dim(d);
      throw InputError(where, "a dimension of the table: " + avail, "'" + dname + "'");
    }
    const Dimension& d = t.dims[static_cast<std::size_t>(di)];
    const std::string key = fold(vname);
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (fold(d.value_codes[i]) == key || fold(d.value_texts[i]) == key) hits.push_back(i);
    }
    if (hits.empty()) {
      for (std::size_t i = 0; i < d.size(); ++i) {
        const std::string_view rest = text_without_code(d, i);
        if (!rest.empty() && fold(rest) == key) hits.push_back(i);
      }
    }
    if (hits.empty()) {
      throw InputError(where, "a value of dimension " + describe_dim(d) + ": " + list_values(d),
                       "'" + vname + "'", "values match by code or text, ignoring case");
    }
    if (hits.size() > 1) {
      std::string amb;
      for (std::size_t h : hits) amb += (amb.empty() ? "" : ", ") + describe_value(d, h);
      throw InputError(where, "a value that names one value of dimension " + describe_dim(d),
                       "'" + vname + "' matching " + amb, "use the code to choose one");
    }
    auto& ch = r.chosen[static_cast<std::size_t>(di)];
    if (std::find(ch.begin(), ch.end(), hits[0]) == ch.end()) ch.push_back(hits[0]);
    r.constrained[static_cast<std::size_t>(di)] = true;
  }
  for (std::size_t i = 0; i < t.dims.size(); ++i) {
    auto& ch = r.chosen[i];
    if (!r.constrained[i]) {
      for (std::size_t k = 0; k < t.dims[i].size(); ++k) ch.push_back(k);
    }
    std::sort(ch.begin(), ch.end());
  }
  return r;
}

int require_time(const Table& t, const Selection& sel) {
  const int td = t.time_dimension();
  if (td < 0) {
    std::string dims;
    for (const Dimension& d : t.dims) dims += (dims.empty() ? "" : ", ") + describe_dim(d);
    throw InputError(Location{t.file, 0, 0, sel.origin},
                     "a table with a time dimension (TIMEVAL in PC-Axis, role \"time\" in "
                     "JSON-stat)",
                     "dimensions " + dims + " and none of them is time");
  }
  return td;
}

// Visits every combination of the chosen values of the non-time dimensions (last fastest).
template <typename F>
void for_each_combination(const Table& t, const Resolved& r, int td, F&& f) {
  const std::size_t nd = t.dims.size();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < nd; ++i) {
    if (static_cast<int>(i) != td) order.push_back(i);
  }
  std::vector<std::size_t> pos(nd, 0);
  std::vector<std::size_t> coords(nd, 0);
  while (true) {
    for (std::size_t i = 0; i < nd; ++i) coords[i] = r.chosen[i][pos[i]];
    f(coords);
    std::size_t k = order.size();
    while (k > 0) {
      const std::size_t i = order[k - 1];
      if (++pos[i] < r.chosen[i].size()) break;
      pos[i] = 0;
      --k;
    }
    if (k == 0) return;
  }
}

std::string group_name(const Table& t, const Resolved& r, int td,
                       const std::vector<std::size_t>& coords) {
  std::string g;
  for (std::size_t i = 0; i < t.dims.size(); ++i) {
    if (static_cast<int>(i) == td || r.chosen[i].size() < 2) continue;
    g += (g.empty() ? "" : ", ") + t.dims[i].value_texts[coords[i]];
  }
  return g.empty() ? std::string("total") : g;
}

}  // namespace

std::vector<PeriodSeries> select_periods(const Table& t, const Selection& sel) {
  const int td = require_time(t, sel);
  const Resolved r = resolve(t, sel);
  const Dimension& time = t.dims[static_cast<std::size_t>(td)];
  std::vector<PeriodSeries> out;
  for_each_combination(t, r, td, [&](std::vector<std::size_t> coords) {
    PeriodSeries ps;
    ps.group = group_name(t, r, td, coords);
    for (std::size_t k : r.chosen[static_cast<std::size_t>(td)]) {
      coords[static_cast<std::size_t>(td)] = k;
      const std::size_t cell = t.cell_index(coords);
      const std::uint8_t st = t.status[cell];
      if (st == 0) {
        ps.periods.push_back(time.value_codes[k]);
        ps.values.push_back(t.values[cell]);
      } else if (sel.nil_as_zero && st <= t.missing_symbols.size() &&
                 t.missing_symbols[st - 1].nil) {
        ps.periods.push_back(time.value_codes[k]);
        ps.values.push_back(0.0);
      } else {
        const std::string sym =
            st <= t.missing_symbols.size() ? t.missing_symbols[st - 1].symbol : "?";
        ps.missing.push_back(time.value_codes[k] + " (" + sym + ")");
      }
    }
    out.push_back(std::move(ps));
  });
  return out;
}

std::vector<Series> select_series(const Table& t, const Selection& sel,
                                  const std::string& indicator_id) {
  const int td = require_time(t, sel);
  const Dimension& time = t.dims[static_cast<std::size_t>(td)];
  if (time.frequency != TimeFrequency::yearly || time.years.size() != time.size()) {
    std::string sample = time.size() ? time.value_codes.front() : std::string();
    if (time.size() > 1) sample += " ... " + time.value_codes.back();
    throw InputError(Location{t.file, 0, 0, time.text},
                     "yearly periods such as 2023 (utsikt projects yearly series only)",
                     std::string(to_string(time.frequency)) + " periods in dimension " +
                         describe_dim(time) + ": " + sample,
                     "`utsikt import` can list and export this table; aggregate it to years "
                     "(or download the yearly table) before projecting");
  }
  std::string source = t.provenance.source;
  if (!t.provenance.table_id.empty()) source += (source.empty() ? "" : " ") + t.provenance.table_id;
  std::map<std::string, std::size_t> year_of_code;
  for (std::size_t k = 0; k < time.size(); ++k) year_of_code[time.value_codes[k]] = k;
  std::vector<Series> out;
  for (PeriodSeries& ps : select_periods(t, sel)) {
    Series s;
    s.indicator = indicator_id;
    s.group = ps.group;
    s.provenance = t.provenance;
    std::vector<std::pair<int, double>> obs;
    for (std::size_t i = 0; i < ps.periods.size(); ++i) {
      obs.emplace_back(time.years[year_of_code.at(ps.periods[i])], ps.values[i]);
    }
    std::sort(obs.begin(), obs.end());
    for (std::size_t i = 1; i < obs.size(); ++i) {
      if (obs[i].first == obs[i - 1].first) {
        throw InputError(Location{t.file, 0, 0, time.text}, "each year once in the time dimension",
                         std::to_string(obs[i].first) + " twice");
      }
    }
    for (const auto& [y, v] : obs) {
      s.years.push_back(y);
      s.values.push_back(v);
      s.sources.push_back(source);
    }
    if (source.empty()) s.sources.clear();
    out.push_back(std::move(s));
  }
  return out;
}

Series select_one_series(const Table& t, const Selection& sel, const std::string& indicator_id) {
  std::vector<Series> all = select_series(t, sel, indicator_id);
  if (all.size() > 1) {
    const Resolved r = resolve(t, sel);
    const int td = t.time_dimension();
    std::string open;
    for (std::size_t i = 0; i < t.dims.size(); ++i) {
      if (static_cast<int>(i) == td || r.chosen[i].size() < 2) continue;
      open += (open.empty() ? "" : "; ") + describe_dim(t.dims[i]) + ": " + list_values(t.dims[i]);
    }
    std::string groups;
    for (std::size_t i = 0; i < all.size() && i < kMaxListed; ++i)
      groups += (i ? " | " : "") + all[i].group;
    if (all.size() > kMaxListed)
      groups += " | ... and " + std::to_string(all.size() - kMaxListed) + " more";
    throw InputError(
        Location{t.file, 0, 0, sel.origin}, "a selection that leaves exactly one series",
        std::to_string(all.size()) + " series: " + groups, "choose one value of: " + open);
  }
  Series& s = all.front();
  if (s.empty()) {
    throw InputError(Location{t.file, 0, 0, sel.origin},
                     "at least one observed value in the selected series", "only missing values",
                     "the cells of this selection are all missing-value symbols");
  }
  return std::move(s);
}

std::vector<Series> load_series_from_file(const std::string& path, const Selection& selection,
                                          const std::string& indicator_id,
                                          const ReadOptions& options) {
  return select_series(read_table(path, options), selection, indicator_id);
}

std::string default_indicator_id(const Table& t) {
  const std::string& base = !t.provenance.table_id.empty() ? t.provenance.table_id : t.contents;
  std::string id;
  bool sep = false;
  for (const char ch : fold(base)) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ok) {
      if (sep && !id.empty()) id += '_';
      id += ch;
      sep = false;
    } else {
      sep = true;
    }
    if (id.size() >= 64) break;
  }
  return id.empty() ? std::string("imported") : id;
}

}  // namespace utsikt
