"""A loopback SMTP server for `make bench`: accepts every message and appends "<time>\t<Message-ID>"
to a file, so the bench can count deliveries and check that each e-mail arrived exactly once.

Usage: python bench/smtp_sink.py PORT OUTFILE  (stops on SIGTERM/SIGINT)
"""

import email
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, out):
        self.out = out
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        line = f"{time.time():.6f}\t{message.get('Message-ID', '')}\n"
        with self.lock:
            self.out.write(line)
            self.out.flush()
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with open(path, "a", encoding="utf-8") as out:
        controller = Controller(CountingHandler(out), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        stop.wait()
        controller.stop()


if __name__ == "__main__":
    main()
