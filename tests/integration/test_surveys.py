"""Satisfaction surveys after closure (S17) on the real binary: the key of a case's link
(derived from its token, computed here independently), one answer per case, "not fixed"
reopening the case, answers refused before closure and after the window, and the results per
service, unit and channel for supervisors."""

import hashlib
import json
import unittest

from ratusz_harness import Ratusz, report


def survey_key(token):
    return hashlib.blake2b(b"survey:" + token.encode(), digest_size=32).hexdigest()[:20]


class SurveyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz()
        s = cls.server
        s.add_user("roads", "specialist", departments=["roads-authority"])
        s.add_user("boss", "supervisor")
        s.add_user("agata", "agent")
        cls.key = s.new_api_key()
        s.start()
        cls.t = {n: s.login(n) for n in ["roads", "boss", "agata"]}

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def call(self, who, method, path, body=None):
        return self.server.api(method, path, self.t[who], body)

    def new_case(self):
        r = self.server.post_form("/open311/v2/requests.json", report(self.key))
        self.assertEqual(r.status, 200, r)
        number = r.json()[0]["service_request_id"]
        # The notice's link carries the key; here it is derived from the stored token.
        ((token,),) = self.server.sql("SELECT token FROM cases WHERE number = ?", (number,))
        return number, token

    def close(self, number):
        r = self.call("roads", "POST", f"cases/{number}/tasks/roads-authority",
                      {"status": "in_progress"})
        self.assertEqual(r.status, 200, r)
        r = self.call("roads", "POST", f"cases/{number}/tasks/roads-authority",
                      {"status": "resolved", "note": "Załatane", "public": True})
        self.assertEqual(r.status, 200, r)
        case = self.call("boss", "GET", f"cases/{number}").json()
        self.assertNotIn(case["status"], ("open", "in_progress"), case)
        return case

    def answer(self, number, body):
        return self.server.request("POST", f"/api/v1/public/surveys/{number}",
                                   json.dumps(body))

    def test_a_resident_rates_a_closed_case_once(self):
        number, token = self.new_case()
        key = survey_key(token)
        r = self.answer(number, {"key": key, "score": 4})
        self.assertEqual(r.status, 412, r)  # Not closed yet.
        self.assertIn("not closed yet", r.json()["error"]["message"])
        self.close(number)
        r = self.answer(number, {"key": "0" * 20, "score": 4})
        self.assertEqual(r.status, 404, r)
        for bad in ({"key": key, "score": 7}, {"key": key}, {"key": key, "score": "5"},
                    {"key": key, "score": 3, "comment": "x" * 1001}):
            r = self.answer(number, bad)
            self.assertEqual(r.status, 400, (bad, r))
        r = self.answer(number, {"key": key, "score": 4, "comment": "Szybko, dziękuję"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"case": number, "recorded": True, "reopened": False})
        r = self.answer(number, {"key": key, "score": 1})
        self.assertEqual(r.json()["recorded"], False)  # The first answer counts.

        results = self.call("boss", "GET", "stats/surveys?by=service").json()
        pothole = next(g for g in results["groups"] if g["key"] == "pothole")
        self.assertGreaterEqual(pothole["answers"], 1)
        self.assertGreaterEqual(pothole["scores"][3], 1)
        by_unit = self.call("boss", "GET", "stats/surveys?by=unit").json()
        self.assertIn("roads-authority", [g["key"] for g in by_unit["groups"]])
        by_channel = self.call("boss", "GET", "stats/surveys?by=channel").json()
        self.assertIn("open311", [g["key"] for g in by_channel["groups"]])
        self.assertEqual(self.call("agata", "GET", "stats/surveys").status, 403)
        self.assertEqual(self.call("boss", "GET", "stats/surveys?by=weather").status, 400)

    def test_not_fixed_reopens_the_case(self):
        number, token = self.new_case()
        self.close(number)
        r = self.answer(number, {"key": survey_key(token), "fixed": False,
                                 "comment": "Dziura nadal jest"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["reopened"], True)
        case = self.call("boss", "GET", f"cases/{number}").json()
        task = next(t for t in case["tasks"] if t["department"] == "roads-authority")
        self.assertEqual(task["state"], "reopened")
        public = self.server.get(f"/open311/v2/requests/{number}.json",
                                 jurisdiction_id="wroclaw.pl").json()[0]
        self.assertEqual(public["status"], "open")
        history = self.call("boss", "GET", f"cases/{number}/history").json()
        self.assertIn("Dziura nadal jest", str(history))
        results = self.call("boss", "GET", "stats/surveys?by=service").json()
        pothole = next(g for g in results["groups"] if g["key"] == "pothole")
        self.assertGreaterEqual(pothole["not_fixed"], 1)


if __name__ == "__main__":
    unittest.main()
