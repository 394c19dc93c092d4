// utsikt fetch scb TABLE [--select dim=value ...] [--lang sv|en] [--output FILE]
// utsikt fetch kolada --kpi ID [--municipality ID|all] [--years 2000-2024] [--output FILE]
//
// Downloads (or reads from the cache) and writes utsikt's long CSV with provenance columns
// (source, url, retrieved, updated) and, next to it, FILE.provenance.json with the footnotes
// and every request; or with --raw the response body (a JSON array of bodies when the answer
// came in several requests). Both files are written together or not at all (docs/fetch.md).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/csv_writer.hpp"
#include "utsikt/error.hpp"
#include "utsikt/io/fetch.hpp"
#include "utsikt/io/import.hpp"
#include "utsikt/number.hpp"

namespace utsikt::cli {

namespace {

struct FetchArgs {
  std::string table;
  std::vector<std::string> select;
  std::string kpi;
  std::string municipality = "all";
  std::string years;
  std::string output;
  std::string indicator;
  std::string base_url;
  std::string lang = "sv";
  std::string cache_dir;
  bool raw = false;
  bool offline = false;
  bool refresh = false;
  bool quiet = false;
  int retries = 4;
  long timeout_s = 120;
};

FetchOptions options_of(const FetchArgs& a) {
  if (a.offline && a.refresh) {
    throw InputError(Location{"", 0, 0, "--offline"}, "either --offline or --refresh", "both");
  }
  FetchOptions o;
  o.base_url = a.base_url;
  o.language = a.lang;
  o.cache_dir = a.cache_dir;
  o.max_retries = a.retries;
  o.timeout_s = a.timeout_s;
  o.cache = a.offline ? CacheMode::offline : a.refresh ? CacheMode::refresh : CacheMode::use;
  return o;
}

std::string provenance_json(const FetchResult& r, const std::string& what) {
  nlohmann::ordered_json j;
  j["source"] = r.table.provenance.source;
  j["table"] = what;
  j["title"] = r.table.title;
  j["url"] = r.source_url;
  j["retrieved"] = r.retrieved;
  j["updated"] = r.table.provenance.updated;
  j["notes"] = r.table.provenance.notes;
  j["requests"] = nlohmann::ordered_json::array();
  for (const FetchRequest& q : r.requests) {
    nlohmann::ordered_json e;
    e["method"] = q.method;
    e["url"] = q.url;
    if (!q.body.empty()) e["body"] = q.body;
    e["retrieved"] = q.retrieved;
    e["from_cache"] = q.from_cache;
    j["requests"].push_back(e);
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// The long CSV (yearly: year column; otherwise the period as written), with provenance columns.
std::string long_csv(const FetchResult& r, const std::string& indicator, std::size_t* rows) {
  const Table& t = r.table;
  CsvWriter csv;
  std::string source = t.provenance.source;
  if (!t.provenance.table_id.empty()) source += (source.empty() ? "" : " ") + t.provenance.table_id;
  const int td = t.time_dimension();
  const bool yearly =
      td >= 0 && t.dims[static_cast<std::size_t>(td)].frequency == TimeFrequency::yearly;
  csv.row({"indicator", "group", yearly ? "year" : "period", "value", "source", "url", "retrieved",
           "updated"});
  for (const PeriodSeries& s : select_periods(t, Selection{})) {
    for (std::size_t i = 0; i < s.periods.size(); ++i) {
      csv.text(indicator).text(s.group);
      if (yearly) {
        csv.integer(std::stoi(s.periods[i].substr(0, 4)));
      } else {
        csv.text(s.periods[i]);
      }
      csv.text(format_double(s.values[i]))
          .text(source)
          .text(r.source_url)
          .text(r.retrieved)
          .text(t.provenance.updated)
          .end_row();
      ++*rows;
    }
  }
  return csv.str();
}

std::string raw_text(const FetchResult& r) {
  if (r.raw.size() == 1) return r.raw[0];
  std::string s = "[\n";
  for (std::size_t i = 0; i < r.raw.size(); ++i) s += (i ? ",\n" : "") + r.raw[i];
  return s + "\n]\n";
}

void write_result(const FetchResult& r, const FetchArgs& a, const std::string& what) {
  std::size_t cached = 0;
  for (const FetchRequest& q : r.requests) cached += q.from_cache ? 1 : 0;
  if (!a.quiet) {
    std::cerr << "utsikt: " << what << ": " << r.requests.size() << " request"
              << (r.requests.size() == 1 ? "" : "s") << " (" << cached << " from the cache "
              << fetch_cache_dir(options_of(a)) << ")\n";
  }
  std::string content;
  std::size_t rows = 0;
  if (a.raw) {
    content = raw_text(r);
  } else {
    const std::string indicator = a.indicator.empty() ? default_indicator_id(r.table) : a.indicator;
    content = long_csv(r, indicator, &rows);
  }
  if (a.output.empty() || a.output == "-") {
    std::cout << content;
    return;
  }
  std::vector<std::pair<std::string, std::string>> files{{a.output, content}};
  if (!a.raw) files.emplace_back(a.output + ".provenance.json", provenance_json(r, what));
  out::write_files_atomic(files);
  if (!a.quiet) {
    std::cerr << "utsikt: wrote "
              << (a.raw ? "the raw response" : std::to_string(rows) + " observations") << " to "
              << a.output << "\n";
  }
}

void add_common(CLI::App* cmd, FetchArgs& a) {
  cmd->add_option("--output,-o", a.output, "Write here (default: standard output)");
  cmd->add_option("--indicator", a.indicator, "Indicator id in the CSV (default: the table/KPI)");
  cmd->add_option("--base-url", a.base_url, "Root of the API (a mirror, or a test server)");
  cmd->add_option("--cache-dir", a.cache_dir,
                  "Cache folder (default: $XDG_CACHE_HOME/utsikt/fetch or ~/.cache/utsikt/fetch)");
  cmd->add_flag("--raw", a.raw, "Write the response as received instead of the long CSV");
  cmd->add_flag("--offline", a.offline, "Use the cache only; fail when a response is missing");
  cmd->add_flag("--refresh", a.refresh, "Ask the server again and update the cache");
  cmd->add_flag("--quiet,-q", a.quiet, "No notes on standard error");
  cmd->add_option("--retries", a.retries, "Retries on 429, 5xx and network failures")
      ->check(CLI::Range(0, 20));
  cmd->add_option("--timeout", a.timeout_s, "Seconds per request")->check(CLI::Range(1, 3600));
}

}  // namespace

void register_fetch(CLI::App& app) {
  CLI::App* fetch =
      app.add_subcommand("fetch", "Download statistics from SCB (PxWeb API v2) or Kolada (API v3)");
  fetch->require_subcommand(1);

  auto scb_args = std::make_shared<FetchArgs>();
  CLI::App* scb = fetch->add_subcommand("scb", "A table of Statistics Sweden (PxWeb API v2)");
  scb->add_option("TABLE", scb_args->table, "Table id, e.g. TAB6471")->required();
  scb->add_option("--select,-s", scb_args->select,
                  "DIMENSION=VALUE (code or text); repeat; dimensions not named: all values")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  scb->add_option("--lang", scb_args->lang, "Language of the texts")
      ->check(CLI::IsMember({"sv", "en"}));
  add_common(scb, *scb_args);
  scb->callback([scb_args] {
    const FetchResult r = fetch_scb(scb_args->table, Selection::parse(scb_args->select, "--select"),
                                    options_of(*scb_args));
    write_result(r, *scb_args, scb_args->table);
  });

  auto kol_args = std::make_shared<FetchArgs>();
  CLI::App* kol = fetch->add_subcommand("kolada", "A key figure (KPI) of Kolada (API v3)");
  kol->add_option("--kpi", kol_args->kpi, "KPI id, e.g. N01951")->required();
  kol->add_option("--municipality,-m", kol_args->municipality,
                  "Municipality or region id(s) (0025, 2580,2584) or all (default)");
  kol->add_option("--years", kol_args->years, "Years: 2020, 2000-2024 or 2019,2021 (default: all)");
  add_common(kol, *kol_args);
  kol->callback([kol_args] {
    const FetchResult r =
        fetch_kolada(kol_args->kpi, kol_args->municipality, kol_args->years, options_of(*kol_args));
    write_result(r, *kol_args, kol_args->kpi);
  });
}

}  // namespace utsikt::cli
