"""``?format=csv``: the by-constituency table as a file an organiser can open in a spreadsheet."""

import csv
import io

import pytest

from lobbykit.domain.counting import Increment
from tests.support.e_action import CAMPAIGN
from tests.support.metrics import add_counts, get_metrics, organiser_token, send_letter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_csv_is_the_by_constituency_table_with_a_header() -> None:
    token = organiser_token()
    send_letter()
    send_letter(email="sam@example.com")
    response = get_metrics(token, query="format=csv")

    assert response.status == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{CAMPAIGN}-by-constituency.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.body == "id,name,sent\r\n99005,Cardiff South and Penarth,2\r\n"
    assert rows_of(response.body) == [["id", "name", "sent"], ["99005", "Cardiff South and Penarth", "2"]]


def test_the_csv_and_the_json_say_the_same() -> None:
    token = organiser_token()
    for shard, (seat, name, sent) in enumerate([(1, "Ynys Môn", 4), (2, "Harborough, Oadby and Wigston", 7)]):
        add_counts(CAMPAIGN, shard, Increment(f"constituency#{seat}", "sent", sent, name))
    from_json = get_metrics(token).json()["by_constituency"]
    from_csv = rows_of(get_metrics(token, query="format=csv").body)[1:]
    assert from_csv == [[str(row["id"]), row["name"], str(row["sent"])] for row in from_json]
    assert ["2", "Harborough, Oadby and Wigston", "7"] in from_csv
    assert ["1", "Ynys Môn", "4"] in from_csv


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
        ("+44 Seat", "'+44 Seat"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ('A "quoted", awkward\nname', 'A "quoted", awkward\nname'),
    ],
)
def test_a_name_a_spreadsheet_would_run_is_kept_as_text(name: str, cell: str) -> None:
    token = organiser_token()
    add_counts(CAMPAIGN, 0, Increment("constituency#7", "sent", 1, name))
    [_, row] = rows_of(get_metrics(token, query="format=csv").body)
    assert row == ["7", cell, "1"]


def test_the_csv_needs_a_token_too() -> None:
    response = get_metrics(None, query="format=csv")
    assert response.status == 401
    assert response.json()["error"] == "unauthorised"
