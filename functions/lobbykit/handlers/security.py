"""Security headers on every response the API function gives, pages and JSON alike.

Added to the Lambda proxy result itself, after the resolver, so that error pages, 404s and
exception handlers carry them too. The CSP allows no inline script or style at all: pages load
one stylesheet and one script from this origin (and, for a campaign that turns the bot check on,
Cloudflare Turnstile's script and frame: ``html.page`` sets that campaign's policy itself).
"""

from typing import Any

# Cloudflare Turnstile's script and its frame, allowed only on the pages of a campaign that uses it.
TURNSTILE_ORIGIN = "https://challenges.cloudflare.com"


def content_security_policy(*, turnstile: bool = False) -> str:
    scripts = f"'self' {TURNSTILE_ORIGIN}" if turnstile else "'self'"
    frames = (f"frame-src {TURNSTILE_ORIGIN}",) if turnstile else ()
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {scripts}",
            *frames,
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        )
    )


CONTENT_SECURITY_POLICY = content_security_policy()
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Nothing of our addresses (a confirmation link's token) goes to another site, yet our own
    # forms carry their true Origin: under no-referrer, Chromium sends ``Origin: null`` instead.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def with_security_headers(result: dict[str, Any]) -> dict[str, Any]:
    headers = result.setdefault("headers", {})
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    return result
