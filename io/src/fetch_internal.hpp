// HTTP with retries and the request cache, shared by the SCB and Kolada fetchers (not part of
// the public API).
#pragma once

#include <deque>
#include <functional>
#include <string>

#include "utsikt/io/fetch.hpp"

namespace utsikt::fetching {

// Spaces requests so that at most `calls` start within any `window_s` seconds.
class RateLimiter {
 public:
  RateLimiter(int calls, double window_s) : calls_(calls), window_s_(window_s) {}
  // Waits (through options.sleep or sleep_for) until one more call is allowed, and records it.
  void acquire(const FetchOptions& options);

 private:
  double now() const;
  int calls_;
  double window_s_;
  double slept_ = 0;  // added to the clock, so a replaced sleep still advances time
  std::deque<double> starts_;
};

// Checks a response body before it is cached; throws InputError (with the URL as file) when
// it is not what was asked for (malformed or truncated JSON, another shape).
using Validator = std::function<void(const std::string& body, const std::string& url)>;

// One request through the cache: in CacheMode::use a cached body is returned; otherwise the
// server is asked (with retries), the body validated and then cached. `limiter` may be null.
std::string request(const std::string& method, const std::string& url, const std::string& body,
                    const FetchOptions& options, const Validator& validate, RateLimiter* limiter,
                    FetchRequest* info);

// As request(), but a 404 answer gives false instead of an error (optional endpoints such as
// SCB's /config); nothing is cached then.
bool request_optional(const std::string& url, const FetchOptions& options, RateLimiter* limiter,
                      std::string* body, FetchRequest* info);

// "2026-12-02T03:30:00Z".
std::string utc_now();

// Percent-encodes a URL path segment or query value.
std::string url_encode(const std::string& text);

}  // namespace utsikt::fetching
