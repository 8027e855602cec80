"""The confirmation links the simulated supporters receive, read from the embedded SES.

``GET /_dev/outbox`` decodes every email on each call; with a thousand supporters waiting that
is quadratic. This reads only the messages sent since the last look, under a lock.
"""

import re
import threading
import time

from lobbykit.local.cloudformation import LOCAL_ACCOUNT, LOCAL_REGION
from lobbykit.local.outbox import parse_raw

CONFIRM_LINK = re.compile(r"/confirm/([A-Za-z0-9_-]{20,})")


class Mailbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen = 0
        self._links: dict[str, str] = {}

    def confirmation_token(self, address: str, timeout: float = 30.0) -> str | None:
        """The token in the confirmation email to ``address``, once it has arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                self._read_new()
                if address in self._links:
                    return self._links[address]
            time.sleep(0.05)
        return None

    def _read_new(self) -> None:
        from moto.ses.models import ses_backends

        sent = ses_backends[LOCAL_ACCOUNT][LOCAL_REGION].sent_messages
        for message in list(sent[self._seen :]):
            raw = getattr(message, "raw_data", None)
            if raw is not None:
                email = parse_raw(raw, message.destinations)
                link = CONFIRM_LINK.search(email["text"])
                if link and email["subject"].startswith("Please confirm"):
                    for address in email["to"]:
                        self._links.setdefault(address.lower(), link.group(1))
            self._seen += 1
