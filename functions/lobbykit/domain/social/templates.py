"""Post texts are Jinja2 templates, filled with the campaign's and the account's variables.

The environment is sandboxed (an organiser's template cannot reach Python internals), does not
escape HTML (a post is plain text, and ``&amp;`` would be posted literally) and is strict: a
variable that is not set is an error naming it, never a silent gap in a public post.
"""

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from lobbykit.domain.errors import InvalidInput

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment


@cache
def _environment() -> "SandboxedEnvironment":
    """Built on first use: Jinja2 is imported only by the routes that render posts."""
    from jinja2 import StrictUndefined  # noqa: PLC0415 - cold start, as said above
    from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415

    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)


def render_post(template: str, variables: Mapping[str, str], account: str) -> str:
    """The text ``account`` will post; ``InvalidInput`` (``template_error``) says what is wrong."""
    from jinja2 import TemplateError, UndefinedError  # noqa: PLC0415 - loaded by _environment()

    try:
        text = _environment().from_string(template).render(**variables)
    except UndefinedError as error:
        known = ", ".join(sorted(variables))
        raise InvalidInput(
            f"The text for {account!r} uses a variable that is not set ({error.message}). "
            f"It can use: {known}.",
            field="posts",
            code="template_error",
        ) from error
    except TemplateError as error:
        raise InvalidInput(
            f"The text for {account!r} could not be read as a template: {error.message}.",
            field="posts",
            code="template_error",
        ) from error
    return text.strip()
