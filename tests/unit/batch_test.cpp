// utsikt forecast: the long-CSV reader, the batch forecaster and the CLI command.
#include "utsikt/engine/batch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "test_util.hpp"

namespace {

using utsikt::BatchOptions;
using utsikt::InputError;

std::string error_of(const std::string& text) {
  try {
    utsikt::parse_batch_csv(text, "in.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string long_csv(int n_series, int n_min, int n_max, int n_test) {
  std::ostringstream s;
  s << "\"series\",\"part\",\"time\",\"value\",\"extra\"\n";
  for (int i = 0; i < n_series; ++i) {
    const int n = n_min + (n_max - n_min) * i / std::max(1, n_series - 1);
    double v = 100 + 10 * i;
    for (int t = 0; t < n + n_test; ++t) {
      v *= 1.0 + 0.03 * std::sin(1.7 * t + i) + 0.01;
      s << "\"S" << i << "\"," << (t < n ? "train" : "test") << "," << 2000 + t << "," << v
        << ",x\n";
    }
  }
  return s.str();
}

TEST(BatchCsv, ParsesQuotedSwedishCrlfBomAndGaps) {
  const std::string text =
      "\xEF\xBB\xBF"
      "Series;Part;Time;Value\r\n"
      "\"a;b\";train;2001;\"1 234,5\"\r\n"
      "\"a;b\";train;2002;..\r\n"
      "\"a;b\";train;2003;1300\r\n"
      "\"a;b\";test;2004;\r\n"
      "c;train;2010;7\r\n";
  const auto in = utsikt::parse_batch_csv(text, "x.csv");
  ASSERT_EQ(in.series.size(), 2u);
  EXPECT_EQ(in.series[0].id, "a;b");
  EXPECT_EQ(in.series[0].years, (std::vector<int>{2001, 2003}));
  EXPECT_DOUBLE_EQ(in.series[0].values[0], 1234.5);
  EXPECT_EQ(in.series[0].n_test, 1);
  EXPECT_EQ(in.series[1].n_test, 0);
}

TEST(BatchCsv, ErrorsNameFileLineAndField) {
  const std::string head = "series,part,time,value\n";
  std::string e = error_of(head + "a,train,2001,1\na,train,2002,abc\n");
  EXPECT_NE(e.find("in.csv:3:4"), std::string::npos) << e;
  EXPECT_NE(e.find("value"), std::string::npos) << e;
  e = error_of(head + "a,train,2001.5,1\n");
  EXPECT_NE(e.find("in.csv:2:3"), std::string::npos) << e;
  EXPECT_NE(e.find("time"), std::string::npos) << e;
  e = error_of(head + "a,valid,2001,1\n");
  EXPECT_NE(e.find("part"), std::string::npos) << e;
  e = error_of(head + "a,train,2001,1\na,train,2001,2\n");
  EXPECT_NE(e.find("in.csv:3"), std::string::npos) << e;
  EXPECT_NE(e.find("line 2"), std::string::npos) << e;
  e = error_of("series,part,year,value\na,train,2001,1\n");
  EXPECT_NE(e.find("'time'"), std::string::npos) << e;
  e = error_of(head + "a,train,2001\n");
  EXPECT_NE(e.find("in.csv:2"), std::string::npos) << e;
  e = error_of(head + "a,test,2001,1\n");
  EXPECT_NE(e.find("train row"), std::string::npos) << e;
}

TEST(BatchForecast, SameResultForAnyThreadCountAndShortSeries) {
  const auto in = utsikt::parse_batch_csv(long_csv(12, 2, 100, 6), "mem.csv");
  for (const char* method : {"auto", "arima", "theta", "theta_opt"}) {
    BatchOptions opt;
    opt.method = method;
    opt.n_paths = 200;
    opt.horizon_from_test = true;
    utsikt::parse_quantile_list("0.05,0.5,0.95", opt);
    opt.threads = 1;
    const auto a = utsikt::forecast_batch(in, opt);
    opt.threads = 3;
    const auto b = utsikt::forecast_batch(in, opt);
    ASSERT_EQ(a.results.size(), 12u);
    for (std::size_t i = 0; i < a.results.size(); ++i) {
      EXPECT_EQ(a.results[i].id, b.results[i].id);
      EXPECT_EQ(a.results[i].q, b.results[i].q) << method;
      EXPECT_EQ(a.results[i].mean, b.results[i].mean) << method;
      ASSERT_EQ(a.results[i].years.size(), 6u);
      for (std::size_t h = 0; h < 6; ++h) {
        EXPECT_LE(a.results[i].q[h * 3], a.results[i].q[h * 3 + 1]);
        EXPECT_LE(a.results[i].q[h * 3 + 1], a.results[i].q[h * 3 + 2]);
        EXPECT_TRUE(std::isfinite(a.results[i].mean[h]));
      }
    }
  }
}

TEST(BatchForecast, QuantileListValidation) {
  BatchOptions opt;
  EXPECT_THROW(utsikt::parse_quantile_list("0.5,0.1", opt), InputError);
  EXPECT_THROW(utsikt::parse_quantile_list("0,0.5", opt), InputError);
  EXPECT_THROW(utsikt::parse_quantile_list("0.5,x", opt), InputError);
  utsikt::parse_quantile_list("0.025, 0.5,0.975", opt);
  EXPECT_EQ(opt.quantile_labels, (std::vector<std::string>{"0.025", "0.5", "0.975"}));
}

TEST(ForecastCli, WritesCsvAndReportsErrors) {
  const std::string dir = utsikt::test::temp_dir("forecast_cli");
  utsikt::test::write_file(dir + "/in.csv", long_csv(3, 8, 20, 4));
  const std::string bin = utsikt::test::utsikt_binary();
  auto r = utsikt::test::run_command(bin + " forecast --input " + dir + "/in.csv --output " + dir +
                                     "/out.csv --horizon-from-test --paths 200 --quantiles "
                                     "0.1,0.5,0.9 --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string out = utsikt::test::read_file(dir + "/out.csv");
  EXPECT_EQ(out.substr(0, out.find('\n')), "series,method,step,time,mean,q0.1,q0.5,q0.9");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1 + 3 * 4);
  r = utsikt::test::run_command(bin + " forecast --input " + dir + "/in.csv --output " + dir +
                                "/out2.csv --horizon 2 --method theta --paths 200");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string out2 = utsikt::test::read_file(dir + "/out2.csv");
  EXPECT_EQ(std::count(out2.begin(), out2.end(), '\n'), 1 + 3 * 2);
  EXPECT_NE(out2.find(",theta(identity),"), std::string::npos) << out2.substr(0, 300);
  utsikt::test::write_file(dir + "/bad.csv",
                           "series,part,time,value\na,train,2001,1\na,train,x,2\n");
  r = utsikt::test::run_command(bin + " forecast --input " + dir + "/bad.csv --output " + dir +
                                "/o.csv --horizon 2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.csv:3:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("time"), std::string::npos) << r.err;
  r = utsikt::test::run_command(bin + " forecast --input " + dir + "/in.csv --output " + dir +
                                "/o.csv");
  EXPECT_EQ(r.exit_code, 1) << r.err;  // an option error is a usage error (docs/errors.md)
  EXPECT_NE(r.err.find("--horizon"), std::string::npos) << r.err;
  r = utsikt::test::run_command(bin + " forecast --input " + dir + "/in.csv --output " + dir +
                                "/o.csv --horizon 2 --method nope");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

}  // namespace
