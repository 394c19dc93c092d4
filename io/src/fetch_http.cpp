// HTTP (libcurl) with timeouts, retries and backoff, a rate limiter, and the request cache.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "fetch_internal.hpp"
#include "import_internal.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/rng.hpp"

namespace utsikt::fetching {

namespace {

using json = nlohmann::json;

struct Reply {
  CURLcode code = CURLE_OK;
  std::string curl_error;
  long status = 0;
  std::string body;
  double retry_after = -1;  // seconds, -1 when not given
  bool too_large = false;
};

struct WriteState {
  std::string* body;
  std::size_t limit;
  bool* too_large;
};

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* st = static_cast<WriteState*>(user);
  const std::size_t bytes = size * n;
  if (st->body->size() + bytes > st->limit) {
    *st->too_large = true;
    return 0;  // aborts the transfer
  }
  st->body->append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  const std::size_t bytes = size * n;
  std::string line(data, bytes);
  const std::size_t colon = line.find(':');
  if (colon != std::string::npos &&
      importer::fold(importer::trim(line.substr(0, colon))) == "retry-after") {
    const std::string v(importer::trim(line.substr(colon + 1)));
    char* end = nullptr;
    const double s = std::strtod(v.c_str(), &end);
    if (end != v.c_str() && *end == '\0' && std::isfinite(s) && s >= 0) {
      *static_cast<double*>(user) = s;
    }
  }
  return bytes;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Reply perform(const std::string& method, const std::string& url, const std::string& body,
              const FetchOptions& o) {
  global_init();
  Reply r;
  CURL* curl = curl_easy_init();
  if (!curl) throw InternalError("curl_easy_init failed");
  char err[CURL_ERROR_SIZE] = {0};
  WriteState st{&r.body, o.max_response_bytes, &r.too_large};
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  if (method == "POST") headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "utsikt (https://github.com/utsikt)");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, o.timeout_s);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.retry_after);
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  r.code = curl_easy_perform(curl);
  r.curl_error = err[0] != '\0' ? err : curl_easy_strerror(r.code);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return r;
}

bool retryable(CURLcode c) {
  switch (c) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

void pause(const FetchOptions& o, double seconds) {
  if (seconds <= 0) return;
  if (o.sleep) {
    o.sleep(seconds);
  } else {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  }
}

// What a server said in an error body (SCB: problem JSON with title/detail), shortened.
std::string error_text(const std::string& body) {
  try {
    const json j = json::parse(body);
    std::string s;
    for (const char* k : {"title", "detail", "message", "error"}) {
      if (j.is_object() && j.contains(k) && j[k].is_string()) {
        s += (s.empty() ? "" : ": ") + j[k].get<std::string>();
      }
    }
    if (!s.empty()) return importer::quote_excerpt(s, 200);
  } catch (const json::exception&) {
  }
  return body.empty() ? std::string("an empty body") : importer::quote_excerpt(body, 120);
}

// long function: the retry loop with every outcome of one attempt spelled out
std::string fetch_with_retries(const std::string& method, const std::string& url,
                               const std::string& body, const FetchOptions& o, RateLimiter* limiter,
                               int* attempts, bool allow_404, bool* not_found) {
  const Location where{url, 0, 0, method};
  double backoff = o.backoff_s;
  std::string last;
  for (int attempt = 0; attempt <= o.max_retries; ++attempt) {
    if (limiter) limiter->acquire(o);
    *attempts = attempt + 1;
    const Reply r = perform(method, url, body, o);
    double wait = std::min(backoff, o.max_wait_s);
    backoff *= 2;
    if (r.too_large) {
      throw InputError(where,
                       "a response of at most " + std::to_string(o.max_response_bytes) + " bytes",
                       "a larger response", "select fewer values (--select) or fewer years");
    }
    if (r.code != CURLE_OK) {
      last = r.curl_error;
      if (!retryable(r.code)) {
        throw InputError(
            where, "an HTTP response", "a failure: " + r.curl_error,
            r.code == CURLE_PEER_FAILED_VERIFICATION || r.code == CURLE_SSL_CONNECT_ERROR
                ? "the server's TLS certificate could not be verified; utsikt does "
                  "not turn verification off"
                : "check the address (--base-url) and the network");
      }
    } else if (r.status == 200) {
      return r.body;
    } else if (r.status == 404 && allow_404) {
      *not_found = true;
      return {};
    } else if (r.status == 429) {
      last = "HTTP 429 Too Many Requests";
      if (r.retry_after >= 0) wait = std::min(r.retry_after, o.max_wait_s);
    } else if (r.status >= 500) {
      last = "HTTP " + std::to_string(r.status) + " (" + error_text(r.body) + ")";
    } else {
      throw InputError(
          where, "HTTP 200", "HTTP " + std::to_string(r.status) + " (" + error_text(r.body) + ")",
          r.status == 404 ? "check the table or KPI id and the --base-url" : "check the selection");
    }
    if (attempt < o.max_retries) pause(o, wait);
  }
  throw InputError(where, "HTTP 200",
                   last + " after " + std::to_string(o.max_retries + 1) + " attempts",
                   "the server is busy or down; try again later (responses already received "
                   "are cached)");
}

std::string cache_path(const FetchOptions& o, const std::string& method, const std::string& url,
                       const std::string& body) {
  return fetch_cache_file(o, method, url, body);
}

// The cached body of the request, if there is one for exactly this request.
bool read_cache(const std::string& path, const std::string& method, const std::string& url,
                const std::string& body, std::string* out, std::string* retrieved) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    const json j = json::parse(ss.str());
    if (j.value("method", "") != method || j.value("url", "") != url ||
        j.value("body", "") != body || !j.contains("response") || !j["response"].is_string()) {
      return false;
    }
    *out = j["response"].get<std::string>();
    *retrieved = j.value("retrieved", "");
    return true;
  } catch (const json::exception&) {
    return false;  // a damaged entry is fetched again
  }
}

void write_cache(const std::string& path, const std::string& method, const std::string& url,
                 const std::string& body, const std::string& response,
                 const std::string& retrieved) {
  json j;
  j["method"] = method;
  j["url"] = url;
  j["body"] = body;
  j["retrieved"] = retrieved;
  j["response"] = response;
  out::write_file_atomic(path, j.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

double RateLimiter::now() const {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count() + slept_;
}

void RateLimiter::acquire(const FetchOptions& options) {
  if (calls_ <= 0 || window_s_ <= 0) return;
  while (!starts_.empty() && now() - starts_.front() >= window_s_) starts_.pop_front();
  if (static_cast<int>(starts_.size()) >= calls_) {
    const double wait = window_s_ - (now() - starts_.front());
    pause(options, wait);
    if (options.sleep) slept_ += wait;
    starts_.pop_front();
  }
  starts_.push_back(now());
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string request(const std::string& method, const std::string& url, const std::string& body,
                    const FetchOptions& options, const Validator& validate, RateLimiter* limiter,
                    FetchRequest* info) {
  FetchRequest req{method, url, body, "", false, 0};
  const std::string path = cache_path(options, method, url, body);
  std::string text;
  if (options.cache != CacheMode::refresh &&
      read_cache(path, method, url, body, &text, &req.retrieved)) {
    req.from_cache = true;
    if (info) *info = req;
    return text;
  }
  if (options.cache == CacheMode::offline) {
    throw InputError(Location{url, 0, 0, "--offline"}, "a cached response to " + method + " " + url,
                     "none in " + fetch_cache_dir(options),
                     "run the same command once without --offline to fetch it");
  }
  bool not_found = false;
  text = fetch_with_retries(method, url, body, options, limiter, &req.attempts, false, &not_found);
  req.retrieved = utc_now();
  if (validate) validate(text, url);
  write_cache(path, method, url, body, text, req.retrieved);
  if (info) *info = req;
  return text;
}

bool request_optional(const std::string& url, const FetchOptions& options, RateLimiter* limiter,
                      std::string* body, FetchRequest* info) {
  FetchRequest req{"GET", url, "", "", false, 0};
  const std::string path = cache_path(options, "GET", url, "");
  if (options.cache != CacheMode::refresh &&
      read_cache(path, "GET", url, "", body, &req.retrieved)) {
    req.from_cache = true;
    if (info) *info = req;
    return true;
  }
  if (options.cache == CacheMode::offline) return false;
  bool not_found = false;
  *body = fetch_with_retries("GET", url, "", options, limiter, &req.attempts, true, &not_found);
  if (not_found) return false;
  if (!json::accept(*body)) return false;  // an optional answer that is not JSON: ignored
  req.retrieved = utc_now();
  write_cache(path, "GET", url, "", *body, req.retrieved);
  if (info) *info = req;
  return true;
}

}  // namespace utsikt::fetching

namespace utsikt {

std::string fetch_cache_file(const FetchOptions& options, const std::string& method,
                             const std::string& url, const std::string& body) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(stable_hash(method + "\n" + url + "\n" + body)));
  return fetch_cache_dir(options) + "/" + hex + ".json";
}

std::string fetch_cache_dir(const FetchOptions& options) {
  if (!options.cache_dir.empty()) return options.cache_dir;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) {
    return std::string(x) + "/utsikt/fetch";
  }
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/utsikt/fetch";
  return ".utsikt-cache/fetch";
}

}  // namespace utsikt
