#include "utsikt/error.hpp"

namespace utsikt {

std::string Location::to_string() const {
  std::string s = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  if (!field.empty()) s += " (field '" + field + "')";
  return s;
}

namespace {
std::string compose(const Location& w, const std::string& expected, const std::string& found,
                    const std::string& hint) {
  std::string m = w.to_string() + ": expected " + expected;
  if (!found.empty()) m += ", found " + found;
  if (!hint.empty()) m += ". " + hint;
  return m;
}
}  // namespace

InputError::InputError(Location where, std::string expected, std::string found, std::string hint)
    : std::runtime_error(compose(where, expected, found, hint)),
      where_(std::move(where)),
      expected_(std::move(expected)),
      found_(std::move(found)),
      hint_(std::move(hint)) {}

}  // namespace utsikt
