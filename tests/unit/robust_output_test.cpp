// Atomic output: all files or none, an existing folder is never half overwritten, failures are
// reported with the path and the system's reason, temporaries and created folders are removed.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "test_util.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/error.hpp"

namespace fs = std::filesystem;
using namespace utsikt;
using utsikt::out::write_files_atomic;

namespace {
std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> v;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    v.push_back(fs::relative(e.path(), dir).string());
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST(RobustOutput, WritesAllFilesAndLeavesNoTemporaries) {
  const std::string d = test::temp_dir("robust-out-ok");
  write_files_atomic({{d + "/o/a.csv", "a\n"}, {d + "/o/b.json", "{}\n"}});
  EXPECT_EQ(listing(d), (std::vector<std::string>{"o", "o/a.csv", "o/b.json"}));
  // Replacing existing files.
  write_files_atomic({{d + "/o/a.csv", "A\n"}, {d + "/o/b.json", "[]\n"}});
  EXPECT_EQ(test::read_file(d + "/o/a.csv"), "A\n");
  EXPECT_EQ(listing(d), (std::vector<std::string>{"o", "o/a.csv", "o/b.json"}));
}

TEST(RobustOutput, DestinationThatIsAFolderLeavesEverythingAsItWas) {
  const std::string d = test::temp_dir("robust-out-dir");
  test::write_file(d + "/o/a.csv", "old a\n");
  fs::create_directories(d + "/o/b.json");
  const auto before = listing(d);
  try {
    write_files_atomic({{d + "/o/a.csv", "new a\n"}, {d + "/o/b.json", "{}\n"}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, d + "/o/b.json");
  }
  EXPECT_EQ(test::read_file(d + "/o/a.csv"), "old a\n");
  EXPECT_EQ(listing(d), before);
}

TEST(RobustOutput, OutputFolderThatIsAFileOrTooLongAPath) {
  const std::string d = test::temp_dir("robust-out-file");
  test::write_file(d + "/o", "x");
  EXPECT_THROW(write_files_atomic({{d + "/o/a.csv", "a"}}), InputError);
  EXPECT_EQ(test::read_file(d + "/o"), "x");
  const std::string long_dir = d + "/new/" + std::string(300, 'x');
  try {
    write_files_atomic({{long_dir + "/a.csv", "a"}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("too long"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(d + "/new"));  // the folder it created was removed again
}

TEST(RobustOutput, FullDiskLeavesOldFilesAndNoTemporaries) {
  // A file-size limit makes write() fail with EFBIG, as a full disk fails with ENOSPC.
  const std::string d = test::temp_dir("robust-out-full");
  test::write_file(d + "/o/a.csv", "old a\n");
  test::write_file(d + "/o/b.csv", "old b\n");
  const auto before = listing(d);
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 1000;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string error;
  try {
    write_files_atomic({{d + "/o/a.csv", "new a\n"}, {d + "/o/b.csv", std::string(5000, 'b')}});
  } catch (const InputError& e) {
    error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(error.find("b.csv"), std::string::npos) << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  EXPECT_EQ(test::read_file(d + "/o/a.csv"), "old a\n");
  EXPECT_EQ(test::read_file(d + "/o/b.csv"), "old b\n");
  EXPECT_EQ(listing(d), before);
}

TEST(RobustOutput, ReadOnlyFolder) {
  // As root a read-only folder is still writable, so the CLI is run as user "nobody" (setpriv)
  // on a folder owned by root with mode 0555.
  std::string prefix;
  if (::geteuid() == 0) {
    if (std::system("command -v setpriv >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "running as root without setpriv";
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const std::string d = test::temp_dir("robust-out-ro");
  ::chmod(d.c_str(), 0755);
  test::write_file(d + "/project.toml",
                   "[[indicator]]\nid = \"x\"\nkind = \"rate\"\n"
                   "  [[indicator.observation]]\n  year = 2020\n  value = 1\n"
                   "[[target]]\nid = \"t\"\nindicator = \"x\"\nkind = \"level\"\n"
                   "op = \">=\"\nvalue = 1\nyear = 2030\n");
  test::write_file(d + "/o/targets.csv", "old\n");
  ::chmod((d + "/project.toml").c_str(), 0644);
  ::chmod((d + "/o/targets.csv").c_str(), 0644);
  ::chmod((d + "/o").c_str(), 0555);
  if (!prefix.empty() &&
      std::system((prefix + "test -x " + test::utsikt_binary() + " -a -r " + d + "/project.toml")
                      .c_str()) != 0)
    GTEST_SKIP() << "user nobody cannot run the binary from this checkout";
  const auto before = listing(d);
  const auto r = test::run_command("cd " + d + " && " + prefix + test::utsikt_binary() +
                                   " run project.toml --paths 100 --output o");
  ::chmod((d + "/o").c_str(), 0755);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("o/targets.csv"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(d + "/o/targets.csv"), "old\n");
  EXPECT_EQ(listing(d), before);
}

// `utsikt forecast` and `utsikt import` write through the same atomic writer as the other
// commands: a missing folder is created, a destination that is a folder is refused with exit 2,
// an existing output is never half overwritten, and no temporary file is left behind.
TEST(RobustOutput, ForecastAndImportUseTheAtomicWriter) {
  const std::string d = test::temp_dir("robust-out-cmds");
  test::write_file(d + "/in.csv",
                   "series,part,time,value\na,train,2001,1\na,train,2002,2\na,test,2003,\n");
  const std::string bin = test::utsikt_binary();
  const std::string px = test::source_dir() + "/tests/fixtures/px/bilingual_ansi.px";
  const std::string forecast = bin + " forecast --input " + d + "/in.csv --horizon 2 --paths 100";
  const std::string import = bin + " import '" + px + "' --select län=25 --output ";

  auto r = test::run_command(forecast + " --output " + d + "/new/f.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_command(import + d + "/new2/i.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(listing(d),
            (std::vector<std::string>{"in.csv", "new", "new/f.csv", "new2", "new2/i.csv"}));

  fs::create_directories(d + "/dir.csv");
  test::write_file(d + "/new/f.csv", "old\n");
  const auto before = listing(d);
  r = test::run_command(forecast + " --output " + d + "/dir.csv");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("dir.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("an existing folder"), std::string::npos) << r.err;
  r = test::run_command(import + d + "/dir.csv");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("an existing folder"), std::string::npos) << r.err;
  EXPECT_EQ(listing(d), before);
  EXPECT_EQ(test::read_file(d + "/new/f.csv"), "old\n");
}

// Issue 17: outputs only ever replace regular files. A FIFO, a symbolic link (here to
// /dev/null: renaming over it would replace the link, and as root `--output /dev/null` replaced
// the device node) and a socket-like special file are refused before anything is written.
TEST(RobustOutput, SpecialFilesAreNeverReplaced) {
  const std::string d = test::temp_dir("robust-out-special");
  ASSERT_EQ(::mkfifo((d + "/fifo.csv").c_str(), 0644), 0);
  fs::create_symlink("/dev/null", d + "/null.csv");
  test::write_file(d + "/real.csv", "real\n");
  fs::create_symlink(d + "/real.csv", d + "/link.csv");
  const auto before = listing(d);
  for (const char* name : {"fifo.csv", "null.csv", "link.csv"}) {
    try {
      write_files_atomic({{d + "/new.csv", "n\n"}, {d + "/" + name, "x\n"}});
      ADD_FAILURE() << name << ": no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, d + "/" + name);
      EXPECT_NE(e.found().find(std::string(name) == "fifo.csv" ? "pipe" : "symbolic link"),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(d + "/fifo.csv")));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d + "/null.csv")));
  EXPECT_TRUE(fs::is_character_file(fs::status("/dev/null")));
  EXPECT_EQ(test::read_file(d + "/real.csv"), "real\n");
  EXPECT_EQ(listing(d), before);
  // A device given directly (never written to, even as root).
  EXPECT_THROW(write_files_atomic({{"/dev/null", "x"}}), InputError);
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status("/dev/null")));
}

// A batch collects the writes of a command and commits them together: a failure in a later
// part (a folder where report.xlsx should go) leaves the earlier parts unwritten too.
TEST(RobustOutput, BatchIsAllOrNothing) {
  const std::string d = test::temp_dir("robust-out-batch");
  test::write_file(d + "/o/a.csv", "old a\n");
  fs::create_directories(d + "/o/x");
  {
    utsikt::out::OutputBatch batch;
    write_files_atomic({{d + "/o/a.csv", "new a\n"}});
    EXPECT_EQ(test::read_file(d + "/o/a.csv"), "old a\n");  // not yet
    EXPECT_THROW(write_files_atomic({{d + "/o/x", "x"}}), InputError);
    // The command stops on the error; the batch is discarded.
  }
  EXPECT_EQ(test::read_file(d + "/o/a.csv"), "old a\n");
  {
    utsikt::out::OutputBatch batch;
    write_files_atomic({{d + "/o/a.csv", "new a\n"}});
    write_files_atomic({{d + "/o/sub/b.csv", "b\n"}});
    batch.commit();
  }
  EXPECT_EQ(test::read_file(d + "/o/a.csv"), "new a\n");
  EXPECT_EQ(listing(d), (std::vector<std::string>{"o", "o/a.csv", "o/sub", "o/sub/b.csv", "o/x"}));
}

namespace {
// Runs write_files_atomic in a child process that is killed (SIGKILL) at step `step` of the
// transaction; returns true if the child was killed, false if it completed.
bool write_killed_at(long step, const std::vector<std::pair<std::string, std::string>>& files) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("UTSIKT_TEST_KILL_AT_STEP", std::to_string(step).c_str(), 1);
    try {
      write_files_atomic(files);
    } catch (...) {
      ::_exit(1);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) ADD_FAILURE() << "child failed";
  return WIFSIGNALED(status);
}
}  // namespace

// Issue 17, fault injection: the writer killed at every write, the journal, every link and
// every rename leaves, once the next run has recovered the folder, either the complete old or
// the complete new set, and no temporary file.
TEST(RobustOutput, KilledAtEveryStepLeavesOldOrNewSet) {
  const std::string d = test::temp_dir("robust-out-kill");
  const std::vector<std::pair<std::string, std::string>> old_set = {
      {d + "/o/a.csv", "old a\n"}, {d + "/o/b.json", "old b\n"}, {d + "/o/charts/c.svg", "old c"}};
  std::vector<std::pair<std::string, std::string>> new_set;
  for (const auto& [p, c] : old_set) new_set.push_back({p, "new" + c.substr(3)});
  new_set.push_back({d + "/o/charts/n.svg", "new n"});  // a file that did not exist before
  int killed = 0, old_seen = 0, new_seen = 0;
  for (long step = 1; step < 100; ++step) {
    fs::remove_all(d + "/o");
    write_files_atomic(old_set);
    if (!write_killed_at(step, new_set)) break;
    ++killed;
    // The next run recovers the folders it writes to.
    utsikt::out::recover_interrupted(d + "/o");
    utsikt::out::recover_interrupted(d + "/o/charts");
    const auto files = listing(d + "/o");
    const bool is_new = test::read_file(d + "/o/a.csv") == "new a\n";
    for (const auto& [p, c] : is_new ? new_set : old_set)
      EXPECT_EQ(test::read_file(p), c) << "step " << step << ": " << p;
    EXPECT_EQ(files, is_new
                         ? (std::vector<std::string>{"a.csv", "b.json", "charts", "charts/c.svg",
                                                     "charts/n.svg"})
                         : (std::vector<std::string>{"a.csv", "b.json", "charts", "charts/c.svg"}))
        << "step " << step;
    (is_new ? new_seen : old_seen)++;
  }
  // 4 staged writes + journal + 4 x (link, rename) + cleanup = 14 steps.
  EXPECT_EQ(killed, 14);
  EXPECT_GT(old_seen, 0);
  EXPECT_GT(new_seen, 0);
}
