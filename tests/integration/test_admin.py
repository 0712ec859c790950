"""The administrators' endpoints on the real binary: staff accounts (added with a role and
units, disabled and enabled again, their sessions ended), Open311 API keys (created with the
secret shown once, listed without it, revoked), and the city as configured, read-only — every
one refused to anyone but an administrator."""

import json
import unittest

from ratusz_harness import Ratusz, report


class AdminTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz()
        cls.server.add_user("root", "admin")
        cls.server.add_user("boss", "supervisor")
        cls.server.start()
        cls.root = cls.server.login("root")
        cls.boss = cls.server.login("boss")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def call(self, method, path, body=None, token=None):
        return self.server.api(method, path, token or self.root, body)

    def test_only_administrators_get_in(self):
        for method, path in [("GET", "admin/users"), ("POST", "admin/users"),
                             ("GET", "admin/api-keys"), ("GET", "admin/catalog"),
                             ("POST", "admin/users/root/disable")]:
            r = self.call(method, path, {} if method == "POST" else None, token=self.boss)
            self.assertEqual(r.status, 403, (path, r))
            r = self.server.request(method, "/api/v1/" + path)
            self.assertEqual(r.status, 401, (path, r))

    def test_a_new_user_logs_in_until_disabled(self):
        r = self.call("POST", "admin/users", {
            "username": "nowa.specjalistka", "display_name": "Nowa Specjalistka",
            "role": "specialist", "departments": ["greenery"], "password": "zielone-drzewa-12"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json()["role"], r.json()["departments"]), ("specialist", ["greenery"]))
        self.assertNotIn("password", r.body)
        listed = {u["username"]: u for u in self.call("GET", "admin/users").json()["users"]}
        self.assertFalse(listed["nowa.specjalistka"]["disabled"])
        self.assertNotIn("hash", json.dumps(listed))

        login = self.server.request("POST", "/api/v1/auth/login", json.dumps(
            {"username": "nowa.specjalistka", "password": "zielone-drzewa-12"}))
        self.assertEqual(login.status, 200, login)
        token = login.json()["token"]
        self.assertEqual(self.server.api("GET", "me", token).status, 200)

        self.assertEqual(self.call("POST", "admin/users/nowa.specjalistka/disable", {}).status, 200)
        self.assertEqual(self.server.api("GET", "me", token).status, 401, "her session ended")
        again = self.server.request("POST", "/api/v1/auth/login", json.dumps(
            {"username": "nowa.specjalistka", "password": "zielone-drzewa-12"}))
        self.assertEqual(again.status, 401)
        self.assertEqual(self.call("POST", "admin/users/nowa.specjalistka/enable", {}).status, 200)
        again = self.server.request("POST", "/api/v1/auth/login", json.dumps(
            {"username": "nowa.specjalistka", "password": "zielone-drzewa-12"}))
        self.assertEqual(again.status, 200)

    def test_bad_users_are_refused_with_the_field(self):
        base = {"username": "x.y", "role": "agent", "password": "dlugie-haslo-123"}
        for change, field in [({"role": "king"}, "role"),
                              ({"departments": ["nowhere"]}, "departments"),
                              ({"jurisdictions": ["gdansk.pl"]}, "jurisdictions"),
                              ({"password": "krotkie"}, "password"),
                              ({"username": "Zły Login"}, "username"),
                              ({"departments": "greenery"}, "departments")]:
            r = self.call("POST", "admin/users", {**base, **change})
            self.assertEqual(r.status, 400, (change, r))
            self.assertEqual(r.json()["error"]["field"], field, change)
        self.assertEqual(self.call("POST", "admin/users", "[not json").status, 400)
        self.assertEqual(self.call("POST", "admin/users", {**base, "username": "root"}).status,
                         409, "a taken username")
        self.assertEqual(self.call("POST", "admin/users/root/disable", {}).status, 400,
                         "nobody locks themselves out")
        self.assertEqual(self.call("POST", "admin/users/nobody-here/disable", {}).status, 404)

    def test_api_keys_are_created_once_listed_without_secret_and_revoked(self):
        r = self.call("POST", "admin/api-keys", {"name": "Aplikacja dzielnicy"})
        self.assertEqual(r.status, 201, r)
        key = r.json()
        secret = key["key"]
        posted = self.server.post_form("/open311/v2/requests.json", report(secret))
        self.assertEqual(posted.status, 200, posted)
        listed = self.call("GET", "admin/api-keys").json()["keys"]
        mine = [k for k in listed if k["id"] == key["id"]]
        self.assertEqual(len(mine), 1)
        self.assertNotIn(secret, json.dumps(listed))
        self.assertTrue(secret.startswith(mine[0]["prefix"]))
        self.assertEqual(self.call("POST", f"admin/api-keys/{key['id']}/revoke", {}).status, 200)
        refused = self.server.post_form("/open311/v2/requests.json", report(secret))
        self.assertEqual(refused.status, 403, refused)
        self.assertEqual(self.call("POST", "admin/api-keys", {"name": ""}).status, 400)
        self.assertEqual(self.call("POST", "admin/api-keys/abc/revoke", {}).status, 404)

    def test_the_city_as_configured(self):
        city = self.call("GET", "admin/catalog").json()
        self.assertEqual([j["id"] for j in city["jurisdictions"]], ["wroclaw.pl", "warszawa.pl"])
        units = {u["id"]: u for u in city["units"]}
        self.assertEqual(units["fire-brigade"]["name"]["en"], "Fire Brigade")
        services = {s["code"]: s for s in city["services"]}
        self.assertEqual(len(services), 37)
        pothole = services["pothole"]
        self.assertEqual(pothole["name"], {"pl": "Dziura w jezdni", "en": "Pothole"})
        self.assertEqual(pothole["questions"][0]["code"], "size")
        self.assertTrue(pothole["questions"][0]["required"])
        self.assertEqual(pothole["workflow"]["sla_hours"]["normal"], 72)
        self.assertEqual(pothole["workflow"]["duplicate_radius_m"], 50)
        self.assertEqual(services["fallen-tree"]["workflow"]["dispatch"],
                         ["city-guard", "fire-brigade", "greenery"])
        self.assertEqual(self.call("POST", "admin/catalog", {}).status, 400)


if __name__ == "__main__":
    unittest.main()
