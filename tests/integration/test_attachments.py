"""Files on cases, on the real binary: a phone photo with GPS coordinates and camera data in
its EXIF is stored upright and without any metadata, with a thumbnail; public photos reach
Open311 updates and the public media URL, internal ones never; documents are kept as sent;
anything else, damaged pictures, decompression bombs and oversized uploads are refused."""

import os
import socket
import struct
import unittest
import zlib

from ratusz_harness import Ratusz

HERE = os.path.dirname(os.path.abspath(__file__))
CAMERA = b"RatuszTestCam"


def exif_app1(orientation=6):
    """An EXIF APP1 segment as a phone writes it: camera make and model, orientation, and a
    GPS position (51 deg 6' 36" N, 17 deg 1' 48" E), big-endian TIFF."""
    make, model = CAMERA + b"\0", b"Phone 9\0"
    entries0 = 4
    ifd0_size = 2 + 12 * entries0 + 4
    make_at = 8 + ifd0_size
    model_at = make_at + len(make)
    gps_at = model_at + len(model)
    gps_entries = 4
    gps_size = 2 + 12 * gps_entries + 4
    lat_at = gps_at + gps_size
    lon_at = lat_at + 24

    def entry(tag, typ, count, value):
        return struct.pack(">HHI", tag, typ, count) + value

    ifd0 = struct.pack(">H", entries0)
    ifd0 += entry(0x010F, 2, len(make), struct.pack(">I", make_at))
    ifd0 += entry(0x0110, 2, len(model), struct.pack(">I", model_at))
    ifd0 += entry(0x0112, 3, 1, struct.pack(">HH", orientation, 0))
    ifd0 += entry(0x8825, 4, 1, struct.pack(">I", gps_at))
    ifd0 += struct.pack(">I", 0)
    gps = struct.pack(">H", gps_entries)
    gps += entry(0x0001, 2, 2, b"N\0\0\0")
    gps += entry(0x0002, 5, 3, struct.pack(">I", lat_at))
    gps += entry(0x0003, 2, 2, b"E\0\0\0")
    gps += entry(0x0004, 5, 3, struct.pack(">I", lon_at))
    gps += struct.pack(">I", 0)
    lat = struct.pack(">IIIIII", 51, 1, 6, 1, 3600, 100)
    lon = struct.pack(">IIIIII", 17, 1, 1, 1, 4800, 100)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + make + model + gps + lat + lon
    payload = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def phone_photo():
    with open(os.path.join(HERE, "data", "photo-1600x1200.jpg"), "rb") as f:
        base = f.read()
    return base[:2] + exif_app1() + base[2:]


def jpeg_size(data):
    """(width, height) from a JPEG's SOF marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    raise AssertionError("no SOF marker")


def png(width, height):
    """A valid PNG header claiming a huge picture (a decompression bomb's first bytes)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


class AttachmentsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz(env={"RATUSZ_SERVER__UPLOAD_LIMIT": str(4 * 1024 * 1024)})
        s = cls.server
        s.add_user("agata", "agent")
        s.add_user("roads", "specialist", departments=["roads-authority"])
        s.add_user("green", "specialist", departments=["greenery"])
        s.start()
        cls.t = {n: s.login(n) for n in ["agata", "roads", "green"]}
        r = s.api("POST", "cases", cls.t["agata"], {
            "jurisdiction_id": "wroclaw.pl", "service_code": "pothole", "channel": "phone",
            "description": "Dziura przy szkole", "lat": 51.11, "long": 17.03,
            "attributes": {"size": "large"}})
        assert r.status == 201, r
        cls.number = r.json()["number"]

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def upload(self, data, name, public=None, who="roads", number=None):
        path = f"/api/v1/cases/{number or self.number}/attachments?name={name}"
        if public is not None:
            path += f"&public={public}"
        return self.server.request("POST", path, data,
                                   {"Authorization": "Bearer " + self.t[who],
                                    "Content-Type": "application/octet-stream"})

    def fetch(self, path, who="roads"):
        conn = self.server.connection()
        conn.request("GET", path, headers={"Authorization": "Bearer " + self.t[who]} if who else {})
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, dict(r.getheaders()), body

    def test_phone_photo_is_stored_upright_without_location_or_camera(self):
        original = phone_photo()
        self.assertIn(CAMERA, original)
        self.assertIn(b"Exif", original)
        r = self.upload(original, "IMG_0001.jpg", public="true")
        self.assertEqual(r.status, 201, r)
        a = r.json()
        self.assertEqual(a["kind"], "photo")
        self.assertEqual(a["content_type"], "image/jpeg")
        # EXIF orientation 6 (turned 90 degrees): stored upright, so portrait.
        self.assertEqual((a["width"], a["height"]), (1200, 1600))

        status, headers, stored = self.fetch(a["url"])
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "image/jpeg")
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertNotIn(CAMERA, stored)
        self.assertNotIn(b"Exif", stored)
        self.assertNotIn(b"Phone 9", stored)
        self.assertEqual(jpeg_size(stored), (1200, 1600))

        status, _, thumb = self.fetch(a["thumbnail_url"])
        self.assertEqual(status, 200)
        self.assertEqual(max(jpeg_size(thumb)), 320)
        self.assertNotIn(CAMERA, thumb)
        self.assertLess(len(thumb), len(stored))

        # Public: anyone can see it at its public URL, and it is an Open311 update's media_url.
        public_path = a["public_url"][a["public_url"].index("/api/v1/"):]
        status, headers, body = self.fetch(public_path, who=None)
        self.assertEqual(status, 200)
        self.assertEqual(body, stored)
        self.assertIn("immutable", headers["Cache-Control"])
        status, _, small = self.fetch(public_path.replace(".jpg", ".thumb.jpg"), who=None)
        self.assertEqual((status, small), (200, thumb))
        updates = self.server.get("/open311/v2/servicerequestupdates.json",
                                  jurisdiction_id="wroclaw.pl").json()
        mine = [u for u in updates if u["service_request_id"] == self.number and u["media_url"]]
        self.assertEqual(len(mine), 1)
        self.assertTrue(mine[0]["media_url"].endswith(a["sha256"] + ".jpg"))

        listed = self.server.api("GET", f"cases/{self.number}/attachments", self.t["agata"]).json()
        self.assertIn(a["id"], [x["id"] for x in listed["attachments"]])
        history = self.server.api("GET", f"cases/{self.number}/history", self.t["agata"]).json()
        self.assertIn("attached", [e["kind"] for e in history["events"]])

    def test_internal_photo_stays_internal(self):
        with open(os.path.join(HERE, "data", "photo-1600x1200.jpg"), "rb") as f:
            base = f.read()
        r = self.upload(base[:2] + exif_app1(orientation=1) + base[2:], "damage.jpg")
        self.assertEqual(r.status, 201, r)
        a = r.json()
        self.assertFalse(a["public"])
        self.assertEqual((a["width"], a["height"]), (1600, 1200))
        self.assertNotIn("public_url", a)
        self.assertEqual(self.fetch(f"/api/v1/public/media/{a['sha256']}.jpg", who=None)[0], 404)
        updates = self.server.get("/open311/v2/servicerequestupdates.json",
                                  jurisdiction_id="wroclaw.pl").json()
        self.assertFalse(any(a["sha256"] in u["media_url"] for u in updates))

    def test_documents_are_kept_as_sent_and_never_public(self):
        pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
        r = self.upload(pdf, "protokol.pdf")
        self.assertEqual(r.status, 201, r)
        a = r.json()
        self.assertEqual((a["kind"], a["content_type"]), ("document", "application/pdf"))
        status, headers, body = self.fetch(a["url"])
        self.assertEqual((status, body), (200, pdf))
        self.assertTrue(headers["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(self.upload(pdf, "protokol.pdf", public="true").status, 400)
        text = "Notatka: ul. Źródłowa\n".encode()
        r = self.upload(text, "notatka.txt")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["content_type"], "text/plain")

    def test_bad_files_are_refused_with_a_reason(self):
        cases = [
            (b"<script>alert(1)</script>", "x.html", 400),
            (b"MZ\x90\x00binary", "setup.exe", 400),
            (b"PK\x03\x04zipzip", "archive.zip", 400),
            (b"\xff\xd8\xff\xe0" + b"\0" * 100, "broken.jpg", 400),
            (png(100000, 100000), "bomb.png", 400),
            (b"", "empty.jpg", 400),
        ]
        for data, name, status in cases:
            with self.subTest(name=name):
                r = self.upload(data, name)
                self.assertEqual(r.status, status, r)
                self.assertIn("error", r.json())
        self.assertIn("megapixels", self.upload(png(100000, 100000), "bomb.png").json()["error"]["message"])
        self.assertEqual(self.upload(b"%PDF-1.4", "x.pdf", public="maybe").status, 400)
        self.assertEqual(self.upload(b"%PDF-1.4", "%01evil.pdf").status, 400)
        # Over the upload limit: refused as soon as the headers say so.
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        sock.sendall(f"POST /api/v1/cases/{self.number}/attachments?name=big.pdf HTTP/1.1\r\n"
                     f"Host: x\r\nAuthorization: Bearer {self.t['roads']}\r\n"
                     f"Content-Length: {5 * 1024 * 1024}\r\n\r\n%PDF-1.4\n".encode())
        answer = sock.recv(4096).decode(errors="replace")
        sock.close()
        self.assertTrue(answer.startswith("HTTP/1.1 413"), answer)
        listed = self.server.api("GET", f"cases/{self.number}/attachments", self.t["agata"]).json()
        self.assertFalse(any(x["name"] in ("x.html", "bomb.png", "broken.jpg")
                             for x in listed["attachments"]))

    def test_only_those_who_see_the_case_attach_and_read(self):
        r = self.upload(b"%PDF-1.4\n", "x.pdf", who="green")
        self.assertEqual(r.status, 403, r)
        listed = self.server.api("GET", f"cases/{self.number}/attachments", self.t["green"])
        self.assertEqual(listed.status, 403)
        r = self.upload(b"%PDF-1.4 agent\n", "from-agent.pdf", who="agata")
        self.assertEqual(r.status, 201, r)
        status, _, _ = self.fetch(r.json()["url"], who="green")
        self.assertEqual(status, 403)
        status, _, _ = self.fetch(r.json()["url"], who=None)
        self.assertEqual(status, 401)
        self.assertEqual(self.fetch(f"/api/v1/cases/{self.number}/attachments/999999")[0], 404)
        self.assertEqual(self.fetch("/api/v1/public/media/" + "0" * 64 + ".jpg", who=None)[0], 404)
        self.assertEqual(self.fetch("/api/v1/public/media/../../etc/passwd", who=None)[0], 404)


if __name__ == "__main__":
    unittest.main()
