// The document's own verdict (reported_assessment): read from the project file with located
// errors, compared with utsikt's result (reported_difference), shown in every output, and
// recorded in the Norrbotten example from the follow-up document.
#include "utsikt/outputs/reported.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"
#include "utsikt/outputs/results.hpp"

using namespace utsikt;

namespace {

const std::string kMini = test::source_dir() + "/tests/fixtures/mini/project.toml";

// The mini fixture with one more line after the target `pop`'s `year = 2030`.
std::string mini_with(const std::string& dir, const std::string& extra) {
  std::string text = test::read_file(kMini);
  const std::string anchor = "value = 260000\nyear = 2030\n";
  const auto at = text.find(anchor);
  EXPECT_NE(at, std::string::npos);
  text.insert(at + anchor.size(), extra);
  test::write_file(dir + "/project.toml", text);
  test::write_file(dir + "/data.csv",
                   test::read_file(test::source_dir() + "/tests/fixtures/mini/data.csv"));
  return dir + "/project.toml";
}

InputError load_error(const std::string& path) {
  try {
    load_project(path);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError({}, "", "");
}

TargetResult result(const Target& t, TargetStatus status, double p, Arrow arrow) {
  TargetResult r;
  r.target = &t;
  r.status = status;
  r.probability = p;
  r.arrow = arrow;
  return r;
}

}  // namespace

TEST(Reported, ReadFromTheProjectFile) {
  const std::string dir = test::temp_dir("reported_read");
  const Project p = load_project(mini_with(
      dir,
      "reported_assessment = { verdict = \"met\", year = 2022, page = 14, quote = \"kan därmed "
      "anses vara uppnått\" }\n"));
  const Target* t = nullptr;
  for (const auto& x : p.targets)
    if (x.id == "pop") t = &x;
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->reported.has_value());
  EXPECT_EQ(t->reported->verdict, ReportedVerdict::met);
  EXPECT_EQ(t->reported->year, 2022);
  EXPECT_EQ(t->reported->page, 14);
  EXPECT_EQ(t->reported->quote, "kan därmed anses vara uppnått");
  EXPECT_EQ(out::reported_text(*t, out::Lang::sv),
            "uppnått (2022, s. 14): \u201dkan därmed anses vara uppnått\u201d");
  EXPECT_EQ(out::reported_text(*t, out::Lang::en),
            "met (2022, p. 14): \u201dkan därmed anses vara uppnått\u201d");
}

TEST(Reported, BadEntriesNameFileLineAndField) {
  const std::string dir = test::temp_dir("reported_bad");
  auto e = load_error(mini_with(
      dir, "reported_assessment = { verdict = \"achieved\", year = 2022, quote = \"x\" }\n"));
  EXPECT_EQ(e.where().field, "target[pop].reported_assessment.verdict");
  EXPECT_EQ(e.where().line, 64);
  EXPECT_NE(std::string(e.what()).find("not_followed_up"), std::string::npos) << e.what();
  e = load_error(
      mini_with(dir, "reported_assessment = { verdict = \"met\", year = 2031, quote = \"x\" }\n"));
  EXPECT_EQ(e.where().field, "target[pop].reported_assessment.year");
  e = load_error(mini_with(dir, "reported_assessment = { verdict = \"met\", year = 2022 }\n"));
  EXPECT_EQ(e.where().field, "target[pop].reported_assessment.quote");
  e = load_error(mini_with(
      dir, "reported_assessment = { verdict = \"met\", year = 2022, quote = \"x\", sida = 3 }\n"));
  EXPECT_NE(std::string(e.what()).find("sida"), std::string::npos);
}

TEST(Reported, DifferenceFromUtsiktsResult) {
  RunOptions o;  // class_yes 0.8, class_near 0.4
  Target t;
  t.reported = ReportedAssessment{ReportedVerdict::met, 2022, "kan anses uppnått", 14, ""};
  // Employment parity: "kan anses vara uppnått" 2022, utsikt 12 % for 2030.
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.12, Arrow::green), o),
            ReportedDifference::met_but_unlikely);
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.5, Arrow::green), o),
            ReportedDifference::none);
  EXPECT_EQ(reported_difference(result(t, TargetStatus::no_data, 0, Arrow::none), o),
            ReportedDifference::verdict_without_data);
  t.reported->verdict = ReportedVerdict::not_met;
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.9, Arrow::green), o),
            ReportedDifference::not_met_but_likely);
  EXPECT_EQ(reported_difference(result(t, TargetStatus::observed, 0.0, Arrow::red), o),
            ReportedDifference::none);
  t.reported->verdict = ReportedVerdict::unchanged;  // sick-day parity: "relativt stabilt"
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.01, Arrow::red), o),
            ReportedDifference::arrow_differs);
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.01, Arrow::yellow), o),
            ReportedDifference::none);
  t.reported->verdict = ReportedVerdict::worsening;  // population "fortsatt att minska"
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.01, Arrow::red), o),
            ReportedDifference::none);
  t.reported->verdict = ReportedVerdict::not_followed_up;
  EXPECT_EQ(reported_difference(result(t, TargetStatus::assessed, 0.3, Arrow::red), o),
            ReportedDifference::not_followed_up_but_data);
  // Every difference has a note in both languages; agreement has none.
  const TargetResult diff = result(t, TargetStatus::assessed, 0.3, Arrow::red);
  EXPECT_FALSE(out::reported_note(diff, o, out::Lang::sv).empty());
  EXPECT_FALSE(out::reported_note(diff, o, out::Lang::en).empty());
  Target none;
  EXPECT_EQ(reported_difference(result(none, TargetStatus::assessed, 0.3, Arrow::red), o),
            ReportedDifference::none);
}

TEST(Reported, ShownInTerminalCsvAndJson) {
  const std::string dir = test::temp_dir("reported_out");
  const Project p = load_project(mini_with(
      dir,
      "reported_assessment = { verdict = \"met\", year = 2022, page = 3, quote = \"Målet nås\" "
      "}\n"));
  const RunResult r = run_project(p, RunOverrides{1, 500, 1});
  const TargetResult* pop = nullptr;
  for (const auto& t : r.targets)
    if (t.target->id == "pop") pop = &t;
  ASSERT_NE(pop, nullptr);
  const bool differs = reported_difference(*pop, p.options) == ReportedDifference::met_but_unlikely;
  const std::string table = out::results_table(r, out::Lang::sv);
  EXPECT_NE(table.find("Dokumentets egen bedömning"), std::string::npos);
  EXPECT_NE(table.find("pop: uppnått (2022, s. 3): \u201dMålet nås\u201d"), std::string::npos)
      << table;
  EXPECT_EQ(table.find("Skiljer sig") != std::string::npos, differs);
  const std::string en = out::results_table(r, out::Lang::en);
  EXPECT_NE(en.find("pop: met (2022, p. 3)"), std::string::npos);
  const std::string csv = out::targets_csv(r);
  EXPECT_NE(csv.find("reported_verdict,reported_year,reported_page,reported_quote,"
                     "reported_difference"),
            std::string::npos);
  EXPECT_NE(csv.find(",met,2022,3,Målet nås,"), std::string::npos);
  const auto j = nlohmann::json::parse(out::targets_json(r));
  int with = 0;
  for (const auto& t : j["targets"]) {
    if (t["reported_assessment"].is_null()) continue;
    ++with;
    EXPECT_EQ(t["id"], "pop");
    EXPECT_EQ(t["reported_assessment"]["verdict"], "met");
    EXPECT_EQ(t["reported_assessment"]["page"], 3);
    EXPECT_EQ(t["reported_assessment"]["difference"].is_null(), !differs);
  }
  EXPECT_EQ(with, 1);
}

TEST(Reported, TheNorrbottenExampleRecordsTheDocumentsVerdicts) {
  const Project p = load_project(test::source_dir() + "/examples/norrbotten-rus2030/project.toml");
  int n = 0;
  const Target* employment = nullptr;
  for (const auto& t : p.targets) {
    if (!t.reported) continue;
    ++n;
    EXPECT_FALSE(t.reported->quote.empty()) << t.id;
    EXPECT_GT(t.reported->page, 0) << t.id;
    if (t.id == "sysselsattning-oka") employment = &t;
  }
  EXPECT_GE(n, 20);
  ASSERT_NE(employment, nullptr);
  EXPECT_EQ(employment->reported->verdict, ReportedVerdict::met);
  EXPECT_EQ(employment->reported->year, 2022);
  EXPECT_NE(employment->reported->quote.find("kan därmed anses vara uppnått"), std::string::npos);
  // Every quote is the document's text, where the document is available.
  const std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared absent: quotes not checked against the document";
  std::string doc = test::read_file(shared + "/reference/uppfoljning-rus-norrbotten-2019-2023.txt");
  // Footnote markers are left out of quotes (README, "Fotnotsmarkeringar").
  for (const char* mark :
       {"\u00b9", "\u00b2", "\u00b3", "\u2074", "\u2075", "\u2076", "\u2077", "\u1d43"})
    for (std::size_t at; (at = doc.find(mark)) != std::string::npos;)
      doc.erase(at, std::string(mark).size());
  for (const auto& t : p.targets) {
    if (!t.reported) continue;
    std::string q = t.reported->quote;
    // An omission "…" splits the quote: each part must be in the document.
    std::size_t from = 0;
    while (from <= q.size()) {
      const std::size_t cut = q.find("\u2026", from);
      std::string part = q.substr(from, cut == std::string::npos ? std::string::npos : cut - from);
      while (!part.empty() && part.front() == ' ') part.erase(0, 1);
      while (!part.empty() && part.back() == ' ') part.pop_back();
      if (!part.empty()) {
        EXPECT_NE(doc.find(part), std::string::npos) << t.id << ": " << part;
      }
      if (cut == std::string::npos) break;
      from = cut + std::string("\u2026").size();
    }
  }
}
