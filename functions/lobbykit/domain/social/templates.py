"""Post texts are Jinja2 templates, filled with the campaign's and the account's variables.

The environment is sandboxed (an organiser's template cannot reach Python internals), does not
escape HTML (a post is plain text, and ``&amp;`` would be posted literally) and is strict: a
variable that is not set is an error naming it, never a silent gap in a public post.
"""

from collections.abc import Mapping
from functools import cache

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from lobbykit.domain.errors import InvalidInput


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)


def render_post(template: str, variables: Mapping[str, str], account: str) -> str:
    """The text ``account`` will post; ``InvalidInput`` (``template_error``) says what is wrong."""
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
