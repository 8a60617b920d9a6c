"""A real SMTP server on loopback (aiosmtpd) that a test can stop and start."""

import socket

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self):
        return sorted(rcpt for message in self.messages for rcpt in message.rcpt_tos)


class MailServer:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.mailbox = Mailbox()
        self._controller = None

    def start(self):
        self._controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port
        )
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
