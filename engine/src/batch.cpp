#include "utsikt/engine/batch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "batch_internal.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/csv_writer.hpp"
#include "utsikt/number.hpp"
#include "utsikt/rng.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string fmt_g(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

double quantile7_sorted(const std::vector<double>& v, double q) {
  const double pos = q * (static_cast<double>(v.size()) - 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// Type-7 quantile by selection (reorders v); for a few quantiles of many paths.
double quantile7_select(std::vector<double>& v, double q) {
  const double pos = q * (static_cast<double>(v.size()) - 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + lo, v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + lo + 1, v.end());
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

}  // namespace

BatchInput parse_batch_csv(std::string_view text, const std::string& file) {
  if (!is_valid_utf8(text))
    throw InputError(Location{file, 0, 0, ""}, "UTF-8 text", "bytes that are not UTF-8",
                     "convert the file to UTF-8");
  const std::size_t nl = text.find('\n');
  const std::string_view header = text.substr(0, nl);
  const char sep =
      header.find(',') == std::string_view::npos && header.find(';') != std::string_view::npos
          ? ';'
          : ',';
  std::vector<int> line_of;
  const auto rows = detail::split_csv(text, sep, file, line_of);
  if (rows.empty()) throw InputError(Location{file, 1, 0, ""}, "a header line", "an empty file");
  std::map<std::string, int> col;
  for (std::size_t j = 0; j < rows[0].size(); ++j)
    col.emplace(lower(rows[0][j]), static_cast<int>(j));
  for (const char* need : {"series", "part", "time", "value"})
    if (!col.count(need))
      throw InputError(Location{file, 1, 0, need}, std::string("a column '") + need + "'",
                       "header '" + std::string(header) + "'",
                       "the header must contain series,part,time,value");
  const int c_series = col["series"], c_part = col["part"], c_time = col["time"],
            c_value = col["value"];
  const int n_cols = static_cast<int>(rows[0].size());

  BatchInput in;
  in.file = file;
  std::unordered_map<std::string, std::size_t> index;
  std::unordered_map<std::string, std::map<int, int>> seen_years;  // id -> year -> line
  struct Obs {
    int year;
    double value;
  };
  std::vector<std::vector<Obs>> obs;
  std::vector<bool> test_years_ok;  // every test row of the series has a whole year
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const int line = line_of[r];
    if (static_cast<int>(row.size()) != n_cols)
      throw InputError(Location{file, line, 0, ""},
                       std::to_string(n_cols) + " fields as in the header",
                       std::to_string(row.size()) + " fields");
    const std::string& id = row[c_series];
    if (id.empty())
      throw InputError(Location{file, line, c_series + 1, "series"}, "a series identifier",
                       "an empty field");
    const std::string part = lower(row[c_part]);
    if (part != "train" && part != "test")
      throw InputError(Location{file, line, c_part + 1, "part"}, "'train' or 'test'",
                       "'" + row[c_part] + "'");
    auto [it, added] = index.emplace(id, in.series.size());
    if (added && in.series.size() >= kMaxSeriesPerFile) {
      // The same limit as a project's data files (utsikt/csv.hpp): the whole input is held in
      // memory while the series are forecast.
      throw InputError(Location{file, line, c_series + 1, "series"},
                       "at most " + std::to_string(kMaxSeriesPerFile) + " series in one file",
                       "series '" + id + "', one more",
                       "Split the input into several files (e.g. by region) and run them one "
                       "after another.");
    }
    if (added) {
      in.series.push_back(BatchSeries{id, {}, {}, 0, line, 0, {}});
      obs.emplace_back();
      for (std::size_t j = 0; j < row.size(); ++j)
        if (static_cast<int>(j) != c_series && static_cast<int>(j) != c_part &&
            static_cast<int>(j) != c_time && static_cast<int>(j) != c_value)
          in.series.back().attributes.emplace(lower(rows[0][j]), row[j]);
      test_years_ok.push_back(true);
    }
    BatchSeries& s = in.series[it->second];
    if (part == "test") {
      ++s.n_test;
      const ParsedNumber ty = parse_number(row[c_time]);
      if (ty.status == NumberStatus::ok && ty.value == std::round(ty.value) &&
          std::abs(ty.value) <= 1e6)
        s.last_test_year = std::max(s.last_test_year, static_cast<int>(ty.value));
      else
        test_years_ok[it->second] = false;
      continue;
    }
    const ParsedNumber tp = parse_number(row[c_time]);
    if (tp.status != NumberStatus::ok || tp.value != std::round(tp.value) ||
        std::abs(tp.value) > 1e6)
      throw InputError(Location{file, line, c_time + 1, "time"}, "a whole year, e.g. 2021",
                       "'" + row[c_time] + "'");
    const int year = static_cast<int>(tp.value);
    const ParsedNumber vp = parse_number(row[c_value]);
    if (vp.status == NumberStatus::invalid)
      throw InputError(Location{file, line, c_value + 1, "value"}, "a number or a missing marker",
                       "'" + row[c_value] + "' (" + vp.error + ")");
    auto& years = seen_years[id];
    if (auto prev = years.find(year); prev != years.end())
      throw InputError(Location{file, line, c_time + 1, "time"},
                       "one train row per series and year",
                       "year " + std::to_string(year) + " of series '" + id +
                           "' again (first on line " + std::to_string(prev->second) + ")");
    years.emplace(year, line);
    if (vp.status == NumberStatus::missing) continue;
    obs[it->second].push_back(Obs{year, vp.value});
  }
  for (std::size_t i = 0; i < in.series.size(); ++i) {
    auto& o = obs[i];
    std::sort(o.begin(), o.end(), [](const Obs& a, const Obs& b) { return a.year < b.year; });
    for (const auto& x : o) {
      in.series[i].years.push_back(x.year);
      in.series[i].values.push_back(x.value);
    }
    if (in.series[i].years.empty())
      throw InputError(Location{file, in.series[i].first_line, c_series + 1, "series"},
                       "at least one train row with a value",
                       "none for series '" + in.series[i].id + "'");
    BatchSeries& bs = in.series[i];
    if (!test_years_ok[i] || bs.n_test == 0 || bs.last_test_year <= bs.years.back())
      bs.last_test_year = 0;
  }
  return in;
}

BatchInput read_batch_csv(const std::string& path) {
  // Same reading rules as every other text input (size limit, regular files only, encodings:
  // see utsikt/csv.hpp and docs/errors.md).
  std::vector<Diagnostic> notices;
  const std::string text = read_text_file(path, kMaxCsvBytes, &notices);
  BatchInput in = parse_batch_csv(text, path);
  in.notices = std::move(notices);
  return in;
}

void parse_quantile_list(std::string_view text, BatchOptions& opt) {
  opt.quantiles.clear();
  opt.quantile_labels.clear();
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = text.find(',', pos);
    std::string item(
        text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    char* end = nullptr;
    const double q = std::strtod(item.c_str(), &end);
    if (item.empty() || end != item.c_str() + item.size() || !(q > 0 && q < 1))
      throw InputError(Location{"", 0, 0, "quantiles"},
                       "comma-separated levels strictly between 0 and 1 written with a point",
                       "'" + item + "'");
    if (!opt.quantiles.empty() && !(q > opt.quantiles.back()))
      throw InputError(Location{"", 0, 0, "quantiles"}, "increasing levels",
                       "'" + item + "' after '" + opt.quantile_labels.back() + "'");
    opt.quantiles.push_back(q);
    opt.quantile_labels.push_back(item);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
}

void BatchOptions::check() const {
  ForecastOptions fo;
  fo.method = method;
  fo.n_paths = n_paths;
  fo.seed = seed;
  fo.threads = threads;
  fo.check();
  if (!horizon_from_test && (horizon < 1 || horizon > 1000))
    throw InputError(Location{"", 0, 0, "horizon"}, "a whole number of years from 1 to 1000",
                     std::to_string(horizon));
  if (quantiles.size() != quantile_labels.size())
    throw InputError(Location{"", 0, 0, "quantiles"}, "one label per level",
                     std::to_string(quantiles.size()) + " levels and " +
                         std::to_string(quantile_labels.size()) + " labels");
  for (double q : quantiles)
    if (!(q > 0 && q < 1))
      throw InputError(Location{"", 0, 0, "quantiles"}, "levels strictly between 0 and 1",
                       fmt_g(q));
}

namespace {

// The pools of `utsikt forecast --pool` (docs/methods.md, "Peers"): members per key (the
// --pool-by column, or one pool); large pools get one prior per origin, estimated here before
// the parallel part (deterministic, independent of the thread count).
struct Pools {
  std::vector<Series> all;
  std::map<std::string, std::vector<std::size_t>> members;
  std::vector<std::string> key_of;
  std::vector<std::string> exclude_of;  // value of the pool_exclude column per series
  std::map<std::pair<std::string, int>, std::optional<ShortPrior>> shared_prior;
};

// The value of `column` (lower case) of series bs; InputError naming the option when missing.
std::string attribute(const BatchInput& input, const BatchSeries& bs, const std::string& column,
                      const char* option) {
  const auto a = bs.attributes.find(column);
  if (a == bs.attributes.end())
    throw InputError(Location{input.file, 1, 0, column},
                     "a column '" + column + "' (" + option + ")", "no such column in the header");
  return a->second;
}

Pools make_pools(const BatchInput& input, const BatchOptions& opt, const SeriesSpec& base_spec) {
  Pools P;
  P.key_of.resize(input.series.size());
  P.exclude_of.resize(input.series.size());
  P.all.reserve(input.series.size());
  for (std::size_t i = 0; i < input.series.size(); ++i) {
    const BatchSeries& bs = input.series[i];
    if (!opt.pool_by.empty()) P.key_of[i] = attribute(input, bs, opt.pool_by, "--pool-by");
    if (!opt.pool_exclude.empty())
      P.exclude_of[i] = attribute(input, bs, opt.pool_exclude, "--pool-exclude");
    Series x;
    x.indicator = bs.id;
    x.group = "total";
    x.years = bs.years;
    x.values = bs.values;
    P.all.push_back(std::move(x));
    P.members[P.key_of[i]].push_back(i);
  }
  for (const auto& [key, members] : P.members) {
    if (members.size() <= kMaxExactPool) continue;
    std::vector<const Series*> ptrs;
    for (std::size_t i : members) ptrs.push_back(&P.all[i]);
    for (std::size_t i : members) {
      const int origin = input.series[i].years.back();
      auto [it, added] = P.shared_prior.try_emplace({key, origin});
      if (added) it->second = peer_prior(ptrs, origin, base_spec);
    }
  }
  return P;
}

}  // namespace

namespace {

int target_year(const BatchSeries& bs, const BatchOptions& opt) {
  return !opt.horizon_from_test  ? bs.years.back() + opt.horizon
         : bs.last_test_year > 0 ? bs.last_test_year
                                 : bs.years.back() + bs.n_test;
}

// The paths held at once: one series per thread; refuses a run above kMaxPathBytes. max_h:
// the longest horizon of the series to do.
void check_run_memory(const std::string& file, int max_h, const BatchOptions& opt, int n_threads) {
  // The paths of the series and one column copy for the quantiles, per thread.
  const double bytes = 8.0 * opt.n_paths * (max_h + 1.0) * n_threads;
  if (bytes <= kMaxPathBytes) return;
  char found[200];
  std::snprintf(found, sizeof found, "%.3g GiB for %d threads x %d paths x %d years",
                bytes / 1073741824.0, n_threads, opt.n_paths, max_h + 1);
  throw InputError(Location{file, 0, 0, "paths"},
                   "at most 2 GiB of simulated paths held at once (threads x paths x (longest "
                   "horizon + 1) x 8 bytes)",
                   found, "Use fewer paths (--paths) or fewer threads (--threads).");
}

// Forecasts the series to do in blocks, in input order, handing each block's results to
// `sink` before the next block starts. Output does not depend on the thread count.
// long function: the parallel loop with pooling, progress and error collection in one place
void run_batch(const BatchInput& input, const BatchOptions& opt,
               const std::vector<std::size_t>& todo, std::size_t block,
               const std::function<void(std::vector<BatchResult>&)>& sink) {
  SeriesSpec base_spec;
  base_spec.kind = opt.kind;
  base_spec.prior_class = opt.prior_class;
  const Pools pool = opt.pool ? make_pools(input, opt, base_spec) : Pools{};
  const auto& all = pool.all;
  const auto& pools = pool.members;
  const auto& key_of = pool.key_of;
  const auto& shared_prior = pool.shared_prior;
  const std::size_t nq = opt.quantiles.size();
  const int n_threads =
      std::max(1, std::min<int>(resolve_threads(opt.threads), static_cast<int>(todo.size())));
  int max_h = 0;
  for (std::size_t i : todo)
    max_h = std::max(max_h, target_year(input.series[i], opt) - input.series[i].years.back());
  check_run_memory(input.file, max_h, opt, n_threads);
  std::mutex progress_mutex;
  std::size_t done = 0;
  for (std::size_t b0 = 0; b0 < todo.size(); b0 += block) {
    const std::size_t b1 = std::min(todo.size(), b0 + block);
    std::vector<BatchResult> results(b1 - b0);
    std::vector<std::exception_ptr> errors(b1 - b0);
    std::atomic<std::size_t> next{b0};
    auto work = [&] {
      std::vector<double> col;
      for (;;) {
        const std::size_t k = next.fetch_add(1);
        if (k >= b1) return;
        const BatchSeries& bs = input.series[todo[k]];
        try {
          Series s;
          s.indicator = bs.id;
          s.group = "total";
          s.years = bs.years;
          s.values = bs.values;
          SeriesSpec spec = base_spec;
          std::vector<Series> peers;
          if (opt.pool) {
            const std::size_t self = todo[k];
            const auto& members = pools.at(key_of[self]);
            if (members.size() > kMaxExactPool) {
              spec.prior = shared_prior.at({key_of[self], bs.years.back()});
              if (!spec.prior) spec.peers = &peers;  // too few usable: the class default, said
            } else {
              for (std::size_t i : members)
                if (i != self &&
                    (opt.pool_exclude.empty() || pool.exclude_of[i] != pool.exclude_of[self]))
                  peers.push_back(all[i]);
              spec.peers = &peers;
            }
          }
          ForecastOptions fo;
          fo.method = opt.method;
          fo.n_paths = opt.n_paths;
          fo.seed = opt.seed;
          fo.threads = 1;
          const SeriesForecast f =
              project_series(s, spec, target_year(bs, opt), fo, stable_hash(bs.id));
          BatchResult& r = results[k - b0];
          r.id = bs.id;
          r.method = f.model;
          r.years = f.years;
          r.reason = f.reason;
          r.diagnostics = f.diagnostics;
          const std::size_t H = f.years.size();
          r.mean.assign(H, 0.0);
          r.q.assign(H * nq, 0.0);
          col.resize(static_cast<std::size_t>(f.n_paths));
          for (std::size_t hh = 0; hh < H; ++hh) {
            for (int p = 0; p < f.n_paths; ++p) col[p] = f.at(p, static_cast<int>(hh));
            r.mean[hh] = f.point[hh];
            if (nq > 8) {
              std::sort(col.begin(), col.end());
              for (std::size_t j = 0; j < nq; ++j)
                r.q[hh * nq + j] = quantile7_sorted(col, opt.quantiles[j]);
            } else {
              for (std::size_t j = 0; j < nq; ++j)
                r.q[hh * nq + j] = quantile7_select(col, opt.quantiles[j]);
            }
          }
        } catch (const InputError& e) {
          errors[k - b0] = std::make_exception_ptr(
              InputError(Location{input.file, bs.first_line, 0, e.where().field}, e.expected(),
                         e.found() + " in series '" + bs.id + "'", e.hint()));
        } catch (...) {
          errors[k - b0] = std::current_exception();
        }
        if (opt.progress) {
          const std::lock_guard<std::mutex> lock(progress_mutex);
          opt.progress(Progress{"series", ++done, todo.size()});
        }
      }
    };
    const int threads = std::min<int>(n_threads, static_cast<int>(b1 - b0));
    if (threads <= 1) {
      work();
    } else {
      std::vector<std::thread> team;
      for (int i = 0; i < threads; ++i) team.emplace_back(work);
      for (auto& t : team) t.join();
    }
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    sink(results);
  }
}

std::vector<std::size_t> series_to_do(const BatchInput& input, const BatchOptions& opt,
                                      std::vector<std::string>* skipped) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < input.series.size(); ++i) {
    if (opt.horizon_from_test && input.series[i].n_test == 0)
      skipped->push_back(input.series[i].id);
    else
      todo.push_back(i);
  }
  return todo;
}

void write_header(CsvWriter& w, const BatchOptions& opt) {
  for (const char* h : {"series", "method", "step", "time", "mean"}) w.text(h);
  for (const auto& l : opt.quantile_labels) w.text("q" + l);
  w.end_row();
}

void write_rows(CsvWriter& w, const std::vector<BatchResult>& results, const BatchOptions& opt) {
  const std::size_t nq = opt.quantiles.size();
  for (const auto& r : results) {
    for (std::size_t h = 0; h < r.years.size(); ++h) {
      w.text(r.id)
          .text(r.method)
          .integer(static_cast<std::int64_t>(h) + 1)
          .integer(r.years[h])
          .number(r.mean[h]);
      for (std::size_t j = 0; j < nq; ++j) w.number(r.q[h * nq + j]);
      w.end_row();
    }
  }
}

// A file written in pieces: a temporary next to the destination, renamed over it by commit();
// removed if never committed.
class StreamingFile {
 public:
  explicit StreamingFile(const std::string& path) : path_(path) {
    const fs::path p(path);
    // Only a new or a regular file that is not an input is ever replaced (as write_files_atomic).
    out::check_output_destination(path);
    // Missing folders are created, and removed again if the file is never committed.
    fs::path missing;
    for (fs::path a = p.parent_path(); !a.empty(); a = a.parent_path()) {
      if (fs::exists(a)) {
        if (!fs::is_directory(a))
          throw InputError(Location{a.string()}, "an output folder", "a file that is not a folder");
        break;
      }
      missing = a;
    }
    if (!missing.empty()) {
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      if (ec)
        throw InputError(Location{path, 0, 0, "output"}, "a folder that can be created",
                         p.parent_path().string() + " (" + ec.message() + ")");
      created_ = missing.string();
    }
    // The temporary lives in a staging folder `.utsikt-txn-PID-...` next to the output, as the
    // writers' transactions do: if the process is killed while forecasting, the next run that
    // writes into this folder removes it (out::recover_interrupted), so no temporary survives.
    const std::string folder = p.parent_path().empty() ? "." : p.parent_path().string();
    out::recover_interrupted(folder);
    stage_ = (fs::path(folder) / out::staging_folder_name()).string();
    std::error_code ec;
    if (!fs::create_directory(stage_, ec) || ec) {
      errno = ec ? ec.value() : EEXIST;
      fail(stage_);
    }
    tmp_ = stage_ + "/0";
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      const int e = errno;
      fs::remove(stage_, ec);
      errno = e;
      fail(tmp_);
    }
  }
  ~StreamingFile() {
    if (fd_ >= 0) ::close(fd_);
    std::error_code ec;
    if (!committed_) ::unlink(tmp_.c_str());
    if (!stage_.empty()) fs::remove(stage_, ec);
    if (!committed_ && !created_.empty()) fs::remove_all(created_, ec);
  }
  StreamingFile(const StreamingFile&) = delete;
  StreamingFile& operator=(const StreamingFile&) = delete;
  void write(const std::string& text) {
    std::size_t off = 0;
    while (off < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + off, text.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(tmp_);
      off += static_cast<std::size_t>(n);
    }
  }
  void commit() {
    if (::fsync(fd_) != 0) fail(tmp_);
    if (::close(fd_) != 0) {
      fd_ = -1;
      fail(tmp_);
    }
    fd_ = -1;
    out::check_output_destination(path_);  // again: it may have changed while forecasting
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) fail(path_);
    committed_ = true;
  }

 private:
  [[noreturn]] void fail(const std::string& file) const {
    throw InputError(Location{file, 0, 0, "output"}, "a file that can be written",
                     std::string("an error: ") + std::strerror(errno));
  }
  std::string path_, stage_, tmp_, created_;
  int fd_ = -1;
  bool committed_ = false;
};

// Appends the rows of a block of results and counts them in the summary.
void write_block(StreamingFile& file, const std::vector<BatchResult>& results,
                 const BatchOptions& opt, BatchSummary& sum) {
  CsvWriter w;
  write_rows(w, results, opt);
  file.write(w.str());
  for (const BatchResult& r : results) {
    ++sum.series;
    std::set<std::string> codes;
    for (const Diagnostic& d : r.diagnostics)
      if (d.severity == Severity::warning) codes.insert(d.code);
    for (const std::string& c : codes) {
      ++sum.warnings[c];
      sum.warning_example.emplace(c, r.id);
    }
  }
}

}  // namespace

BatchOutput forecast_batch(const BatchInput& input, const BatchOptions& opt) {
  opt.check();
  BatchOutput out;
  const std::vector<std::size_t> todo = series_to_do(input, opt, &out.skipped);
  out.results.reserve(todo.size());
  run_batch(input, opt, todo, std::max<std::size_t>(todo.size(), 1),
            [&](std::vector<BatchResult>& block) {
              for (auto& r : block) out.results.push_back(std::move(r));
            });
  return out;
}

BatchSummary forecast_batch_to_csv(const BatchInput& input, const BatchOptions& opt,
                                   const std::string& path) {
  opt.check();
  BatchSummary sum;
  const std::vector<std::size_t> todo = series_to_do(input, opt, &sum.skipped);
  StreamingFile file(path);
  CsvWriter head;
  write_header(head, opt);
  file.write(head.str());
  const std::size_t block =
      static_cast<std::size_t>(std::max(256, 64 * std::max(1, resolve_threads(opt.threads))));
  run_batch(input, opt, todo, block,
            [&](std::vector<BatchResult>& results) { write_block(file, results, opt, sum); });
  file.commit();
  return sum;
}

BatchSummary forecast_batch_file_to_csv(const std::string& input_path, const BatchOptions& opt,
                                        const std::string& path, std::vector<Diagnostic>* notices) {
  opt.check();
  if (opt.pool) throw InternalError("forecast_batch_file_to_csv: pooling needs the whole input");
  if (!is_plain_utf8_file(input_path)) {
    BatchInput in = read_batch_csv(input_path);
    if (notices) notices->insert(notices->end(), in.notices.begin(), in.notices.end());
    return forecast_batch_to_csv(in, opt, path);
  }
  // Pass 1: every reading error, the series to do, the longest horizon.
  BatchSummary sum;
  std::size_t n_series = 0, n_todo = 0;
  int max_h = 0;
  {
    BatchSeriesReader reader(input_path);
    BatchSeries bs;
    std::error_code ec;
    const std::uint64_t size = fs::file_size(input_path, ec);
    const std::uint64_t mb = ec ? 0 : size >> 20, step = std::uint64_t{64} << 20;
    std::uint64_t next_report = step;
    while (reader.next(bs)) {
      if (opt.progress && mb > 0 && reader.bytes_read() >= next_report) {
        next_report += step;
        opt.progress(Progress{"MB read", std::min(mb, reader.bytes_read() >> 20), mb});
      }
      ++n_series;
      if (opt.horizon_from_test && bs.n_test == 0) {
        sum.skipped.push_back(bs.id);
        continue;
      }
      ++n_todo;
      max_h = std::max(max_h, target_year(bs, opt) - bs.years.back());
    }
  }
  const int n_threads =
      std::max(1, std::min<int>(resolve_threads(opt.threads), static_cast<int>(n_todo)));
  check_run_memory(input_path, max_h, opt, n_threads);
  // Pass 2: blocks of series as they are read.
  StreamingFile file(path);
  CsvWriter head;
  write_header(head, opt);
  file.write(head.str());
  const std::size_t block =
      static_cast<std::size_t>(std::max(256, 64 * std::max(1, resolve_threads(opt.threads))));
  BatchOptions bopt = opt;
  std::size_t done_before = 0;
  if (opt.progress)
    bopt.progress = [&](const Progress& p) {
      opt.progress(Progress{p.what, done_before + p.done, n_todo});
    };
  BatchInput in;
  in.file = input_path;
  std::size_t seen = 0;
  BatchSeriesReader reader(input_path, {}, false);
  for (bool more = true; more;) {
    in.series.clear();
    std::vector<std::size_t> todo;
    BatchSeries bs;
    while (todo.size() < block && (more = reader.next(bs))) {
      ++seen;
      if (opt.horizon_from_test && bs.n_test == 0) continue;
      todo.push_back(in.series.size());
      in.series.push_back(std::move(bs));
    }
    if (todo.empty()) continue;
    run_batch(in, bopt, todo, block,
              [&](std::vector<BatchResult>& results) { write_block(file, results, opt, sum); });
    done_before += todo.size();
  }
  if (seen != n_series || sum.series != n_todo)
    throw InputError(Location{input_path}, "a file that does not change while it is read",
                     std::to_string(seen) + " series on the second reading, " +
                         std::to_string(n_series) + " on the first");
  file.commit();
  return sum;
}

void write_batch_csv(const std::string& path, const BatchOutput& out, const BatchOptions& opt) {
  CsvWriter w;
  write_header(w, opt);
  write_rows(w, out.results, opt);
  out::write_file_atomic(path, w.str());
}

}  // namespace utsikt
