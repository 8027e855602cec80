"""The dev outbox reads sent mail as a person would: headers and bodies decoded."""

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

from lobbykit.local.outbox import from_simple, parse_raw

TEXT = "Dear Mr MacDonald,\n\nSpecialists — speech and language therapists — are 50% too few.\n"
HTML = "<p>Dear Mr MacDonald,</p><p>Specialists — speech and language therapists — are 50% too few.</p>"


def letter(text_cte: str = "quoted-printable", html_cte: str = "base64") -> str:
    message = EmailMessage()
    message["From"] = Address("Siân Jones via SEND in the Specialists", "letters", "example.org")
    message["To"] = Address("Mr Angus MacDonald", "angus.macdonald.mp", "parliament.uk")
    message["Reply-To"] = Address("Siân Jones", "sian", "example.com")
    message["Subject"] = "Invest in the specialist workforce – a letter from Siân"
    message.set_content(TEXT, cte=text_cte)
    message.add_alternative(HTML, subtype="html", cte=html_cte)
    return message.as_bytes(policy=SMTP).decode("ascii")


def test_a_raw_multipart_letter_is_decoded() -> None:
    raw = letter()
    assert "=?utf-8?" in raw  # the headers really were encoded
    parsed = parse_raw(raw, ["angus.macdonald.mp@parliament.uk"])
    assert set(parsed.pop("headers")) == {"From", "To", "Reply-To", "Subject", "Content-Type", "MIME-Version"}
    assert parsed == {
        "from": "Siân Jones via SEND in the Specialists <letters@example.org>",
        "to": ["angus.macdonald.mp@parliament.uk"],
        "reply_to": ["sian@example.com"],
        "subject": "Invest in the specialist workforce – a letter from Siân",
        "text": TEXT,
        "html": HTML + "\n",
    }


def test_base64_text_and_quoted_printable_html_are_decoded_too() -> None:
    parsed = parse_raw(letter(text_cte="base64", html_cte="quoted-printable"))
    assert parsed["text"] == TEXT
    assert parsed["html"] == HTML + "\n"


def test_a_raw_message_without_a_to_header_shows_the_envelope_recipients() -> None:
    raw = "From: a@example.org\r\nSubject: hi\r\n\r\nplain body\r\n"
    parsed = parse_raw(raw, ["Someone <b@example.org>"])
    assert (parsed["to"], parsed["text"], parsed["html"], parsed["reply_to"]) == (
        ["b@example.org"],
        "plain body\n",
        "",
        [],
    )


def test_a_simple_message_shows_what_moto_kept() -> None:
    html = from_simple(
        "=?utf-8?q?Si=C3=A2n?= <letters@example.org>", {"ToAddresses": ["mp@example.org"]}, "Hi", HTML
    )
    assert (html["from"], html["to"], html["html"], html["text"]) == (
        "Siân <letters@example.org>",
        ["mp@example.org"],
        HTML,
        "",
    )
    text = from_simple("letters@example.org", {"ToAddresses": ["mp@example.org"]}, "Hi", "Plain words")
    assert (text["text"], text["html"]) == ("Plain words", "")
