"""What the social adapters share about AWS calls: failure mapping.

Items are (de)serialised, and queries paged through, by ``lobbykit.adapters.dynamo_items``, as
everywhere else.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.domain.errors import UpstreamUnavailable


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def unavailable_as(what: str) -> Iterator[None]:
    """Turn an AWS failure into ``UpstreamUnavailable`` naming ``what`` could not be reached."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise UpstreamUnavailable(
            f"We could not reach {what} just now ({type(error).__name__}). Please try again in a few minutes."
        ) from error
