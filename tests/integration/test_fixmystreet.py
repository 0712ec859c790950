"""What FixMyStreet's Open311 client sends and parses: request updates (the mySociety extension)
and the shapes of real servers' answers, compared with the published samples."""

import datetime
import os
import unittest
import xml.etree.ElementTree as ET

from ratusz_harness import SOURCE_DIR, ServerTestCase, report

W = {"jurisdiction_id": "wroclaw.pl"}
TEST_DATA = os.environ.get("RATUSZ_TEST_DATA",
                           os.path.join(SOURCE_DIR, "..", "shared", "data"))
SAMPLES = os.path.join(TEST_DATA, "open311-samples")


def utc(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def paths(element, prefix=""):
    """Every element path in a tree, e.g. {'request', 'request/service_request_id'}."""
    out = set()
    for child in element:
        p = f"{prefix}{child.tag}"
        out.add(p)
        out |= paths(child, p + "/")
    return out


def sample(name):
    path = os.path.join(SAMPLES, name)
    if not os.path.exists(path):
        raise unittest.SkipTest(f"sample data not found at {path} (set RATUSZ_TEST_DATA)")
    with open(path, encoding="utf-8") as f:
        return ET.fromstring(f.read().encode())


class FixMyStreetTest(ServerTestCase):
    KEY_NAME = "FixMyStreet"

    def new_case(self):
        r = self.server.post_form("/open311/v2/requests.xml", report(self.key))
        self.assertEqual(r.status, 200, r)
        return r

    def post_update(self, number, update_id, status, text):
        # As FixMyStreet's Open311.pm post_service_request_update sends it.
        now = datetime.datetime.now(datetime.timezone.utc)
        return self.server.post_form("/open311/v2/servicerequestupdates.xml", [
            ("jurisdiction_id", "wroclaw.pl"), ("api_key", self.key),
            ("updated_datetime", now.strftime("%Y-%m-%dT%H:%M:%S+00:00")),
            ("service_request_id", number), ("status", status), ("email", "ktos@example.pl"),
            ("description", text), ("last_name", "-"), ("first_name", "Ktoś"),
            ("update_id", update_id), ("media_url", "")])

    def test_post_request_answer_has_the_shape_fixmystreet_parses(self):
        ours = self.new_case().xml()
        theirs = sample("fixmystreet-tests/post-request-response.xml")
        self.assertEqual(ours.tag, theirs.tag)
        self.assertTrue(paths(theirs) <= paths(ours), paths(theirs) - paths(ours))

    def test_update_round_trip(self):
        number = self.new_case().xml().find("request/service_request_id").text
        # Read it first (in both formats and languages), so that later reads must not be stale.
        for fmt in ("json", "xml"):
            for locale in ("pl", "en"):
                self.assertEqual(self.server.get(f"/open311/v2/requests/{number}.{fmt}",
                                                 locale=locale, **W).status, 200)
        r = self.post_update(number, "fms-77", "IN_PROGRESS", "Przekazano do\r\nbrygady")
        self.assertEqual(r.status, 200, r)
        theirs = sample("fixmystreet-tests/post-update-response.xml")
        self.assertEqual(r.xml().tag, theirs.tag)
        self.assertTrue(paths(theirs) <= paths(r.xml()))
        update_id = r.xml().find("request_update/update_id").text
        # A re-sent update (same update_id) is not stored twice.
        again = self.post_update(number, "fms-77", "IN_PROGRESS", "Przekazano do\r\nbrygady")
        self.assertEqual(again.xml().find("request_update/update_id").text, update_id)

        closed = self.post_update(number, "fms-78", "FIXED", "Załatano asfaltem")
        self.assertEqual(closed.status, 200)
        now = datetime.datetime.now(datetime.timezone.utc)
        window = {"start_date": utc(now - datetime.timedelta(hours=2)),
                  "end_date": utc(now + datetime.timedelta(minutes=5)), **W}
        listed = self.server.get("/open311/v2/servicerequestupdates.xml", api_key="", **window)
        self.assertEqual(listed.status, 200, listed)
        mine = [u for u in listed.xml().findall("request_update")
                if u.find("service_request_id").text == number]
        self.assertEqual([u.find("status").text for u in mine], ["in_progress", "fixed"])
        self.assertEqual(mine[0].find("description").text, "Przekazano do\nbrygady")
        self.assertEqual(mine[0].find("update_id").text, update_id)
        theirs = sample("fixmystreet-tests/service-request-updates.xml")
        self.assertTrue(paths(theirs) <= paths(listed.xml()), paths(theirs) - paths(listed.xml()))
        as_json = self.server.get("/open311/v2/servicerequestupdates.json", **window).json()
        self.assertIn("fixed", [u["status"] for u in as_json if u["service_request_id"] == number])

        rec = self.server.get(f"/open311/v2/requests/{number}.json", **W).json()[0]
        self.assertEqual(rec["status"], "closed")
        rec_en = self.server.get(f"/open311/v2/requests/{number}.xml", locale="en", **W).xml()
        self.assertEqual(rec_en.find("request/status").text, "closed")
        self.assertEqual(rec_en.find("request/status_notes").text, "Fixed: Załatano asfaltem")
        self.assertEqual(rec["status_notes"], "Naprawione: Załatano asfaltem")
        self.assertEqual(rec["extended_status"], "fixed")
        # FixMyStreet's older update path: requests.xml?service_request_id=a,b.
        old = self.server.get("/open311/v2/requests.xml", service_request_id=number, **W).xml()
        self.assertEqual(old.find("request/status").text, "closed")

    def test_update_errors(self):
        number = self.new_case().xml().find("request/service_request_id").text
        r = self.post_update(number, "x1", "SOMETHING_ELSE", "?")
        self.assertEqual(r.status, 400)
        self.assertIn("status", r.xml().find("error/description").text)
        r = self.post_update("AAAA-AAAA", "x2", "FIXED", "?")
        self.assertEqual(r.status, 404)
        r = self.server.get("/open311/v2/servicerequestupdates.xml", start_date="bad", **W)
        self.assertEqual(r.status, 400)

    def test_request_list_has_every_field_of_real_servers(self):
        self.new_case()
        ours = self.server.get("/open311/v2/requests.xml", **W).xml()
        theirs = sample("spec-examples/requests.xml")
        self.assertEqual(ours.tag, theirs.tag)
        # expected_datetime "may not be returned" (there is no SLA clock yet).
        missing = paths(theirs) - paths(ours) - {"request/expected_datetime"}
        self.assertEqual(missing, set())

    def test_service_list_and_definition_have_the_fields_of_real_servers(self):
        ours = self.server.get("/open311/v2/services.xml", **W).xml()
        theirs = sample("dc/services.xml")
        self.assertEqual(ours.tag, theirs.tag)
        self.assertEqual(paths(theirs) - paths(ours), set())
        definition = self.server.get("/open311/v2/services/pothole.xml", **W).xml()
        theirs = sample("dc/service-definition-S0301.xml")
        self.assertEqual(definition.tag, theirs.tag)
        self.assertEqual(paths(theirs) - paths(definition), set())

    def test_errors_have_the_shape_of_real_servers(self):
        ours = self.server.get("/open311/v2/requests/nope.xml", **W).xml()
        theirs = sample("fixmystreet-tests/error-400.xml")
        self.assertEqual(ours.tag, theirs.tag)
        self.assertEqual(paths(theirs) - paths(ours), set())

    def test_discovery_has_the_fields_of_real_servers(self):
        ours = self.server.get("/open311/v2/discovery.xml").xml()
        theirs = sample("dc/discovery.xml")
        self.assertEqual(ours.tag, theirs.tag)
        self.assertEqual(paths(theirs) - paths(ours), set())


if __name__ == "__main__":
    unittest.main()
