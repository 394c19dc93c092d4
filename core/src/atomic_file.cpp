#include "utsikt/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "utsikt/error.hpp"

namespace fs = std::filesystem;

namespace utsikt::out {
namespace {

constexpr const char* kStagePrefix = ".utsikt-txn-";

// --- signals ---------------------------------------------------------------------------------
std::atomic<bool> g_in_transaction{false};
volatile std::sig_atomic_t g_pending_signal = 0;

// --- input protection ------------------------------------------------------------------------
std::mutex g_inputs_mutex;
bool g_protect_inputs = false;
std::set<std::pair<dev_t, ino_t>> g_inputs;

OutputBatch* g_batch = nullptr;

// Test seam for the fault-injection tests: UTSIKT_TEST_KILL_AT_STEP=N sends the process a
// signal at the N-th step (each staged write, the journal, each link, each rename, the cleanup)
// of a transaction: SIGKILL, as a power cut or `kill -9` would, or the signal number in
// UTSIKT_TEST_KILL_SIGNAL (e.g. 15 for SIGTERM, which the CLI handles).
struct StepCounter {
  long kill_at = 0;
  long step = 0;
  int sig = SIGKILL;
  StepCounter() {
    if (const char* s = std::getenv("UTSIKT_TEST_KILL_AT_STEP")) kill_at = std::atol(s);
    if (const char* s = std::getenv("UTSIKT_TEST_KILL_SIGNAL")) sig = std::atoi(s);
  }
  void operator()() {
    if (kill_at > 0 && ++step == kill_at) ::kill(::getpid(), sig);
  }
};

std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  return std::string(kStagePrefix) + std::to_string(::getpid()) + "-" + std::to_string(++counter);
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

void fail_write(int fd, const std::string& tmp, const std::string& dest, const char* expected,
                const char* hint) {
  const std::string why = std::strerror(errno);
  if (fd >= 0) ::close(fd);
  ::unlink(tmp.c_str());
  throw InputError(Location{dest}, expected, why, hint);
}

void write_temp(const std::string& tmp, const std::string& dest, const std::string& content) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    fail_write(-1, tmp, dest, "a writable output location",
               "Choose another output folder with --output.");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_write(fd, tmp, dest, "room to write the output",
                 "Free disk space or choose another output folder with --output.");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail_write(fd, tmp, dest, "the output to be flushed to disk", "");
  if (::close(fd) != 0) fail_write(-1, tmp, dest, "the output to be flushed to disk", "");
}

// Best effort: makes the renames in a folder durable.
void sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Every destination is checked before anything is written.
void check_destination(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // does not exist (yet): fine
  const auto refuse = [&](const std::string& found) {
    throw InputError(Location{path}, "an output file name (a new or a regular file)", found,
                     "Outputs only replace regular files; choose another output folder or "
                     "file name.");
  };
  if (S_ISDIR(st.st_mode)) refuse("an existing folder of that name");
  if (S_ISLNK(st.st_mode)) refuse("a symbolic link (give the path it points to instead)");
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) refuse("a device");
  if (S_ISFIFO(st.st_mode)) refuse("a named pipe (FIFO)");
  if (S_ISSOCK(st.st_mode)) refuse("a socket");
  if (!S_ISREG(st.st_mode)) refuse("a special file");
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  if (g_protect_inputs && g_inputs.count({st.st_dev, st.st_ino}))
    throw InputError(Location{path}, "an output file that is not one of the inputs",
                     "a file this command reads (an output never overwrites an input)",
                     "Choose another output file or folder.");
}

// The journal: one destination per staged file, written before the first rename. A line is
// "<length>:<absolute path>" so that any file name survives.
std::string journal_text(const std::vector<std::string>& dests) {
  std::string j = "utsikt-journal 1\n";
  for (const auto& d : dests) j += std::to_string(d.size()) + ":" + d + "\n";
  return j;
}

bool parse_journal(const std::string& text, std::vector<std::string>& dests) {
  const std::string head = "utsikt-journal 1\n";
  if (text.compare(0, head.size(), head) != 0) return false;
  std::size_t pos = head.size();
  while (pos < text.size()) {
    const std::size_t colon = text.find(':', pos);
    if (colon == std::string::npos || colon == pos || colon - pos > 12) return false;
    const std::size_t len = std::strtoull(text.substr(pos, colon - pos).c_str(), nullptr, 10);
    if (colon + 1 + len + 1 > text.size() || text[colon + 1 + len] != '\n') return false;
    dests.push_back(text.substr(colon + 1, len));
    pos = colon + 1 + len + 1;
  }
  return true;
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  if (pid == static_cast<long>(::getpid())) return true;  // a transaction still in progress
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

void remove_stage(const fs::path& stage) {
  std::error_code ec;
  fs::remove_all(stage, ec);
}

void throw_if_interrupted() {
  if (g_pending_signal != 0) throw Interrupted(g_pending_signal);
}

// Marks the process as inside a transaction for the signal handler.
struct TransactionFlag {
  TransactionFlag() { g_in_transaction.store(true); }
  ~TransactionFlag() { g_in_transaction.store(false); }
};

struct Staged {
  fs::path dest;     // absolute
  std::string user;  // as given, for messages
  std::string content;
};

fs::path common_folder(const std::vector<Staged>& files) {
  fs::path root = files.front().dest.parent_path();
  for (const auto& f : files) {
    const fs::path p = f.dest.parent_path();
    while (!root.empty() && root != root.root_path()) {
      auto [a, b] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
      if (a == root.end()) break;
      root = root.parent_path();
    }
  }
  return root;
}

// Renames every staged file over its destination; on a failure restores the destinations
// already replaced from the hard links of their old versions.
void rename_all(const std::vector<Staged>& files, const fs::path& stage, StepCounter& step) {
  std::vector<bool> had_old(files.size(), false);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string dest = files[i].dest.string();
    const std::string backup = (stage / ("old-" + std::to_string(i))).string();
    had_old[i] = ::link(dest.c_str(), backup.c_str()) == 0;
    step();
    if (std::rename((stage / std::to_string(i)).c_str(), dest.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      ::unlink((stage / "journal").c_str());  // no longer to be completed by the next run
      for (std::size_t j = 0; j < i; ++j) {
        const std::string b = (stage / ("old-" + std::to_string(j))).string();
        if (had_old[j])
          std::rename(b.c_str(), files[j].dest.c_str());
        else
          ::unlink(files[j].dest.c_str());
      }
      throw InputError(Location{files[i].user}, "an output file that can be replaced", why);
    }
    step();
  }
}

void commit_files(const std::vector<std::pair<std::string, std::string>>& in) {
  if (in.empty()) return;
  // Last write of a path wins; the order of first appearance is kept.
  std::vector<Staged> files;
  std::map<std::string, std::size_t> index;
  for (const auto& [path, content] : in) {
    check_destination(path);
    const fs::path abs = fs::absolute(path).lexically_normal();
    auto [it, added] = index.emplace(abs.string(), files.size());
    if (added)
      files.push_back({abs, path, content});
    else
      files[it->second].content = content;
  }
  StepCounter step;
  TransactionFlag flag;
  std::vector<fs::path> created;  // folders this call created
  auto remove_created = [&] {
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      std::error_code ec;
      fs::remove(*it, ec);  // only removes empty folders
    }
  };
  for (const auto& f : files) {
    std::error_code ec;
    if (fs::is_directory(f.dest.parent_path(), ec)) recover_interrupted(f.dest.parent_path());
  }
  const fs::path root = common_folder(files);
  fs::path stage;
  // 1. Stage every file completely (interruptible: the old files stay as they are).
  try {
    for (const auto& f : files) make_folders(fs::path(f.user).parent_path(), created);
    recover_interrupted(root.string());
    stage = root / unique_name();
    std::error_code ec;
    if (!fs::create_directory(stage, ec))
      throw InputError(Location{files.front().user}, "a writable output location",
                       ec ? ec.message() : "the staging folder exists",
                       "Choose another output folder with --output.");
    for (std::size_t i = 0; i < files.size(); ++i) {
      throw_if_interrupted();
      write_temp((stage / std::to_string(i)).string(), files[i].user, files[i].content);
      step();
    }
    throw_if_interrupted();
    // 2. The commit point: the journal, written in full and then renamed into place.
    std::vector<std::string> dests;
    for (const auto& f : files) dests.push_back(f.dest.string());
    write_temp((stage / "journal.tmp").string(), files.front().user, journal_text(dests));
    if (std::rename((stage / "journal.tmp").c_str(), (stage / "journal").c_str()) != 0)
      throw InputError(Location{files.front().user}, "a writable output location",
                       std::strerror(errno));
    sync_folder(stage);
    step();
  } catch (...) {
    if (!stage.empty()) remove_stage(stage);
    remove_created();
    throw;
  }
  // 3. Rename (not interruptible any more: a signal is honoured once the new set is complete).
  try {
    rename_all(files, stage, step);
  } catch (...) {
    remove_stage(stage);
    remove_created();
    throw;
  }
  ::unlink((stage / "journal").c_str());
  remove_stage(stage);
  step();
  std::set<fs::path> folders;
  for (const auto& f : files) folders.insert(f.dest.parent_path());
  for (const auto& d : folders) sync_folder(d);
  throw_if_interrupted();
}

}  // namespace

Interrupted::Interrupted(int sig)
    : std::runtime_error("interrupted by signal " + std::to_string(sig)), signal_(sig) {}

bool on_signal(int sig) noexcept {
  if (!g_in_transaction.load()) return false;
  g_pending_signal = sig;
  return true;
}

void protect_inputs(bool on) {
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  g_protect_inputs = on;
}

void note_input_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  if (!g_protect_inputs) return;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) g_inputs.insert({st.st_dev, st.st_ino});
}

void recover_interrupted(const std::string& folder) {
  DIR* d = ::opendir(folder.empty() ? "." : folder.c_str());
  if (!d) return;
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n.rfind(kStagePrefix, 0) == 0) names.push_back(n);
  }
  ::closedir(d);
  for (const auto& n : names) {
    const long pid = std::atol(n.c_str() + std::strlen(kStagePrefix));
    if (process_alive(pid)) continue;
    const fs::path stage = fs::path(folder.empty() ? "." : folder) / n;
    std::ifstream j(stage / "journal", std::ios::binary);
    std::vector<std::string> dests;
    if (j) {
      std::ostringstream text;
      text << j.rdbuf();
      if (parse_journal(text.str(), dests)) {
        // Committed: complete it (the staged files that were not renamed yet).
        for (std::size_t i = 0; i < dests.size(); ++i) {
          const fs::path staged = stage / std::to_string(i);
          std::error_code ec;
          if (fs::exists(fs::symlink_status(staged, ec)))
            std::rename(staged.c_str(), dests[i].c_str());
        }
      }
    }
    remove_stage(stage);  // not committed (no journal): rolled back
  }
}

void check_output_destination(const std::string& path) { check_destination(path); }

std::string staging_folder_name() { return unique_name(); }

void write_file_atomic(const std::string& path, const std::string& content) {
  write_files_atomic({{path, content}});
}

void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  if (g_batch == nullptr) {
    commit_files(files);
    return;
  }
  for (const auto& f : files) check_destination(f.first);  // fail early, before more work
  g_batch->add(files);
}

OutputBatch::OutputBatch() : previous_(g_batch) { g_batch = this; }

OutputBatch::~OutputBatch() {
  if (g_batch == this) g_batch = previous_;
}

void OutputBatch::add(const std::vector<std::pair<std::string, std::string>>& files) {
  files_.insert(files_.end(), files.begin(), files.end());
}

void OutputBatch::commit() {
  if (g_batch == this) g_batch = previous_;
  auto files = std::move(files_);
  files_.clear();
  commit_files(files);
}

}  // namespace utsikt::out
