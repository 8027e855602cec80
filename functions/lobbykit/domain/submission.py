"""What a supporter sends, checked field by field with messages they can act on.

Nothing from the browser is trusted: the MP and their address are looked up server-side, so any
such field is ignored. Names and emails end up in email headers, so control characters
(CR, LF and the rest) are refused there outright rather than cleaned: a name with a line break
in it is never a real name. Nor is a name with a web or email address in it: anyone can type
someone else's email address, and a "name" carrying a link would put a stranger's link in front
of the MP, and in the supporter's copy, from the coalition's own domain.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.postcode import Postcode, parse_postcode

MAX_NAME = 100
MAX_EMAIL = 254
MAX_ADDRESS = 300
MAX_ADDRESS_LINES = 6
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
# A field people never see (hidden by CSS) and simple bots fill in.
HONEYPOT = "website"
ENCODED_WORD = re.compile(r"=\?[^?]*\?[bBqQ]\?", re.ASCII)
# What turns a name into a link or an address: a URL scheme (``https://``, ``hxxp://``), ``www.``
# or an ``@``. Looked for after NFKC folding, so full-width look-alikes count too.
NOT_A_NAME = re.compile(r"[a-z][a-z0-9+.-]*:/|www\.|@", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Submission:
    name: str
    email: str
    postcode: Postcode
    address: str
    message: str
    consent_updates: bool

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class InvalidField(InvalidInput):
    """One field to fix: ``invalid_field``, naming it."""

    code = "invalid_field"

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message, field=field)


class InvalidSubmission(InvalidInput):
    """Every field to fix, in form order; ``field`` and ``message`` are the first one's."""

    def __init__(self, errors: list[InvalidInput]) -> None:
        super().__init__(errors[0].message, field=errors[0].field, code=errors[0].code)
        self.errors = errors


def parse_submission(body: Any, max_message_length: int) -> Submission:
    """Validate a submission; raises ``InvalidSubmission`` listing each field to fix."""
    if not isinstance(body, dict):
        raise InvalidInput("Please send the form as a JSON object.", code="invalid_json")
    if body.get(HONEYPOT):
        raise InvalidInput(
            "This looks like an automatic submission, so we have not sent it. If you filled in the "
            "form yourself, please leave the box marked “Leave this empty” empty and try again.",
            field=HONEYPOT,
            code="looks_automated",
        )
    parsers: dict[str, Callable[[Any], Any]] = {
        "name": _name,
        "email": _email,
        "postcode": lambda value: parse_postcode(_text(value, "postcode", "your postcode")),
        "address": _address,
        "message": lambda value: _message(value, max_message_length),
        "consent_updates": lambda value: _flag(value, "consent_updates"),
    }
    values: dict[str, Any] = {}
    errors: list[InvalidInput] = []
    for field, parse in parsers.items():
        try:
            values[field] = parse(body.get(field))
        except InvalidInput as error:
            errors.append(error)
    if errors:
        raise InvalidSubmission(errors)
    return Submission(**values)


def parse_preview(body: Any, max_message_length: int) -> Submission:
    """Like ``parse_submission``, but a preview needs no email address yet."""
    if isinstance(body, dict) and not body.get("email"):
        body = {**body, "email": "preview@example.invalid"}
    return parse_submission(body, max_message_length)


def _text(value: Any, field: str, what: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidField(f"Please enter {what}.", field)
    if not isinstance(value, str):
        raise InvalidField(f"Please enter {what} as text.", field)
    return unicodedata.normalize("NFC", value)


def _single_line(value: str, field: str, what: str) -> str:
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in value):
        raise InvalidField(f"Please write {what} on one line, without special characters.", field)
    if ENCODED_WORD.search(value):
        raise InvalidField(f"Please check {what}: it contains characters we cannot use.", field)
    return " ".join(value.split())


def _name(value: Any) -> str:
    name = _single_line(_text(value, "name", "your name"), "name", "your name")
    if len(name) > MAX_NAME:
        raise InvalidField(f"Please shorten your name to {MAX_NAME} characters or fewer.", "name")
    if NOT_A_NAME.search(unicodedata.normalize("NFKC", name)):
        raise InvalidField(
            "Please enter just your name, as you would sign a letter, without a web address, "
            "“www.” or an email address: your email address goes in its own box below.",
            "name",
        )
    if not any(char.isalpha() for char in name):
        raise InvalidField("Please enter your name as you would sign a letter.", "name")
    return name


def parse_email(value: Any) -> str:
    """An email address as the supporter would have typed it, normalised like a submission."""
    return _email(value)


def _email(value: Any) -> str:
    email = _single_line(_text(value, "email", "your email address"), "email", "your email address")
    if len(email) > MAX_EMAIL or not EMAIL.match(email):
        raise InvalidField(
            "Please enter your email address like name@example.com: "
            "we send you a link to confirm your letter.",
            "email",
        )
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _address(value: Any) -> str:
    text = _text(value, "address", "your street address")
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if any(unicodedata.category(char) == "Cc" for line in lines for char in line):
        raise InvalidField("Please check your address: it contains characters we cannot use.", "address")
    address = "\n".join(lines)
    if len(address) > MAX_ADDRESS or len(lines) > MAX_ADDRESS_LINES:
        raise InvalidField(
            f"Please shorten your address to {MAX_ADDRESS_LINES} lines and {MAX_ADDRESS} characters.",
            "address",
        )
    return address


def _message(value: Any, limit: int) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise InvalidField("Please write your own words as text.", "message")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(char for char in text if char == "\n" or unicodedata.category(char) != "Cc").strip()
    if len(text) > limit:
        raise InvalidField(
            f"Please shorten your own words to {limit} characters or fewer (you have {len(text)}). "
            "A short, personal paragraph works best.",
            "message",
        )
    return text


def _flag(value: Any, field: str) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if value in ("on", "yes", "true", "1"):
        return True
    raise InvalidField("Please tick the box, or leave it unticked.", field)
