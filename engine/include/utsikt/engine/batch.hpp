// Forecasting many series from one long CSV file (the library side of `utsikt forecast`).
//
// Input: a CSV with a header containing (case-insensitive, any order, other columns ignored)
//   series  an identifier (any text)
//   part    "train" or "test" (case-insensitive)
//   time    the year, a whole number
//   value   parsed with parse_number (Swedish formats; "", "..", "-" are missing)
// Rows with part=train are the observations; missing train values are gaps. Rows with part=test
// only count: with horizon_from_test the horizon of a series is its number of test rows (their
// values are never read). The separator is ',' (or ';' if the header has no ',' and a ';');
// fields may be quoted ("..." with "" for a quote); UTF-8, optional BOM, LF or CRLF.
// Errors (InputError) name the file, line, column number and column name.
//
// Output (write_batch_csv): header series,method,step,time,mean,q<level>... with one column per
// requested quantile, the level printed exactly as given ("q0.025"); one row per series and
// step, series in order of first appearance. `mean` is the point forecast, named after R
// forecast's `$mean` for comparability: SeriesForecast::point, i.e. the model's forecast at the
// estimated parameters mapped back to the original scale (on a log or logit working scale that
// is the median, not the mean) or, for a combination, the median of the paths. It is not the
// average of the paths, which on a log scale is pulled up by the right tail (M3 yearly,
// auto: sMAPE 18.0 with the path average against 17.4 with the median). The quantiles are
// type-7 quantiles of the paths. Fields are quoted by the CSV writer's rule
// (utsikt/csv_writer.hpp). Written atomically (utsikt/atomic_file.hpp).
//
// Determinism: series are processed in parallel; series i uses the random stream
// stable_hash(series id) under the master seed, so the output is identical for any number of
// threads (and does not depend on which other series are in the file).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/engine/forecast.hpp"
#include "utsikt/error.hpp"
#include "utsikt/indicator.hpp"
#include "utsikt/progress.hpp"

namespace utsikt {

// Largest pool that is estimated leaving each series out exactly (see BatchOptions::pool).
inline constexpr std::size_t kMaxExactPool = 100;

struct BatchSeries {
  std::string id;
  std::vector<int> years;      // train years with a value, increasing
  std::vector<double> values;  // train values
  int n_test = 0;              // number of part=test rows
  int first_line = 0;          // line of the first row of this series (for error messages)
  // Last year of the part=test rows when every test row has a whole year in `time` (0 if not):
  // with horizon_from_test the series is projected to this year, so test years after a gap
  // (2015, 2020-2022 after 2010) are covered.
  int last_test_year = 0;
  // Values of the other columns (lower-case name -> value) on the series' first row, e.g. the
  // `region` or `class` of a pooled panel (BatchOptions::pool_by).
  std::map<std::string, std::string> attributes;
};

struct BatchInput {
  std::string file;
  std::vector<BatchSeries> series;  // in order of first appearance
  std::vector<Diagnostic> notices;  // how the file was read (e.g. converted from Windows-1252)
};

// Reads/parses the long CSV described above. Throws InputError.
BatchInput read_batch_csv(const std::string& path);
BatchInput parse_batch_csv(std::string_view text, const std::string& file);

// Streaming reading (`utsikt forecast` without --pool, forecast_batch_file_to_csv): the file is
// read in pieces and handed out one series at a time, so memory does not depend on the file's
// size. The rows of each series must then be together (the file grouped by series, in any
// order of series; the rows within a series in any order): a series id that reappears after
// another series is an InputError naming the line and the series' first line. Bounds: a series
// has at most kMaxBatchSeriesRows rows; a file at most kMaxStreamSeries series (the check that
// ids do not reappear keeps about 40 bytes per series: 200 MB at the limit). There is no limit
// on the file's size.
inline constexpr std::size_t kMaxBatchSeriesRows = 10'000;
inline constexpr std::size_t kMaxStreamSeries = 5'000'000;

class BatchSeriesReader {
 public:
  // Reads the file `file` (the checks and messages of read_text_file, but no size limit; the
  // bytes must be UTF-8: see is_plain_utf8_file) or, when text.data() is not null, that text
  // (named `file` in messages). check_grouping: refuse a series id that reappears.
  explicit BatchSeriesReader(const std::string& file, std::string_view text = {},
                             bool check_grouping = true);
  ~BatchSeriesReader();
  BatchSeriesReader(const BatchSeriesReader&) = delete;
  BatchSeriesReader& operator=(const BatchSeriesReader&) = delete;
  // The next series (as parse_batch_csv would give it); false at the end. Throws InputError.
  bool next(BatchSeries& series);
  const std::string& file() const;
  // Bytes read so far (of the text after a byte order mark), for progress.
  std::uint64_t bytes_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether the file is UTF-8 without NUL bytes (read in pieces). Files that are not (Windows-1252,
// UTF-16, workbooks, binary data) are read whole by read_text_file, which converts or refuses
// them with its messages.
bool is_plain_utf8_file(const std::string& path);

// Defaults and bounds of paths, seed and threads: the run-option table (utsikt/engine/options.hpp).
struct BatchOptions {
  std::string method = "auto";  // "auto" or a registry name (see model_names())
  int n_paths = static_cast<int>(run_option(RunOption::paths).default_value);
  std::uint64_t seed = static_cast<std::uint64_t>(run_option(RunOption::seed).default_value);
  // Series processed in parallel, 0 = all cores; the output is identical for any number.
  int threads = static_cast<int>(run_option(RunOption::threads).default_value);
  bool horizon_from_test = false;            // horizon = number of test rows of each series
  int horizon = 0;                           // fixed horizon (years) when !horizon_from_test, >= 1
  IndicatorKind kind = IndicatorKind::rate;  // what the values are (decides working scales)
  std::vector<double> quantiles;             // levels in (0, 1), increasing
  std::vector<std::string> quantile_labels;  // as given by the user, same size
  // Prior class for short series (utsikt/engine/priors.hpp); "m3" keeps the former general prior.
  PriorClass prior_class = PriorClass::m3;
  // Pooling (docs/methods.md, "Peers"): every other series of the input is a peer of each series
  // (only their train values up to its last train year are used); with pool_by, only series with
  // the same value in that column. A series is never its own peer: groups of up to
  // kMaxExactPool series are pooled leaving the series out; larger groups share one prior per
  // forecast origin estimated from all their series (one series then weighs < 1 %).
  bool pool = false;
  std::string pool_by;  // column name (lower case), empty: one pool
  // Column (lower case) whose value a series shares with the peers it must not use, e.g. the
  // region: a region's own longer series is then never its peer (pools up to kMaxExactPool).
  std::string pool_exclude;
  // Called after each series (serialised); empty: no reports.
  ProgressCallback progress;

  // Throws InputError naming the option ("paths", "horizon", "quantiles", ...), what it must be
  // and the value given.
  void check() const;
};

// Parses "0.025,0.05,..." into levels and labels; throws InputError (field "quantiles").
void parse_quantile_list(std::string_view text, BatchOptions& opt);

struct BatchResult {
  std::string id;
  std::string method;  // model label or "combination"
  std::vector<int> years;
  std::vector<double> mean;  // point forecast per step (see above)
  std::vector<double> q;     // q[h * n_quantiles + j]
  std::string reason;
  std::vector<Diagnostic> diagnostics;
};

// Forecasts every series (those with horizon 0 are skipped and reported in skipped).
// Throws InputError for invalid options or a series project_series refuses (the message names
// the file, the series and its first line).
struct BatchOutput {
  std::vector<BatchResult> results;
  std::vector<std::string> skipped;  // series ids with no test rows under horizon_from_test
};
BatchOutput forecast_batch(const BatchInput& input, const BatchOptions& opt);

// Memory: each thread holds the paths of one series (paths x horizon x 8 bytes) while it is
// forecast; forecast_batch checks threads x the largest series against kMaxPathBytes for the
// whole run (not per series) and throws InputError (field "paths") naming what would fit.
//
// forecast_batch_to_csv: as forecast_batch + write_batch_csv, but streaming: series are
// forecast in blocks (in input order) and each block's rows are appended to a temporary file
// next to `path`, which is renamed over `path` at the end (never a half-written output; on an
// error the temporary is removed). Memory is bounded by the input plus one block of results, not
// by the output. Byte-identical to write_batch_csv(forecast_batch(...)) for any thread count.
struct BatchSummary {
  std::size_t series = 0;                              // forecast and written
  std::vector<std::string> skipped;                    // ids without test rows (horizon_from_test)
  std::map<std::string, std::size_t> warnings;         // diagnostic code -> series with it
  std::map<std::string, std::string> warning_example;  // code -> first series id with it
};
BatchSummary forecast_batch_to_csv(const BatchInput& input, const BatchOptions& opt,
                                   const std::string& path);

// forecast_batch_to_csv reading `input_path` series by series (BatchSeriesReader): a first
// pass checks the whole file (every error that reading can find is found before anything is
// forecast, as with read_batch_csv) and counts the series for the progress (reported as "MB
// read" of the file's size, every 64 MB, on large files); the second pass
// forecasts blocks of series as they are read. Memory: one block of series (max(256, 64 x
// threads)) and its results, one series' paths per thread, and the id check above; not the file.
// Byte-identical to forecast_batch_to_csv(read_batch_csv(input_path), ...) for any thread count.
// A file that is not plain UTF-8 (is_plain_utf8_file) is read whole with read_batch_csv instead
// (at most 256 MiB and 100000 series; its notices, e.g. a conversion from Windows-1252, go to
// *notices). opt.pool is not supported here (pooling needs every series: read_batch_csv).
BatchSummary forecast_batch_file_to_csv(const std::string& input_path, const BatchOptions& opt,
                                        const std::string& path,
                                        std::vector<Diagnostic>* notices = nullptr);

// Writes the output CSV atomically (write_file_atomic: missing folders are created). Throws
// InputError naming the path if it cannot.
void write_batch_csv(const std::string& path, const BatchOutput& out, const BatchOptions& opt);

}  // namespace utsikt
