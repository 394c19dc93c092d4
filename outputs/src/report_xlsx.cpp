// The report workbook (libxlsxwriter). Numbers are written as numbers with number formats (Excel
// shows them in the reader's locale: "251 295" and "48,8" in Swedish Excel), texts as strings.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catalogue.hpp"
#include "report_text.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/error.hpp"
#include "utsikt/outputs/quantiles.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/outputs/reported.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::out {
namespace {

using detail::tr;

// Lower-cases ASCII and the Swedish letters for Excel's case-insensitive name comparison.
std::string fold(const std::string& s) {
  std::string o = s;
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (o[i] >= 'A' && o[i] <= 'Z') o[i] = static_cast<char>(o[i] - 'A' + 'a');
    if (static_cast<unsigned char>(o[i]) == 0xC3 && i + 1 < o.size()) {
      const unsigned char c = static_cast<unsigned char>(o[i + 1]);
      if (c == 0x85 || c == 0x84 || c == 0x96) o[i + 1] = static_cast<char>(c + 0x20);
    }
  }
  return o;
}

// Cuts UTF-8 text to at most n code points (Excel counts UTF-16 units; Swedish text is BMP).
std::string cut_utf8(const std::string& s, std::size_t n) {
  std::string o;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (w == n) break;
      ++w;
    }
    o += s[i];
  }
  return o;
}

class Book {
 public:
  Book(const std::string& path, Lang lang) : lang_(lang) {
    lxw_workbook_options opt{};
    opt.constant_memory = LXW_FALSE;
    wb_ = workbook_new_opt(path.c_str(), &opt);
    if (!wb_)
      throw InputError(Location{path, 0, 0, ""}, "a writable file", "cannot create the workbook");
    head_ = fmt([](lxw_format* f) {
      format_set_bold(f);
      format_set_bg_color(f, 0xE6EBF1);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      format_set_bottom(f, LXW_BORDER_THIN);
    });
    title_ = fmt([](lxw_format* f) {
      format_set_bold(f);
      format_set_font_size(f, 14);
    });
    area_ = fmt([](lxw_format* f) {
      format_set_bold(f);
      format_set_bg_color(f, 0xF3F3F3);
    });
    text_ = fmt([](lxw_format* f) { format_set_align(f, LXW_ALIGN_VERTICAL_TOP); });
    wrap_ = fmt([](lxw_format* f) {
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    });
    int_ = numfmt("#,##0");
    dec1_ = numfmt("#,##0.0");
    dec2_ = numfmt("#,##0.00");
    dec3_ = numfmt("0.000");
    year_ = numfmt("0");
    pct0_ = numfmt("0%");
    pct1_ = numfmt("0.0%");
    small_ = fmt([](lxw_format* f) {
      format_set_italic(f);
      format_set_font_color(f, 0x555555);
    });
  }
  ~Book() {
    if (wb_) workbook_close(wb_);
  }
  void close(const std::string& path) {
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (e != LXW_NO_ERROR)
      throw InputError(Location{path, 0, 0, ""}, "a writable file", lxw_strerror(e));
  }

  lxw_worksheet* sheet(const std::string& title) {
    const std::string name = excel_sheet_name(title, names_);
    names_.push_back(name);
    return workbook_add_worksheet(wb_, name.c_str());
  }

  template <class F>
  lxw_format* fmt(F f) {
    lxw_format* x = workbook_add_format(wb_);
    f(x);
    return x;
  }
  lxw_format* numfmt(const char* code) {
    lxw_format* x = workbook_add_format(wb_);
    format_set_num_format(x, code);
    format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
    return x;
  }
  // A number format fitting the magnitude of an indicator's values.
  lxw_format* value_format(double typical, bool percent) const {
    if (percent) return dec1_;
    const double a = std::fabs(typical);
    if (a >= 100) return int_;
    if (a >= 10) return dec1_;
    if (a >= 1) return dec2_;
    return dec3_;
  }

  lxw_workbook* wb_ = nullptr;
  Lang lang_;
  std::vector<std::string> names_;
  lxw_format *head_, *title_, *area_, *text_, *wrap_, *int_, *dec1_, *dec2_, *dec3_, *year_, *pct0_,
      *pct1_, *small_;
};

void put(lxw_worksheet* ws, int r, int c, const std::string& s, lxw_format* f) {
  if (!s.empty())
    worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), s.c_str(), f);
}
void put(lxw_worksheet* ws, int r, int c, double v, lxw_format* f) {
  if (std::isfinite(v))
    worksheet_write_number(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), v, f);
}
void put(lxw_worksheet* ws, int r, int c, const std::optional<double>& v, lxw_format* f) {
  if (v) put(ws, r, c, *v, f);
}

std::string target_text(const Target& g, Lang lang) {
  std::string s = lang == Lang::sv || g.text_en.empty() ? g.text_sv : g.text_en;
  return s.empty() ? g.id : s;
}

std::string arrow_text(const TargetResult& t, Lang lang) {
  if (t.status == TargetStatus::no_data || t.arrow == Arrow::none) return "–";
  return std::string(detail::arrow_symbol(t.arrow)) + " " + detail::arrow_word(t.arrow, lang);
}

struct Column {
  std::string head;
  double width;
};

void header(Book& b, lxw_worksheet* ws, int row, const std::vector<Column>& cols) {
  for (std::size_t c = 0; c < cols.size(); ++c) {
    put(ws, row, static_cast<int>(c), cols[c].head, b.head_);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), cols[c].width,
                         nullptr);
  }
  worksheet_set_row(ws, static_cast<lxw_row_t>(row), 32, nullptr);
  worksheet_freeze_panes(ws, static_cast<lxw_row_t>(row + 1), 0);
  worksheet_repeat_rows(ws, static_cast<lxw_row_t>(row), static_cast<lxw_row_t>(row));
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
}

// The columns of a target row (summary and focus-area sheets share them).
std::vector<Column> target_columns(Lang lang, bool with_area) {
  std::vector<Column> c;
  if (with_area) c.push_back({tr(lang, "Insatsområde", "Focus area"), 26});
  c.insert(c.end(),
           {{tr(lang, "Effektmål", "Effect target"), 24},
            {tr(lang, "Mål", "Target"), 44},
            {tr(lang, "Målnivå", "Target rule"), 30},
            {tr(lang, "Indikator", "Indicator"), 28},
            {tr(lang, "Grupp", "Group"), 12},
            {tr(lang, "Enhet", "Unit"), 11},
            {tr(lang, "Senaste år", "Latest year"), 9},
            {tr(lang, "Senaste värde", "Latest value"), 12},
            {tr(lang, "Målår", "Target year"), 8},
            {tr(lang, "Prognos, median", "Projection, median"), 12},
            {tr(lang, "Prognos, 80 % nedre", "Projection, 80 % lower"), 12},
            {tr(lang, "Prognos, 80 % övre", "Projection, 80 % upper"), 12},
            {tr(lang, "Prognosen avser", "Projection refers to"), 16},
            {tr(lang, "Sannolikhet att målet nås", "Probability of meeting the target"), 12},
            {tr(lang, "Utveckling", "Development"), 13},
            {tr(lang, "Bedömning", "Assessment"), 10},
            {tr(lang, "Kommentar", "Comment"), 50},
            {tr(lang, "Dokumentets egen bedömning", "The document's own verdict"), 50}});
  return c;
}

void target_row(Book& b, lxw_worksheet* ws, int row, const RunResult& r, const TargetResult& t,
                bool with_area) {
  const Lang lang = b.lang_;
  const Target& g = *t.target;
  const Indicator* ind = r.project->find_indicator(g.series.indicator);
  const bool pct = detail::is_percent(ind);
  int c = 0;
  if (with_area) put(ws, row, c++, detail::area_name(g, lang), b.wrap_);
  put(ws, row, c++, detail::goal_name(g, lang), b.wrap_);
  put(ws, row, c++,
      target_text(g, lang) + (t.variant.empty() ? "" : " (" + label(t.variant, lang) + ")"),
      b.wrap_);
  put(ws, row, c++, capitalize(target_rule(g, ind, lang)), b.wrap_);
  put(ws, row, c++,
      ind ? (lang == Lang::sv || ind->name_en.empty() ? ind->name_sv : ind->name_en)
          : g.series.indicator,
      b.wrap_);
  put(ws, row, c++, group_label(g.series.group, lang), b.text_);
  put(ws, row, c++,
      pct ? tr(lang, "procent", "percent")
          : (ind ? (lang == Lang::sv || ind->unit_en.empty() ? ind->unit_sv : ind->unit_en) : ""),
      b.text_);
  if (t.latest_year) put(ws, row, c, static_cast<double>(*t.latest_year), b.year_);
  ++c;
  lxw_format* vf = b.value_format(t.latest_value.value_or(0.0), pct);
  put(ws, row, c++, t.latest_value, vf);
  put(ws, row, c++, static_cast<double>(g.year), b.year_);
  if (t.status != TargetStatus::no_data) {
    const auto p = detail::projection_summary(t, ind, lang);
    const TargetKindInfo& kind = kind_info(g.kind);
    lxw_format* pf = p.relative ? b.pct0_ : (kind.scale == MeasureScale::value ? vf : b.dec1_);
    if (!p.median.empty()) {
      put(ws, row, c, p.median_value, pf);
      if (t.status == TargetStatus::assessed) {
        put(ws, row, c + 1, p.lo80, pf);
        put(ws, row, c + 2, p.hi80, pf);
      }
    }
    std::string what = p.what;
    if (!what.empty() && what.back() == ':') what.pop_back();
    if (what.empty())  // the value in the target year
      what = std::string(variant_label(g, 0).in(lang == Lang::sv)) + " " + std::to_string(g.year);
    else if (pct && kind.scale == MeasureScale::difference)
      what += tr(lang, " (procentenheter)", " (percentage points)");
    else if (kind.scale == MeasureScale::growth_points)
      what += tr(lang, " (procentenheter av basåret)", " (percentage points of the base)");
    if (t.status == TargetStatus::observed) what += tr(lang, " (utfall)", " (outcome)");
    if (p.cut)
      what += tr(lang, " (intervallet avskuret vid gränsen)", " (interval cut at the bound)");
    put(ws, row, c + 3, what, b.text_);
    put(ws, row, c + 4, t.probability, b.pct0_);
    put(ws, row, c + 5, arrow_text(t, lang), b.text_);
    put(ws, row, c + 6,
        std::string(label(to_string(t.assessment), lang)) + (detail::few_points(t) ? " *" : ""),
        b.text_);
  } else {
    put(ws, row, c + 4, tr(lang, "kan inte följas upp", "cannot be followed up"), b.small_);
  }
  std::string comment;
  if (t.status == TargetStatus::no_data)
    comment =
        g.no_data_reason.empty() ? capitalize(detail::no_data_sentence(t, lang)) : t.no_data_reason;
  else if (detail::few_points(t))
    comment = tr(lang, "Få datapunkter (", "Few data points (") + std::to_string(t.n_points) +
              tr(lang, "): sannolikheten är grov.", "): the probability is rough.");
  put(ws, row, c + 7, comment, b.wrap_);
  if (g.reported) {
    const std::string note = reported_note(t, r.project->options, lang);
    put(ws, row, c + 8, reported_text(g, lang) + (note.empty() ? "" : " " + note), b.wrap_);
  }
}

}  // namespace

std::string excel_sheet_name(const std::string& title, const std::vector<std::string>& taken) {
  std::string s;
  for (char ch : title) {
    if (std::string_view("[]:*?/\\").find(ch) != std::string_view::npos)
      s += '-';
    else if (static_cast<unsigned char>(ch) < 0x20)
      s += ' ';
    else
      s += ch;
  }
  while (!s.empty() && (s.front() == '\'' || s.front() == ' ')) s.erase(s.begin());
  while (!s.empty() && (s.back() == '\'' || s.back() == ' ')) s.pop_back();
  if (s.empty()) s = "Blad";
  if (fold(s) == "history") s += " 1";
  if (display_width(s) > 31) {
    // Cut at a word boundary when that keeps a readable name ("Hög livskvalitet i attraktiva").
    std::string cut = cut_utf8(s, 31);
    const std::size_t sp = cut.find_last_of(' ');
    const std::string at_word = sp == std::string::npos ? std::string() : cut.substr(0, sp);
    s = display_width(at_word) >= 16 && s[cut.size()] != ' ' ? at_word : cut;
  }
  while (!s.empty() && (s.back() == '\'' || s.back() == ' ' || s.back() == ',')) s.pop_back();
  std::set<std::string> used;
  for (const auto& t : taken) used.insert(fold(t));
  if (!used.count(fold(s))) return s;
  for (int k = 2;; ++k) {
    const std::string suffix = " (" + std::to_string(k) + ")";
    std::string c = cut_utf8(s, 31 - suffix.size());
    while (!c.empty() && c.back() == ' ') c.pop_back();
    c += suffix;
    if (!used.count(fold(c))) return c;
  }
}

namespace {

// The summary sheet: every target in one table with an autofilter; the sheet shown on opening.
void summary_sheet(Book& b, const RunResult& r, const std::string& title) {
  const Lang lang = b.lang_;
  lxw_worksheet* ws = b.sheet(tr(lang, "Sammanfattning", "Summary"));
  put(ws, 0, 0, title, b.title_);
  put(ws, 1, 0,
      tr(lang, "Slumpfrö ", "Seed ") + std::to_string(r.seed) + ", " +
          format_fixed(r.n_paths, 0, lang) +
          tr(lang, " simulerade banor per serie. ", " simulated paths per series. ") +
          detail::reading_note(r, lang),
      b.small_);
  const auto cols = target_columns(lang, true);
  header(b, ws, 3, cols);
  int row = 4;
  for (const TargetResult& t : r.targets) target_row(b, ws, row++, r, t, true);
  worksheet_autofilter(ws, 3, 0, static_cast<lxw_row_t>(std::max(4, row - 1)),
                       static_cast<lxw_col_t>(cols.size() - 1));
  worksheet_activate(ws);
}

// The scenarios sheet: the scenarios, then P(met) of every target under the baseline and every
// scenario, with the change in percentage points.
void scenario_sheet(Book& b, const RunResult& r, const Comparison& c) {
  const Lang lang = b.lang_;
  lxw_worksheet* ws = b.sheet(tr(lang, "Scenarier", "Scenarios"));
  put(ws, 0, 0, tr(lang, "Scenarier", "Scenarios"), b.title_);
  put(ws, 1, 0,
      tr(lang, "Samma simulerade banor som basen (slumpfrö ",
         "The same simulated paths as the baseline (seed ") +
          std::to_string(r.seed) + ", " + format_fixed(r.n_paths, 0, lang) +
          tr(lang,
             " banor): skillnaden mot basen är scenariots effekt. Förändring i procentenheter.",
             " paths): a difference from the baseline is the scenario's effect. Change in "
             "percentage points."),
      b.small_);
  int row = 3;
  for (std::size_t k = 1; k < c.outcomes.size(); ++k, ++row) {
    const Scenario& sc = *c.outcomes[k].scenario;
    put(ws, row, 0,
        "[" + std::to_string(k) + "] " +
            (lang == Lang::sv || sc.name_en.empty() ? sc.name_sv : sc.name_en),
        b.wrap_);
    put(ws, row, 1,
        lang == Lang::sv || sc.description_en.empty() ? sc.description_sv : sc.description_en,
        b.wrap_);
  }
  ++row;
  std::vector<Column> cols = {{tr(lang, "Insatsområde", "Focus area"), 26},
                              {tr(lang, "Mål", "Target"), 44},
                              {tr(lang, "Mål-id", "Target id"), 16},
                              {tr(lang, "Variant", "Variant"), 11},
                              {tr(lang, "Bas", "Baseline"), 10}};
  for (std::size_t k = 1; k < c.outcomes.size(); ++k) {
    cols.push_back({"[" + std::to_string(k) + "] " + tr(lang, "sannolikhet", "probability"), 13});
    cols.push_back(
        {"[" + std::to_string(k) + "] " + tr(lang, "förändring, p.e.", "change, pp"), 13});
  }
  const int head = row;
  header(b, ws, head, cols);
  row = head + 1;
  const auto& base = c.outcomes[0].targets;
  for (std::size_t i = 0; i < base.size(); ++i, ++row) {
    const TargetResult& t = base[i];
    put(ws, row, 0, detail::area_name(*t.target, lang), b.text_);
    put(ws, row, 1, target_text(*t.target, lang), b.wrap_);
    put(ws, row, 2, t.target->id, b.text_);
    put(ws, row, 3, t.variant.empty() ? std::string() : label(t.variant, lang), b.text_);
    if (t.status != TargetStatus::no_data) put(ws, row, 4, t.probability, b.pct0_);
    for (std::size_t k = 1; k < c.outcomes.size(); ++k) {
      if (i >= c.outcomes[k].targets.size()) continue;
      const TargetResult& x = c.outcomes[k].targets[i];
      const int col = 5 + 2 * static_cast<int>(k - 1);
      if (x.status == TargetStatus::no_data) continue;
      put(ws, row, col, x.probability, b.pct0_);
      if (t.status != TargetStatus::no_data)
        put(ws, row, col + 1, (x.probability - t.probability) * 100.0, b.dec1_);
    }
  }
  worksheet_autofilter(ws, static_cast<lxw_row_t>(head), 0,
                       static_cast<lxw_row_t>(std::max(head + 1, row - 1)),
                       static_cast<lxw_col_t>(cols.size() - 1));
}

// One sheet per focus area, in project order.
void area_sheets(Book& b, const RunResult& r) {
  const Lang lang = b.lang_;
  std::vector<std::string> areas;
  for (const TargetResult& t : r.targets)
    if (std::find(areas.begin(), areas.end(), t.target->focus_area) == areas.end())
      areas.push_back(t.target->focus_area);
  for (const auto& a : areas) {
    std::string name = a;
    for (const TargetResult& t : r.targets)
      if (t.target->focus_area == a) name = detail::area_name(*t.target, lang);
    lxw_worksheet* ws = b.sheet(name.empty() ? tr(lang, "Övrigt", "Other") : name);
    put(ws, 0, 0, name, b.title_);
    header(b, ws, 2, target_columns(lang, false));
    int row = 3;
    for (const TargetResult& t : r.targets)
      if (t.target->focus_area == a) target_row(b, ws, row++, r, t, false);
  }
}

// The data sheet: history and projection quantiles per series and year.
void data_sheet(Book& b, const RunResult& r) {
  const Lang lang = b.lang_;
  const Project& p = *r.project;
  lxw_worksheet* ws = b.sheet("Data");
  const std::vector<Column> cols = {{tr(lang, "Indikator-id", "Indicator id"), 18},
                                    {tr(lang, "Indikator", "Indicator"), 30},
                                    {tr(lang, "Grupp", "Group"), 12},
                                    {tr(lang, "År", "Year"), 7},
                                    {tr(lang, "Typ", "Type"), 11},
                                    {tr(lang, "Observerat", "Observed"), 12},
                                    {"2,5 %", 11},
                                    {"10 %", 11},
                                    {"25 %", 11},
                                    {"Median", 11},
                                    {"75 %", 11},
                                    {"90 %", 11},
                                    {"97,5 %", 11},
                                    {tr(lang, "Modell", "Model"), 30},
                                    {tr(lang, "Källa", "Source"), 40}};
  header(b, ws, 0, cols);
  int row = 1;
  for (const auto& ind : p.indicators) {
    const bool pct = detail::is_percent(&ind);
    for (const auto& g : ind.groups) {
      const Series* s = p.find_series({ind.id, g});
      if (!s || s->empty()) continue;
      const SeriesResult* sr = nullptr;
      for (const auto& x : r.series)
        if (x.ref.indicator == ind.id && x.ref.group == g) sr = &x;
      double typical = 0;
      for (double v : s->values) typical = std::max(typical, std::fabs(v));
      lxw_format* vf = b.value_format(typical, pct);
      const std::string name = lang == Lang::sv || ind.name_en.empty() ? ind.name_sv : ind.name_en;
      for (std::size_t i = 0; i < s->size(); ++i, ++row) {
        put(ws, row, 0, ind.id, b.text_);
        put(ws, row, 1, name, b.text_);
        put(ws, row, 2, group_label(g, lang), b.text_);
        put(ws, row, 3, static_cast<double>(s->years[i]), b.year_);
        put(ws, row, 4,
            s->derived(i) ? tr(lang, "härlett ur periodsumma", "derived from a period total")
                          : tr(lang, "observerat", "observed"),
            b.text_);
        put(ws, row, 5, s->values[i], vf);
        put(ws, row, 14, detail::source_text(*s, i, lang), b.text_);
      }
      if (!sr) continue;
      const QuantileTable q = quantile_table(sr->forecast);
      for (std::size_t h = 0; h < q.years.size(); ++h, ++row) {
        put(ws, row, 0, ind.id, b.text_);
        put(ws, row, 1, name, b.text_);
        put(ws, row, 2, group_label(g, lang), b.text_);
        put(ws, row, 3, static_cast<double>(q.years[h]), b.year_);
        put(ws, row, 4, tr(lang, "prognos", "projection"), b.text_);
        for (std::size_t k = 0; k < q.q[h].size() && k < 7; ++k)
          put(ws, row, 6 + static_cast<int>(k), q.q[h][k], vf);
        put(ws, row, 13, detail::model_name(sr->forecast.model, lang), b.text_);
      }
    }
  }
  worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(std::max(1, row - 1)),
                       static_cast<lxw_col_t>(cols.size() - 1));
}

}  // namespace

void write_report_xlsx(const RunResult& r, const std::string& path, Lang lang,
                       const Comparison* scenarios) {
  namespace fs = std::filesystem;
  static std::atomic<int> counter{0};
  const fs::path tmp = fs::temp_directory_path() / ("utsikt-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(counter++) + ".xlsx");
  const Project& p = *r.project;
  {
    Book b(tmp.string(), lang);
    const std::string title = lang == Lang::sv || p.name_en.empty() ? p.name_sv : p.name_en;
    lxw_doc_properties props{};
    std::string title_buf = title;
    props.title = title_buf.data();
    std::string creator = "utsikt";
    props.author = creator.data();
    // A fixed document time (2000-01-01T00:00:00Z) instead of "now", so that identical runs
    // give byte-identical workbooks.
    props.created = 946684800;
    workbook_set_properties(b.wb_, &props);

    summary_sheet(b, r, title);
    if (scenarios && scenarios->outcomes.size() > 1) scenario_sheet(b, r, *scenarios);
    area_sheets(b, r);
    data_sheet(b, r);
    b.close(path);
  }
  std::ifstream in(tmp, std::ios::binary);
  if (!in)
    throw InputError(Location{path, 0, 0, ""}, "a writable workbook",
                     "the temporary file could not be read");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::error_code ec;
  fs::remove(tmp, ec);
  write_file_atomic(path, bytes.str());
}

}  // namespace utsikt::out
