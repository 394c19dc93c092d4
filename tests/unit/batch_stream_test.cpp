// utsikt forecast at scale: the streaming writer gives the same bytes as the in-memory path for
// any thread count, progress is reported per series, the path memory is checked for the whole
// run (threads x one series), the series limit of data files applies to the whole-file reader,
// and the CLI shows progress lines (not a terminal) and a summary, or nothing with --quiet.
// Streaming input (BatchStreamInput): the reader gives what the whole-file parser gives, the
// same bad-input errors before any forecast, grouped series only, and the same output bytes.
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
  EXPECT_NE(shown.err.find("utsikt: 100 % (50 / 50 serier"), std::string::npos) << shown.err;
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

// ---- streaming input (forecast_batch_file_to_csv, BatchSeriesReader) ----

std::vector<BatchSeries> read_all(BatchSeriesReader& r) {
  std::vector<BatchSeries> out;
  BatchSeries s;
  while (r.next(s)) out.push_back(s);
  return out;
}

void expect_same_series(const std::vector<BatchSeries>& a, const std::vector<BatchSeries>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].years, b[i].years);
    EXPECT_EQ(a[i].values, b[i].values);
    EXPECT_EQ(a[i].n_test, b[i].n_test);
    EXPECT_EQ(a[i].first_line, b[i].first_line);
    EXPECT_EQ(a[i].last_test_year, b[i].last_test_year);
    EXPECT_EQ(a[i].attributes, b[i].attributes);
  }
}

TEST(BatchStreamInput, ReadsWhatTheWholeFileParserReads) {
  // Quotes with a line break, CRLF, a BOM, blank lines, ';' with decimal commas, extra columns,
  // missing values, train rows out of order, a test row with a non-year time.
  const std::string text =
      "\xEF\xBB\xBFSeries;Part;Time;Value;Region\r\n"
      "\"a;1\";train;2001;1,5;\"Norr\nbotten\"\r\n"
      "\"a;1\";train;2000;2,5;x\r\n"
      "\r\n"
      "\"a;1\";test;2002;;x\r\n"
      "b;train;2000;..;Kiruna\n"
      "b;train;2003;4;Kiruna\n"
      "b;TEST;q1;;Kiruna\n"
      "c;train;1999;7;\"\"\"quoted\"\"\"\n";
  const BatchInput whole = parse_batch_csv(text, "in.csv");
  BatchSeriesReader r("in.csv", text);
  expect_same_series(read_all(r), whole.series);
  // From a file, in pieces of 1 MiB: a file of several pieces gives the same series.
  const std::string dir = test::temp_dir("batch-stream-read");
  const std::string big = input_text(9000);  // about 3 MB
  test::write_file(dir + "/big.csv", big);
  ASSERT_TRUE(is_plain_utf8_file(dir + "/big.csv"));
  BatchSeriesReader rf(dir + "/big.csv");
  expect_same_series(read_all(rf), parse_batch_csv(big, "big.csv").series);
}

TEST(BatchStreamInput, Utf8CharactersAcrossPiecesAndOtherEncodings) {
  const std::string dir = test::temp_dir("batch-stream-utf8");
  // 'ö' (two bytes) and '€' (three) straddling the 1 MiB boundary at every offset.
  for (std::size_t shift = 0; shift < 4; ++shift) {
    const std::size_t at = (std::size_t{1} << 20) - 1 - shift;  // where the 'ö' starts
    std::string s = "series,part,time,value\n";
    while (s.size() < at) s += "x,train,2000,1\n";
    s.resize(at - 1);
    s += "\n\xC3\xB6\xE2\x82\xAC,train,2000,1\n";
    test::write_file(dir + "/f.csv", s);
    EXPECT_TRUE(is_plain_utf8_file(dir + "/f.csv")) << shift;
  }
  test::write_file(dir + "/w.csv", "series,part,time,value\nG\xE4llivare,train,2000,1\n");
  EXPECT_FALSE(is_plain_utf8_file(dir + "/w.csv"));  // Windows-1252
  const char with_nul[] = "series,part,time,value\n\0,train,2000,1\n";
  test::write_file(dir + "/n.csv", std::string(with_nul, sizeof with_nul - 1));
  EXPECT_FALSE(is_plain_utf8_file(dir + "/n.csv"));
  test::write_file(dir + "/t.csv", "series,part,time,value\n\xC3");  // truncated character
  EXPECT_FALSE(is_plain_utf8_file(dir + "/t.csv"));
  // A Windows-1252 file is read whole (converted, with the notice), as before.
  std::string w = input_text(20);
  w.replace(w.find("s3,"), 2, "G\xE4");
  test::write_file(dir + "/win.csv", w);
  std::vector<Diagnostic> notices;
  const BatchOptions o = options(2);
  forecast_batch_file_to_csv(dir + "/win.csv", o, dir + "/win-out.csv", &notices);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].code, "converted_from_windows1252");
  const BatchInput in = read_batch_csv(dir + "/win.csv");
  forecast_batch_to_csv(in, o, dir + "/win-mem.csv");
  EXPECT_EQ(test::read_file(dir + "/win-out.csv"), test::read_file(dir + "/win-mem.csv"));
}

TEST(BatchStreamInput, SameBytesAsTheWholeFileForAnyThreadCountOverSeveralBlocks) {
  const std::string dir = test::temp_dir("batch-stream-file");
  test::write_file(dir + "/in.csv", input_text(700));  // blocks of 256 (1 thread) and 256 (3)
  const BatchOptions one = options(1);
  forecast_batch_to_csv(read_batch_csv(dir + "/in.csv"), one, dir + "/mem.csv");
  const BatchSummary s1 = forecast_batch_file_to_csv(dir + "/in.csv", one, dir + "/t1.csv");
  BatchOptions three = options(3);
  std::vector<std::size_t> seen;
  three.progress = [&](const Progress& p) {
    EXPECT_EQ(p.total, 700u);
    seen.push_back(p.done);
  };
  const BatchSummary s3 = forecast_batch_file_to_csv(dir + "/in.csv", three, dir + "/t3.csv");
  const std::string mem = test::read_file(dir + "/mem.csv");
  EXPECT_EQ(test::read_file(dir + "/t1.csv"), mem);
  EXPECT_EQ(test::read_file(dir + "/t3.csv"), mem);
  EXPECT_EQ(s1.series, 700u);
  EXPECT_EQ(s3.series, 700u);
  ASSERT_EQ(seen.size(), 700u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i + 1);
  // Skipped series (no test rows under --horizon-from-test) are left out the same way.
  std::string text = input_text(300);
  text += "lonely,train,2000,1\nlonely,train,2001,2\n";
  test::write_file(dir + "/skip.csv", text);
  const BatchSummary sk = forecast_batch_file_to_csv(dir + "/skip.csv", one, dir + "/sk.csv");
  ASSERT_EQ(sk.skipped, std::vector<std::string>{"lonely"});
  EXPECT_EQ(sk.series, 300u);
}

TEST(BatchStreamInput, ASeriesThatReappearsIsRefusedNamingBothLines) {
  const std::string dir = test::temp_dir("batch-stream-group");
  const std::string text =
      "series,part,time,value\na,train,2000,1\nb,train,2000,1\na,train,2001,2\n";
  test::write_file(dir + "/in.csv", text);
  try {
    forecast_batch_file_to_csv(dir + "/in.csv", options(1), dir + "/new/o.csv");
    FAIL() << "an interleaved file was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 4);
    EXPECT_EQ(e.where().field, "series");
    EXPECT_NE(e.found().find("'a' again after other series (first on line 2)"), std::string::npos)
        << e.what();
    EXPECT_NE(e.hint().find("--pool"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir + "/new"));
  // The whole-file reader (--pool) still takes it.
  EXPECT_EQ(parse_batch_csv(text, "in.csv").series.size(), 2u);
}

TEST(BatchStreamInput, ReadingErrorsComeBeforeAnyForecastAndMatchTheWholeFileReader) {
  const std::string dir = test::temp_dir("batch-stream-bad");
  const std::string good = input_text(400);
  for (const std::string& bad :
       {std::string("s399,train,x,1\n"), std::string("s399,sometimes,2000,1\n"),
        std::string("s399,train,2000,abc\n"), std::string("s399,train,2011,5\n"),
        std::string("s399,train\n"), std::string(",train,2000,1\n"),
        std::string("s399,train,2000,\"1\n")}) {
    const std::string text = good + bad;
    test::write_file(dir + "/in.csv", text);
    int whole_line = -1, stream_line = -2;
    std::string whole_field, stream_field;
    try {
      parse_batch_csv(text, dir + "/in.csv");
    } catch (const InputError& e) {
      whole_line = e.where().line;
      whole_field = e.where().field;
    }
    std::size_t progress_calls = 0;
    BatchOptions o = options(2);
    o.progress = [&](const Progress&) { ++progress_calls; };
    try {
      forecast_batch_file_to_csv(dir + "/in.csv", o, dir + "/out/o.csv");
    } catch (const InputError& e) {
      stream_line = e.where().line;
      stream_field = e.where().field;
    }
    EXPECT_EQ(stream_line, whole_line) << bad;
    EXPECT_EQ(stream_field, whole_field) << bad;
    EXPECT_EQ(progress_calls, 0u) << bad;  // found by the first pass, before forecasting
    EXPECT_FALSE(fs::exists(dir + "/out")) << bad;
  }
}

TEST(BatchStreamInput, ASeriesHasAtMostTheRowLimit) {
  std::string s = "series,part,time,value\n";
  for (std::size_t i = 0; i <= kMaxBatchSeriesRows; ++i)
    s += "long,train," + std::to_string(i) + ",1\n";
  BatchSeriesReader r("long.csv", s);
  BatchSeries bs;
  try {
    r.next(bs);
    FAIL() << "a series of more than kMaxBatchSeriesRows rows was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, static_cast<int>(kMaxBatchSeriesRows) + 2);
    EXPECT_NE(e.expected().find("rows per series"), std::string::npos) << e.what();
  }
  // More series than a data file may hold (kMaxSeriesPerFile) are read.
  std::string many = "series,part,time,value\n";
  many.reserve(kMaxSeriesPerFile * 20);
  for (std::size_t i = 0; i <= kMaxSeriesPerFile; ++i)
    many += std::to_string(i) + ",train,2000,1\n";
  BatchSeriesReader rm("many.csv", many);
  std::size_t n = 0;
  while (rm.next(bs)) ++n;
  EXPECT_EQ(n, kMaxSeriesPerFile + 1);
}

}  // namespace
}  // namespace utsikt
