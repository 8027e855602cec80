"""Hypothesis strategies for what a client can send: any JSON, and JSON shaped like a request."""

from typing import Any

from hypothesis import strategies as st

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def objects_with(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects holding any of ``fields`` (plausible or any JSON) and sometimes a stray key."""
    return st.fixed_dictionaries(
        {},
        optional={name: strategy | json_values for name, strategy in fields.items()} | {"stray": json_values},
    )
