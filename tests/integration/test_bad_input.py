"""Malformed, oversized and hostile input: a precise error, no crash, nothing half-written."""

import re
import socket
import time
import unittest
import urllib.parse

from ratusz_harness import ServerTestCase, report

W = {"jurisdiction_id": "wroclaw.pl"}


class BadInputTest(ServerTestCase):
    ENV = {"RATUSZ_SERVER__BODY_LIMIT": "65536",
           "RATUSZ_SERVER__READ_TIMEOUT_SECONDS": "2",
           "RATUSZ_SERVER__IDLE_TIMEOUT_SECONDS": "2"}

    def count(self):
        return len(self.server.get("/open311/v2/requests.json", **W).json())

    def rejected(self, fields, status=400, fmt="json", word=None):
        before = self.count()
        r = self.server.post_form(f"/open311/v2/requests.{fmt}", fields)
        self.assertEqual(r.status, status, (fields, r))
        if fmt == "json":
            errors = r.json()
            self.assertIsInstance(errors, list)
            self.assertTrue(all({"code", "description"} <= set(e) for e in errors))
            text = " ".join(e["description"] for e in errors)
        else:
            root = r.xml()
            self.assertEqual(root.tag, "errors")
            text = " ".join(e.text for e in root.iter("description"))
        if word:
            self.assertIn(word, text)
        self.assertEqual(self.count(), before, "a rejected report must leave nothing behind")
        return r

    def test_api_key_is_required_for_post(self):
        self.rejected(report(self.key, drop={"api_key"}), 403, "xml", "api_key")
        self.rejected(report("not-a-key"), 403, "json", "api_key")

    def test_validation_errors(self):
        k = self.key
        self.rejected(report(k, service="no-such-service"), 404, word="no-such-service")
        self.rejected(report(k, drop={"service_code"}), 400, word="service_code")
        self.rejected(report(k, drop={"lat", "long", "address_string"}), 400, word="location")
        self.rejected(report(k, drop={"long"}), 400, word="together")
        self.rejected(report(k, drop={"lat"}, extra=[("lat", "91")]), 400, word="lat")
        self.rejected(report(k, drop={"lat"}, extra=[("lat", "fifty")]), 400, word="lat")
        self.rejected(report(k, drop={"long"}, extra=[("long", "1e999")]), 400, word="long")
        self.rejected(report(k, drop={"lat"}, extra=[("lat", "52.23")]), 400, word="outside")
        self.rejected(report(k, drop={"attribute[size]"}), 400, word="attribute[size]")
        self.rejected(report(k, drop={"attribute[size]"}, extra=[("attribute[size]", "gigantic")]),
                      400, word="gigantic")
        self.rejected(report(k, extra=[("attribute[depth_cm]", "deep")]), 400, word="number")
        self.rejected(report(k, extra=[("attribute[colour]", "red")]), 400, word="colour")
        self.rejected(report(k, extra=[("attribute[size", "x")]), 400, word="attribute")
        self.rejected(report(k, service="noise", drop={"attribute[size]"},
                             extra=[("attribute[source]", "street"),
                                    ("attribute[since]", "last night")]), 400, word="date")
        self.rejected(report(k, drop={"description"}, extra=[("description", "x" * 4001)]),
                      400, word="4000")
        self.rejected(report(k, extra=[("email", "jan at example")]), 400, word="email")
        self.rejected(report(k, extra=[("media_url", "javascript:alert(1)")]), 400, word="media_url")
        self.rejected(report(k, extra=[("first_name", "Jan\x00")]), 400, word="control")

    def test_every_problem_is_listed(self):
        r = self.rejected(report(self.key, drop={"attribute[size]", "lat"},
                                 extra=[("lat", "200"), ("email", "x")]), 400, "xml")
        self.assertEqual(len(r.xml().findall("error")), 3)

    def test_polish_description_of_4000_characters_is_fine(self):
        before = self.count()
        r = self.server.post_form("/open311/v2/requests.json",
                                  report(self.key, drop={"description"},
                                         extra=[("description", "ż" * 4000)]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.count(), before + 1)

    def test_bad_bytes(self):
        before = self.count()
        raw = urllib.parse.urlencode(report(self.key)) + "&description=%C5%28bad"
        r = self.server.request("POST", "/open311/v2/requests.json", raw,
                                {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)
        self.assertIn("UTF-8", r.json()[0]["description"])
        r = self.server.request("POST", "/open311/v2/requests.json",
                                urllib.parse.urlencode(report(self.key)) + "&x=%G1",
                                {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)
        r = self.server.request("POST", "/open311/v2/requests.json", '{"service_code": "pothole"}',
                                {"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        self.assertIn("x-www-form-urlencoded", r.json()[0]["description"])
        self.assertEqual(self.count(), before)

    def test_oversized_body(self):
        before = self.count()
        fields = report(self.key, drop={"description"}, extra=[("description", "x" * 70000)])
        r = self.server.post_form("/open311/v2/requests.xml", fields)
        self.assertEqual(r.status, 413)
        self.assertEqual(r.xml().find("error/code").text, "413")
        self.assertEqual(self.count(), before)

    def test_too_many_or_too_large_headers(self):
        headers = {f"X-Padding-{i}": "y" * 100 for i in range(300)}
        r = self.server.request("GET", "/open311/v2/services.json?jurisdiction_id=wroclaw.pl",
                                headers=headers)
        self.assertEqual(r.status, 431)
        self.assertEqual(r.json()[0]["code"], 431)

    def test_too_many_parameters(self):
        r = self.server.get("/open311/v2/requests.json", **W, **{f"p{i}": "1" for i in range(600)})
        self.assertEqual(r.status, 400)
        self.assertIn("too many", r.json()[0]["description"])

    def test_garbage_on_the_socket(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n")
            answer = s.recv(4096)
        self.assertTrue(answer.startswith(b"HTTP/1.1 400"), answer)
        self.assertEqual(self.server.get("/healthz").status, 200)

    def test_slow_half_sent_request_is_cut_off(self):
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
            s.sendall(b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
                      b"api_key=")
            data = s.recv(4096)  # The server closes the connection after its read timeout.
        self.assertEqual(data, b"")
        self.assertLess(time.monotonic() - started, 25)
        self.assertEqual(self.server.get("/healthz").status, 200)

    def test_idle_keep_alive_connection_is_closed(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            first = s.recv(4096)
            self.assertIn(b"200 OK", first)
            self.assertEqual(s.recv(4096), b"")  # Closed after the idle timeout.

    def test_pipelined_requests_are_answered_in_order(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", data)
        self.assertEqual(statuses, [b"200", b"404", b"200"])

    def test_bad_update_requests(self):
        r = self.server.post_form("/open311/v2/servicerequestupdates.json",
                                  [("api_key", self.key), ("jurisdiction_id", "wroclaw.pl")])
        self.assertEqual(r.status, 400)
        fields = {e["description"].split(" ")[0] for e in r.json()}
        self.assertEqual(fields, {"service_request_id", "update_id", "status", "updated_datetime"})
        r = self.server.post_form("/open311/v2/servicerequestupdates.json",
                                  [("jurisdiction_id", "wroclaw.pl"), ("service_request_id", "x")])
        self.assertEqual(r.status, 403)


if __name__ == "__main__":
    unittest.main()
