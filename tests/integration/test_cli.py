"""The ratusz command line, staff accounts and sessions, health endpoints, start-up failures."""

import os
import socket
import tempfile
import unittest

from ratusz_harness import BIN, SOURCE_DIR, Ratusz, report

W = {"jurisdiction_id": "wroclaw.pl"}


class CliTest(unittest.TestCase):
    def setUp(self):
        self.server = Ratusz()

    def tearDown(self):
        self.server.cleanup()

    def test_version_and_help(self):
        self.assertRegex(self.server.cli("version").stdout, r"^ratusz \d+\.\d+\.\d+ \(database schema \d+\)")
        for sub in ("serve", "migrate", "user", "apikey", "backup"):
            out = self.server.cli(sub, "--help").stdout
            self.assertIn("--help", out)
        self.assertIn("--data-dir", self.server.cli("--help").stdout)

    def test_the_demo_knowledge_base_is_imported_once(self):
        demo = os.path.join(SOURCE_DIR, "config", "demo", "knowledge_base.json")
        self.assertIn("60 article(s) published, 0 already there",
                      self.server.cli("kb", "import", demo).stdout)
        self.assertIn("0 article(s) published, 60 already there",
                      self.server.cli("kb", "import", demo).stdout)
        bad = os.path.join(self.server.data_dir, "bad.json")
        for text, message in (('{"title_pl": "x"}', "not a JSON array"),
                              ('[{"title_pl": "Bez treści", "owner_unit": "sanitation"}]',
                               "article 1: body_pl is required")):
            with open(bad, "w", encoding="utf-8") as f:
                f.write(text)
            failed = self.server.cli("kb", "import", bad, check=False)
            self.assertNotEqual(failed.returncode, 0)
            self.assertIn(message, failed.stderr)
        self.server.start()
        r = self.server.get("/api/v1/public/faq", q="śmieci")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["articles"], "the demo FAQ answers")
        internal = self.server.get("/api/v1/public/faq", q="procedura 112")
        self.assertNotIn("Procedura", " ".join(a["title"] for a in internal.json()["articles"]))

    def test_migrate_creates_the_database(self):
        out = self.server.cli("migrate").stdout
        self.assertIn("schema is at version", out)
        self.assertTrue(self.server.has_database())
        self.assertIn("0 migration(s) applied", self.server.cli("migrate").stdout)

    def test_api_keys_create_list_revoke(self):
        key = self.server.new_api_key("Mobile app")
        self.assertGreaterEqual(len(key), 40)
        listing = self.server.cli("apikey", "list").stdout
        self.assertIn("Mobile app", listing)
        self.assertNotIn(key, listing)  # The secret is never shown again.
        stored = [row[0] for row in self.server.sql("SELECT key_hash FROM api_keys")]
        self.assertNotIn(key, stored)  # Only a hash is stored.
        self.server.start()
        self.assertEqual(self.server.post_form("/open311/v2/requests.json", report(key)).status, 200)
        self.server.cli("apikey", "revoke", "1")
        self.assertIn("revoked", self.server.cli("apikey", "list").stdout)
        self.assertEqual(self.server.post_form("/open311/v2/requests.json", report(key)).status, 403)
        failed = self.server.cli("apikey", "revoke", "99", check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("no API key", failed.stderr)

    def test_users_login_sessions_and_disable(self):
        env = {"RATUSZ_PASSWORD": "correct horse battery"}
        self.server.cli("user", "add", "anna", "--role", "supervisor", "--name", "Anna Nowak",
                        "--jurisdiction", "wroclaw.pl", env=env)
        self.server.cli("user", "add", "piotr", "--role", "agent", input="another long secret\n",
                        env={"RATUSZ_PASSWORD": ""})
        listing = self.server.cli("user", "list").stdout
        self.assertIn("anna", listing)
        self.assertIn("supervisor", listing)
        dup = self.server.cli("user", "add", "anna", "--role", "agent", env=env, check=False)
        self.assertNotEqual(dup.returncode, 0)
        self.assertIn("already exists", dup.stderr)
        short = self.server.cli("user", "add", "ewa", "--role", "agent",
                                env={"RATUSZ_PASSWORD": "short"}, check=False)
        self.assertIn("at least 10", short.stderr)
        bad_role = self.server.cli("user", "add", "ewa", "--role", "mayor", env=env, check=False)
        self.assertIn("unknown role", bad_role.stderr)

        self.server.start()
        wrong = self.server.request("POST", "/api/v1/auth/login",
                                    '{"username":"anna","password":"wrong password"}')
        self.assertEqual(wrong.status, 401)
        ok = self.server.request("POST", "/api/v1/auth/login",
                                 '{"username":"anna","password":"correct horse battery"}')
        self.assertEqual(ok.status, 200, ok)
        token = ok.json()["token"]
        self.assertEqual(ok.json()["user"]["role"], "supervisor")
        cookie = ok.headers["set-cookie"]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        me = self.server.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(me.status, 200)
        self.assertEqual(me.json()["jurisdictions"], ["wroclaw.pl"])
        by_cookie = self.server.request("GET", "/api/v1/me",
                                        headers={"Cookie": cookie.split(";")[0]})
        self.assertEqual(by_cookie.json()["username"], "anna")
        self.assertEqual(self.server.request("GET", "/api/v1/me").status, 401)
        self.assertEqual(self.server.request("GET", "/api/v1/me",
                                             headers={"Authorization": "Bearer forged"}).status, 401)
        self.server.cli("user", "disable", "anna")
        self.assertEqual(self.server.request("GET", "/api/v1/me",
                                             headers={"Authorization": f"Bearer {token}"}).status, 401)
        again = self.server.request("POST", "/api/v1/auth/login",
                                    '{"username":"anna","password":"correct horse battery"}')
        self.assertEqual(again.status, 401)
        garbage = self.server.request("POST", "/api/v1/auth/login", "{not json")
        self.assertEqual(garbage.status, 400)

    def test_logout_ends_the_session(self):
        self.server.cli("user", "add", "ola", "--role", "agent",
                        env={"RATUSZ_PASSWORD": "correct horse battery"})
        self.server.start()
        token = self.server.request("POST", "/api/v1/auth/login",
                                    '{"username":"ola","password":"correct horse battery"}').json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        self.assertEqual(self.server.request("POST", "/api/v1/auth/logout", "", auth).status, 200)
        self.assertEqual(self.server.request("GET", "/api/v1/me", headers=auth).status, 401)

    def test_health_readiness_and_metrics(self):
        key = self.server.new_api_key()
        self.server.start()
        self.assertEqual(self.server.get("/healthz").body, "ok\n")
        self.assertEqual(self.server.get("/readyz").status, 200)
        self.server.post_form("/open311/v2/requests.json", report(key))
        self.server.get("/open311/v2/services.json", **W)
        metrics = self.server.get("/metrics")
        self.assertTrue(metrics.headers["content-type"].startswith("text/plain"))
        lines = metrics.body.splitlines()
        self.assertIn("ratusz_cases_created_total 1", lines)
        self.assertIn('ratusz_http_requests_total{route="open311_write",status="2xx"} 1', lines)
        self.assertTrue(any(l.startswith('ratusz_http_request_duration_seconds_bucket{route="open311_read"')
                            for l in lines))

    def test_backup_is_a_usable_database(self):
        key = self.server.new_api_key()
        self.server.start()
        number = self.server.post_form("/open311/v2/requests.json", report(key)).json()[0]["service_request_id"]
        target = os.path.join(self.server.data_dir, "backup.db")
        self.server.cli("backup", target)
        self.assertEqual(self.server.sql_in_backup(target, "SELECT number FROM cases"),
                         [(number,)])


class StartupFailureTest(unittest.TestCase):
    """Start-up problems print one clear line and exit non-zero."""

    def serve_fails(self, server, expected, listen="127.0.0.1:0"):
        result = server.cli("serve", "--listen", listen, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(expected, result.stderr)
        return result

    def test_port_in_use(self):
        server = Ratusz()
        try:
            with socket.socket() as blocker:
                blocker.bind(("127.0.0.1", 0))
                blocker.listen(1)
                port = blocker.getsockname()[1]
                self.serve_fails(server, "cannot listen", f"127.0.0.1:{port}")
        finally:
            server.cleanup()

    def test_bad_config_lists_every_problem(self):
        fd, path = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w") as f:
            f.write('[server]\nthreads = "two"\nlisten_on = 1\n[[jurisdiction]]\nid = "a b"\n')
        server = Ratusz(config=path)
        try:
            result = self.serve_fails(server, "invalid configuration")
            self.assertIn("server.threads", result.stderr)
            self.assertIn("server.listen_on: unknown key", result.stderr)
        finally:
            server.cleanup()
            os.unlink(path)
        missing = Ratusz(config="/nonexistent/ratusz.toml")
        try:
            self.serve_fails(missing, "cannot read configuration file")
        finally:
            missing.cleanup()

    def test_unwritable_data_dir(self):
        server = Ratusz(data_dir="/proc/ratusz-cannot-be-here")
        self.serve_fails(server, "data directory")

    def test_newer_schema_than_the_binary(self):
        server = Ratusz()
        try:
            server.cli("migrate")
            server.set_schema_version(999)
            self.serve_fails(server, "newer than this ratusz")
        finally:
            server.cleanup()

    def test_bad_listen_address(self):
        server = Ratusz()
        try:
            self.serve_fails(server, "HOST:PORT", "localhost")
        finally:
            server.cleanup()

    def test_example_config_documents_a_valid_city(self):
        from ratusz_harness import SOURCE_DIR
        server = Ratusz(config=os.path.join(SOURCE_DIR, "config", "ratusz.example.toml"))
        try:
            out = server.cli("serve", "--print-config").stdout
            self.assertIn("1 jurisdictions", out)
        finally:
            server.cleanup()

    def test_print_config_shows_effective_values(self):
        server = Ratusz(env={"RATUSZ_SERVER__THREADS": "3"})
        try:
            out = server.cli("serve", "--print-config").stdout
            self.assertIn("threads = 3", out)
            self.assertIn("2 jurisdictions", out)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
