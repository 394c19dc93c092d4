#include "utsikt/serve/server.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>

#include "utsikt/error.hpp"

namespace utsikt::serve {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A token bucket: `rate` tokens a second, at most 2 * rate stored.
class RateLimit {
 public:
  explicit RateLimit(double rate) : rate_(rate), tokens_(2 * rate) {}
  bool take() {
    std::lock_guard<std::mutex> lock(m_);
    const auto now = std::chrono::steady_clock::now();
    tokens_ =
        std::min(2 * rate_, tokens_ + rate_ * std::chrono::duration<double>(now - last_).count());
    last_ = now;
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

 private:
  std::mutex m_;
  double rate_, tokens_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

void send_error(httplib::Response& res, const ApiError& e) {
  res.status = e.status();
  res.set_content(error_json(e), "application/json; charset=utf-8");
}

void send(httplib::Response& res, const Response& r) {
  res.status = r.status;
  if (!r.filename.empty())
    res.set_header("Content-Disposition", "attachment; filename=\"" + r.filename + "\"");
  res.set_content(r.body, r.content_type.c_str());
}

}  // namespace

bool host_allowed(const std::string& host_header, const std::string& bound_host, int port) {
  const std::string h = lower(host_header);
  const std::string p = ":" + std::to_string(port);
  std::vector<std::string> names = {"localhost", "127.0.0.1", "[::1]"};
  const std::string b = lower(bound_host);
  if (b.find(':') != std::string::npos && b.front() != '[')
    names.push_back("[" + b + "]");
  else
    names.push_back(b);
  for (const std::string& n : names)
    if (h == n + p || (port == 80 && h == n)) return true;
  if (exposes_network(bound_host) && (b == "0.0.0.0" || b == "::")) {
    // Bound to every interface: any IPv4 address literal with the port (not a name).
    if (h.size() <= p.size() || h.compare(h.size() - p.size(), p.size(), p) != 0) return false;
    const std::string ip = h.substr(0, h.size() - p.size());
    int dots = 0;
    for (char c : ip) {
      if (c == '.')
        ++dots;
      else if (c < '0' || c > '9')
        return false;
    }
    return dots == 3;
  }
  return false;
}

bool exposes_network(const std::string& host) {
  const std::string h = lower(host);
  return !(h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0);
}

struct Server::Impl {
  Explorer& explorer;
  ServerOptions opt;
  httplib::Server http;
  RateLimit limit;
  int port = 0;
  Impl(Explorer& e, ServerOptions o) : explorer(e), opt(std::move(o)), limit(opt.rate) {}

  // Runs one API handler: ApiError and InputError become 400-class JSON, anything else 500.
  template <class F>
  void api(httplib::Response& res, F&& f) {
    try {
      send(res, f());
    } catch (const ApiError& e) {
      send_error(res, e);
    } catch (const InputError& e) {
      send_error(res, ApiError(400, e.where().field, e.what()));
    } catch (const std::exception& e) {
      send_error(res, ApiError(500, "", std::string("internal error: ") + e.what()));
    }
  }

  void routes() {
    http.set_payload_max_length(opt.max_body);
    // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, with which a second server
    // (or another program) could bind the same port and share the requests.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
    });
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Cache-Control", "no-store");
      if (!host_allowed(req.get_header_value("Host"), opt.host, port)) {
        send_error(res, ApiError(403, "Host",
                                 "expected the Host header to name this server (" + opt.host + ":" +
                                     std::to_string(port) + " or localhost), found \"" +
                                     req.get_header_value("Host") + "\""));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.path.rfind("/api/", 0) == 0 && !limit.take()) {
        send_error(res, ApiError(429, "", "too many requests; try again in a second"));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Get("/api/project", [this](const httplib::Request&, httplib::Response& res) {
      api(res, [&] { return explorer.project_info(); });
    });
    auto post = [this](const char* path, Response (Explorer::*fn)(const std::string&)) {
      http.Post(path, [this, fn](const httplib::Request& req, httplib::Response& res) {
        api(res, [&] { return (explorer.*fn)(req.body); });
      });
    };
    post("/api/evaluate", &Explorer::evaluate);
    post("/api/sensitivity", &Explorer::sensitivity);
    post("/api/scenario.toml", &Explorer::scenario_toml);
    post("/api/report", &Explorer::report);
    http.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
      const Asset* a = find_asset(req.path);
      if (!a) {
        send_error(res, ApiError(404, "path", "no such page: " + req.path));
        return;
      }
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                     "script-src 'self'; frame-ancestors 'none'");
      res.set_content(reinterpret_cast<const char*>(a->data), a->size, a->content_type);
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 413)
        send_error(res, ApiError(413, "", "request body too large"));
      else if (res.status == 404 || res.status == 405)
        send_error(
            res, ApiError(res.status, "path", "no such endpoint: " + req.method + " " + req.path));
    });
  }
};

Server::Server(Explorer& explorer, ServerOptions options)
    : impl_(std::make_unique<Impl>(explorer, std::move(options))) {
  impl_->routes();
}

Server::~Server() { stop(); }

void Server::bind() {
  const auto& o = impl_->opt;
  if (o.port < 0 || o.port > 65535)
    throw InputError(Location{"", 0, 0, "--port"}, "a port from 0 to 65535",
                     std::to_string(o.port));
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
    if (impl_->port <= 0)
      throw InputError(Location{"", 0, 0, "--host"}, "an address of this machine to listen on",
                       "\"" + o.host + "\" (cannot bind)");
  } else {
    if (!impl_->http.bind_to_port(o.host, o.port))
      throw InputError(Location{"", 0, 0, "--port"}, "a free port on " + o.host,
                       std::to_string(o.port) + " (in use, or the address is not this machine's)");
    impl_->port = o.port;
  }
}

int Server::port() const { return impl_->port; }

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() {
  if (impl_ && impl_->http.is_running()) impl_->http.stop();
}

}  // namespace utsikt::serve
