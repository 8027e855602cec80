"""The stub's sample dataset plus the odd cases no recording covers, built in the same shape."""

import copy
from typing import Any

from lobbykit.domain.members import OPEN_PARLIAMENT_ATTRIBUTION
from lobbykit.local.members_stub import load_sample_dataset

VACANT = "VA1 1AA"
NO_EMAIL = "NM1 1AA"
SUSPENDED = "SU1 1AA"
SEVERAL_RESULTS = "MU1 1AA"
ONLY_OLD_BOUNDARIES = "OL1 1AA"
INVERNESS = "IV3 5SS"
STARMER = "WC1H 9JE"
SPEAKER = "PR7 1DP"
WALES = "CF10 1EP"
NORTHERN_IRELAND = "BT7 1NN"

# GET /api/mp for INVERNESS, from the recorded Members API answers.
INVERNESS_ANSWER = {
    "postcode": "IV3 5SS",
    "constituency": {"id": 4483, "name": "Inverness, Skye and West Ross-shire"},
    "mp": {
        "id": 5362,
        "name": "Mr Angus MacDonald",
        "party": "Liberal Democrat",
        "can_email": True,
        "is_speaker": False,
        "active": True,
        "thumbnail_url": "https://members-api.parliament.uk/api/Members/5362/Thumbnail",
    },
    "vacant": False,
    "attribution": OPEN_PARLIAMENT_ATTRIBUTION,
}


def stub_dataset() -> dict[str, Any]:
    data = copy.deepcopy(load_sample_dataset())
    data["postcodes"].update(
        {
            "VA11AA": [99901],
            "NM11AA": [99902],
            "SU11AA": [99903],
            "MU11AA": [99904, 99905, 99906],
            "OL11AA": [99904],
        }
    )
    data["member_search"] = {"MU11AA": [99906]}
    data["constituencies"].update(
        {
            "99901": {"name": "Vacantshire", "mp": None},
            "99902": {"name": "Noemail Vale", "mp": 99912},
            "99903": {"name": "Suspension Bridge", "mp": 99913},
            "99904": {"name": "Old Town (abolished)", "mp": 99914, "end_date": "2024-05-30T00:00:00"},
            "99905": {"name": "Border East", "mp": 99915},
            "99906": {"name": "Border West", "mp": 99916},
        }
    )
    data["members"].update(
        {
            "99912": {
                "name": "Ms Nomail Person",
                "list_as": "Person, Ms Nomail",
                "party": [4, "Conservative", "Con"],
            },
            "99913": {
                "name": "Mr Sus Pended",
                "list_as": "Pended, Mr Sus",
                "party": [8, "Independent", "Ind"],
                "status": [False, "Suspended"],
            },
            "99914": {
                "name": "Mr Old Member",
                "list_as": "Member, Mr Old",
                "party": [4, "Conservative", "Con"],
            },
            "99915": {"name": "Ms East Member", "list_as": "Member, Ms East", "party": [15, "Labour", "Lab"]},
            "99916": {
                "name": "Mx West Member",
                "list_as": "Member, Mx West",
                "party": [44, "Green Party", "Green"],
            },
        }
    )
    data["contacts"].update(
        {
            "99912": [
                {"typeId": 4, "type": "Constituency office", "line1": "1 High Street", "postcode": "NM1 1AA"},
                {
                    "typeId": 6,
                    "type": "Website",
                    "isWebAddress": True,
                    "line1": "https://nomail.example/contact",
                },
            ],
            "99913": [
                {
                    "typeId": 1,
                    "type": "Parliamentary office",
                    "line1": "House of Commons",
                    "email": "sus.pended.mp@parliament.example",
                }
            ],
            "99915": [
                {
                    "typeId": 4,
                    "type": "Constituency office",
                    "line1": "East",
                    "email": "east.office@parliament.example",
                },
                {
                    "typeId": 1,
                    "type": "Parliamentary office",
                    "line1": "House of Commons",
                    "line2": "London",
                    "postcode": "SW1A 0AA",
                    "email": "east.mp@parliament.example",
                },
            ],
            "99916": [
                {
                    "typeId": 4,
                    "type": "Constituency office",
                    "line1": "West",
                    "email": "west.office@parliament.example",
                }
            ],
        }
    )
    return data
