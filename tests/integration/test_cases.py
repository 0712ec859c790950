"""The staff case-handling API on the real binary with a real SQLite file: registering on behalf
of a caller, multi-unit dispatch, role separation, optimistic concurrency, public and internal
notes reaching (or not) Open311, search with diacritics folding, CSV export, merging, and
concurrent staff actions."""

import datetime
import json
import threading
import unittest
import urllib.parse

from ratusz_harness import Ratusz, report

TREE = {"jurisdiction_id": "wroclaw.pl", "service_code": "fallen-tree",
        "description": "Drzewo leży na jezdni, nie da się przejechać",
        "lat": 51.1101, "long": 17.0301, "address_string": "ul. Źródłowa 5, Wrocław",
        "attributes": {"blocking": "roadway"}, "channel": "phone",
        "first_name": "Jan", "phone": "+48 600 100 200"}

POTHOLE = {"jurisdiction_id": "wroclaw.pl", "service_code": "pothole",
           "description": "Głęboka dziura przy przejściu dla pieszych",
           "lat": 51.1079, "long": 17.0385, "address_string": "ul. Legnicka 12",
           "attributes": {"size": "large"}, "channel": "walk_in"}


def when(days):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class CaseHandlingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz()
        s = cls.server
        s.add_user("agata", "agent")
        s.add_user("guard", "specialist", departments=["city-guard"])
        s.add_user("fire", "specialist", departments=["fire-brigade"])
        s.add_user("green", "specialist", departments=["greenery"])
        s.add_user("roads", "specialist", departments=["roads-authority"])
        s.add_user("boss", "supervisor", jurisdictions=["wroclaw.pl"])
        s.add_user("audit", "auditor")
        cls.key = s.new_api_key()
        s.start()
        cls.t = {name: s.login(name) for name in
                 ["agata", "guard", "fire", "green", "roads", "boss", "audit"]}

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def call(self, who, method, path, body=None):
        return self.server.api(method, path, self.t[who], body)

    def register(self, body, who="agata"):
        r = self.call(who, "POST", "cases", body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def task(self, case, unit):
        return next(t for t in case["tasks"] if t["department"] == unit)

    def test_fallen_tree_goes_to_three_units_with_their_own_clocks(self):
        case = self.register(TREE)
        units = {t["department"]: t for t in case["tasks"]}
        self.assertEqual(set(units), {"city-guard", "fire-brigade", "greenery"})
        self.assertTrue(units["city-guard"]["lead"])
        self.assertEqual(case["priority"], "high")
        self.assertFalse(case["emergency"])
        self.assertNotIn("advice", case)
        # The brigade and the guard work around the clock, greenery office hours: the clocks
        # differ, and the resident is promised the latest of them.
        self.assertIsNotNone(units["greenery"]["due_at"])
        self.assertEqual(case["expected_at"], max(t["due_at"] for t in case["tasks"]))
        public = self.server.get(f"/open311/v2/requests/{case['number']}.json",
                                 jurisdiction_id="wroclaw.pl").json()[0]
        self.assertEqual(public["expected_datetime"], case["expected_at"])
        self.assertEqual(public["status"], "open")

        n = case["number"]
        # Each unit moves only its own task; the case closes when all are done.
        for who, unit in [("fire", "fire-brigade"), ("guard", "city-guard")]:
            r = self.call(who, "POST", f"cases/{n}/tasks/{unit}", {"status": "in_progress"})
            self.assertEqual(r.status, 200, r)
            r = self.call(who, "POST", f"cases/{n}/tasks/{unit}", {"status": "resolved"})
            self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "in_progress")
        r = self.call("green", "POST", f"cases/{n}/tasks/greenery", {"status": "in_progress"})
        self.assertEqual(r.status, 200, r)
        r = self.call("green", "POST", f"cases/{n}/tasks/greenery",
                      {"status": "resolved", "note": "Drzewo pocięte i wywiezione",
                       "public": True})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "fixed")
        self.assertIsNone(r.json()["expected_at"])
        public = self.server.get(f"/open311/v2/requests/{n}.json",
                                 jurisdiction_id="wroclaw.pl").json()[0]
        self.assertEqual(public["status"], "closed")
        self.assertIn("Drzewo pocięte i wywiezione", public["status_notes"])

    def test_a_resident_tracks_the_case_by_its_number(self):
        case = self.register(dict(POTHOLE, first_name="Ewa", email="ewa.sledzi@example.pl"))
        n = case["number"]
        r = self.call("agata", "POST", f"cases/{n}/notes",
                      {"text": "Dzwoniła sąsiadka pani Ewy", "public": False})
        self.assertIn(r.status, (200, 201), r)
        r = self.call("roads", "POST", f"cases/{n}/tasks/roads-authority",
                      {"status": "in_progress", "note": "Ekipa wyjedzie w czwartek",
                       "public": True})
        self.assertEqual(r.status, 200, r)
        # Anyone with the number, as typed on a phone (lower case, no dash).
        r = self.server.get("/api/v1/public/cases/" + n.lower().replace("-", ""), lang="en")
        self.assertEqual(r.status, 200, r)
        tracked = r.json()
        self.assertEqual((tracked["number"], tracked["status"], tracked["service_name"]),
                         (n, "in_progress", "Pothole"))
        self.assertEqual(tracked["expected_at"], case["expected_at"])
        notes = [e["note"] for e in tracked["timeline"]]
        self.assertIn("Ekipa wyjedzie w czwartek", notes)
        text = json.dumps(tracked, ensure_ascii=False)
        for private in ("Dzwoniła sąsiadka", "ewa.sledzi", "Ewa", "user:roads", "agata"):
            self.assertNotIn(private, text)
        self.assertEqual(self.server.get("/api/v1/public/cases/K7M2-QX4P").status, 404)
        self.assertEqual(self.server.get("/api/v1/public/cases/not-a-number").status, 404)
        self.assertEqual(self.server.request("POST", f"/api/v1/public/cases/{n}", "{}").status,
                         400)

    def test_emergency_phrase_tells_the_agent_to_direct_the_caller_to_112(self):
        body = dict(POTHOLE, description="Z włazu ulatnia się gaz, czuć go na całej ulicy")
        case = self.register(body)
        self.assertTrue(case["emergency"])
        self.assertEqual(case["priority"], "urgent")
        self.assertIn("112", case["advice"]["pl"])
        self.assertIn("112", case["advice"]["en"])
        history = self.call("agata", "GET", f"cases/{case['number']}/history").json()["events"]
        emergency = [e for e in history if e["kind"] == "emergency"]
        self.assertEqual(len(emergency), 1)
        self.assertEqual(emergency[0]["department"], "crisis-centre")
        self.assertFalse(emergency[0]["public"])

    def test_roles_are_separated_and_every_refusal_says_why(self):
        case = self.register(POTHOLE)
        n = case["number"]
        r = self.call("agata", "POST", f"cases/{n}/tasks/roads-authority",
                      {"status": "in_progress"})
        self.assertEqual(r.status, 403)
        self.assertIn("agent", r.json()["error"]["message"])
        r = self.call("guard", "POST", f"cases/{n}/tasks/roads-authority",
                      {"status": "in_progress"})
        self.assertEqual(r.status, 403)
        self.assertIn("not dispatched to your units", r.json()["error"]["message"])
        r = self.call("guard", "GET", f"cases/{n}")
        self.assertEqual(r.status, 403)
        r = self.call("audit", "POST", "cases", POTHOLE)
        self.assertEqual(r.status, 403)
        self.assertIn("auditor", r.json()["error"]["message"])
        r = self.call("roads", "POST", f"cases/{n}/classify", {"service_code": "graffiti"})
        self.assertEqual(r.status, 403)
        # A specialist's search covers only their units; asking for another unit is refused.
        r = self.call("guard", "GET", "cases?department=roads-authority")
        self.assertEqual(r.status, 403)
        listed = self.call("roads", "GET", "cases?page_size=200").json()
        self.assertTrue(all(any(t["department"] == "roads-authority" for t in c["tasks"])
                            for c in listed["cases"]))
        self.assertIn(n, [c["number"] for c in listed["cases"]])
        # Nothing was half-applied by the refusals.
        after = self.call("boss", "GET", f"cases/{n}").json()
        self.assertEqual(after["version"], case["version"])
        self.assertEqual(self.task(after, "roads-authority")["state"], "new")

    def test_stale_writes_illegal_transitions_and_bad_input_are_precise(self):
        case = self.register(POTHOLE)
        n = case["number"]
        ok = self.call("roads", "POST", f"cases/{n}/tasks/roads-authority",
                       {"status": "acknowledged", "version": case["version"]})
        self.assertEqual(ok.status, 200, ok)
        stale = self.call("roads", "POST", f"cases/{n}/tasks/roads-authority",
                          {"status": "in_progress", "version": case["version"]})
        self.assertEqual(stale.status, 409)
        self.assertEqual(stale.json()["error"]["field"], "version")
        self.assertIn(f"version {ok.json()['version']}", stale.json()["error"]["message"])
        illegal = self.call("roads", "POST", f"cases/{n}/tasks/roads-authority",
                            {"status": "closed"})
        self.assertEqual(illegal.status, 409)
        self.assertIn("cannot go from acknowledged to closed", illegal.json()["error"]["message"])
        for path, body, status in [
            (f"cases/{n}/tasks/roads-authority", {"status": "teleported"}, 400),
            (f"cases/{n}/tasks/roads-authority", "{not json", 400),
            (f"cases/{n}/tasks/roads-authority", {"status": "in_progress", "version": "7"}, 400),
            (f"cases/{n}/tasks/no-such-unit", {"status": "in_progress"}, 403),
            (f"cases/{n}/dispatch", {"department": "no-such-unit"}, 404),
            (f"cases/{n}/classify", {"service_code": "no-such-service"}, 404),
            (f"cases/{n}/frobnicate", {}, 404),
            ("cases/NOT-A-NUMBER/notes", {"text": "x"}, 404),
            (f"cases/{n}/notes", {"text": ""}, 400),
            (f"cases/{n}/notes", {"text": "a\u0000b"}, 400),
        ]:
            who = "boss" if "dispatch" in path or "classify" in path or "notes" in path else "roads"
            if "no-such-unit" in path and "tasks" in path:
                who = "roads"
            r = self.call(who, "POST", path, body)
            self.assertEqual(r.status, status, (path, body, r))
            self.assertIn("message", r.json()["error"])
        final = self.call("boss", "GET", f"cases/{n}").json()
        self.assertEqual(final["version"], ok.json()["version"])

    def test_public_notes_reach_open311_and_internal_ones_do_not(self):
        case = self.register(POTHOLE)
        n = case["number"]
        r = self.call("agata", "POST", f"cases/{n}/notes",
                      {"text": "Notatka wewnętrzna: dzwoniący nerwowy", "public": False})
        self.assertEqual(r.status, 200, r)
        r = self.call("roads", "POST", f"cases/{n}/tasks/roads-authority",
                      {"status": "in_progress", "note": "Ekipa skierowana na miejsce",
                       "public": True})
        self.assertEqual(r.status, 200, r)
        updates = self.server.get(
            "/open311/v2/servicerequestupdates.json", api_key=self.key,
            jurisdiction_id="wroclaw.pl", start_date=when(-1), end_date=when(1)).json()
        mine = [u for u in updates if u["service_request_id"] == n]
        self.assertEqual([u["status"] for u in mine], ["in_progress"])
        self.assertEqual(mine[0]["description"], "Ekipa skierowana na miejsce")
        self.assertNotIn("nerwowy", json.dumps(updates, ensure_ascii=False))
        history = self.call("boss", "GET", f"cases/{n}/history").json()["events"]
        kinds = [e["kind"] for e in history]
        self.assertEqual(kinds[0], "created")
        self.assertIn("note", kinds)
        self.assertIn("task_status", kinds)
        self.assertEqual(history[0]["actor"], "user:agata")

    def test_search_filters_folding_geography_sla_and_csv(self):
        a = self.register(dict(POTHOLE, address_string="ul. Źródłowa 17",
                               description="Wyrwa w asfalcie przy Źródłowej"))
        b = self.register(dict(TREE, lat=51.20, long=17.15, address_string="ul. Kasztanowa 3"))
        found = self.call("boss", "GET", "cases?q=" + urllib.parse.quote("ulica Zrodlowa"))
        self.assertEqual(found.status, 200, found)
        numbers = [c["number"] for c in found.json()["cases"]]
        self.assertIn(a["number"], numbers)
        self.assertNotIn(b["number"], numbers)
        near = self.call("boss", "GET", "cases?lat=51.1079&long=17.0385&radius=50").json()
        near_numbers = [c["number"] for c in near["cases"]]
        self.assertIn(a["number"], near_numbers)
        self.assertNotIn(b["number"], near_numbers)
        box = self.call("boss", "GET", "cases?bbox=51.19,17.14,51.21,17.16").json()
        self.assertEqual([c["number"] for c in box["cases"]], [b["number"]])
        by_unit = self.call("boss", "GET", "cases?department=fire-brigade&page_size=200").json()
        self.assertIn(b["number"], [c["number"] for c in by_unit["cases"]])
        self.assertNotIn(a["number"], [c["number"] for c in by_unit["cases"]])
        on_time = self.call("boss", "GET", "cases?sla=on_time&page_size=200").json()
        self.assertIn(a["number"], [c["number"] for c in on_time["cases"]])
        breached = self.call("boss", "GET", "cases?sla=breached&page_size=200").json()
        self.assertNotIn(a["number"], [c["number"] for c in breached["cases"]])
        walk_in = self.call("boss", "GET", "cases?channel=walk_in&page_size=200").json()
        self.assertIn(a["number"], [c["number"] for c in walk_in["cases"]])
        self.assertNotIn(b["number"], [c["number"] for c in walk_in["cases"]])
        paged = self.call("boss", "GET", "cases?page_size=1&page=2&sort=oldest").json()
        self.assertEqual(len(paged["cases"]), 1)
        self.assertGreaterEqual(paged["total"], 2)
        csv = self.call("boss", "GET", "cases?format=csv&q=zrodlowej")
        self.assertEqual(csv.status, 200)
        self.assertTrue(csv.headers["content-type"].startswith("text/csv"))
        lines = csv.body.strip().split("\r\n")
        self.assertTrue(lines[0].startswith("number,jurisdiction_id,service_code,status"))
        self.assertTrue(any(line.startswith(a["number"] + ",") for line in lines[1:]))
        for bad in ["sla=late", "bbox=1,2,3", "radius=10", "sort=random", "page_size=100000",
                    "from=yesterday", "status=melted", "lat=91&long=0&radius=5"]:
            r = self.call("boss", "GET", "cases?" + bad)
            self.assertEqual(r.status, 400, (bad, r))

    def test_merge_unmerge_and_their_refusals(self):
        master = self.register(POTHOLE)
        dup = self.register(dict(POTHOLE, description="Ta sama dziura, Legnicka 12"))
        r = self.call("agata", "POST", f"cases/{dup['number']}/merge",
                      {"into": master["number"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "duplicate")
        self.assertEqual(r.json()["master"], master["number"])
        public = self.server.get(f"/open311/v2/requests/{dup['number']}.json",
                                 jurisdiction_id="wroclaw.pl").json()[0]
        self.assertEqual(public["status"], "closed")
        self.assertIn(master["number"], public["status_notes"])
        again = self.call("agata", "POST", f"cases/{master['number']}/merge",
                          {"into": dup["number"]})
        self.assertEqual(again.status, 409)
        warsaw = self.register(dict(POTHOLE, jurisdiction_id="warszawa.pl", lat=52.23,
                                    long=21.01))
        across = self.call("agata", "POST", f"cases/{warsaw['number']}/merge",
                           {"into": master["number"]})
        self.assertEqual(across.status, 400)
        self.assertIn("different jurisdictions", across.json()["error"]["message"])
        r = self.call("agata", "POST", f"cases/{dup['number']}/unmerge",
                      {"from": master["number"]})
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(r.json()["master"])
        self.assertEqual(r.json()["status"], "in_progress")
        master_history = self.call("boss", "GET",
                                   f"cases/{master['number']}/history").json()["events"]
        self.assertEqual([e["kind"] for e in master_history if e["kind"] in ("merged",
                                                                             "unmerged")],
                         ["merged", "unmerged"])

    def test_supervisor_of_one_city_cannot_see_another(self):
        warsaw = self.register(dict(POTHOLE, jurisdiction_id="warszawa.pl", lat=52.23,
                                    long=21.01))
        r = self.call("boss", "GET", f"cases/{warsaw['number']}")
        self.assertEqual(r.status, 403)
        self.assertIn("warszawa.pl", r.json()["error"]["message"])
        r = self.call("boss", "GET", "cases?jurisdiction_id=warszawa.pl")
        self.assertEqual(r.status, 403)

    def test_open311_reports_are_dispatched_too(self):
        r = self.server.post_form("/open311/v2/requests.json", report(self.key))
        self.assertEqual(r.status, 200, r)
        n = r.json()[0]["service_request_id"]
        case = self.call("boss", "GET", f"cases/{n}").json()
        self.assertEqual([t["department"] for t in case["tasks"]], ["roads-authority"])
        self.assertEqual(case["channel"], "open311")

    def test_two_staff_acting_at_once_lose_no_event(self):
        case = self.register(POTHOLE)
        n = case["number"]
        errors = []

        def notes(who, count):
            conn = self.server.connection()
            for i in range(count):
                r = self.server.api("POST", f"cases/{n}/notes", self.t[who],
                                    {"text": f"{who} {i}"}, conn=conn)
                if r.status != 200:
                    errors.append(r)
            conn.close()

        threads = [threading.Thread(target=notes, args=(who, 25)) for who in ("agata", "boss")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        history = self.call("boss", "GET", f"cases/{n}/history").json()["events"]
        texts = {e["description"] for e in history if e["kind"] == "note"}
        self.assertEqual(len(texts), 50)
        final = self.call("boss", "GET", f"cases/{n}").json()
        self.assertEqual(final["version"], case["version"] + 50)

    def test_unauthenticated_calls_are_refused(self):
        r = self.server.request("GET", "/api/v1/cases")
        self.assertEqual(r.status, 401)
        r = self.server.request("POST", "/api/v1/cases", json.dumps(POTHOLE),
                                {"Authorization": "Bearer nope"})
        self.assertEqual(r.status, 401)


if __name__ == "__main__":
    unittest.main()


class DuplicatesTest(unittest.TestCase):
    """Duplicate candidates and merging at intake, on a fresh database."""

    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz()
        cls.server.add_user("agata", "agent")
        cls.server.add_user("boss", "supervisor")
        cls.key = cls.server.new_api_key()
        cls.server.start()
        cls.agent = cls.server.login("agata")
        cls.boss = cls.server.login("boss")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def open311(self, lat, lon, description, service="pothole"):
        fields = report(self.key, service=service, drop=("lat", "long", "description"),
                        extra=[("lat", lat), ("long", lon), ("description", description)])
        r = self.server.post_form("/open311/v2/requests.json", fields)
        self.assertEqual(r.status, 200, r)
        return r.json()[0]["service_request_id"]

    def test_the_same_report_twice_is_merged_at_intake(self):
        first = self.open311("51.1201", "17.0101", "Ogromna dziura przed wjazdem do garażu")
        second = self.open311("51.12011", "17.01011", "Ogromna dziura przed wjazdem do garażu")
        self.assertNotEqual(first, second)
        dup = self.server.api("GET", f"cases/{second}", self.boss).json()
        self.assertEqual(dup["master"], first)
        self.assertEqual(dup["status"], "duplicate")
        public = self.server.get(f"/open311/v2/requests/{second}.json",
                                 jurisdiction_id="wroclaw.pl").json()[0]
        self.assertEqual(public["status"], "closed")
        self.assertIn(first, public["status_notes"])
        master = self.server.api("GET", f"cases/{first}", self.boss).json()
        self.assertIsNone(master["master"])
        self.assertEqual(master["status"], "open")
        # A different problem 300 m away is a new case.
        other = self.open311("51.1228", "17.0101", "Zapadnięta studzienka")
        self.assertIsNone(self.server.api("GET", f"cases/{other}", self.boss).json()["master"])

    def test_agent_sees_candidates_before_saving_and_can_attach_the_caller(self):
        first = self.open311("51.0901", "17.0201", "Dziura na środku pasa ruchu")
        draft = {"jurisdiction_id": "wroclaw.pl", "service_code": "pothole",
                 "lat": 51.09013, "long": 17.02012, "description": "Dziura na pasie ruchu",
                 "attributes": {"size": "medium"}}
        r = self.server.api("POST", "cases/candidates", self.agent, draft)
        self.assertEqual(r.status, 200, r)
        candidates = r.json()["candidates"]
        self.assertEqual(candidates[0]["number"], first)
        self.assertTrue(any("m away" in reason for reason in candidates[0]["reasons"]))
        self.assertLessEqual(candidates[0]["distance_m"], 50)
        self.assertFalse(r.json()["emergency"])
        # Nothing was saved by asking.
        before = self.server.api("GET", "cases?page_size=1", self.boss).json()["total"]
        # The agent attaches the caller to the existing case.
        r = self.server.api("POST", "cases", self.agent, dict(draft, duplicate_of=first))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["master"], first)
        self.assertEqual(r.json()["status"], "duplicate")
        # A wrong master number refuses the whole registration: nothing half-written.
        r = self.server.api("POST", "cases", self.agent, dict(draft, duplicate_of="ZZZZ-ZZZZ"))
        self.assertIn(r.status, (400, 404), r)
        after = self.server.api("GET", "cases?page_size=1", self.boss).json()["total"]
        self.assertEqual(after, before + 1)
        r = self.server.api("POST", "cases/candidates", self.agent,
                            dict(draft, description="Czuć gaz przy studzience"))
        self.assertTrue(r.json()["emergency"])
        for bad in [dict(draft, lat="north"), dict(draft, service_code="nope"), "[]"]:
            r = self.server.api("POST", "cases/candidates", self.agent, bad)
            self.assertIn(r.status, (400, 404), (bad, r))

    def test_resident_is_offered_open_cases_nearby_to_follow(self):
        first = self.open311("51.1001", "17.0601", "Wyrwa w jezdni przy szkole")
        r = self.server.get("/api/v1/public/nearby", jurisdiction_id="wroclaw.pl",
                            service_code="pothole", lat="51.10012", long="17.06011")
        self.assertEqual(r.status, 200, r)
        self.assertIn(first, [c["number"] for c in r.json()["candidates"]])
        far = self.server.get("/api/v1/public/nearby", jurisdiction_id="wroclaw.pl",
                              service_code="pothole", lat="51.2001", long="17.0601")
        self.assertEqual(far.json()["candidates"], [])
        bad = self.server.get("/api/v1/public/nearby", jurisdiction_id="wroclaw.pl",
                              service_code="pothole", lat="x", long="17")
        self.assertEqual(bad.status, 400)
