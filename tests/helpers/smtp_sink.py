#!/usr/bin/python3
"""A real SMTP server for tests (aiosmtpd, Debian's python3-aiosmtpd), on 127.0.0.1.

    smtp_sink.py --port 0 --dir DIR [--auth USER:PASSWORD]
                 [--tls-cert CERT --tls-key KEY [--implicit-tls]]

Prints "PORT <n>" as its first line on stdout once it accepts connections (--port 0: a free
port), then runs until SIGTERM or SIGINT. Each accepted message is stored as DIR/NNNN.eml (the
bytes received, dot-stuffing undone) with its envelope in DIR/NNNN.json ({"mail_from",
"rcpt_tos", and "auth_user" when the client authenticated}), both written before the server
answers 250, numbered from 0001 in the order accepted.

Answers by the recipient's local part: one starting "temp-fail" gets 451 4.3.0, one starting
"perm-fail" gets 550 5.1.1, any other 250; a message to one starting "spam-fail" is refused after
its data with 554 5.7.1 (the content, not the mailbox) and not stored.
--auth: AUTH PLAIN or LOGIN with exactly these credentials is required before MAIL (530 without).
--tls-cert/--tls-key: STARTTLS offered (AUTH then only after it); with --implicit-tls, TLS from
the first byte instead (SMTPS).
"""

import argparse
import json
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    """The aiosmtpd handler: answers RCPT by the local part, stores each message."""

    def __init__(self, directory):
        self.directory = directory
        self.stored = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.rsplit("@", 1)[0].lower()
        if local_part.startswith("temp-fail"):
            return "451 4.3.0 Try again later"
        if local_part.startswith("perm-fail"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(to.rsplit("@", 1)[0].lower().startswith("spam-fail") for to in envelope.rcpt_tos):
            return "554 5.7.1 Message rejected as spam"
        self.stored += 1
        base = os.path.join(self.directory, f"{self.stored:04d}")
        with open(base + ".eml", "wb") as eml:
            eml.write(envelope.original_content)
        received = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}
        if session.authenticated:
            received["auth_user"] = session.auth_data
        with open(base + ".json", "w", encoding="utf-8") as envelope_file:
            json.dump(received, envelope_file)
        return f"250 2.0.0 OK: stored as {self.stored:04d}"


class Authenticator:
    """Accepts exactly one user and password; the session keeps the user name."""

    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=self.user.decode() if ok else None)


class FreePortController(Controller):
    """A Controller that may listen on port 0: it learns the port the system chose before
    Controller.start() connects to it."""

    def _create_server(self):
        async def create():
            server = await Controller._create_server(self)
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    args = parser.parse_args()
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.implicit_tls and args.tls_cert is None:
        parser.error("--implicit-tls needs --tls-cert and --tls-key")

    # aiosmtpd warns about AUTH without TLS, which is what the tests ask for, and logs a traceback
    # for each failed TLS handshake, which the tests cause on purpose.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    smtp_options = {"server_hostname": "smtp-sink.test"}
    if args.auth is not None:
        user, _, password = args.auth.partition(":")
        smtp_options.update(
            authenticator=Authenticator(user, password),
            auth_required=True,
            # aiosmtpd counts only STARTTLS as TLS; with implicit TLS the session is encrypted all the same.
            auth_require_tls=tls is not None and not args.implicit_tls,
        )
    if tls is not None and args.implicit_tls:
        smtp_options["ssl_context"] = tls
    elif tls is not None:
        smtp_options["tls_context"] = tls

    # Blocked before the server's thread starts (which inherits the mask), then waited for here.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = FreePortController(Sink(args.dir), hostname="127.0.0.1", port=args.port, **smtp_options)
    controller.start()
    print(f"PORT {controller.port}", flush=True)
    signal.sigwait(stop_signals)
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
