"""E-mail in through `ratusz mailgate` (what a mail server's pipe transport runs) to the real
server: a new message becomes a contact in the e-mail queue, a reply naming a case becomes a note
on it, machines' mail is ignored, a redelivered message is stored once, and the exit codes tell
the mail server when to retry (75) and when to bounce (65)."""

import json
import os
import subprocess
import tempfile
import unittest

from ratusz_harness import BIN, DEMO_CONFIG, SOURCE_DIR, Ratusz

TOKEN = "mail-gateway-token-for-tests"
CORPUS = os.path.join(SOURCE_DIR, "tests", "data", "mail")


def corpus(name, **replace):
    with open(os.path.join(CORPUS, name), "rb") as f:
        data = f.read()
    for key, value in replace.items():
        data = data.replace(("{" + key + "}").encode(), value.encode())
    return data


class MailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(DEMO_CONFIG, encoding="utf-8") as f:
            text = f.read()
        fd, cls.config = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + f'\n[mail]\ntoken = "{TOKEN}"\nfax_senders = ["Fax@Gateway.example.pl"]\n')
        cls.server = Ratusz(config=cls.config)
        cls.server.add_user("boss", "supervisor")
        cls.server.start()
        cls.boss = cls.server.login("boss")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        os.unlink(cls.config)

    def mailgate(self, message, port=None, token=TOKEN):
        env = dict(os.environ, RATUSZ_MAIL__TOKEN=token)
        result = subprocess.run(
            [BIN, "--config", self.config, "--data-dir", self.server.data_dir, "mailgate",
             "--url", f"http://127.0.0.1:{port or self.server.port}"],
            input=message, capture_output=True, env=env, timeout=60)
        out = result.stdout.decode().strip()
        return result.returncode, (json.loads(out) if result.returncode == 0 else
                                   result.stderr.decode())

    def api(self, path, method="GET", body=None):
        r = self.server.api(method, path, self.boss, body)
        self.assertIn(r.status, (200, 201), r)
        return r.json()

    def test_a_new_message_waits_in_the_email_queue_and_is_stored_once(self):
        code, outcome = self.mailgate(corpus("iso-8859-2.eml"))
        self.assertEqual(code, 0, outcome)
        self.assertEqual(outcome["action"], "interaction")
        contact = self.api(f"contact/interactions/{outcome['interaction']}")
        self.assertEqual(contact["channel"], "email")
        self.assertEqual(contact["queue"], "email")
        self.assertEqual(contact["address"], "jan@example.pl")
        self.assertEqual(contact["subject"], "Złamane drzewo na Źródłowej")
        self.assertEqual(contact["state"], "waiting")
        self.assertIn("na ulicy Źródłowej leży złamane drzewo", contact["transcript"][0]["text"])
        # The mail server delivers it again (it did not see our answer): stored once.
        code, again = self.mailgate(corpus("iso-8859-2.eml"))
        self.assertEqual(code, 0, again)
        self.assertTrue(again["repeated"])
        self.assertEqual(again["interaction"], outcome["interaction"])
        listed = self.api("contact/interactions?address=jan@example.pl")["interactions"]
        self.assertEqual(len(listed), 1)

    def test_html_only_mail_is_read_as_text(self):
        code, outcome = self.mailgate(corpus("html-only.eml"))
        self.assertEqual(code, 0, outcome)
        text = self.api(f"contact/interactions/{outcome['interaction']}")["transcript"][0]["text"]
        self.assertTrue(text.startswith("Dzień dobry,"), text)
        self.assertNotIn("alert", text)

    def test_a_reply_naming_a_case_becomes_a_note_on_it(self):
        case = self.api("cases", "POST", {
            "jurisdiction_id": "wroclaw.pl", "service_code": "fallen-tree", "channel": "email",
            "description": "Drzewo na Źródłowej", "lat": 51.11, "long": 17.03,
            "attributes": {"blocking": "roadway"}})
        number = case["number"]
        code, outcome = self.mailgate(corpus("reply-with-attachment.eml", NUMBER=number))
        self.assertEqual(code, 0, outcome)
        self.assertEqual((outcome["action"], outcome["case"]), ("case_note", number))
        events = self.api(f"cases/{number}/history")["events"]
        note = next(e for e in events if e["actor"] == "email:jan@example.pl")
        self.assertIn("Drzewo nadal leży, dołączam pismo.", note["description"])
        self.assertIn("[pismo.pdf: attached]", note["description"])
        self.assertFalse(note["public"], "a resident's mail may hold personal data")
        [kept] = self.api(f"cases/{number}/attachments")["attachments"]
        self.assertEqual((kept["name"], kept["kind"], kept["public"]),
                         ("pismo.pdf", "document", False))
        code, again = self.mailgate(corpus("reply-with-attachment.eml", NUMBER=number))
        self.assertEqual(code, 0, again)
        events = self.api(f"cases/{number}/history")["events"]
        mine = [e["kind"] for e in events if e["actor"] == "email:jan@example.pl"]
        self.assertEqual(sorted(mine), ["attached", "note"], "the note and its file, once")
        self.assertEqual(len(self.api(f"cases/{number}/attachments")["attachments"]), 1)

    def test_a_fax_from_the_gateway_waits_in_the_fax_queue(self):
        message = (b"From: Fax Gateway <fax@gateway.example.pl>\r\nSubject: Fax from +48221234567\r\n"
                   b"Message-ID: <fax1@gateway.example.pl>\r\nMIME-Version: 1.0\r\n"
                   b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                   b"Content-Type: text/plain\r\n\r\n1 page\r\n--b\r\n"
                   b"Content-Type: image/tiff; name=fax.tif\r\n"
                   b"Content-Disposition: attachment; filename=fax.tif\r\n\r\nII*\x00\r\n--b--\r\n")
        code, outcome = self.mailgate(message)
        self.assertEqual(code, 0, outcome)
        contact = self.api(f"contact/interactions/{outcome['interaction']}")
        self.assertEqual((contact["channel"], contact["queue"]), ("fax", "fax"))
        self.assertIn("[fax.tif: kept with the contact]", contact["transcript"][0]["text"])
        # The faxed page is kept: the agent opens it, and attaches it to the case they register.
        [page] = contact["files"]
        self.assertEqual((page["name"], page["content_type"], page["kind"]),
                         ("fax.tif", "image/tiff", "document"))
        r = self.server.request("GET", f"/api/v1/contact/interactions/{contact['id']}/files/"
                                f"{page['sha256']}", headers={"Authorization": "Bearer " + self.boss})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.body.startswith("II*"), r.body[:10])
        case = self.api("cases", "POST", {
            "jurisdiction_id": "wroclaw.pl", "service_code": "graffiti", "channel": "fax",
            "description": "Graffiti (faks)", "lat": 51.11, "long": 17.03})
        r = self.server.request(
            "POST", f"/api/v1/cases/{case['number']}/attachments?from_contact={contact['id']}"
            f"&file={page['sha256']}", "", {"Authorization": "Bearer " + self.boss})
        self.assertEqual(r.status, 201, r)
        [kept] = self.api(f"cases/{case['number']}/attachments")["attachments"]
        self.assertEqual((kept["name"], kept["kind"]), ("fax.tif", "document"))
        r = self.server.request(
            "POST", f"/api/v1/cases/{case['number']}/attachments?from_contact={contact['id']}"
            f"&file={'0' * 64}", "", {"Authorization": "Bearer " + self.boss})
        self.assertEqual(r.status, 404, r)

    def test_outlooks_winmail_dat_is_named_for_the_agent_not_lost_silently(self):
        code, outcome = self.mailgate(corpus("winmail-dat.eml"))
        self.assertEqual(code, 0, outcome)
        self.assertEqual(outcome["action"], "interaction")
        contact = self.api(f"contact/interactions/{outcome['interaction']}")
        self.assertEqual(contact["subject"], "Pismo w sprawie oświetlenia")
        text = contact["transcript"][0]["text"]
        self.assertIn("niedziałających latarni przy ul. Kasprowicza", text)
        self.assertIn("[winmail.dat: Outlook's packed attachments (TNEF)", text)

    def test_mail_from_machines_is_ignored(self):
        code, outcome = self.mailgate(corpus("auto-reply.eml"))
        self.assertEqual(code, 0, outcome)
        self.assertEqual(outcome["action"], "ignored")
        self.assertIn("auto-replied", outcome["reason"])
        self.assertEqual(self.api("contact/interactions?address=urzednik@example.pl")
                         ["interactions"], [])

    def test_a_message_over_the_size_limit_is_bounced_not_retried(self):
        big = (b"From: jan@example.pl\r\nSubject: skan\r\nMessage-ID: <big1@example.pl>\r\n"
               b"MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\r\n"
               + b"A" * (17 * 1024 * 1024))
        code, err = self.mailgate(big)
        self.assertEqual(code, 65, err)
        # The same with the scan as an attachment of a reply to a case, as a phone sends it.
        boundary = b"scan-boundary"
        attached = (b"From: jan@example.pl\r\nSubject: Re: [K7M2-QX4P] skan\r\n"
                    b"Message-ID: <big2@example.pl>\r\nMIME-Version: 1.0\r\n"
                    b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" +
                    boundary + b"\r\nContent-Type: text/plain\r\n\r\nSkan w zalaczniku.\r\n--" +
                    boundary + b"\r\nContent-Type: application/pdf; name=skan.pdf\r\n"
                    b"Content-Transfer-Encoding: base64\r\n\r\n" +
                    b"QUFB\r\n" * (3 * 1024 * 1024) + b"--" + boundary + b"--\r\n")
        code, err = self.mailgate(attached)
        self.assertEqual(code, 65, err)
        self.assertIn("413", err)

    def test_exit_codes_tell_the_mail_server_what_to_do(self):
        code, err = self.mailgate(corpus("no-sender.eml"))
        self.assertEqual(code, 65, "a message that can never be taken is bounced")
        self.assertIn("no sender", err)
        code, err = self.mailgate(corpus("iso-8859-2.eml"), port=1)
        self.assertEqual(code, 75, "the server is down: the mail server keeps it and retries")
        code, err = self.mailgate(corpus("iso-8859-2.eml"), token="wrong-token-wrong-token")
        self.assertEqual(code, 75, "our own misconfiguration must not bounce residents' mail")
        self.assertIn("401", err)


if __name__ == "__main__":
    unittest.main()
