// Streaming reader of the long CSV of `utsikt forecast` (utsikt/engine/batch.hpp): the file is
// read in pieces of 1 MiB and handed out series by series, so memory does not grow with the
// file. The rules per row are those of parse_batch_csv (same messages); in addition the rows of
// a series must be together.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "batch_internal.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/engine/batch.hpp"
#include "utsikt/number.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The checks of read_text_file (same messages) without its size limit; returns the open file.
int open_input(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status))
    throw InputError(Location{path}, "an existing file", "no such file");
  if (fs::is_directory(status)) throw InputError(Location{path}, "a file", "a directory");
  if (!fs::is_regular_file(status))
    throw InputError(Location{path}, "a regular file", "a device, pipe or socket",
                     "Save the data to a file and give its path.");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw InputError(Location{path}, "a readable file", "permission denied or unreadable");
  out::note_input_file(path);  // an output may never replace it
  return fd;
}

// Bytes of a file or of a text, in pieces.
class Bytes {
 public:
  Bytes(const std::string& path, std::string_view text) : path_(path), text_(text) {
    if (!text.data()) fd_ = open_input(path);
  }
  ~Bytes() {
    if (fd_ >= 0) ::close(fd_);
  }
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;
  // The next piece; empty at the end.
  std::string_view next() {
    if (fd_ < 0) {
      const std::string_view piece = text_.substr(0, std::min(text_.size(), kChunk));
      text_.remove_prefix(piece.size());
      return piece;
    }
    buf_.resize(kChunk);
    for (;;) {
      const ssize_t n = ::read(fd_, buf_.data(), buf_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw InputError(Location{path_}, "a readable file", "a read error");
      return std::string_view(buf_.data(), static_cast<std::size_t>(n));
    }
  }

 private:
  std::string path_;
  std::string_view text_;
  int fd_ = -1;
  std::string buf_;
};

// CSV records from Bytes: the rules of parse_batch_csv's splitter (quotes, CRLF, blank lines
// skipped), one record at a time.
class Records {
 public:
  Records(const std::string& file, std::string_view text) : file_(file), bytes_(file, text) {
    fill();
    while (pos_ + 3 <= piece_.size() && piece_.substr(pos_, 3) == "\xEF\xBB\xBF") pos_ += 3;
  }
  // The first line as far as it is in the first piece (for the separator).
  std::string_view first_line() const {
    const std::string_view rest = piece_.substr(pos_);
    return rest.substr(0, rest.find('\n'));
  }
  void set_separator(char sep) { sep_ = sep; }
  // Bytes handed out so far (for progress).
  std::uint64_t consumed() const { return before_ + pos_; }
  // The next record and the line it starts on; false at the end.
  bool next(std::vector<std::string>& row, int& row_line) {
    row.clear();
    std::string field;
    bool in_quotes = false, field_started = false;
    row_line = line_;
    for (;;) {
      const int ci = get();
      if (ci < 0) {
        if (in_quotes)
          throw InputError(Location{file_, row_line, 0, ""}, "a closing quote", "end of file");
        if (!field.empty() || !row.empty() || field_started) {
          row.push_back(std::move(field));
          return true;
        }
        return false;
      }
      const char c = static_cast<char>(ci);
      if (in_quotes) {
        if (c == '"') {
          if (peek() == '"') {
            field += '"';
            get();
          } else {
            in_quotes = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == '"') {
        if (!field.empty())
          throw InputError(Location{file_, line_, static_cast<int>(row.size()) + 1, ""},
                           "a quote only at the start of a field", "a quote inside a field");
        in_quotes = true;
        field_started = true;
      } else if (c == sep_) {
        row.push_back(std::move(field));
        field.clear();
        field_started = true;
      } else if (c == '\r' && peek() == '\n') {
        continue;
      } else if (c == '\n') {
        ++line_;
        row.push_back(std::move(field));
        field.clear();
        if (row.size() == 1 && row[0].empty() && !field_started) {  // a blank line
          row.clear();
          row_line = line_;
          continue;
        }
        return true;
      } else {
        field += c;
      }
    }
  }

 private:
  void fill() {
    before_ += piece_.size();
    piece_ = bytes_.next();
    pos_ = 0;
  }
  int get() {
    if (pos_ >= piece_.size()) {
      if (piece_.empty()) return -1;
      fill();
      if (piece_.empty()) return -1;
    }
    return static_cast<unsigned char>(piece_[pos_++]);
  }
  int peek() {
    if (pos_ >= piece_.size()) {
      if (piece_.empty()) return -1;
      fill();
      if (piece_.empty()) return -1;
    }
    return static_cast<unsigned char>(piece_[pos_]);
  }

  std::string file_;
  Bytes bytes_;
  std::string_view piece_;
  std::size_t pos_ = 0;
  std::uint64_t before_ = 0;  // bytes of the pieces before piece_
  char sep_ = ',';
  int line_ = 1;
};

}  // namespace

std::vector<std::vector<std::string>> detail::split_csv(std::string_view text, char sep,
                                                        const std::string& file,
                                                        std::vector<int>& line_of) {
  Records records(file, text.data() ? text : std::string_view(""));
  records.set_separator(sep);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  int line = 0;
  while (records.next(row, line)) {
    rows.push_back(std::move(row));
    line_of.push_back(line);
  }
  return rows;
}

struct BatchSeriesReader::Impl {
  std::string file;
  std::string_view text;  // data() null: read the file
  bool check_grouping;
  Records records;
  std::vector<std::string> header;
  int c_series = 0, c_part = 0, c_time = 0, c_value = 0;
  std::vector<std::string> row;  // the row read ahead (first row of the next series)
  int row_line = 0;
  bool have_row = false;
  std::size_t count = 0;
  std::unordered_map<std::uint64_t, int> first_line_of;  // hash of id -> its first line

  Impl(const std::string& f, std::string_view t, bool check)
      : file(f), text(t), check_grouping(check), records(f, t) {}

  // The series id on `line` (re-reading from the start): to confirm a repeated id (the hash
  // alone could collide).
  std::string id_on_line(int line) const {
    Records again(file, text);
    const std::string_view head = again.first_line();
    again.set_separator(
        head.find(',') == std::string_view::npos && head.find(';') != std::string_view::npos ? ';'
                                                                                             : ',');
    std::vector<std::string> r;
    int l = 0;
    while (again.next(r, l))
      if (l == line) return static_cast<int>(r.size()) > c_series ? r[c_series] : std::string();
    return {};
  }
  void read_header();
  bool read_row() {
    have_row = records.next(row, row_line);
    if (!have_row) return false;
    if (row.size() != header.size())
      throw InputError(Location{file, row_line, 0, ""},
                       std::to_string(header.size()) + " fields as in the header",
                       std::to_string(row.size()) + " fields");
    if (row[c_series].empty())
      throw InputError(Location{file, row_line, c_series + 1, "series"}, "a series identifier",
                       "an empty field");
    return true;
  }
  void start_series(BatchSeries& s);
  void add_row(BatchSeries& s, std::map<int, int>& years, bool& test_years_ok,
               std::vector<std::pair<int, double>>& obs);
};

void BatchSeriesReader::Impl::read_header() {
  const std::string_view head = records.first_line();
  const std::string header_text(
      head.substr(0, head.size() && head.back() == '\r' ? head.size() - 1 : head.size()));
  records.set_separator(
      head.find(',') == std::string_view::npos && head.find(';') != std::string_view::npos ? ';'
                                                                                           : ',');
  int line = 0;
  if (!records.next(header, line))
    throw InputError(Location{file, 1, 0, ""}, "a header line", "an empty file");
  std::map<std::string, int> col;
  for (std::size_t j = 0; j < header.size(); ++j) {
    header[j] = lower(header[j]);
    col.emplace(header[j], static_cast<int>(j));
  }
  for (const char* need : {"series", "part", "time", "value"})
    if (!col.count(need))
      throw InputError(Location{file, 1, 0, need}, std::string("a column '") + need + "'",
                       "header '" + header_text + "'",
                       "the header must contain series,part,time,value");
  c_series = col["series"];
  c_part = col["part"];
  c_time = col["time"];
  c_value = col["value"];
  read_row();
}

void BatchSeriesReader::Impl::start_series(BatchSeries& s) {
  s = BatchSeries{row[c_series], {}, {}, 0, row_line, 0, {}};
  if (count >= kMaxStreamSeries)
    throw InputError(Location{file, row_line, c_series + 1, "series"},
                     "at most " + std::to_string(kMaxStreamSeries) + " series in one file",
                     "series '" + s.id + "', one more",
                     "Split the input into several files and run them one after another.");
  for (std::size_t j = 0; j < row.size(); ++j)
    if (static_cast<int>(j) != c_series && static_cast<int>(j) != c_part &&
        static_cast<int>(j) != c_time && static_cast<int>(j) != c_value)
      s.attributes.emplace(header[j], row[j]);
  if (!check_grouping) return;
  const auto [it, added] = first_line_of.emplace(stable_hash(s.id), row_line);
  if (added || id_on_line(it->second) != s.id) return;  // new, or only the hash is shared
  throw InputError(Location{file, row_line, c_series + 1, "series"},
                   "the rows of each series together (the file grouped by series)",
                   "series '" + s.id + "' again after other series (first on line " +
                       std::to_string(it->second) + ")",
                   "Sort the file by the series column keeping the order of the rows (e.g. "
                   "`sort -s -t, -k1,1` after the header), or use --pool, which reads the "
                   "whole file at once (at most 100000 series).");
}

void BatchSeriesReader::Impl::add_row(BatchSeries& s, std::map<int, int>& years,
                                      bool& test_years_ok,
                                      std::vector<std::pair<int, double>>& obs) {
  const std::string part = lower(row[c_part]);
  if (part != "train" && part != "test")
    throw InputError(Location{file, row_line, c_part + 1, "part"}, "'train' or 'test'",
                     "'" + row[c_part] + "'");
  if (part == "test") {
    ++s.n_test;
    const ParsedNumber ty = parse_number(row[c_time]);
    if (ty.status == NumberStatus::ok && ty.value == std::round(ty.value) &&
        std::abs(ty.value) <= 1e6)
      s.last_test_year = std::max(s.last_test_year, static_cast<int>(ty.value));
    else
      test_years_ok = false;
    return;
  }
  const ParsedNumber tp = parse_number(row[c_time]);
  if (tp.status != NumberStatus::ok || tp.value != std::round(tp.value) || std::abs(tp.value) > 1e6)
    throw InputError(Location{file, row_line, c_time + 1, "time"}, "a whole year, e.g. 2021",
                     "'" + row[c_time] + "'");
  const int year = static_cast<int>(tp.value);
  const ParsedNumber vp = parse_number(row[c_value]);
  if (vp.status == NumberStatus::invalid)
    throw InputError(Location{file, row_line, c_value + 1, "value"}, "a number or a missing marker",
                     "'" + row[c_value] + "' (" + vp.error + ")");
  if (auto prev = years.find(year); prev != years.end())
    throw InputError(Location{file, row_line, c_time + 1, "time"},
                     "one train row per series and year",
                     "year " + std::to_string(year) + " of series '" + s.id +
                         "' again (first on line " + std::to_string(prev->second) + ")");
  years.emplace(year, row_line);
  if (vp.status == NumberStatus::missing) return;
  obs.emplace_back(year, vp.value);
}

BatchSeriesReader::BatchSeriesReader(const std::string& file, std::string_view text,
                                     bool check_grouping)
    : impl_(std::make_unique<Impl>(file, text, check_grouping)) {
  impl_->read_header();
}

BatchSeriesReader::~BatchSeriesReader() = default;

const std::string& BatchSeriesReader::file() const { return impl_->file; }

std::uint64_t BatchSeriesReader::bytes_read() const { return impl_->records.consumed(); }

bool BatchSeriesReader::next(BatchSeries& s) {
  Impl& m = *impl_;
  if (!m.have_row) return false;
  m.start_series(s);
  std::map<int, int> years;  // year -> line
  bool test_years_ok = true;
  std::vector<std::pair<int, double>> obs;
  std::size_t rows = 0;
  do {
    if (++rows > kMaxBatchSeriesRows)
      throw InputError(
          Location{m.file, m.row_line, m.c_series + 1, "series"},
          "at most " + std::to_string(kMaxBatchSeriesRows) + " rows per series",
          "more for series '" + s.id + "' (first on line " + std::to_string(s.first_line) + ")");
    m.add_row(s, years, test_years_ok, obs);
  } while (m.read_row() && m.row[m.c_series] == s.id);
  ++m.count;
  std::sort(obs.begin(), obs.end());
  for (const auto& [year, value] : obs) {
    s.years.push_back(year);
    s.values.push_back(value);
  }
  if (s.years.empty())
    throw InputError(Location{m.file, s.first_line, m.c_series + 1, "series"},
                     "at least one train row with a value", "none for series '" + s.id + "'");
  if (!test_years_ok || s.n_test == 0 || s.last_test_year <= s.years.back()) s.last_test_year = 0;
  return true;
}

bool is_plain_utf8_file(const std::string& path) {
  Bytes bytes(path, std::string_view());
  std::string carry;  // an incomplete character at the end of the previous piece
  bool first = true;
  for (;;) {
    const std::string_view piece = bytes.next();
    if (piece.empty()) return carry.empty();
    std::string text = carry + std::string(piece);
    if (first) {
      // Byte order marks and signatures of other encodings and workbooks: read_text_file's
      // rules decide (UTF-8 BOMs are fine).
      if (text.rfind("PK\x03\x04", 0) == 0) return false;
      first = false;
    }
    if (text.find('\0') != std::string::npos) return false;
    // Keep back a trailing incomplete character (at most 3 bytes) for the next piece.
    std::size_t cut = text.size();
    for (std::size_t k = 1; k <= 3 && k <= text.size(); ++k) {
      const auto c = static_cast<unsigned char>(text[text.size() - k]);
      if ((c & 0xC0) == 0x80) continue;  // continuation byte: look further back
      const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (len > k) cut = text.size() - k;
      break;
    }
    if (utf8_first_invalid(std::string_view(text).substr(0, cut)) != std::string_view::npos)
      return false;
    carry = text.substr(cut);
  }
}

}  // namespace utsikt
