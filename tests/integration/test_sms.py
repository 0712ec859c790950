"""SMS through a real Kannel: bearerbox and smsbox started by the test with their own
configuration, and Kannel's fake SMSC (`fakesmsc`, the operator's side) sending residents'
texts and printing what reaches their phones. A keyword text becomes a case and is answered
with its number at once; status notices leave through sendsms and their delivery reports come
back; a text naming a case is a note on it; anything else waits for an agent; STOP ends the
texts; forged and replayed callbacks change nothing."""

import json
import os
import select
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

from ratusz_harness import DEMO_CONFIG, Ratusz, free_port, wait_until

BEARERBOX = shutil.which("bearerbox") or "/usr/sbin/bearerbox"
SMSBOX = shutil.which("smsbox") or "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
SECRET = "kannel-callback-secret-for-tests"


CTI_TOKEN = "cti-token-for-sms-tests"

def decode_phone_line(line):
    """One SMS part as fakesmsc prints it: '<from> <to> <type> [udh] <data>' -> (from, to,
    (reference, parts, index) or None, text of the part)."""
    body = line.split("<", 1)[1].rstrip(">")
    sender, receiver, kind, data = body.split(" ", 3)
    part = None
    if kind.startswith("udh"):
        udh, data = data.split(" ", 1)
        udh = urllib.parse.unquote_to_bytes(udh)
        # Concatenation: IEI 0 (8-bit reference): 05 00 03 <ref> <parts> <index>.
        if len(udh) >= 6 and udh[1] == 0:
            part = (udh[3], udh[4], udh[5])
        data = data.split(" ", 1)[1] if data.startswith(("text ", "data ")) else data
    raw = urllib.parse.unquote_to_bytes(data.replace("+", "%20"))
    ucs2 = len(raw) % 2 == 0 and raw[0::2].count(0) * 2 >= len(raw) // 2
    if kind == "ucs-2" or (kind.startswith("udh") and ucs2):
        text = raw.decode("utf-16-be", errors="replace")
    elif len(data) >= 2 and all(c == "?" for c in data[0::2]):
        # Printed as it came: UCS-2 with its zero bytes (and any byte it cannot print) as '?'.
        text = data[1::2]
    else:
        text = raw.decode("latin-1")
    return sender, receiver, part, text


def assemble(parts):
    """Whole messages from parts, in the order their first part came."""
    messages, pending = [], {}
    for sender, receiver, part, text in parts:
        if part is None:
            messages.append((sender, receiver, text))
            continue
        ref, total, index = part
        got = pending.setdefault((sender, receiver, ref), {})
        got[index] = text
        if len(got) == total:
            messages.append((sender, receiver, "".join(got[i] for i in sorted(got))))
            del pending[(sender, receiver, ref)]
    return messages


@unittest.skipUnless(os.path.exists(BEARERBOX) and os.path.exists(FAKESMSC),
                     "needs Kannel (packages kannel and kannel-extras: scripts/install-deps.sh)")
class KannelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ratusz-kannel-")
        cls.ports = {name: free_port() for name in
                     ("ratusz", "admin", "smsbox", "smsc", "sendsms")}
        cls.config = os.path.join(cls.dir, "ratusz.toml")
        with open(DEMO_CONFIG, encoding="utf-8") as f:
            text = f.read()
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write(text + f"""
[sms]
secret = "{SECRET}"
sendsms_url = "http://127.0.0.1:{cls.ports['sendsms']}/cgi-bin/sendsms"
username = "ratusz"
password = "sendsms-password"
from = "19115"
callback_url = "http://127.0.0.1:{cls.ports['ratusz']}"

[[sms_keyword]]
keyword = "DZIURA"
jurisdiction_id = "wroclaw.pl"
service_code = "pothole"
""")
        cls.server = Ratusz(config=cls.config, env={"RATUSZ_CONTACT__CTI_TOKEN": CTI_TOKEN})
        cls.server.add_user("boss", "supervisor")
        cls.server.add_user("piotr", "agent")
        cls.server.add_user("zofia", "expert", departments=["sanitation"])
        cls.server.add_user("roads", "specialist", departments=["roads-authority"])
        cls.server.add_user("audit", "auditor")
        cls.server.add_user("admin", "admin")
        cls.server.add_user("ola", "agent")
        cls.server.start(listen=f"127.0.0.1:{cls.ports['ratusz']}")
        cls.t = {n: cls.server.login(n)
                 for n in ["boss", "roads", "audit", "admin", "ola", "piotr", "zofia"]}
        cls.start_kannel()

    @classmethod
    def start_kannel(cls):
        p = cls.ports
        get_url = (f"http://127.0.0.1:{p['ratusz']}/api/v1/channels/sms?secret={SECRET}"
                   "&id=%I&from=%p&to=%P&text=%b&coding=%c&charset=%C")
        conf = os.path.join(cls.dir, "kannel.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"""
group = core
admin-port = {p['admin']}
admin-password = admin-secret
smsbox-port = {p['smsbox']}
box-allow-ip = 127.0.0.1
log-file = "{cls.dir}/bearerbox.log"
log-level = 1
dlr-storage = internal
store-type = file
store-location = "{cls.dir}/kannel.store"

group = smsc
smsc = fake
smsc-id = operator
port = {p['smsc']}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {p['smsbox']}
sendsms-port = {p['sendsms']}
log-file = "{cls.dir}/smsbox.log"
log-level = 1
mo-recode = true
http-request-retry = 3

group = sendsms-user
username = ratusz
password = sendsms-password
concatenation = true
max-messages = 5

group = sms-service
keyword = default
catch-all = true
get-url = "{get_url}"
max-messages = 3
concatenation = true
omit-empty = true
accept-x-kannel-headers = true
""")
        cls.kannel = [subprocess.Popen([BEARERBOX, conf], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)]
        wait_until(lambda: cls.listening(p["smsbox"]) and cls.listening(p["smsc"]),
                   what="bearerbox")
        cls.kannel.append(subprocess.Popen([SMSBOX, conf], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL))
        wait_until(lambda: cls.listening(p["sendsms"]), what="smsbox")

    @staticmethod
    def listening(port):
        import socket
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    @classmethod
    def tearDownClass(cls):
        for proc in reversed(getattr(cls, "kannel", [])):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        cls.server.cleanup()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def call(self, who, method, path, body=None):
        r = self.server.api(method, path, self.t[who], body)
        self.assertIn(r.status, (200, 201), r)
        return r.json()

    def phone(self, message=None, to=None, expect=1, timeout=20, linger=1.0):
        """One session of the operator's side: sends `message` ("<from> <to> <type> <text>")
        from a phone, if any, and returns the texts that reached the phone `to` (by default the
        sender of `message`) once `expect` came, staying connected `linger` seconds more for the
        delivery reports. Texts for other phones (left from other tests) are dropped."""
        to = (to or (message.split(" ", 1)[0] if message else "")).lstrip("+")
        args = [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["smsc"]), "-i", "0.1"]
        args += ["-m", "1", message] if message else ["-m", "0", "0 0 text unused"]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        parts, received = [], []
        deadline = time.monotonic() + timeout
        try:
            buffer = ""
            sent = message is None
            while time.monotonic() < deadline:
                if sent and len(received) >= expect:
                    deadline = min(deadline, time.monotonic() + linger)
                ready, _, _ = select.select([proc.stdout], [], [], 0.1)
                if not ready:
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                buffer += chunk.decode("latin-1")
                *lines, buffer = buffer.split("\n")
                for line in lines:
                    if "Got message" in line and "<" in line:
                        parts.append(decode_phone_line(line))
                    sent = sent or "sent message" in line
                received = [m for m in assemble(parts) if m[1].lstrip("+") == to]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            proc.stdout.close()
        return received

    def text_report(self, phone, address):
        """A resident texts "CHODNIK <address>"; the number of the case in the reply."""
        got = self.phone(f"{phone} 19115 text CHODNIK {address}")
        self.assertEqual(len(got), 1, got)
        self.assertIn("Report ", got[0][2])
        return got[0][2].split("Report ")[1][:9]

    def held_notice(self, number):
        """The unit starts work on the case; why its notice to the resident is held."""
        self.call("roads", "POST", f"cases/{number}/tasks/roads-authority",
                  {"status": "in_progress"})
        held = wait_until(lambda: next((m for m in self.outbox("held")
                                        if m["case"] == number), None), what="the held notice")
        return held["channel"]

    def callback(self, **params):
        q = urllib.parse.urlencode(params)
        return self.server.request("GET", f"/api/v1/channels/sms?{q}")

    def outbox(self, state):
        return self.call("admin", "GET", f"admin/outbox?state={state}&limit=100")["messages"]

    def test_a_keyword_text_becomes_a_case_and_the_resident_hears_of_it(self):
        got = self.phone("48600100200 19115 text CHODNIK ul. Legnicka 5, przy przystanku")
        self.assertEqual(len(got), 1, got)
        sender, receiver, reply = got[0]
        self.assertEqual((sender, receiver), ("19115", "48600100200"))
        self.assertIn("Report ", reply)
        number = reply.split("Report ")[1][:9]
        case = self.call("boss", "GET", f"cases/{number}")
        self.assertEqual(case["service_code"], "damaged-sidewalk")
        self.assertEqual(case["channel"], "sms")
        self.assertEqual(case["address"], "ul. Legnicka 5, przy przystanku")
        reporter = self.call("boss", "GET", f"cases/{number}/reporter?reason=sms+test")
        self.assertEqual(reporter["phone"], "+48600100200")

        # The unit starts work: the resident gets a text through sendsms ...
        self.call("roads", "POST", f"cases/{number}/tasks/roads-authority",
                  {"status": "in_progress"})
        texts = self.phone(to="48600100200", expect=1)
        self.assertEqual(len(texts), 1, texts)
        sender, receiver, text = texts[0]
        self.assertEqual(receiver, "+48600100200")
        self.assertIn(number, text)
        self.assertIn("W realizacji", text)
        self.assertIn("STOP", text)
        # ... and the operator's delivery report comes back to the message.
        wait_until(lambda: any(m["case"] == number and m["receipt"] == "delivered to the phone"
                               for m in self.outbox("delivered")),
                   what="the delivery report")

        # A text naming the case is a note on it.
        got = self.phone(f"48600100200 19115 text {number} teraz jest jeszcze gorzej")
        self.assertIn(number, got[0][2])
        history = self.call("boss", "GET", f"cases/{number}/history")
        notes = [e for e in history["events"] if e["actor"] == "sms:+48600100200"]
        self.assertEqual([n["description"] for n in notes], ["teraz jest jeszcze gorzej"])

    def test_other_texts_wait_for_an_agent_in_their_own_words(self):
        text = "Nie świeci latarnia na Źródłowej"
        encoded = urllib.parse.quote(text.encode("utf-16-be"))
        self.assertEqual(self.phone(f"48600100300 19115 ucs2 {encoded}", expect=0, timeout=3),
                         [])
        contact = wait_until(lambda: next(
            (i for i in self.call("boss", "GET", "contact/interactions?queue=sms")["interactions"]
             if i["address"] == "+48600100300"), None), what="the contact")
        self.assertEqual(contact["channel"], "sms")
        stored = self.call("boss", "GET", f"contact/interactions/{contact['id']}")
        self.assertEqual([l["text"] for l in stored["transcript"]], [text])
        # An agent takes the contact; the answer reaches the phone as a text.
        self.call("boss", "PUT", "contact/agents/ola",
                  {"skills": {"written": 5}, "languages": ["pl"], "capacity": {"sms": 10}})
        self.call("ola", "POST", "contact/agents/me/state", {"state": "available"})
        wait_until(lambda: self.call("ola", "GET", f"contact/interactions/{contact['id']}")
                   ["state"] == "offered", what="the offer to the agent")
        self.call("ola", "POST", f"contact/interactions/{contact['id']}/accept", {})
        r = self.server.api("POST", f"contact/interactions/{contact['id']}/messages",
                            self.t["ola"], {"text": "Dziękujemy, ekipa będzie jutro."})
        self.assertEqual(r.status, 201, r)
        self.call("boss", "POST", "contact/agents/ola/state", {"state": "offline"})
        got = self.phone(to="48600100300", expect=1)
        self.assertEqual([t[2] for t in got], ["Dziękujemy, ekipa będzie jutro."])
        # The phone's delivery report comes back to the agent's line.
        def reported():
            lines = self.call("boss", "GET", f"contact/interactions/{contact['id']}")["transcript"]
            return next((l for l in lines if l["from"] == "agent:ola"
                         and l.get("delivery") == "delivered"), None)
        wait_until(reported, what="the delivery report on the agent's line")
        # A failure report marks the line failed, whatever the sender recorded.
        ((line_id,),) = self.server.sql("SELECT id FROM contact_outbox WHERE interaction_id = ?",
                                        (contact["id"],))
        r = self.server.request("GET", f"/api/v1/channels/sms/dlr?secret={SECRET}&reply={line_id}"
                                "&type=16&answer=NACK%2F0x0000000b")
        self.assertEqual(r.status, 200, r)
        lines = self.call("boss", "GET", f"contact/interactions/{contact['id']}")["transcript"]
        self.assertEqual([l.get("delivery") for l in lines if l["from"] == "agent:ola"],
                         ["failed: the network rejected the text: NACK/0x0000000b"])
        # A keyword whose category needs an answer the text cannot give goes to an agent too.
        self.phone("48600100301 19115 text DZIURA ul. Legnicka 7", expect=0, timeout=3)
        wait_until(lambda: any(i["address"] == "+48600100301" for i in self.call(
            "boss", "GET", "contact/interactions?queue=sms")["interactions"]),
                   what="the keyword text at an agent")

    def test_an_experts_answer_reaches_a_caller_who_hung_up_by_text(self):
        self.call("boss", "PUT", "contact/agents/piotr",
                  {"skills": {"first-line": 9}, "languages": ["pl"]})
        self.call("boss", "PUT", "contact/agents/zofia",
                  {"skills": {"expert-waste": 9}, "languages": ["pl"]})
        self.call("piotr", "POST", "contact/agents/me/state", {"state": "available"})
        headers = {"Authorization": "Bearer " + CTI_TOKEN, "Content-Type": "application/json"}

        def cti(**event):
            r = self.server.request("POST", "/api/v1/contact/cti/events", json.dumps(event),
                                    headers)
            self.assertEqual(r.status, 200, r)
            return r.json()

        routed = cti(event="offered", call="sms-expert", caller="+48600100700", dialled="19115")
        self.assertEqual(routed["agent"], "piotr", routed)
        cti(event="answered", call="sms-expert", agent="piotr")
        asked = self.call("piotr", "POST", "kb/consultations", {
            "topic": "waste", "interaction": routed["interaction"],
            "question": "Czy opony od roweru przyjmuje PSZOK?"})
        cti(event="ended", call="sms-expert")  # The caller could not wait.
        self.call("zofia", "POST", "contact/agents/me/state", {"state": "available"})
        wait_until(lambda: self.call("zofia", "GET", f"kb/consultations/{asked['id']}")
                   ["state"] == "offered", what="the question offered to the expert")
        self.call("zofia", "POST", f"contact/interactions/{asked['id']}/accept", {})
        answer = "Tak, PSZOK przyjmuje opony rowerowe bezpłatnie."
        self.call("zofia", "POST", f"kb/consultations/{asked['id']}/answer", {"answer": answer})
        self.call("piotr", "POST", f"kb/consultations/{asked['id']}/forward", {})
        self.call("boss", "POST", "contact/agents/piotr/state", {"state": "offline"})
        self.call("boss", "POST", "contact/agents/zofia/state", {"state": "offline"})
        got = self.phone(to="48600100700", expect=1)
        self.assertEqual([t[2] for t in got], [answer])

    def test_area_notices_by_text_confirmed_with_tak_and_ended_with_stop(self):
        phone = "48600100900"
        r = self.server.request("POST", "/api/v1/public/subscriptions", json.dumps({
            "address": "600 100 900", "topics": ["water"], "areas": ["wroclaw-krzyki"],
            "consent_version": "2026-01"}), {"Content-Type": "application/json"})
        self.assertEqual(r.status, 202, r)
        [ask] = self.phone(to=phone)
        self.assertIn("odpisz TAK", ask[2])
        self.assertIn("Przerwy w dostawie wody", ask[2])
        # Nothing is sent before the number confirms.
        early = self.call("boss", "POST", "broadcasts", {
            "topic": "water", "area": "wroclaw-krzyki", "title_pl": "Za wcześnie",
            "text_pl": "Nie dla niepotwierdzonych."})
        wait_until(lambda: self.call("boss", "GET", f"broadcasts/{early['id']}")["state"] == "sent",
                   what="the early broadcast sent out")
        self.assertEqual(self.call("boss", "GET", f"broadcasts/{early['id']}")["recipients"], 0)
        got = self.phone(f"{phone} 19115 text TAK")
        self.assertIn("Notices are on", got[0][2])
        b = self.call("boss", "POST", "broadcasts", {
            "topic": "water", "area": "wroclaw-krzyki",
            "title_pl": "Przerwa w dostawie wody",
            "text_pl": "ul. Powstańców Śląskich 2-20, jutro 8:00-14:00. " + "Beczkowozy. " * 40})
        [text] = self.phone(to=phone)
        self.assertTrue(text[2].startswith("Przerwa w dostawie wody: ul. Powstańców"), text)
        self.assertTrue(text[2].endswith("STOP: rezygnacja"), text)
        self.assertLessEqual(len(text[2].encode()), 300)  # Cut, not sent as ten texts.
        wait_until(lambda: self.call("boss", "GET", f"broadcasts/{b['id']}")["sent"] == 1,
                   what="the broadcast counted as sent")
        # STOP deletes the subscription (and its number) with the rest of the texts.
        self.phone(f"{phone} 19115 text STOP")
        self.assertEqual(self.server.sql("SELECT COUNT(*) FROM subscribers"), [(0,)])

    def test_stop_ends_the_texts_and_the_consent_to_them(self):
        resident = self.call("boss", "POST", "residents", {
            "name": "Ela Stop", "phones": ["600 100 400"], "channel": "sms",
            "consents": [{"purpose": "notifications", "text_version": "2026-01",
                          "channel": "sms"},
                         {"purpose": "recognition", "text_version": "2026-01",
                          "channel": "sms"}]})
        number = self.text_report("48600100400", "ul. Ruska 3")
        got = self.phone("48600100400 19115 text STOP")
        self.assertIn("no more texts", got[0][2])
        profile = self.call("boss", "GET", f"residents/{resident['id']}?reason=stop+test")
        consents = {c["purpose"]: c for c in profile["consents"]}
        self.assertFalse(consents["notifications"]["active"])
        self.assertEqual(consents["notifications"]["withdrawn_channel"], "sms")
        self.assertTrue(consents["recognition"]["active"])
        self.assertEqual(self.held_notice(number), "held: the number sent STOP")
        self.assertEqual(self.phone(to="48600100400", expect=1, timeout=3), [])
        # START: texts again (the consent stays withdrawn until given anew).
        got = self.phone("48600100400 19115 text start")
        self.assertIn("resume", got[0][2])

    def test_after_closure_the_resident_rates_it_or_says_it_is_not_fixed(self):
        for phone, reply, expected in (("48600100700", "2 trwało to za długo", "Thank you"),
                                       ("48600100701", "NIE dalej jest dziura", "reopened")):
            number = self.text_report(phone, "ul. Świdnicka 1")
            for state in ("in_progress", "resolved"):
                self.call("roads", "POST", f"cases/{number}/tasks/roads-authority",
                          {"status": state})
            texts = [t for t in self.phone(to=phone, expect=2) if number in t[2]]
            closed = [t for t in texts if "Rate 1-5" in t[2]]
            self.assertEqual(len(closed), 1, texts)
            got = self.phone(f"{phone} 19115 text {reply}")
            self.assertIn(expected, got[0][2])
        reopened = self.call("boss", "GET", f"cases/{number}")
        self.assertEqual(reopened["tasks"][0]["state"], "reopened")
        results = self.call("boss", "GET", "stats/surveys?by=channel")["groups"]
        sms = next(g for g in results if g["key"] == "sms")
        self.assertEqual((sms["answers"], sms["scores"][1], sms["not_fixed"]), (2, 1, 1))
        # A digit from a number with no case closed lately is just a message for an agent.
        self.phone("48600100702 19115 text 5", expect=0, timeout=3)
        wait_until(lambda: any(i["address"] == "+48600100702" for i in self.call(
            "boss", "GET", "contact/interactions?queue=sms")["interactions"]),
                   what="the digit at an agent")

    def test_a_resident_who_wants_no_notices_gets_none(self):
        self.call("boss", "POST", "residents", {
            "name": "Cicha Osoba", "phones": ["600 100 800"], "channel": "none",
            "consents": [{"purpose": "recognition", "text_version": "2026-01",
                          "channel": "voice"}]})
        # The answer to their own text still comes.
        number = self.text_report("48600100800", "ul. Oławska 2")
        self.assertEqual(self.held_notice(number), "held: the resident asked for no notices")
        self.assertEqual(self.phone(to="48600100800", expect=1, timeout=3), [])

    def test_forged_replayed_and_odd_callbacks(self):
        before = len(self.call("boss", "GET", "cases?channel=sms&limit=100")["cases"])
        r = self.callback(secret="wrong", id="x1", **{"from": "48600100500"},
                          text="CHODNIK ul. Fałszywa 1")
        self.assertEqual(r.status, 401, r)
        r = self.callback(id="x1", **{"from": "48600100500"}, text="CHODNIK ul. Fałszywa 1")
        self.assertEqual(r.status, 401, r)
        params = dict(secret=SECRET, id="replayed-1", to="19115", text="CHODNIK pl. Solny 1",
                      coding="0", charset="UTF-8", **{"from": "48600100500"})
        first = self.callback(**params)
        self.assertEqual(first.status, 200, first)
        self.assertEqual(first.headers.get("x-kannel-coding"), "2")
        again = self.callback(**params)
        self.assertEqual(again.body, first.body)
        after = len(self.call("boss", "GET", "cases?channel=sms&limit=100")["cases"])
        self.assertEqual(after, before + 1)
        # An operator's name as the sender: nobody to answer, nothing kept.
        r = self.callback(secret=SECRET, id="promo-1", text="Promocja!", **{"from": "Orange"})
        self.assertEqual((r.status, r.body), (200, ""))
        # Text that is not what its coding says.
        r = self.server.request("GET", f"/api/v1/channels/sms?secret={SECRET}&id=bad-1"
                                f"&from=48600100501&text=%FF%FE&coding=0&charset=UTF-8")
        self.assertEqual(r.status, 400, r)
        r = self.server.request("GET", f"/api/v1/channels/sms?secret={SECRET}&id=bad-2"
                                f"&from=48600100501&text=%4")
        self.assertEqual(r.status, 400, r)

    def test_a_failed_delivery_report_marks_the_text_failed_on_its_case(self):
        number = self.text_report("48600100600", "ul. Kuźnicza 9")
        self.call("roads", "POST", f"cases/{number}/tasks/roads-authority",
                  {"status": "in_progress"})
        self.phone(to="48600100600", expect=1)
        message = wait_until(lambda: next((m for m in self.outbox("delivered")
                                           if m["case"] == number), None), what="the notice")
        r = self.server.request("GET", f"/api/v1/channels/sms/dlr?secret=nope&outbox="
                                f"{message['id']}&type=16")
        self.assertEqual(r.status, 401, r)
        r = self.server.request("GET", f"/api/v1/channels/sms/dlr?secret={SECRET}&outbox="
                                f"{message['id']}&type=16&answer=NACK%2F0x0000000b")
        self.assertEqual(r.status, 200, r)
        dead = next(m for m in self.outbox("dead") if m["id"] == message["id"])
        self.assertIn("the network rejected the text", dead["last_error"])
        history = self.call("boss", "GET", f"cases/{number}/history")
        self.assertIn("delivery_failed", [e["kind"] for e in history["events"]])
        r = self.server.request("GET", f"/api/v1/channels/sms/dlr?secret={SECRET}&outbox=abc"
                                "&type=1")
        self.assertEqual(r.status, 400, r)


if __name__ == "__main__":
    unittest.main()
