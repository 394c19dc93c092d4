// Rankings of regions: CSV, terminal lines and the report's section (utsikt/outputs/ranking.hpp).
#include "utsikt/outputs/ranking.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "catalogue.hpp"
#include "report_text.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/outputs/report.hpp"

namespace utsikt::out {
namespace {

using detail::html_text;
using detail::tr;

std::string target_text(const Ranking& rk, Lang lang) {
  const Target& t = *rk.target;
  std::string s = lang == Lang::en && !t.text_en.empty() ? t.text_en : t.text_sv;
  if (s.empty()) s = target_rule(t, rk.indicator, lang);
  if (!rk.variant.empty()) s += " (" + label(rk.variant, lang) + ")";
  return s;
}

// "25 Norrbotten"; a name that starts with the code already ("25 Norrbottens län", as official
// tables write them) is shown alone.
std::string region_text(const RegionRow& row) {
  if (row.name.empty()) return row.code;
  if (row.name.rfind(row.code + " ", 0) == 0) return row.name;
  return row.code + " " + row.name;
}

std::string trend_word(Arrow a, Lang lang) {
  switch (a) {
    case Arrow::green:
      return tr(lang, "grön", "green");
    case Arrow::yellow:
      return tr(lang, "gul", "yellow");
    case Arrow::red:
      return tr(lang, "röd", "red");
    case Arrow::none:
      break;
  }
  return "";
}

std::string assessment_text(const TargetResult& t, Lang lang) {
  if (t.status == TargetStatus::no_data) return label("no_data", lang);
  return label(to_string(t.assessment), lang);
}

bool percent_unit(const Indicator& ind) {
  return ind.kind == IndicatorKind::share || unit_is_percent(ind.unit_sv);
}

// The result rests on 4 or fewer observations (as `*` in the main table): the probability is
// rough, mostly the short-series prior (docs/methods.md, "Short series").
bool few_points(const TargetResult& t) {
  return t.status == TargetStatus::assessed && t.n_points <= 4;
}

std::string few_points_note(const TargetResult& t, Lang lang) {
  return tr(lang, "få datapunkter (", "few data points (") + std::to_string(t.n_points) + ")";
}

std::string interval_text(const Interval& v, bool pct, Lang lang) {
  return format_value_pct(v.median, pct, lang) + " (" + format_value_pct(v.lo80, pct, lang) +
         " – " + format_value_pct(v.hi80, pct, lang) + ")";
}

}  // namespace

std::string ranking_file_name(const Ranking& rk) {
  // Target ids are free text: anything but letters, digits, '-', '_' (and UTF-8 letters)
  // becomes '_', so a name never leaves the output folder ("../x", "a/b").
  std::string id = rk.target->id;
  for (char& ch : id) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (!(std::isalnum(u) || ch == '-' || ch == '_' || u >= 0x80)) ch = '_';
  }
  return "ranking-" + id + (rk.variant.empty() ? "" : "-" + rk.variant) + ".csv";
}

std::vector<std::string> ranking_file_names(const RunResult& r) {
  std::vector<std::string> names;
  for (const Ranking& rk : r.rankings) {
    std::string name = ranking_file_name(rk);
    for (int k = 2; std::find(names.begin(), names.end(), name) != names.end(); ++k)
      name = ranking_file_name(rk).substr(0, ranking_file_name(rk).size() - 4) + "-" +
             std::to_string(k) + ".csv";
    names.push_back(name);
  }
  return names;
}

std::string ranking_csv(const Ranking& rk, Lang lang, const CsvDialect& dialect) {
  CsvWriter w(dialect);
  const std::string y = std::to_string(rk.target->year);
  if (lang == Lang::sv)
    w.row({"rang", "regionkod", "region", "egen_region", "p_uppfyllt", "mc_fel", "median_" + y,
           "p10_" + y, "p90_" + y, "senaste_år", "senaste_värde", "trend", "bedömning", "status",
           "modell", "anmärkning"});
  else
    w.row({"rank", "region_code", "region", "own_region", "p_met", "mc_se", "median_" + y,
           "p10_" + y, "p90_" + y, "latest_year", "latest_value", "trend", "assessment", "status",
           "model", "note"});
  for (const RegionRow& row : rk.rows) {
    const TargetResult& t = row.result;
    const bool data = t.status != TargetStatus::no_data;
    row.rank > 0 ? w.integer(row.rank) : w.text("");
    w.text(row.code).text(row.name).text(row.home ? tr(lang, "ja", "yes") : "");
    if (data) {
      w.number(t.probability).number(t.mc_se);
    } else {
      w.text("").text("");
    }
    if (data && t.value)
      w.number(t.value->median).number(t.value->lo80).number(t.value->hi80);
    else
      w.text("").text("").text("");
    t.latest_year ? w.integer(*t.latest_year) : w.text("");
    t.latest_value ? w.number(*t.latest_value) : w.text("");
    w.text(trend_word(t.arrow, lang)).text(assessment_text(t, lang));
    w.text(to_string(t.status)).text(t.model);
    w.text(few_points(t) ? few_points_note(t, lang) : detail::no_data_sentence(t, lang));
    w.end_row();
  }
  return w.str();
}

std::vector<std::string> write_ranking_outputs(const RunResult& r, const std::string& dir,
                                               Lang lang, const CsvDialect& dialect) {
  std::vector<std::pair<std::string, std::string>> files;
  const std::vector<std::string> names = ranking_file_names(r);
  for (std::size_t k = 0; k < r.rankings.size(); ++k)
    files.emplace_back((std::filesystem::path(dir) / names[k]).string(),
                       ranking_csv(r.rankings[k], lang, dialect));
  if (files.empty()) return {};
  write_files_atomic(files);
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.first);
  return paths;
}

namespace {

// Pads (or cuts) text to `width` display columns, on the left when `right`.
std::string pad(const std::string& text, std::size_t width, bool right = false) {
  const std::string t = fit_width(text, width);
  const std::string fill(width - std::min(width, display_width(t)), ' ');
  return right ? fill + t : t + fill;
}

// Column widths of the terminal lines: rank, region, P(met), median (interval).
constexpr std::size_t kRank = 5, kRegion = 26, kProb = 12, kValue = 38;

std::string terminal_line(const RegionRow& row, const Indicator& ind, Lang lang) {
  const TargetResult& t = row.result;
  std::string s = pad(row.rank > 0 ? std::to_string(row.rank) : "–", kRank, true) + "  " +
                  pad(region_text(row), kRegion);
  if (t.status == TargetStatus::no_data)
    return s + label("no_data", lang) + ": " + detail::no_data_sentence(t, lang);
  s += pad(format_probability(t.probability, lang) + (few_points(t) ? " *" : "  "), kProb, true) +
       "   ";
  s += pad(t.value ? interval_text(*t.value, percent_unit(ind), lang) : "", kValue);
  s += label(to_string(t.arrow), lang);
  if (row.home) s += tr(lang, "   ← egen region", "   ← own region");
  return s;
}

}  // namespace

std::string ranking_table(const RunResult& r, Lang lang) {
  std::ostringstream o;
  const std::vector<std::string> names = ranking_file_names(r);
  for (std::size_t k = 0; k < r.rankings.size(); ++k) {
    const Ranking& rk = r.rankings[k];
    const std::size_t n = rk.rows.size();
    const int with_data = static_cast<int>(std::count_if(
        rk.rows.begin(), rk.rows.end(), [](const RegionRow& x) { return x.rank > 0; }));
    o << "\n"
      << tr(lang, "Rangordning: ", "Ranking: ") << target_text(rk, lang) << " (" << n
      << tr(lang, " regioner)", " regions)") << "\n";
    o << pad(tr(lang, "Plats", "Rank"), kRank, true) << "  " << pad("Region", kRegion)
      << pad(label("probability", lang), kProb, true) << "   "
      << pad(tr(lang, "Median ", "Median ") + std::to_string(rk.target->year) +
                 tr(lang, " (80 %-intervall)", " (80 % interval)"),
             kValue)
      << tr(lang, "Egen trend", "Own trend") << "\n";
    for (std::size_t i = 0; i < n; ++i) {
      if (n > 10 && i == 5) o << "   …\n";
      if (n > 10 && i >= 5 && i < n - 5) continue;
      o << terminal_line(rk.rows[i], *rk.indicator, lang) << "\n";
    }
    if (const RegionRow* home = rk.home()) {
      o << tr(lang, "Egen region: ", "Own region: ") << region_text(*home);
      if (home->rank > 0)
        o << tr(lang, ", plats ", ", rank ") << home->rank << tr(lang, " av ", " of ") << with_data
          << ", P(" << tr(lang, "uppfyllt", "met")
          << ") = " << format_probability(home->result.probability, lang);
      else
        o << ": " << label("no_data", lang);
      o << "\n";
    }
    if (std::any_of(rk.rows.begin(), rk.rows.end(),
                    [](const RegionRow& x) { return few_points(x.result); }))
      o << tr(lang, "* högst 4 datapunkter: sannolikheten är grov.\n",
              "* 4 or fewer data points: the probability is rough.\n");
    o << tr(lang, "Hela listan: ", "Full list: ") << names[k] << "\n";
  }
  return o.str();
}

namespace {

// The quantity the chart shows for a value v of a region whose latest observation is `latest`:
// the change in percentage points (shares) or in percent of the latest value.
double chart_change(double v, double latest, bool pp) {
  return pp ? v - latest : 100.0 * (v / latest - 1.0);
}

// Tick step 1, 2 or 5 x 10^k giving about five ticks over the span.
double tick_step(double span) {
  const double raw = span / 5.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * mag >= raw) return m * mag;
  return 10.0 * mag;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// The region's value of the target's base year (its latest observation when the target has
// none), if observed.
std::optional<double> base_value(const Ranking& rk, const RegionRow& row) {
  const Target& t = *rk.target;
  if (!t.base_year) return row.result.latest_value;
  for (const RegionData& rd : rk.indicator->regions) {
    if (rd.code != row.code) continue;
    const auto it = rd.groups.find(t.series.group);
    if (it == rd.groups.end()) return std::nullopt;
    const double* v = it->second.at_year(*t.base_year);
    return v ? std::optional<double>(*v) : std::nullopt;
  }
  return std::nullopt;
}

struct ChartRow {
  const RegionRow* row;
  std::optional<Interval> change;  // chart units
  std::optional<double> level;     // the target's level in chart units
};

}  // namespace

// long function: one SVG drawn top to bottom (scale, grid, one row per region, legend)
std::string ranking_chart_svg(const Ranking& rk, Lang lang) {
  const bool pp = rk.indicator->kind == IndicatorKind::share;
  std::vector<ChartRow> rows;
  double lo = 0.0, hi = 0.0;
  for (const RegionRow& row : rk.rows) {
    ChartRow c{&row, std::nullopt, std::nullopt};
    const TargetResult& t = row.result;
    if (t.status != TargetStatus::no_data && t.value && t.latest_value &&
        (pp || *t.latest_value > 0)) {
      const double l = *t.latest_value;
      c.change = Interval{chart_change(t.value->median, l, pp), chart_change(t.value->lo80, l, pp),
                          chart_change(t.value->hi80, l, pp)};
      if (has_value_level(*rk.target))
        if (auto lvl = value_level(*rk.target, base_value(rk, row)))
          c.level = chart_change(lvl->level, l, pp);
      lo = std::min({lo, c.change->lo80, c.level.value_or(lo)});
      hi = std::max({hi, c.change->hi80, c.level.value_or(hi)});
    }
    rows.push_back(c);
  }
  if (hi - lo < 1e-9) hi = lo + 1.0;
  const double step = tick_step(hi - lo);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  const double left = 200, right = 600, width = 700, row_h = 16, top = 34;
  const double height = top + row_h * rows.size() + 30;
  auto x = [&](double v) { return left + (v - lo) / (hi - lo) * (right - left); };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ranking-chart\" viewBox=\"0 0 " << width
    << " " << num(height) << "\" width=\"" << width << "\" height=\"" << num(height)
    << "\" font-family=\"Liberation Sans, Arial, sans-serif\" font-size=\"11\" role=\"img\">\n";
  o << "<title>" << html_text(target_text(rk, lang)) << "</title>\n";
  const std::string axis = pp ? tr(lang, "Förändring i procentenheter från senaste värdet till ",
                                   "Change in percentage points from the latest value to ")
                              : tr(lang, "Förändring i procent från senaste värdet till ",
                                   "Change in percent from the latest value to ");
  o << "<text x=\"" << left << "\" y=\"12\" fill=\"#333\">" << html_text(axis) << rk.target->year
    << tr(lang, " (median, 80 %-intervall)", " (median, 80 % interval)") << "</text>\n";
  o << "<text x=\"" << right + 10 << "\" y=\"12\" fill=\"#333\">"
    << html_text(tr(lang, "P(uppfyllt)", "P(met)")) << "</text>\n";
  const double bottom = top + row_h * rows.size();
  for (double v = lo; v <= hi + step / 2; v += step) {
    const double vv = std::fabs(v) < step / 1e6 ? 0.0 : v;
    o << "<line x1=\"" << num(x(vv)) << "\" x2=\"" << num(x(vv)) << "\" y1=\"" << top - 4
      << "\" y2=\"" << num(bottom) << "\" stroke=\"" << (vv == 0.0 ? "#888" : "#e3e3e3")
      << "\"/>\n";
    o << "<text x=\"" << num(x(vv)) << "\" y=\"" << num(bottom + 14)
      << "\" text-anchor=\"middle\" fill=\"#555\">"
      << html_text(format_trimmed(vv, 2, lang) + (pp ? "" : (lang == Lang::sv ? " %" : "%")))
      << "</text>\n";
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ChartRow& c = rows[i];
    const double y = top + row_h * i + row_h / 2;
    if (c.row->home)
      o << "<rect x=\"0\" y=\"" << num(y - row_h / 2) << "\" width=\"" << width << "\" height=\""
        << row_h << "\" fill=\"#fff1c9\"/>\n";
    o << "<text x=\"" << left - 8 << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\""
      << (c.row->home ? " font-weight=\"bold\"" : "") << " fill=\"#222\">"
      << html_text((c.row->rank > 0 ? std::to_string(c.row->rank) + ". " : "") +
                   fit_width(region_text(*c.row), 28))
      << "</text>\n";
    if (!c.change) {
      o << "<text x=\"" << left + 4 << "\" y=\"" << num(y + 4) << "\" fill=\"#777\">"
        << html_text(label("no_data", lang)) << "</text>\n";
      continue;
    }
    const char* colour = c.row->home ? "#c0392b" : "#1f4e79";
    o << "<line x1=\"" << num(x(c.change->lo80)) << "\" x2=\"" << num(x(c.change->hi80))
      << "\" y1=\"" << num(y) << "\" y2=\"" << num(y) << "\" stroke=\"" << colour
      << "\" stroke-width=\"2\" stroke-opacity=\"0.6\"/>\n";
    if (c.level)
      o << "<line x1=\"" << num(x(*c.level)) << "\" x2=\"" << num(x(*c.level)) << "\" y1=\""
        << num(y - 6) << "\" y2=\"" << num(y + 6) << "\" stroke=\"#2e7d32\" stroke-width=\"2\"/>\n";
    o << "<circle cx=\"" << num(x(c.change->median)) << "\" cy=\"" << num(y)
      << "\" r=\"3.5\" fill=\"" << colour << "\"/>\n";
    o << "<text x=\"" << right + 10 << "\" y=\"" << num(y + 4) << "\""
      << (c.row->home ? " font-weight=\"bold\"" : "") << " fill=\"#222\">"
      << html_text(format_probability(c.row->result.probability, lang)) << "</text>\n";
  }
  o << "<text x=\"" << left << "\" y=\"" << num(bottom + 28) << "\" fill=\"#2e7d32\">"
    << html_text(has_value_level(*rk.target) ? tr(lang, "| grönt streck: målets nivå för regionen",
                                                  "| green tick: the target's level for the region")
                                             : "")
    << "</text>\n";
  o << "</svg>\n";
  return o.str();
}

std::string ranking_section_html(const RunResult& r, Lang lang) {
  if (r.rankings.empty()) return {};
  std::ostringstream o;
  o << "<section class=\"area ranking\" id=\"rangordning\">\n<h2>"
    << html_text(tr(lang, "Regioner i rangordning", "Regions ranked")) << "</h2>\n";
  o << "<p class=\"lead\">"
    << html_text(tr(lang,
                    "Samma mål bedömt för varje region med regionens egen historik och egen "
                    "prognos. Regionerna är ordnade efter sannolikheten att målet nås (P), vid "
                    "lika P efter medianen. Egen region är markerad. Varje region projiceras för "
                    "sig: modellen känner inte till flyttningar mellan regionerna eller gemensamma "
                    "chocker. * = högst 4 datapunkter: sannolikheten är grov.",
                    "The same target assessed for every region from the region's own history and "
                    "projection. Regions are ordered by the probability that the target is met "
                    "(P), equal P by the median. The own region is highlighted. Each region is "
                    "projected on its own: the model knows nothing of migration between the "
                    "regions or shared shocks. * = 4 or fewer data points: the probability is "
                    "rough."))
    << "</p>\n";
  for (const Ranking& rk : r.rankings) {
    const bool pct = percent_unit(*rk.indicator);
    o << "<h3>" << html_text(target_text(rk, lang)) << "</h3>\n";
    if (const RegionRow* home = rk.home(); home && home->rank > 0) {
      const long with_data = std::count_if(rk.rows.begin(), rk.rows.end(),
                                           [](const RegionRow& x) { return x.rank > 0; });
      o << "<p>"
        << html_text(tr(lang, "Egen region ", "Own region ") + region_text(*home) +
                     tr(lang, ": plats ", ": rank ") + std::to_string(home->rank) +
                     tr(lang, " av ", " of ") + std::to_string(with_data) +
                     ", P = " + format_probability(home->result.probability, lang) + ".")
        << "</p>\n";
    }
    o << "<figure>\n" << ranking_chart_svg(rk, lang) << "</figure>\n";
    o << "<table class=\"ranking-table\">\n<tr><th>" << html_text(tr(lang, "Plats", "Rank"))
      << "</th><th>Region</th><th>" << html_text(label("probability", lang)) << "</th><th>"
      << html_text(tr(lang, "Median ", "Median ") + std::to_string(rk.target->year) +
                   tr(lang, " (80 %-intervall)", " (80 % interval)"))
      << "</th><th>" << html_text(tr(lang, "Egen trend", "Own trend")) << "</th><th>"
      << html_text(label("assessment", lang)) << "</th></tr>\n";
    for (const RegionRow& row : rk.rows) {
      const TargetResult& t = row.result;
      o << "<tr" << (row.home ? " style=\"background:#fff1c9;font-weight:bold\"" : "") << "><td>"
        << (row.rank > 0 ? std::to_string(row.rank) : "–") << "</td><td>"
        << html_text(region_text(row)) << "</td>";
      if (t.status == TargetStatus::no_data) {
        o << "<td colspan=\"4\">"
          << html_text(label("no_data", lang) + ": " + detail::no_data_sentence(t, lang))
          << "</td></tr>\n";
        continue;
      }
      o << "<td>"
        << html_text(format_probability(t.probability, lang) + (few_points(t) ? " *" : ""))
        << "</td><td>" << html_text(t.value ? interval_text(*t.value, pct, lang) : "")
        << "</td><td>" << html_text(label(to_string(t.arrow), lang)) << "</td><td>"
        << html_text(assessment_text(t, lang)) << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  o << "</section>\n";
  return o.str();
}

}  // namespace utsikt::out
