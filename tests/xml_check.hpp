// A small XML well-formedness checker for tests (SVG charts, xlsx parts): balanced and properly
// nested elements, quoted attributes without duplicates, valid entity and character references,
// no '<' in attribute values, no raw '&'. Not a validating parser; enough to catch broken output.
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace utsikt::test {

// Returns "" when well-formed, else a message with the byte offset of the first problem.
inline std::string xml_problem(std::string_view x, bool allow_html_void = false) {
  std::vector<std::string> stack;
  std::size_t i = 0, roots = 0;
  auto err = [&](const std::string& m) { return m + " at offset " + std::to_string(i); };
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
           c == '.' || static_cast<unsigned char>(c) >= 0x80;
  };
  auto check_ref = [&](std::size_t at) -> bool {
    const std::size_t semi = x.find(';', at);
    if (semi == std::string_view::npos || semi - at > 10) return false;
    const std::string_view ref = x.substr(at + 1, semi - at - 1);
    static const std::set<std::string_view> named = {"amp", "lt", "gt", "quot", "apos"};
    if (named.count(ref)) return true;
    if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      for (std::size_t k = hex ? 2 : 1; k < ref.size(); ++k)
        if (!(hex ? std::isxdigit(static_cast<unsigned char>(ref[k]))
                  : std::isdigit(static_cast<unsigned char>(ref[k]))))
          return false;
      return ref.size() > (hex ? 2u : 1u);
    }
    return false;
  };
  while (i < x.size()) {
    if (x[i] == '&') {
      if (!check_ref(i)) return err("bad reference");
      ++i;
      continue;
    }
    if (x[i] != '<') {
      if (stack.empty() && !std::isspace(static_cast<unsigned char>(x[i])))
        return err("text outside the root element");
      ++i;
      continue;
    }
    if (x.compare(i, 4, "<!--") == 0) {
      const std::size_t e = x.find("-->", i + 4);
      if (e == std::string_view::npos) return err("unclosed comment");
      i = e + 3;
      continue;
    }
    if (x.compare(i, 2, "<?") == 0) {
      const std::size_t e = x.find("?>", i + 2);
      if (e == std::string_view::npos) return err("unclosed processing instruction");
      i = e + 2;
      continue;
    }
    if (x.compare(i, 9, "<![CDATA[") == 0) {
      const std::size_t e = x.find("]]>", i);
      if (e == std::string_view::npos) return err("unclosed CDATA");
      i = e + 3;
      continue;
    }
    if (x.compare(i, 2, "<!") == 0) {  // DOCTYPE
      const std::size_t e = x.find('>', i);
      if (e == std::string_view::npos) return err("unclosed declaration");
      i = e + 1;
      continue;
    }
    const bool closing = i + 1 < x.size() && x[i + 1] == '/';
    std::size_t k = i + (closing ? 2 : 1);
    const std::size_t ns = k;
    while (k < x.size() && name_char(x[k])) ++k;
    const std::string name(x.substr(ns, k - ns));
    if (name.empty()) return err("empty element name");
    if (closing) {
      while (k < x.size() && std::isspace(static_cast<unsigned char>(x[k]))) ++k;
      if (k >= x.size() || x[k] != '>') return err("bad closing tag </" + name);
      if (stack.empty() || stack.back() != name)
        return err("closing </" + name + "> does not match <" +
                   (stack.empty() ? std::string("none") : stack.back()) + ">");
      stack.pop_back();
      i = k + 1;
      continue;
    }
    std::set<std::string> attrs;
    bool self_close = false;
    for (;;) {
      while (k < x.size() && std::isspace(static_cast<unsigned char>(x[k]))) ++k;
      if (k >= x.size()) return err("unterminated tag <" + name);
      if (x[k] == '>') break;
      if (x[k] == '/' && k + 1 < x.size() && x[k + 1] == '>') {
        self_close = true;
        ++k;
        break;
      }
      const std::size_t as = k;
      while (k < x.size() && name_char(x[k])) ++k;
      const std::string an(x.substr(as, k - as));
      if (an.empty()) return err("bad attribute in <" + name);
      if (!attrs.insert(an).second) return err("duplicate attribute " + an);
      if (k >= x.size() || x[k] != '=') return err("attribute without value: " + an);
      ++k;
      if (k >= x.size() || (x[k] != '"' && x[k] != '\'')) return err("unquoted attribute " + an);
      const char q = x[k++];
      const std::size_t e = x.find(q, k);
      if (e == std::string_view::npos) return err("unterminated attribute " + an);
      for (std::size_t m = k; m < e; ++m) {
        if (x[m] == '<') return err("'<' in attribute " + an);
        if (x[m] == '&' && !check_ref(m)) return err("bad reference in attribute " + an);
      }
      k = e + 1;
    }
    static const std::set<std::string> html_void = {"meta", "link", "br", "hr", "img", "input"};
    if (stack.empty()) ++roots;
    if (roots > 1) return err("more than one root element");
    if (!self_close && !(allow_html_void && html_void.count(name))) stack.push_back(name);
    i = k + 1;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (roots == 0) return "no root element";
  return "";
}

}  // namespace utsikt::test
