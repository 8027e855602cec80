"""Reading a web address someone else gave us (an organiser, Parliament's data) before using it."""

from urllib.parse import urlsplit


def scheme_and_host(url: str) -> tuple[str, str]:
    """``("https", "example.org")`` for ``https://example.org/x``; empty strings for what is not
    a web address with a host (``javascript:...``, ``//x``, ``https://[::1``)."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme, parts.hostname or ""
    except ValueError:
        return "", ""


def is_https(url: str) -> bool:
    """Whether ``url`` may take a secret or become a link: ``https://`` with a host."""
    scheme, host = scheme_and_host(url)
    return scheme == "https" and bool(host)
