"""The functions' AWS clients give up quickly and share a pool big enough for a moment's threads."""

import pytest

from lobbykit.application import wiring
from lobbykit.domain.social.moments import MAX_POSTS


@pytest.mark.parametrize("client", [wiring.dynamodb_client, wiring.secrets_client])
def test_a_client_times_out_in_seconds_and_pools_a_connection_per_post(client: object) -> None:
    config = client().meta.config  # type: ignore[operator]
    assert config.connect_timeout <= 2
    assert config.read_timeout <= 5
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert config.max_pool_connections >= MAX_POSTS
