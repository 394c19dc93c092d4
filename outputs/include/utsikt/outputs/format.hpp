// Formatting numbers and labels the way the readers write them.
//   Swedish (default): "251 295", "48,8", "72 %"  (thousands separated by a space, decimal comma)
//   English:           "251,295", "48.8", "72%"
#pragma once

#include <string>
#include <string_view>

namespace utsikt::out {

enum class Lang { sv, en };
Lang lang_from_string(std::string_view s);  // "sv" or "en"; throws InputError otherwise

// Formats v with the given number of decimals, with thousands grouping.
std::string format_fixed(double v, int decimals, Lang lang);
// Chooses decimals from the magnitude: >= 100 -> 0, >= 10 -> 1, >= 1 -> 2, else 3 significant.
std::string format_value(double v, Lang lang);
// Decimals format_value uses for a number of this magnitude (>= 100: 0, >= 10: 1, >= 1: 2, ...).
int value_decimals(double magnitude);
// A threshold as people write it: at most `max_decimals`, trailing zeros dropped
// ("0,75", "25", "1 500", "-0,7").
std::string format_trimmed(double v, int max_decimals, Lang lang);
// A probability as a percentage: "72 %" / "72%"; "< 1 %" and "> 99 %" at the extremes
// unless exactly 0 or 1.
std::string format_probability(double p, Lang lang);
// A relative change: "-70 %" / "-70%".
std::string format_percent(double fraction, int decimals, Lang lang);

// Label lookup: a fixed vocabulary of output words (table headers, arrow names, statuses).
std::string label(std::string_view key, Lang lang);

// A group id as readers write it: "total" -> "Totalt"/"Total", "women" -> "Kvinnor"/"Women",
// "utrikes_men" -> "Utrikes födda män"/"Foreign-born men"; unknown ids: '_' -> ' ', capitalised.
std::string group_label(std::string_view group, Lang lang);
// A model label from the forecast ("linear(log)", "rw_drift", "combination") in words:
// "linjär trend (logaritmisk skala)" / "linear trend (log scale)".
std::string model_label(std::string_view model, Lang lang);
// Whether an indicator unit means percent ("procent", "percent", "%", "procentenheter" no).
bool unit_is_percent(std::string_view unit);
// A value with a percent sign when `percent`: "48,8 %" (one decimal, no-break space) /
// "48.8%"; else format_value.
std::string format_value_pct(double v, bool percent, Lang lang);
// Upper-cases the first letter (ASCII and the Swedish å, ä, ö).
std::string capitalize(std::string s);

// Display width of a UTF-8 string (code points; good enough for Latin text).
std::size_t display_width(std::string_view s);
// Cuts a UTF-8 string to at most `width` code points, adding "…" when cut.
std::string fit_width(std::string_view s, std::size_t width);

}  // namespace utsikt::out
