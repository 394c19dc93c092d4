// libFuzzer target: parse_number on arbitrary bytes. It never throws; "ok" means finite; an
// invalid number has a reason in valid UTF-8. If the bytes hold a double, its %.17g text (and
// the same with a decimal comma and Swedish thousands blanks) must parse back to it exactly.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "robust_fuzz_check.hpp"
#include "utsikt/number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace utsikt;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParsedNumber r = parse_number(text);
  switch (r.status) {
    case NumberStatus::ok:
      UTSIKT_REQUIRE(std::isfinite(r.value));
      UTSIKT_REQUIRE(r.error.empty());
      break;
    case NumberStatus::missing:
      UTSIKT_REQUIRE(r.error.empty());
      break;
    case NumberStatus::invalid:
      UTSIKT_REQUIRE(!r.error.empty());
      UTSIKT_REQUIRE(utf8_is_valid(r.error));
      break;
  }
  UTSIKT_REQUIRE(is_valid_utf8(text) == utf8_is_valid(text));

  if (size >= sizeof(double)) {
    double v;
    std::memcpy(&v, data, sizeof v);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    const ParsedNumber p = parse_number(buf);
    if (std::isfinite(v) && (v == 0.0 || std::fabs(v) >= 2.2250738585072014e-308)) {
      UTSIKT_REQUIRE(p.status == NumberStatus::ok);
      UTSIKT_REQUIRE(p.value == v);
      std::string sv = buf;
      for (char& c : sv)
        if (c == '.') c = ',';
      const ParsedNumber q = parse_number(sv);
      UTSIKT_REQUIRE(q.status == NumberStatus::ok && q.value == v);
    } else {
      UTSIKT_REQUIRE(p.status == NumberStatus::invalid);
    }
  }
  return 0;
}
