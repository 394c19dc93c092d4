// utsikt forecast at scale: the streaming writer gives the same bytes as the in-memory path for
// any thread count, progress is reported per series, the path memory is checked for the whole
// run (threads x one series), the series limit of data files applies, and the CLI shows
// progress lines (not a terminal) and a summary, or nothing with --quiet.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/batch.hpp"

namespace utsikt {
namespace {

namespace fs = std::filesystem;

std::string input_text(int n) {
  std::string s = "series,part,time,value\n";
  for (int i = 0; i < n; ++i) {
    for (int y = 0; y < 12; ++y) {
      const double v = 100 + 3 * y + (i % 7) * 10 + ((i * 31 + y * 17) % 11) * 0.7;
      s += "s" + std::to_string(i) + ",train," + std::to_string(2000 + y) + "," +
           std::to_string(v) + "\n";
    }
    s += "s" + std::to_string(i) + ",test,2012,\n";
    if (i % 5 != 4) s += "s" + std::to_string(i) + ",test,2013,\n";
  }
  return s;
}

BatchOptions options(int threads) {
  BatchOptions o;
  o.n_paths = 200;
  o.threads = threads;
  o.horizon_from_test = true;
  parse_quantile_list("0.1,0.5,0.9", o);
  return o;
}

TEST(BatchStream, SameBytesAsInMemoryForAnyThreadCountWithProgress) {
  const std::string dir = test::temp_dir("batch-stream");
  const BatchInput in = parse_batch_csv(input_text(300), "in.csv");
  const BatchOptions one = options(1);
  write_batch_csv(dir + "/mem.csv", forecast_batch(in, one), one);
  const BatchSummary s1 = forecast_batch_to_csv(in, one, dir + "/t1.csv");
  std::vector<std::size_t> seen;
  BatchOptions three = options(3);
  three.progress = [&](const Progress& p) {
    EXPECT_EQ(p.total, 300u);
    EXPECT_EQ(p.what, "series");
    seen.push_back(p.done);
  };
  const BatchSummary s3 = forecast_batch_to_csv(in, three, dir + "/sub/t3.csv");
  const std::string mem = test::read_file(dir + "/mem.csv");
  EXPECT_EQ(test::read_file(dir + "/t1.csv"), mem);
  EXPECT_EQ(test::read_file(dir + "/sub/t3.csv"), mem);
  EXPECT_EQ(s1.series, 300u);
  EXPECT_EQ(s3.series, 300u);
  ASSERT_EQ(seen.size(), 300u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i + 1);
  // No temporary is left next to the output.
  for (const auto& e : fs::directory_iterator(dir + "/sub"))
    EXPECT_EQ(e.path().filename(), "t3.csv");
}

TEST(BatchStream, AnErrorLeavesNoOutputAndNoCreatedFolder) {
  const std::string dir = test::temp_dir("batch-stream-error");
  BatchInput in = parse_batch_csv(input_text(300), "in.csv");
  in.series[250].values[3] = -1e308 * 10;  // -inf: refused by project_series
  EXPECT_THROW(forecast_batch_to_csv(in, options(2), dir + "/new/out.csv"), InputError);
  EXPECT_FALSE(fs::exists(dir + "/new"));
}

TEST(BatchStream, PathMemoryIsCheckedForTheRunNotPerSeries) {
  const BatchInput in = parse_batch_csv(input_text(8), "in.csv");
  BatchOptions o = options(1);
  o.n_paths = 1'000'000;
  o.horizon_from_test = false;
  o.horizon = 100;  // 8 bytes x 1e6 x 101 = 0.75 GiB per thread
  EXPECT_NO_THROW(o.check());
  o.threads = 2;    // 1.5 GiB: still fits
  o.horizon = 140;  // 8 x 1e6 x 141 x 2 = 2.1 GiB: one series fits, two threads do not
  try {
    forecast_batch_to_csv(in, o, test::temp_dir("batch-mem") + "/o.csv");
    FAIL() << "two threads of 1 GiB of paths each were accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "paths");
    EXPECT_NE(e.found().find("2 threads"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("--threads"), std::string::npos) << e.what();
  }
}

TEST(BatchStream, TheSeriesLimitOfDataFilesApplies) {
  std::string s = "series,part,time,value\n";
  s.reserve(kMaxSeriesPerFile * 20);
  for (std::size_t i = 0; i <= kMaxSeriesPerFile; ++i) s += std::to_string(i) + ",train,2000,1\n";
  try {
    parse_batch_csv(s, "big.csv");
    FAIL() << "more than kMaxSeriesPerFile series were accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, static_cast<int>(kMaxSeriesPerFile) + 2);
    EXPECT_NE(e.expected().find("at most 100000 series"), std::string::npos) << e.what();
  }
}

TEST(BatchStream, CliShowsProgressLinesAndASummaryOrNothingWithQuiet) {
  const std::string dir = test::temp_dir("batch-cli");
  test::write_file(dir + "/in.csv", input_text(50));
  const std::string cmd = test::utsikt_binary() + " forecast --input " + dir +
                          "/in.csv --horizon-from-test --paths 100 --output " + dir + "/o.csv";
  const auto shown = test::run_command("UTSIKT_PROGRESS_AFTER=0 " + cmd);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.err.find("utsikt: 100 % (50 / 50 series"), std::string::npos) << shown.err;
  EXPECT_NE(shown.err.find("utsikt: summary: 50 series forecast, 0 skipped"), std::string::npos)
      << shown.err;
  EXPECT_EQ(shown.err.find('\r'), std::string::npos);  // no bar when stderr is not a terminal
  const auto quiet = test::run_command("UTSIKT_PROGRESS_AFTER=0 " + cmd + " --quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  // Runs shorter than the delay (a second by default; here an hour, so that a slow sanitizer
  // build cannot outlast it) show no progress, only the summary.
  const auto fast = test::run_command("UTSIKT_PROGRESS_AFTER=3600 " + cmd);
  ASSERT_EQ(fast.exit_code, 0) << fast.err;
  EXPECT_EQ(fast.err.find("utsikt: 100 %"), std::string::npos) << fast.err;
  EXPECT_NE(fast.err.find("utsikt: summary: 50 series forecast"), std::string::npos) << fast.err;
}

}  // namespace
}  // namespace utsikt
