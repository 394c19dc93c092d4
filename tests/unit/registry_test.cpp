// The model registry as the only list of model names: its rows give the labels of the outputs,
// the members of `auto` and the methods a project file or `utsikt forecast` may name.
#include "utsikt/models/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/error.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt {
namespace {

constexpr AutoRule kRules[] = {AutoRule::one_point,       AutoRule::two_points,
                               AutoRule::short_series,    AutoRule::combination,
                               AutoRule::combination_log, AutoRule::fallback};

TEST(Registry, EveryRowHasAFactoryOfItsNameAndLabelsInBothLanguages) {
  std::set<std::string_view> sv, en;
  for (const ModelInfo& m : model_registry()) {
    EXPECT_EQ(make_model(m.name)->name(), m.name);
    EXPECT_EQ(find_model(m.name), &m);
    EXPECT_FALSE(m.label_sv.empty()) << m.name;
    EXPECT_FALSE(m.label_en.empty()) << m.name;
    EXPECT_TRUE(sv.insert(m.label_sv).second) << "label used twice: " << m.label_sv;
    EXPECT_TRUE(en.insert(m.label_en).second) << "label used twice: " << m.label_en;
  }
  EXPECT_EQ(find_model("auto"), nullptr);
  EXPECT_EQ(find_model("combination"), nullptr);
}

TEST(Registry, OutputLabelsComeFromTheRows) {
  for (const ModelInfo& m : model_registry()) {
    const std::string name(m.name);
    EXPECT_EQ(out::model_label(name, out::Lang::sv), m.label_sv);
    EXPECT_EQ(out::model_label(name, out::Lang::en), m.label_en);
    EXPECT_EQ(out::model_label(name + "(log)", out::Lang::sv),
              std::string(m.label_sv) + " (logaritmisk skala)");
    EXPECT_EQ(out::model_label(name + "(logit)", out::Lang::en),
              std::string(m.label_en) + " (logit scale)");
    EXPECT_EQ(out::model_label(name + "(identity)", out::Lang::en), m.label_en);
  }
  EXPECT_EQ(out::model_label("combination", out::Lang::sv), "kombination av modeller");
  EXPECT_EQ(out::model_label("unknown_family", out::Lang::en), "unknown_family");
}

TEST(Registry, EveryRuleOfAutoHasMembersInAFixedOrder) {
  for (const AutoRule r : kRules) {
    const std::vector<std::string> m = auto_members(r);
    EXPECT_FALSE(m.empty()) << static_cast<int>(r);
    // Positions are 1..k without gaps or ties, so the order is fully decided by the table.
    std::vector<int> positions;
    for (const ModelInfo& row : model_registry())
      if (row.in_auto.position(r) > 0) positions.push_back(row.in_auto.position(r));
    std::sort(positions.begin(), positions.end());
    for (std::size_t i = 0; i < positions.size(); ++i)
      EXPECT_EQ(positions[i], static_cast<int>(i) + 1) << static_cast<int>(r);
    for (std::size_t i = 0; i < m.size(); ++i)
      EXPECT_EQ(find_model(m[i])->in_auto.position(r), static_cast<int>(i) + 1);
  }
}

TEST(Registry, MethodsAreAutoAndTheRegistryNames) {
  EXPECT_TRUE(is_method("auto"));
  for (const auto& n : model_names()) {
    EXPECT_TRUE(is_method(n));
    EXPECT_NE(method_list().find(n), std::string::npos);
  }
  EXPECT_FALSE(is_method("combination"));
  EXPECT_FALSE(is_method(""));
  EXPECT_EQ(method_list().rfind("auto, ", 0), 0u);
}

// ---- project_series takes the members of `auto` from the registry -----------------------------

Series series_of(int n, double scale = 1.0) {
  const double v[] = {100.0, 102.0, 103.0, 106.1, 107.5, 110.2, 111.0, 113.9, 115.2, 117.0};
  Series s;
  s.indicator = "x";
  s.group = "total";
  for (int i = 0; i < n; ++i) {
    s.years.push_back(2012 + i);
    s.values.push_back(v[i] * scale);
  }
  return s;
}

std::vector<std::string> weight_models(const SeriesForecast& f) {
  std::vector<std::string> m;
  for (const auto& w : f.weights) m.push_back(w.model);
  return m;
}

std::vector<std::string> labelled(const std::vector<std::string>& families,
                                  const std::string& scale) {
  std::vector<std::string> m;
  for (const auto& f : families) m.push_back(f + "(" + scale + ")");
  return m;
}

TEST(Registry, AutoUsesTheRegistryMembersOfEachRule) {
  ForecastOptions o;
  o.n_paths = 200;
  o.threads = 1;
  SeriesSpec stock;
  stock.kind = IndicatorKind::stock;
  stock.prior_class = PriorClass::m3;  // the rules without a drift prior
  SeriesSpec pop = stock;
  pop.prior_class = PriorClass::population;  // 1-4 points with a drift prior: one rule
  for (int n : {1, 2, 3, 4})
    EXPECT_EQ(weight_models(project_series(series_of(n), pop, 2030, o, 1)),
              labelled(auto_members(AutoRule::short_with_prior), "log"));
  EXPECT_EQ(weight_models(project_series(series_of(1), stock, 2030, o, 1)),
            labelled(auto_members(AutoRule::one_point), "log"));
  EXPECT_EQ(weight_models(project_series(series_of(2), stock, 2030, o, 1)),
            labelled(auto_members(AutoRule::two_points), "log"));
  EXPECT_EQ(weight_models(project_series(series_of(3), stock, 2030, o, 1)),
            labelled(auto_members(AutoRule::short_series), "log"));
  std::vector<std::string> combined = labelled(auto_members(AutoRule::combination_log), "log");
  for (const auto& m : labelled(auto_members(AutoRule::combination), "identity"))
    combined.push_back(m);
  EXPECT_EQ(weight_models(project_series(series_of(10), stock, 2030, o, 1)), combined);
  SeriesSpec share;
  share.kind = IndicatorKind::share;
  EXPECT_EQ(weight_models(project_series(series_of(10, 0.5), share, 2030, o, 1)),
            labelled(auto_members(AutoRule::combination), "logit"));
}

TEST(Registry, ProjectFileMethodMustBeAutoOrARegistryName) {
  const std::string dir = test::temp_dir("registry-method");
  test::write_file(dir + "/p.toml",
                   "[[indicator]]\nid = \"a\"\nkind = \"stock\"\nmethod = \"thetaa\"\n");
  try {
    load_project(dir + "/p.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "indicator[a].method");
    EXPECT_EQ(e.where().line, 4);
    EXPECT_EQ(e.expected(), "one of: " + method_list() + ", cohort");
    EXPECT_EQ(e.found(), "'thetaa'");
  }
  test::write_file(dir + "/p.toml",
                   "[[indicator]]\nid = \"a\"\nkind = \"stock\"\nmethod = \"theta_opt\"\n");
  EXPECT_EQ(load_project(dir + "/p.toml").indicators[0].method, "theta_opt");
}

}  // namespace
}  // namespace utsikt
