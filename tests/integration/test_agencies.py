"""What leaves the system after the commit, on the real binary: signed webhooks to units and to
the residents' notification service (a real HTTP receiver here that checks every signature),
retries with backoff, dead letters and their replay, follower notifications, and an external
agency that is a second real `ratusz` reached as an Open311 client, whose status updates come
back by polling its servicerequestupdates; plus the signed endpoint through which an agency
pushes updates."""

import hashlib
import hmac
import http.server
import json
import os
import tempfile
import threading
import time
import unittest

from ratusz_harness import DEMO_CONFIG, Ratusz, wait_until

GUARD_SECRET = "guard-shared-secret-0123456789"
FIRE_SECRET = "fire-shared-secret-0123456789"
CRISIS_SECRET = "crisis-shared-secret-0123456789"
WATER_SECRET = "water-shared-secret-0123456789"
RESIDENT_SECRET = "resident-shared-secret-01234567"
ROADS_SECRET = "roads-shared-secret-0123456789"

AGENCY_CITY = """
[[jurisdiction]]
id = "zdm.wroclaw.pl"
name = { pl = "Zarząd Dróg Miejskich", en = "Roads Authority" }
time_zone = "Europe/Warsaw"

[[department]]
id = "road-crews"
name = { pl = "Brygady drogowe", en = "Road crews" }

[[service]]
code = "ROAD-HOLE"
name = { pl = "Ubytek w jezdni", en = "Road surface damage" }
department = "road-crews"
"""


class Receiver:
    """A webhook endpoint: records each request with whether its signature holds. Paths in
    `refuse` answer 400; `flaky[path]` answers 503 that many times per delivery first."""

    SECRETS = {"/guard": GUARD_SECRET, "/fire": FIRE_SECRET, "/crisis": CRISIS_SECRET,
               "/water": WATER_SECRET, "/resident": RESIDENT_SECRET}

    def __init__(self):
        self.lock = threading.Lock()
        self.received = []
        self.refuse = set()
        self.flaky = {}
        self.failures = {}
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ts = self.headers.get("X-Ratusz-Timestamp", "")
                secret = receiver.SECRETS.get(self.path, "")
                expected = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + body,
                                                hashlib.sha256).hexdigest()
                entry = {"path": self.path, "body": json.loads(body),
                         "signed": hmac.compare_digest(expected, self.headers.get("X-Ratusz-Signature", "")),
                         "ts": int(ts or 0), "event": self.headers.get("X-Ratusz-Event"),
                         "delivery": self.headers.get("X-Ratusz-Delivery")}
                with receiver.lock:
                    key = (self.path, entry["delivery"])
                    if self.path in receiver.refuse:
                        status = 400
                    elif receiver.failures.get(key, 0) < receiver.flaky.get(self.path, 0):
                        receiver.failures[key] = receiver.failures.get(key, 0) + 1
                        status = 503
                    else:
                        status = 200
                        receiver.received.append(entry)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [e for e in self.received if predicate(e)]
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError("no matching webhook arrived")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def delivery(unit, line):
    """Inserts a `delivery = ...` line into the demo config's [[department]] with this id."""
    return (f'id = "{unit}"\n', f'id = "{unit}"\ndelivery = {line}\n')


class AgenciesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.receiver = Receiver()
        hook = f"http://127.0.0.1:{cls.receiver.port}"

        # The agency: a second Ratusz with its own city, a key for us and a crew member.
        fd, cls.agency_config = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w") as f:
            f.write(AGENCY_CITY)
        cls.agency = Ratusz(config=cls.agency_config)
        cls.agency.add_user("crew", "specialist", departments=["road-crews"])
        agency_key = cls.agency.new_api_key("City of Wrocław")
        cls.agency.start()
        cls.crew = cls.agency.login("crew")

        # The city: the demo configuration with channels for five units and for residents.
        with open(DEMO_CONFIG, encoding="utf-8") as f:
            text = f.read()
        for unit, line in [
            ("city-guard", f'{{ kind = "webhook", url = "{hook}/guard", secret = "{GUARD_SECRET}" }}'),
            ("fire-brigade", f'{{ kind = "webhook", url = "{hook}/fire", secret = "{FIRE_SECRET}" }}'),
            ("crisis-centre", f'{{ kind = "webhook", url = "{hook}/crisis", secret = "{CRISIS_SECRET}" }}'),
            ("water-utility", f'{{ kind = "webhook", url = "{hook}/water", secret = "{WATER_SECRET}" }}'),
            ("roads-authority",
             f'{{ kind = "open311", url = "http://127.0.0.1:{cls.agency.port}/open311/v2", '
             f'api_key = "{agency_key}", jurisdiction_id = "zdm.wroclaw.pl", '
             f'service_codes = {{ pothole = "ROAD-HOLE" }}, poll_seconds = 1, '
             f'secret = "{ROADS_SECRET}" }}'),
        ]:
            old, new = delivery(unit, line)
            assert old in text, unit
            text = text.replace(old, new, 1)
        text += (f'\n[resident_delivery]\nkind = "webhook"\nurl = "{hook}/resident"\n'
                 f'secret = "{RESIDENT_SECRET}"\n')
        fd, cls.city_config = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        cls.city = Ratusz(config=cls.city_config, env={"RATUSZ_OUTBOX__RETRY_FIRST_SECONDS": "1",
                                                       "RATUSZ_OUTBOX__MAX_ATTEMPTS": "4"})
        for name, role in [("agata", "agent"), ("admin", "admin"), ("boss", "supervisor")]:
            cls.city.add_user(name, role)
        cls.city.add_user("guard", "specialist", departments=["city-guard"])
        cls.city.start()
        cls.t = {n: cls.city.login(n) for n in ["agata", "admin", "boss", "guard"]}

    @classmethod
    def tearDownClass(cls):
        cls.city.cleanup()
        cls.agency.cleanup()
        cls.receiver.close()
        os.unlink(cls.city_config)
        os.unlink(cls.agency_config)

    def call(self, who, method, path, body=None):
        return self.city.api(method, path, self.t[who], body)

    def register(self, body):
        r = self.call("agata", "POST", "cases", body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    _spot = [0]

    def place(self):
        self._spot[0] += 1
        return {"lat": 51.07 + 0.0007 * self._spot[0], "long": 17.01}

    def tree(self, **extra):
        body = {"jurisdiction_id": "wroclaw.pl", "service_code": "fallen-tree",
                "description": "Drzewo przewróciło się na chodnik", "channel": "phone",
                "address_string": "ul. Kwiatowa 3", "attributes": {"blocking": "sidewalk"},
                "email": "jan@example.org", "first_name": "Jan"}
        body.update(self.place())
        body.update(extra)
        return body

    def history(self, number):
        r = self.call("boss", "GET", f"cases/{number}/history")
        self.assertEqual(r.status, 200, r)
        return r.json()["events"]

    def outbox(self, state, who="admin"):
        return self.call(who, "GET", f"admin/outbox?state={state}&limit=500")

    # --- Webhooks ---------------------------------------------------------------------------

    def test_dispatch_reaches_the_unit_as_a_signed_webhook_and_the_resident_hears(self):
        case = self.register(self.tree())
        n = case["number"]
        hit = self.receiver.wait_for(lambda e: e["path"] == "/guard" and e["body"]["case"] == n)[0]
        self.assertTrue(hit["signed"], "the HMAC-SHA256 signature must verify")
        self.assertLess(abs(hit["ts"] - time.time()), 60)
        self.assertEqual(hit["event"], "unit.dispatch")
        self.assertEqual(hit["body"]["topic"], "unit.dispatch")
        self.assertEqual(hit["body"]["data"]["service_code"], "fallen-tree")
        self.assertEqual(hit["body"]["data"]["address"], "ul. Kwiatowa 3")
        self.assertEqual(hit["body"]["id"], int(hit["delivery"]))
        self.assertNotIn("reporter", hit["body"], "units get the case, not the resident's contact")

        received = self.receiver.wait_for(
            lambda e: e["path"] == "/resident" and e["body"]["case"] == n
            and e["body"]["topic"] == "resident.received")[0]
        self.assertTrue(received["signed"])
        self.assertEqual(received["body"]["reporter"]["email"], "jan@example.org")
        self.assertEqual(received["body"]["data"]["case"], n)

    def test_emergency_is_handed_to_the_crisis_centre(self):
        case = self.register(self.tree(description="Pożar drzewa przy szkole, dym"))
        self.assertTrue(case["emergency"])
        hit = self.receiver.wait_for(lambda e: e["path"] == "/crisis"
                                     and e["body"]["case"] == case["number"])[0]
        self.assertTrue(hit["signed"])
        self.assertEqual(hit["body"]["topic"], "emergency.handoff")
        self.assertIn("pozar", hit["body"]["data"]["reason"])

    def test_failed_delivery_is_retried_with_backoff(self):
        self.receiver.flaky["/water"] = 2
        body = {"jurisdiction_id": "wroclaw.pl", "service_code": "water-leak",
                "description": "Woda wypływa ze studzienki", "channel": "phone",
                "attributes": {"flow": "stream"}}
        body.update(self.place())
        case = self.register(body)
        n = case["number"]
        hit = self.receiver.wait_for(lambda e: e["path"] == "/water" and e["body"]["case"] == n)[0]
        self.assertEqual(hit["body"]["attempt"], 3, "two 503 answers, then delivered")
        # The receiver answers before the server records the delivery: wait for the record.
        delivered = wait_until(lambda: [m for m in self.outbox("delivered").json()["messages"]
                                        if m["case"] == n and m["recipient"] == "water-utility"],
                               what="the delivery recorded")
        self.assertEqual(delivered[0]["attempts"], 3)
        self.assertTrue(delivered[0]["channel"].startswith("webhook http://"))

    def test_refused_delivery_becomes_a_dead_letter_an_admin_replays(self):
        self.receiver.refuse.add("/fire")
        try:
            case = self.register(self.tree())
            n = case["number"]
            dead = wait_until(lambda: [m for m in self.outbox("dead").json()["messages"]
                                       if m["case"] == n and m["recipient"] == "fire-brigade"],
                              what="a dead letter")[0]
            self.assertEqual(dead["attempts"], 1, "a 400 is final: no retries")
            self.assertIn("HTTP 400", dead["last_error"])
            self.assertIn("delivery_failed", [e["kind"] for e in self.history(n)])
            # Only an admin sees and replays the outbox.
            self.assertEqual(self.outbox("dead", who="boss").status, 403)
            self.assertEqual(self.call("boss", "POST", f"admin/outbox/{dead['id']}/replay").status,
                             403)
        finally:
            self.receiver.refuse.discard("/fire")
        r = self.call("admin", "POST", f"admin/outbox/{dead['id']}/replay")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "pending")
        hit = self.receiver.wait_for(lambda e: e["path"] == "/fire" and e["body"]["case"] == n)[0]
        self.assertTrue(hit["signed"])
        wait_until(lambda: [m for m in self.outbox("delivered").json()["messages"]
                            if m["id"] == dead["id"]], what="the replayed message recorded")
        again = self.call("admin", "POST", f"admin/outbox/{dead['id']}/replay")
        self.assertEqual(again.status, 409, "a delivered message is not replayed")
        self.assertEqual(self.call("admin", "POST", "admin/outbox/999999/replay").status, 404)
        self.assertEqual(self.outbox("lost").status, 400)

    def test_followers_hear_the_masters_updates(self):
        master = self.register(self.tree(email="first@example.org"))
        dup = self.register(self.tree(email="second@example.org",
                                      description="Drzewo leży na chodniku, drugi telefon"))
        r = self.call("boss", "POST", f"cases/{dup['number']}/merge", {"into": master["number"]})
        self.assertEqual(r.status, 200, r)
        r = self.call("guard", "POST", f"cases/{master['number']}/tasks/city-guard",
                      {"status": "acknowledged"})
        self.assertEqual(r.status, 200, r)
        r = self.call("guard", "POST", f"cases/{master['number']}/notes",
                      {"text": "Patrol jest na miejscu", "public": True})
        self.assertEqual(r.status, 201 if r.status == 201 else 200, r)
        def notes():
            found = self.receiver.wait_for(
                lambda e: e["path"] == "/resident" and e["body"]["case"] == master["number"]
                and e["body"]["topic"] == "resident.note")
            return found if len(found) >= 2 else None
        notes = wait_until(notes, what="the note for the reporter and the follower")
        recipients = sorted(e["body"]["reporter"]["email"] for e in notes)
        self.assertEqual(recipients, ["first@example.org", "second@example.org"])
        follower = next(e for e in notes if e["body"]["reporter"]["email"] == "second@example.org")
        self.assertEqual(follower["body"]["reporter"]["case"], dup["number"])
        self.assertEqual(follower["body"]["data"]["note"], "Patrol jest na miejscu")

    # --- An agency that is a second Ratusz, reached over Open311 ------------------------------

    def test_open311_agency_takes_the_dispatch_and_its_updates_come_back(self):
        body = {"jurisdiction_id": "wroclaw.pl", "service_code": "pothole", "channel": "phone",
                "description": "Dziura na przejściu", "address_string": "ul. Legnicka 40",
                "attributes": {"size": "large"}, "email": "ala@example.org"}
        body.update(self.place())
        case = self.register(body)
        n = case["number"]

        def forwarded():
            c = self.call("boss", "GET", f"cases/{n}").json()
            task = next(t for t in c["tasks"] if t["department"] == "roads-authority")
            return task.get("external_id")
        theirs = wait_until(forwarded, what="the agency's id on the task")
        self.assertIn("forwarded", [e["kind"] for e in self.history(n)])

        # The agency has the request, with our number in its text and its own service code.
        at_agency = self.agency.get(f"/open311/v2/requests/{theirs}.json").json()[0]
        self.assertEqual(at_agency["service_code"], "ROAD-HOLE")
        self.assertIn(f"[{n}]", at_agency["description"])
        self.assertEqual(at_agency["address"], "ul. Legnicka 40")
        self.assertNotIn("ala@example.org", json.dumps(at_agency))

        # Their crew works on it; we read their updates and move our task.
        r = self.agency.api("POST", f"cases/{theirs}/tasks/road-crews", self.crew,
                            {"status": "acknowledged"})
        self.assertEqual(r.status, 200, r)
        r = self.agency.api("POST", f"cases/{theirs}/tasks/road-crews", self.crew,
                            {"status": "in_progress", "note": "Ekipa wyjechała", "public": True})
        self.assertEqual(r.status, 200, r)

        def task_state():
            c = self.call("boss", "GET", f"cases/{n}").json()
            return next(t for t in c["tasks"] if t["department"] == "roads-authority")["state"]
        wait_until(lambda: task_state() == "in_progress", what="in_progress from the agency")

        r = self.agency.api("POST", f"cases/{theirs}/tasks/road-crews", self.crew,
                            {"status": "resolved", "note": "Naprawione", "public": True})
        self.assertEqual(r.status, 200, r)
        wait_until(lambda: task_state() == "resolved", what="resolved from the agency")
        ours = self.call("boss", "GET", f"cases/{n}").json()
        self.assertFalse(ours["status"] == "open", ours)
        events = self.history(n)
        self.assertTrue(any(e["actor"] == "agency:roads-authority" for e in events))
        closed = self.receiver.wait_for(
            lambda e: e["path"] == "/resident" and e["body"]["case"] == n
            and e["body"]["topic"] == "resident.closed")[0]
        self.assertEqual(closed["body"]["reporter"]["email"], "ala@example.org")
        # Polling again applies nothing twice.
        time.sleep(2.5)
        kinds = [e["kind"] for e in self.history(n)]
        self.assertEqual(kinds.count("task_status"), len(set(
            (e["detail"]) for e in self.history(n) if e["kind"] == "task_status")))

    # --- The signed endpoint agencies push updates to ------------------------------------------

    def push(self, unit, body, secret=ROADS_SECRET, ts=None, signature=None):
        raw = json.dumps(body).encode()
        ts = str(int(time.time()) if ts is None else ts)
        sig = signature or "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + raw,
                                                hashlib.sha256).hexdigest()
        return self.city.request("POST", f"/api/v1/agencies/{unit}/updates", raw,
                                 {"Content-Type": "application/json", "X-Ratusz-Timestamp": ts,
                                  "X-Ratusz-Signature": sig})

    def test_signed_agency_updates_move_the_task_once(self):
        case = self.register(self.tree())
        n = case["number"]
        update = {"update_id": "u-" + n, "case": n, "status": "in_progress",
                  "description": "Jedziemy"}
        r = self.push("city-guard", update, secret=GUARD_SECRET)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["applied"], True)
        self.assertEqual(r.json()["task_state"], "in_progress")
        again = self.push("city-guard", update, secret=GUARD_SECRET)
        self.assertEqual(again.status, 200, again)
        self.assertEqual(again.json()["applied"], False)
        events = self.history(n)
        moves = [e for e in events if e["kind"] == "task_status" and e["department"] == "city-guard"]
        self.assertEqual([e["detail"] for e in moves], ["new -> in_progress"], "applied once")
        self.assertTrue(all(e["actor"] == "agency:city-guard" for e in moves))

        # Bad signatures, stale timestamps, unknown units and statuses are refused.
        self.assertEqual(self.push("city-guard", update, secret="wrong-secret-0123456789").status, 401)
        self.assertEqual(self.push("city-guard", update, secret=GUARD_SECRET,
                                   ts=int(time.time()) - 3600).status, 401)
        self.assertEqual(self.push("city-guard", update, signature="sha256=00").status, 401)
        self.assertEqual(self.push("greenery", update).status, 404, "no secret: no door")
        self.assertEqual(self.push("no-such-unit", update).status, 404)
        bad = dict(update, update_id="u2-" + n, status="exploded")
        self.assertEqual(self.push("city-guard", bad, secret=GUARD_SECRET).status, 400)
        neither = {"update_id": "u3-" + n, "status": "fixed"}
        self.assertEqual(self.push("city-guard", neither, secret=GUARD_SECRET).status, 400)
        other = self.register(dict(self.tree(), service_code="pothole", attributes={"size": "small"}))
        wrong_unit = {"update_id": "u4-" + n, "case": other["number"], "status": "fixed"}
        refused = self.push("city-guard", wrong_unit, secret=GUARD_SECRET)
        self.assertEqual(refused.status, 403, "not this unit's case")
        self.assertIn("not dispatched to your units", refused.json()["error"]["message"])
        raw = self.city.request("POST", "/api/v1/agencies/city-guard/updates", b"{not json",
                                {"X-Ratusz-Timestamp": "1", "X-Ratusz-Signature": "x"})
        self.assertEqual(raw.status, 401)


if __name__ == "__main__":
    unittest.main()
