// utsikt command-line interface: parse, run, catch once, map to exit codes.
// The exit codes and the shape of the messages are the contract in docs/errors.md:
//   0 ok, 1 usage error (CLI11), 2 input error (InputError), 3 internal error (a bug).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>
#include <new>

#include "commands.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/error.hpp"

namespace {
// Text from the command line as it may appear in a message: bytes that are not UTF-8 written
// as \xFF, and at most `max` bytes (a 10 KB argument is not echoed whole).
std::string printable(std::string_view s, std::size_t max = 400) {
  std::string out;
  while (!s.empty() && out.size() < max) {
    const std::size_t bad = utsikt::utf8_first_invalid(s);
    out.append(s.substr(0, std::min(bad, s.size())));
    if (bad == std::string_view::npos) break;
    static const char* hex = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(s[bad]);
    out += std::string("\\x") + hex[b >> 4] + hex[b & 15];
    s.remove_prefix(bad + 1);
  }
  if (out.size() > max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "...";
  }
  return out;
}

// SIGINT/SIGTERM: outside an output transaction nothing is half written, so exit at once with
// 128 + the signal; inside one the writer finishes or rolls back first (utsikt::out::on_signal).
extern "C" void on_terminate(int sig) {
  if (!utsikt::out::on_signal(sig)) ::_exit(128 + sig);
}
}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) makes write() fail with EFBIG instead of killing the
  // process, so that the atomic writer can report it and clean up.
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGINT, on_terminate);
  std::signal(SIGTERM, on_terminate);
  // An output never replaces a file the command has read (docs/errors.md).
  utsikt::out::protect_inputs(true);
  CLI::App app{"utsikt - scenario projection and forecasting for regional development targets"};
  app.set_version_flag("--version", "utsikt 0.1.0");
  app.require_subcommand(1);
  // Subcommands register here as they are built (see cli/commands.hpp).
  utsikt::cli::register_run(app);
  utsikt::cli::register_forecast(app);
  utsikt::cli::register_import(app);
  utsikt::cli::register_compare(app);
  utsikt::cli::register_targets(app);
  utsikt::cli::register_report(app);
  utsikt::cli::register_serve(app);
  utsikt::cli::register_fetch(app);
  // An unknown command would otherwise be taken for an extra argument ("A subcommand is
  // required").
  if (argc > 1 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const CLI::App* s : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || s->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + s->get_name();
    }
    if (!known) {
      std::cerr << "utsikt: unknown command '" << printable(argv[1], 60) << "'; the commands are "
                << names << ".\nRun with --help for more information.\n";
      return 1;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with code 0; every real usage error is exit code 1,
    // printed as CLI11 does, with the user's text made printable and short.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << printable(e.what()) << "\nRun with --help for more information.\n";
    return 1;
  } catch (const utsikt::out::Interrupted& e) {
    std::cerr << "utsikt: interrupted (signal " << e.signal()
              << "); the outputs were left as they were before, or completely written\n";
    return 128 + e.signal();
  } catch (const utsikt::InputError& e) {
    std::cerr << "utsikt: error: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "utsikt: internal error (please report): out of memory. Fewer paths "
                 "(--paths) or a shorter horizon (horizon_end) need less.\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "utsikt: internal error (please report): " << e.what() << "\n";
    return 3;
  } catch (...) {
    std::cerr << "utsikt: internal error (please report): unknown exception\n";
    return 3;
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "utsikt: error: could not write to standard output\n";
    return 2;
  }
  return 0;
}
