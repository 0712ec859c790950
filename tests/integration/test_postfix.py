"""A real Postfix (its own configuration and queue in a temporary directory, SMTP on a free
loopback port) delivers residents' mail through a pipe transport to `ratusz mailgate`, as a city
would run it. While Ratusz is down the mail waits in Postfix's queue (mailgate exits 75) and is
delivered when Ratusz is back: nothing is lost."""

import email
import email.message
import json
import re
import email.policy
import os
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
import unittest

from ratusz_harness import BIN, DEMO_CONFIG, SOURCE_DIR, Ratusz, free_port, wait_until

TOKEN = "postfix-pipe-token-for-tests"
POSTFIX = shutil.which("postfix") or "/usr/sbin/postfix"


@unittest.skipUnless(os.path.exists(POSTFIX) and os.geteuid() == 0,
                     "needs Postfix (scripts/install-deps.sh installs it) and root to start it")
class PostfixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Everything the pipe runs must be readable by its unprivileged user.
        cls.dir = tempfile.mkdtemp(prefix="ratusz-postfix-")
        os.chmod(cls.dir, 0o755)
        cls.binary = os.path.join(cls.dir, "ratusz")
        shutil.copy(BIN, cls.binary)
        os.chmod(cls.binary, 0o755)
        cls.config = os.path.join(cls.dir, "ratusz.toml")
        cls.smtp_port = free_port()
        # Mail to residents leaves through the same Postfix; it keeps mail for example.org in
        # a directory, where the tests read it as the resident's mailbox.
        cls.mailbox = os.path.join(cls.dir, "mailbox")
        os.makedirs(cls.mailbox)
        os.chmod(cls.mailbox, 0o777)
        with open(DEMO_CONFIG, encoding="utf-8") as f:
            text = f.read()
        # The greenery board takes its tasks by e-mail (a mailbox at example.org).
        greenery = 'name = { pl = "Zarząd Zieleni Miejskiej", en = "Municipal Greenery Board" }\n'
        assert greenery in text
        text = text.replace(greenery, greenery + (
            f'delivery = {{ kind = "email", url = "smtp://127.0.0.1:{cls.smtp_port}", '
            'from = "Ratusz Wrocław <kontakt@ratusz.test>", to = "zadania.zzm@example.org" }\n'))
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write(text + f'\n[mail]\ntoken = "{TOKEN}"\nqueue = "email"\n'
                    f'\n[resident_delivery]\nkind = "email"\n'
                    f'url = "smtp://127.0.0.1:{cls.smtp_port}"\n'
                    f'from = "Ratusz Wrocław <kontakt@ratusz.test>"\n')
        os.chmod(cls.config, 0o644)
        cls.server = Ratusz(config=cls.config)
        cls.server.add_user("boss", "supervisor")
        cls.server.add_user("ewa", "agent")
        cls.server.add_user("admin", "admin")
        cls.server.start()
        cls.boss = cls.server.login("boss")
        cls.ewa = cls.server.login("ewa")
        cls.start_postfix()

    @classmethod
    def start_postfix(cls):
        pf = os.path.join(cls.dir, "postfix")
        etc = os.path.join(pf, "etc")
        data = os.path.join(pf, "data")
        for d in (etc, data, os.path.join(pf, "spool")):
            os.makedirs(d, exist_ok=True)
        shutil.chown(data, "postfix")
        os.chmod(pf, 0o755)
        with open(os.path.join(etc, "main.cf"), "w") as f:
            f.write(f"""compatibility_level = 3.6
queue_directory = {pf}/spool
data_directory = {data}
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.ratusz.test
mydestination = ratusz.test
mynetworks = 127.0.0.0/8
local_recipient_maps =
transport_maps = inline:{{ ratusz.test=ratusz: example.org=mailbox: refused.example.org=error:5.1.1_no_such_user later.example.org=nouser: }}
maillog_file = /dev/stdout
smtputf8_enable = no
biff = no
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
transport_retry_time = 1s
default_destination_concurrency_failed_cohort_limit = 10
""")
        services = ["pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup",
                    "qmgr unix n - n 300 1 qmgr", "rewrite unix - - n - - trivial-rewrite",
                    "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce",
                    "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
                    "flush unix n - n 1000 0 flush", "proxymap unix - - n - - proxymap",
                    "smtp unix - - n - - smtp", "relay unix - - n - - smtp",
                    "showq unix n - n - - showq", "error unix - - n - - error",
                    "retry unix - - n - - error", "discard unix - - n - - discard",
                    "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
                    "postlog unix-dgram n - n - 1 postlogd"]
        with open(os.path.join(etc, "master.cf"), "w") as f:
            f.write(f"127.0.0.1:{cls.smtp_port} inet n - n - - smtpd\n")
            f.write("\n".join(services) + "\n")
            # The city's transport: every message for the contact address goes to mailgate.
            f.write(f"ratusz unix - n n - - pipe flags=R user=nobody argv={cls.binary} "
                    f"--config {cls.config} mailgate --url http://127.0.0.1:{cls.server.port}\n")
            f.write("mailbox unix - n n - - pipe flags=R user=nobody argv=/bin/sh -c "
                    f"{{ cat > {cls.mailbox}/${{queue_id}}.eml }}\n")
            # A mailbox that turns out not to exist after the message was taken (EX_NOUSER).
            f.write("nouser unix - n n - - pipe user=nobody argv=/bin/sh -c { exit 67 }\n")
        cls.etc = etc
        cls.maillog = open(os.path.join(cls.dir, "maillog"), "w+")
        cls.postfix = subprocess.Popen([POSTFIX, "-c", etc, "start-fg"], stdout=cls.maillog,
                                       stderr=subprocess.STDOUT, cwd=cls.dir)

        def listening():
            try:
                socket.create_connection(("127.0.0.1", cls.smtp_port), timeout=1).close()
                return True
            except OSError:
                return False
        wait_until(listening, what="Postfix to listen")

    @classmethod
    def tearDownClass(cls):
        subprocess.run([POSTFIX, "-c", cls.etc, "stop"], capture_output=True)
        try:
            cls.postfix.wait(timeout=20)
        except subprocess.TimeoutExpired:
            cls.postfix.kill()
        cls.maillog.close()
        cls.server.cleanup()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def send(self, path, sender):
        with open(path, "rb") as f:
            message = f.read()
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=30) as smtp:
            smtp.sendmail(sender, ["kontakt@ratusz.test"], message)

    def write(self, sender, subject, message_id, text, in_reply_to=None):
        """A resident's mail program sends a message to the city."""
        m = email.message.EmailMessage()
        m["From"] = sender
        m["To"] = "kontakt@ratusz.test"
        m["Subject"] = subject
        m["Message-ID"] = message_id
        if in_reply_to:
            m["In-Reply-To"] = in_reply_to
        m.set_content(text)
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=30) as smtp:
            smtp.send_message(m)

    def contacts_from(self, address):
        r = self.server.api("GET", f"contact/interactions?address={address}", self.boss)
        self.assertEqual(r.status, 200, r)
        return r.json()["interactions"]

    def log(self):
        self.maillog.flush()
        with open(self.maillog.name) as f:
            return f.read()

    def test_mail_through_postfix_becomes_a_contact(self):
        self.send(os.path.join(SOURCE_DIR, "tests", "data", "mail", "windows-1250.eml"),
                  "malgorzata@example.pl")
        found = wait_until(lambda: self.contacts_from("malgorzata@example.pl"),
                           what="the mail to arrive through Postfix")
        self.assertEqual(found[0]["subject"], "Oświetlenie w parku")
        self.assertIn("relay=ratusz", self.log())
        self.assertIn("status=sent", self.log())

    def test_mail_waits_in_postfix_while_ratusz_is_down(self):
        self.server.kill()
        try:
            self.send(os.path.join(SOURCE_DIR, "tests", "data", "mail", "html-only.eml"),
                      "ewa@example.pl")
            wait_until(lambda: "status=deferred" in self.log(),
                       what="Postfix to defer the mail (mailgate exit 75)")
            bounced = [line for line in self.log().splitlines()
                       if "relay=ratusz" in line and "status=bounced" in line]
            self.assertEqual(bounced, [], "no resident's mail may bounce because we are down")
        finally:
            self.server.start(listen=f"127.0.0.1:{self.server.port}")
        def delivered():
            # What an operator does after an outage (postqueue -f): deliver the deferred now.
            subprocess.run([POSTFIX, "-c", self.etc, "flush"], capture_output=True)
            return self.contacts_from("ewa@example.pl")
        try:
            found = wait_until(delivered, timeout=60,
                               what="the deferred mail to be delivered after the restart")
        except AssertionError as e:
            raise AssertionError(f"{e}\nPostfix log:\n{self.log()[-3000:]}") from None
        self.assertEqual(found[0]["subject"], "Dziura")

    def test_a_resident_who_reads_english_hears_in_english_only(self):
        r = self.server.api("POST", "residents", self.boss, {
            "name": "Sam Visitor", "emails": ["sam@example.org"], "language": "en",
            "channel": "email",
            "consents": [{"purpose": "notifications", "text_version": "2026-01",
                          "channel": "voice"}]})
        self.assertEqual(r.status, 201, r)
        r = self.server.api("POST", "cases", self.boss, {
            "jurisdiction_id": "wroclaw.pl", "service_code": "pothole", "channel": "phone",
            "description": "Pothole by the hotel", "lat": 51.11, "long": 17.03,
            "attributes": {"size": "small"},
            "email": "sam@example.org"})
        self.assertEqual(r.status, 201, r)
        number = r.json()["number"]
        message = self.mailbox_message("To: <sam@example.org>", number)
        self.assertEqual(message["Subject"], f"[{number}] We received your report")
        self.assertEqual(message["Content-Language"], "en")
        self.assertIn("Report number: " + number, message.get_content())
        self.assertNotIn("Dziękujemy", message.get_content())

    def test_the_resident_hears_by_email_and_a_reply_comes_back_to_the_case(self):
        r = self.server.api("POST", "cases", self.boss, {
            "jurisdiction_id": "wroclaw.pl", "service_code": "fallen-tree", "channel": "phone",
            "description": "Drzewo na chodniku", "lat": 51.11, "long": 17.03,
            "attributes": {"blocking": "sidewalk"}, "email": "ala@example.org"})
        self.assertEqual(r.status, 201, r)
        number = r.json()["number"]

        def received():
            for name in os.listdir(self.mailbox):
                with open(os.path.join(self.mailbox, name), "rb") as f:
                    raw = f.read()
                if number.encode() in raw and b"To: <ala@example.org>" in raw:
                    return raw
            return None
        raw = wait_until(received, what="the resident's e-mail in their mailbox")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.assertEqual(message["Subject"],
                         f"[{number}] Przyjęliśmy zgłoszenie / We received your report")
        self.assertEqual(message["Auto-Submitted"], "auto-generated")
        self.assertIn("Dziękujemy. Przyjęliśmy Twoje zgłoszenie.", message.get_content())
        self.assertIn("Thank you. We have received your report.", message.get_content())

        # The resident answers from their mail program: the reply finds the case by the thread.
        self.write("Ala <ala@example.org>", "Re: odpowiedź", "<reply-ala-1@example.org>",
                   "Drzewo leży też na ścieżce rowerowej.", in_reply_to=message["Message-ID"])

        def noted():
            h = self.server.api("GET", f"cases/{number}/history", self.boss).json()["events"]
            return [e for e in h if e["actor"] == "email:ala@example.org"]
        [note] = wait_until(noted, what="the reply as a note on the case")
        self.assertIn("Drzewo leży też na ścieżce rowerowej.", note["description"])

    def mailbox_message(self, *needles):
        def found():
            for name in sorted(os.listdir(self.mailbox)):
                with open(os.path.join(self.mailbox, name), "rb") as f:
                    raw = f.read()
                if all(n.encode() in raw for n in needles):
                    return email.message_from_bytes(raw, policy=email.policy.default)
            return None
        return wait_until(found, what=f"a message with {needles} in the mailbox")

    def test_a_new_mail_is_acknowledged_and_the_conversation_goes_on_by_email(self):
        self.write("Olga <olga@example.org>", "Wywóz gabarytów", "<olga-1@example.org>",
                   "Kiedy odbiorą stare meble spod bloku przy ul. Ruskiej 5?")
        [contact] = wait_until(lambda: self.contacts_from("olga@example.org"),
                               what="Olga's mail as a contact")
        ack = self.mailbox_message("To: <olga@example.org>", "Auto-Submitted: auto-replied")
        self.assertIn(f"contact {contact['id']}", ack.get_content())
        self.assertEqual(ack["In-Reply-To"], "<olga-1@example.org>")
        self.assertEqual(ack["Subject"], "Re: Wywóz gabarytów")

        # An agent takes it and answers.
        r = self.server.api("PUT", "contact/agents/ewa", self.boss,
                            {"skills": {"written": 5}, "languages": ["pl"],
                             "capacity": {"email": 10}})
        self.assertEqual(r.status, 200, r)
        r = self.server.api("POST", "contact/agents/me/state", self.ewa, {"state": "available"})
        self.assertEqual(r.status, 200, r)
        path = f"contact/interactions/{contact['id']}"
        wait_until(lambda: self.server.api("GET", path, self.ewa).json().get("state") ==
                   "offered", what="the offer to the agent")
        r = self.server.api("POST", path + "/accept", self.ewa, {})
        self.assertEqual(r.status, 200, r)
        r = self.server.api("POST", path + "/messages", self.ewa,
                            {"text": "Odbiór gabarytów na Ruskiej jest w czwartek rano."})
        self.assertEqual(r.status, 201, r)
        # The agent registers a case for it: Olga is told its number in the same thread.
        r = self.server.api("POST", "cases", self.ewa, {
            "jurisdiction_id": "wroclaw.pl", "service_code": "graffiti", "channel": "email",
            "description": "Meble pod blokiem, ul. Ruska 5", "lat": 51.11, "long": 17.03})
        self.assertEqual(r.status, 201, r)
        number = r.json()["number"]
        for _ in range(2):  # Linked twice: told once.
            r = self.server.api("POST", path + "/cases", self.ewa, {"case": number})
            self.assertEqual(r.status, 200, r)
        told = self.mailbox_message("To: <olga@example.org>", f"zgłoszenie nr {number}")
        self.assertEqual(told["In-Reply-To"], "<olga-1@example.org>")
        self.server.api("POST", "contact/agents/ewa/state", self.boss, {"state": "offline"})
        answer = self.mailbox_message("To: <olga@example.org>", "w czwartek rano")
        self.assertIsNone(answer["Auto-Submitted"])  # A person wrote this one.

        self.write("Olga <olga@example.org>", "Re: Wywóz gabarytów", "<olga-2@example.org>",
                   "Dziękuję, wystawię je w środę wieczorem.", in_reply_to=answer["Message-ID"])

        def lines():
            r = self.server.api("GET", f"contact/interactions/{contact['id']}", self.boss)
            return [l for l in r.json()["transcript"] if "środę wieczorem" in l["text"]]
        wait_until(lines, what="the answer on the same contact")
        self.assertEqual(len(self.contacts_from("olga@example.org")), 1)

    def register(self, email_address):
        r = self.server.api("POST", "cases", self.boss, {
            "jurisdiction_id": "wroclaw.pl", "service_code": "graffiti", "channel": "phone",
            "description": "Graffiti na przystanku", "lat": 51.11, "long": 17.03,
            "email": email_address})
        self.assertEqual(r.status, 201, r)
        return r.json()["number"]

    def failures(self, number):
        def failed():
            h = self.server.api("GET", f"cases/{number}/history", self.boss).json()["events"]
            return [e for e in h if e["kind"] == "delivery_failed"]
        try:
            return wait_until(failed, what="the failed delivery recorded on the case")
        except AssertionError as e:
            raise AssertionError(f"{e}\nPostfix log:\n{self.log()[-3000:]}") from None

    def notice_of(self, number):
        """The outbox message telling the resident that their case `number` was received."""
        admin = self.server.login("admin")

        def settled():
            for state in ("held", "delivered", "dead"):
                r = self.server.api("GET", f"admin/outbox?state={state}&limit=200", admin)
                for m in r.json()["messages"]:
                    if m["case"] == number and m["topic"] == "resident.received":
                        return m
            return None
        return wait_until(settled, what=f"the notice of {number} settled")

    def test_a_refused_recipient_is_a_dead_letter_at_once(self):
        [event] = self.failures(self.register("nobody@refused.example.org"))
        self.assertIn("SMTP 550", event["description"])
        # The address is remembered: the next notice to it is not tried again.
        held = self.notice_of(self.register("Nobody@Refused.example.org"))
        self.assertEqual((held["state"], held["channel"]),
                         ("held", "held: mail to this address came back undelivered"))

    def test_a_bounce_marks_the_residents_message_as_failed_on_the_case(self):
        # Postfix takes our message (250), cannot deliver it, and sends its delivery report to
        # our address, which reaches Ratusz through mailgate.
        [event] = self.failures(self.register("nobody@later.example.org"))
        self.assertIn("came back: bounced (5.1.1) for nobody@later.example.org",
                      event["description"])
        self.assertEqual(self.notice_of(self.register("nobody@later.example.org"))["state"],
                         "held")
        # The address writes to us: it works after all, and notices go to it again.
        self.write("nobody@later.example.org", "Dziura", "<later-1@example.org>", "Dziura.")
        wait_until(lambda: self.contacts_from("nobody@later.example.org"),
                   what="the mail from the address as a contact")
        self.assertNotEqual(self.notice_of(self.register("nobody@later.example.org"))["state"],
                            "held")

    # --- Area and topic notices (S16) ---------------------------------------------------------

    def subscribe(self, address, topics, areas=(), language="pl"):
        r = self.server.request("POST", "/api/v1/public/subscriptions", json.dumps({
            "address": address, "topics": list(topics), "areas": list(areas),
            "language": language, "consent_version": "2026-01"}),
            {"Content-Type": "application/json"})
        self.assertEqual(r.status, 202, r)
        return r

    def link(self, message, action):
        match = re.search(r"(/api/v1/public/subscriptions/\d+/" + action + r"\?key=\w+)",
                          message.get_content())
        self.assertTrue(match, message.get_content())
        return match.group(1)

    def confirm(self, address):
        message = self.mailbox_message(f"To: <{address}>", "/confirm?key=")
        path = self.link(message, "confirm")
        # Opening the link shows a button; it is the button that confirms.
        page = self.server.request("GET", path)
        self.assertEqual(page.status, 200, page)
        self.assertIn("<form method=\"post\"", page.body)
        r = self.server.request("POST", path)
        self.assertEqual(r.status, 200, r)
        self.assertIn("text/html", r.headers["content-type"])
        return message

    def broadcast(self, body):
        r = self.server.api("POST", "broadcasts", self.boss, body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def broadcast_state(self, id):
        r = self.server.api("GET", f"broadcasts/{id}", self.boss)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def test_area_notices_reach_confirmed_subscribers_in_their_language(self):
        # Krzysztof follows road works in Krzyki, Emma (in English) in the whole city, Piotr in
        # Psie Pole; Zofia subscribes but never confirms.
        self.subscribe("krzysztof@example.org", ["road_works"], ["wroclaw-krzyki"])
        self.subscribe("emma@example.org", ["road_works", "events"], [], language="en")
        self.subscribe("piotr@example.org", ["road_works"], ["wroclaw-psie-pole"])
        self.subscribe("zofia@example.org", ["road_works"], ["wroclaw-krzyki"])
        first = self.confirm("krzysztof@example.org")
        self.assertIn("Roboty drogowe", first["Subject"])
        english = self.confirm("emma@example.org")
        self.assertIn("Confirm the city's notices", english["Subject"])
        self.confirm("piotr@example.org")
        self.mailbox_message("To: <zofia@example.org>", "/confirm?key=")
        # Asking for the same again sends no second request (nobody is flooded through us).
        self.subscribe("zofia@example.org", ["road_works"], ["wroclaw-krzyki"])

        def requests_to_zofia():
            count = 0
            for name in os.listdir(self.mailbox):
                with open(os.path.join(self.mailbox, name), "rb") as f:
                    raw = f.read()
                count += b"To: <zofia@example.org>" in raw and b"/confirm?key=" in raw
            return count
        # A closure drawn across Krzyki only.
        b = self.broadcast({
            "topic": "road_works",
            "polygon": [[51.07, 17.01], [51.07, 17.03], [51.085, 17.03], [51.085, 17.01]],
            "title_pl": "Zamknięta ul. Powstańców Śląskich", "text_pl": "Od poniedziałku objazd.",
            "title_en": "Powstańców Śląskich St closed", "text_en": "Detour from Monday."})
        self.assertEqual(b["reach"], ["wroclaw-krzyki"])
        done = wait_until(lambda: (lambda s: s if s["sent"] == 2 else None)(
            self.broadcast_state(b["id"])), what="the broadcast sent to two subscribers")
        self.assertEqual(done["state"], "sent")
        self.assertEqual(done["recipients"], 2)
        pl = self.mailbox_message("To: <krzysztof@example.org>", "Od poniedzia")
        self.assertIn("Zamknięta ul. Powstańców", pl["Subject"])
        self.assertIn("Od poniedziałku objazd.", pl.get_content())
        self.assertIn("Obszar: Wrocław: Krzyki", pl.get_content())
        self.assertEqual(pl["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        en = self.mailbox_message("To: <emma@example.org>", "Detour from Monday")
        self.assertIn("Powstańców Śląskich St closed", en["Subject"])
        self.assertIn("Detour from Monday.", en.get_content())
        self.assertNotIn("objazd", en.get_content())
        time.sleep(1)
        for name in os.listdir(self.mailbox):
            with open(os.path.join(self.mailbox, name), "rb") as f:
                raw = f.read()
            if "Od poniedziałku".encode() in raw:
                self.assertNotIn(b"piotr@example.org", raw)  # Another district.
                self.assertNotIn(b"zofia@example.org", raw)  # Never confirmed.
        self.assertEqual(requests_to_zofia(), 1)

        # Krzysztof's mail program unsubscribes in one click (RFC 8058): the address is gone.
        url = re.search(r"<[^>]*(/api/v1/public/subscriptions/\d+/unsubscribe\?key=\w+)>",
                        pl["List-Unsubscribe"]).group(1)
        r = self.server.request("POST", url, "List-Unsubscribe=One-Click",
                                {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 200, r)
        sub_id = re.search(r"subscriptions/(\d+)/", url).group(1)
        self.assertEqual(self.server.sql("SELECT 1 FROM subscribers WHERE id = ?", (int(sub_id),)),
                         [])
        self.assertEqual(self.server.request("GET", url.replace("/unsubscribe", "")).status, 404)
        again = self.server.request("POST", url, "", {"Accept": "application/json"})
        self.assertEqual(again.status, 200, again)  # Twice is fine.

        b2 = self.broadcast({"topic": "road_works", "area": "wroclaw-krzyki",
                             "title_pl": "Drugie ogłoszenie", "text_pl": "Objazd przedłużony."})
        done = wait_until(lambda: (lambda s: s if s["state"] == "sent" and s["waiting"] == 0
                                   else None)(self.broadcast_state(b2["id"])),
                          what="the second broadcast sent")
        self.assertEqual(done["recipients"], 1)  # Emma only (the whole city).
        en2 = self.mailbox_message("To: <emma@example.org>", "Objazd przed")
        self.assertIn("Drugie ogłoszenie", en2["Subject"])  # No English text: Polish, not none.

    def test_reminders_wait_for_their_time_and_each_address_gets_a_few_a_day(self):
        self.subscribe("henryk@example.org", ["fees"], ["wroclaw-fabryczna"])
        self.confirm("henryk@example.org")
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
        reminder = self.broadcast({"topic": "fees", "send_at": later,
                                   "title_pl": "Termin opłaty za odpady",
                                   "text_pl": "Do 15 dnia miesiąca."})
        self.assertEqual(reminder["state"], "scheduled")
        cancelled = self.broadcast({"topic": "fees", "send_at": "2027-03-01T08:00:00Z",
                                    "title_pl": "Odwołane", "text_pl": "Nie wyślemy."})
        r = self.server.api("POST", f"broadcasts/{cancelled['id']}/cancel", self.boss)
        self.assertEqual(r.json()["state"], "cancelled")
        r = self.server.api("POST", f"broadcasts/{reminder['id']}/cancel", self.ewa)
        self.assertEqual(r.status, 403, r)  # Agents do not send notices.
        wait_until(lambda: self.broadcast_state(reminder["id"])["sent"] == 1,
                   what="the reminder sent at its time")
        mail = self.mailbox_message("To: <henryk@example.org>", "Do 15 dnia")
        self.assertIn("Rezygnacja:", mail.get_content())
        r = self.server.api("POST", f"broadcasts/{reminder['id']}/cancel", self.boss)
        self.assertEqual(r.status, 412, r)  # Sent already.
        # Three a day at most: the fourth of the day waits (max_per_day = 3 in the demo).
        ids = [self.broadcast({"topic": "fees", "title_pl": f"Komunikat {i}",
                               "text_pl": "Treść."})["id"] for i in range(3)]
        wait_until(lambda: sum(self.broadcast_state(i)["sent"] for i in ids) == 2
                   and sum(self.broadcast_state(i)["waiting"] for i in ids) == 1,
                   what="two more sent and one held back")

    def test_a_residents_subscriptions_are_in_their_export_and_go_with_erasure(self):
        self.subscribe("jan.gdpr@example.org", ["events"], ["wroclaw-srodmiescie"])
        self.confirm("jan.gdpr@example.org")
        r = self.server.api("POST", "residents", self.boss, {
            "name": "Jan Gdpr", "emails": ["Jan.Gdpr@example.org"], "channel": "email",
            "consents": [{"purpose": "notifications", "text_version": "2026-01",
                          "channel": "voice"}]})
        self.assertEqual(r.status, 201, r)
        rid = r.json()["id"]
        export = self.server.api("GET", f"residents/{rid}/export?reason=art.+15", self.boss).json()
        [sub] = export["subscriptions"]
        self.assertEqual((sub["address"], sub["topic"], sub["area"], sub["confirmed"]),
                         ("jan.gdpr@example.org", "events", "wroclaw-srodmiescie", True))
        r = self.server.api("POST", f"residents/{rid}/erase", self.boss, {"reason": "art. 17"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["subscribers"], 1)
        b = self.broadcast({"topic": "events", "area": "wroclaw-srodmiescie",
                            "title_pl": "Koncert", "text_pl": "Na Rynku o 20:00."})
        wait_until(lambda: self.broadcast_state(b["id"])["state"] == "sent",
                   what="the broadcast fanned out")
        self.assertEqual(self.broadcast_state(b["id"])["recipients"], 0)

    def test_a_neighbour_follows_a_case_and_hears_of_it_in_their_language(self):
        r = self.server.api("POST", "cases", self.boss, {
            "jurisdiction_id": "wroclaw.pl", "service_code": "fallen-tree", "channel": "phone",
            "description": "Drzewo na ścieżce", "lat": 51.11, "long": 17.03,
            "attributes": {"blocking": "sidewalk"}, "email": "zglaszajaca@example.org"})
        number = r.json()["number"]
        r = self.server.request("POST", f"/api/v1/public/cases/{number.lower()}/follow",
                                json.dumps({"address": "Neighbour <neighbour@example.org>",
                                            "language": "en", "consent_version": "2026-01"}),
                                {"Content-Type": "application/json"})
        self.assertEqual(r.status, 202, r)
        ask = self.confirm("neighbour@example.org")
        self.assertIn(f"report {number}", ask["Subject"])
        roads = self.server.api("GET", f"cases/{number}", self.boss).json()["tasks"][0]["department"]
        self.server.cli("user", "add", "crew", "--role", "specialist", "--department", roads,
                        env={"RATUSZ_PASSWORD": self.server.STAFF_PASSWORD})
        crew = self.server.login("crew")
        r = self.server.api("POST", f"cases/{number}/tasks/{roads}", crew,
                            {"status": "in_progress"})
        self.assertEqual(r.status, 200, r)
        copy = self.mailbox_message("To: <neighbour@example.org>", f"Report number: {number}")
        self.assertIn("You follow this report", copy.get_content())
        self.assertTrue(copy["Message-ID"].startswith("<notice-"), copy["Message-ID"])
        self.assertEqual(copy["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertNotIn("Status: W realizacji", copy.get_content())  # English only.
        # Following a case does not stand in the way of confirming a topic later.
        self.subscribe("neighbour@example.org", ["events"], language="en")
        self.mailbox_message("To: <neighbour@example.org>", "/confirm?key=", "Events")
        # The reporter's own notice is unchanged (Polish and English, the case's Message-ID).
        own = self.mailbox_message("To: <zglaszajaca@example.org>", "Status: W realizacji")
        self.assertTrue(own["Message-ID"].startswith(f"<case-{number}."), own["Message-ID"])
        for bad, status in ((f"/api/v1/public/cases/{number}/follow", 400),
                            ("/api/v1/public/cases/NOPE-NOPE/follow", 404)):
            r = self.server.request("POST", bad, json.dumps({
                "address": "x@example.org", "topics": ["fees"], "consent_version": "2026-01"}),
                {"Content-Type": "application/json"})
            self.assertIn(r.status, (status, 400), (bad, r))

    def test_a_unit_gets_its_task_by_email_and_its_answer_becomes_a_note(self):
        r = self.server.api("POST", "cases", self.boss, {
            "jurisdiction_id": "wroclaw.pl", "service_code": "fallen-tree", "channel": "phone",
            "description": "Konar na jezdni przy ul. Kasprowicza 20", "lat": 51.1391,
            "long": 17.0345, "attributes": {"blocking": "roadway"},
            "email": "zglaszajacy.konar@example.org"})
        self.assertEqual(r.status, 201, r)
        number = r.json()["number"]
        task = self.mailbox_message("To: <zadania.zzm@example.org>", number)
        self.assertTrue(task["Subject"].startswith(f"[{number}] Nowe zadanie / New task: "),
                        task["Subject"])
        content = task.get_content()
        self.assertIn("Zarząd Zieleni Miejskiej", content)
        self.assertIn("Konar na jezdni przy ul. Kasprowicza 20", content)
        self.assertIn("https://www.openstreetmap.org/?mlat=51.139100&mlon=17.034500", content)
        self.assertRegex(content, r"Termin: 20\d\d-\d\d-\d\d \d\d:\d\d")
        self.assertNotIn("zglaszajacy.konar", content)  # Units never get the reporter.
        # The unit answers from its mailbox: the answer is an internal note on the case.
        self.write("ZZM <zadania.zzm@example.org>", "Re: " + task["Subject"],
                   "<zzm-answer-1@example.org>", "Ekipa wyjechała, usuniemy konar do 14:00.",
                   in_reply_to=task["Message-ID"])

        def noted():
            h = self.server.api("GET", f"cases/{number}/history", self.boss).json()["events"]
            return [e for e in h if e["actor"] == "email:zadania.zzm@example.org"]
        [note] = wait_until(noted, what="the unit's answer as a note")
        self.assertIn("usuniemy konar", note["description"])
        self.assertFalse(note["public"])

    def test_bad_subscriptions_and_broadcasts_are_refused(self):
        def post(body, headers=None):
            return self.server.request("POST", "/api/v1/public/subscriptions",
                                       body if isinstance(body, str) else json.dumps(body),
                                       dict({"Content-Type": "application/json"},
                                            **(headers or {})))
        for bad in ({"address": "not an address", "topics": ["fees"], "consent_version": "2026-01"},
                    {"address": "a@example.org", "topics": ["parades"], "consent_version": "2026-01"},
                    {"address": "a@example.org", "topics": ["fees"], "consent_version": "1999"},
                    {"address": "a@example.org", "topics": ["fees"], "areas": ["atlantis"],
                     "consent_version": "2026-01"},
                    {"address": "a@example.org", "topics": "fees", "consent_version": "2026-01"},
                    {"address": "a@example.org", "topics": ["fees"] * 101},
                    "[1, 2", "null"):
            r = post(bad)
            self.assertEqual(r.status, 400, (bad, r))
            self.assertIn("error", r.json())
        r = self.server.request("GET", "/api/v1/public/notice-topics")
        self.assertEqual(r.status, 200, r)
        self.assertIn("road_works", [t["code"] for t in r.json()["topics"]])
        self.assertIn("email", r.json()["channels"])
        for path in ("/api/v1/public/subscriptions/1/confirm?key=wrong",
                     "/api/v1/public/subscriptions/999999/confirm?key=x"):
            r = self.server.request("POST", path, "", {"Accept": "application/json"})
            self.assertEqual(r.status, 404, r)
        self.assertEqual(self.server.request("POST", "/api/v1/public/subscriptions/x/confirm").status,
                         404)
        for bad in ({"topic": "fees"},
                    {"topic": "fees", "title_pl": "T", "text_pl": "x", "area": "atlantis"},
                    {"topic": "fees", "title_pl": "T", "text_pl": "x",
                     "polygon": [[51, 17], [51, 17.1]]},
                    {"topic": "fees", "title_pl": "T", "text_pl": "x", "polygon": "square"},
                    {"topic": "fees", "title_pl": "T", "text_pl": "x", "send_at": "tomorrow"},
                    {"topic": "fees", "title_pl": "T", "text_pl": "x" * 2001}):
            r = self.server.api("POST", "broadcasts", self.boss, bad)
            self.assertEqual(r.status, 400, (bad, r))
        r = self.server.api("POST", "broadcasts", self.ewa,
                            {"topic": "fees", "title_pl": "T", "text_pl": "x"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.server.api("GET", "broadcasts/99999", self.boss).status, 404)

if __name__ == "__main__":
    unittest.main()
