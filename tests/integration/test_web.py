"""The web front end served as static files by the real binary: hashed assets cached for a year,
index.html revalidated with an ETag (304), gzip when there is a .gz beside a file, pages of the
single-page application answered with index.html, and nothing outside the directory ever read
(.., encoded dots, symlinks). The API and Open311 keep their paths."""

import gzip
import http.client
import os
import shutil
import socket
import tempfile
import unittest

from ratusz_harness import Ratusz


class StaticFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.top = tempfile.mkdtemp(prefix="ratusz-web-")
        cls.root = os.path.join(cls.top, "dist")
        os.makedirs(os.path.join(cls.root, "assets"))
        with open(os.path.join(cls.top, "secret.txt"), "w") as f:
            f.write("not for the web")
        with open(os.path.join(cls.root, "index.html"), "w") as f:
            f.write("<!doctype html><title>Ratusz</title><script src=/assets/index-3f2a9c1b.js>"
                    "</script>")
        cls.script = b"console.log('Ratusz');" * 50
        with open(os.path.join(cls.root, "assets", "index-3f2a9c1b.js"), "wb") as f:
            f.write(cls.script)
        with open(os.path.join(cls.root, "assets", "index-3f2a9c1b.js.gz"), "wb") as f:
            f.write(gzip.compress(cls.script))
        with open(os.path.join(cls.root, "manifest.webmanifest"), "w") as f:
            f.write('{"name": "Ratusz"}')
        os.symlink(os.path.join(cls.top, "secret.txt"), os.path.join(cls.root, "link.txt"))
        cls.server = Ratusz(env={"RATUSZ_SERVER__WEB_DIR": cls.root})
        cls.server.add_user("ala", "agent")  # The first run's notes (new keys) come here.
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.top)

    def fetch(self, path, headers=None):
        """Status, headers (lower-case names) and the body's bytes as they came."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def raw(self, target):
        """The status line of a request sent as typed, without the client normalising it."""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        return data.decode("latin-1")

    def test_index_is_revalidated_and_assets_are_immutable(self):
        status, headers, body = self.fetch("/")
        self.assertEqual(status, 200)
        self.assertIn(b"<title>Ratusz</title>", body)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertEqual(headers["cache-control"], "no-cache")
        self.assertIn("default-src 'self'", headers["content-security-policy"])
        status, _, body = self.fetch("/", {"If-None-Match": headers["etag"]})
        self.assertEqual((status, body), (304, b""))

        status, headers, body = self.fetch("/assets/index-3f2a9c1b.js")
        self.assertEqual((status, body), (200, self.script))
        self.assertEqual(headers["content-type"], "text/javascript; charset=utf-8")
        self.assertEqual(headers["cache-control"], "public, max-age=31536000, immutable")
        self.assertNotIn("content-encoding", headers)
        status, headers, body = self.fetch("/assets/index-3f2a9c1b.js",
                                           {"Accept-Encoding": "gzip, br"})
        self.assertEqual(headers.get("content-encoding"), "gzip")
        self.assertEqual(gzip.decompress(body), self.script)
        self.assertLess(len(body), len(self.script))
        status, headers, _ = self.fetch("/manifest.webmanifest")
        self.assertEqual(headers["content-type"], "application/manifest+json")

    def test_pages_of_the_application_get_index_and_missing_files_404(self):
        for page in ("/track/K7M2-QX4P", "/report", "/console/agent"):
            status, _, body = self.fetch(page)
            self.assertEqual(status, 200, page)
            self.assertIn(b"<title>Ratusz</title>", body)
        for missing in ("/assets/gone-123.js", "/favicon.ico"):
            self.assertEqual(self.server.request("GET", missing).status, 404, missing)
        self.assertEqual(self.server.request("POST", "/report", "x").status, 404)

    def test_nothing_outside_the_directory_is_read(self):
        for target in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                       "/assets/%2E%2E/%2E%2E/secret.txt", "/link.txt", "/..%5csecret.txt",
                       "/%00index.html"):
            answer = self.raw(target)
            self.assertNotIn("not for the web", answer, target)
            self.assertFalse(answer.startswith("HTTP/1.1 200"), (target, answer[:80]))

    def test_the_api_and_open311_keep_their_paths(self):
        r = self.server.request("GET", "/open311/v2/discovery.json")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.server.request("GET", "/api/v1/public/faq").status, 200)
        self.assertEqual(self.server.request("GET", "/api/v1/nothing").status, 404)
        self.assertEqual(self.server.request("GET", "/healthz").status, 200)


if __name__ == "__main__":
    unittest.main()
