#include "utsikt/outputs/format.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "utsikt/error.hpp"
#include "utsikt/models/registry.hpp"

namespace utsikt::out {

Lang lang_from_string(std::string_view s) {
  if (s == "sv") return Lang::sv;
  if (s == "en") return Lang::en;
  throw InputError(Location{"", 0, 0, "lang"}, "\"sv\" or \"en\"", "\"" + std::string(s) + "\"");
}

std::string format_fixed(double v, int decimals, Lang lang) {
  if (!std::isfinite(v)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string s(buf);
  const std::size_t dot = s.find('.');
  std::string ip = s.substr(0, dot), fp = dot == std::string::npos ? "" : s.substr(dot + 1);
  const std::string sep = lang == Lang::sv ? " " : ",";
  std::string grouped;
  // Swedish convention: no grouping for four-digit numbers is also common, but the RUS
  // document writes "1 500" and "6 523", so group from four digits on.
  for (std::size_t i = 0; i < ip.size(); ++i) {
    if (i > 0 && (ip.size() - i) % 3 == 0) grouped += sep;
    grouped += ip[i];
  }
  bool zero = true;
  for (char c : ip + fp)
    if (c != '0') zero = false;
  std::string out = (v < 0 && !zero) ? (lang == Lang::sv ? "−" : "-") : "";
  out += grouped;
  if (!fp.empty()) out += (lang == Lang::sv ? "," : ".") + fp;
  return out;
}

int value_decimals(double magnitude) {
  const double a = std::fabs(magnitude);
  if (!std::isfinite(a) || a == 0) return 0;
  if (a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
}

std::string format_value(double v, Lang lang) {
  if (!std::isfinite(v)) return "–";
  return format_fixed(v, value_decimals(v), lang);
}

std::string format_trimmed(double v, int max_decimals, Lang lang) {
  if (!std::isfinite(v)) return "–";
  std::string s = format_fixed(v, max_decimals, lang);
  const std::string dec = lang == Lang::sv ? "," : ".";
  if (const auto p = s.find(dec); p != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (s.size() == p + dec.size()) s.erase(p);
  }
  return s;
}

std::string format_probability(double p, Lang lang) {
  const std::string pct = lang == Lang::sv ? " %" : "%";
  if (p > 0 && p < 0.005) return "< 1" + pct;
  if (p < 1 && p > 0.995) return "> 99" + pct;
  return format_fixed(p * 100.0, 0, lang) + pct;
}

std::string format_percent(double fraction, int decimals, Lang lang) {
  std::string s = format_fixed(fraction * 100.0, decimals, lang);
  if (fraction > 0) s = "+" + s;
  return s + (lang == Lang::sv ? " %" : "%");
}

std::string label(std::string_view key, Lang lang) {
  static const std::map<std::string_view, std::pair<const char*, const char*>> k = {
      {"focus_area", {"Insatsområde", "Focus area"}},
      {"target", {"Mål", "Target"}},
      {"latest", {"Senaste värde (år)", "Latest value (year)"}},
      {"projection",
       {"Prognos målår (80 %-intervall)", "Projection in target year (80 % interval)"}},
      {"probability", {"P(uppfyllt)", "P(met)"}},
      {"arrow", {"Pil", "Arrow"}},
      {"assessment", {"Bedömning", "Assessment"}},
      {"model", {"Modell", "Model"}},
      {"green", {"grön ▲", "green ▲"}},
      {"yellow", {"gul ►", "yellow ►"}},
      {"red", {"röd ▼", "red ▼"}},
      {"none", {"–", "–"}},
      {"yes", {"JA", "YES"}},
      {"near", {"NÄRA", "NEAR"}},
      {"no", {"NEJ", "NO"}},
      {"no_data", {"inga data", "no data"}},
      {"observed", {"observerat", "observed"}},
      {"every_year", {"varje år", "every year"}},
      {"average", {"i genomsnitt", "on average"}},
      {"few_points", {"få datapunkter", "few data points"}},
      {"seed", {"Frö", "Seed"}},
      {"paths", {"simulerade banor", "simulated paths"}},
  };
  auto it = k.find(key);
  if (it == k.end()) return std::string(key);
  return lang == Lang::sv ? it->second.first : it->second.second;
}

std::string capitalize(std::string s) {
  if (s.empty()) return s;
  if (s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  } else if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC3) {
    const unsigned char c = static_cast<unsigned char>(s[1]);
    if (c == 0xA5 || c == 0xA4 || c == 0xB6) s[1] = static_cast<char>(c - 0x20);  // å ä ö
  }
  return s;
}

std::string group_label(std::string_view group, Lang lang) {
  static const std::map<std::string_view, std::pair<const char*, const char*>> k = {
      {"total", {"Totalt", "Total"}},
      {"women", {"Kvinnor", "Women"}},
      {"men", {"Män", "Men"}},
      {"young_women", {"Unga kvinnor", "Young women"}},
      {"young_men", {"Unga män", "Young men"}},
      {"inrikes", {"Inrikes födda", "Swedish-born"}},
      {"utrikes", {"Utrikes födda", "Foreign-born"}},
      {"inrikes_women", {"Inrikes födda kvinnor", "Swedish-born women"}},
      {"inrikes_men", {"Inrikes födda män", "Swedish-born men"}},
      {"utrikes_women", {"Utrikes födda kvinnor", "Foreign-born women"}},
      {"utrikes_men", {"Utrikes födda män", "Foreign-born men"}},
      {"privat", {"Privat sektor", "Private sector"}},
      {"offentlig", {"Offentlig sektor", "Public sector"}},
      {"lulea", {"Luleå", "Luleå"}},
      {"pitea", {"Piteå", "Piteå"}},
  };
  if (auto it = k.find(group); it != k.end())
    return lang == Lang::sv ? it->second.first : it->second.second;
  std::string s(group);
  for (char& c : s)
    if (c == '_') c = ' ';
  return capitalize(s);
}

std::string model_label(std::string_view model, Lang lang) {
  const bool sv = lang == Lang::sv;
  std::string_view base = model, scale;
  if (const auto p = model.find('('); p != std::string_view::npos && model.back() == ')') {
    base = model.substr(0, p);
    scale = model.substr(p + 1, model.size() - p - 2);
  }
  std::string s;
  // Model families: the registry's labels. "combination" is not a family but the forecast's
  // name for a mixture of several (SeriesForecast::model).
  if (const ModelInfo* m = find_model(base))
    s = sv ? m->label_sv : m->label_en;
  else if (base == "combination")
    s = sv ? "kombination av modeller" : "combination of models";
  else if (base == "cohort")  // the cohort-component model (utsikt/engine/cohort.hpp)
    s = sv ? "kohort-komponentmodell (ålder och kön)" : "cohort-component model (age and sex)";
  else
    s = std::string(base);
  if (scale == "log")
    s += sv ? " (logaritmisk skala)" : " (log scale)";
  else if (scale == "logit")
    s += sv ? " (logit-skala)" : " (logit scale)";
  else if (!scale.empty() && scale != "identity")
    s += " (" + std::string(scale) + ")";
  return s;
}

bool unit_is_percent(std::string_view unit) {
  return unit == "procent" || unit == "percent" || unit == "%" || unit == "Procent" ||
         unit == "Percent";
}

std::string format_value_pct(double v, bool percent, Lang lang) {
  if (!percent || !std::isfinite(v)) return format_value(v, lang);
  // Shares are read to one decimal ("48,8 %"); a no-break space keeps the sign with the number.
  return format_fixed(v, std::fabs(v) >= 1000 ? 0 : 1, lang) + (lang == Lang::sv ? "\u00a0%" : "%");
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string fit_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (w + 1 >= width) break;
      ++w;
    }
    out += s[i];
  }
  return out + "…";
}

}  // namespace utsikt::out
