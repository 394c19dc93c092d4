// Geometry read back from a rendered chart: the boxes of its target labels, estimated with the
// renderer's documented character width (svg_chart.hpp, kLabelCharWidth), and its band layers.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/svg_chart.hpp"

namespace utsikt::test {

struct TextBox {
  std::string text;
  double x0, y0, x1, y1;
  bool overlaps(const TextBox& b) const { return x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1; }
};

inline std::string xml_unescape(std::string s) {
  const std::pair<const char*, const char*> ents[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [e, c] : ents)
    for (std::size_t p = s.find(e); p != std::string::npos; p = s.find(e, p + 1))
      s.replace(p, std::string(e).size(), c);
  return s;
}

// Every <text class="target-label"> of an SVG with its estimated box.
inline std::vector<TextBox> target_label_boxes(const std::string& svg) {
  std::vector<TextBox> out;
  const std::regex re(
      "<text class=\"target-label\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\"([^>]*)>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
    const bool end = std::string((*it)[3]).find("text-anchor=\"end\"") != std::string::npos;
    const std::string text = xml_unescape((*it)[4]);
    const double w =
        static_cast<double>(out::display_width(text)) * out::kLabelCharWidth * out::kLabelFont;
    const double x0 = end ? x - w : x;
    out.push_back({text, x0, y - out::kLabelAscent * out::kLabelFont, x0 + w,
                   y + out::kLabelDescent * out::kLabelFont});
  }
  return out;
}

// The first pair of overlapping target labels, as "a | b"; "" when none overlap.
inline std::string overlapping_labels(const std::string& svg) {
  const auto boxes = target_label_boxes(svg);
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j)
      if (boxes[i].overlaps(boxes[j])) return boxes[i].text + " | " + boxes[j].text;
  return "";
}

// The band layers of every <g class="bands">: "95:0.16,80:0.16" per group.
inline std::vector<std::string> band_styles(const std::string& svg) {
  std::vector<std::string> out;
  const std::regex group("<g class=\"bands\"[^>]*>(.*?)</g>");
  const std::regex layer("<path class=\"band([0-9]+)\" fill-opacity=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), group); it != std::sregex_iterator();
       ++it) {
    const std::string body = (*it)[1];
    std::string style;
    for (auto l = std::sregex_iterator(body.begin(), body.end(), layer);
         l != std::sregex_iterator(); ++l)
      style += (style.empty() ? "" : ",") + std::string((*l)[1]) + ":" + std::string((*l)[2]);
    out.push_back(style);
  }
  return out;
}

}  // namespace utsikt::test
