"""The contact center on the real binary: a telephone system's call from offer to recording
through the CTI endpoint, offers that time out, callers who hang up, a resident's web chat to
an agent's console over WebSockets (typing, acknowledgements, reconnect and resend), agents who
disconnect, the supervisors' live figures, queue_log import and staffing, and bad input."""

import datetime
import json
import os
import tempfile
import time
import unittest

from ratusz_harness import DEMO_CONFIG, Ratusz, WebSocket, wait_until

CTI_TOKEN = "cti-secret-for-integration-tests"

# The demo city plus a chat queue that is never open.
EXTRA = """
[[calendar]]
id = "never"
time_zone = "Europe/Warsaw"
hours = {}

[[queue]]
id = "chat-closed"
channel = "chat"
skill = "chat"
calendar = "never"
closed_message = { pl = "Czat jest czynny w dni robocze 8-16.", en = "Chat is open on weekdays 8-16." }
"""


class ContactCenterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(DEMO_CONFIG, encoding="utf-8") as f:
            text = f.read() + EXTRA
        fd, cls.config = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        cls.server = Ratusz(config=cls.config, env={
            "RATUSZ_CONTACT__CTI_TOKEN": CTI_TOKEN,
            "RATUSZ_CONTACT__OFFER_TIMEOUT_SECONDS": "3",
            "RATUSZ_CONTACT__WRAP_UP_SECONDS": "1",
            "RATUSZ_CONTACT__AGENT_DISCONNECT_GRACE_SECONDS": "1",
        })
        s = cls.server
        for name in ["ala", "ola", "ewa", "piotr"]:
            s.add_user(name, "agent")
        s.add_user("boss", "supervisor")
        s.add_user("audit", "auditor")
        s.start()
        cls.t = {name: s.login(name) for name in ["ala", "ola", "ewa", "piotr", "boss", "audit"]}
        profiles = {
            "ala": {"skills": {"first-line": 8}, "languages": ["pl", "en"]},
            "ola": {"skills": {"first-line": 5, "chat": 7}, "languages": ["pl"],
                    "capacity": {"voice": 1, "chat": 2}},
            "ewa": {"skills": {"chat": 5}, "languages": ["pl"], "capacity": {"chat": 3}},
            "piotr": {"skills": {"first-line": 3}, "languages": ["pl"]},
        }
        for name, profile in profiles.items():
            r = cls.call("boss", "PUT", f"contact/agents/{name}", profile)
            assert r.status == 200, r

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        os.unlink(cls.config)

    @classmethod
    def call(cls, who, method, path, body=None):
        return cls.server.api(method, path, cls.t[who], body)

    def setUp(self):
        # Every test starts with everybody logged out and nobody waiting.
        for name in ["ala", "ola", "ewa", "piotr"]:
            r = self.call("boss", "POST", f"contact/agents/{name}/state", {"state": "offline"})
            self.assertEqual(r.status, 200, r)

    def cti(self, body, token=CTI_TOKEN):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        return self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(body), headers)

    def route(self, call):
        r = self.server.request("GET", f"/api/v1/contact/cti/calls/{call}",
                                headers={"Authorization": "Bearer " + CTI_TOKEN})
        self.assertEqual(r.status, 200, r)
        return r.json()

    def state(self, who, state, reason=None):
        body = {"state": state}
        if reason:
            body["reason"] = reason
        r = self.call(who, "POST", "contact/agents/me/state", body)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def console(self, who):
        ws = WebSocket(self.server.port, "/api/v1/contact/ws",
                       {"Authorization": "Bearer " + self.t[who]})
        self.assertEqual(ws.status, 101, ws.refusal)
        hello = ws.receive()
        self.assertEqual(hello["type"], "hello")
        self.assertEqual(hello["agent"], who)
        return ws

    def live_queue(self, queue):
        r = self.call("boss", "GET", "contact/live")
        self.assertEqual(r.status, 200, r)
        return next(q for q in r.json()["queues"] if q["queue"] == queue)

    # --- Voice through the CTI endpoint ------------------------------------------------------

    def test_a_call_from_offer_to_recording_kept_with_the_case(self):
        before = self.live_queue("voice-pl")
        self.state("ala", "available")
        r = self.cti({"event": "offered", "call": "call-1", "caller": "+48600100200",
                      "dialled": "19115"})
        self.assertEqual(r.status, 200, r)
        routing = r.json()
        self.assertEqual(routing["action"], "ring")
        self.assertEqual(routing["agent"], "ala", "the only available first-line agent")
        self.assertIsNotNone(routing["offer_expires_at"])
        interaction = routing["interaction"]
        # Ala sees who is calling: a read of personal data, in the auditors' log.
        r = self.call("audit", "GET", f"audit/personal-data?subject=contact:{interaction}")
        self.assertEqual(r.status, 200, r)
        self.assertEqual([(e["actor"], e["action"]) for e in r.json()["entries"]],
                         [("user:ala", "read")])

        self.assertEqual(self.cti({"event": "ringing", "call": "call-1", "agent": "ala"}).status,
                         200)
        r = self.cti({"event": "answered", "call": "call-1", "agent": "ala"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["action"], "connected")
        self.assertEqual(self.cti({"event": "held", "call": "call-1"}).status, 200)
        self.assertEqual(self.cti({"event": "resumed", "call": "call-1"}).status, 200)

        # While talking, the agent registers the caller's report.
        case = self.call("ala", "POST", "cases", {
            "jurisdiction_id": "wroclaw.pl", "service_code": "pothole", "channel": "phone",
            "description": "Dziura na ul. Legnickiej", "lat": 51.1140, "long": 17.0000,
            "attributes": {"size": "large"}})
        self.assertEqual(case.status, 201, case)
        number = case.json()["number"]

        r = self.cti({"event": "ended", "call": "call-1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["action"], "ended")
        r = self.cti({"event": "recording", "call": "call-1",
                      "recording": "asterisk://monitor/2026/11/call-1.wav"})
        self.assertEqual(r.status, 200, r)
        r = self.call("ala", "POST", f"contact/interactions/{interaction}/wrap-up",
                      {"code": "case-registered", "notes": "Zgłoszenie dziury",
                       "cases": [number]})
        self.assertEqual(r.status, 200, r)

        # The recording is kept with the case: the case's contacts list it.
        r = self.call("boss", "GET", f"contact/interactions?case={number}")
        self.assertEqual(r.status, 200, r)
        [found] = r.json()["interactions"]
        self.assertEqual(found["id"], interaction)
        self.assertEqual(found["recording"], "asterisk://monitor/2026/11/call-1.wav")
        self.assertEqual(found["address"], "+48600100200")
        self.assertEqual(found["wrap_up"], "case-registered")
        self.assertEqual(found["state"], "ended")
        self.assertIsNotNone(found["answered_at"])
        self.assertIsNotNone(found["ended_at"])

        after = self.live_queue("voice-pl")
        self.assertEqual(after["answered"], before["answered"] + 1)
        self.assertEqual(after["offered"], before["offered"] + 1)

        # The same call offered again, events for a call never offered, an event after the end:
        # precise errors, and the figures do not move.
        self.assertEqual(self.cti({"event": "offered", "call": "call-1",
                                   "dialled": "19115"}).status, 409)
        self.assertEqual(self.cti({"event": "answered", "call": "nope", "agent": "ala"}).status,
                         404)
        self.assertEqual(self.cti({"event": "ended", "call": "call-1"}).status, 412)
        self.assertEqual(self.live_queue("voice-pl")["offered"], after["offered"])

    def test_an_offer_that_times_out_goes_to_the_next_agent(self):
        self.state("ala", "available")
        self.state("piotr", "available")
        r = self.cti({"event": "offered", "call": "call-2", "caller": "+48600100201",
                      "dialled": "19115"})
        first = r.json()
        self.assertEqual(first["agent"], "ala", "higher proficiency first")
        # Ala does not answer: after the offer timeout the call rings at Piotr; Ala is on a break.
        now = wait_until(lambda: self.route("call-2")["agent"] == "piotr" and self.route("call-2"),
                         what="the call to ring at piotr")
        self.assertEqual(now["action"], "ring")
        agents = {a["username"]: a for a in self.call("boss", "GET", "contact/agents").json()["agents"]}
        self.assertEqual(agents["ala"]["state"], "break")
        self.assertEqual(agents["ala"]["reason"], "missed offer")
        # Piotr declines: nobody else can take it; it waits, it is not lost.
        r = self.cti({"event": "declined", "call": "call-2", "agent": "piotr"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["action"], "queue")
        self.state("ala", "available")
        self.assertEqual(self.route("call-2")["agent"], "ala")
        self.assertEqual(self.cti({"event": "abandoned", "call": "call-2"}).status, 200)

    def test_a_caller_who_hangs_up_while_waiting_counts_as_abandoned(self):
        before = self.live_queue("voice-pl")
        r = self.cti({"event": "offered", "call": "call-3", "caller": "+48600100202",
                      "dialled": "+48221911500"})
        self.assertEqual(r.json()["action"], "queue", "nobody is available")
        self.assertGreaterEqual(self.live_queue("voice-pl")["waiting"], 1)
        r = self.cti({"event": "abandoned", "call": "call-3"})
        self.assertEqual(r.status, 200, r)
        after = self.live_queue("voice-pl")
        self.assertEqual(after["abandoned"], before["abandoned"] + 1)
        self.assertGreater(after["abandon_rate"], 0)

    def test_cti_refuses_bad_and_unauthenticated_events(self):
        self.assertEqual(self.cti({"event": "offered", "call": "x", "dialled": "19115"},
                                  token=None).status, 401)
        self.assertEqual(self.cti({"event": "offered", "call": "x", "dialled": "19115"},
                                  token="wrong-token-wrong-token").status, 401)
        r = self.cti({"event": "teleported", "call": "x"})
        self.assertEqual(r.status, 404, "an event for a call never offered")
        r = self.cti({"event": "offered", "dialled": "19115"})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"]["field"], "call")
        r = self.cti({"event": "offered", "call": "x2", "dialled": "0700"})
        self.assertEqual(r.status, 404)
        self.assertIn("0700", r.json()["error"]["message"])
        r = self.server.request("POST", "/api/v1/contact/cti/events", "{not json",
                                {"Authorization": "Bearer " + CTI_TOKEN})
        self.assertEqual(r.status, 400)
        r = self.cti({"event": "offered", "call": "x3", "queue": "chat-pl"})
        self.assertEqual(r.status, 400, "a call cannot enter a chat queue")

    # --- Web chat ------------------------------------------------------------------------------

    def open_chat(self, **body):
        r = self.server.request("POST", "/api/v1/public/chat", json.dumps(body),
                                {"Content-Type": "application/json"})
        return r

    def resident(self, chat, after=0):
        ws = WebSocket(self.server.port,
                       f"/api/v1/public/chat/ws?chat={chat['chat']}&key={chat['key']}&after={after}")
        self.assertEqual(ws.status, 101, ws.refusal)
        return ws

    def test_a_chat_from_resident_to_agent(self):
        agent = self.console("ola")
        agent.send({"type": "state", "state": "available", "id": "s1"})
        agent.expect(lambda m: m["type"] == "ok" and m["id"] == "s1")

        r = self.open_chat(language="pl", subject="Wywóz gabarytów")
        self.assertEqual(r.status, 201, r)
        chat = r.json()
        resident = self.resident(chat)
        self.assertEqual(resident.expect(lambda m: m["type"] == "state")["state"], "waiting")
        resident.send({"type": "say", "text": "Dzień dobry, kiedy wywóz gabarytów?", "id": "r1"})
        ack = resident.expect(lambda m: m["type"] == "ack")
        self.assertEqual((ack["id"], ack["seq"]), ("r1", 1))

        offer = agent.expect(lambda m: m["type"] == "offer")
        self.assertEqual(offer["interaction"]["id"], chat["chat"])
        self.assertEqual(offer["interaction"]["channel"], "chat")
        agent.send({"type": "accept", "interaction": chat["chat"], "id": "a1"})
        agent.expect(lambda m: m["type"] == "ok" and m["id"] == "a1")
        self.assertEqual(resident.expect(lambda m: m["type"] == "state")["state"], "connected")

        # The agent reads what was said before; typing shows on the other side.
        agent.send({"type": "transcript", "interaction": chat["chat"]})
        line = agent.expect(lambda m: m["type"] == "message")
        self.assertEqual(line["text"], "Dzień dobry, kiedy wywóz gabarytów?")
        self.assertEqual(line["from"], "resident")
        agent.send({"type": "typing", "interaction": chat["chat"]})
        self.assertEqual(resident.expect(lambda m: m["type"] == "typing")["from"], "agent")
        resident.send({"type": "typing"})
        agent.expect(lambda m: m["type"] == "typing" and m["from"] == "resident")

        agent.send({"type": "say", "interaction": chat["chat"], "id": "a2",
                    "text": "Dzień dobry! W Pani rejonie w każdy drugi wtorek."})
        heard = resident.expect(lambda m: m["type"] == "message" and m["seq"] == 2)
        self.assertEqual(heard["from"], "agent", "residents do not see the agent's login")

        # The resident's connection drops; the agent writes meanwhile; on reconnect the resident
        # gets what it missed, and a resent message (same id) is not written twice.
        resident.close()
        agent.send({"type": "say", "interaction": chat["chat"], "id": "a3",
                    "text": "Czy mogę jeszcze w czymś pomóc?"})
        agent.expect(lambda m: m["type"] == "ok" and m["id"] == "a3")
        resident = self.resident(chat, after=2)
        missed = resident.expect(lambda m: m["type"] == "message")
        self.assertEqual((missed["seq"], missed["text"]), (3, "Czy mogę jeszcze w czymś pomóc?"))
        resident.send({"type": "say", "text": "Dziękuję, to wszystko.", "id": "r2"})
        first = resident.expect(lambda m: m["type"] == "ack")
        resident.send({"type": "say", "text": "Dziękuję, to wszystko.", "id": "r2"})
        again = resident.expect(lambda m: m["type"] == "ack")
        self.assertEqual(first["seq"], again["seq"])

        # The agent registers a case, ends the chat and wraps up with the case linked.
        case = self.call("ola", "POST", "cases", {
            "jurisdiction_id": "wroclaw.pl", "service_code": "graffiti", "channel": "chat",
            "description": "Graffiti na przystanku przy ul. Kwiatowej", "lat": 51.11,
            "long": 17.03})
        self.assertEqual(case.status, 201, case)
        agent.send({"type": "end", "interaction": chat["chat"], "id": "e1"})
        agent.expect(lambda m: m["type"] == "ok" and m["id"] == "e1")
        self.assertEqual(resident.expect(lambda m: m["type"] == "state")["state"], "ended")
        r = self.call("ola", "POST", f"contact/interactions/{chat['chat']}/wrap-up",
                      {"code": "case-registered", "cases": [case.json()["number"]]})
        self.assertEqual(r.status, 200, r)

        r = self.call("ola", "GET", f"contact/interactions/{chat['chat']}")
        self.assertEqual(r.status, 200, r)
        stored = r.json()
        self.assertEqual([l["seq"] for l in stored["transcript"]], [1, 2, 3, 4])
        self.assertEqual(stored["transcript"][3]["text"], "Dziękuję, to wszystko.")
        self.assertEqual(stored["cases"], [case.json()["number"]])
        # Another agent cannot read it; a supervisor can.
        self.assertEqual(self.call("ewa", "GET", f"contact/interactions/{chat['chat']}").status,
                         403)
        self.assertEqual(self.call("boss", "GET", f"contact/interactions/{chat['chat']}").status,
                         200)
        resident.close()
        agent.close()

    def test_a_closed_chat_says_so_in_the_residents_language(self):
        r = self.open_chat(queue="chat-closed", language="pl")
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.json()["error"]["message"], "Czat jest czynny w dni robocze 8-16.")
        r = self.open_chat(queue="chat-closed", language="en")
        self.assertEqual(r.json()["error"]["message"], "Chat is open on weekdays 8-16.")
        self.assertEqual(self.open_chat(queue="voice-pl").status, 404)

    def test_an_agent_who_disconnects_has_the_chat_requeued(self):
        chat = self.open_chat(language="pl").json()
        resident = self.resident(chat)
        first = self.console("ewa")
        first.send({"type": "state", "state": "available", "id": "s"})
        offer = first.expect(lambda m: m["type"] == "offer" and
                             m["interaction"]["id"] == chat["chat"])
        first.send({"type": "accept", "interaction": offer["interaction"]["id"], "id": "a"})
        first.expect(lambda m: m["type"] == "ok" and m["id"] == "a")
        resident.expect(lambda m: m["type"] == "state" and m["state"] == "connected")
        first.close()  # Ewa's browser is gone.
        second = self.console("ola")
        second.send({"type": "state", "state": "available", "id": "s"})
        offer = second.expect(lambda m: m["type"] == "offer" and
                              m["interaction"]["id"] == chat["chat"], timeout=20,
                              what="the chat offered again after ewa left")
        resident.expect(lambda m: m["type"] == "state" and m["state"] == "waiting")
        agents = {a["username"]: a for a in self.call("boss", "GET", "contact/agents").json()["agents"]}
        self.assertEqual(agents["ewa"]["state"], "offline")
        second.send({"type": "accept", "interaction": chat["chat"], "id": "a"})
        second.expect(lambda m: m["type"] == "ok" and m["id"] == "a")
        second.send({"type": "end", "interaction": chat["chat"], "id": "e"})
        second.expect(lambda m: m["type"] == "ok" and m["id"] == "e")
        second.close()
        resident.close()

    def test_sockets_refuse_strangers_and_bad_messages(self):
        ws = WebSocket(self.server.port, "/api/v1/contact/ws")
        self.assertEqual(ws.status, 401, "a console needs a login")
        ws = WebSocket(self.server.port, "/api/v1/public/chat/ws?chat=1&key=guess")
        self.assertEqual(ws.status, 401)
        agent = self.console("piotr")
        agent.send("{not json")
        self.assertEqual(agent.receive()["type"], "error")
        agent.send({"type": "say", "interaction": 999999, "text": "hej", "id": "x"})
        error = agent.receive()
        self.assertEqual((error["type"], error["code"]), ("error", "permission_denied"))
        agent.send({"type": "accept", "interaction": 999999, "id": "y"})
        self.assertEqual(agent.receive()["type"], "error")
        # A message over the size limit closes the connection.
        agent.send({"type": "say", "text": "x" * 70000})
        with self.assertRaises(ConnectionError):
            agent.expect(lambda m: False, timeout=5)
        agent.close()
        chat = self.open_chat().json()
        resident = self.resident(chat)
        resident.send({"type": "say", "text": "", "id": "e"})
        self.assertEqual(resident.expect(lambda m: m["type"] == "error")["code"],
                         "invalid_argument")
        resident.send({"type": "end"})
        resident.expect(lambda m: m["type"] == "state" and m["state"] == "ended")
        resident.close()

    # --- Supervisors ------------------------------------------------------------------------------

    def test_supervisors_get_live_figures_every_second(self):
        ws = self.console("boss")
        first = ws.expect(lambda m: m["type"] == "live")
        second = ws.expect(lambda m: m["type"] == "live" and m["at"] != first["at"], timeout=10)
        queues = {q["queue"]: q for q in second["queues"]}
        self.assertIn("voice-pl", queues)
        self.assertIn("service_level", queues["voice-pl"])
        self.assertIn("longest_wait_s", queues["voice-pl"])
        names = {a["username"] for a in second["agents"]}
        self.assertTrue({"ala", "ola", "ewa", "piotr"} <= names)
        self.state("piotr", "break", "training")
        change = ws.expect(lambda m: m["type"] == "agent" and m["agent"] == "piotr")
        self.assertEqual((change["state"], change["reason"]), ("break", "training"))
        ws.close()

    def test_agents_cannot_do_what_supervisors_do(self):
        self.assertEqual(self.call("ala", "GET", "contact/live").status, 403)
        self.assertEqual(self.call("ala", "GET", "contact/agents").status, 403)
        self.assertEqual(self.call("ala", "PUT", "contact/agents/ala",
                                   {"skills": {"expert-roads": 10}}).status, 403)
        self.assertEqual(self.call("ala", "POST", "contact/agents/ola/state",
                                   {"state": "available"}).status, 403)
        r = self.call("ala", "POST", "contact/agents/me/state", {"state": "break"})
        self.assertEqual(r.status, 400, "a break needs a reason code")
        r = self.call("boss", "PUT", "contact/agents/x", {"skills": {"chat": 11}})
        self.assertEqual(r.status, 400)

    def test_first_contact_resolution_counts_callers_who_come_back(self):
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
        self.state("ala", "available")
        for call in ["fcr-1", "fcr-2"]:
            self.cti({"event": "offered", "call": call, "caller": "+48600999000",
                      "dialled": "19115"})
            # After the first call Ala wraps up for a second; then the call rings at her.
            wait_until(lambda: self.route(call)["agent"] == "ala", what="the call to ring")
            self.assertEqual(self.cti({"event": "answered", "call": call, "agent": "ala"}).status,
                             200)
            self.assertEqual(self.cti({"event": "ended", "call": call}).status, 200)
        end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)
        fmt = "%Y-%m-%dT%H:%M:%SZ"
        r = self.call("boss", "GET",
                      f"contact/stats/fcr?from={start.strftime(fmt)}&to={end.strftime(fmt)}")
        self.assertEqual(r.status, 200, r)
        counts = r.json()
        self.assertGreaterEqual(counts["contacts"], 2)
        self.assertGreaterEqual(counts["repeated"], 1, "the first call was followed by a second")
        self.assertLess(counts["first_contact_resolution"], 1.0)

    # --- History: queue_log import, intervals, staffing ----------------------------------------------

    def test_queue_log_history_gives_a_forecast_and_a_shift_plan(self):
        # Three weeks of an Asterisk queue: calls every 5 minutes from 8:00 to 16:00 on weekdays,
        # in queue_log's own format (epoch|callid|queue|agent|event|data...).
        monday = datetime.datetime(2026, 11, 2, tzinfo=datetime.timezone.utc)
        lines = []
        n = 0
        for day in range(21):
            date = monday + datetime.timedelta(days=day)
            if date.weekday() >= 5:
                continue
            for minute in range(7 * 60, 15 * 60, 5):  # UTC; Warsaw is UTC+1 in November
                t = int((date + datetime.timedelta(minutes=minute)).timestamp())
                n += 1
                call = f"{t}.{n}"
                lines.append(f"{t}|{call}|asterisk-info|NONE|ENTERQUEUE||48600{n:06d}|1")
                lines.append(f"{t + 12}|{call}|asterisk-info|SIP/8001|CONNECT|12|{call}|3")
                lines.append(f"{t + 200}|{call}|asterisk-info|SIP/8001|COMPLETECALLER|12|188|1")
        lines.append("garbage line")
        lines.append(f"{int(monday.timestamp())}|x|asterisk-info|NONE|CONNECT|5|x|1")
        r = self.server.request("POST", "/api/v1/contact/cti/queue-log", "\n".join(lines),
                                {"Authorization": "Bearer " + CTI_TOKEN})
        self.assertEqual(r.status, 200, r)
        result = r.json()
        self.assertEqual(result["refused"], 2, result["problems"])
        self.assertEqual(result["applied"], len(lines) - 2)

        r = self.call("boss", "GET", "contact/stats/intervals?queue=asterisk-info"
                      "&from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z")
        self.assertEqual(r.status, 200, r)
        intervals = r.json()["intervals"]
        self.assertEqual(len(intervals), 32, "8 hours of 15-minute intervals")
        self.assertEqual(intervals[0]["offered"], 3)
        self.assertEqual(intervals[0]["answered"], 3)
        self.assertAlmostEqual(intervals[0]["average_speed_of_answer_s"], 12)
        self.assertEqual(intervals[0]["service_level"], 1.0)

        r = self.call("boss", "GET", "contact/staffing?queue=asterisk-info&week=2026-11-23"
                      "&handle_seconds=200&target_seconds=20&patience_seconds=60")
        self.assertEqual(r.status, 200, r)
        staffing = r.json()
        self.assertEqual(staffing["history_weeks"], 3)
        by_start = {i["start"]: i for i in staffing["intervals"]}
        self.assertEqual(len(by_start), 7 * 96)
        busy = by_start["2026-11-23T09:00:00Z"]
        self.assertAlmostEqual(busy["forecast"], 3, delta=0.5)
        self.assertGreaterEqual(busy["agents"], 1)
        self.assertGreaterEqual(busy["service_level"], 0.8)
        self.assertEqual(by_start["2026-11-28T09:00:00Z"]["agents"], 0, "nobody calls on Saturday")

        r = self.call("boss", "POST", "contact/staffing/plan", {
            "queue": "asterisk-info", "week": "2026-11-23", "handle_seconds": 200,
            "templates": [{"name": "early", "start": "07:00", "hours": 8, "days": [0, 1, 2, 3, 4]},
                          {"name": "late", "start": "12:00", "hours": 8, "days": [0, 1, 2, 3, 4]}]})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["content-type"].startswith("text/csv"))
        rows = r.body.strip().splitlines()
        self.assertGreater(len(rows), 1)
        self.assertEqual(r.headers["x-short-intervals"], "0")
        r = self.call("boss", "GET", "contact/staffing?queue=asterisk-info&week=2026-11-24")
        self.assertEqual(r.status, 400, "a week starts on Monday")
        r = self.call("boss", "GET", "contact/staffing?queue=nothing&week=2026-11-23")
        self.assertEqual(r.status, 412)


if __name__ == "__main__":
    unittest.main()


class ContactCenterRestartTest(unittest.TestCase):
    """What a resident wrote and was acknowledged survives a kill -9; open contacts wait again."""

    def test_an_open_chat_survives_a_crash(self):
        server = Ratusz(env={"RATUSZ_CONTACT__CTI_TOKEN": CTI_TOKEN})
        try:
            server.add_user("ola", "agent")
            server.add_user("boss", "supervisor")
            server.start()
            boss = server.login("boss")
            r = server.api("PUT", "contact/agents/ola", boss,
                           {"skills": {"chat": 5}, "languages": ["pl"]})
            self.assertEqual(r.status, 200, r)
            r = server.request("POST", "/api/v1/public/chat", json.dumps({"language": "pl"}),
                               {"Content-Type": "application/json"})
            self.assertEqual(r.status, 201, r)
            chat = r.json()
            ws = WebSocket(server.port, f"/api/v1/public/chat/ws?chat={chat['chat']}"
                                        f"&key={chat['key']}")
            ws.send({"type": "say", "text": "Czy ktoś tu jest?", "id": "r1"})
            ws.expect(lambda m: m["type"] == "ack")
            server.kill()
            server.start()

            ws = WebSocket(server.port, f"/api/v1/public/chat/ws?chat={chat['chat']}"
                                        f"&key={chat['key']}")
            self.assertEqual(ws.status, 101, ws.refusal)
            line = ws.expect(lambda m: m["type"] == "message")
            self.assertEqual((line["seq"], line["text"]), (1, "Czy ktoś tu jest?"))
            self.assertEqual(ws.expect(lambda m: m["type"] == "state")["state"], "waiting")

            # The agent logs in after the restart and gets the chat.
            ola = server.login("ola")
            console = WebSocket(server.port, "/api/v1/contact/ws", {"Authorization": "Bearer " + ola})
            console.send({"type": "state", "state": "available"})
            offer = console.expect(lambda m: m["type"] == "offer")
            self.assertEqual(offer["interaction"]["id"], chat["chat"])
            ws.send({"type": "say", "text": "Halo?", "id": "r2"})
            self.assertEqual(ws.expect(lambda m: m["type"] == "ack")["seq"], 2,
                             "numbering goes on after the restart")
            ws.close()
            console.close()
        finally:
            server.cleanup()
