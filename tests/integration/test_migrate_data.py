"""A city that started on SQLite moves to PostgreSQL: `ratusz migrate-data` copies the data
directory's database, and a server started afterwards on PostgreSQL with the same data
directory serves every case, note, account and sealed personal field as before."""

import json
import unittest
import urllib.parse

from ratusz_harness import POSTGRES, Ratusz, report

W = {"jurisdiction_id": "wroclaw.pl"}
SQLITE = {"RATUSZ_STORAGE__BACKEND": "sqlite"}


@unittest.skipUnless(POSTGRES, "needs a PostgreSQL server: run under "
                               "tests/integration/with_postgres.sh (the test command does)")
class MigrateDataTest(unittest.TestCase):
    def setUp(self):
        self.before = Ratusz(env=SQLITE)
        self.after = None

    def tearDown(self):
        if self.after:
            self.after.kill()
        self.before.cleanup()

    def staff(self, server, method, path, body=None):
        token = server.login("boss")
        r = server.api(method, path, token, body)
        self.assertIn(r.status, (200, 201), r)
        return r.json()

    def test_everything_moves_and_is_served_as_before(self):
        s = self.before
        key = s.new_api_key("Mobile app")
        s.add_user("boss", "supervisor")
        s.start()
        numbers = []
        for i in range(3):
            r = s.post_form("/open311/v2/requests.json",
                            report(key, extra=[("email", f"jan{i}@example.pl"),
                                               ("first_name", "Jan"), ("last_name", f"Kowal{i}")]))
            self.assertEqual(r.status, 200, r)
            numbers.append(r.json()[0]["service_request_id"])
        note = self.staff(s, "POST", f"cases/{numbers[0]}/notes",
                          {"text": "Zgłoszenie przekazane ekipie", "public": True})
        self.assertTrue(note)
        listing = s.get("/open311/v2/requests.json", **W).json()
        history = self.staff(s, "GET", f"cases/{numbers[0]}")
        reporter = self.staff(s, "GET", f"cases/{numbers[1]}/reporter?reason=migration+check")
        s.stop()

        # The target: an empty database of the same data directory on the test server.
        self.after = Ratusz(data_dir=s.data_dir)
        url = self.after.env["RATUSZ_STORAGE__URL"]
        out = s.cli("migrate-data", "--to", url).stdout
        self.assertIn("every table's count and checksum match", out)
        self.assertRegex(out, r"\ncases\s+3\s+3\s+[0-9a-f]{16} matches\n")
        self.assertRegex(out, r"\nusers\s+1\s+1\s+[0-9a-f]{16} matches\n")

        self.after.start()
        self.assertEqual(self.after.get("/open311/v2/requests.json", **W).json(), listing)
        self.assertEqual(self.staff(self.after, "GET", f"cases/{numbers[0]}"), history)
        # Sealed personal data opens with the data directory's keys, its read is logged.
        self.assertEqual(
            self.staff(self.after, "GET", f"cases/{numbers[1]}/reporter?reason=migration+check"),
            reporter)
        # Search finds the copied cases (PostgreSQL's index, built from the copied rows).
        found = self.staff(self.after, "GET",
                           "cases?q=" + urllib.parse.quote("dziura przy przejsciu"))
        self.assertEqual(sorted(c["number"] for c in found["cases"]), sorted(numbers))
        # New reports continue after the copied ones; the old API key still works.
        r = self.after.post_form("/open311/v2/requests.json", report(key))
        self.assertEqual(r.status, 200, r)
        self.assertNotIn(r.json()[0]["service_request_id"], numbers)

        # A database that holds data is never written over.
        again = s.cli("migrate-data", "--to", url, check=False)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("already holds data", again.stderr)
        self.assertEqual(len(self.after.get("/open311/v2/requests.json", **W).json()), 4)

    def test_a_missing_source_or_server_is_a_clear_error(self):
        empty = Ratusz(env=SQLITE)
        try:
            r = empty.cli("migrate-data", "--to", POSTGRES, check=False)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("no SQLite database", r.stderr)
        finally:
            empty.cleanup()
        self.before.cli("migrate")
        r = self.before.cli("migrate-data", "--to", "postgresql://nobody@127.0.0.1:1/none",
                            check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cannot connect to PostgreSQL", r.stderr)


if __name__ == "__main__":
    unittest.main()
