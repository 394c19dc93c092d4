// utsikt serve PROJECT.toml [--port 8787] [--host 127.0.0.1] [--open] [--seed N] [--paths N]
// The what-if explorer (docs/serve.md): fits the project once, then serves the page and its
// JSON API until Ctrl-C.
#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "project_args.hpp"
#include "utsikt/scenarios/scenario.hpp"
#include "utsikt/serve/server.hpp"

namespace utsikt::cli {
namespace {

serve::Server* g_server = nullptr;

void on_signal(int) {
  if (g_server) g_server->stop();
}

struct ServeArgs {
  ProjectArgs project;
  std::string host = "127.0.0.1";
  int port = 8787;
  bool open = false;
};

}  // namespace

void register_serve(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* sub = app.add_subcommand(
      "serve", "What-if explorer in the browser: move interventions, see P(met) change");
  add_project_options(sub, args->project, "Project file (TOML) with scenarios",
                      "Language of the page: sv (default) or en");
  sub->add_option("--port", args->port, "Port to listen on (default 8787; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--host", args->host,
                  "Address to listen on (default 127.0.0.1: only this computer)");
  sub->add_flag("--open", args->open, "Open the page in the default browser");
  sub->callback([args] {
    const Project project = load_project_noting(args->project.project);
    ScenarioSet set = load_scenarios(project);
    const bool sv = args->project.language(project) == out::Lang::sv;
    std::cerr << (sv ? "Anpassar modellerna (en gång) …\n" : "Fitting the models (once) …\n");
    RunResult base = run_project(project, args->project.overrides());
    serve::Explorer explorer(project, std::move(base), std::move(set));
    serve::ServerOptions opt;
    opt.host = args->host;
    opt.port = args->port;
    serve::Server server(explorer, opt);
    server.bind();
    if (serve::exposes_network(args->host))
      std::cerr << (sv ? "VARNING: --host " + args->host +
                             " gör sidan nåbar från andra datorer i nätverket; utsikt serve har "
                             "ingen inloggning.\n"
                       : "WARNING: --host " + args->host +
                             " makes the page reachable from other computers on the network; "
                             "utsikt serve has no login.\n");
    const std::string host = args->host == "0.0.0.0" ? "127.0.0.1" : args->host;
    const std::string url = "http://" + host + ":" + std::to_string(server.port()) + "/";
    std::cout << (sv ? "Öppna " : "Open ") << url
              << (sv ? "  (avsluta med Ctrl-C)" : "  (stop with Ctrl-C)") << std::endl;
    const bool plain_host = std::all_of(host.begin(), host.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == ':' || c == '-' || c == '[' || c == ']';
    });
    if (args->open && plain_host) {
      const std::string cmd = "xdg-open '" + url + "' >/dev/null 2>&1 &";
      if (std::system(cmd.c_str()) != 0)
        std::cerr << (sv ? "Kunde inte öppna webbläsaren; öppna adressen själv.\n"
                         : "Could not open a browser; open the address yourself.\n");
    }
    g_server = &server;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    server.run();
    g_server = nullptr;
  });
}

}  // namespace utsikt::cli
