"""The resident portal's endpoints on the real binary: what the portal needs to draw its form
(city, map, consent text), and a report sent from it with photos, written with the case in one
transaction. A retry with the same Idempotency-Key (an offline report sent again) gives the same
case; bad fields, files that are not photos, too many photos and contact details without
consent are refused with every reason at once, and nothing is stored."""

import json
import os
import socket
import unittest
import uuid

from ratusz_harness import Ratusz
from test_attachments import CAMERA, jpeg_size, phone_photo

HERE = os.path.dirname(os.path.abspath(__file__))


def multipart(fields, files=()):
    """(body, content type) of a multipart/form-data body as a browser sends it."""
    boundary = "----RatuszPortal" + uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    for name, filename, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, "multipart/form-data; boundary=" + boundary


POTHOLE = [("service_code", "pothole"), ("lat", "51.1101"), ("long", "17.0301"),
           ("description", "Głęboka dziura na pasie do skrętu"), ("attribute[size]", "large")]


class PortalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz()
        cls.server.add_user("roads", "specialist", departments=["roads-authority"])
        cls.server.add_user("boss", "supervisor")
        cls.server.start()
        cls.roads = cls.server.login("roads")
        cls.boss = cls.server.login("boss")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def send(self, fields, files=(), key=None):
        body, content_type = multipart(fields, files)
        headers = {"Content-Type": content_type}
        if key:
            headers["Idempotency-Key"] = key
        return self.server.request("POST", "/api/v1/public/reports", body, headers)

    def cases_count(self):
        r = self.server.api("GET", "cases?limit=500", self.boss)
        self.assertEqual(r.status, 200, r)
        return len(r.json()["cases"])

    def test_portal_describes_its_city_map_and_consent_in_both_languages(self):
        pl = self.server.get("/api/v1/public/portal").json()
        en = self.server.get("/api/v1/public/portal", lang="en").json()
        self.assertEqual(pl["jurisdiction_id"], "wroclaw.pl")
        self.assertEqual(pl["time_zone"], "Europe/Warsaw")
        self.assertAlmostEqual(pl["center"][0], 51.1079)
        self.assertIn("{z}", pl["tile_url"])
        self.assertTrue(pl["chat"])
        self.assertEqual(pl["max_photos"], 3)
        self.assertLess(pl["bounds"]["south"], pl["bounds"]["north"])
        self.assertEqual(pl["consent"]["version"], en["consent"]["version"])
        self.assertIn("Zgadzam się", pl["consent"]["text"])
        self.assertIn("I agree", en["consent"]["text"])
        cities = {c["jurisdiction_id"]: c for c in en["cities"]}
        self.assertEqual(set(cities), {"wroclaw.pl", "warszawa.pl"})
        self.assertEqual(cities["warszawa.pl"]["name"], "Warsaw")
        self.assertAlmostEqual(cities["warszawa.pl"]["center"][0], 52.2297)

    def test_report_with_photo_is_one_case_with_a_clean_public_photo(self):
        r = self.send(POTHOLE + [("first_name", "Ala"), ("email", "ala@example.pl"),
                                 ("consent", "2026-01")],
                      [("photo", "IMG_2041.jpg", phone_photo())])
        self.assertEqual(r.status, 201, r)
        created = r.json()
        number = created["number"]
        self.assertRegex(number, r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
        self.assertEqual(created["track"], "/track/" + number)

        tracked = self.server.get("/api/v1/public/cases/" + number).json()
        self.assertEqual(tracked["service_code"], "pothole")
        self.assertEqual(len(tracked["media_urls"]), 1)
        self.assertNotIn("ala@example.pl", json.dumps(tracked))
        conn = self.server.connection()
        conn.request("GET", tracked["media_urls"][0])
        photo = conn.getresponse()
        data = photo.read()
        conn.close()
        self.assertEqual(photo.status, 200)
        self.assertNotIn(CAMERA, data, "the camera's metadata is removed")
        self.assertNotIn(b"Exif", data)
        self.assertLessEqual(max(jpeg_size(data)), 1600)

        # Staff see the photo among the case's files, the web channel and the consent given.
        files = self.server.api("GET", f"cases/{number}/attachments", self.roads).json()
        self.assertEqual([a["name"] for a in files["attachments"]], ["IMG_2041.jpg"])
        self.assertTrue(files["attachments"][0]["public"])
        case = self.server.api("GET", f"cases/{number}", self.roads).json()
        self.assertEqual(case["channel"], "web")
        history = self.server.api("GET", f"cases/{number}/history", self.roads).json()
        notes = [e["description"] for e in history["events"] if e["kind"] == "note"]
        self.assertTrue(any("2026-01" in n for n in notes), notes)

        # Open311 clients see the photo too.
        listed = self.server.get(f"/open311/v2/requests/{number}.json",
                                 jurisdiction_id="wroclaw.pl").json()
        self.assertTrue(listed[0]["media_url"].endswith(".jpg"))

    def test_a_retry_with_the_same_key_gives_the_same_case_once(self):
        key = str(uuid.uuid4())
        fields = [("service_code", "graffiti"), ("address_string", "ul. Ruska 46, Wrocław"),
                  ("description", "Napis na elewacji kamienicy")]
        before = self.cases_count()
        first = self.send(fields, key=key)
        self.assertEqual(first.status, 201, first)
        again = self.send(fields, key=key)  # Another boundary, the same report.
        self.assertEqual(again.status, 200, again)
        self.assertEqual(again.headers.get("idempotent-replayed"), "true")
        self.assertEqual(again.json()["number"], first.json()["number"])
        self.assertEqual(self.cases_count(), before + 1)
        other = self.send(fields[:-1] + [("description", "Inny napis")], key=key)
        self.assertEqual(other.status, 409, other)

    def test_bad_reports_are_refused_with_every_reason_and_store_nothing(self):
        before = self.cases_count()
        r = self.send([("service_code", "pothole"), ("email", "ala@example.pl")],
                      [("photo", "notes.txt", b"just text"),
                       ("document", "a.jpg", phone_photo())])
        self.assertEqual(r.status, 400, r)
        fields = {e["field"] for e in r.json()["errors"]}
        self.assertTrue({"lat", "attribute[size]", "photo", "document", "consent"} <= fields,
                        fields)

        too_many = self.send(POTHOLE, [("photo", f"{i}.jpg", phone_photo()) for i in range(4)])
        self.assertEqual(too_many.status, 400, too_many)
        self.assertIn("at most 3 photos", too_many.json()["error"]["message"])

        old_consent = self.send(POTHOLE + [("phone", "+48 600 100 200"), ("consent", "2019")])
        self.assertEqual(old_consent.status, 400)
        self.assertEqual(old_consent.json()["error"]["field"], "consent")

        broken = self.send(POTHOLE, [("photo", "broken.jpg", b"\xff\xd8\xff" + b"\0" * 100)])
        self.assertEqual(broken.status, 400, broken)
        self.assertEqual(broken.json()["error"]["field"], "photo")

        not_multipart = self.server.request("POST", "/api/v1/public/reports",
                                            json.dumps({"service_code": "pothole"}),
                                            {"Content-Type": "application/json"})
        self.assertEqual(not_multipart.status, 400)
        self.assertIn("multipart", not_multipart.json()["error"]["message"])
        bad_key = self.send(POTHOLE, key="x" * 300)
        self.assertEqual(bad_key.status, 400)
        self.assertEqual(self.cases_count(), before)

    def test_reports_larger_than_the_upload_limit_are_refused(self):
        # Refused as soon as the headers say so (16 MiB by default), before the body is read.
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        sock.sendall(b"POST /api/v1/public/reports HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: multipart/form-data; boundary=b\r\n"
                     + f"Content-Length: {17 << 20}\r\n\r\n--b\r\n".encode())
        answer = sock.recv(4096).decode(errors="replace")
        sock.close()
        self.assertTrue(answer.startswith("HTTP/1.1 413"), answer)


class PortalLimitTest(unittest.TestCase):
    """One address may send `portal.reports_per_hour` reports; more wait (429, Retry-After)."""

    def test_an_address_sending_too_many_reports_is_told_when_to_come_back(self):
        server = Ratusz(env={"RATUSZ_PORTAL__REPORTS_PER_HOUR": "2"})
        try:
            server.new_api_key()  # Makes the data directory's keys before the server starts.
            server.start()

            def send(n):
                body, content_type = multipart(
                    [("service_code", "graffiti"), ("address_string", f"ul. Ruska {n}"),
                     ("description", "Napis na murze")])
                return server.request("POST", "/api/v1/public/reports", body,
                                      {"Content-Type": content_type})

            self.assertEqual(send(1).status, 201)
            self.assertEqual(send(2).status, 201)
            refused = send(3)
            self.assertEqual(refused.status, 429, refused)
            self.assertGreater(int(refused.headers["retry-after"]), 3000)
            self.assertLessEqual(int(refused.headers["retry-after"]), 3601)
            self.assertIn("too many reports", refused.json()["error"]["message"])
            # Reading is not limited.
            self.assertEqual(server.get("/api/v1/public/portal").status, 200)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
