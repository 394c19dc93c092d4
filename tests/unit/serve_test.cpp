// The what-if explorer (serve/): the API as functions (same numbers as `utsikt compare` on the
// saved scenario, caching and restoring, linked parameters, validation) and the HTTP server
// (assets only, Host check, body and rate limits, keeps serving after bad requests).
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "scenario_fixture.hpp"
#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"
#include "utsikt/scenarios/scenario.hpp"
#include "utsikt/serve/explorer.hpp"
#include "utsikt/serve/server.hpp"

using namespace utsikt;
using nlohmann::json;

namespace {

std::string cohort_fixture() {
  return test::source_dir() + "/tests/fixtures/cohort_project/project.toml";
}

struct Fixture {
  Project project;
  std::unique_ptr<serve::Explorer> ex;
  explicit Fixture(const std::string& path) : project(load_project(path)) {
    ScenarioSet set = load_scenarios(project);
    ex = std::make_unique<serve::Explorer>(project, run_project(project, {}), std::move(set));
  }
};

// The probabilities of an evaluate response by "id/variant".
std::map<std::string, double> probabilities(const serve::Response& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  std::map<std::string, double> out;
  const json j = json::parse(r.body);
  for (const auto& t : j["targets"])
    if (!t["probability"].is_null())
      out[t["id"].get<std::string>() + "/" + t["variant"].get<std::string>()] = t["probability"];
  return out;
}

// The probabilities `utsikt compare` gives for the scenario in the TOML text.
std::map<std::string, double> compared(const Fixture& f, const std::string& toml_text) {
  const ScenarioSet set = parse_scenarios(f.project, toml_text, "saved.toml");
  const Comparison c = compare_scenarios(f.project, f.ex->baseline(), set);
  std::map<std::string, double> out;
  for (const TargetResult& r : c.outcomes.at(1).targets)
    if (r.status != TargetStatus::no_data) out[r.target->id + "/" + r.variant] = r.probability;
  return out;
}

serve::ApiError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const serve::ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no ApiError";
  return serve::ApiError(0, "", "");
}

const char* kCombined = R"({"scenario": {"id": "eget", "intervention": [
  {"id": "unga", "indicator": "pop", "type": "migrants", "ages": "20-39", "from": 2016,
   "value": {"dist": "uniform", "min": 200, "max": 400}, "range": [0, 1000]},
  {"id": "hus", "indicator": "homes", "type": "shift", "from": 2016, "value": 40}]}})";

}  // namespace

TEST(ServeExplorer, EvaluateEqualsCompareOfTheSavedScenario) {
  Fixture f(cohort_fixture());
  const auto p = probabilities(f.ex->evaluate(kCombined));
  const serve::Response saved = f.ex->scenario_toml(kCombined);
  ASSERT_EQ(saved.status, 200);
  EXPECT_EQ(saved.filename, "eget.toml");
  EXPECT_NE(saved.body.find("[[scenario.intervention]]"), std::string::npos) << saved.body;
  const auto c = compared(f, saved.body);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p, c);  // bit for bit: same seed, same paths, same draws
  // The scenario moves the population target (not a test that cannot fail).
  const auto base = probabilities(f.ex->evaluate(R"({})"));
  EXPECT_NE(p.at("pop-22000/"), base.at("pop-22000/"));
}

// The bands of the response (10/50/90 % by selection within halves) are the forecast's own
// quantiles (SeriesForecast::quantile, type 7), for the scenario and the baseline.
TEST(ServeExplorer, BandsAreTheQuantilesOfThePaths) {
  Fixture f(cohort_fixture());
  const json j = json::parse(
      f.ex->evaluate(R"({"scenario": {"id": "b", "intervention": [{"id": "m", "indicator": "pop",
        "type": "migrants", "from": 2016, "value": 300}]}, "focus": "pop/total"})")
          .body);
  int checked = 0;
  for (const auto& s : j["series"]) {
    if (!s.contains("baseline")) continue;
    const SeriesResult* base = f.ex->baseline().find({s["indicator"], s["group"]});
    ASSERT_NE(base, nullptr);
    const SeriesForecast& fc = base->forecast;
    for (std::size_t h = 0; h < fc.years.size(); ++h) {
      EXPECT_EQ(s["baseline"]["lo80"][h].get<double>(), fc.quantile(int(h), 0.1));
      EXPECT_EQ(s["baseline"]["median"][h].get<double>(), fc.quantile(int(h), 0.5));
      EXPECT_EQ(s["baseline"]["hi80"][h].get<double>(), fc.quantile(int(h), 0.9));
      ++checked;
    }
    EXPECT_NE(s["scenario"]["median"], s["baseline"]["median"]);  // the migrants move it
  }
  EXPECT_GT(checked, 0);
}

// "series": "focus" (what the page sends): the same targets and focus bands as "all", the other
// changed series listed without their bands.
TEST(ServeExplorer, FocusSeriesOnlyKeepsTheNumbersAndLeavesOutOtherBands) {
  Fixture f(cohort_fixture());
  const std::string scen = R"({"scenario": {"id": "b", "intervention": [{"id": "m",
    "indicator": "pop", "type": "migrants", "from": 2016, "value": 300}]}, "focus": "pop/total")";
  const json all = json::parse(f.ex->evaluate(scen + R"(, "series": "all"})").body);
  // Another scenario in between, so that the focus answer is not the cached bands' first use.
  f.ex->evaluate(R"({"scenario": {"id": "x", "intervention": [
    {"indicator": "homes", "type": "shift", "from": 2016, "value": -30}]}})");
  const json focus = json::parse(f.ex->evaluate(scen + R"(, "series": "focus"})").body);
  EXPECT_EQ(focus["targets"], all["targets"]);
  ASSERT_EQ(focus["series"].size(), all["series"].size());
  int others = 0;
  for (std::size_t i = 0; i < all["series"].size(); ++i) {
    const json& a = all["series"][i];
    const json& s = focus["series"][i];
    EXPECT_EQ(s["indicator"], a["indicator"]);
    EXPECT_EQ(s["group"], a["group"]);
    EXPECT_TRUE(a.contains("scenario"));
    if (s["indicator"] == "pop" && s["group"] == "total") {
      EXPECT_EQ(s["scenario"], a["scenario"]);
      EXPECT_EQ(s["baseline"], a["baseline"]);
    } else {
      EXPECT_FALSE(s.contains("scenario")) << s.dump();
      EXPECT_TRUE(s["changed"].get<bool>());
      ++others;
    }
  }
  EXPECT_GT(others, 0);  // the migrants change the other groups too
  EXPECT_EQ(error_of([&] { f.ex->evaluate(R"({"series": "some"})"); }).field(), "series");
}

TEST(ServeExplorer, CachedAndRestoredResultsAreTheSame) {
  Fixture f(cohort_fixture());
  const auto first = probabilities(f.ex->evaluate(kCombined));
  // Another scenario in between (changes other series), then the first again: from the cache.
  probabilities(f.ex->evaluate(R"({"scenario": {"id": "x", "intervention": [
    {"indicator": "homes", "type": "shift", "from": 2016, "value": -30}]}})"));
  EXPECT_EQ(probabilities(f.ex->evaluate(kCombined)), first);
  // The baseline after scenarios is the baseline.
  const auto base = probabilities(f.ex->evaluate(R"({})"));
  for (const TargetResult& r : f.ex->baseline().targets) {
    if (r.status != TargetStatus::no_data) {
      EXPECT_EQ(base.at(r.target->id + "/" + r.variant), r.probability);
    }
  }
}

TEST(ServeExplorer, LinkedParameterDrivesSeveralInterventionsWithOneDraw) {
  const std::string path = test::write_scenario_fixture("serve_linked");
  Fixture f(path);
  const std::string body = R"({"scenario": {"id": "lankad",
    "parameter": [{"id": "grad", "min": 0, "max": 2, "value": {"dist": "uniform", "min": 0.5, "max": 1.5}}],
    "intervention": [
      {"id": "a", "indicator": "share", "type": "shift", "from": 2024, "parameter": "grad"},
      {"id": "b", "indicator": "emis", "type": "shift", "from": 2024, "parameter": "grad", "scale": -0.5}]}})";
  const serve::Response saved = f.ex->scenario_toml(body);
  ASSERT_EQ(saved.status, 200) << saved.body;
  const ScenarioSet set = parse_scenarios(f.project, saved.body, "saved.toml");
  ASSERT_EQ(set.scenarios.at(0).parameters.size(), 1u);
  const auto series =
      apply_scenario(f.project, f.ex->baseline().series, set.scenarios[0], f.ex->baseline().seed);
  const SeriesRef share{"share", "total"}, emis{"emis", "total"};
  const SeriesResult *s0 = f.ex->baseline().find(share), *e0 = f.ex->baseline().find(emis);
  const SeriesResult *s1 = nullptr, *e1 = nullptr;
  for (const auto& s : series) {
    if (s.ref == share) s1 = &s;
    if (s.ref == emis) e1 = &s;
  }
  ASSERT_TRUE(s1 && e1);
  const int h = 3, ys = s0->forecast.years[h], ye = e0->forecast.years.front();
  double lo = 1e9, hi = -1e9;
  for (int p = 0; p < s0->forecast.n_paths; ++p) {
    const double ds = s1->forecast.at(p, h) - s0->forecast.at(p, h);
    const double de = e1->forecast.at(p, ys - ye) - e0->forecast.at(p, ys - ye);
    EXPECT_NEAR(de, -0.5 * ds, 1e-9) << "path " << p;  // the same draw, scaled
    lo = std::min(lo, ds);
    hi = std::max(hi, ds);
  }
  EXPECT_GE(lo, 0.5 - 1e-9);
  EXPECT_LE(hi, 1.5 + 1e-9);
  EXPECT_GT(hi - lo, 0.5);  // drawn per path, not fixed
  EXPECT_EQ(probabilities(f.ex->evaluate(body)), compared(f, saved.body));
}

TEST(ServeExplorer, BadRequestsAreClear400sNamingTheField) {
  Fixture f(cohort_fixture());
  auto ev = [&](const std::string& b) { return error_of([&] { f.ex->evaluate(b); }); };
  serve::ApiError e = ev("{not json");
  EXPECT_EQ(e.status(), 400);
  EXPECT_NE(std::string(e.what()).find("valid JSON"), std::string::npos);
  EXPECT_EQ(ev("[1, 2]").status(), 400);
  EXPECT_EQ(ev(R"({"scenaro": {}})").field(), "scenaro");
  EXPECT_EQ(ev(R"({"probability": 2})").field(), "probability");
  EXPECT_EQ(ev(R"({"target": "no-such-target"})").field(), "target");
  EXPECT_EQ(ev(R"({"focus": "nope/total"})").field(), "focus");
  EXPECT_EQ(ev(R"({"scenario": 5})").field(), "scenario");
  e = ev(R"({"scenario": {"id": "x", "intervention": [{"indicator": "nope", "type": "shift",
           "from": 2020, "value": 1}]}})");
  EXPECT_EQ(e.field(), "scenario.intervention.indicator");
  EXPECT_NE(std::string(e.what()).find("\"nope\""), std::string::npos) << e.what();
  // Out of the declared range.
  e = ev(R"({"scenario": {"id": "x", "intervention": [{"indicator": "homes", "type": "shift",
           "from": 2020, "value": 5000, "range": [0, 1000]}]}})");
  EXPECT_EQ(e.status(), 400);
  EXPECT_EQ(e.field(), "scenario.intervention.value");
  EXPECT_NE(std::string(e.what()).find("range"), std::string::npos) << e.what();
  e = ev(R"({"scenario": {"id": "x", "intervention": [{"indicator": "homes", "type": "shift",
           "from": 2020, "value": null}]}})");
  EXPECT_EQ(e.field(), "scenario.intervention[0].value");
  EXPECT_EQ(
      ev(R"({"scenario": {"id": "x", "a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}}})").status(),
      400);
  e = ev(R"({"scenario": {"id": "x", "intervention": [{"indicator": "pop", "type": "shift",
           "from": 2020, "parameter": "p"}]}})");
  EXPECT_EQ(e.field(), "scenario.intervention.parameter");
  // Saving under the id of a project scenario would clash in `utsikt compare`.
  e = error_of(
      [&] { f.ex->scenario_toml(R"({"scenario": {"id": "young", "intervention": []}})"); });
  EXPECT_EQ(e.field(), "scenario.id");
  EXPECT_EQ(error_of([&] { f.ex->sensitivity(R"({"scenario": {"id": "x"}})"); }).field(), "target");
  // Still answering.
  EXPECT_EQ(f.ex->evaluate("{}").status, 200);
}

TEST(ServeExplorer, SensitivityMovesEachInterventionOverItsRange) {
  Fixture f(cohort_fixture());
  const serve::Response r = f.ex->sensitivity(
      R"({"target": "pop-22000", "scenario": {"id": "eget", "intervention": [
      {"id": "unga", "indicator": "pop", "type": "migrants", "from": 2016, "value": 300,
       "range": [0, 1000]},
      {"id": "hus", "indicator": "homes", "type": "shift", "from": 2016, "value": 40}]}})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["bars"].size(), 2u);
  EXPECT_EQ(j["bars"][0]["id"], "unga");  // sorted by swing: migrants move the population
  EXPECT_GT(j["bars"][0]["p_high"].get<double>(), j["bars"][0]["p_low"].get<double>());
  EXPECT_EQ(j["bars"][1]["swing_pp"].get<double>(), 0.0);  // homes do not move the population
}

TEST(ServeExplorer, ProjectInfoListsScenariosWithRanges) {
  Fixture f(cohort_fixture());
  const json j = json::parse(f.ex->project_info().body);
  ASSERT_EQ(j["scenarios"].size(), 3u);
  EXPECT_EQ(j["scenarios"][1]["table"]["id"], "young");
  EXPECT_EQ(j["scenarios"][1]["table"]["intervention"][0]["id"], "i1");
  EXPECT_EQ(j["scenarios"][1]["ranges"]["i1"], json::array({0.0, 600.0}));
  EXPECT_EQ(j["targets"].size(), f.project.targets.size());
}

TEST(ServeServer, HostCheck) {
  EXPECT_TRUE(serve::host_allowed("127.0.0.1:8787", "127.0.0.1", 8787));
  EXPECT_TRUE(serve::host_allowed("localhost:8787", "127.0.0.1", 8787));
  EXPECT_FALSE(serve::host_allowed("evil.example:8787", "127.0.0.1", 8787));
  EXPECT_FALSE(serve::host_allowed("127.0.0.1:9999", "127.0.0.1", 8787));
  EXPECT_FALSE(serve::host_allowed("", "127.0.0.1", 8787));
  EXPECT_TRUE(serve::host_allowed("192.0.2.7:8787", "0.0.0.0", 8787));
  EXPECT_FALSE(serve::host_allowed("rebind.example:8787", "0.0.0.0", 8787));
  EXPECT_TRUE(serve::exposes_network("0.0.0.0"));
  EXPECT_FALSE(serve::exposes_network("127.0.0.1"));
}

TEST(ServeServer, ServesOnlyItsAssetsAndSurvivesBadRequests) {
  const std::string path = test::write_scenario_fixture("serve_http");
  Fixture f(path);
  serve::ServerOptions opt;
  opt.port = 0;
  opt.rate = 1000;
  serve::Server server(*f.ex, opt);
  server.bind();
  std::thread t([&] { server.run(); });
  httplib::Client c("127.0.0.1", server.port());
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<html"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  for (const char* p :
       {"/etc/passwd", "/../CMakeLists.txt", "/%2e%2e/%2e%2e/etc/passwd", "/serve/assets/app.js"}) {
    auto r = c.Get(p);
    ASSERT_TRUE(r) << p;
    EXPECT_EQ(r->status, 404) << p;
  }
  auto js = c.Get("/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  // DNS rebinding: a foreign Host header is refused.
  auto evil = c.Get("/api/project", {{"Host", "evil.example:" + std::to_string(server.port())}});
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 403);
  EXPECT_EQ(json::parse(evil->body)["error"]["field"], "Host");
  // A huge body: 413, not read.
  auto huge = c.Post("/api/evaluate", std::string(2 << 20, ' '), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  auto bad = c.Post("/api/evaluate", "{\"probability\": -1}", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "probability");
  auto ok = c.Post("/api/evaluate", R"({"scenario": {"id": "s", "intervention": [
    {"indicator": "homes", "type": "shift", "from": 2024, "value": 100}]}, "target": "homes-target"})",
                   "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  auto toml = c.Post("/api/scenario.toml", R"({"scenario": {"id": "s"}})", "application/json");
  ASSERT_TRUE(toml);
  EXPECT_EQ(toml->get_header_value("Content-Disposition"), "attachment; filename=\"s.toml\"");
  // A second server cannot take the same port (no SO_REUSEPORT).
  serve::ServerOptions same = opt;
  same.port = server.port();
  serve::Server second(*f.ex, same);
  EXPECT_THROW(second.bind(), InputError);
  auto no = c.Get("/api/nothing");
  ASSERT_TRUE(no);
  EXPECT_EQ(no->status, 404);
  server.stop();
  t.join();
}

TEST(ServeServer, RateLimit) {
  const std::string path = test::write_scenario_fixture("serve_rate");
  Fixture f(path);
  serve::ServerOptions opt;
  opt.port = 0;
  opt.rate = 2;  // burst 4
  serve::Server server(*f.ex, opt);
  server.bind();
  std::thread t([&] { server.run(); });
  httplib::Client c("127.0.0.1", server.port());
  int limited = 0;
  for (int i = 0; i < 10; ++i) {
    auto r = c.Get("/api/project");
    ASSERT_TRUE(r);
    if (r->status == 429) ++limited;
  }
  EXPECT_GE(limited, 5);
  EXPECT_EQ(c.Get("/")->status, 200);  // the page itself is not limited
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(c.Get("/api/project")->status, 200);  // and it serves again
  server.stop();
  t.join();
}

// The scenario-file side of linked parameters and ranges: every mistake names its key.
TEST(ScenarioFormat, LinkedParameterAndRangeErrors) {
  const std::string path = test::write_scenario_fixture("serve_format");
  const Project p = load_project(path);
  auto field_of = [&](const std::string& body) -> std::string {
    try {
      parse_scenarios(p, "[[scenario]]\nid = \"s\"\n" + body, "s.toml");
    } catch (const InputError& e) {
      return e.where().field;
    }
    return "no error";
  };
  const std::string prm =
      "  [[scenario.parameter]]\n  id = \"g\"\n  min = 0\n  max = 1\n  value = 0.5\n";
  const std::string iv =
      "  [[scenario.intervention]]\n  indicator = \"share\"\n  type = \"shift\"\n  from = 2024\n";
  EXPECT_EQ(field_of(prm + iv + "  parameter = \"g\"\n  scale = 2\n"), "no error");
  EXPECT_EQ(field_of(prm + iv + "  parameter = \"h\"\n"), "scenario[s].intervention.parameter");
  EXPECT_EQ(field_of(prm + iv + "  parameter = \"g\"\n  value = 1\n"),
            "scenario[s].intervention.value");
  EXPECT_EQ(field_of(prm + iv + "  parameter = \"g\"\n  scale = 0\n"),
            "scenario[s].intervention.scale");
  EXPECT_EQ(field_of(iv + "  value = 1\n  scale = 2\n"), "scenario[s].intervention.scale");
  EXPECT_EQ(field_of("  [[scenario.parameter]]\n  id = \"g\"\n  min = 0\n  max = 1\n  value = 2\n" +
                     iv + "  value = 1\n"),
            "scenario[s].parameter.value");
  EXPECT_EQ(field_of("  [[scenario.parameter]]\n  id = \"g\"\n  min = 1\n  max = 1\n  value = 1\n"),
            "scenario[s].parameter.max");
  EXPECT_EQ(field_of(iv + "  value = { dist = \"uniform\", min = 1, max = 3 }\n  range = [0, 2]\n"),
            "scenario[s].intervention.value");
  EXPECT_EQ(field_of(iv + "  value = 1\n  range = [2, 0]\n"), "scenario[s].intervention.range");
  EXPECT_EQ(field_of(iv + "  value = 1\n  range = [0, 2]\n"), "no error");
}
