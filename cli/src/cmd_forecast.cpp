// utsikt forecast: many series from a long CSV (series,part,time,value) to quantile forecasts.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "commands.hpp"
#include "progress.hpp"
#include "project_args.hpp"
#include "utsikt/engine/batch.hpp"
#include "utsikt/error.hpp"
#include "utsikt/indicator.hpp"
#include "utsikt/models/registry.hpp"

namespace utsikt::cli {

namespace {
// An option value the library refused: a usage error (exit 1, docs/errors.md) naming the option
// as the user typed it (--paths, not the field n_paths).
[[noreturn]] void option_error(const InputError& e) {
  std::string f = e.where().field;
  while (!f.empty() && f.front() == '-') f.erase(f.begin());
  for (char& c : f)
    if (c == '_') c = '-';
  if (f == "n-paths") f = "paths";
  throw CLI::ValidationError("--" + f, "expected " + e.expected() + ", found " + e.found());
}
// The end-of-run summary on standard error: series, skipped, time, warnings with an example.
void print_summary(const BatchSummary& sum, double seconds) {
  char took[64];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  std::cerr << "utsikt: summary: " << sum.series << " series forecast, " << sum.skipped.size()
            << " skipped, " << took << "\n";
  if (!sum.skipped.empty())
    std::cerr << "utsikt: warning: " << sum.skipped.size()
              << " series without test rows were skipped (first: '" << sum.skipped.front()
              << "')\n";
  for (const auto& [code, n] : sum.warnings)
    std::cerr << "utsikt: warning: " << code << " in " << n << " series (first: '"
              << sum.warning_example.at(code) << "')\n";
}
}  // namespace

void register_forecast(CLI::App& app) {
  struct Args {
    std::string input, output, method = "auto", kind = "rate", prior = "m3", pool_by, pool_exclude;
    bool pool = false;
    std::string quantiles = "0.025,0.05,0.1,0.25,0.5,0.75,0.9,0.95,0.975";
    bool from_test = false;
    bool quiet = false;
    int horizon = 0;
    // Defaults from the run-option table, as in `utsikt run` (utsikt/engine/options.hpp).
    BatchOptions run;
  };
  auto args = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(
      "forecast",
      "Forecast every series of a long CSV (series,part,time,value; part=train rows are fitted) "
      "and write quantiles of the simulated paths");
  sub->add_option("--input", args->input, "long CSV with columns series,part,time,value")
      ->required();
  sub->add_option("--output", args->output,
                  "output CSV: series,method,step,time,mean,q<level>... (written atomically)")
      ->required();
  CLI::Option* hft =
      sub->add_flag("--horizon-from-test", args->from_test,
                    "project each series to its last part=test year (or by its number of test rows "
                    "when the test times are not years)");
  CLI::Option* hz = sub->add_option("--horizon", args->horizon, "forecast horizon in years");
  hft->excludes(hz);
  hz->excludes(hft);
  sub->add_option("--quantiles", args->quantiles, "comma-separated quantile levels")
      ->capture_default_str();
  sub->add_option("--method", args->method, "one of: " + method_list())->capture_default_str();
  sub->add_option("--kind", args->kind,
                  "what the values are: stock, flow, share, rate or index (decides the working "
                  "scale; positive kinds are modelled on the log scale)")
      ->capture_default_str();
  sub->add_option("--prior", args->prior,
                  "default prior of short series: m3 (general, from the M3 competition), "
                  "population, flow, emissions, share or rate (learned from Swedish panels; "
                  "docs/methods.md)")
      ->capture_default_str();
  CLI::Option* pool = sub->add_flag(
      "--pool", args->pool,
      "every other series of the input is a peer; peers with a history (6 or more train values in "
      "the 15 years up to a series' last train year) give short series their variability, tail "
      "weight and drift (docs/methods.md, \"Peers\"); other peers are not used");
  sub->add_option("--pool-by", args->pool_by,
                  "with --pool: only series with the same value in this column are peers "
                  "(e.g. class)")
      ->needs(pool);
  sub->add_option("--pool-exclude", args->pool_exclude,
                  "with --pool: a series never uses peers with the same value in this column "
                  "(e.g. region: leave the region out of its own panel)")
      ->needs(pool);
  sub->add_flag("--quiet,-q", args->quiet, "no progress and no summary on standard error");
  add_run_option(sub, RunOption::seed, args->run.seed, false);
  add_run_option(sub, RunOption::paths, args->run.n_paths, false);
  add_run_option(sub, RunOption::threads, args->run.threads, false);
  sub->callback([args] {
    BatchOptions opt = args->run;
    try {  // every refused option value is a usage error naming the option as typed
      opt.method = args->method;
      opt.horizon_from_test = args->from_test;
      opt.horizon = args->horizon;
      if (!args->from_test && args->horizon == 0)
        throw InputError(Location{"", 0, 0, "--horizon"}, "--horizon H or --horizon-from-test",
                         "neither");
      const auto kind = indicator_kind_from_string(args->kind);
      if (!kind)
        throw InputError(Location{"", 0, 0, "--kind"}, "stock, flow, share, rate or index",
                         "'" + args->kind + "'");
      opt.kind = *kind;
      const auto prior = prior_class_from_string(args->prior);
      if (!prior) {
        std::string names;
        for (const auto& n : prior_class_names()) names += (names.empty() ? "" : ", ") + n;
        throw InputError(Location{"", 0, 0, "--prior"}, "one of " + names, "'" + args->prior + "'");
      }
      opt.prior_class = *prior;
      opt.pool = args->pool;
      for (char c : args->pool_exclude)
        opt.pool_exclude += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (char c : args->pool_by)
        opt.pool_by += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      parse_quantile_list(args->quantiles, opt);
      opt.check();
    } catch (const InputError& e) {
      option_error(e);
    }
    ProgressPrinter progress(args->quiet);  // after UTSIKT_PROGRESS_AFTER seconds (default 1)
    opt.progress = progress.callback();
    BatchSummary sum;
    std::vector<Diagnostic> notices;
    try {
      if (opt.pool) {  // pooling needs every series at once: the whole file is read
        const BatchInput in = read_batch_csv(args->input);
        notices = in.notices;
        sum = forecast_batch_to_csv(in, opt, args->output);
      } else {  // series by series (utsikt/engine/batch.hpp, "Streaming reading")
        sum = forecast_batch_file_to_csv(args->input, opt, args->output, &notices);
      }
    } catch (...) {
      progress.finish();
      throw;
    }
    progress.finish();
    if (!args->quiet)
      for (const Diagnostic& d : notices) std::cerr << "utsikt: note: " << d.message << "\n";
    std::cout << "utsikt forecast: " << sum.series << " series written to " << args->output << "\n";
    if (args->quiet) return;
    print_summary(sum, progress.elapsed_s());
  });
}

}  // namespace utsikt::cli
