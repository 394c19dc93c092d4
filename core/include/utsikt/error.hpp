// Error contract of the utsikt library.
//
// The library never prints and never exits. It reports:
//  * user errors (bad files, bad options, impossible requests) by throwing InputError, whose
//    message names the file, line, column and field, what was expected and what was found;
//  * numerical trouble (a fit that does not converge, too few points) as data in the result
//    (see Diagnostic), together with the fallback that was taken;
//  * bugs by throwing InternalError (or std::logic_error); the CLI maps these to exit code 3.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace utsikt {

// Where in an input something was found. line/column are 1-based; 0 means "not applicable".
struct Location {
  std::string file{};   // path as the user gave it
  int line = 0;         // 1-based line, 0 if unknown
  int column = 0;       // 1-based column (CSV: field number; TOML: character), 0 if unknown
  std::string field{};  // column name, TOML key path or option name

  // "file:line:column (field 'x')" with the parts that are known.
  std::string to_string() const;
};

// A problem with what the user gave us. Always carries where, what was expected and what was
// found, so the message alone tells the user how to fix it.
class InputError : public std::runtime_error {
 public:
  InputError(Location where, std::string expected, std::string found, std::string hint = {});

  const Location& where() const { return where_; }
  const std::string& expected() const { return expected_; }
  const std::string& found() const { return found_; }
  const std::string& hint() const { return hint_; }

 private:
  Location where_;
  std::string expected_;
  std::string found_;
  std::string hint_;
};

// A bug in utsikt (a violated invariant), never the user's fault.
class InternalError : public std::logic_error {
 public:
  explicit InternalError(const std::string& what) : std::logic_error(what) {}
};

// Severity of a reported diagnostic in a result.
enum class Severity { info, warning };

// Something the user should know about a result: few data points, a fallback model, a fit that
// did not converge. code is stable and machine-readable ("few_data_points", "fit_not_converged",
// ...); message is an English sentence (JSON, logs). A reader's sentence in any language is
// rendered from code (with variant) and args by the outputs' message catalogue, never parsed
// out of message: args are the entry's parameters {1}, {2}, ... in machine form (numbers in
// the C locale as written by std::to_string or %g, years as digits, names as given);
// scripts/check_catalogue.py checks that every code created in the library has an entry.
struct Diagnostic {
  Severity severity = Severity::warning;
  std::string code;
  std::string message;
  std::vector<std::string> args{};  // the catalogue entry's parameters, machine form
  std::string variant{};            // a code with several texts: the entry is "code.variant"
  std::string series{};  // set where the diagnostic is about another series than its result's
};

}  // namespace utsikt
