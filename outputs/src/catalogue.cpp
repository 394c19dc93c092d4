#include "catalogue.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "utsikt/engine/priors.hpp"

namespace utsikt::out::detail {

// long function: the catalogue is one table, an entry for every code and text
const std::vector<CatalogueEntry>& message_catalogue() {
  // clang-format off
  static const std::vector<CatalogueEntry> entries{
    // Diagnostics: the key is Diagnostic::code, or code.variant where the diagnostic has a
    // variant; {1}, {2}, ... are its args (scripts/check_catalogue.py checks that every code
    // created in the library has an entry whose placeholders are exactly its args). The fourth
    // field says how each arg is written: n a number the reader's way, y years ("2017–2022"),
    // m a model, p the project's note in parentheses (empty: nothing), r as it is.
    {"interpolated", "Året {1} ligger i ett glapp i serien och har interpolerats linjärt.",
     "Year {1} lies inside a gap of the series and has been interpolated linearly.", "r"},
    {"interpolated.base_year", "Basåret {1} ligger i ett glapp i serien och har interpolerats linjärt.",
     "The base year {1} lies inside a gap of the series and has been interpolated linearly.", "r"},
    {"derived_from_period_total", "Åren {1} är inte observerade var för sig utan härledda ur periodsumman {2} för {3}, så att perioden summerar till den; de räknas tillsammans som en datapunkt.",
     "The years {1} are not observed individually but derived from the period total {2} for {3}, so that the period adds up to it; together they count as one data point.", "yny"},
    {"converted_from_windows1252", "Filen {1} är inte UTF-8; den lästes som Windows-1252 (Excels ”CSV” på svenskt Windows) och konverterades (första sådana tecken ”{2}” på rad {3}, kolumn {4}). Spara som ”CSV UTF-8” så försvinner anmärkningen.",
     "The file {1} is not UTF-8; it was read as Windows-1252 (Excel's 'CSV' on Swedish Windows) and converted (first such character '{2}' at line {3}, column {4}). Save as 'CSV UTF-8' to silence this note.", "rrrr"},
    {"threshold_outside_bounds", "Gränsvärdet {1} ligger utanför de värden indikatorn kan anta, så målet är uppfyllt eller omöjligt på förhand; kontrollera enheten (t.ex. procent eller andel).",
     "The threshold {1} lies outside the values the indicator can take, so the target is trivially met or impossible; check its unit (e.g. percent vs. fraction).", "n"},
    {"zero_base", "{1} av {2} simulerade banor har basvärdet 0, där en relativ förändring inte är definierad; de räknas som förändring 0 (förändringsmål) eller som ej uppfyllda (snabbare tillväxt).",
     "{1} of {2} simulated paths have a base value of 0, where a relative change is undefined; they count as change 0 (change targets) or as not met (faster growth).", "nn"},
    {"few_data_points", "Bara {1} datapunkter: prognosen lutar sig mot priorn för variationen från år till år, och intervallen är därför breda.",
     "Only {1} data points: the projection leans on the prior for the year-to-year variability and its intervals are correspondingly wide.", "n"},
    {"few_data_points.target", "Prognosen vilar på {1} observationer: sannolikheten är grov.",
     "The projection rests on {1} observations: treat the probability as rough.", "n"},
    {"few_data_points.model", "{1}: brusvariansen har kombinerats med priorn (för få frihetsgrader i residualerna).",
     "{1}: the noise variance has been combined with the prior (too few residual degrees of freedom).", "m"},
    {"cohort_jump_off_estimated", "Värdet för {1}, prognosens startår, är kohortmodellens skattning (åldersdata finns bara till ett tidigare år; befolkningen har förts fram till den observerade folkmängden), inte en observation.",
     "The value of {1}, the projection's first year, is the cohort model's estimate (age data end in an earlier year; the population has been brought forward to the observed total), not an observation.", "r"},
    {"cohort_nothing_projected", "Observationerna når prognosens sista år; kohortmodellen har inget att skriva fram.",
     "The observations reach the last projected year; the cohort model has nothing to project.", ""},
    {"adjustments_in_migration", "SCB:s justeringspost räknas som flyttnetto.",
     "Statistics Sweden's adjustments are counted as net migration.", ""},
    {"births_age_spread", "{1} födda utan uppgift om moderns ålder har fördelats proportionellt på åldrarna samma år och kön.",
     "{1} births with no information on the mother's age have been spread pro rata over the ages of the same year and sex.", "n"},
    {"migration_short_history.years", "Flyttnettot finns bara för {1} år: dess nivå och variation är osäkra.",
     "Net migration is known for {1} years only: its level and variation are uncertain.", "n"},
    {"migration_short_history.profile", "För få år ({1}) för att se hur flyttnettot efter ålder följer sin total: förändringar av nivån fördelas som den positiva delen av det senaste mönstret.",
     "Too few years ({1}) to see how net migration by age follows its total: changes of the level are spread like the positive part of the recent pattern.", "n"},
    {"fertility_short_history", "Fruktsamheten finns bara för {1} år: dess nivå och variation är osäkra.",
     "Total fertility is known for {1} years only: its level and variation are uncertain.", "n"},
    {"mortality_short_history.no_trend", "Lee–Carter-modellen behöver dödstal för minst 3 år ({1} givna): dödligheten hålls på sin senaste nivå, utan trend.",
     "The Lee–Carter model needs rates for 3 or more years ({1} given): mortality is held at its last level, with no trend over time.", "n"},
    {"mortality_short_history.drift", "Dödlighetens trend i Lee–Carter-modellen bygger på bara {1} årliga förändringar: dess osäkerhet är stor.",
     "The Lee–Carter drift rests on {1} yearly changes only: its uncertainty is large.", "n"},
    {"mortality_noise_poisson", "Färre än 4 år att mäta regionens årliga slumpvariation i dödligheten: Poissonspridningen för det senaste årets döda används.",
     "Fewer than 4 years to measure the region's yearly mortality noise: the Poisson spread of the last year's deaths is used.", ""},
    {"totals_differ_from_age_data", "Folkmängden {1} ({2}) skiljer sig från åldersdatans summa ({3}); framskrivningen utgår från åldersdatan.",
     "The total for {1} ({2}) differs from the age data's ({3}); the bring-forward starts from the age data.", "rnn"},
    {"observation_outside_bring_forward", "Observationen av {1} år {2} ligger utanför de framförda åren {3}–{4} och används inte.",
     "The observation of {1} in {2} is not in the years brought forward, {3}–{4}, and is not used.", "rrrr"},
    {"observation_not_met", "Observationen av {1} år {2} ({3}) kunde inte uppfyllas samtidigt med de andra och totalerna: framskrivningen når {4}.",
     "The observation of {1} in {2} ({3}) could not be met together with the others and the totals: the bring-forward reaches {4}.", "rrnn"},
    {"cohort_assumption.bring_forward", "Antagande i kohortmodellen: befolkningen efter ålder och kön efter {1} är inte observerad; åldersstrukturen {1} förs fram med modellens takter till {2}, och varje års flyttnetto sätts så att totalen blir den observerade (fördelningen på ålder och kön är antagen, inte observerad).",
     "Assumption of the cohort model: the population by age and sex after {1} is not observed; the {1} age structure is brought forward with the model's rates to {2}, and each year's net migration is set so that the total is the observed one (its split by age and sex is assumed, not observed).", "rr"},
    {"cohort_assumption.split_adjusted", "Antagande i kohortmodellen: flyttnettots fördelning på ålder och kön {1} justeras så lite som möjligt (totalerna oförändrade) så att den framförda befolkningen har de observerade andelarna ({2} värden).",
     "Assumption of the cohort model: the split of net migration by age and sex {1} is adjusted as little as possible (totals unchanged) so that the brought-forward population has the observed shares ({2} values).", "yn"},
    {"cohort_assumption.movers", "Antagande i kohortmodellen: flyttnettot räknas den 31 december; extra inflyttare fördelas på ålder och kön som flyttnettot historiskt följt sin total ({1}).",
     "Assumption of the cohort model: net migrants are counted on 31 December; extra migrants are split by age and sex as net migration has followed its total in the past ({1}).", "y"},
    {"cohort_assumption.published", "Antagande i kohortmodellen: födda och döda {1} är de publicerade; åren mellan {2} och {3} interpoleras, och prognosen behåller dödlighetsnivån från de publicerade åren.",
     "Assumption of the cohort model: births and deaths {1} are the published ones; the years between {2} and {3} are interpolated, and the projection keeps the mortality level of the published years.", "rrr"},
    {"cohort_assumption.not_published", "Antagande i kohortmodellen: det finns inga publicerade födda eller döda efter {1}; fruktsamheten följer sin modells centrala bana och dödligheten Lee–Carter-trenden.",
     "Assumption of the cohort model: there are no published births or deaths after {1}; fertility follows its model's central path and mortality the trend of the Lee–Carter model.", "r"},
    {"break_outlier", "År {1}{2} behandlas som en engångsavvikelse: det används inte vid skattningen men står kvar som observerat värde.",
     "Year {1}{2} is treated as a one-off outlier: it is not used for fitting but stays the observed value.", "rp"},
    {"break_level_shift", "Nivåskifte {1}{2}: historiken före {1} flyttas med {3} vid skattningen; observationerna ändras inte.",
     "Level shift in {1}{2}: the history before {1} is moved by {3} for fitting; the observations are not changed.", "rpn"},
    {"break_not_observed", "Det avvikande året {1}{2} är inte observerat; inget tas bort.",
     "The outlier year {1}{2} is not observed; nothing is removed.", "rp"},
    {"break_not_observed.level_shift", "Nivåskiftet {1}{2} har ingen observation på ena sidan; inget justeras.",
     "The level shift in {1}{2} has no observation on one side; nothing is adjusted.", "rp"},
    {"break_not_applied", "Det avvikande året {1}{2} är seriens enda observation och används ändå vid skattningen.",
     "The outlier year {1}{2} is the series' only observation and is still used for fitting.", "rp"},
    {"derivation_not_possible", "Lager och flöde kräver att prognosen börjar året efter den sista observationen ({1}), så serien skrivs fram på egen hand.",
     "Stock and flow needs the projection to start the year after the last observation ({1}), so the series is projected on its own.", "r"},
    {"derivation_input_missing", "Serien {1} som summan bygger på har inga observationer, så serien skrivs fram på egen hand.",
     "The input {1} has no observations, so the series is projected on its own.", "r"},
    {"derivation_input_missing.year", "Serien {1} som summan bygger på har inget värde {2}, så serien skrivs fram på egen hand.",
     "The input {1} has no value in {2}, so the series is projected on its own.", "rr"},
    {"driver_too_few_overlap", "Bara {1} år där både {2} och den drivande serien {3} är observerade; regressionen behöver minst {4}, så serien skrivs fram på egen hand.",
     "Only {1} years with both {2} and its driver {3} observed; the regression needs at least {4}, so the series is projected on its own.", "nrrn"},
    {"driver_constant", "Den drivande serien {1} varierar inte under de gemensamma åren, så serien skrivs fram på egen hand.",
     "The driver {1} does not vary over the overlapping years, so the series is projected on its own.", "r"},
    {"derived_out_of_bounds", "{1} simulerade värden av den härledda totalen ligger utanför indikatorns gränser; de behålls så att summan stämmer.",
     "{1} simulated values of the derived total lie outside the indicator's bounds; they are kept so that the sum holds.", "n"},
    {"peers_too_few", "{1} jämförbara serier angivna, färre än {2} med minst {3} värden under de {4} åren fram till {5}; klassens standardprior används.",
     "{1} peer series given, fewer than {2} with at least {3} values in the {4} years up to {5}; the class default prior is used.", "nnnnr"},
    {"spread_calibration", "Spridningen kring medianen är kalibrerad (se den tekniska anmärkningen om modellen).",
     "The spread around the median is calibrated (see the technical note on the model).", ""},
    {"prior_scale_unknown", "Alla värden är noll, så priorns brusnivå kan inte relateras till nivån; en standardavvikelse på {1} enheter per år används.",
     "All values are zero, so the prior's noise scale cannot be related to the level; a standard deviation of {1} units per year is used.", "n"},
    {"nonpositive_values", "Värden på eller under den nedre gränsen {2}: {1}; bara modeller på ursprunglig skala används, och simulerade värden under gränsen sätts till den.",
     "Values at or below the lower bound {2}: {1}; only models on the original scale are used, and simulated values below the bound are set to it.", "nn"},
    {"lower_tail_bent", "{1} av {2} simulerade värden ({3} %) låg under mitten mellan medianen och den nedre gränsen {4}; de har flyttats mot gränsen längs en exponentialkurva så att varje bana stannar över den.",
     "{1} of {2} simulated values ({3} %) lay below halfway between the median and the lower bound {4}; they were moved towards the bound on an exponential curve, so that every path stays above it.", "nnnn"},
    {"member_log_scale", "{1}: {2} simulerade värden på eller under den nedre gränsen {3} (medianen nådde gränsen); ersatt av {4}, så att varje bana stannar över gränsen.",
     "{1}: {2} simulated values at or below the lower bound {3} (the median reached the bound); replaced by {4}, so that every path stays above the bound.", "mnnm"},
    {"value_at_bound", "{1} värden exakt på en gräns av {2} har flyttats in {3} för logit-skalan.",
     "{1} values exactly at a bound of {2} were moved inside by {3} for the logit scale.", "nrn"},
    {"model_not_applicable", "Metoden {1} behöver minst {2} punkter men serien har {3}; regeln för korta serier används i stället.",
     "The method {1} needs at least {2} points but the series has {3}; the short-series rule is used instead.", "mnn"},
    {"model_not_applicable.member", "Modellen {1} kunde inte skattas för serien och lämnades utanför.",
     "The model {1} could not be fitted to the series and was left out.", "m"},
    {"model_not_applicable.not_fitted", "Metoden {1} kunde inte skattas; den automatiska regeln används i stället.",
     "The method {1} could not be fitted; the automatic rule is used instead.", "m"},
    {"model_not_applicable.combination", "Ingen av den kalibrerade kombinationens modeller kunde skattas; en slumpvandring utan drift används i stället.",
     "No member of the calibrated combination could be fitted; a random walk without drift is used instead.", ""},
    {"fit_not_converged.member", "Skattningen av modellen {1} konvergerade inte helt; den används med sitt bästa resultat.",
     "The fit of the model {1} did not fully converge; its best result is used.", "m"},
    {"hessian_repaired", "{1}: Hessematrisen var inte positivt definit; flata riktningar fick en begränsad varians.",
     "{1}: the Hessian was not positive definite; flat directions got a bounded variance.", "m"},
    {"ets_hessian_regularised", "Exponentiell utjämning med dämpad trend: likelihooden är nästan platt i någon parameterriktning; parameterosäkerheten där begränsas till en fjärdedel av parameterns intervall.",
     "Damped exponential smoothing: the likelihood is nearly flat in some parameter direction; the parameter uncertainty there is capped at a quarter of the parameter's range.", ""},
    {"arima_fallback", "ARIMA-sökningen hittade ingen användbar modell; reservordningen {1} används.",
     "The ARIMA order search found no usable model; the fallback order {1} is used.", "r"},
    {"nonfinite_path_values", "{1} simulerade värden var ogiltiga och ersattes med banans föregående värde.",
     "{1} simulated values were not finite numbers and were replaced by the path's previous value.", "n"},
    {"paths_clamped", "{1} av {2} simulerade värden ({3} %) hamnade utanför indikatorns gränser {4} och sattes till gränsen; prognosintervallen visas därför inom gränserna (avskurna där).",
     "{1} of {2} simulated values ({3} %) fell outside the indicator's bounds {4} and were set to the bound; the projection intervals are therefore shown within the bounds (cut there).", "nnnr"},
    {"diagnostic.other", "Teknisk anmärkning med koden {1} (texten står i targets.json).",
     "Technical note with the code {1} (the text is in targets.json).", "r"},
    // Scenario notes (Comparison outcomes' notes).
    {"intervention_on_derived_total", "Scenariot {1} ändrar {2}, som är summan av sina komponenter: det bryter sambandet mellan summan och delarna. Ändra en komponent i stället.",
     "The scenario {1} changes {2}, which is the sum of its components: that breaks the identity between the sum and its parts. Change a component instead.", "rr"},
    {"intervention_no_projection", "Scenariot {1}, ingreppet {2} på {3}: serien har inga observationer, så inget skrivs fram att ändras.",
     "The scenario {1}, intervention {2} on {3}: the series has no observations, so nothing is projected to change.", "rrr"},
    {"intervention_before_projection", "Scenariot {1}, ingreppet {2} på {3}: ingreppet börjar {4}, före första prognosåret {5}; observerade år ändras aldrig.",
     "The scenario {1}, intervention {2} on {3}: the intervention starts in {4}, before the first projected year {5}; observed years are never changed.", "rrrrr"},
    {"intervention_before_projection.all_observed", "Scenariot {1}, ingreppet {2} på {3}: alla angivna år är observerade; bara den bestående skillnaden används.",
     "The scenario {1}, intervention {2} on {3}: all given years are observed; only the persisting difference applies.", "rrr"},
    {"intervention_after_horizon", "Scenariot {1}, ingreppet {2} på {3}: börjar efter prognosens sista år och har ingen effekt.",
     "The scenario {1}, intervention {2} on {3}: starts after the projection horizon and has no effect.", "rrr"},
    {"breakdown_not_reconciled", "Förändringen av {1} kunde inte fördelas på {2} (inte framskriven över samma år).",
     "The change of {1} could not be distributed to {2} (not projected over the same years).", "rr"},
    {"cohort_resimulated", "Scenariot {1}: kohortmodellen för {2} simulerades på nytt med {3} ändrade komponenter och grundscenariots slumptal.",
     "The scenario {1}: the cohort model of {2} was simulated again with {3} changed components and the baseline's random numbers.", "rrn"},
    {"scenario.warnings_heading", "Varningar för scenarierna:", "Warnings on the scenarios:"},
    // Models and technical notes.
    {"model.sum_of_groups", "summan av grupperna", "the sum of the groups"},
    {"model.stock_flow", "lager och flöde (förra årets värde plus flödena)", "stock and flow (last year's value plus the flows)"},
    {"model.sum_of_components", "summan av komponenterna", "the sum of the components"},
    {"model.driver", "regression på den drivande serien {1}", "regression on the driver {1}"},
    {"note.calibrated", "kalibrerad kombination av {1} med lika vikter ({2}); punktprognosen är medianen; spridningen kring medianen skalad med {3} för 1–{4} år fram ({5} därefter): faktorer från M3-tävlingens 645 årsserier (80- och 95 %-intervall anpassade till undanhållna år i fem tidsfönster)",
     "calibrated combination of {1} with equal weights ({2}); the point forecast is the median; the spread around the median scaled by {3} for 1–{4} years ahead ({5} beyond): factors from the 645 yearly series of the M3 competition (80 and 95 % intervals matched to held-out years in five calendar windows)"},
    {"note.calibrated_weights", "kalibrerad kombination av {1} med vikterna {2}; punktprognosen är medianen; spridningen kring medianen skalad med {3} för 1–{4} år fram ({5} därefter): faktorer från M3-tävlingens 645 årsserier (80- och 95 %-intervall anpassade till undanhållna år i fem tidsfönster)",
     "calibrated combination of {1} with the weights {2}; the point forecast is the median; the spread around the median scaled by {3} for 1–{4} years ahead ({5} beyond): factors from the 645 yearly series of the M3 competition (80 and 95 % intervals matched to held-out years in five calendar windows)"},
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
    {"source.cohort_estimate", "skattning: åldersstrukturen framförd till {1} av kohortmodellen", "estimate: age structure brought forward to {1} by the cohort model", "r"},
    {"no_data.no_observations", "det finns inga observationer av serien", "there are no observations of the series", ""},
    {"no_data.before_first", "året {1} ligger före seriens första observation ({2})", "the year {1} is before the series' first observation ({2})", "rr"},
    {"no_data.beyond_horizon", "året {1} ligger efter prognosens sista år", "the year {1} is beyond the projection horizon", "r"},
    {"no_data.zero_base", "basvärdet {1} är 0, så en relativ förändring är inte definierad", "the base value in {1} is 0, so a relative change is undefined", "r"},
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

// "2017-2022" -> "2017–2022".
std::string years_text(std::string s) {
  for (std::size_t p = s.find('-'); p != std::string::npos; p = s.find('-', p + 3))
    if (p > 0 && std::isdigit(static_cast<unsigned char>(s[p - 1])) && p + 1 < s.size() &&
        std::isdigit(static_cast<unsigned char>(s[p + 1])))
      s.replace(p, 1, "\u2013");
  return s;
}

const CatalogueEntry* find_entry(std::string_view key) {
  const auto& c = message_catalogue();
  const auto it = std::find_if(c.begin(), c.end(), [&](const auto& e) { return e.key == key; });
  return it == c.end() ? nullptr : &*it;
}

// The args written the reader's way, by the entry's kinds.
std::vector<std::string> written_args(const CatalogueEntry& e, const std::vector<std::string>& a,
                                      Lang lang) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char kind = i < e.args.size() ? e.args[i] : 'r';
    if (kind == 'n')
      out.push_back(num(a[i], lang));
    else if (kind == 'y')
      out.push_back(years_text(a[i]));
    else if (kind == 'm')
      out.push_back(model_label(a[i], lang));
    else if (kind == 'p')
      out.push_back(a[i].empty() ? "" : " (" + a[i] + ")");
    else
      out.push_back(a[i]);
  }
  return out;
}

}  // namespace

std::string diagnostic_key(const Diagnostic& d) {
  return d.variant.empty() ? d.code : d.code + "." + d.variant;
}

std::string rendered(std::string_view key, const std::vector<std::string>& args, Lang lang) {
  const CatalogueEntry* e = find_entry(key);
  if (!e) throw std::logic_error("message catalogue: no entry " + std::string(key));
  return message(key, lang, written_args(*e, args, lang));
}

std::string diagnostic_sentence(const Diagnostic& d, Lang lang) {
  const std::string key = diagnostic_key(d);
  std::string s;
  if (find_entry(key))
    s = rendered(key, d.args, lang);
  else if (lang == Lang::en)  // a code without an entry (none of the library's own)
    s = capitalize(d.message) + (d.message.empty() || d.message.back() == '.' ? "" : ".");
  else
    s = message("diagnostic.other", lang, {d.code});
  // A diagnostic of another series of the target keeps the series' name in front.
  return d.series.empty() || s.starts_with(d.series + ": ") ? s : d.series + ": " + s;
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
  if (f.prior_peers > 0) return message("note.prior_peers", lang);
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
  // Unequal weights only where a member was replaced by one already in the combination
  // (diagnostic member_log_scale): the weights are then listed.
  bool equal = true;
  std::vector<std::string> weights;
  for (const auto& w : f.weights) {
    equal = equal && w.weight == f.weights[0].weight;
    weights.push_back(fixed2(w.weight, lang));
  }
  std::string s = message(equal ? "note.calibrated" : "note.calibrated_weights", lang,
                          {list_text(members, lang),
                           f.weights.empty() ? ""
                           : equal           ? fixed2(f.weights[0].weight, lang)
                                             : list_text(weights, lang),
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

std::string source_text(const Series& s, std::size_t i, Lang lang) {
  if (i < s.size())
    if (const auto it = s.engine_sources.find(s.years[i]); it != s.engine_sources.end())
      return diagnostic_sentence(it->second, lang);
  return i < s.sources.size() && !s.sources[i].empty() ? s.sources[i] : s.provenance.source;
}

std::string no_data_sentence(const TargetResult& t, Lang lang) {
  if (t.no_data_code.empty()) return t.no_data_reason;  // the project's own words
  if (!find_entry(t.no_data_code))
    return lang == Lang::en ? t.no_data_reason
                            : message("diagnostic.other", lang, {t.no_data_code});
  return rendered(t.no_data_code, t.no_data_args, lang);
}

}  // namespace utsikt::out::detail
