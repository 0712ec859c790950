#!/usr/bin/env python3
"""Portal benchmark (issue 7), on loopback against a release `ratusz`: residents' reports sent
as the portal sends them (POST /api/v1/public/reports, multipart), with and without a photo
(a 1600x1200 JPEG, the size the browser resizes to; the server checks it, removes its metadata,
re-encodes it and makes a thumbnail before the case is written), CONCURRENCY at a time.

Prints reports/s, p50 and p99 for each and writes them to bench/results/portal-<time>.txt and
portal-latest.json.
"""

import concurrent.futures
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from results import write_results

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RATUSZ_BIN", os.path.join(ROOT, "build", "release", "ratusz"))
REPORTS = int(os.environ.get("REPORTS", "400"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "8"))
PHOTO = os.path.join(ROOT, "tests", "integration", "data", "photo-1600x1200.jpg")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(n, photo):
    """A pothole report at its own spot (no automatic merging), as multipart."""
    boundary = "----bench" + uuid.uuid4().hex
    fields = [("service_code", "pothole"), ("lat", f"{51.06 + 0.0006 * (n % 240):.6f}"),
              ("long", f"{16.85 + 0.001 * ((n // 240) % 300):.6f}"), ("attribute[size]", "large"),
              ("description", "Głęboka dziura na pasie do skrętu w lewo, przy przejściu")]
    out = b""
    for name, value in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    if photo is not None:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; "
                f"filename=\"IMG_{n}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode()
        out += photo + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, "multipart/form-data; boundary=" + boundary


def run(port, photo, start):
    def one(n):
        data, content_type = body(start + n, photo)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        began = time.perf_counter()
        conn.request("POST", "/api/v1/public/reports", data, {"Content-Type": content_type})
        response = conn.getresponse()
        answer = response.read()
        conn.close()
        if response.status != 201:
            raise RuntimeError(f"report {n}: HTTP {response.status} {answer[:300]!r}")
        return time.perf_counter() - began

    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(CONCURRENCY) as pool:
        latencies = sorted(pool.map(one, range(REPORTS)))
    elapsed = time.perf_counter() - began
    return {
        "reports_per_s": round(REPORTS / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
    }


def main():
    if not os.path.exists(BIN):
        sys.exit(f"build the release binary first ({BIN})")
    with open(PHOTO, "rb") as f:
        photo = f.read()
    work = tempfile.mkdtemp(prefix="ratusz-portal-bench-")
    port = free_port()
    server = subprocess.Popen([BIN, "--data-dir", os.path.join(work, "data"), "serve", "--listen",
                               f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL,
                              # One address sends them all: no per-address limit here.
                              env=dict(os.environ, RATUSZ_PORTAL__REPORTS_PER_HOUR="0"))
    for line in server.stdout:  # A warning may come first (new personal-data keys).
        if b"listening on" in line:
            break
    else:
        sys.exit(f"ratusz did not start (exit code {server.wait()}); is {BIN} up to date?")
    results = {"reports": REPORTS, "concurrency": CONCURRENCY, "cores": os.cpu_count()}
    try:
        results["without_photo"] = run(port, None, 0)
        print(f"reports without a photo: {results['without_photo']}", flush=True)
        results["with_photo"] = run(port, photo, 100000)
        results["photo_bytes"] = len(photo)
        print(f"reports with a 1600x1200 photo ({len(photo)} bytes): {results['with_photo']}",
              flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(["rm", "-rf", work])
    write_results("portal", results)


if __name__ == "__main__":
    main()
