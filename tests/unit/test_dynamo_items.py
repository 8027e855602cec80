"""The one codec between plain values and DynamoDB's typed attribute values."""

import subprocess
import sys
from enum import StrEnum
from typing import Any

import pytest
from botocore.stub import Stubber
from hypothesis import given
from hypothesis import strategies as st

from lobbykit.adapters.dynamo_items import from_item, query_all, to_item


class Colour(StrEnum):
    RED = "red"


def test_each_kind_of_value_is_stored_as_dynamodb_types_it() -> None:
    item = to_item(
        {
            "text": "hello",
            "whole": 3,
            "fraction": 0.125,
            "yes": True,
            "names": {"b", "a"},
            "counts": {1, 2},
            "list": ["x", 1],
            "map": {"inner": {"deeper": 2}},
            "status": Colour.RED,
        }
    )
    assert item["text"] == {"S": "hello"}
    assert item["whole"] == {"N": "3"}
    assert item["fraction"] == {"N": "0.125"}
    assert item["yes"] == {"BOOL": True}
    assert sorted(item["names"]["SS"]) == ["a", "b"]
    assert sorted(item["counts"]["NS"]) == ["1", "2"]
    assert item["list"] == {"L": [{"S": "x"}, {"N": "1"}]}
    assert item["map"] == {"M": {"inner": {"M": {"deeper": {"N": "2"}}}}}
    assert item["status"] == {"S": "red"}
    assert type(item["status"]["S"]) is str  # the enum's value, not the member


def test_none_at_the_top_is_left_out_and_inside_a_map_is_null() -> None:
    item = to_item({"pk": "a", "gone": None, "map": {"kept": None}})
    assert item == {"pk": {"S": "a"}, "map": {"M": {"kept": {"NULL": True}}}}
    assert from_item(item) == {"pk": "a", "map": {"kept": None}}


def test_numbers_come_back_as_int_or_float_at_any_depth_never_decimal() -> None:
    stored = {
        "n": {"N": "7"},
        "f": {"N": "1.5"},
        "ns": {"NS": ["1", "2.5"]},
        "m": {"M": {"n": {"N": "10"}, "l": {"L": [{"N": "3"}, {"N": "0.25"}]}}},
    }
    plain = from_item(stored)
    assert plain == {"n": 7, "f": 1.5, "ns": {1, 2.5}, "m": {"n": 10, "l": [3, 0.25]}}
    assert type(plain["n"]) is int
    assert type(plain["m"]["l"][1]) is float


def test_a_float_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(TypeError):
        to_item({"spread": float("nan")})


# DynamoDB keeps 38 significant digits, magnitudes from 1E-130; a whole float comes back as an
# int (equal to it while below 2**53, where every whole float is exact).
INTEGERS = st.integers(min_value=-(10**37), max_value=10**37)
FLOATS = st.floats(min_value=-(10**15), max_value=10**15).filter(lambda f: f == 0 or abs(f) > 1e-100)
PLAIN = st.recursive(
    st.none() | st.booleans() | st.text() | INTEGERS | FLOATS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=8),
        PLAIN | st.sets(st.text(), min_size=1) | st.sets(INTEGERS, min_size=1),
        max_size=6,
    )
)
def test_what_is_stored_comes_back_as_it_was_less_the_top_level_nones(values: dict[str, object]) -> None:
    assert from_item(to_item(values)) == {key: value for key, value in values.items() if value is not None}


def test_a_query_is_read_to_its_last_page_as_plain_values(client: Any, stub: Stubber) -> None:
    asked = {
        "TableName": "t",
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": to_item({":pk": "p"}),
    }
    after = to_item({"pk": "p", "sk": "1"})
    stub.add_response("query", {"Items": [after], "LastEvaluatedKey": after}, asked)
    stub.add_response(
        "query", {"Items": [to_item({"pk": "p", "sk": "2", "n": 3})]}, {**asked, "ExclusiveStartKey": after}
    )
    assert query_all(client, **asked) == [{"pk": "p", "sk": "1"}, {"pk": "p", "sk": "2", "n": 3}]


def test_the_codec_does_not_import_boto3() -> None:
    """A cold lookup's cache read goes through here: boto3 would add about 110 ms to it."""
    probe = (
        "import sys, lobbykit.adapters.cache, lobbykit.adapters.hit_counter; print('boto3' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)  # noqa: S603
    assert done.stdout.strip() == "False"
