"""Nothing acknowledged is ever lost: restarts, and SIGKILL in the middle of concurrent load."""

import http.client
import json
import threading
import time
import unittest
import urllib.parse

from ratusz_harness import POSTGRES, Ratusz, report

W = {"jurisdiction_id": "wroclaw.pl"}


def all_requests(server):
    out = []
    page = 1
    while True:
        batch = server.get("/open311/v2/requests.json", page=page, page_size=1000, **W).json()
        out += batch
        if len(batch) < 1000:
            return out
        page += 1


class DurabilityTest(unittest.TestCase):
    def setUp(self):
        self.server = Ratusz()
        self.key = self.server.new_api_key()

    def tearDown(self):
        self.server.cleanup()

    def test_reports_survive_a_restart(self):
        self.server.start()
        r = self.server.post_form("/open311/v2/requests.json", report(self.key))
        number = r.json()[0]["service_request_id"]
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        got = self.server.get(f"/open311/v2/requests/{number}.json", **W)
        self.assertEqual(got.status, 200)
        self.assertEqual(got.json()[0]["description"], "Duża dziura przy przejściu")
        self.assertIn(number, [x["service_request_id"] for x in all_requests(self.server)])

    def test_sigkill_under_concurrent_load_loses_no_acknowledged_report(self):
        self.load_then(self.server.kill)  # SIGKILL while requests are in flight.

    def test_sigterm_under_concurrent_load_drains_and_loses_nothing(self):
        codes = []
        self.load_then(lambda: codes.append(self.server.stop()))
        self.assertEqual(codes, [0])

    def load_then(self, stop_server):
        """Sends reports from 16 connections, calls stop_server mid-way, restarts and checks
        that every acknowledged report is stored exactly once, and that retrying the others
        with their Idempotency-Key never makes a second case."""
        self.server.start()
        acknowledged = {}  # description -> case number
        sent = {}  # description -> the form fields, resent unchanged on retry
        lock = threading.Lock()
        stop = threading.Event()
        port = self.server.port

        def worker(n):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(200):  # Bounded: at most 16 x 200 requests.
                if stop.is_set():
                    break
                description = f"crash-{n}-{i}"
                fields = report(self.key, drop={"description"},
                                extra=[("description", description)])
                body = urllib.parse.urlencode(fields)
                with lock:
                    sent[description] = fields
                try:
                    conn.request("POST", "/open311/v2/requests.json", body,
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "Idempotency-Key": description})
                    resp = conn.getresponse()
                    data = resp.read()
                except (OSError, http.client.HTTPException):
                    break  # The server is gone.
                if resp.status == 200:
                    with lock:
                        acknowledged[description] = json.loads(data)[0]["service_request_id"]
            conn.close()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with lock:
                if len(acknowledged) >= 300:
                    break
            time.sleep(0.01)
        stop_server()
        stop.set()
        for t in threads:
            t.join()
        self.assertGreater(len(acknowledged), 0)

        self.server.start()
        stored = {}
        for r in all_requests(self.server):
            stored.setdefault(r["description"], []).append(r["service_request_id"])
        for description, number in acknowledged.items():
            self.assertEqual(stored.get(description), [number],
                             f"acknowledged {description} must be stored exactly once")
        # Reports that were sent but not acknowledged may or may not be stored; a client retries
        # them with the same Idempotency-Key and never gets a second case.
        unacknowledged = sorted(set(sent) - set(acknowledged))
        for description in unacknowledged[:50]:
            r = self.server.post_form("/open311/v2/requests.json", sent[description],
                                      {"Idempotency-Key": description})
            self.assertEqual(r.status, 200, r)
        stored = {}
        for r in all_requests(self.server):
            stored.setdefault(r["description"], []).append(r["service_request_id"])
        for description in list(acknowledged) + unacknowledged[:50]:
            self.assertEqual(len(stored.get(description, [])), 1, description)


if __name__ == "__main__":
    unittest.main()


@unittest.skipUnless(POSTGRES, "PostgreSQL's own: run under tests/integration/with_postgres.sh")
class PostgresConnectionsTest(unittest.TestCase):
    """PostgreSQL ends every connection of the database (a restart, an administrator's
    pg_terminate_backend): ratusz connects again and goes on; what it answered in between is a
    clear 503, nothing acknowledged is lost."""

    def setUp(self):
        self.server = Ratusz()
        self.key = self.server.new_api_key()
        self.server.start()

    def tearDown(self):
        self.server.cleanup()

    def test_the_server_connects_again_after_its_connections_end(self):
        before = self.server.post_form("/open311/v2/requests.json", report(self.key))
        self.assertEqual(before.status, 200, before)
        number = before.json()[0]["service_request_id"]
        self.assertEqual(self.server.get(f"/open311/v2/requests/{number}.json", **W).status, 200)
        ended = self.server.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        self.assertGreaterEqual(ended[0][0], 2)  # The writer's connection and a reader's.
        statuses = []
        after = None
        for _ in range(10):
            r = self.server.post_form("/open311/v2/requests.json", report(self.key))
            statuses.append(r.status)
            if r.status == 200:
                after = r.json()[0]["service_request_id"]
                break
        self.assertIsNotNone(after, statuses)
        self.assertTrue(all(s in (200, 503) for s in statuses), statuses)
        for _ in range(10):
            r = self.server.get("/open311/v2/requests.json", **W)
            if r.status == 200:
                break
            self.assertEqual(r.status, 503, r)
        numbers = [c["service_request_id"] for c in all_requests(self.server)]
        self.assertIn(number, numbers)
        self.assertIn(after, numbers)
        self.assertIsNone(self.server.proc.poll(), "ratusz is still running")
