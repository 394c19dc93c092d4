// Atomic output: all files or none, an existing folder is never half overwritten, failures are
// reported with the path and the system's reason, temporaries and created folders are removed.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "outputs/atomic_file.hpp"
#include "test_util.hpp"
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
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only folders";
  const std::string d = test::temp_dir("robust-out-ro");
  test::write_file(d + "/o/a.csv", "old\n");
  fs::permissions(d + "/o", fs::perms::owner_read | fs::perms::owner_exec);
  try {
    write_files_atomic({{d + "/o/a.csv", "new\n"}});
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Permission denied"), std::string::npos) << e.what();
  }
  fs::permissions(d + "/o", fs::perms::owner_all);
  EXPECT_EQ(test::read_file(d + "/o/a.csv"), "old\n");
  EXPECT_EQ(listing(d), (std::vector<std::string>{"o", "o/a.csv"}));
}
