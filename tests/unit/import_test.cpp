// Reading the genuine SCB files in ../shared/data/formats, the JSON-stat and Kolada readers,
// and selections.
#include "utsikt/io/import.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>

#include "test_util.hpp"

namespace utsikt {
namespace {

#define REQUIRE_SHARED()                         \
  const std::string shared = test::shared_dir(); \
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent; genuine SCB files not available"

std::string formats(const std::string& shared, const std::string& rel) {
  return shared + "/data/formats/" + rel;
}

std::string fixture(const std::string& rel) {
  return test::source_dir() + "/tests/fixtures/" + rel;
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
  return "";
}

// --- Genuine SCB PC-Axis files ------------------------------------------------------------

TEST(ImportScb, AutopenNorrbotten2007MenPlusWomen) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "px/Autopen_BE0101N1.px"));
  const std::vector<Series> s =
      select_series(t, sel({{"region", "25"}, {"period", "2007"}}), "population");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].group, "men");
  EXPECT_EQ(s[1].group, "women");
  ASSERT_EQ(s[0].years, std::vector<int>{2007});
  EXPECT_EQ(s[0].values[0] + s[1].values[0], 250602.0);
}

TEST(ImportScb, AutopenStructureAndCells) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "px/Autopen_BE0101N1.px"));
  EXPECT_EQ(t.format, "PC-Axis");
  EXPECT_EQ(t.encoding, "Windows-1252 (CHARSET=\"ANSI\")");
  EXPECT_EQ(t.language, "en");
  EXPECT_EQ(t.title, "Population by region, period and sex");
  EXPECT_EQ(t.contents, "Population");
  EXPECT_EQ(t.units, "number");
  EXPECT_EQ(t.decimals, 0);
  EXPECT_EQ(t.provenance.source, "Statistics Sweden");
  EXPECT_EQ(t.provenance.table_id, "BE0101N1");
  EXPECT_EQ(t.provenance.updated, "20090213 07:19");
  ASSERT_EQ(t.dims.size(), 3u);  // STUB region, HEADING period, sex
  EXPECT_EQ(t.dims[0].code, "region");
  EXPECT_EQ(t.dims[0].size(), 21u);
  EXPECT_EQ(t.dims[0].value_codes[20], "25");
  EXPECT_EQ(t.dims[0].value_texts[20], "25 Norrbotten county");
  // Windows-1252 letters decoded.
  EXPECT_EQ(t.dims[0].value_texts[2], "04 Södermanland county");
  EXPECT_EQ(t.dims[0].value_texts[3], "05 Östergötland county");
  EXPECT_EQ(t.dims[0].value_texts[9], "12 Skåne county");
  EXPECT_TRUE(t.dims[1].is_time);
  EXPECT_EQ(t.dims[1].years, (std::vector<int>{2007, 2008}));
  EXPECT_EQ(t.dims[2].value_texts, (std::vector<std::string>{"men", "women"}));
  ASSERT_EQ(t.cell_count(), 84u);
  // Rows of the DATA block, read by hand: 01 Stockholm: 961146 988370 977799 1003464;
  // 09 Gotland: 28241 28881 28235 28769.
  EXPECT_EQ(t.values[t.cell_index({0, 1, 1})], 1003464.0);  // Stockholm 2008 women
  EXPECT_EQ(t.values[t.cell_index({7, 0, 0})], 28241.0);    // Gotland 2007 men
  EXPECT_EQ(t.values[t.cell_index({7, 0, 1})], 28881.0);    // Gotland 2007 women
  // Footnotes kept, continued strings joined.
  ASSERT_EQ(t.provenance.notes.size(), 3u);
  EXPECT_NE(t.provenance.notes[0].find("for each respective year according to administrative"),
            std::string::npos);
  EXPECT_EQ(t.provenance.notes[2].rfind("Note on cell (19 Västmanland county, *, *) (mandatory): "
                                        "Since 1 January 2007, Västmanland county no longer",
                                        0),
            0u);
}

TEST(ImportScb, AutopenSelectionByTextCodeAndTextWithoutCode) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "px/Autopen_BE0101N1.px"));
  const Series a =
      select_one_series(t, sel({{"REGION", "norrbotten county"}, {"sex", "Women"}}), "pop");
  const Series b =
      select_one_series(t, sel({{"region", "25 Norrbotten county"}, {"sex", "2"}}), "pop");
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.years, (std::vector<int>{2007, 2008}));
  EXPECT_EQ(a.values, (std::vector<double>{123577, 123149}));
  EXPECT_EQ(a.group, "total");
  EXPECT_EQ(a.indicator, "pop");
  EXPECT_EQ(a.sources,
            (std::vector<std::string>{"Statistics Sweden BE0101N1", "Statistics Sweden BE0101N1"}));
  EXPECT_EQ(a.provenance.table_id, "BE0101N1");
  // Two values of one dimension: two series, named by their texts.
  const auto two =
      select_series(t, sel({{"region", "25"}, {"region", "24"}, {"sex", "men"}}), "pop");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].group, "24 Västerbotten county");  // table order
  EXPECT_EQ(two[1].group, "25 Norrbotten county");
  EXPECT_EQ(two[0].values, (std::vector<double>{129069, 129269}));
  // Nothing selected: 21 regions x 2 sexes.
  const auto all = select_series(t, Selection{}, "pop");
  ASSERT_EQ(all.size(), 42u);
  EXPECT_EQ(all[41].group, "25 Norrbotten county, women");
}

TEST(ImportScb, SelectionErrorsListTheAvailable) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "px/Autopen_BE0101N1.px"));
  std::string m = error_of([&] { select_series(t, sel({{"region", "Norbotten"}}), "x"); });
  EXPECT_NE(m.find("Autopen_BE0101N1.px (field '--select region=Norbotten')"), std::string::npos)
      << m;
  EXPECT_NE(m.find("'25' (25 Norrbotten county)"), std::string::npos) << m;
  EXPECT_NE(m.find("found 'Norbotten'"), std::string::npos) << m;
  m = error_of([&] { select_series(t, sel({{"county", "25"}}), "x"); });
  EXPECT_NE(m.find("a dimension of the table: 'region', 'period', 'sex'"), std::string::npos) << m;
  m = error_of([&] { select_one_series(t, sel({{"region", "25"}}), "x"); });
  EXPECT_NE(m.find("2 series: men | women"), std::string::npos) << m;
  EXPECT_NE(m.find("choose one value of: 'sex': '1' (men), '2' (women)"), std::string::npos) << m;
  m = error_of([&] { Selection::parse({"region"}); });
  EXPECT_NE(m.find("dimension=value"), std::string::npos) << m;
  const Selection p = Selection::parse({" region = 25 Norrbotten county", "sex=2=x"});
  EXPECT_EQ(p.criteria[0], (std::pair<std::string, std::string>{"region", "25 Norrbotten county"}));
  EXPECT_EQ(p.criteria[1], (std::pair<std::string, std::string>{"sex", "2=x"}));
}

TEST(ImportScb, NilAndDotSymbolsFile) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "px/NPM_BE0101F1nildotsymbols.px"));
  ASSERT_EQ(t.dims.size(), 5u);  // region, age | period, type, sex
  EXPECT_EQ(t.dims[0].value_texts[2], "0114 Upplands Väsby");
  EXPECT_EQ(t.dims[3].value_codes, (std::vector<std::string>{"BE0101F1", "BE0101F2"}));
  EXPECT_EQ(t.provenance.updated, "20040212 16:28");  // from LAST-UPDATED("Inmigrated")
  EXPECT_EQ(t.units, "number");  // table-level UNITS; UNITS("Inmigrated") etc. per content
  auto sym = [&](std::vector<std::size_t> c) {
    const std::uint8_t s = t.status[t.cell_index(c)];
    return s == 0 ? std::string("value")
                  : t.missing_symbols[s - 1].symbol + "=" + t.missing_symbols[s - 1].meaning;
  };
  // Row (01 Stockholm county, 20): "." ".." "..." "....".
  EXPECT_EQ(sym({1, 0, 0, 0, 0}), ".=n.a.");
  EXPECT_EQ(sym({1, 0, 0, 0, 1}), "..=unknown");
  EXPECT_EQ(sym({1, 0, 0, 1, 0}), "...=hidden");
  EXPECT_EQ(sym({1, 0, 0, 1, 1}), "....=secret");
  // Row (01 Stockholm county, 22): 924 "......" 672 906.
  EXPECT_EQ(t.values[t.cell_index({1, 2, 0, 0, 0})], 924.0);
  EXPECT_EQ(sym({1, 2, 0, 0, 1}), "......=not used");
  EXPECT_EQ(t.values[t.cell_index({1, 2, 0, 1, 1})], 906.0);
  // Row (01 Stockholm county, 21): "-" four times.
  EXPECT_EQ(sym({1, 1, 0, 1, 0}), "-=nothing");
  EXPECT_TRUE(t.missing_symbols[t.status[t.cell_index({1, 1, 0, 1, 0})] - 1].nil);
  // Last row (0115 Vallentuna, 22): 20 23 33 35.
  EXPECT_EQ(t.values[t.cell_index({3, 2, 0, 1, 1})], 35.0);
  // Notes in file order, mandatory ones marked, '#' as line break.
  ASSERT_EQ(t.provenance.notes.size(), 12u);
  EXPECT_EQ(t.provenance.notes[0], "Note (mandatory): Mandatory English note");
  EXPECT_EQ(t.provenance.notes[1], "Note: Test English note");
  EXPECT_NE(t.provenance.notes[4].find("Parts of Södertälje municipality"), std::string::npos);
  EXPECT_NE(t.provenance.notes[6].find("within the region.\nWith calcutating"), std::string::npos);
  EXPECT_EQ(t.provenance.notes[11],
            "Note on cell (*, 20, *, Outmigrated, *): Cellnote outmigrated 20 years");

  // Sweden, age 22, inmigrated men: cells 0 and "-" (row "0 "-" 0 "-"): a gap, or 0 with
  // nil_as_zero.
  Selection s = sel({{"region", "00"}, {"age", "22"}, {"type", "Inmigrated"}, {"sex", "women"}});
  EXPECT_TRUE(
      select_one_series(
          t, sel({{"region", "00"}, {"age", "22"}, {"type", "Inmigrated"}, {"sex", "men"}}), "m")
          .values == std::vector<double>{0.0});
  EXPECT_THROW(select_one_series(t, s, "m"), InputError);  // only a nil cell
  s.nil_as_zero = true;
  EXPECT_EQ(select_one_series(t, s, "m").values, std::vector<double>{0.0});
}

TEST(ImportScb, MonthlyCpiReadableButNotProjectable) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "px/Month_PR0101B3.px"));
  EXPECT_EQ(t.encoding, "Windows-1252 (CHARSET=\"ANSI\")");  // ASCII content
  EXPECT_EQ(t.decimals, 2);
  ASSERT_EQ(t.dims.size(), 2u);
  EXPECT_EQ(t.dims[0].code, "Product group");
  EXPECT_EQ(t.dims[0].size(), 12u);
  EXPECT_EQ(t.dims[1].frequency, TimeFrequency::monthly);
  EXPECT_EQ(t.dims[1].size(), 27u);
  const auto p = select_periods(t, sel({{"product group", "Fish"}}));
  ASSERT_EQ(p.size(), 1u);
  ASSERT_EQ(p[0].periods.size(), 27u);
  EXPECT_EQ(p[0].periods.front(), "2006M10");
  EXPECT_EQ(p[0].values.front(), 331.54);
  EXPECT_EQ(p[0].periods.back(), "2008M12");
  EXPECT_EQ(p[0].values.back(), 354.13);
  // Last cell of the file: 01.2 Non alcoholic beverages, 2008M12.
  EXPECT_EQ(t.values.back(), 182.84);
  const std::string m = error_of([&] {
    select_series(t, sel({{"product group", "01.1.3"}}), "cpi");
  });
  EXPECT_NE(m.find("expected yearly periods such as 2023 (utsikt projects yearly series only), "
                   "found monthly "
                   "periods in dimension 'period': 2006M10 ... 2008M12"),
            std::string::npos)
      << m;
}

TEST(ImportScb, BrokenFileWithoutDataIsAClearError) {
  REQUIRE_SHARED();
  const std::string path = formats(shared, "px/error_fatal_BE0101F1missingData.px");
  try {
    read_table(path);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().field, "DATA");
    EXPECT_GT(e.where().line, 80);
    EXPECT_NE(std::string(e.what()).find("found the end of the file without DATA"),
              std::string::npos)
        << e.what();
  }
}

TEST(ImportScb, JsonStatFromPxWebApiV2) {
  REQUIRE_SHARED();
  const Table t = read_table(formats(shared, "jsonstat/scb_v2_TAB5974_jsonstat2.json"));
  EXPECT_EQ(t.format, "JSON-stat 2.0");
  EXPECT_EQ(t.language, "sv");
  EXPECT_EQ(t.provenance.source, "SCB");
  EXPECT_EQ(t.provenance.table_id, "TAB5974");
  EXPECT_EQ(t.provenance.updated, "2026-04-16T06:00:00Z");
  EXPECT_EQ(t.contents, "Folkmängd 31 dec, antal");
  EXPECT_EQ(t.units, "antal");
  ASSERT_EQ(t.dims.size(), 5u);
  EXPECT_EQ(t.dims[2].code, "Kon");
  EXPECT_EQ(t.dims[2].text, "kön");
  EXPECT_EQ(t.dims[2].value_texts, (std::vector<std::string>{"män", "kvinnor"}));
  EXPECT_TRUE(t.dims[4].is_time);
  EXPECT_EQ(t.dims[4].years, std::vector<int>{2026});
  const Series w = select_one_series(t, sel({{"kön", "KVINNOR"}}), "pop0");
  EXPECT_EQ(w.years, std::vector<int>{2026});
  EXPECT_EQ(w.values, std::vector<double>{47361});
  const auto both = select_series(t, Selection{}, "pop0");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].group, "män");
  EXPECT_EQ(both[0].values, std::vector<double>{50080});
  EXPECT_EQ(default_indicator_id(t), "tab5974");
}

// --- Own fixtures -------------------------------------------------------------------------

TEST(ImportJsonStat, MonthlyFixtureWithStatus) {
  const Table t = read_table(fixture("jsonstat/monthly_status.json"));
  EXPECT_EQ(t.provenance.table_id, "TEST02");
  EXPECT_EQ(t.provenance.notes, std::vector<std::string>{"Note: Syntetiska värden för tester."});
  EXPECT_EQ(t.dims[2].frequency, TimeFrequency::monthly);
  const auto p = select_periods(t, sel({{"region", "Norrbottens län"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].periods, (std::vector<std::string>{"2024M01", "2024M02"}));
  EXPECT_EQ(p[0].values, (std::vector<double>{5100, 5200}));
  EXPECT_EQ(p[0].missing, std::vector<std::string>{"2024M03 (..)"});
  EXPECT_THROW(select_series(t, Selection{}, "x"), InputError);
}

TEST(ImportJsonStat, Version1BundleAndSparseValues) {
  const std::string text = R"({"dataset": {"label": "Test", "source": "SCB",
    "dimension": {"id": ["Region", "Tid"], "size": [1, 3], "role": {"time": ["Tid"]},
      "Region": {"label": "region", "category": {"index": {"2580": 0}, "label": {"2580": "Luleå"}}},
      "Tid": {"label": "år", "category": {"index": {"2020": 0, "2021": 1, "2022": 2}}}},
    "value": {"0": 10, "2": 12.5}}})";
  const Table t = parse_jsonstat(text, "v1.json");
  EXPECT_EQ(t.format, "JSON-stat 1.0");
  const Series s = select_one_series(t, sel({{"region", "luleå"}}), "x");
  EXPECT_EQ(s.years, (std::vector<int>{2020, 2022}));
  EXPECT_EQ(s.values, (std::vector<double>{10, 12.5}));
}

TEST(ImportJsonStat, ClearErrors) {
  std::string m = error_of([] { parse_jsonstat("{\n  \"id\": [1,\n}", "bad.json"); });
  EXPECT_NE(m.find("bad.json:3:1"), std::string::npos) << m;
  EXPECT_NE(m.find("expected well-formed JSON"), std::string::npos) << m;
  m = error_of([] {
    parse_jsonstat(R"({"class": "dataset", "id": ["a"], "size": [2],
      "dimension": {"a": {"category": {"index": ["x", "y"]}}},
      "value": [1, 2, 3]})",
                   "count.json");
  });
  EXPECT_NE(
      m.find(
          "count.json:3:7 (field 'value'): expected 2 values (the product of \"size\"), found 3"),
      std::string::npos)
      << m;
  m = error_of([] {
    parse_jsonstat(R"({"class": "dataset", "id": ["a"], "size": [2],
      "dimension": {"a": {"category": {"index": ["x", "y"]}}}, "value": [1, "2"]})",
                   "type.json");
  });
  EXPECT_NE(m.find("(field 'value[1]'): expected a number or null, found a string '\"2\"'"),
            std::string::npos)
      << m;
  // Found by jsonstat_fuzz: nlohmann reports number overflow as out_of_range, not parse_error.
  m = error_of([] { parse_jsonstat("{\"value\":\n  [1e400]}", "big.json"); });
  EXPECT_NE(m.find("big.json:2:4: expected JSON with numbers a double can hold, found number "
                   "overflow parsing '1e400'"),
            std::string::npos)
      << m;
  m = error_of(
      [] { parse_jsonstat(std::string(1000, '[') + std::string(1000, ']'), "deep.json"); });
  EXPECT_NE(m.find("nested at most 200 levels"), std::string::npos) << m;
  m = error_of([] {
    parse_jsonstat(R"({"class": "dataset", "id": ["a"], "size": [2],
      "dimension": {"a": {"category": {"index": {"x": 0, "y": 0}}}}, "value": [1, 2]})",
                   "idx.json");
  });
  EXPECT_NE(m.find("each once"), std::string::npos) << m;
}

TEST(ImportJsonStat, DuplicateCategoriesAndTimeByName) {
  std::string m = error_of([] {
    parse_jsonstat(R"({"class": "dataset", "id": ["a"], "size": [2],
      "dimension": {"a": {"category": {"index": ["x", "x"]}}}, "value": [1, 2]})",
                   "dup.json");
  });
  EXPECT_NE(m.find("expected distinct category ids, found 'x' twice"), std::string::npos) << m;
  // No role: a dimension called "Tid" whose categories are years is the time dimension.
  const Table t = parse_jsonstat(R"({"class": "dataset", "id": ["Tid"], "size": [2],
      "dimension": {"Tid": {"category": {"index": ["2019", "2020"]}}}, "value": [1, 2]})",
                                 "tid.json");
  ASSERT_TRUE(t.dims[0].is_time);
  EXPECT_EQ(select_one_series(t, Selection{}, "x").years, (std::vector<int>{2019, 2020}));
  // A time role on codes that are not periods: readable, refused for projection.
  const Table u =
      parse_jsonstat(R"({"class": "dataset", "id": ["Tid"], "size": [1], "role": {"time": ["Tid"]},
      "dimension": {"Tid": {"category": {"index": ["2019/20"]}}}, "value": [1]})",
                     "school.json");
  EXPECT_EQ(u.dims[0].frequency, TimeFrequency::other);
  EXPECT_THROW(select_series(u, Selection{}, "x"), InputError);
  EXPECT_EQ(select_periods(u, Selection{})[0].periods, std::vector<std::string>{"2019/20"});
}

TEST(ImportKolada, FixtureFromTheDocumentedShape) {
  const Table t = read_table(fixture("kolada/N00000_synthetic.json"));
  EXPECT_EQ(t.format, "Kolada");
  EXPECT_EQ(t.provenance.source, "Kolada");
  EXPECT_EQ(t.provenance.table_id, "N00000");
  ASSERT_EQ(t.dims.size(), 4u);
  EXPECT_EQ(t.dims[1].code, "municipality");
  EXPECT_EQ(t.dims[1].value_codes, (std::vector<std::string>{"2580", "2581"}));
  EXPECT_EQ(t.dims[2].years, (std::vector<int>{2021, 2022}));
  EXPECT_EQ(t.dims[3].value_codes, (std::vector<std::string>{"T", "K", "M"}));
  EXPECT_EQ(t.dims[3].value_texts, (std::vector<std::string>{"total", "women", "men"}));
  const Series w = select_one_series(t, sel({{"municipality", "2580"}, {"gender", "K"}}), "n00000");
  EXPECT_EQ(w.years, (std::vector<int>{2021, 2022}));
  EXPECT_EQ(w.values, (std::vector<double>{12.5, 12.9}));
  const auto all = select_series(t, sel({{"gender", "women"}, {"gender", "men"}}), "n00000");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].group, "2580, women");
  // 2581: 2021 absent from the response, 2022 null with status "Missing".
  const auto p = select_periods(t, sel({{"municipality", "2581"}, {"gender", "T"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(p[0].values.empty());
  EXPECT_EQ(p[0].missing, (std::vector<std::string>{"2021 (absent)", "2022 (Missing)"}));
  EXPECT_THROW(select_one_series(t, sel({{"municipality", "2581"}, {"gender", "T"}}), "x"),
               InputError);
}

TEST(ImportKolada, PagedAndBrokenResponses) {
  const Table t =
      parse_kolada(R"({"values": [{"kpi": "N1", "municipality": "0180", "period": "2020",
      "values": [{"gender": "T", "value": 1}]}], "next_page": "http://api.kolada.se/v2/x?page=2"})",
                   "p.json");
  ASSERT_EQ(t.provenance.notes.size(), 1u);
  EXPECT_NE(t.provenance.notes[0].find("page=2"), std::string::npos);
  std::string m = error_of([] {
    parse_kolada(R"({"values": [{"kpi": "N1", "municipality": "0180", "period": "2020M01",
      "values": []}]})",
                 "m.json");
  });
  EXPECT_NE(m.find("(field 'values[0].period'): expected a year such as 2022, found \"2020M01\""),
            std::string::npos)
      << m;
  m = error_of([] {
    parse_kolada(R"({"values": [{"kpi": "N1", "municipality": "0180", "period": 2020,
      "values": [{"gender": "T", "value": 1}, {"gender": "T", "value": 2}]}]})",
                 "d.json");
  });
  EXPECT_NE(m.find("each (kpi, municipality, period, gender) once"), std::string::npos) << m;
  m = error_of([] { parse_kolada(R"({"values": []})", "e.json"); });
  EXPECT_NE(m.find("an empty response"), std::string::npos) << m;
}

TEST(ImportKolada, OrganisationalUnitDataAndV3Shape) {
  // oudata responses name the unit "ou"; API v3 gives the period as a number and adds fields.
  const Table t = parse_kolada(R"({"values": [
      {"kpi": "N15033", "ou": "V15E144001301", "period": 2023,
       "values": [{"gender": "T", "count": 1, "status": "", "value": 81.0, "isdeleted": false}]},
      {"kpi": "N15033", "ou": "V15E144001301", "period": 2022,
       "values": [{"gender": "T", "count": 1, "status": "", "value": 79.5, "isdeleted": false}]}],
    "count": 2, "next_url": null})",
                               "ou.json");
  EXPECT_EQ(t.dims[1].code, "ou");
  const Series s = select_one_series(t, sel({{"ou", "V15E144001301"}}), "q");
  EXPECT_EQ(s.years, (std::vector<int>{2022, 2023}));
  EXPECT_EQ(s.values, (std::vector<double>{79.5, 81.0}));
  EXPECT_TRUE(t.provenance.notes.empty());
}

TEST(ImportDispatch, ReadTableRecognisesFormatsAndRefusesOthers) {
  const std::string dir = test::temp_dir("dispatch");
  test::write_file(dir + "/kolada.txt", test::read_file(fixture("kolada/N00000_synthetic.json")));
  EXPECT_EQ(read_table(dir + "/kolada.txt").format, "Kolada");
  test::write_file(dir + "/table.dat", test::read_file(fixture("px/bilingual_ansi.px")));
  EXPECT_EQ(read_table(dir + "/table.dat").format, "PC-Axis");
  test::write_file(dir + "/other.csv", "a,b\n1,2\n");
  std::string m = error_of([&] { read_table(dir + "/other.csv"); });
  EXPECT_NE(m.find("other.csv:1:1: expected a PC-Axis file"), std::string::npos) << m;
  test::write_file(dir + "/other.json", "{\"rows\": []}");
  m = error_of([&] { read_table(dir + "/other.json"); });
  EXPECT_NE(m.find("found JSON of another shape"), std::string::npos) << m;
  m = error_of([&] { read_table(dir + "/missing.px"); });
  EXPECT_NE(m.find("missing.px: expected an existing file, found no such file"), std::string::npos)
      << m;
  EXPECT_EQ(detect_table_format("CHARSET=\"ANSI\";", "x"), TableFormat::px);
  EXPECT_EQ(detect_table_format("{\"class\": \"dataset\"}", "x"), TableFormat::jsonstat);
  EXPECT_EQ(detect_table_format("hello", "x.txt"), TableFormat::unknown);
}

TEST(ImportDispatch, LoadSeriesFromFileIsReadPlusSelect) {
  const auto s = load_series_from_file(fixture("px/bilingual_ansi.px"),
                                       sel({{"län", "25"}, {"kön", "kvinnor"}}), "employed");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].values, (std::vector<double>{78.5, 79.0, 79.9}));
  EXPECT_EQ(s[0].sources[0], "SCB TAB9999");
}

TEST(ImportDispatch, DefaultIndicatorId) {
  Table t;
  t.provenance.table_id = "BE0101N1";
  EXPECT_EQ(default_indicator_id(t), "be0101n1");
  t.provenance.table_id.clear();
  t.contents = "Folkmängd 31 dec, antal";
  EXPECT_EQ(default_indicator_id(t), "folkm_ngd_31_dec_antal");
}

// --- Reader gaps found on genuine files ------------------------------------------------------

TEST(ImportPx, EmptyLastCodeFallsBackToTheValueText) {
  const Table t = read_table(fixture("px/trailing_empty_code.px"));
  ASSERT_EQ(t.dims.size(), 3u);
  EXPECT_EQ(t.dims[1].value_codes, (std::vector<std::string>{"1", "2", "total"}));
  EXPECT_EQ(t.dims[1].value_texts, (std::vector<std::string>{"men", "women", "total"}));
  const Series s = select_one_series(t, sel({{"region", "24"}, {"sex", "total"}}), "pop");
  EXPECT_EQ(s.years, (std::vector<int>{2022, 2023}));
  EXPECT_EQ(s.values, (std::vector<double>{11, 12}));
  const Series m = select_one_series(t, sel({{"region", "25"}, {"sex", "1"}}), "pop");
  EXPECT_EQ(m.values, (std::vector<double>{1, 2}));
}

TEST(ImportPx, AnEmptyCodeThatRepeatsAnotherCodeIsStillRefused) {
  std::string px = test::read_file(fixture("px/trailing_empty_code.px"));
  const std::string from = "CODES(\"sex\")=\"1\",\"2\",;";
  px.replace(px.find(from), from.size(), "CODES(\"sex\")=\"1\",\"total\",;");
  try {
    parse_px(px, "dup.px");
    FAIL() << "a duplicate code was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'total' twice"), std::string::npos) << e.what();
  }
}

TEST(ImportPxWebV1, ColumnsAndDataResponse) {
  const std::string path = fixture("pxweb_v1/BE0101N1_v1.json");
  EXPECT_EQ(detect_table_format(test::read_file(path), path), TableFormat::pxweb_v1);
  const Table t = read_table(path);
  EXPECT_EQ(t.format, "PxWeb API v1 JSON");
  EXPECT_EQ(t.provenance.table_id, "BE0101");
  EXPECT_EQ(t.provenance.updated, "2024-02-21T08:00:00Z");
  EXPECT_EQ(t.provenance.source, "Statistiska centralbyrån, SCB");
  ASSERT_EQ(t.provenance.notes.size(), 1u);
  EXPECT_EQ(t.provenance.notes[0], "Note on Tid=2023: Preliminära uppgifter.");
  ASSERT_EQ(t.dims.size(), 4u);  // Region, Kon, Tid, ContentsCode
  EXPECT_EQ(t.dims[2].code, "Tid");
  EXPECT_TRUE(t.dims[2].is_time);
  EXPECT_EQ(t.dims[2].years, (std::vector<int>{2022, 2023}));
  EXPECT_EQ(t.dims[3].value_texts, (std::vector<std::string>{"Folkmängd", "Folkökning"}));
  const Series w =
      select_one_series(t, sel({{"kön", "2"}, {"ContentsCode", "BE0101N1"}}), "folkmangd");
  EXPECT_EQ(w.values, (std::vector<double>{122989, 122793}));
  const auto p = select_periods(t, sel({{"Kon", "2"}, {"contents", "Folkökning"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].values, (std::vector<double>{-196}));
  EXPECT_EQ(p[0].missing, (std::vector<std::string>{"2022 (..)"}));
}

TEST(ImportPxWebV1, MalformedRowsNameTheRow) {
  const std::string bad =
      R"({"columns": [{"code": "Tid", "text": "år", "type": "t"},
                      {"code": "X", "text": "x", "type": "c"}],
          "data": [{"key": ["2020"], "values": ["1"]}, {"key": ["2021", "9"], "values": ["2"]}]})";
  try {
    parse_pxweb_v1(bad, "v1.json");
    FAIL() << "a key of the wrong length was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("data[1]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_pxweb_v1(R"({"columns": [], "data": []})", "v1.json"), InputError);
  EXPECT_THROW(
      parse_pxweb_v1(R"({"columns": [{"code": "A", "type": "d"}], "data": []})", "v1.json"),
      InputError);
}

}  // namespace
}  // namespace utsikt
