"""The knowledge base on the real binary over HTTP: an article from an agent's draft to the
residents' FAQ through the owner unit's editor, concurrent edits (409), safe Markdown, huge and
malformed articles, expiry, as-you-type suggestions, votes, a call closed as an information
request that counts in the topics report and in first-contact resolution, and the expert line
end to end over HTTP and WebSockets: a resident's chat, the agent's question routed to an
expert's console, the answer back in the agent's console and the resident's chat, a draft
article from it, and an answer sent later to a caller by text."""

import datetime
import json
import unittest
from urllib.parse import quote

from ratusz_harness import Ratusz, WebSocket, wait_until

CTI_TOKEN = "cti-secret-for-kb-tests"
FMT = "%Y-%m-%dT%H:%M:%SZ"


def article(**fields):
    body = {
        "title_pl": "Odbiór odpadów wielkogabarytowych",
        "title_en": "Bulky waste collection",
        "body_pl": "Meble i **materace** odbieramy raz na kwartał sprzed posesji przy "
                   "ulicy Źródłowej i w całym mieście.",
        "body_en": "Furniture and mattresses are collected every quarter.",
        "keywords": ["gabaryty", "meble"],
        "services": ["illegal-dumping"],
        "units": ["sanitation"],
        "audience": "public",
        "owner_unit": "sanitation",
    }
    body.update(fields)
    return body


class KnowledgeBaseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ratusz(env={"RATUSZ_CONTACT__CTI_TOKEN": CTI_TOKEN,
                                 "RATUSZ_CONTACT__WRAP_UP_SECONDS": "1"})
        s = cls.server
        s.add_user("ala", "agent")
        s.add_user("ola", "agent")
        s.add_user("ewa", "editor", departments=["sanitation"])
        s.add_user("jan", "editor", departments=["roads-authority"])
        s.add_user("boss", "supervisor")
        s.add_user("audit", "auditor")
        s.add_user("zofia", "expert", departments=["sanitation"])
        s.add_user("marek", "agent")
        s.start()
        cls.t = {n: s.login(n)
                 for n in ["ala", "ola", "ewa", "jan", "boss", "audit", "zofia", "marek"]}
        for name, profile in {
                "ala": {"skills": {"first-line": 8}, "languages": ["pl"]},
                "marek": {"skills": {"chat": 8}, "languages": ["pl"]},
                "zofia": {"skills": {"expert-waste": 9}, "languages": ["pl"]}}.items():
            r = cls.call("boss", "PUT", f"contact/agents/{name}", profile)
            assert r.status == 200, r

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    @classmethod
    def call(cls, who, method, path, body=None):
        return cls.server.api(method, path, cls.t[who], body)

    def public(self, path):
        return self.server.request("GET", "/api/v1/public/" + path)

    def publish(self, who, body):
        r = self.call("ala", "POST", "kb/articles", body)
        self.assertEqual(r.status, 201, r)
        a = r.json()
        r = self.call(who, "POST", f"kb/articles/{a['id']}/versions/1/publish", {"note": "ok"})
        self.assertEqual(r.status, 200, r)
        return r.json()

    def test_an_agents_draft_reaches_the_residents_faq_through_the_editor(self):
        r = self.call("ala", "POST", "kb/articles", article(title_pl="Gabaryty: harmonogram"))
        self.assertEqual(r.status, 201, r)
        draft = r.json()
        self.assertEqual((draft["version"], draft["state"], draft["author"]),
                         (1, "draft", "user:ala"))
        self.assertIsNone(draft["published_version"])
        self.assertIn("<strong>materace</strong>", draft["html_pl"])
        ident = draft["id"]
        # Not for residents yet.
        self.assertEqual(self.public(f"faq/{ident}").status, 404)
        r = self.call("ewa", "GET", "kb/articles?state=draft&owner_unit=sanitation")
        self.assertIn(ident, [a["id"] for a in r.json()["articles"]], "the editor's review list")
        # Only the owner unit's editors publish.
        for who in ("ala", "jan", "audit"):
            r = self.call(who, "POST", f"kb/articles/{ident}/versions/1/publish", {})
            self.assertEqual(r.status, 403, (who, r))
        r = self.call("ewa", "POST", f"kb/articles/{ident}/versions/1/publish", {"note": "ok"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["state"], r.json()["reviewed_by"]), ("published", "user:ewa"))

        # Residents find it without diacritics, in another word form, in English.
        for query in ("zrodlowa", "gabarytów", "harmonogramie", "mattresses"):
            r = self.public("faq?q=" + quote(query))
            self.assertEqual(r.status, 200, r)
            self.assertIn(ident, [a["id"] for a in r.json()["articles"]], query)
        r = self.public(f"faq/{ident}?lang=en")
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["language"], r.json()["title"]), ("en", "Bulky waste collection"))
        self.assertNotIn("body_pl", r.json(), "residents get the safe HTML only")
        r = self.public(f"faq/{ident}")
        self.assertIn("<strong>materace</strong>", r.json()["html"])
        # As the resident types ("harmon..."), the article is offered.
        r = self.public("faq?q=odbior%20harmon&typing=1")
        self.assertIn(ident, [a["id"] for a in r.json()["articles"]])
        # "This helped."
        r = self.server.request("POST", f"/api/v1/public/faq/{ident}/votes",
                                json.dumps({"helpful": True}))
        self.assertEqual((r.status, r.json()), (202, {"counted": True}), r)
        # The same address voting again the same day does not push the article further.
        r = self.server.request("POST", f"/api/v1/public/faq/{ident}/votes",
                                json.dumps({"helpful": True}))
        self.assertEqual((r.status, r.json()), (202, {"counted": False}), r)
        r = self.server.request("POST", f"/api/v1/public/faq/{ident}/votes", "{\"helpful\": 1}")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.call("ala", "GET", f"kb/articles/{ident}").json()["helpful"], 1)

    def test_two_people_editing_the_same_version_get_a_conflict(self):
        a = self.publish("ewa", article(title_pl="Segregacja: żółty worek"))
        ident = a["id"]
        first = self.call("ala", "PUT", f"kb/articles/{ident}",
                          dict(article(title_pl="Segregacja: żółty pojemnik"), base_version=1,
                               reason="pojemniki zamiast worków"))
        self.assertEqual(first.status, 201, first)
        self.assertEqual(first.json()["version"], 2)
        second = self.call("ola", "PUT", f"kb/articles/{ident}",
                           dict(article(title_pl="Segregacja: worek"), base_version=1,
                                reason="poprawka"))
        self.assertEqual(second.status, 409, second)
        self.assertEqual(second.json()["error"]["field"], "base_version")
        r = self.call("ala", "PUT", f"kb/articles/{ident}", article())
        self.assertEqual(r.status, 400, "the version edited is required")
        versions = self.call("ola", "GET", f"kb/articles/{ident}/versions").json()["versions"]
        self.assertEqual([(v["version"], v["state"]) for v in versions],
                         [(2, "draft"), (1, "published")])
        # Residents still read version 1; version 1 is readable to staff after 2 is published.
        self.assertIn("żółty worek", self.public(f"faq/{ident}").json()["title"])
        r = self.call("ewa", "POST", f"kb/articles/{ident}/versions/2/publish", {})
        self.assertEqual(r.status, 200, r)
        self.assertIn("pojemnik", self.public(f"faq/{ident}").json()["title"])
        old = self.call("ola", "GET", f"kb/articles/{ident}?version=1").json()
        self.assertEqual((old["version"], old["state"], old["title_pl"]),
                         (1, "superseded", "Segregacja: żółty worek"))

    def test_hostile_huge_and_malformed_articles(self):
        hostile = self.publish("ewa", article(
            title_pl="Skrypty",
            body_pl="<script>alert('x')</script>\n\n[kliknij](javascript:alert(1)) "
                    "<img src=x onerror=alert(2)> [strona](https://um.wroc.pl)"))
        html = self.public(f"faq/{hostile['id']}").json()["html"]
        for bad in ("<script", "javascript:", "onerror"):
            self.assertNotIn(bad, html)
        self.assertIn('href="https://um.wroc.pl"', html)

        cases = [
            (article(body_pl="a" * 70000), 400, "body_pl"),
            (article(title_pl=""), 400, "title_pl"),
            (article(title_pl="x" * 201), 400, "title_pl"),
            (article(audience="everyone"), 400, "audience"),
            (article(valid_until="next year"), 400, "valid_until"),
            (article(keywords="gabaryty"), 400, "keywords"),
            (article(keywords=["k"] * 41), 400, "keywords"),
            (article(body_pl=["not", "text"]), 400, "body_pl"),
            (article(title_pl="a\u0000b"), 400, "title_pl"),
            (article(owner_unit=""), 400, "owner_unit"),
        ]
        for body, status, field in cases:
            r = self.call("ala", "POST", "kb/articles", body)
            self.assertEqual(r.status, status, (field, r))
            self.assertEqual(r.json()["error"]["field"], field, r)
        r = self.call("ala", "POST", "kb/articles", "{not json")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.call("ala", "GET", "kb/articles/999999").status, 404)
        self.assertEqual(self.call("ala", "GET", "kb/articles/abc").status, 404)
        self.assertEqual(self.call("ala", "GET", "kb/articles?limit=100000").status, 400)
        self.assertEqual(self.call("audit", "POST", "kb/articles", article()).status, 403)
        self.assertEqual(self.server.request("GET", "/api/v1/kb/articles").status, 401)
        r = self.public("faq?q=" + "%22NEAR(%2A%20OR%20AND" * 10)
        self.assertEqual(r.status, 200, "query text is never FTS5 syntax")
        r = self.public("faq?q=" + "a" * 2000)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.public("faq/0").status, 404)
        # Nothing of the refused articles was written.
        titles = [a["title_pl"] for a in
                  self.call("ala", "GET", "kb/articles?limit=500").json()["articles"]]
        self.assertNotIn("x" * 201, titles)

    def test_internal_and_expired_articles_stay_away_from_residents(self):
        internal = self.publish("ewa", article(title_pl="Procedura przełączenia na 112",
                                               body_pl="Zagrożenie życia: 112.",
                                               audience="internal"))
        self.assertEqual(self.public(f"faq/{internal['id']}").status, 404)
        self.assertNotIn(internal["id"],
                         [a["id"] for a in self.public("faq?q=procedura").json()["articles"]])
        self.assertIn(internal["id"], [a["id"] for a in
                                       self.call("ala", "GET", "kb/search?q=procedura")
                                       .json()["articles"]])
        past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
        expired = self.publish("ewa", article(title_pl="Stawki opłat na rok ubiegły",
                                              valid_until=past.strftime(FMT)))
        self.assertEqual(self.public(f"faq/{expired['id']}").status, 404)
        listed = self.call("ewa", "GET", "kb/articles?state=expired&owner_unit=sanitation")
        self.assertIn(expired["id"], [a["id"] for a in listed.json()["articles"]])
        r = self.call("ala", "GET", f"kb/articles/{expired['id']}").json()
        self.assertTrue(r["expired"], "staff see it flagged")
        faq = [a["id"] for a in self.public("faq").json()["articles"]]
        self.assertNotIn(expired["id"], faq)
        self.assertNotIn(internal["id"], faq)

    def test_a_call_closed_as_an_information_request(self):
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
        answer = self.publish("ewa", article(title_pl="Opłata za śmieci — terminy",
                                             body_pl="Do 15. dnia miesiąca."))
        r = self.call("ala", "POST", "contact/agents/me/state", {"state": "available"})
        self.assertEqual(r.status, 200, r)
        headers = {"Authorization": "Bearer " + CTI_TOKEN, "Content-Type": "application/json"}
        r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "offered", "call": "kb-1", "caller": "+48600555444", "dialled": "19115"}),
            headers)
        self.assertEqual(r.status, 200, r)
        interaction = r.json()["interaction"]
        self.assertEqual(r.json()["agent"], "ala")
        r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "answered", "call": "kb-1", "agent": "ala"}), headers)
        self.assertEqual(r.status, 200, r)
        # The agent searches beside the call and closes it with the article used.
        found = self.call("ala", "GET", "kb/search?q=do%20kiedy%20placic%20za%20smieci")
        self.assertEqual(found.json()["articles"][0]["id"], answer["id"], found)
        body = {"interaction": interaction, "question": "Do kiedy płacić za śmieci?",
                "topic": "waste", "outcome": "answered", "articles": [answer["id"]]}
        r = self.call("ola", "POST", "kb/information-requests", body)
        self.assertEqual(r.status, 403, "not Ola's call")
        for bad, field in ((dict(body, topic="nope"), "topic"),
                           (dict(body, outcome="later"), "outcome"),
                           (dict(body, articles=[999999]), "articles"),
                           (dict(body, question=""), "question")):
            r = self.call("ala", "POST", "kb/information-requests", bad)
            self.assertEqual(r.status, 400, (field, r))
            self.assertEqual(r.json()["error"]["field"], field)
        r = self.call("ala", "POST", "kb/information-requests", body)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.call("ala", "GET", f"kb/articles/{answer['id']}").json()["closes"], 1)
        r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "ended", "call": "kb-1"}), headers)
        self.assertEqual(r.status, 200, r)

        # A second caller asks something nobody has written about: escalated.
        r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "offered", "call": "kb-2", "caller": "+48600555333", "dialled": "19115"}),
            headers)
        second = r.json()["interaction"]
        wait_until(lambda: self.server.request(
            "GET", "/api/v1/contact/cti/calls/kb-2",
            headers={"Authorization": "Bearer " + CTI_TOKEN}).json()["agent"] == "ala",
            what="the second call to ring at Ala (after her wrap-up)")
        self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "answered", "call": "kb-2", "agent": "ala"}), headers)
        r = self.call("ala", "POST", "kb/information-requests",
                      {"interaction": second, "question": "Czy mogę trzymać kury na działce?",
                       "topic": "animals", "outcome": "escalated"})
        self.assertEqual(r.status, 201, r)
        self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "ended", "call": "kb-2"}), headers)

        end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)
        span = f"from={start.strftime(FMT)}&to={end.strftime(FMT)}"
        r = self.call("ala", "GET", f"kb/reports/questions?{span}")
        self.assertEqual(r.status, 403, r)
        r = self.call("boss", "GET", f"kb/reports/questions?{span}")
        self.assertEqual(r.status, 200, r)
        report = r.json()
        topics = {t["topic"]: t for t in report["topics"]}
        self.assertEqual((topics["waste"]["answered"], topics["waste"]["without_article"]), (1, 0))
        self.assertEqual((topics["animals"]["escalated"], topics["animals"]["without_article"]),
                         (1, 1))
        self.assertEqual([q["question"] for q in report["without_article"]],
                         ["Czy mogę trzymać kury na działce?"])
        # First-contact resolution counts the answered question.
        r = self.call("boss", "GET", f"contact/stats/fcr?{span}")
        self.assertEqual(r.status, 200, r)
        self.assertGreaterEqual(r.json()["answered_questions"], 1)
        topics = self.call("ala", "GET", "kb/topics").json()["topics"]
        waste = next(t for t in topics if t["code"] == "waste")
        self.assertEqual(waste["expert_queue"], "consult-waste")

    def console(self, who):
        ws = WebSocket(self.server.port, "/api/v1/contact/ws",
                       {"Authorization": "Bearer " + self.t[who]})
        self.assertEqual(ws.status, 101, ws.refusal)
        self.assertEqual(ws.receive()["type"], "hello")
        ws.send({"type": "state", "state": "available", "id": "on"})
        ws.expect(lambda m: m["type"] == "ok" and m["id"] == "on")
        return ws

    def test_the_expert_line_from_a_residents_chat_to_a_draft_article(self):
        agent = self.console("marek")
        expert = self.console("zofia")
        r = self.server.request("POST", "/api/v1/public/chat",
                                json.dumps({"language": "pl", "subject": "Odpady"}),
                                {"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r)
        chat = r.json()
        resident = WebSocket(self.server.port, f"/api/v1/public/chat/ws?chat={chat['chat']}"
                                               f"&key={chat['key']}&after=0")
        self.assertEqual(resident.status, 101, resident.refusal)
        resident.send({"type": "say", "id": "r1",
                       "text": "Czy popiół z kominka mogę wrzucić do bio?"})
        resident.expect(lambda m: m["type"] == "ack")
        offer = agent.expect(lambda m: m["type"] == "offer")
        agent.send({"type": "accept", "interaction": chat["chat"], "id": "a1"})
        agent.expect(lambda m: m["type"] == "ok" and m["id"] == "a1")

        # Marek does not know: he asks the waste experts, with the chat so far.
        question = {"topic": "waste", "interaction": chat["chat"],
                    "question": "Popiół z kominka: bio czy zmieszane?"}
        for bad, field in ((dict(question, topic="animals"), "topic"),
                           (dict(question, question=""), "question")):
            r = self.call("marek", "POST", "kb/consultations", bad)
            self.assertEqual((r.status, r.json()["error"]["field"]), (400, field), r)
        r = self.call("ala", "POST", "kb/consultations", question)
        self.assertEqual(r.status, 403, "Ala does not handle this chat")
        r = self.call("marek", "POST", "kb/consultations", question)
        self.assertEqual(r.status, 201, r)
        asked = r.json()
        self.assertEqual((asked["queue"], asked["asked_by"]), ("consult-waste", "user:marek"))

        # The contact-center engine offers it to the expert with the skill.
        offer = expert.expect(lambda m: m["type"] == "offer")
        self.assertEqual(offer["interaction"]["id"], asked["id"])
        self.assertEqual(offer["interaction"]["channel"], "consult")
        expert.send({"type": "accept", "interaction": asked["id"], "id": "x1"})
        expert.expect(lambda m: m["type"] == "ok" and m["id"] == "x1")
        expert.send({"type": "transcript", "interaction": asked["id"]})
        first = expert.expect(lambda m: m["type"] == "message" and m["seq"] == 1)
        self.assertEqual((first["from"], first["text"]),
                         ("agent:marek", "Popiół z kominka: bio czy zmieszane?"))
        context = expert.expect(lambda m: m["type"] == "message" and m["seq"] == 2)
        self.assertIn("mieszkaniec: Czy popiół z kominka mogę wrzucić do bio?", context["text"])
        # Marek adds a detail; the expert sees it live.
        r = self.call("marek", "POST", f"kb/consultations/{asked['id']}/lines",
                      {"text": "Popiół jest zimny."})
        self.assertEqual(r.status, 201, r)
        expert.expect(lambda m: m["type"] == "message" and m["text"] == "Popiół jest zimny.")
        # Someone else cannot answer it; the expert does, in the console, and closes it.
        r = self.call("ala", "POST", f"kb/consultations/{asked['id']}/answer", {"answer": "x"})
        self.assertEqual(r.status, 403, r)
        answer = "Zimny popiół wrzucamy do pojemnika na odpady zmieszane, nie do bio."
        expert.send({"type": "say", "interaction": asked["id"], "id": "x2", "text": answer})
        expert.expect(lambda m: m["type"] == "ok" and m["id"] == "x2")
        # The answer reaches Marek's console while the resident waits.
        heard = agent.expect(lambda m: m["type"] == "message" and m["interaction"] == asked["id"]
                             and m["from"] == "agent:zofia")
        self.assertEqual(heard["text"], answer)
        expert.send({"type": "end", "interaction": asked["id"], "id": "x3"})
        expert.expect(lambda m: m["type"] == "ok" and m["id"] == "x3")
        done = self.call("marek", "GET", f"kb/consultations/{asked['id']}").json()
        self.assertEqual((done["state"], done["expert"], done["answer"]), ("ended", "zofia", answer))
        self.assertEqual(self.call("ala", "GET", f"kb/consultations/{asked['id']}").status, 403)
        self.assertIn(asked["id"], [c["id"] for c in
                                    self.call("boss", "GET", "kb/consultations")
                                    .json()["consultations"]])

        # Marek forwards the answer into the chat: the resident reads it.
        r = self.call("zofia", "POST", f"kb/consultations/{asked['id']}/forward")
        self.assertEqual(r.status, 403, "the agent who asked forwards it")
        r = self.call("marek", "POST", f"kb/consultations/{asked['id']}/forward")
        self.assertEqual(r.status, 201, r)
        got = resident.expect(lambda m: m["type"] == "message" and m["from"] == "agent")
        self.assertEqual(got["text"], answer)

        # One click: a draft article for the waste unit's editors.
        r = self.call("zofia", "POST", f"kb/consultations/{asked['id']}/article",
                      {"audience": "public"})
        self.assertEqual(r.status, 201, r)
        draft = r.json()
        self.assertEqual((draft["state"], draft["owner_unit"], draft["body_pl"], draft["author"]),
                         ("draft", "sanitation", answer, "user:zofia"))
        self.assertEqual(draft["title_pl"], "Popiół z kominka: bio czy zmieszane?")
        r = self.call("ewa", "POST", f"kb/articles/{draft['id']}/versions/1/publish", {})
        self.assertEqual(r.status, 200, r)
        found = self.public("faq?q=" + quote("popiół"))
        self.assertEqual(found.json()["articles"][0]["id"], draft["id"])
        self.assertEqual(self.call("marek", "GET", f"kb/consultations/{asked['id']}")
                         .json()["article"], draft["id"])
        for ws in (agent, expert, resident):
            ws.close()

    def test_an_answer_reaches_a_caller_who_hung_up_by_text(self):
        headers = {"Authorization": "Bearer " + CTI_TOKEN, "Content-Type": "application/json"}
        self.assertEqual(self.call("ala", "POST", "contact/agents/me/state",
                                   {"state": "available"}).status, 200)
        expert = self.console("zofia")
        call = "kb-late"
        r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "offered", "call": call, "caller": "+48600777888", "dialled": "19115"}),
            headers)
        interaction = r.json()["interaction"]
        wait_until(lambda: self.server.request(
            "GET", f"/api/v1/contact/cti/calls/{call}",
            headers={"Authorization": "Bearer " + CTI_TOKEN}).json()["agent"] == "ala",
            what="the call to ring at Ala")
        self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "answered", "call": call, "agent": "ala"}), headers)
        r = self.call("ala", "POST", "kb/consultations",
                      {"topic": "waste", "interaction": interaction,
                       "question": "Czy kontener na gruz może stać na trawniku?"})
        self.assertEqual(r.status, 201, r)
        asked = r.json()
        # The caller cannot wait: the call ends before the expert answers.
        self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(
            {"event": "ended", "call": call}), headers)
        expert.expect(lambda m: m["type"] == "offer" and m["interaction"]["id"] == asked["id"])
        expert.send({"type": "accept", "interaction": asked["id"], "id": "y1"})
        expert.expect(lambda m: m["type"] == "ok" and m["id"] == "y1")
        r = self.call("zofia", "POST", f"kb/consultations/{asked['id']}/answer",
                      {"answer": "Tak, za zgodą zarządcy terenu."})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "ended")
        # Later, by the caller's channel: a text to their number (queued in the contact's
        # outbox; this test city has no SMS gateway, test_sms covers the sending).
        r = self.call("ala", "POST", f"kb/consultations/{asked['id']}/forward")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["delivery"], "pending")
        stored = self.call("ala", "GET", f"contact/interactions/{interaction}").json()
        self.assertEqual(stored["transcript"][-1]["text"], "Tak, za zgodą zarządcy terenu.")
        self.assertEqual(stored["transcript"][-1]["from"], "agent:ala")
        expert.close()


if __name__ == "__main__":
    unittest.main()
