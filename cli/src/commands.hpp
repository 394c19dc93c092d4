// Subcommands of the utsikt CLI. Each register_* adds one CLI11 subcommand whose callback does
// the work by calling the library; errors propagate as exceptions and main() maps them to exit
// codes (see docs/errors.md): 0 ok, 1 usage error (CLI11), 2 input error, 3 internal error.
#pragma once

#include <CLI/CLI.hpp>

namespace utsikt::cli {

void register_run(CLI::App& app);       // utsikt run PROJECT.toml
void register_forecast(CLI::App& app);  // utsikt forecast --input LONG.csv ...
void register_import(CLI::App& app);    // utsikt import FILE ...
void register_compare(CLI::App& app);   // utsikt compare PROJECT.toml (scenarios)
void register_targets(CLI::App& app);   // utsikt targets PROJECT.toml (realistic targets, levers)
void register_report(CLI::App& app);    // utsikt report PROJECT.toml [--format html|xlsx]
void register_serve(CLI::App& app);     // utsikt serve PROJECT.toml (what-if explorer)

void register_fetch(CLI::App& app);  // utsikt fetch scb|kolada ...
}  // namespace utsikt::cli
