#include "outputs/format.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "utsikt/error.hpp"

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

std::string format_value(double v, Lang lang) {
  if (!std::isfinite(v)) return "–";
  const double a = std::fabs(v);
  int d = 3;
  if (a >= 100) d = 0;
  else if (a >= 10) d = 1;
  else if (a >= 1) d = 2;
  else if (a > 0) d = std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
  return format_fixed(v, d, lang);
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
      {"projection", {"Prognos målår (80 %-intervall)", "Projection in target year (80 % interval)"}},
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
