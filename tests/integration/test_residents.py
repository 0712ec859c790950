"""Residents and personal data on the real binary with a real SQLite file: profiles only with
consent, recognition of a caller however the number is written, reading personal data only with
a reason and every access logged for the auditor, personal fields sealed in the database file,
GDPR export and erasure (pseudonymised, statistics kept), withdrawal of consent, the retention of
contact details, and the server refusing keys that do not fit its database."""

import json
import os
import subprocess
import unittest
import urllib.parse

from ratusz_harness import BIN, DEMO_CONFIG, Ratusz, wait_until

CTI_TOKEN = "cti-secret-for-residents-tests"
MAIL_TOKEN = "mail-token-for-residents-tests"
# Residents are written to through a mail server that is not there (port 9): what is sent
# waits in the outbox; these tests look at what is stored.
ENV = {"RATUSZ_CONTACT__CTI_TOKEN": CTI_TOKEN, "RATUSZ_MAIL__TOKEN": MAIL_TOKEN,
       "RATUSZ_RESIDENT_DELIVERY__KIND": "email", "RATUSZ_RESIDENT_DELIVERY__URL": "smtp://127.0.0.1:9",
       "RATUSZ_RESIDENT_DELIVERY__FROM": "Ratusz <kontakt@ratusz.test>"}

CONSENT = {"purpose": "recognition", "text_version": "2026-01", "channel": "voice"}


def pothole(**reporter):
    body = {"jurisdiction_id": "wroclaw.pl", "service_code": "pothole",
            "description": "Dziura w jezdni przy przystanku", "lat": 51.1079, "long": 17.0385,
            "address_string": "ul. Legnicka 12", "attributes": {"size": "large"},
            "channel": "phone"}
    body.update(reporter)
    return body


class ResidentsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz(env=ENV)
        s = cls.server
        s.add_user("agata", "agent")
        s.add_user("bartek", "agent")
        s.add_user("roads", "specialist", departments=["roads-authority"])
        s.add_user("boss", "supervisor")
        s.add_user("audit", "auditor")
        s.start()
        cls.t = {n: s.login(n) for n in ["agata", "bartek", "roads", "boss", "audit"]}

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def call(self, who, method, path, body=None):
        return self.server.api(method, path, self.t[who], body)

    def ok(self, who, method, path, body=None, status=(200, 201)):
        r = self.call(who, method, path, body)
        self.assertIn(r.status, status, r)
        return r.json()

    def create(self, **profile):
        body = {"name": "Anna Nowak", "language": "pl", "channel": "none",
                "consents": [CONSENT]}
        body.update(profile)
        return self.ok("agata", "POST", "residents", body)

    def recognise(self, address, who="agata", reason="incoming call"):
        q = urllib.parse.urlencode({"address": address, "reason": reason})
        return self.ok(who, "GET", f"residents/recognise?{q}")

    def access_log(self, subject):
        q = urllib.parse.urlencode({"subject": subject})
        return self.ok("audit", "GET", f"audit/personal-data?{q}")["entries"]

    def test_consent_texts_are_public_and_bilingual(self):
        r = self.server.request("GET", "/api/v1/public/consent-texts")
        self.assertEqual(r.status, 200, r)
        texts = {t["purpose"]: t for t in r.json()}
        self.assertEqual(set(texts), {"recognition", "notifications", "surveys"})
        self.assertIn("Zgadzam się", texts["recognition"]["text_pl"])
        self.assertIn("I agree", texts["recognition"]["text_en"])

    def test_a_profile_exists_only_with_consent_and_valid_contacts(self):
        r = self.call("agata", "POST", "residents",
                      {"name": "Bez Zgody", "phones": ["600 111 222"], "channel": "none"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["error"]["field"], "consents")
        r = self.call("agata", "POST", "residents",
                      {"phones": ["12"], "emails": ["nope"], "language": "de", "channel": "fax",
                       "consents": [CONSENT]})
        self.assertEqual(r.status, 400, r)
        message = r.json()["error"]["message"]
        for part in ("not a telephone number", "not an e-mail address", "language is pl or en",
                     "channel is email, sms or none"):
            self.assertIn(part, message)
        r = self.call("agata", "POST", "residents",
                      {"phones": ["600 111 223"], "channel": "none",
                       "consents": [dict(CONSENT, text_version="1999-01")]})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["error"]["field"], "text_version")
        r = self.call("agata", "POST", "residents", "[not an object")
        self.assertEqual(r.status, 400, r)
        r = self.call("roads", "POST", "residents",
                      {"phones": ["600 111 224"], "channel": "none", "consents": [CONSENT]})
        self.assertEqual(r.status, 403, r)
        first = self.create(phones=["600 111 225"])
        self.assertEqual(first["phones"], ["+48600111225"])
        self.assertEqual(first["consents"][0]["recorded_by"], "user:agata")
        r = self.call("agata", "POST", "residents",
                      {"phones": ["+48 600-111-225"], "channel": "none", "consents": [CONSENT]})
        self.assertEqual(r.status, 409, r)
        self.assertIn(f"belongs to resident {first['id']}", r.json()["error"]["message"])

    def test_a_consenting_caller_is_recognised_with_earlier_cases_and_the_access_is_logged(self):
        case = self.ok("agata", "POST", "cases",
                       pothole(first_name="Zofia", last_name="Kowalska", phone="600 100 300"))
        # The staff view of the case does not show the reporter; reading it takes a reason.
        view = self.ok("agata", "GET", f"cases/{case['number']}")
        self.assertNotIn("Kowalska", json.dumps(view))
        r = self.call("agata", "GET", f"cases/{case['number']}/reporter")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["error"]["field"], "reason")
        reporter = self.ok("agata", "GET",
                           f"cases/{case['number']}/reporter?reason=calling+back+about+the+hole")
        self.assertEqual(reporter["last_name"], "Kowalska")
        self.assertEqual(reporter["phone"], "600 100 300")
        logged = self.access_log(f"case:{case['number']}")
        self.assertEqual([(e["actor"], e["action"], e["reason"]) for e in logged],
                         [("user:agata", "read", "calling back about the hole")])

        # Without a profile the number is not recognised, whatever the cases hold.
        self.assertEqual(self.recognise("+48600100300"), {"recognised": False})
        resident = self.create(name="Zofia Kowalska", phones=["(0-60) 010 03 00"])
        self.assertEqual(resident["phones"], ["+48600100300"])
        for written in ("0048600100300", "+48 600 100 300", "600-100-300"):
            found = self.recognise(written)
            self.assertTrue(found["recognised"], written)
            self.assertEqual(found["resident"]["id"], resident["id"])
            self.assertIn(case["number"], [c["number"] for c in found["cases"]])
        entries = self.access_log(f"resident:{resident['id']}")
        self.assertEqual([e["action"] for e in entries].count("recognise"), 3)

        # A call from that number reaches an agent, who sees who is calling.
        self.ok("boss", "PUT", "contact/agents/bartek",
                {"skills": {"first-line": 5}, "languages": ["pl"]}, status=(200,))
        self.ok("bartek", "POST", "contact/agents/me/state", {"state": "available"},
                status=(200,))
        headers = {"Authorization": "Bearer " + CTI_TOKEN}
        r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "offered", "call": "res-call-1", "caller": "0048 600 100 300",
             "queue": "voice-pl"}), headers)
        self.assertEqual(r.status, 200, r)
        routing = r.json()
        self.assertEqual(routing["agent"], "bartek")
        contact = routing["interaction"]
        r = self.call("agata", "GET", f"residents/recognise?interaction={contact}")
        self.assertEqual(r.status, 403, r)  # Not agata's call.
        caller = self.ok("bartek", "GET", f"residents/recognise?interaction={contact}")
        self.assertTrue(caller["recognised"])
        self.assertEqual(caller["resident"]["name"], "Zofia Kowalska")
        self.assertIn(contact, [c["id"] for c in caller["contacts"]])
        entries = self.access_log(f"resident:{resident['id']}")
        self.assertEqual(entries[0]["actor"], "user:bartek")
        self.assertEqual(entries[0]["reason"], f"contact {contact}")
        self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "abandoned", "call": "res-call-1"}), headers)

        # Withdrawing recognition: the next call is not recognised; the record of consent stays.
        withdrawn = self.ok("agata", "POST",
                            f"residents/{resident['id']}/consents/recognition/withdraw",
                            {"channel": "voice"})
        self.assertFalse(withdrawn["consents"][0]["active"])
        self.assertEqual(self.recognise("600100300"), {"recognised": False})
        # That was the only consent: the profile's personal data is gone.
        r = self.call("agata", "GET", f"residents/{resident['id']}?reason=check")
        self.assertEqual(r.status, 404, r)
        actions = [e["action"] for e in self.access_log(f"resident:{resident['id']}")]
        self.assertEqual(actions[0], "withdraw")

    def test_reading_a_profile_takes_a_reason_and_only_auditors_see_the_log(self):
        resident = self.create(name="Piotr Lis", phones=["600 200 400"],
                               emails=["Piotr.Lis@Example.pl"], channel="email")
        rid = resident["id"]
        r = self.call("agata", "GET", f"residents/{rid}")
        self.assertEqual(r.status, 400, r)
        r = self.call("roads", "GET", f"residents/{rid}?reason=curious")
        self.assertEqual(r.status, 403, r)
        got = self.ok("bartek", "GET", f"residents/{rid}?reason=resident+asked+to+update")
        self.assertEqual(got["emails"], ["piotr.lis@example.pl"])
        for who in ("agata", "boss", "roads"):
            r = self.call(who, "GET", "audit/personal-data")
            self.assertEqual(r.status, 403, (who, r))
        entries = self.access_log(f"resident:{rid}")
        self.assertEqual(entries[0]["actor"], "user:bartek")
        self.assertEqual(entries[0]["reason"], "resident asked to update")
        by_actor = self.ok("audit", "GET", "audit/personal-data?actor=user:bartek&limit=1")
        self.assertEqual(len(by_actor["entries"]), 1)
        r = self.call("audit", "GET", "audit/personal-data?from=yesterday")
        self.assertEqual(r.status, 400, r)

        # Optimistic locking on changes.
        changed = self.ok("agata", "PUT", f"residents/{rid}",
                          {"version": got["version"], "name": "Piotr Lis-Nowak",
                           "phones": ["600 200 400", "+44 20 7946 0018"],
                           "emails": ["piotr.lis@example.pl"], "channel": "sms"})
        self.assertEqual(changed["phones"], ["+48600200400", "+442079460018"])
        r = self.call("agata", "PUT", f"residents/{rid}",
                      {"version": got["version"], "name": "Stale", "phones": ["600200400"],
                       "channel": "sms"})
        self.assertEqual(r.status, 409, r)
        # A second consent; the same purpose twice is refused.
        more = self.ok("agata", "POST", f"residents/{rid}/consents",
                       {"purpose": "notifications", "text_version": "2026-01", "channel": "sms"})
        self.assertEqual(sorted(c["purpose"] for c in more["consents"] if c["active"]),
                         ["notifications", "recognition"])
        r = self.call("agata", "POST", f"residents/{rid}/consents", CONSENT)
        self.assertEqual(r.status, 409, r)

    def test_personal_fields_are_sealed_in_the_database_file(self):
        self.ok("agata", "POST", "cases",
                pothole(first_name="Eugeniusz", last_name="Szyfrowany",
                        email="eugeniusz.szyfrowany@example.pl", phone="600 999 111"))
        self.create(name="Eugenia Tajna", phones=["600 999 222"],
                    emails=["eugenia.tajna@example.pl"], channel="email")
        data = self.server.database_bytes()
        for secret in (b"Szyfrowany", b"eugeniusz.szyfrowany", b"600 999 111", b"Tajna",
                       b"eugenia.tajna", b"600999222"):
            self.assertFalse(secret in data, secret)
        row = self.server.sql("SELECT reporter_last_name, reporter_email_lookup FROM cases "
                              "WHERE reporter_last_name != '' ORDER BY id DESC LIMIT 1")[0]
        self.assertTrue(row[0].startswith("s1.1."), row)
        self.assertEqual(len(row[1]), 32)
        key_file = os.path.join(self.server.data_dir, "personal.keys")
        self.assertEqual(os.stat(key_file).st_mode & 0o777, 0o600)


class ErasureTest(unittest.TestCase):
    """Export and erasure, retention, and keys, each on a server of its own."""

    def setUp(self):
        self.server = Ratusz(env=ENV)
        self.server.add_user("agata", "agent")
        self.server.add_user("boss", "supervisor")
        self.server.add_user("audit", "auditor")
        self.server.start()
        self.t = {n: self.server.login(n) for n in ["agata", "boss", "audit"]}

    def tearDown(self):
        self.server.cleanup()

    def call(self, who, method, path, body=None):
        return self.server.api(method, path, self.t[who], body)

    def ok(self, who, method, path, body=None):
        r = self.call(who, method, path, body)
        self.assertIn(r.status, (200, 201), r)
        return r.json()

    def mail(self, raw):
        r = self.server.request("POST", "/api/v1/channels/email", raw,
                                {"Authorization": "Bearer " + MAIL_TOKEN})
        self.assertEqual(r.status, 200, r)
        return r.json()

    def test_export_then_erasure_pseudonymises_and_keeps_the_statistics(self):
        case = self.ok("agata", "POST", "cases",
                       pothole(first_name="Ala", last_name="Wymazana",
                               email="ala.wymazana@example.pl", phone="600 300 500"))
        self.mail(("From: Ala Wymazana <ala.wymazana@example.pl>\r\nTo: 19115@example.pl\r\n"
                   f"Subject: Re: zgłoszenie {case['number']}\r\nMessage-ID: <r1@example.pl>\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n\r\nDziura nadal jest.\r\n"
                   ).encode())
        contact = self.mail(("From: ala.wymazana@example.pl\r\nTo: 19115@example.pl\r\n"
                             "Subject: Pytanie\r\nMessage-ID: <q1@example.pl>\r\n"
                             "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                             "Kiedy wywóz gabarytów? Ala Wymazana\r\n").encode())
        self.assertEqual(contact["action"], "interaction")
        # A supervisor asks the expert line about it: the conversation goes with the question.
        asked = self.ok("boss", "POST", "kb/consultations",
                        {"topic": "waste", "interaction": contact["interaction"],
                         "question": "Kiedy wywóz gabarytów na Krzykach?"})
        self.assertIn("Ala Wymazana", json.dumps(asked["lines"], ensure_ascii=False))
        resident = self.ok("agata", "POST", "residents",
                           {"name": "Ala Wymazana", "phones": ["600300500"],
                            "emails": ["ala.wymazana@example.pl"], "channel": "email",
                            "consents": [CONSENT]})
        rid = resident["id"]

        r = self.call("agata", "GET", f"residents/{rid}/export")
        self.assertEqual(r.status, 400, r)
        export = self.ok("agata", "GET", f"residents/{rid}/export?reason=GDPR+art.+15+request")
        self.assertEqual(export["profile"]["name"], "Ala Wymazana")
        self.assertEqual([c["number"] for c in export["cases"]], [case["number"]])
        self.assertEqual(export["cases"][0]["reporter"]["email"], "ala.wymazana@example.pl")
        self.assertIn(contact["interaction"], [c["id"] for c in export["contacts"]])
        self.assertIn("create", [a["action"] for a in export["accesses"]])

        # The case is open: erasure is refused unless asked for anyway.
        r = self.call("agata", "POST", f"residents/{rid}/erase", {"reason": "art. 17"})
        self.assertEqual(r.status, 403, r)
        r = self.call("boss", "POST", f"residents/{rid}/erase", {"reason": "art. 17"})
        self.assertEqual(r.status, 412, r)
        self.assertIn(case["number"], r.json()["error"]["message"])
        r = self.call("boss", "POST", f"residents/{rid}/erase", {"open_cases": "erase"})
        self.assertEqual(r.status, 400, r)  # No reason.
        erased = self.ok("boss", "POST", f"residents/{rid}/erase",
                         {"reason": "GDPR art. 17 request of 2026-11-29", "open_cases": "erase"})
        self.assertEqual((erased["cases"], erased["contacts"]), (1, 1))
        self.assertGreaterEqual(erased["events"], 1)

        reporter = self.ok("boss", "GET", f"cases/{case['number']}/reporter?reason=check")
        self.assertEqual(reporter, {"first_name": f"erased-resident-{rid}", "last_name": "",
                                    "email": "", "phone": ""})
        history = self.ok("boss", "GET", f"cases/{case['number']}/history")
        self.assertNotIn("ala.wymazana", json.dumps(history))
        transcript = self.ok("boss", "GET", f"contact/interactions/{contact['interaction']}")
        self.assertEqual(transcript["address"], "")
        self.assertNotIn("Wymazana", json.dumps(transcript))
        consultation = self.ok("boss", "GET", f"kb/consultations/{asked['id']}")
        self.assertNotIn("Wymazana", json.dumps(consultation, ensure_ascii=False))
        self.assertEqual(consultation["question"], "Kiedy wywóz gabarytów na Krzykach?")
        r = self.call("agata", "GET", f"residents/{rid}?reason=check")
        self.assertEqual(r.status, 404, r)
        r = self.call("boss", "POST", f"residents/{rid}/erase", {"reason": "again"})
        self.assertEqual(r.status, 404, r)
        # The case itself, and the count of contacts, stay for the statistics.
        public = self.server.get(f"/open311/v2/requests/{case['number']}.json",
                                 jurisdiction_id="wroclaw.pl")
        self.assertEqual(public.status, 200)
        interactions = self.ok("boss", "GET", "contact/interactions?queue=email")
        self.assertIn(contact["interaction"], [i["id"] for i in interactions["interactions"]])
        self.assertEqual(
            [e["action"] for e in self.call("audit", "GET", f"audit/personal-data?subject="
                                            f"resident:{rid}").json()["entries"]][0], "erase")
        self.server.stop()
        data = self.server.database_bytes()
        for gone in (b"ala.wymazana", b"Wymazana"):
            self.assertFalse(gone in data, gone)

    def test_contact_details_are_removed_after_retention_unless_recognition_was_agreed(self):
        plain = self.ok("agata", "POST", "cases", pothole(first_name="Krótko", phone="600 400 100"))
        kept = self.ok("agata", "POST", "cases", pothole(first_name="Długo", phone="600 400 200"))
        recent = self.ok("agata", "POST", "cases", pothole(first_name="Świeżo", phone="600 400 300"))
        self.ok("agata", "POST", "residents",
                {"phones": ["600 400 200"], "channel": "none", "consents": [CONSENT]})
        self.server.stop()
        # Two years pass for the first two cases, which were closed long ago.
        old = 1_700_000_000_000_000
        self.server.sql("UPDATE cases SET status = 'fixed', updated_at = ? WHERE number IN (?, ?)",
                        (old, plain["number"], kept["number"]), write=True)
        self.server.start()  # Retention runs at start.

        def reporter(case):
            return self.ok("boss", "GET", f"cases/{case['number']}/reporter?reason=retention+test")

        wait_until(lambda: reporter(plain)["phone"] == "", what="retention of the old case")
        self.assertEqual(reporter(plain)["first_name"], "")
        self.assertEqual(reporter(kept)["phone"], "600 400 200")  # Consent to recognition.
        self.assertEqual(reporter(recent)["phone"], "600 400 300")  # Still open.

    def test_keys_that_do_not_fit_the_database_are_refused(self):
        self.ok("agata", "POST", "cases", pothole(first_name="Klucz", phone="600 500 100"))
        self.server.stop()
        other = subprocess.run([BIN, "privacy", "new-keys", "-"], capture_output=True, text=True,
                               timeout=60)
        self.assertEqual(other.returncode, 0, other.stderr)
        self.assertIn("index ", other.stdout)
        env = dict(self.server.env, RATUSZ_PERSONAL_KEYS=other.stdout)
        result = subprocess.run(self.server.base_args() + ["serve", "--listen", "127.0.0.1:0"],
                                capture_output=True, text=True, env=env, timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("personal-data keys do not fit this database", result.stderr)
        broken = subprocess.run(self.server.base_args() + ["serve", "--listen", "127.0.0.1:0"],
                                capture_output=True, text=True, timeout=60,
                                env=dict(self.server.env, RATUSZ_PERSONAL_KEYS="index 12\n"))
        self.assertNotEqual(broken.returncode, 0)
        self.assertIn("line 1: the index key must be 64 hex digits", broken.stderr)
        # With its own keys the server starts and reads what it sealed.
        self.server.start()
        self.t["boss"] = self.server.login("boss")
        found = self.ok("boss", "GET", "cases?q=Dziura")
        number = found["cases"][0]["number"]
        self.assertEqual(self.ok("boss", "GET", f"cases/{number}/reporter?reason=k")["phone"],
                         "600 500 100")

    def test_rotating_the_key_keeps_every_field_readable(self):
        case = self.ok("agata", "POST", "cases", pothole(first_name="Rotacja", phone="600 600 100"))
        rota = self.ok("agata", "POST", "residents",
                       {"name": "Rota Klucz", "phones": ["600 600 100"],
                        "emails": ["rota@example.pl"], "channel": "none", "consents": [CONSENT]})
        r = self.server.request("POST", "/api/v1/public/subscriptions", json.dumps({
            "address": "rota@example.pl", "topics": ["water"], "consent_version": "2026-01"}),
            {"Content-Type": "application/json"})
        self.assertEqual(r.status, 202, r)
        self.server.stop()
        added = self.server.cli("privacy", "add-key")
        self.assertIn("key 2 added", added.stdout)
        self.server.start()
        self.t = {n: self.server.login(n) for n in ["agata", "boss"]}
        # Sealed with key 1 and still read after the new key took over.
        self.assertEqual(self.ok("boss", "GET", f"cases/{case['number']}/reporter?reason=r")
                         ["phone"], "600 600 100")
        resealed = self.server.cli("privacy", "reseal")  # While the server runs.
        self.assertIn("with key 2", resealed.stdout)
        self.server.stop()
        sealed = [v for row in self.server.sql(
            "SELECT reporter_first_name, reporter_phone FROM cases WHERE reporter_phone != '' "
            "UNION ALL SELECT name, '' FROM residents WHERE name != '' "
            "UNION ALL SELECT value, '' FROM resident_contacts "
            "UNION ALL SELECT address, key FROM subscribers "
            "UNION ALL SELECT sealed, '' FROM privacy_canary") for v in row if v]
        self.assertTrue(sealed)
        self.assertTrue(all(v.startswith("s1.2.") for v in sealed), sealed)
        # Key 1 can go now.
        key_file = os.path.join(self.server.data_dir, "personal.keys")
        with open(key_file, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if not l.startswith("key 1 ")]
        with open(key_file, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.server.start()
        self.t = {n: self.server.login(n) for n in ["agata", "boss"]}
        self.assertEqual(self.ok("boss", "GET", f"cases/{case['number']}/reporter?reason=r")
                         ["first_name"], "Rotacja")
        found = self.ok("agata", "GET", "residents/recognise?address=600600100&reason=call")
        self.assertEqual(found["resident"]["name"], "Rota Klucz")
        # The subscriber's address still opens with key 2: their export shows it.
        export = self.ok("boss", "GET", f"residents/{rota['id']}/export?reason=rotation")
        self.assertEqual([x["address"] for x in export["subscriptions"]], ["rota@example.pl"])


if __name__ == "__main__":
    unittest.main()
