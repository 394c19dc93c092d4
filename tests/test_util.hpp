// Small helpers shared by the test binaries.
#pragma once

#include <string>

namespace utsikt::test {

// Repository root (compiled in).
std::string source_dir();
// Path of the utsikt executable (compiled in).
std::string utsikt_binary();
// ../shared beside the checkout, or "" if absent (tests that need it skip with a message).
std::string shared_dir();
// A fresh empty temporary folder for one test.
std::string temp_dir(const std::string& name);
// Writes text to a file (creating folders).
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);

}  // namespace utsikt::test
