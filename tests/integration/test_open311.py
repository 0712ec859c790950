"""Open311 GeoReport v2 against the real server: every endpoint in both formats."""

import datetime
import os
import tempfile
import unittest

from ratusz_harness import ServerTestCase, report

W = {"jurisdiction_id": "wroclaw.pl"}


def utc(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Open311Test(ServerTestCase):
    KEY_NAME = "Mobile app"

    def create(self, fields=None, fmt="json", headers=None):
        r = self.server.post_form(f"/open311/v2/requests.{fmt}", fields or report(self.key),
                                  headers)
        self.assertEqual(r.status, 200, r)
        return r

    def create_id(self, fields=None):
        return self.create(fields).json()[0]["service_request_id"]

    # --- discovery and services ---------------------------------------------------------

    def test_discovery_in_both_formats(self):
        j = self.server.get("/open311/v2/discovery.json")
        self.assertEqual(j.status, 200)
        self.assertTrue(j.headers["content-type"].startswith("application/json"))
        d = j.json()
        for field in ("changeset", "contact", "key_service", "endpoints"):
            self.assertIn(field, d)
        endpoint = d["endpoints"][0]
        self.assertEqual(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertTrue(endpoint["url"].endswith("/open311/v2/"))
        self.assertEqual(set(endpoint["formats"]), {"text/xml", "application/json"})
        x = self.server.get("/open311/v2/discovery.xml")
        self.assertTrue(x.headers["content-type"].startswith("text/xml"))
        self.assertTrue(x.body.startswith('<?xml version="1.0" encoding="utf-8"?>'))
        root = x.xml()
        self.assertEqual(root.tag, "discovery")
        self.assertEqual([f.text for f in root.find("endpoints/endpoint/formats")],
                         ["text/xml", "application/json"])

    def test_service_list_per_city_and_language(self):
        pl = self.server.get("/open311/v2/services.json", **W).json()
        self.assertGreaterEqual(len(pl), 30)
        codes = {s["service_code"] for s in pl}
        self.assertIn("pothole", codes)
        self.assertNotIn("wild-boar", codes)  # Offered in Warszawa only.
        waw = self.server.get("/open311/v2/services.json", jurisdiction_id="warszawa.pl").json()
        self.assertIn("wild-boar", {s["service_code"] for s in waw})
        pothole = next(s for s in pl if s["service_code"] == "pothole")
        self.assertEqual(pothole["service_name"], "Dziura w jezdni")
        self.assertIs(pothole["metadata"], True)
        self.assertEqual(pothole["type"], "realtime")
        self.assertEqual(pothole["group"], "Drogi i chodniki")
        en = self.server.get("/open311/v2/services.json", locale="en", **W).json()
        self.assertEqual(next(s for s in en if s["service_code"] == "pothole")["service_name"],
                         "Pothole")
        by_header = self.server.request("GET", "/open311/v2/services.json?jurisdiction_id=wroclaw.pl",
                                        headers={"Accept-Language": "en-GB,en;q=0.8"}).json()
        self.assertEqual(by_header[0]["service_name"], en[0]["service_name"])
        xml = self.server.get("/open311/v2/services.xml", **W).xml()
        self.assertEqual(xml.tag, "services")
        first = xml.find("service")
        self.assertEqual([c.tag for c in first],
                         ["service_code", "service_name", "description", "metadata", "type",
                          "keywords", "group"])

    def test_service_definition(self):
        d = self.server.get("/open311/v2/services/fallen-tree.json", **W).json()
        self.assertEqual(d["service_code"], "fallen-tree")
        attrs = d["attributes"]
        self.assertEqual([a["order"] for a in attrs], sorted(a["order"] for a in attrs))
        info = attrs[0]
        self.assertIs(info["variable"], False)
        blocking = next(a for a in attrs if a["code"] == "blocking")
        self.assertEqual(blocking["datatype"], "singlevaluelist")
        self.assertIs(blocking["required"], True)
        self.assertIn({"key": "roadway", "name": "Jezdnię"}, blocking["values"])
        x = self.server.get("/open311/v2/services/fallen-tree.xml", **W).xml()
        self.assertEqual(x.tag, "service_definition")
        self.assertEqual(x.find("attributes/attribute/code").text, "danger_notice")
        self.assertEqual(len(x.findall("attributes/attribute[code='hazards']/values/value")), 3)
        missing = self.server.get("/open311/v2/services/nope.xml", **W)
        self.assertEqual(missing.status, 404)
        self.assertEqual(missing.xml().find("error/code").text, "404")

    # --- creating and reading requests ----------------------------------------------------

    def test_post_then_get_by_id_in_both_formats(self):
        fields = report(self.key, extra=[("email", "jan@example.pl"), ("first_name", "Jan"),
                                         ("media_url", "https://example.pl/p.jpg")])
        r = self.create(fields)
        body = r.json()
        self.assertEqual(len(body), 1)
        number = body[0]["service_request_id"]
        self.assertRegex(number, r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
        self.assertNotIn("token", body[0])
        self.assertTrue(body[0]["service_notice"])

        got = self.server.get(f"/open311/v2/requests/{number}.json", **W)
        self.assertEqual(got.status, 200)
        records = got.json()
        self.assertEqual(len(records), 1)  # A single record is still a list.
        rec = records[0]
        self.assertEqual(rec["service_request_id"], number)
        self.assertEqual(rec["status"], "open")
        self.assertEqual(rec["service_code"], "pothole")
        self.assertEqual(rec["service_name"], "Dziura w jezdni")
        self.assertEqual(rec["description"], "Duża dziura przy przejściu")
        self.assertEqual(rec["address"], "ul. Źródłowa 5, Wrocław")
        self.assertAlmostEqual(rec["lat"], float(dict(fields)["lat"]))
        self.assertAlmostEqual(rec["long"], float(dict(fields)["long"]))
        self.assertEqual(rec["media_url"], "https://example.pl/p.jpg")
        self.assertEqual(rec["agency_responsible"], "Zarząd Dróg Miejskich")
        self.assertRegex(rec["requested_datetime"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
        for private in ("email", "first_name", "phone"):
            self.assertNotIn(private, rec)
        self.assertNotIn("jan@example.pl", got.body)

        x = self.server.get(f"/open311/v2/requests/{number}.xml", **W).xml()
        self.assertEqual(x.tag, "service_requests")
        self.assertEqual(len(x.findall("request")), 1)
        self.assertEqual(x.find("request/service_request_id").text, number)
        self.assertEqual(x.find("request/status").text, "open")

        # Typed by a person: lower case, without the dash.
        loose = self.server.get(f"/open311/v2/requests/{number.replace('-', '').lower()}.json", **W)
        self.assertEqual(loose.status, 200)
        # The same number in the other city does not exist.
        other = self.server.get(f"/open311/v2/requests/{number}.json", jurisdiction_id="warszawa.pl")
        self.assertEqual(other.status, 404)

    def test_unknown_or_mistyped_id_is_404(self):
        number = self.create_id()
        wrong = ("A" if number[0] != "A" else "B") + number[1:]
        for bad in (wrong, "12345", "nothing"):
            r = self.server.get(f"/open311/v2/requests/{bad}.json", **W)
            self.assertEqual(r.status, 404, bad)
            self.assertEqual(r.json()[0]["code"], 404)

    def test_list_and_filters(self):
        a = self.create_id()
        b = self.create_id(report(self.key, service="graffiti", drop={"attribute[size]"}))
        listed = self.server.get("/open311/v2/requests.json", **W).json()
        ids = [r["service_request_id"] for r in listed]
        self.assertIn(a, ids)
        self.assertIn(b, ids)
        only = self.server.get("/open311/v2/requests.json", service_code="graffiti", **W).json()
        self.assertTrue(only)
        self.assertTrue(all(r["service_code"] == "graffiti" for r in only))
        both = self.server.get("/open311/v2/requests.json", service_code="graffiti,pothole", **W).json()
        self.assertGreaterEqual(len(both), 2)
        # service_request_id overrides every other filter.
        chosen = self.server.get("/open311/v2/requests.json", service_request_id=f"{a},{b}",
                                 service_code="noise", status="closed", **W).json()
        self.assertEqual({r["service_request_id"] for r in chosen}, {a, b})
        self.assertEqual(self.server.get("/open311/v2/requests.json", status="closed", **W).json(), [])
        self.assertTrue(self.server.get("/open311/v2/requests.json", status="open,closed", **W).json())
        # A window in the past holds nothing; one around now holds both.
        now = datetime.datetime.now(datetime.timezone.utc)
        past = self.server.get("/open311/v2/requests.json", start_date="2020-01-01T00:00:00Z",
                               end_date="2020-02-01T00:00:00+01:00", **W).json()
        self.assertEqual(past, [])
        around = self.server.get("/open311/v2/requests.json",
                                 start_date=utc(now - datetime.timedelta(hours=1)),
                                 end_date=utc(now + datetime.timedelta(hours=1)), **W).json()
        self.assertTrue({a, b} <= {r["service_request_id"] for r in around})
        # Paging extension.
        page1 = self.server.get("/open311/v2/requests.json", page_size=1, **W).json()
        page2 = self.server.get("/open311/v2/requests.json", page_size=1, page=2, **W).json()
        self.assertEqual(len(page1), 1)
        self.assertEqual(len(page2), 1)
        self.assertNotEqual(page1[0]["service_request_id"], page2[0]["service_request_id"])
        # Warszawa's list does not show Wrocław's reports.
        waw = self.server.get("/open311/v2/requests.json", jurisdiction_id="warszawa.pl").json()
        self.assertNotIn(a, {r["service_request_id"] for r in waw})
        xml = self.server.get("/open311/v2/requests.xml", **W).xml()
        self.assertEqual(xml.tag, "service_requests")

    def test_list_filter_errors(self):
        cases = [
            ({"start_date": "2026-01-01"}, "start_date"),
            ({"end_date": "yesterday"}, "end_date"),
            ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90"),
            ({"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "before"),
            ({"status": "pending"}, "status"),
            ({"page": "0"}, "page"),
            ({"page_size": "100000"}, "page_size"),
        ]
        for params, word in cases:
            r = self.server.get("/open311/v2/requests.xml", **params, **W)
            self.assertEqual(r.status, 400, params)
            self.assertIn(word, r.xml().find("error/description").text, params)

    def test_attribute_forms_and_crlf(self):
        fields = report(self.key, service="illegal-parking", drop={"attribute[size]"},
                        extra=[("attribute[obstruction][]", "sidewalk"),
                               ("attribute[obstruction][]", "crossing"),
                               ("description", "Linia 1\r\nLinia 2\rLinia 3")])
        fields = [f for f in fields if not (f[0] == "description" and "dziura" in f[1])]
        number = self.create_id(fields)
        rec = self.server.get(f"/open311/v2/requests/{number}.json", **W).json()[0]
        self.assertEqual(rec["description"], "Linia 1\nLinia 2\nLinia 3")
        # FixMyStreet repeats attribute[CODE] instead.
        fms = report(self.key, service="illegal-parking", drop={"attribute[size]"},
                     extra=[("attribute[obstruction]", "sidewalk"),
                            ("attribute[obstruction]", "green")])
        self.create_id(fms)
        bad = report(self.key, service="illegal-parking", drop={"attribute[size]"},
                     extra=[("attribute[obstruction]", "sidewalk"), ("attribute[obstruction]", "moon")])
        r = self.server.post_form("/open311/v2/requests.json", bad)
        self.assertEqual(r.status, 400)
        self.assertIn("moon", r.json()[0]["description"])

    def test_multipart_post(self):
        boundary = "----ratusz-test-boundary"
        parts = []
        for name, value in report(self.key):
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        body = "".join(parts) + f"--{boundary}--\r\n"
        r = self.server.request("POST", "/open311/v2/requests.json", body,
                                {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        self.assertEqual(r.status, 200, r)
        number = r.json()[0]["service_request_id"]
        self.assertEqual(self.server.get(f"/open311/v2/requests/{number}.json", **W).status, 200)

    def test_hostile_text_is_stored_and_echoed_safely(self):
        nasty = "<script>alert('x')</script> & \"; DROP TABLE cases; -- ]]> <![CDATA[ Ż"
        number = self.create_id(report(self.key, drop={"description"},
                                       extra=[("description", nasty)]))
        x = self.server.get(f"/open311/v2/requests/{number}.xml", **W)
        self.assertNotIn("<script>", x.body)
        self.assertEqual(x.xml().find("request/description").text, nasty)
        self.assertEqual(self.server.get(f"/open311/v2/requests/{number}.json", **W).json()[0]["description"], nasty)
        self.assertTrue(self.server.get("/open311/v2/requests.json", **W).json())  # Table intact.

    def test_idempotency_key(self):
        fields = report(self.key, drop={"description"}, extra=[("description", "idempotent one")])
        first = self.create(fields, headers={"Idempotency-Key": "retry-1"})
        again = self.create(fields, headers={"Idempotency-Key": "retry-1"})
        self.assertEqual(first.json(), again.json())
        self.assertEqual(again.headers.get("idempotent-replayed"), "true")
        listed = self.server.get("/open311/v2/requests.json", **W).json()
        self.assertEqual(sum(1 for r in listed if r["description"] == "idempotent one"), 1)
        changed = self.server.post_form("/open311/v2/requests.json",
                                        report(self.key, extra=[("zipcode", "50-001")]),
                                        {"Idempotency-Key": "retry-1"})
        self.assertEqual(changed.status, 409)
        self.assertIn("Idempotency-Key", changed.json()[0]["description"])

    def test_unknown_routes_and_methods_answer_in_open311_format(self):
        r = self.server.get("/open311/v2/nothing.json", **W)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.json()[0]["code"], 404)
        r = self.server.get("/open311/v2/services.html", **W)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.xml().tag, "errors")
        r = self.server.get("/open311/v1/services.xml")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.xml().tag, "errors")
        r = self.server.request("DELETE", "/open311/v2/requests.json?jurisdiction_id=wroclaw.pl")
        self.assertEqual(r.status, 405)
        self.assertIn("POST", r.headers["allow"])
        r = self.server.request("POST", "/open311/v2/services.json?jurisdiction_id=wroclaw.pl", "")
        self.assertEqual(r.status, 405)
        head = self.server.request("HEAD", "/open311/v2/services.json?jurisdiction_id=wroclaw.pl")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, "")

    def test_jurisdiction_rules(self):
        missing = self.server.get("/open311/v2/services.xml")
        self.assertEqual(missing.status, 400)
        self.assertIn("jurisdiction_id", missing.xml().find("error/description").text)
        unknown = self.server.get("/open311/v2/services.json", jurisdiction_id="krakow.pl")
        self.assertEqual(unknown.status, 404)
        r = self.server.post_form("/open311/v2/requests.json", report(self.key, jurisdiction="krakow.pl"))
        self.assertEqual(r.status, 404)
        r = self.server.post_form("/open311/v2/requests.json", report(self.key, drop={"jurisdiction_id"}))
        self.assertEqual(r.status, 400)


CITY = """
[[jurisdiction]]
id = "gniezno.pl"
name = "Gniezno"
time_zone = "Europe/Warsaw"

[[service]]
code = "bench"
name = { pl = "Ławka", en = "Bench" }
type = "batch"

[[service]]
code = "quiet"
name = "Cicha sprawa"
type = "blackbox"
"""


class Open311SingleCityTest(ServerTestCase):
    """A deployment with one city: jurisdiction_id may be left out; batch services get tokens."""

    @classmethod
    def setUpClass(cls):
        fd, cls.CONFIG = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w") as f:
            f.write(CITY)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(cls.CONFIG)

    def test_jurisdiction_is_optional_and_checked_when_given(self):
        self.assertEqual(self.server.get("/open311/v2/services.json").status, 200)
        self.assertEqual(self.server.get("/open311/v2/services.json", jurisdiction_id="gniezno.pl").status, 200)
        self.assertEqual(self.server.get("/open311/v2/services.json", jurisdiction_id="poznan.pl").status, 404)

    def test_batch_service_returns_a_token_that_resolves(self):
        r = self.server.post_form("/open311/v2/requests.xml",
                                  [("api_key", self.key), ("service_code", "bench"),
                                   ("address_string", "Rynek 1")])
        self.assertEqual(r.status, 200, r)
        token = r.xml().find("request/token").text
        self.assertIsNone(r.xml().find("request/service_request_id"))
        t = self.server.get(f"/open311/v2/tokens/{token}.xml").xml()
        self.assertEqual(t.find("request/token").text, token)
        number = t.find("request/service_request_id").text
        self.assertEqual(self.server.get(f"/open311/v2/requests/{number}.json").status, 200)
        self.assertEqual(self.server.get("/open311/v2/tokens/nope.json").status, 404)

    def test_blackbox_service_returns_no_id(self):
        r = self.server.post_form("/open311/v2/requests.json",
                                  [("api_key", self.key), ("service_code", "quiet"),
                                   ("address_string", "Rynek 1")])
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("service_request_id", r.json()[0])
        self.assertNotIn("token", r.json()[0])


if __name__ == "__main__":
    unittest.main()
