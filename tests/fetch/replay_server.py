#!/usr/bin/env python3
"""Local HTTP server replaying recorded API responses for utsikt's fetch tests (no internet).

    replay_server.py SCENARIO.json LOG.jsonl

Prints "PORT <n>" on the first line of standard output once it listens on 127.0.0.1, then
serves until killed. Every request is appended to LOG.jsonl as {"method", "path", "body"}.

SCENARIO.json:
  "scb": {"dataset": FILE, "metadata": FILE (optional), "table": "TAB6471",
          "config": {...} (served at /config; absent: /config answers 404)}
      /tables/<table>/metadata   the metadata file (or the dataset without values)
      /tables/<table>/data       POST {"selection": [{"variableCode", "valueCodes"}]}: the
                                 dataset sliced to the selection (JSON-stat 2.0); more cells
                                 than config.maxDataCells gives 403 like SCB.
  "routes": [{"method": "GET", "path": "/data/...?query", "responses": [R, R, ...]}]
      R = {"status": 200, "body": TEXT | "body_file": FILE, "headers": {...},
           "delay": SECONDS (sleep before answering), "truncate": BYTES (announce the full
           length, send only BYTES, close)}. Successive requests get successive responses; the
      last repeats. "{base}" in a body becomes http://127.0.0.1:<port>.
Paths of files are relative to the scenario file.
"""
import itertools
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCENARIO = json.load(open(sys.argv[1], encoding="utf-8"))
HERE = os.path.dirname(os.path.abspath(sys.argv[1]))
LOG = sys.argv[2]
LOCK = threading.Lock()
COUNTS = {}


def path_of(name):
    return name if os.path.isabs(name) else os.path.join(HERE, name)


def load(name):
    with open(path_of(name), encoding="utf-8") as f:
        return f.read()


def category_ids(dim):
    index = dim["category"].get("index")
    if isinstance(index, list):
        return index
    if isinstance(index, dict):
        return [k for k, _ in sorted(index.items(), key=lambda kv: kv[1])]
    return list(dim["category"]["label"].keys())


def slice_dataset(ds, selection):
    """The JSON-stat 2.0 dataset restricted to the selected codes of each dimension."""
    ids = ds["id"]
    chosen = {s["variableCode"]: s["valueCodes"] for s in selection}
    all_codes = [category_ids(ds["dimension"][d]) for d in ids]
    keep = []
    for d, codes in zip(ids, all_codes):
        want = chosen.get(d, codes)
        if want == ["*"]:
            want = codes
        missing = [c for c in want if c not in codes]
        if missing:
            return None, "unknown value %s of %s" % (missing[0], d)
        keep.append([codes.index(c) for c in want])
    sizes = [len(c) for c in all_codes]
    values, status = [], {}
    src_status = ds.get("status")
    for n, combo in enumerate(itertools.product(*keep)):
        flat = 0
        for i, k in zip(combo, sizes):
            flat = flat * k + i
        values.append(ds["value"][flat])
        st = None
        if isinstance(src_status, dict):
            st = src_status.get(str(flat))
        elif isinstance(src_status, list):
            st = src_status[flat]
        elif isinstance(src_status, str):
            st = src_status
        if st is not None:
            status[str(n)] = st
    out = {k: v for k, v in ds.items() if k not in ("value", "status", "dimension", "size")}
    out["size"] = [len(k) for k in keep]
    out["dimension"] = {}
    for d, k, codes in zip(ids, keep, all_codes):
        dim = json.loads(json.dumps(ds["dimension"][d]))
        sel = [codes[i] for i in k]
        dim["category"]["index"] = {c: i for i, c in enumerate(sel)}
        if "label" in dim["category"]:
            dim["category"]["label"] = {c: dim["category"]["label"].get(c, c) for c in sel}
        out["dimension"][d] = dim
    out["value"] = values
    if status:
        out["status"] = status
    return out, None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None, truncate=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        if truncate is not None:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data if truncate is None else data[:truncate])
        self.wfile.flush()
        if truncate is not None:
            self.close_connection = True

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        with LOCK:
            with open(LOG, "a", encoding="utf-8") as f:
                f.write(json.dumps({"method": method, "path": self.path, "body": body,
                                    "time": time.time()}) + "\n")
        base = "http://127.0.0.1:%d" % self.server.server_address[1]
        for route in SCENARIO.get("routes", []):
            if route.get("method", "GET") == method and route["path"] == self.path:
                with LOCK:
                    n = COUNTS.get(id(route), 0)
                    COUNTS[id(route)] = n + 1
                r = route["responses"][min(n, len(route["responses"]) - 1)]
                if r.get("delay"):
                    time.sleep(r["delay"])
                text = load(r["body_file"]) if "body_file" in r else r.get("body", "")
                self.send(r.get("status", 200), text.replace("{base}", base), r.get("headers"),
                          r.get("truncate"))
                return
        scb = SCENARIO.get("scb")
        if scb:
            table = scb.get("table", "")
            query = self.path.split("?", 1)
            if query[0] == "/config" and method == "GET":
                if "config" in scb:
                    self.send(200, json.dumps(scb["config"]))
                else:
                    self.send(404, json.dumps({"title": "Not found"}))
                return
            if query[0] == "/tables/%s/metadata" % table and method == "GET":
                if "metadata" in scb:
                    self.send(200, load(scb["metadata"]))
                else:
                    ds = json.loads(load(scb["dataset"]))
                    ds.pop("status", None)
                    ds["value"] = None
                    self.send(200, json.dumps(ds, ensure_ascii=False))
                return
            if query[0] == "/tables/%s/data" % table and method == "POST":
                ds = json.loads(load(scb["dataset"]))
                try:
                    selection = json.loads(body)["selection"]
                except (ValueError, KeyError):
                    self.send(400, json.dumps({"title": "Bad request"}))
                    return
                out, err = slice_dataset(ds, selection)
                if err:
                    self.send(400, json.dumps({"title": "Bad request", "detail": err}))
                    return
                cells = 1
                for s in out["size"]:
                    cells *= s
                limit = scb.get("config", {}).get("maxDataCells")
                if limit is not None and cells > limit:
                    self.send(403, json.dumps({"title": "Too many cells selected",
                                               "detail": "%d > %d" % (cells, limit)}))
                    return
                self.send(200, json.dumps(out, ensure_ascii=False))
                return
        self.send(404, json.dumps({"title": "Not found", "detail": self.path}))

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
