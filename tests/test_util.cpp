#include "test_util.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace utsikt::test {

std::string source_dir() { return UTSIKT_SOURCE_DIR; }
std::string utsikt_binary() { return UTSIKT_BINARY; }

std::string shared_dir() {
  const fs::path p = fs::path(UTSIKT_SOURCE_DIR).parent_path() / "shared";
  return fs::exists(p / "data") ? p.string() : std::string();
}

std::string temp_dir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("utsikt-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

void write_file(const std::string& path, const std::string& text) {
  const fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

CommandResult run_command(const std::string& command_line) {
  const std::string dir = temp_dir("cmd");
  const std::string out = dir + "/out.txt", err = dir + "/err.txt";
  const std::string full = command_line + " >" + out + " 2>" + err + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  fs::remove_all(dir);
  return r;
}

}  // namespace utsikt::test
