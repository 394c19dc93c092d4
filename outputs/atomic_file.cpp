#include "outputs/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "utsikt/error.hpp"

namespace fs = std::filesystem;

namespace utsikt::out {
namespace {

std::string temp_name(const std::string& path) {
  static unsigned counter = 0;
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

void write_temp(const std::string& tmp, const std::string& dest, const std::string& content) {
  const fs::path parent = fs::path(dest).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec)
      throw InputError(Location{parent.string()}, "a folder that can be created",
                       ec.message());
  }
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(Location{dest}, "a writable output location", std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw InputError(Location{dest}, "room to write the output", why);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw InputError(Location{dest}, "the output to be flushed to disk", why);
  }
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& content) {
  write_files_atomic({{path, content}});
}

void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> temps;
  try {
    for (const auto& [path, content] : files) {
      temps.push_back(temp_name(path));
      write_temp(temps.back(), path, content);
    }
  } catch (...) {
    for (const auto& t : temps) ::unlink(t.c_str());
    throw;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      for (std::size_t j = i; j < temps.size(); ++j) ::unlink(temps[j].c_str());
      throw InputError(Location{files[i].first}, "an output file that can be replaced", why);
    }
  }
}

}  // namespace utsikt::out
