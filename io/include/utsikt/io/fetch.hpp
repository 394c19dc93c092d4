// Fetching official statistics over HTTP: SCB's PxWeb API v2 (JSON-stat 2.0) and Kolada's API
// v3, with a local cache keyed by request (docs/fetch.md).
//
// HTTP is libcurl with TLS verification on, connect and total timeouts, and retries with
// exponential backoff on 429 (honouring Retry-After), 5xx and transport failures (timeouts,
// dropped connections). SCB's limits are read from its /config endpoint (cells per request,
// calls per time window) and respected: a selection with more cells than allowed is split into
// several requests along its largest dimensions and the answers are merged into one Table.
// Kolada's paginated answers are followed (next_url / next_page) and merged.
//
// Every response is checked (HTTP status, JSON that parses, the expected shape) before it is
// stored in the cache, so a failed or truncated answer is never cached. Errors are InputError
// naming the URL as the file and what went wrong; the library never prints and never sleeps
// longer than FetchOptions allows.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "utsikt/io/import.hpp"

namespace utsikt {

// How the cache is used.
enum class CacheMode {
  use,      // a cached response is used when present, otherwise the server is asked
  refresh,  // the server is always asked and the cache updated (--refresh)
  offline,  // only the cache; a missing response is an InputError naming it (--offline)
};

struct FetchOptions {
  // Root of the API ("" = the default: SCB https://statistikdatabasen.scb.se/api/v2, Kolada
  // https://api.kolada.se/v3). Mirrors and tests point it elsewhere (--base-url).
  std::string base_url;
  std::string language = "sv";  // SCB texts: "sv" or "en"
  CacheMode cache = CacheMode::use;
  // Cache folder; "" = $XDG_CACHE_HOME/utsikt/fetch, else $HOME/.cache/utsikt/fetch.
  std::string cache_dir;
  long connect_timeout_s = 15;
  long timeout_s = 120;       // whole request
  int max_retries = 4;        // after the first attempt
  double backoff_s = 1.0;     // first wait; doubled after each failure
  double max_wait_s = 120.0;  // longest single wait (also caps Retry-After)
  std::size_t max_response_bytes = std::size_t{256} << 20;
  std::size_t max_pages = 10'000;  // Kolada pages followed at most
  // SCB limits used when the server has no /config: cells per request, calls per window.
  std::size_t default_max_cells = 150'000;
  int default_calls_per_window = 30;
  double default_window_s = 10.0;
  // Replaces std::this_thread::sleep_for (tests count the waits instead of waiting).
  std::function<void(double seconds)> sleep;
};

// One HTTP request made or read from the cache.
struct FetchRequest {
  std::string method;  // "GET" or "POST"
  std::string url;
  std::string body;       // POST body
  std::string retrieved;  // UTC time of retrieval, ISO 8601 ("2026-12-02T03:30:00Z")
  bool from_cache = false;
  int attempts = 0;  // HTTP attempts made (0 when from the cache)
};

struct FetchResult {
  Table table;                         // merged data
  std::vector<std::string> raw;        // the data responses as received (--raw)
  std::vector<FetchRequest> requests;  // metadata, config and data requests, in order
  std::string source_url;              // the first data request (provenance)
  std::string retrieved;               // earliest retrieval time of the data
};

// SCB PxWeb API v2: GET {base}/config (limits), GET {base}/tables/{table}/metadata, then POST
// {base}/tables/{table}/data with {"selection": [{"variableCode", "valueCodes"}]} in as many
// requests as the cell limit needs. `selection` criteria name dimensions and values by code or
// text (as in `utsikt import`); dimensions without a criterion take all their values.
FetchResult fetch_scb(const std::string& table, const Selection& selection,
                      const FetchOptions& options);

// Kolada API v3: GET {base}/data/kpi/{kpi}/municipality/{ids}[/year/{years}] or, for
// municipality "all", {base}/data/kpi/{kpi}/year/{years} (years required); pages followed.
// `years` is "" (all), "2020", "2000-2024" or "2019,2021".
FetchResult fetch_kolada(const std::string& kpi, const std::string& municipality,
                         const std::string& years, const FetchOptions& options);

// The cache folder that `options` use.
std::string fetch_cache_dir(const FetchOptions& options);

// The cache file of one request: {"method", "url", "body", "retrieved", "response"} in
// fetch_cache_dir, named by a hash of method, URL and body.
std::string fetch_cache_file(const FetchOptions& options, const std::string& method,
                             const std::string& url, const std::string& body);

}  // namespace utsikt
