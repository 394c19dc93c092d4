#include "utsikt/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "utsikt/error.hpp"

namespace fs = std::filesystem;

namespace utsikt::out {
namespace {

std::string unique_suffix(const char* what) {
  static std::atomic<unsigned> counter{0};
  return std::string(".") + what + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(++counter);
}

// Creates the missing folders of `dir`, recording the ones created (deepest last) so that a
// failed write can remove them again.
void make_folders(const fs::path& dir, std::vector<fs::path>& created) {
  if (dir.empty()) return;
  std::vector<fs::path> missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    std::error_code ec;
    const auto st = fs::symlink_status(p, ec);
    if (fs::exists(st)) break;
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    std::error_code ec;
    if (!fs::create_directory(*it, ec) && ec)
      throw InputError(Location{it->string()}, "a folder that can be created", ec.message());
    created.push_back(*it);
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(Location{dir.string()}, "an output folder", "a file that is not a folder");
}

void write_temp(const std::string& tmp, const std::string& dest, const std::string& content) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(Location{dest}, "a writable output location", std::strerror(errno),
                     "Choose another output folder with --output.");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw InputError(Location{dest}, "room to write the output", why,
                       "Free disk space or choose another output folder with --output.");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    throw InputError(Location{dest}, "the output to be flushed to disk", why);
  }
  if (::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw InputError(Location{dest}, "the output to be flushed to disk", why);
  }
}

// Best effort: makes the renames in a folder durable.
void sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& content) {
  write_files_atomic({{path, content}});
}

void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<fs::path> created;  // folders this call created
  std::vector<std::string> temps;
  auto remove_created = [&] {
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      std::error_code ec;
      fs::remove(*it, ec);  // only removes empty folders
    }
  };
  // 1. Check every destination before anything is written: it must not be a folder.
  for (const auto& [path, content] : files) {
    std::error_code ec;
    if (fs::is_directory(fs::symlink_status(path, ec)))
      throw InputError(Location{path}, "an output file name", "an existing folder of that name",
                       "Remove or rename the folder, or choose another output folder.");
  }
  // 2. Write every temporary file completely.
  try {
    for (const auto& [path, content] : files) {
      make_folders(fs::path(path).parent_path(), created);
      temps.push_back(path + unique_suffix("tmp"));
      write_temp(temps.back(), path, content);
    }
  } catch (...) {
    for (const auto& t : temps) ::unlink(t.c_str());
    remove_created();
    throw;
  }
  // 3. Keep the old versions as hard links, so that a failed rename can be undone and an
  // existing output folder is never left half old, half new.
  std::vector<std::string> backups(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string b = files[i].first + unique_suffix("old");
    if (::link(files[i].first.c_str(), b.c_str()) == 0) backups[i] = b;
  }
  // 4. Rename the temporaries over the destinations.
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      for (std::size_t j = i; j < temps.size(); ++j) ::unlink(temps[j].c_str());
      for (std::size_t j = 0; j < i; ++j) {
        if (!backups[j].empty())
          std::rename(backups[j].c_str(), files[j].first.c_str());
        else
          ::unlink(files[j].first.c_str());
      }
      for (std::size_t j = i; j < backups.size(); ++j)
        if (!backups[j].empty()) ::unlink(backups[j].c_str());
      remove_created();
      throw InputError(Location{files[i].first}, "an output file that can be replaced", why);
    }
  }
  for (const auto& b : backups)
    if (!b.empty()) ::unlink(b.c_str());
  for (const auto& [path, content] : files) sync_folder(fs::path(path).parent_path());
}

}  // namespace utsikt::out
