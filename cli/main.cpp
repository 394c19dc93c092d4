// utsikt command-line interface: parse, run, catch once, map to exit codes.
#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"utsikt - scenario projection and forecasting for regional development targets"};
  app.set_version_flag("--version", "utsikt 0.1.0");
  CLI11_PARSE(app, argc, argv);
  return 0;
}
