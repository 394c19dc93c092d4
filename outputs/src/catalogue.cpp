#include "catalogue.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <stdexcept>

#include "utsikt/engine/priors.hpp"

namespace utsikt::out::detail {

const std::vector<CatalogueEntry>& message_catalogue() {
  // clang-format off
  static const std::vector<CatalogueEntry> entries{
    // Diagnostics (Diagnostic::code), one entry each; ".generic": without the numbers.
    {"interpolated", "Året {1} ligger i ett glapp i serien och har interpolerats linjärt.",
     "Year {1} lies inside a gap of the series and has been interpolated linearly."},
    {"interpolated.generic", "Ett år som målet behöver ligger i ett glapp i serien och har interpolerats linjärt.",
     "A year the target needs lies inside a gap of the series and has been interpolated linearly."},
    {"derived_from_period_total", "Åren {1} är inte observerade var för sig utan härledda ur periodsumman {2} för {3}, så att perioden summerar till den; de räknas tillsammans som en datapunkt.",
     "The years {1} are not observed individually but derived from the period total {2} for {3}, so that the period adds up to it; together they count as one data point."},
    {"derived_from_period_total.generic", "Några år är inte observerade var för sig utan härledda ur en periodsumma, så att perioden summerar till den.",
     "Some years are not observed individually but derived from a period total, so that the period adds up to it."},
    {"paths_clamped", "{1} av {2} simulerade värden ({3} %) hamnade utanför indikatorns gränser {4} och sattes till gränsen; prognosintervallen visas därför inom gränserna (avskurna där).",
     "{1} of {2} simulated values ({3} %) fell outside the indicator's bounds {4} and were set to the bound; the projection intervals are therefore shown within the bounds (cut there)."},
    {"paths_clamped.generic", "En del simulerade värden hamnade utanför indikatorns gränser och sattes till gränsen; prognosintervallen visas därför inom gränserna.",
     "Some simulated values fell outside the indicator's bounds and were set to the bound; the projection intervals are therefore shown within the bounds."},
    {"nonfinite_path_values", "En del simulerade värden var ogiltiga och ersattes med banans föregående värde.",
     "Some simulated values were not finite numbers and were replaced by the path's previous value."},
    {"cohort_jump_off_estimated", "Värdet för prognosens startår är kohortmodellens skattning (åldersdata finns bara till ett tidigare år; befolkningen har förts fram till den observerade folkmängden), inte en observation.",
     "The value of the projection's first year is the cohort model's estimate (age data end in an earlier year; the population has been brought forward to the observed total), not an observation."},
    {"adjustments_in_migration", "SCB:s justeringspost räknas som flyttnetto.",
     "Statistics Sweden's adjustments are counted as net migration."},
    {"cohort_assumption.bring_forward", "Antagande i kohortmodellen: befolkningen efter ålder och kön efter {1} är inte observerad; åldersstrukturen {1} förs fram med modellens takter till {2}, och varje års flyttnetto sätts så att totalen blir den observerade (fördelningen på ålder och kön är antagen, inte observerad).",
     "Assumption of the cohort model: the population by age and sex after {1} is not observed; the {1} age structure is brought forward with the model's rates to {2}, and each year's net migration is set so that the total is the observed one (its split by age and sex is assumed, not observed)."},
    {"cohort_assumption.split_adjusted", "Antagande i kohortmodellen: flyttnettots fördelning på ålder och kön {1} justeras så lite som möjligt (totalerna oförändrade) så att den framförda befolkningen har de observerade andelarna ({2} värden).",
     "Assumption of the cohort model: the split of net migration by age and sex {1} is adjusted as little as possible (totals unchanged) so that the brought-forward population has the observed shares ({2} values)."},
    {"cohort_assumption.movers", "Antagande i kohortmodellen: flyttnettot räknas den 31 december; extra inflyttare fördelas på ålder och kön som flyttnettot historiskt följt sin total ({1}).",
     "Assumption of the cohort model: net migrants are counted on 31 December; extra migrants are split by age and sex as net migration has followed its total in the past ({1})."},
    {"cohort_assumption.published", "Antagande i kohortmodellen: födda och döda {1} är de publicerade; åren däremellan interpoleras, och prognosen behåller dödlighetsnivån från de publicerade åren.",
     "Assumption of the cohort model: births and deaths {1} are the published ones; the years in between are interpolated, and the projection keeps the mortality level of the published years."},
    {"cohort_assumption.generic", "Antagande i kohortmodellen (hela texten i targets.json; metoden i docs/methods.md).",
     "Assumption of the cohort model (the full text is in targets.json; the method in docs/methods.md)."},
    {"break_outlier", "År {1}{2} behandlas som en engångsavvikelse: det används inte vid skattningen men står kvar som observerat värde.",
     "Year {1}{2} is treated as a one-off outlier: it is not used for fitting but stays the observed value."},
    {"break_level_shift", "Nivåskifte {1}{2}: historiken före {1} flyttas med {3} vid skattningen; observationerna ändras inte.",
     "Level shift in {1}{2}: the history before {1} is moved by {3} for fitting; the observations are not changed."},
    {"break_not_observed", "Det avvikande året {1}{2} är inte observerat; inget tas bort.",
     "The outlier year {1}{2} is not observed; nothing is removed."},
    {"break_not_applied", "Det avvikande året {1}{2} är seriens enda observation och används ändå vid skattningen.",
     "The outlier year {1}{2} is the series' only observation and is still used for fitting."},
    {"break.generic", "Ett deklarerat brott i serien har hanterats vid skattningen (se targets.json).",
     "A declared break in the series was handled when fitting (see targets.json)."},
    {"driver_too_few_overlap", "Bara {1} år där både {2} och den drivande serien {3} är observerade; regressionen behöver minst {4}, så serien skrivs fram på egen hand.",
     "Only {1} years with both {2} and its driver {3} observed; the regression needs at least {4}, so the series is projected on its own."},
    {"driver_constant", "Den drivande serien varierar inte under de gemensamma åren, så serien skrivs fram på egen hand.",
     "The driver does not vary over the overlapping years, so the series is projected on its own."},
    {"driver.generic", "Regressionen på den drivande serien gick inte att skatta, så serien skrivs fram på egen hand.",
     "The regression on the driver could not be fitted, so the series is projected on its own."},
    {"prior_scale_unknown", "Alla värden är noll, så priorns brusnivå kan inte relateras till nivån; en standardavvikelse på {1} enheter per år används.",
     "All values are zero, so the prior's noise scale cannot be related to the level; a standard deviation of {1} units per year is used."},
    {"nonpositive_values", "Värden på eller under den nedre gränsen {2}: {1}; bara modeller på ursprunglig skala används, och simulerade värden under gränsen sätts till den.",
     "Values at or below the lower bound {2}: {1}; only models on the original scale are used, and simulated values below the bound are set to it."},
    {"value_at_bound", "Värden exakt på en gräns har flyttats in en aning för logit-skalan.",
     "Values exactly at a bound were moved slightly inside for the logit scale."},
    {"model_not_applicable", "Metoden {1} behöver minst {2} punkter men serien har {3}; regeln för korta serier används i stället.",
     "The method {1} needs at least {2} points but the series has {3}; the short-series rule is used instead."},
    {"model_not_applicable.generic", "En modell kunde inte användas för serien och lämnades utanför.",
     "A model could not be used for the series and was left out."},
    {"fit_not_converged", "Skattningen av en av modellerna konvergerade inte helt; den används med sitt bästa resultat.",
     "The fit of one of the models did not fully converge; its best result is used."},
    {"peers_too_few", "För få jämförbara serier med tillräckligt många värden; klassens standardprior används.",
     "Too few peer series with enough values; the class default prior is used."},
    {"arima_fallback", "ARIMA-sökningen hittade ingen användbar modell; en reservordning används.",
     "The ARIMA order search found no usable model; a fallback order is used."},
    {"derived_out_of_bounds", "{1} simulerade värden av den härledda totalen ligger utanför indikatorns gränser; de behålls så att summan stämmer.",
     "{1} simulated values of the derived total lie outside the indicator's bounds; they are kept so that the sum holds."},
    {"diagnostic.other", "Teknisk anmärkning med koden {1} (texten står i targets.json).",
     "Technical note with the code {1} (the text is in targets.json)."},
    // Scenario notes (Comparison outcomes' notes).
    {"intervention_on_derived_total", "Scenariot {1} ändrar {2}, som är summan av sina komponenter: det bryter sambandet mellan summan och delarna. Ändra en komponent i stället.",
     "The scenario {1} changes {2}, which is the sum of its components: that breaks the identity between the sum and its parts. Change a component instead."},
    {"intervention_no_projection", "Scenariot {1}, ingreppet {2} på {3}: serien har inga observationer, så inget skrivs fram att ändras.",
     "The scenario {1}, intervention {2} on {3}: the series has no observations, so nothing is projected to change."},
    {"intervention_before_projection", "Scenariot {1}, ingreppet {2} på {3}: ingreppet börjar före första prognosåret; observerade år ändras aldrig.",
     "The scenario {1}, intervention {2} on {3}: the intervention starts before the first projected year; observed years are never changed."},
    {"intervention_after_horizon", "Scenariot {1}, ingreppet {2} på {3}: börjar efter prognosens sista år och har ingen effekt.",
     "The scenario {1}, intervention {2} on {3}: starts after the projection horizon and has no effect."},
    {"scenario.generic", "Anmärkning om scenariot (koden {1}; texten står i compare.json).",
     "A note on the scenario (code {1}; the text is in compare.json)."},
    {"scenario.warnings_heading", "Varningar för scenarierna:", "Warnings on the scenarios:"},
    // Models and technical notes.
    {"model.sum_of_groups", "summan av grupperna", "the sum of the groups"},
    {"model.stock_flow", "lager och flöde (förra årets värde plus flödena)", "stock and flow (last year's value plus the flows)"},
    {"model.sum_of_components", "summan av komponenterna", "the sum of the components"},
    {"model.driver", "regression på den drivande serien {1}", "regression on the driver {1}"},
    {"note.calibrated", "kalibrerad kombination av {1} med lika vikter ({2}); punktprognosen är medianen; spridningen kring medianen skalad med {3} för 1–{4} år fram ({5} därefter): faktorer från M3-tävlingens 645 årsserier (80- och 95 %-intervall anpassade till undanhållna år)",
     "calibrated combination of {1} with equal weights ({2}); the point forecast is the median; the spread around the median scaled by {3} for 1–{4} years ahead ({5} beyond): factors from the 645 yearly series of the M3 competition (80 and 95 % intervals matched to held-out years)"},
    {"note.backtests", " gånger en korrigering {1} ur {2} bakåttester med startåren {3} ({4} fel)",
     " times a correction {1} from {2} backtests with the origins {3} ({4} errors)"},
    {"note.no_backtest", ", inget bakåttest (för få punkter)", ", no backtest (too few points)"},
    {"note.combination", "kombination av {1} (lika vikter, regeln för korta serier)",
     "combination of {1} (equal weights, the short-series rule)"},
    {"note.single", "{1}", "{1}"},
    {"note.points", "; {1} punkter", "; {1} points"},
    {"note.one_point", "; 1 punkt", "; 1 point"},
    {"note.volatility", "; deklarerad årlig variation {1} % för indikatorn", "; declared year-to-year variation {1} % for the indicator"},
    {"note.prior_class", "; brus och drift förenar data med priorn för klassen {1}", "; noise and drift combine the data with the prior of the class {1}"},
    {"note.prior_peers", "; brus och drift förenar data med en prior skattad ur jämförbara serier", "; noise and drift combine the data with a prior estimated from peer series"},
    {"note.cohort", "kohort-komponentmodell efter ettårsklass och kön för {1} från befolkningen {2}; {3} gemensamma banor för fruktsamhet, dödlighet och flyttning (modellens skattningar i targets.json, metoden i docs/methods.md)",
     "cohort-component model by single year of age and sex for {1} from the population of {2}; {3} joint paths of fertility, mortality and migration (the model's estimates in targets.json, the method in docs/methods.md)"},
    {"note.derived", "{1} på varje simulerad bana", "{1} on every simulated path"},
    {"note.driver", "{1}; varje bana drar koefficienterna och residualspridningen ur deras fördelning och använder den drivande seriens egen bana",
     "{1}; each path draws the coefficients and the residual spread from their distribution and uses the driver's own path"},
    {"prior.m3", "M3 (645 årsserier)", "M3 (645 yearly series)"},
    {"prior.population", "befolkning (21 län 1968–2015)", "population (21 Swedish counties, 1968–2015)"},
    {"prior.flow", "flöde (födda och döda i 21 län 1968–2015)", "flow (births and deaths in 21 Swedish counties, 1968–2015)"},
    {"prior.emissions", "utsläpp (växthusgaser i 21 län efter sektor 1990–2024)", "emissions (greenhouse gases of 21 Swedish counties by sector, 1990–2024)"},
    {"prior.share", "andel (köns- och åldersandelar i 21 län 1968–2015)", "share (sex and age shares of 21 Swedish counties, 1968–2015)"},
    {"prior.rate", "kvot (födda och döda per 1 000 invånare i 21 län 1968–2015)", "rate (births and deaths per 1 000 in 21 Swedish counties, 1968–2015)"},
    // Sources and reasons written by the engine.
    {"source.cohort_estimate", "skattning: åldersstrukturen framförd till {1} av kohortmodellen", "estimate: age structure brought forward to {1} by the cohort model"},
    {"no_data.no_observations", "det finns inga observationer av serien", "there are no observations of the series"},
    {"no_data.before_first", "året {1} ligger före seriens första observation ({2})", "the year {1} is before the series' first observation ({2})"},
    {"no_data.beyond_horizon", "året {1} ligger efter prognosens sista år", "the year {1} is beyond the projection horizon"},
    {"no_data.zero_base", "basvärdet {1} är 0, så en relativ förändring är inte definierad", "the base value in {1} is 0, so a relative change is undefined"},
    {"no_data.generic", "det finns inte tillräckligt med data för målets år eller basår", "there are not enough data for the target's year or base year"},
  };
  // clang-format on
  return entries;
}

std::string message(std::string_view key, Lang lang, const std::vector<std::string>& args) {
  const auto& c = message_catalogue();
  const auto it = std::find_if(c.begin(), c.end(), [&](const auto& e) { return e.key == key; });
  if (it == c.end()) throw std::logic_error("message catalogue: no entry " + std::string(key));
  std::string s(lang == Lang::sv ? it->sv : it->en);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string ph = "{" + std::to_string(i + 1) + "}";
    for (std::size_t p = s.find(ph); p != std::string::npos; p = s.find(ph, p + args[i].size()))
      s.replace(p, ph.size(), args[i]);
  }
  return s;
}

namespace {

// A number of the engine's message (C locale) in the report's style.
std::string num(const std::string& s, Lang lang) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size()) return s;
    if (std::fabs(v - std::round(v)) < 1e-12 && std::fabs(v) < 1e15)
      return format_fixed(v, 0, lang);
    const std::size_t dot = s.find('.');
    const int dec =
        dot == std::string::npos ? 2 : std::min(4, static_cast<int>(s.size() - dot - 1));
    return format_fixed(v, dec, lang);
  } catch (...) {
    return s;
  }
}

// "2017-2022" -> "2017–2022"; Swedish "och" / English "and" for a list's last comma.
std::string years_text(std::string s) {
  for (std::size_t p = s.find('-'); p != std::string::npos; p = s.find('-', p + 3))
    if (p > 0 && std::isdigit(static_cast<unsigned char>(s[p - 1])) && p + 1 < s.size() &&
        std::isdigit(static_cast<unsigned char>(s[p + 1])))
      s.replace(p, 1, "\u2013");
  return s;
}

bool match(const std::string& text, const char* pattern, std::smatch& m) {
  return std::regex_search(text, m, std::regex(pattern));
}

std::string diagnostic_or_generic(const Diagnostic& d, Lang lang) {
  const std::string& t = d.message;
  std::smatch m;
  const std::string& c = d.code;
  if (c == "interpolated")
    return match(t, "year (\\d{4}) is inside a gap", m) ? message("interpolated", lang, {m[1]})
                                                        : message("interpolated.generic", lang);
  if (c == "derived_from_period_total")
    return match(t, "years (.+?) derived from the period total ([0-9.]+) for (\\d{4}-\\d{4})", m)
               ? message(c, lang, {years_text(m[1]), num(m[2], lang), years_text(m[3])})
               : message("derived_from_period_total.generic", lang);
  if (c == "paths_clamped")
    return match(t,
                 "(\\d+) of (\\d+) simulated values \\(([0-9.e+-]+) %\\) fell outside (\\S+, \\S+)",
                 m)
               ? message(c, lang, {num(m[1], lang), num(m[2], lang), num(m[3], lang), m[4]})
               : message("paths_clamped.generic", lang);
  if (c == "nonfinite_path_values" || c == "cohort_jump_off_estimated" ||
      c == "adjustments_in_migration" || c == "value_at_bound" || c == "fit_not_converged" ||
      c == "peers_too_few" || c == "arima_fallback" || c == "driver_constant")
    return message(c, lang);
  if (c == "cohort_assumption") {
    if (match(t,
              "after (\\d{4}) is not observed: the \\d{4} age structure is brought forward "
              "with the model's rates to (\\d{4})",
              m))
      return message("cohort_assumption.bring_forward", lang, {m[1], m[2]});
    if (match(t, "split of net migration (\\d{4}-\\d{4}) is adjusted", m)) {
      const auto n = std::count(t.begin(), t.end(), ';') + 1;
      return message("cohort_assumption.split_adjusted", lang,
                     {years_text(m[1]), std::to_string(n)});
    }
    if (match(t, "^Net migrants are counted.*?in (\\d{4}-\\d{4})", m))
      return message("cohort_assumption.movers", lang, {years_text(m[1])});
    if (match(t, "^Births and deaths ([0-9, ]+) equal the published", m)) {
      std::string years = m[1];
      while (!years.empty() && years.back() == ' ') years.pop_back();
      return message("cohort_assumption.published", lang, {years});
    }
    return message("cohort_assumption.generic", lang);
  }
  if (c == "break_outlier" || c == "break_level_shift" || c == "break_not_observed" ||
      c == "break_not_applied") {
    // "year 2015 (label) treated as ...", "level shift in 2024 (label): ... moved by 115.6 ...";
    // the label is the project's own words.
    if (c == "break_level_shift")
      return match(t, "in (\\d{4})( \\(.*\\))?: history before \\d{4} moved by ([-0-9.e+]+)", m)
                 ? message(c, lang, {m[1], m[2], num(m[3], lang)})
                 : message("break.generic", lang);
    return match(t, "year (\\d{4})( \\(.*\\))? (treated|is)", m) ? message(c, lang, {m[1], m[2]})
                                                                 : message("break.generic", lang);
  }
  if (c == "driver_too_few_overlap")
    return match(t,
                 "only (\\d+) year\\(s\\) with both (\\S+) and its driver (\\S+).*?at least (\\d+)",
                 m)
               ? message(c, lang, {m[1], m[2], m[3], m[4]})
               : message("driver.generic", lang);
  if (c == "prior_scale_unknown")
    return match(t, "a prior sd of ([0-9.e+-]+)", m) ? message(c, lang, {num(m[1], lang)})
                                                     : message("diagnostic.other", lang, {c});
  if (c == "nonpositive_values")
    return match(t, "(\\d+) value\\(s\\) at or below the lower bound ([-0-9.e+]+)", m)
               ? message(c, lang, {m[1], num(m[2], lang)})
               : message("diagnostic.other", lang, {c});
  if (c == "model_not_applicable")
    return match(t, "method '([^']+)' needs at least (\\d+) points but the series has (\\d+)", m)
               ? message(c, lang, {m[1], m[2], m[3]})
               : message("model_not_applicable.generic", lang);
  if (c == "derived_out_of_bounds")
    return match(t, "^(\\d+) simulated values", m) ? message(c, lang, {m[1]})
                                                   : message("diagnostic.other", lang, {c});
  if (c == "intervention_on_derived_total")
    return match(t, "scenario '([^']*)': an intervention on (\\S+),", m)
               ? message(c, lang, {m[1], m[2]})
               : message("scenario.generic", lang, {c});
  if (c == "intervention_no_projection" || c == "intervention_before_projection" ||
      c == "intervention_after_horizon")
    return match(t, "scenario '([^']*)', intervention '([^']*)' on (\\S+):", m)
               ? message(c, lang, {m[1], m[2], m[3]})
               : message("scenario.generic", lang, {c});
  if (lang == Lang::en) return capitalize(t) + (t.empty() || t.back() == '.' ? "" : ".");
  return message("diagnostic.other", lang, {c});
}

}  // namespace

std::string diagnostic_sentence(const Diagnostic& d, Lang lang) {
  // A diagnostic of another series of the target keeps the series' name in front
  // ("ohalsotal/men: 806 of 230000 ...").
  std::smatch m;
  if (std::regex_search(d.message, m, std::regex("^([a-z0-9_-]+/[a-z0-9_-]+): ")))
    return std::string(m[1]) + ": " + diagnostic_or_generic(d, lang);
  return diagnostic_or_generic(d, lang);
}

bool diagnostic_shown_elsewhere(const Diagnostic& d) {
  return d.code == "few_data_points" || d.code == "spread_calibration";
}

std::string model_name(const std::string& model, Lang lang) {
  if (model == "sum of groups") return message("model.sum_of_groups", lang);
  if (model == "stock-flow") return message("model.stock_flow", lang);
  if (model == "sum of components") return message("model.sum_of_components", lang);
  if (model.rfind("driver regression on ", 0) == 0)
    return message("model.driver", lang,
                   {model.substr(std::string("driver regression on ").size())});
  return model_label(model, lang);
}

namespace {

std::string list_text(const std::vector<std::string>& items, Lang lang) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i)
    s += (i == 0                  ? ""
          : i + 1 == items.size() ? (lang == Lang::sv ? " och " : " and ")
                                  : ", ") +
         items[i];
  return s;
}

std::string fixed2(double v, Lang lang) { return format_fixed(v, 2, lang); }

std::string prior_text(const Indicator& ind, const SeriesForecast& f, Lang lang) {
  if (ind.volatility)
    return message("note.volatility", lang, {format_trimmed(*ind.volatility * 100.0, 3, lang)});
  if (f.reason.find(" peers (") != std::string::npos) return message("note.prior_peers", lang);
  const PriorClass c = ind.prior_class.value_or(default_prior_class(ind.kind));
  return message("note.prior_class", lang, {message("prior." + std::string(to_string(c)), lang)});
}

std::string calibrated_note(const SeriesForecast& f, Lang lang) {
  std::vector<std::string> members;
  for (const auto& w : f.weights) members.push_back(model_label(w.model, lang));
  const SpreadCalibration& cal = f.calibration;
  const std::size_t shown = std::min<std::size_t>(cal.factor.size(), 6);
  std::vector<std::string> factors;
  for (std::size_t k = 0; k < shown; ++k) factors.push_back(fixed2(cal.factor[k], lang));
  std::string s =
      message("note.calibrated", lang,
              {list_text(members, lang), f.weights.empty() ? "" : fixed2(f.weights[0].weight, lang),
               list_text(factors, lang), std::to_string(shown),
               shown ? fixed2(cal.factor[shown - 1], lang) : ""});
  if (cal.origins.empty()) return s + message("note.no_backtest", lang);
  int n_errors = 0;
  for (int k : cal.errors) n_errors += k;
  std::vector<std::string> origins;
  for (int y : cal.origins) origins.push_back(std::to_string(y));
  return s + message("note.backtests", lang,
                     {cal.correction.empty() ? "" : fixed2(cal.correction[0], lang),
                      std::to_string(cal.origins.size()), list_text(origins, lang),
                      std::to_string(n_errors)});
}

}  // namespace

std::string model_note(const RunResult& r, const Indicator& ind, const SeriesResult& sr,
                       Lang lang) {
  const SeriesForecast& f = sr.forecast;
  if (f.model == "cohort") {
    // The run of this indicator, else the one it shares (shares of the population come out of
    // the same simulated population).
    const CohortRun* run = nullptr;
    for (const CohortRun& c : r.cohorts)
      if (c.model && (!run || c.indicator == ind.id)) run = &c;
    if (!run) return model_name(f.model, lang);
    return message("note.cohort", lang,
                   {run->model->region, std::to_string(run->model->jump_off),
                    format_fixed(f.n_paths, 0, lang)});
  }
  if (f.model == "sum of groups" || f.model == "stock-flow" || f.model == "sum of components")
    return message("note.derived", lang, {model_name(f.model, lang)});
  if (f.model.rfind("driver regression on ", 0) == 0)
    return message("note.driver", lang, {model_name(f.model, lang)});
  std::string s;
  if (!f.calibration.factor.empty()) {
    s = calibrated_note(f, lang);
  } else if (f.weights.size() > 1) {
    std::vector<std::string> members;
    for (const auto& w : f.weights)
      members.push_back(model_label(w.model, lang) + " " + fixed2(w.weight, lang));
    s = message("note.combination", lang, {list_text(members, lang)});
  } else {
    s = message("note.single", lang, {model_label(f.model, lang)});
  }
  const Series* obs = sr.observed;
  if (obs && !obs->empty()) {
    const int n = obs->effective_points();
    s += n == 1 ? message("note.one_point", lang)
                : message("note.points", lang, {std::to_string(n)});
  }
  return s + prior_text(ind, f, lang);
}

std::string source_text(const std::string& source, Lang lang) {
  std::smatch m;
  if (std::regex_search(source, m,
                        std::regex("^estimate: age structure brought forward to (\\d{4})")))
    return message("source.cohort_estimate", lang, {m[1]});
  return source;
}

std::string no_data_sentence(const std::string& why, Lang lang) {
  std::smatch m;
  if (why.rfind("no observations of ", 0) == 0) return message("no_data.no_observations", lang);
  if (std::regex_search(why, m,
                        std::regex("year (\\d{4}) is before the first observation \\((\\d{4})")))
    return message("no_data.before_first", lang, {m[1], m[2]});
  if (std::regex_search(why, m, std::regex("year (\\d{4}) is beyond the projection horizon")))
    return message("no_data.beyond_horizon", lang, {m[1]});
  if (std::regex_search(why, m, std::regex("in (\\d{4}) is 0, so a relative change")))
    return message("no_data.zero_base", lang, {m[1]});
  return message("no_data.generic", lang);
}

}  // namespace utsikt::out::detail
