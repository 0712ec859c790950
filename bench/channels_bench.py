#!/usr/bin/env python3
"""Channels benchmark (issue 5), on loopback against a release `ratusz`:

(a) e-mails ingested per second through `ratusz mailgate`, one process per message as a mail
    server's pipe transport runs it, one at a time and two at a time (this machine has 2 cores);
(b) notifications delivered per second from the outbox to a local SMTP server: N reports with
    an e-mail address are stored while the SMTP server is down (their "received" notices wait in
    the outbox), then the server comes up and the drain is timed until it accepted all N;
(c) an area broadcast: S addresses subscribe and confirm through their links, a supervisor
    broadcasts to all of them, and the time from the broadcast's POST until the SMTP server has
    accepted all S notices (fan-out, sealing opened, per-subscriber throttle check, sending).

Prints the figures and writes them to bench/results/channels-<time>.txt and channels-latest.json.
"""

import asyncio
import concurrent.futures
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from results import write_results

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RATUSZ_BIN", os.path.join(ROOT, "build", "release", "ratusz"))
MAILS = int(os.environ.get("MAILS", "400"))
NOTICES = int(os.environ.get("NOTICES", "2000"))
SUBSCRIBERS = int(os.environ.get("SUBSCRIBERS", "2000"))
TOKEN = "channels-bench-mail-token"
PASSWORD = "bench-password-long-enough"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """A minimal SMTP server that accepts everything and counts the messages."""

    def __init__(self, port):
        self.port = port
        self.count = 0
        self.first = None  # When the first message was accepted.
        self.links = []  # Confirmation links seen in the messages.
        self.loop = asyncio.new_event_loop()
        self.server = None

    async def handle(self, reader, writer):
        writer.write(b"220 sink ESMTP\r\n")
        in_data = False
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                if in_data:
                    if b"/confirm?key=" in line:
                        self.links.append(line.strip().decode())
                    if line == b".\r\n":
                        in_data = False
                        self.count += 1
                        if self.first is None:
                            self.first = time.perf_counter()
                        writer.write(b"250 OK queued\r\n")
                    continue
                verb = line[:4].upper()
                if verb == b"EHLO":
                    writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
                elif verb == b"DATA":
                    in_data = True
                    writer.write(b"354 go on\r\n")
                elif verb == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    await writer.drain()
                    break
                else:
                    writer.write(b"250 OK\r\n")
                await writer.drain()
        finally:
            writer.close()

    def start(self):
        async def serve():
            self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(serve(), self.loop).result()


def mail(i, reply_to=None):
    subject = f"Re: [{reply_to}] zgłoszenie" if reply_to else f"Pytanie nr {i} o wywóz śmieci"
    return (f"From: Mieszkaniec {i} <mieszkaniec{i}@example.pl>\r\nTo: 19115@wroclaw.example\r\n"
            f"Subject: {subject}\r\nMessage-ID: <bench-{i}-{time.time_ns()}@example.pl>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            "Dzień dobry,\r\nkiedy będzie odebrany wystawiony kontener? Stoi od tygodnia "
            "przy ul. Źródłowej 5.\r\nPozdrawiam\r\n").encode()


def main():
    if not os.path.exists(BIN):
        sys.exit(f"build the release binary first ({BIN})")
    work = tempfile.mkdtemp(prefix="ratusz-channels-bench-")
    port, smtp_port = free_port(), free_port()
    config = os.path.join(work, "ratusz.toml")
    with open(os.path.join(ROOT, "config", "demo", "ratusz.toml"), encoding="utf-8") as f:
        text = f.read()
    with open(config, "w", encoding="utf-8") as f:
        f.write(text + f"""
[mail]
token = "{TOKEN}"
[resident_delivery]
kind = "email"
url = "smtp://127.0.0.1:{smtp_port}"
from = "Ratusz <kontakt@ratusz.test>"
[outbox]
retry_first_seconds = 1
retry_max_seconds = 2
max_attempts = 100
""")
    base = [BIN, "--config", config, "--data-dir", os.path.join(work, "data")]
    key = subprocess.run(base + ["apikey", "create", "--name", "bench"], capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    subprocess.run(base + ["user", "add", "bench-boss", "--role", "supervisor"],
                   env=dict(os.environ, RATUSZ_PASSWORD=PASSWORD), capture_output=True,
                   text=True, check=True)
    server = subprocess.Popen(base + ["serve", "--listen", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    server.stdout.readline()
    results = {}
    try:
        # (a) mailgate, a process per message.
        env = dict(os.environ, RATUSZ_MAIL__TOKEN=TOKEN)
        gate = base + ["mailgate", "--url", f"http://127.0.0.1:{port}"]

        def deliver(i):
            r = subprocess.run(gate, input=mail(i), capture_output=True, env=env)
            if r.returncode != 0:
                raise RuntimeError(f"mailgate exit {r.returncode}: {r.stderr.decode()}")

        for workers in (1, 2):
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                list(pool.map(deliver, range(workers * 100000, workers * 100000 + MAILS)))
            elapsed = time.perf_counter() - start
            results[f"mailgate_per_s_{workers}_at_a_time"] = round(MAILS / elapsed, 1)
            print(f"mailgate, {workers} at a time: {MAILS} mails in {elapsed:.2f} s = "
                  f"{MAILS / elapsed:.1f} mails/s", flush=True)

        # (b) notices: stored while the SMTP server is down, then drained.
        def post(i):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body = urllib.parse.urlencode({
                "api_key": key, "jurisdiction_id": "wroclaw.pl", "service_code": "graffiti",
                "lat": f"{51.06 + (i % 200) * 0.0007:.6f}",
                "long": f"{16.9 + (i // 200) * 0.001:.6f}",
                "description": f"Graffiti na elewacji nr {i}",
                "email": f"mieszkaniec{i}@example.pl"})
            c.request("POST", "/open311/v2/requests.json", body,
                      {"Content-Type": "application/x-www-form-urlencoded"})
            r = c.getresponse()
            body = r.read()
            c.close()
            if r.status != 200:
                raise RuntimeError(f"POST {r.status}: {body[:200]!r}")

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(post, range(NOTICES)))
        sink = SmtpSink(smtp_port)
        start = time.perf_counter()
        sink.start()
        deadline = start + 600
        while sink.count < NOTICES and time.perf_counter() < deadline:
            time.sleep(0.05)
        end = time.perf_counter()
        # From the first accepted message: the outbox's retry wait is not the courier's speed.
        elapsed = end - (sink.first or start)
        results["notices"] = sink.count
        results["notices_per_s"] = round(sink.count / elapsed, 1)
        print(f"notices: {sink.count} e-mails accepted by the SMTP server in {elapsed:.2f} s = "
              f"{sink.count / elapsed:.1f} notices/s", flush=True)

        # (c) an area broadcast to S confirmed subscribers.
        def call(method, path, body, headers):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request(method, path, body, headers)
            r = c.getresponse()
            data = r.read()
            c.close()
            if r.status not in (200, 201, 202):
                raise RuntimeError(f"{method} {path} {r.status}: {data[:200]!r}")
            return data

        def subscribe(i):
            call("POST", "/api/v1/public/subscriptions", json.dumps({
                "address": f"subskrybent{i}@example.pl", "topics": ["events"],
                "consent_version": "2026-01"}), {"Content-Type": "application/json"})

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(subscribe, range(SUBSCRIBERS)))
        deadline = time.perf_counter() + 600
        while len(sink.links) < SUBSCRIBERS and time.perf_counter() < deadline:
            time.sleep(0.05)
        paths = [re.search(r"(/api/v1/public/subscriptions/\d+/confirm\?key=\w+)", link).group(1)
                 for link in sink.links]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda p: call("POST", p, "", {"Accept": "application/json"}), paths))
        token = json.loads(call("POST", "/api/v1/auth/login", json.dumps(
            {"username": "bench-boss", "password": PASSWORD}),
            {"Content-Type": "application/json"}))["token"]
        before = sink.count
        start = time.perf_counter()
        call("POST", "/api/v1/broadcasts", json.dumps({
            "topic": "events", "title_pl": "Koncert na Rynku",
            "text_pl": "W sobotę o 20:00 koncert; ul. Świdnicka zamknięta od 18:00."}),
            {"Content-Type": "application/json", "Authorization": "Bearer " + token})
        while sink.count < before + len(paths) and time.perf_counter() < deadline:
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        sent = sink.count - before
        results["broadcast_subscribers"] = len(paths)
        results["broadcast_seconds"] = round(elapsed, 2)
        results["broadcast_per_s"] = round(sent / elapsed, 1)
        print(f"broadcast: {sent} notices to confirmed subscribers accepted in {elapsed:.2f} s = "
              f"{sent / elapsed:.1f} notices/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(["rm", "-rf", work])
    write_results("channels", results)


if __name__ == "__main__":
    main()
