// utsikt import FILE [--select dim=value ...] [--indicator ID] [--output series.csv]
//
// Without --select/--output: describes the table (format, provenance, dimensions with their
// value codes and texts, notes). With them: writes the selected series as utsikt's long CSV
// (indicator,group,year,value,source), to --output (atomically) or to standard output.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/csv_writer.hpp"
#include "utsikt/error.hpp"
#include "utsikt/io/import.hpp"
#include "utsikt/number.hpp"

namespace utsikt::cli {

namespace {

struct ImportOptions {
  std::string file;
  std::vector<std::string> select;
  std::string indicator;
  std::string output;
  std::string language;
  bool nil_as_zero = false;
};

void describe(const Table& t, std::ostream& out) {
  out << "File:      " << t.file << "\n";
  out << "Format:    " << t.format << " (" << t.encoding << ")\n";
  if (!t.title.empty()) out << "Title:     " << t.title << "\n";
  if (!t.contents.empty()) out << "Contents:  " << t.contents << "\n";
  if (!t.units.empty()) out << "Units:     " << t.units << "\n";
  if (!t.provenance.source.empty()) out << "Source:    " << t.provenance.source << "\n";
  if (!t.provenance.table_id.empty()) out << "Table:     " << t.provenance.table_id << "\n";
  if (!t.provenance.updated.empty()) out << "Updated:   " << t.provenance.updated << "\n";
  if (!t.language.empty()) {
    out << "Language:  " << t.language;
    if (t.languages.size() > 1) {
      out << " (available:";
      for (const std::string& l : t.languages) out << " " << l;
      out << "; choose with --language)";
    }
    out << "\n";
  }
  std::size_t missing = 0;
  for (std::uint8_t s : t.status) missing += s != 0 ? 1 : 0;
  out << "Cells:     " << t.cell_count() << " (" << missing << " missing)\n";
  out << "\nDimensions (select with --select DIMENSION=VALUE, by code or text):\n";
  for (const Dimension& d : t.dims) {
    out << "  " << d.code;
    if (d.text != d.code) out << " \"" << d.text << "\"";
    out << ": " << d.size() << (d.size() == 1 ? " value" : " values");
    if (d.is_time) out << ", time (" << to_string(d.frequency) << ")";
    out << "\n";
    for (std::size_t i = 0; i < d.size(); ++i) {
      out << "    " << d.value_codes[i];
      if (d.value_texts[i] != d.value_codes[i]) out << "  " << d.value_texts[i];
      out << "\n";
    }
  }
  const int td = t.time_dimension();
  if (td >= 0 && t.dims[static_cast<std::size_t>(td)].frequency != TimeFrequency::yearly) {
    out << "\nNote: the time dimension is "
        << to_string(t.dims[static_cast<std::size_t>(td)].frequency)
        << "; utsikt projects yearly series only. --select exports it with a period column.\n";
  }
  bool header = false;
  for (std::uint8_t k = 0; k < t.missing_symbols.size(); ++k) {
    if (std::find(t.status.begin(), t.status.end(), static_cast<std::uint8_t>(k + 1)) ==
        t.status.end())
      continue;
    if (!header) out << "\nMissing-value symbols in the data:\n";
    header = true;
    out << "  " << t.missing_symbols[k].symbol << "  " << t.missing_symbols[k].meaning << "\n";
  }
  if (!t.provenance.notes.empty()) {
    out << "\nNotes:\n";
    for (const std::string& n : t.provenance.notes) {
      std::string indented;
      for (char c : n) {
        indented += c;
        if (c == '\n') indented += "    ";
      }
      out << "  - " << indented << "\n";
    }
  }
}

void run_import(const ImportOptions& o) {
  ReadOptions ro;
  ro.language = o.language;
  const Table t = read_table(o.file, ro);
  if (o.select.empty() && o.output.empty()) {
    describe(t, std::cout);
    return;
  }
  Selection sel = Selection::parse(o.select, "--select");
  sel.nil_as_zero = o.nil_as_zero;
  const std::string indicator = o.indicator.empty() ? default_indicator_id(t) : o.indicator;
  CsvWriter csv;
  std::size_t rows = 0, series = 0;
  const int td = t.time_dimension();
  const bool yearly =
      td >= 0 && t.dims[static_cast<std::size_t>(td)].frequency == TimeFrequency::yearly;
  if (yearly) {
    csv.row({"indicator", "group", "year", "value", "source"});
    for (const Series& s : select_series(t, sel, indicator)) {
      ++series;
      for (std::size_t i = 0; i < s.size(); ++i) {
        csv.text(s.indicator)
            .text(s.group)
            .integer(s.years[i])
            .text(format_double(s.values[i]))
            .text(s.sources.empty() ? std::string() : s.sources[i])
            .end_row();
        ++rows;
      }
    }
  } else {
    // Not projectable, but readable: the same layout with the period as written.
    csv.row({"indicator", "group", "period", "value", "source"});
    std::string source = t.provenance.source;
    if (!t.provenance.table_id.empty())
      source += (source.empty() ? "" : " ") + t.provenance.table_id;
    for (const PeriodSeries& s : select_periods(t, sel)) {
      ++series;
      for (std::size_t i = 0; i < s.periods.size(); ++i) {
        csv.text(indicator)
            .text(s.group)
            .text(s.periods[i])
            .text(format_double(s.values[i]))
            .text(source)
            .end_row();
        ++rows;
      }
    }
  }
  if (series > 0 && rows == 0) {
    std::cerr << "utsikt: note: the selected cells are all missing-value symbols; no observations "
                 "written\n";
  }
  if (o.output.empty() || o.output == "-") {
    std::cout << csv.str();
  } else {
    out::write_file_atomic(o.output, csv.str());
    std::cerr << "utsikt: wrote " << rows << " observations of " << series << " series to "
              << o.output << "\n";
  }
  if (!yearly) {
    std::cerr << "utsikt: note: the periods are "
              << (td >= 0 ? to_string(t.dims[static_cast<std::size_t>(td)].frequency) : "not time")
              << "; this file has a 'period' column and cannot be projected (utsikt projects "
                 "yearly series)\n";
  }
}

}  // namespace

void register_import(CLI::App& app) {
  auto opts = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import",
                                     "Read a PC-Axis (.px), JSON-stat or Kolada file: list its "
                                     "dimensions, or export selected series as long CSV");
  cmd->add_option("FILE", opts->file, "Table file (.px, JSON-stat .json, Kolada .json)")
      ->required();
  cmd->add_option(
         "--select,-s", opts->select,
         "DIMENSION=VALUE (code or text, case-insensitive); repeat for more dimensions or values")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--indicator", opts->indicator,
                  "Indicator id in the CSV (default: from the table id)");
  cmd->add_option("--output,-o", opts->output, "Write the CSV here (default: standard output)");
  cmd->add_option("--language", opts->language,
                  "Language of texts for PC-Axis files with several languages");
  cmd->add_flag("--nil-as-zero", opts->nil_as_zero,
                "Read the nil symbol '-' as 0 instead of a gap");
  cmd->callback([opts] { run_import(*opts); });
}

}  // namespace utsikt::cli
