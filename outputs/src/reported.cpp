#include "utsikt/outputs/reported.hpp"

namespace utsikt::out {

namespace {
std::string tr(Lang lang, const char* sv, const char* en) { return lang == Lang::sv ? sv : en; }
}  // namespace

std::string verdict_label(ReportedVerdict v, Lang lang) {
  switch (v) {
    case ReportedVerdict::met:
      return tr(lang, "uppnått", "met");
    case ReportedVerdict::near:
      return tr(lang, "nära att uppnås", "near");
    case ReportedVerdict::not_met:
      return tr(lang, "uppnås inte", "not met");
    case ReportedVerdict::improving:
      return tr(lang, "positiv utveckling", "improving");
    case ReportedVerdict::unchanged:
      return tr(lang, "oförändrat", "unchanged");
    case ReportedVerdict::worsening:
      return tr(lang, "negativ utveckling", "worsening");
    case ReportedVerdict::not_followed_up:
      return tr(lang, "kan inte följas upp", "cannot be followed up");
  }
  return "";
}

std::string reported_text(const Target& t, Lang lang) {
  if (!t.reported) return "";
  const ReportedAssessment& a = *t.reported;
  std::string s = verdict_label(a.verdict, lang) + " (" + std::to_string(a.year);
  if (a.page > 0) s += tr(lang, ", s. ", ", p. ") + std::to_string(a.page);
  s += ")";
  if (!a.quote.empty()) s += ": \u201d" + a.quote + "\u201d";
  return s;
}

std::string reported_note(const TargetResult& r, const RunOptions& o, Lang lang) {
  switch (reported_difference(r, o)) {
    case ReportedDifference::none:
      return "";
    case ReportedDifference::met_but_unlikely:
      return tr(lang,
                "Skiljer sig: dokumentet bedömer läget sitt år som uppnått, utsikt ger en låg "
                "sannolikhet för målåret (målet kan vara uppnått nu och ändå troligen inte hålla, "
                "eller läsas strängare här).",
                "Differs: the document judges the situation in its year as met; utsikt gives a "
                "low probability for the target year (the target may be met now and still not "
                "likely to hold, or be read more strictly here).");
    case ReportedDifference::not_met_but_likely:
      return tr(lang,
                "Skiljer sig: dokumentet bedömer målet som inte uppnått sitt år, utsikt ger en "
                "hög sannolikhet för målåret.",
                "Differs: the document judges the target not met in its year; utsikt gives a "
                "high probability for the target year.");
    case ReportedDifference::arrow_differs:
      return tr(lang,
                "Skiljer sig: dokumentets beskrivning av utvecklingen och utsikts pil (regeln i "
                "docs/targets.md) pekar olika.",
                "Differs: the document's description of the development and utsikt's arrow (the "
                "rule in docs/targets.md) disagree.");
    case ReportedDifference::verdict_without_data:
      return tr(lang, "Dokumentet bedömer målet med annan statistik; utsikt har inga data för det.",
                "The document judges the target on other statistics; utsikt has no data for it.");
    case ReportedDifference::not_followed_up_but_data:
      return tr(lang, "Dokumentet kunde inte följa upp målet; utsikt har data för det.",
                "The document could not follow the target up; utsikt has data for it.");
  }
  return "";
}

}  // namespace utsikt::out
