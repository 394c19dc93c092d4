// utsikt command-line interface: parse, run, catch once, map to exit codes.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "utsikt/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"utsikt - scenario projection and forecasting for regional development targets"};
  app.set_version_flag("--version", "utsikt 0.1.0");
  app.require_subcommand(1);
  // Subcommands register here as they are built (see cli/commands.hpp).
  utsikt::cli::register_run(app);
  utsikt::cli::register_import(app);
  utsikt::cli::register_compare(app);
  utsikt::cli::register_targets(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const utsikt::InputError& e) {
    std::cerr << "utsikt: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "utsikt: internal error (please report): " << e.what() << "\n";
    return 3;
  }
  return 0;
}
