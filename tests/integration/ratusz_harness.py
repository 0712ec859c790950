"""Starts the real `ratusz` binary on a temporary data directory and a free port, and talks
HTTP to it. Standard library only."""

import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

BIN = os.environ.get("RATUSZ_BIN", "")
SOURCE_DIR = os.environ.get(
    "RATUSZ_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DEMO_CONFIG = os.path.join(SOURCE_DIR, "config", "demo", "ratusz.toml")
# Sanitizer builds start and run slower; nothing here measures time.
START_TIMEOUT = 60
# Set by tests/integration/with_postgres.sh: every data directory then gets a database of its
# own on that server, and ratusz runs with backend = "postgresql".
POSTGRES = os.environ.get("RATUSZ_TEST_POSTGRES", "")
PSQL = os.environ.get("RATUSZ_TEST_PSQL", "psql")


def postgres_database_for(data_dir):
    """The URL of the database of a data directory on the test server, created when new."""
    name = "r_" + re.sub(r"[^a-z0-9]", "_", os.path.basename(data_dir.rstrip("/")).lower())
    exists = subprocess.run([PSQL, POSTGRES, "-tAc",
                             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if exists != "1":
        subprocess.run([PSQL, POSTGRES, "-qc", f'CREATE DATABASE "{name}"'],
                       capture_output=True, text=True, check=True)
    return POSTGRES.rsplit("/", 1)[0] + "/" + name, name


def drop_postgres_database(name):
    subprocess.run([PSQL, POSTGRES, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                   capture_output=True, text=True)


def free_port():
    """A TCP port on loopback nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout=30, what="condition"):
    """Calls `check` until it returns something true, and returns that."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)

    def xml(self):
        return ET.fromstring(self.body)

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class Ratusz:
    """One server process with its own data directory."""

    def __init__(self, config=DEMO_CONFIG, env=None, data_dir=None):
        if not BIN:
            raise RuntimeError("set RATUSZ_BIN to the ratusz executable")
        self.config = config
        self.owns_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="ratusz-it-")
        self.env = dict(os.environ)
        self.database = None
        if POSTGRES:
            url, self.database = postgres_database_for(self.data_dir)
            self.env["RATUSZ_STORAGE__BACKEND"] = "postgresql"
            self.env["RATUSZ_STORAGE__URL"] = url
        self.env.update(env or {})
        self.proc = None
        self.port = None

    def base_args(self):
        args = [BIN, "--data-dir", self.data_dir]
        if self.config:
            args += ["--config", self.config]
        return args

    def cli(self, *args, input=None, env=None, check=True):
        e = dict(self.env)
        e.update(env or {})
        result = subprocess.run(self.base_args() + list(args), input=input, capture_output=True,
                                text=True, env=e, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"ratusz {' '.join(args)} failed: {result.stderr}")
        return result

    STAFF_PASSWORD = "integration secret 1"

    def add_user(self, name, role, departments=(), jurisdictions=()):
        args = ["user", "add", name, "--role", role]
        for d in departments:
            args += ["--department", d]
        for j in jurisdictions:
            args += ["--jurisdiction", j]
        self.cli(*args, env={"RATUSZ_PASSWORD": self.STAFF_PASSWORD})

    def login(self, name):
        r = self.request("POST", "/api/v1/auth/login",
                         json.dumps({"username": name, "password": self.STAFF_PASSWORD}))
        if r.status != 200:
            raise AssertionError(f"login of {name} failed: {r}")
        return r.json()["token"]

    def api(self, method, path, token, body=None, conn=None):
        """A staff API call with a bearer token; `body` (a dict) is sent as JSON."""
        headers = {"Authorization": "Bearer " + token}
        data = None
        if body is not None:
            data = body if isinstance(body, str) else json.dumps(body)
            headers["Content-Type"] = "application/json"
        return self.request(method, "/api/v1/" + path, data, headers, conn=conn)

    def new_api_key(self, name="Integration tests"):
        return self.cli("apikey", "create", "--name", name).stdout.strip().splitlines()[-1]

    def start(self, listen="127.0.0.1:0"):
        self.proc = subprocess.Popen(self.base_args() + ["serve", "--listen", listen],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=self.env)
        deadline = time.monotonic() + START_TIMEOUT
        line = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        match = re.search(rb"listening on http://[^ ]+:(\d+)", line)
        if not match:
            err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
            self.kill()
            raise AssertionError(f"ratusz did not start: {line!r} {err}")
        self.port = int(match.group(1))
        return self

    def stop(self):
        """SIGTERM and wait; returns the exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode if self.proc else 0
        self._close_pipes()
        return code

    def kill(self):
        """SIGKILL: the process gets no chance to clean up."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._close_pipes()

    def _close_pipes(self):
        if self.proc:
            for pipe in (self.proc.stdout, self.proc.stderr):
                if pipe:
                    pipe.close()

    # --- the database, as the tests look into it -------------------------------------------

    def sql(self, query, params=(), write=False):
        """Rows of a query run on the server's database, beside ratusz (SQLite's file, or the
        PostgreSQL database): `?` parameters; integers come back as int, NULL as None."""
        if not self.database:
            path = os.path.join(self.data_dir, "ratusz.db")
            import sqlite3
            db = sqlite3.connect(path if write else f"file:{path}?mode=ro", uri=not write)
            try:
                rows = [tuple(r) for r in db.execute(query, params).fetchall()]
                db.commit()
                return rows
            finally:
                db.close()
        parts = query.split("?")
        if len(parts) != len(params) + 1:
            raise ValueError("one value for each ? of " + query)
        text = parts[0]
        for value, rest in zip(params, parts[1:]):
            literal = str(value) if isinstance(value, int) else \
                "'" + str(value).replace("'", "''") + "'"
            text += literal + rest
        result = subprocess.run([PSQL, self.env["RATUSZ_STORAGE__URL"], "-X", "-q", "-tA",
                                 "-v", "ON_ERROR_STOP=1", "-F", "\x1f", "-R", "\x1e",
                                 "-P", "null=\x01", "-c", text],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise AssertionError(f"psql: {result.stderr}")
        rows = []
        for line in result.stdout.rstrip("\n").split("\x1e"):
            if line == "":
                continue
            values = []
            for v in line.split("\x1f"):
                if v == "\x01":
                    values.append(None)
                elif re.fullmatch(r"-?\d+", v):
                    values.append(int(v))
                else:
                    values.append(v)
            rows.append(tuple(values))
        return rows

    def sql_in_backup(self, path, query):
        """Rows of a query on what `ratusz backup` wrote: a SQLite file, or PostgreSQL's dump
        restored into a database of its own."""
        if not self.database:
            import sqlite3
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                return [tuple(r) for r in db.execute(query).fetchall()]
            finally:
                db.close()
        restored = Ratusz(config=None)
        try:
            subprocess.run([os.path.join(os.path.dirname(PSQL), "pg_restore"), "--no-owner",
                            "--dbname", restored.env["RATUSZ_STORAGE__URL"], path],
                           capture_output=True, text=True, check=True)
            return restored.sql(query)
        finally:
            restored.cleanup()

    def set_schema_version(self, version):
        """Pretends a newer ratusz migrated the database."""
        if self.database:
            self.sql(f"UPDATE ratusz_schema SET version = {int(version)}", write=True)
        else:
            self.sql(f"PRAGMA user_version = {int(version)}", write=True)

    def has_database(self):
        """Whether `ratusz migrate` has created the schema."""
        if self.database:
            return bool(self.sql("SELECT 1 FROM pg_tables WHERE tablename = 'cases'"))
        return os.path.exists(os.path.join(self.data_dir, "ratusz.db"))

    def database_bytes(self):
        """Everything the database holds on disk, to search for what must not be there in
        clear: SQLite's file and write-ahead log, or PostgreSQL's dump of the database."""
        if self.database:
            return subprocess.run([os.path.join(os.path.dirname(PSQL), "pg_dump"),
                                   self.env["RATUSZ_STORAGE__URL"]],
                                  capture_output=True, check=True).stdout
        out = b""
        for name in ("ratusz.db", "ratusz.db-wal"):
            path = os.path.join(self.data_dir, name)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    out += f.read()
        return out

    def cleanup(self):
        self.kill()
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            if self.database:
                drop_postgres_database(self.database)

    # --- HTTP -----------------------------------------------------------------------------

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        try:
            if isinstance(body, str):
                body = body.encode()
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read().decode("utf-8", "replace"))
        finally:
            if own:
                conn.close()

    def get(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        return self.request("GET", path + ("?" + query if query else ""))

    def post_form(self, path, fields, headers=None):
        """fields: list of (name, value) pairs, encoded as a form body."""
        body = urllib.parse.urlencode(fields)
        h = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        h.update(headers or {})
        return self.request("POST", path, body, h)


class ServerTestCase(unittest.TestCase):
    """One server (demo city unless CONFIG is set) and one API key for a whole test class."""

    CONFIG = DEMO_CONFIG
    KEY_NAME = "Integration tests"
    ENV = None

    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz(config=cls.CONFIG, env=cls.ENV)
        cls.key = cls.server.new_api_key(cls.KEY_NAME)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()


_REPORTS = [0]


def report(api_key, jurisdiction="wroclaw.pl", service="pothole", extra=(), drop=()):
    """A valid pothole report in Wrocław as Open311 form fields; `drop` removes fields by name,
    `extra` appends (name, value) pairs. Each report gets its own spot, 60-70 m from the
    others, so that the duplicate detection does not merge the reports of unrelated tests."""
    n = _REPORTS[0]
    _REPORTS[0] += 1
    lat = 51.06 + 0.0006 * (n % 240)
    lon = 16.85 + 0.001 * ((n // 240) % 300)
    if jurisdiction == "warszawa.pl":
        lat, lon = lat + 1.12, lon + 4.01
    fields = [("api_key", api_key), ("jurisdiction_id", jurisdiction),
              ("service_code", service), ("lat", f"{lat:.6f}"), ("long", f"{lon:.6f}"),
              ("address_string", "ul. Źródłowa 5, Wrocław"),
              ("description", "Duża dziura przy przejściu"), ("attribute[size]", "large")]
    return [(k, v) for k, v in fields if k not in drop] + list(extra)


class WebSocket:
    """A minimal RFC 6455 client (standard library only): text messages, masked as a client
    must, with a timeout on every receive."""

    def __init__(self, port, path, headers=None, timeout=30):
        import base64
        import socket
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head else 0
        self.refusal = None
        if self.status != 101:
            rest = b""
            try:
                while True:
                    chunk = self.sock.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
            except OSError:
                pass
            self.refusal = rest.decode(errors="replace")
            self.sock.close()
        self.buffer = b""
        self.closed = self.status != 101

    def send(self, message):
        import struct
        data = (message if isinstance(message, str) else json.dumps(message)).encode()
        header = bytes([0x81])
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self, timeout=15):
        """The next text message as JSON; raises on close or timeout."""
        import struct
        self.sock.settimeout(timeout)
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x1:
                return json.loads(payload)
            if opcode == 0x8:
                self.closed = True
                raise ConnectionError("closed by the server")
            if opcode == 0x9:  # ping: answer with pong
                mask = os.urandom(4)
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask +
                                  bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def expect(self, predicate, timeout=15, what="a message"):
        """Reads until a message satisfies `predicate`; returns it."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                m = self.receive(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            seen.append(m)
            if predicate(m):
                return m
        raise AssertionError(f"no {what} arrived; got {seen[-10:]}")

    def close(self):
        if not self.closed:
            try:
                mask = os.urandom(4)
                self.sock.sendall(bytes([0x88, 0x82]) + mask +
                                  bytes(b ^ mask[i % 4] for i, b in enumerate(b"\x03\xe8")))
            except OSError:
                pass
        self.closed = True
        self.sock.close()
