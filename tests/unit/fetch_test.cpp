// utsikt fetch without the internet: a local replay server (tests/fetch/replay_server.py,
// started by each test) answers with recorded responses, and the real fetch code (libcurl,
// retries, cache, splitting, pages) is pointed at it with --base-url / FetchOptions::base_url.
#include "utsikt/io/fetch.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "utsikt/io/import.hpp"

namespace utsikt {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string fixture(const std::string& rel) {
  return test::source_dir() + "/tests/fixtures/" + rel;
}

// The replay server in a child process, on a free port of 127.0.0.1.
class ReplayServer {
 public:
  ReplayServer(const std::string& name, const json& scenario) {
    dir_ = test::temp_dir("fetch-" + name);
    const std::string file = dir_ + "/scenario.json";
    log_ = dir_ + "/log.jsonl";
    test::write_file(file, scenario.dump(1));
    test::write_file(log_, "");
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      // The server dies with the test process (even if it crashes), and its stderr goes to a
      // file, so that it never holds CTest's output pipe open.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int err =
          open((dir_ + "/server-stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, 2);
      dup2(fds[1], 1);
      close(fds[0]);
      const std::string script = test::source_dir() + "/tests/fetch/replay_server.py";
      execlp("python3", "python3", script.c_str(), file.c_str(), log_.c_str(),
             static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    close(fds[0]);
    if (line.rfind("PORT ", 0) != 0) throw std::runtime_error("replay server: '" + line + "'");
    base_ = "http://127.0.0.1:" + line.substr(5);
  }
  ~ReplayServer() { stop(); }
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  const std::string& base() const { return base_; }
  const std::string& dir() const { return dir_; }
  // The requests the server received.
  std::vector<json> log() const {
    std::vector<json> out;
    std::istringstream in(test::read_file(log_));
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) out.push_back(json::parse(line));
    return out;
  }

 private:
  std::string dir_, log_, base_;
  pid_t pid_ = -1;
};

FetchOptions options_for(const ReplayServer& s, std::vector<double>* waits) {
  FetchOptions o;
  o.base_url = s.base();
  o.cache_dir = s.dir() + "/cache";
  o.backoff_s = 0.5;
  o.timeout_s = 10;
  o.sleep = [waits](double seconds) { waits->push_back(seconds); };
  return o;
}

Selection sel(std::vector<std::pair<std::string, std::string>> c) {
  Selection s;
  s.criteria = std::move(c);
  return s;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kKoladaPath =
    "/data/kpi/N01951/municipality/0025/year/2014,2015,2016,2017,2018,2019,2020,2021,2022,2023,"
    "2024";

json kolada_pages() {
  return json{
      {"routes",
       {{{"method", "GET"},
         {"path", kKoladaPath},
         {"responses", {{{"body_file", fixture("fetch/kolada_N01951_0025_page1.json")}}}}},
        {{"method", "GET"},
         {"path", kKoladaPath + "?page=2&per_page=6"},
         {"responses", {{{"body_file", fixture("fetch/kolada_N01951_0025_page2.json")}}}}}}}};
}

// One route answering with the given responses in turn, then the first Kolada page (which has
// no next page once {base} points nowhere: a short response of one year).
json one_route(const json& responses) {
  return json{{"routes",
               {{{"method", "GET"},
                 {"path", "/data/kpi/N01951/municipality/0025/year/2024"},
                 {"responses", responses}}}}};
}

const char* kOneYear =
    R"({"count": 1, "next_url": null, "values": [{"kpi": "N01951", "municipality": "0025",
        "period": 2024, "values": [{"gender": "T", "count": 1, "status": "", "value": 248620}]}]})";

TEST(FetchKolada, FollowsPagesAndMergesGenderSplitsAndMissingValues) {
  ReplayServer server("kolada-pages", kolada_pages());
  std::vector<double> waits;
  const FetchResult r = fetch_kolada("N01951", "0025", "2014-2024", options_for(server, &waits));
  ASSERT_EQ(r.requests.size(), 2u);
  EXPECT_FALSE(r.requests[0].from_cache);
  EXPECT_EQ(r.table.provenance.table_id, "N01951");
  // Totals: SCB's population of Norrbotten (the file the fixture was written from).
  const Series t = select_one_series(r.table, sel({{"gender", "T"}}), "n01951");
  ASSERT_EQ(t.years.size(), 11u);
  const std::string csv = test::shared_dir().empty()
                              ? std::string()
                              : test::read_file(test::shared_dir() +
                                                "/data/sweden/population_norrbotten_1950_2024.csv");
  EXPECT_EQ(t.values.front(), 249987);
  EXPECT_EQ(t.values.back(), 248620);
  if (!csv.empty()) {
    for (std::size_t i = 0; i < t.years.size(); ++i) {
      const std::string row =
          std::to_string(t.years[i]) + "," + std::to_string(static_cast<long>(t.values[i])) + ",";
      EXPECT_NE(csv.find(row), std::string::npos) << row;
    }
  }
  const auto women = select_periods(r.table, sel({{"gender", "K"}}));
  ASSERT_EQ(women.size(), 1u);
  EXPECT_EQ(women[0].values, (std::vector<double>{122542, 122298}));
  EXPECT_EQ(women[0].missing.size(), 9u);
  EXPECT_EQ(women[0].missing[0], "2016 (Missing)");
  // The same request again comes from the cache without asking the server.
  const std::size_t asked = server.log().size();
  const FetchResult again =
      fetch_kolada("N01951", "0025", "2014-2024", options_for(server, &waits));
  EXPECT_TRUE(again.requests[0].from_cache);
  EXPECT_EQ(server.log().size(), asked);
  EXPECT_EQ(again.table.values.size(), r.table.values.size());
  // --refresh asks again; --offline works without the server.
  FetchOptions refresh = options_for(server, &waits);
  refresh.cache = CacheMode::refresh;
  fetch_kolada("N01951", "0025", "2014-2024", refresh);
  EXPECT_EQ(server.log().size(), asked + 2);
  server.stop();
  FetchOptions offline = options_for(server, &waits);
  offline.cache = CacheMode::offline;
  const FetchResult off = fetch_kolada("N01951", "0025", "2014-2024", offline);
  EXPECT_TRUE(off.requests[1].from_cache);
  const std::string m = error_of([&] { fetch_kolada("N01951", "2580", "2014-2024", offline); });
  EXPECT_NE(m.find("--offline"), std::string::npos) << m;
  EXPECT_NE(m.find("without --offline"), std::string::npos) << m;
}

TEST(FetchHttp, RetriesAfter429WithRetryAfterAnd500WithBackoff) {
  ReplayServer server("retry", one_route({{{"status", 429},
                                           {"headers", {{"Retry-After", "3"}}},
                                           {"body", "{\"title\": \"Too many requests\"}"}},
                                          {{"status", 500}, {"body", "oops"}},
                                          {{"status", 200}, {"body", kOneYear}}}));
  std::vector<double> waits;
  const FetchResult r = fetch_kolada("N01951", "0025", "2024", options_for(server, &waits));
  EXPECT_EQ(r.requests[0].attempts, 3);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_DOUBLE_EQ(waits[0], 3.0);  // Retry-After
  EXPECT_DOUBLE_EQ(waits[1], 1.0);  // backoff 0.5, doubled
  EXPECT_EQ(server.log().size(), 3u);
}

TEST(FetchHttp, GivesUpWithAClearErrorAndCachesNothing) {
  ReplayServer server("down", one_route({{{"status", 503}, {"body", "{\"title\": \"Down\"}"}}}));
  std::vector<double> waits;
  FetchOptions o = options_for(server, &waits);
  o.max_retries = 2;
  const std::string m = error_of([&] { fetch_kolada("N01951", "0025", "2024", o); });
  EXPECT_NE(m.find("HTTP 503 ('Down') after 3 attempts"), std::string::npos) << m;
  EXPECT_NE(m.find(server.base() + "/data/kpi/N01951"), std::string::npos) << m;
  EXPECT_EQ(waits, (std::vector<double>{0.5, 1.0}));
  EXPECT_FALSE(fs::exists(o.cache_dir) && !fs::is_empty(o.cache_dir));
}

TEST(FetchHttp, TimeoutAndTruncatedResponsesAreRetried) {
  ReplayServer server("timeout", one_route({{{"delay", 3}, {"body", kOneYear}},
                                            {{"truncate", 40}, {"body", kOneYear}},
                                            {{"body", kOneYear}}}));
  std::vector<double> waits;
  FetchOptions o = options_for(server, &waits);
  o.timeout_s = 1;
  const FetchResult r = fetch_kolada("N01951", "0025", "2024", o);
  EXPECT_EQ(r.requests[0].attempts, 3);
  EXPECT_EQ(select_one_series(r.table, sel({{"gender", "T"}}), "x").values,
            (std::vector<double>{248620}));
}

TEST(FetchHttp, MalformedAndTruncatedJsonAreErrorsNotCached) {
  ReplayServer server("malformed", one_route({{{"body", "{\"values\": [{\"kpi\": \"N01951\""}}}));
  std::vector<double> waits;
  FetchOptions o = options_for(server, &waits);
  const std::string m = error_of([&] { fetch_kolada("N01951", "0025", "2024", o); });
  EXPECT_NE(m.find(server.base() + "/data/kpi/N01951/municipality/0025/year/2024"),
            std::string::npos)
      << m;
  o.cache = CacheMode::offline;
  EXPECT_NE(error_of([&] { fetch_kolada("N01951", "0025", "2024", o); }).find("--offline"),
            std::string::npos);
  ReplayServer shape("shape", one_route({{{"body", "{\"rows\": []}"}}}));
  const std::string s =
      error_of([&] { fetch_kolada("N01951", "0025", "2024", options_for(shape, &waits)); });
  EXPECT_NE(s.find("a Kolada data response"), std::string::npos) << s;
}

TEST(FetchHttp, ClientErrorsAreNotRetriedAndBadArgumentsAreRefused) {
  ReplayServer server("404", json{{"routes", json::array()}});
  std::vector<double> waits;
  const std::string m =
      error_of([&] { fetch_kolada("N99999", "0025", "2024", options_for(server, &waits)); });
  EXPECT_NE(m.find("HTTP 404"), std::string::npos) << m;
  EXPECT_TRUE(waits.empty());
  EXPECT_EQ(server.log().size(), 1u);
  EXPECT_NE(error_of([&] {
              fetch_kolada("N01951", "all", "", options_for(server, &waits));
            }).find("--years"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              fetch_kolada("N01951", "0025", "20x4", options_for(server, &waits));
            }).find("--years"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              fetch_kolada("N0/../x", "0025", "", options_for(server, &waits));
            }).find("--kpi"),
            std::string::npos);
}

json scb_scenario(std::size_t max_cells, int calls, double window) {
  return json{{"scb",
               {{"table", "TAB0001"},
                {"dataset", fixture("fetch/scb_TAB0001_yearly.json")},
                {"config",
                 {{"maxDataCells", max_cells},
                  {"maxCallsPerTimeWindow", calls},
                  {"timeWindow", window}}}}}};
}

TEST(FetchScb, SplitsSelectionsAboveTheCellLimitAndMerges) {
  ReplayServer server("scb-split", scb_scenario(10, 1000, 10));
  std::vector<double> waits;
  const FetchResult r = fetch_scb("TAB0001", Selection{}, options_for(server, &waits));
  // The reference: the whole dataset read directly from the file.
  const Table full = read_table(fixture("fetch/scb_TAB0001_yearly.json"));
  ASSERT_EQ(r.table.dims.size(), full.dims.size());
  EXPECT_EQ(r.table.values.size(), 36u);
  for (std::size_t i = 0; i < full.values.size(); ++i) {
    EXPECT_EQ(r.table.status[i] == 0, full.status[i] == 0) << i;
    if (full.status[i] == 0) {
      EXPECT_EQ(r.table.values[i], full.values[i]) << i;
    }
  }
  int posts = 0;
  for (const json& q : server.log()) {
    if (q["method"] == "POST") {
      ++posts;
      // Every part respects the limit (the server answers 403 otherwise).
      std::size_t cells = 1;
      const json body = json::parse(q["body"].get<std::string>());  // outlives the loop
      for (const json& v : body["selection"]) cells *= v["valueCodes"].size();
      EXPECT_LE(cells, 10u);
    }
  }
  EXPECT_GE(posts, 4);
  EXPECT_EQ(r.table.provenance.table_id, "TAB0001");
  EXPECT_EQ(r.table.provenance.updated, "2025-02-21T07:00:00Z");
  EXPECT_EQ(r.table.time_dimension(), 3);
  const auto missing = select_periods(r.table, sel({{"region", "22"}, {"kön", "kvinnor"}}));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].missing, (std::vector<std::string>{"2024 (..)"}));
  // A selection by text, and an unknown value named with the alternatives.
  const FetchResult one = fetch_scb("TAB0001", sel({{"region", "Norrbottens län"}, {"Kon", "1"}}),
                                    options_for(server, &waits));
  EXPECT_EQ(select_one_series(one.table, Selection{}, "pop").values.size(), 6u);
  const std::string m = error_of([&] {
    fetch_scb("TAB0001", sel({{"region", "99"}}), options_for(server, &waits));
  });
  EXPECT_NE(m.find("a value of Region: 25, 24, 22"), std::string::npos) << m;
}

TEST(FetchScb, RespectsTheCallsPerTimeWindow) {
  ReplayServer server("scb-rate", scb_scenario(6, 2, 10));
  std::vector<double> waits;
  const FetchResult r = fetch_scb("TAB0001", Selection{}, options_for(server, &waits));
  // 36 cells in parts of at most 6: 6 data requests, plus metadata = 7 limited calls, 2 per
  // 10 s: at least 3 waits of up to 10 s.
  EXPECT_GE(r.requests.size(), 7u);
  ASSERT_GE(waits.size(), 3u);
  for (double w : waits) {
    EXPECT_GT(w, 0);
    EXPECT_LE(w, 10.0);
  }
}

TEST(FetchScb, MonthlyTab6471FromTheRecordedMetadataAndData) {
  const std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent; recorded TAB6471 not available";
  const std::string dir = shared + "/data/formats/jsonstat/";
  ReplayServer server("scb-6471", json{{"scb",
                                        {{"table", "TAB6471"},
                                         {"metadata", dir + "scb_v2_TAB6471_metadata.json"},
                                         {"dataset", dir + "scb_v2_TAB6471_monthly_jsonstat2.json"},
                                         {"config", {{"maxDataCells", 50}}}}}});
  std::vector<double> waits;
  Selection s = sel({{"Region", "25"},
                     {"Region", "24"},
                     {"Tid", "2026M01"},
                     {"Tid", "2026M02"},
                     {"Tid", "2026M03"},
                     {"Tid", "2026M04"}});
  const Table full = read_table(dir + "scb_v2_TAB6471_monthly_jsonstat2.json");
  for (const std::string& a : full.dims[1].value_codes) s.criteria.emplace_back("Alder", a);
  const FetchResult r = fetch_scb("TAB6471", s, options_for(server, &waits));
  EXPECT_EQ(r.table.dims[4].frequency, TimeFrequency::monthly);
  EXPECT_GE(r.requests.size(), 7u);  // config, metadata, >= 6 parts of <= 50 cells (264 cells)
  Selection pick = sel({{"Region", "25"}, {"Kon", "2"}, {"Alder", full.dims[1].value_codes[2]}});
  const auto got = select_periods(r.table, pick);
  const auto want = select_periods(full, pick);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].periods, want[0].periods);
  EXPECT_EQ(got[0].values, want[0].values);
  EXPECT_FALSE(r.table.provenance.notes.empty());
}

TEST(FetchCli, WritesCsvWithProvenanceAndNoFileOnFailure) {
  ReplayServer server("cli", kolada_pages());
  const std::string out = server.dir() + "/n01951.csv";
  const std::string common = " --base-url " + server.base() + " --cache-dir " + server.dir() +
                             "/cache --municipality 0025 --years 2014-2024";
  const auto ok = test::run_command(test::utsikt_binary() + " fetch kolada --kpi N01951" + common +
                                    " --output " + out);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const std::string csv = test::read_file(out);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "indicator,group,year,value,source,url,retrieved,updated");
  EXPECT_NE(csv.find("n01951,total,2024,248620,Kolada N01951,\"" + server.base()),
            std::string::npos)
      << csv;
  const json prov = json::parse(test::read_file(out + ".provenance.json"));
  EXPECT_EQ(prov["requests"].size(), 2u);
  // A failing fetch (HTTP 500, no retries) leaves the existing output as it was.
  ReplayServer bad("cli-bad", one_route({{{"status", 500}, {"body", "x"}}}));
  const auto fail = test::run_command(
      test::utsikt_binary() + " fetch kolada --kpi N01951 --municipality 0025 --years 2024" +
      " --retries 0 --base-url " + bad.base() + " --cache-dir " + bad.dir() + "/c --output " + out);
  EXPECT_EQ(fail.exit_code, 2) << fail.err;
  EXPECT_NE(fail.err.find("HTTP 500"), std::string::npos) << fail.err;
  EXPECT_EQ(test::read_file(out), csv);
  const std::string fresh = bad.dir() + "/new.csv";
  test::run_command(test::utsikt_binary() + " fetch kolada --kpi N01951 --municipality 0025" +
                    " --years 2024 --retries 0 --base-url " + bad.base() + " --output " + fresh);
  EXPECT_FALSE(fs::exists(fresh));
  // --raw writes the bodies as received (two pages: a JSON array).
  const auto raw = test::run_command(test::utsikt_binary() + " fetch kolada --kpi N01951" + common +
                                     " --offline --raw");
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  EXPECT_EQ(json::parse(raw.out).size(), 2u);
}

}  // namespace
}  // namespace utsikt
