"""The template gives each function what its code reads and calls, and nothing unscoped.

Environment: every ``LOBBYKIT_*`` variable ``config.py`` reads is declared below as needed by
some function (or as local-only), so a new variable without a template entry fails here.

IAM: the AWS operations are found in each module's source (any call whose name is an operation
of DynamoDB, Secrets Manager, Scheduler or SESv2, per botocore's own models) and turned into the
IAM actions they are authorised as; each function's declared uses say which of the template's
resources those calls touch. A new call, or a new module, without its grant fails here.
"""

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import boto3
import pytest

from lobbykit.local.cloudformation import load_template

PACKAGE = Path(__file__).resolve().parents[2] / "functions" / "lobbykit"
TEMPLATE = load_template()

# -- environment ---------------------------------------------------------------------------

# In Lambda, templates/ is found beside the package, and organisers' tokens are checked against
# the digests secret: the plain token is the local stack's alone, as is saying it is one.
LOCAL_ONLY = {"LOBBYKIT_TEMPLATES_DIR", "LOBBYKIT_ORGANISER_TOKEN", "LOBBYKIT_LOCAL_STACK"}
SCHEDULING = {
    "LOBBYKIT_SOCIAL_TABLE",
    "LOBBYKIT_ACCOUNT_SECRET_PREFIX",
    "LOBBYKIT_X_API_URL",
    "LOBBYKIT_SCHEDULE_GROUP",
    "LOBBYKIT_PUBLISH_FUNCTION_ARN",
    "LOBBYKIT_SCHEDULER_ROLE_ARN",
    "LOBBYKIT_SCHEDULE_DEAD_LETTER_ARN",
    "LOBBYKIT_TRACING",
}
NEEDED_BY = {
    "ApiFunction": SCHEDULING
    | {
        "LOBBYKIT_MEMBERS_API_URL",
        "LOBBYKIT_CACHE_TABLE",
        "LOBBYKIT_ORGANISER_TOKENS_SECRET",
        "LOBBYKIT_SESSIONS_TABLE",
        "LOBBYKIT_PSEUDONYM_KEY_SECRET",
        "LOBBYKIT_ACTIONS_TABLE",
        "LOBBYKIT_PUBLIC_URL",
        "LOBBYKIT_SES_CONFIGURATION_SET",
        "LOBBYKIT_TURNSTILE_SECRET",
        "LOBBYKIT_TURNSTILE_URL",
        "LOBBYKIT_BACKUP_DAYS",
    },
    # Retries of rate-limited posts are new schedules: the publisher schedules too.
    "PublishFunction": SCHEDULING,
    "RetryFunction": {
        "LOBBYKIT_CACHE_TABLE",
        "LOBBYKIT_ACTIONS_TABLE",
        "LOBBYKIT_METRICS_TABLE",
        "LOBBYKIT_PUBLIC_URL",
        "LOBBYKIT_SES_CONFIGURATION_SET",
    },
    # Bounces and complaints: letters' states, their counters, and keyed hashes of mailboxes.
    "MailEventsFunction": {
        "LOBBYKIT_ACTIONS_TABLE",
        "LOBBYKIT_METRICS_TABLE",
        "LOBBYKIT_PSEUDONYM_KEY_SECRET",
    },
}


def variables_config_reads() -> set[str]:
    source = (PACKAGE / "config.py").read_text(encoding="utf-8")
    return set(re.findall(r'"(LOBBYKIT_[A-Z_]+)"', source))


def template_environment(function: str) -> set[str]:
    globals_env = TEMPLATE["Globals"]["Function"].get("Environment", {}).get("Variables", {})
    own = TEMPLATE["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
    return set(globals_env) | set(own)


def test_every_variable_config_reads_is_needed_by_a_function_or_local_only() -> None:
    declared = set().union(*NEEDED_BY.values()) | LOCAL_ONLY
    assert variables_config_reads() == declared


@pytest.mark.parametrize("function", sorted(NEEDED_BY))
def test_the_template_sets_every_variable_the_function_needs(function: str) -> None:
    assert NEEDED_BY[function] - template_environment(function) == set()


# -- IAM -----------------------------------------------------------------------------------

SOCIAL_TABLE = "${SocialTable.Arn}"
ACCOUNT_SECRET = (
    "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:"
    "secret:${AWS::StackName}/social-accounts/an-account"
)
SCHEDULE = (
    "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${MomentScheduleGroup}/a"
)
SENDER = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderIdentity}"
CONFIGURATION_SET = (
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${MailConfigurationSet}"
)
# IAM prefixes of the clients the code builds (SESv2 is authorised under "ses").
SERVICES = {
    "dynamodb": "dynamodb",
    "secretsmanager": "secretsmanager",
    "scheduler": "scheduler",
    "sesv2": "ses",
}
# TransactWriteItems is no IAM action: each item is authorised as its own write.
TRANSACT_ITEMS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
# SESv2 SendEmail with Raw content (ses_mailer sends MIME it built) is also checked as SendRawEmail.
ALSO_AUTHORISED_AS = {"ses:SendEmail": {"ses:SendRawEmail"}}
# Creating a schedule hands the scheduler its role.
IMPLIES = {"scheduler:CreateSchedule": ("iam:PassRole", "${SchedulerRole.Arn}")}


@dataclass(frozen=True)
class Use:
    """A module's AWS calls from one function: the resources they touch, by IAM prefix.

    ``only`` names the operations this function calls, where the module also serves another
    function or the command line (which runs with the organiser's own credentials).
    """

    module: str
    resources: dict[str, tuple[str, ...]]
    only: frozenset[str] | None = None


USES = {
    "ApiFunction": (
        Use("adapters/cache.py", {"dynamodb": ("${CacheTable.Arn}",)}),
        Use("adapters/hit_counter.py", {"dynamodb": ("${CacheTable.Arn}",)}),
        Use("adapters/letter_pacer.py", {"dynamodb": ("${CacheTable.Arn}",)}),
        Use(
            "adapters/action_store.py",
            {
                "dynamodb": (
                    "${ActionsTable.Arn}",
                    "${ActionsTable.Arn}/index/by_token",
                    "${ActionsTable.Arn}/index/by_supporter",
                    "${ActionsTable.Arn}/index/by_retry",
                )
            },
        ),
        Use("adapters/ses_mailer.py", {"ses": (SENDER, CONFIGURATION_SET)}),
        Use("adapters/metrics_store.py", {"dynamodb": ("${MetricsTable.Arn}",)}),
        Use("adapters/session_store.py", {"dynamodb": ("${SessionsTable.Arn}",)}),
        Use(
            "adapters/suppression_store.py",
            {"dynamodb": ("${ActionsTable.Arn}",)},
            only=frozenset({"get_item"}),
        ),
        Use(
            "adapters/token_store.py",
            {"secretsmanager": ("${OrganiserTokensSecret}",)},
            only=frozenset({"get_secret_value", "put_secret_value"}),
        ),
        Use(
            "application/wiring.py",
            {"secretsmanager": ("${PseudonymKeySecret}", "${TurnstileSecret}")},
            only=frozenset({"get_secret_value"}),
        ),
        Use(
            "adapters/social/account_store.py",
            {"dynamodb": (SOCIAL_TABLE,), "secretsmanager": (ACCOUNT_SECRET,)},
            only=frozenset({"query", "put_item", "create_secret", "put_secret_value"}),
        ),
        Use(
            "adapters/social/moment_store.py",
            {"dynamodb": (SOCIAL_TABLE,)},
            only=frozenset({"query", "put_item", "batch_write_item", "update_item"}),
        ),
        Use(
            "adapters/social/scheduler.py",
            {"scheduler": (SCHEDULE,)},
            only=frozenset({"create_schedule", "delete_schedule"}),
        ),
    ),
    "RetryFunction": (
        Use(
            "adapters/action_store.py",
            {"dynamodb": ("${ActionsTable.Arn}", "${ActionsTable.Arn}/index/by_retry")},
            only=frozenset({"get_item", "update_item", "query"}),
        ),
        Use(
            "adapters/metrics_store.py",
            {"dynamodb": ("${MetricsTable.Arn}",)},
            only=frozenset({"batch_get_item", "transact_write_items"}),
        ),
        Use("adapters/ses_mailer.py", {"ses": (SENDER, CONFIGURATION_SET)}),
        Use("adapters/letter_pacer.py", {"dynamodb": ("${CacheTable.Arn}",)}),
        Use(
            "adapters/suppression_store.py",
            {"dynamodb": ("${ActionsTable.Arn}",)},
            only=frozenset({"get_item"}),
        ),
    ),
    "MailEventsFunction": (
        Use(
            "adapters/action_store.py",
            {"dynamodb": ("${ActionsTable.Arn}",)},
            only=frozenset({"get_item"}),
        ),
        Use(
            "adapters/metrics_store.py",
            {"dynamodb": ("${MetricsTable.Arn}",)},
            only=frozenset({"transact_write_items"}),
        ),
        Use("adapters/suppression_store.py", {"dynamodb": ("${ActionsTable.Arn}",)}),
        Use(
            "application/wiring.py",
            {"secretsmanager": ("${PseudonymKeySecret}",)},
            only=frozenset({"get_secret_value"}),
        ),
    ),
    "PublishFunction": (
        Use(
            "adapters/social/account_store.py",
            {"secretsmanager": (ACCOUNT_SECRET,)},
            only=frozenset({"get_secret_value"}),
        ),
        Use(
            "adapters/social/moment_store.py",
            {"dynamodb": (SOCIAL_TABLE,)},
            only=frozenset({"query", "transact_write_items", "update_item"}),
        ),
        Use("adapters/social/recording.py", {"dynamodb": (SOCIAL_TABLE,)}),
        Use("adapters/social/scheduler.py", {"scheduler": (SCHEDULE,)}, only=frozenset({"create_schedule"})),
    ),
}


@cache
def operations() -> dict[str, str]:
    """boto3 method name → ``prefix:Action``, for the services the code calls."""
    found: dict[str, str] = {}
    for service, prefix in SERVICES.items():
        client = boto3.client(service, region_name="eu-west-2")
        for method, api in client.meta.method_to_api_mapping.items():
            found[method] = f"{prefix}:{api}"
    return found


# Calls made through our own helpers, which make them for their callers: a secret read through
# adapters/secrets.py (powertools' SecretsProvider calls GetSecretValue), a transaction sent
# through adapters/dynamo_retries.py, a query paged through by adapters/dynamo_items.py. The
# caller names what is read or holds the transaction's items, so the caller is checked as if it
# made the call itself, and the helper is not.
THROUGH = {
    "secret_string": "get_secret_value",
    "transact_write": "transact_write_items",
    "query_all": "query",
}
HELPERS = {"adapters/secrets.py", "adapters/dynamo_retries.py", "adapters/dynamo_items.py"}


def calls_in(module: str) -> set[str]:
    source = (PACKAGE / module).read_text(encoding="utf-8")
    names = set(re.findall(r"\.(\w+)\(", source))
    names |= {THROUGH[name] for name in re.findall(r"\b(\w+)\(", source) if name in THROUGH}
    return {name for name in names if name in operations()}


def iam_actions(module: str, call: str) -> set[str]:
    if call == "transact_write_items":
        source = (PACKAGE / module).read_text(encoding="utf-8")
        return {TRANSACT_ITEMS[kind] for kind in re.findall(r'"(\w+)": \{', source) if kind in TRANSACT_ITEMS}
    action = operations()[call]
    return {action} | ALSO_AUTHORISED_AS.get(action, set())


def needed(function: str) -> Iterator[tuple[str, str]]:
    """Every (IAM action, resource) the function's code needs."""
    for use in USES[function]:
        calls = calls_in(use.module)
        if use.only is not None:
            assert use.only <= calls, f"{use.module} no longer calls {sorted(use.only - calls)}"
            calls = set(use.only)
        for call in calls:
            for action in iam_actions(use.module, call):
                prefix = action.split(":")[0]
                assert prefix in use.resources, f"{use.module} calls {call}: declare its {prefix} resource"
                for resource in use.resources[prefix]:
                    if "/index/" in resource and action != "dynamodb:Query":
                        continue  # indexes are only ever queried
                    yield action, resource
                if action in IMPLIES:
                    yield IMPLIES[action]


def as_sub(value: Any) -> list[str]:
    """A policy resource in ``!Sub`` syntax (``!GetAtt X.Arn`` → ``${X.Arn}``), both sides of an ``!If``."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in as_sub(item)]
    if "Ref" in value:
        return [f"${{{value['Ref']}}}"]
    if "Fn::GetAtt" in value:
        return ["${" + ".".join(value["Fn::GetAtt"]) + "}"]
    if "Fn::Sub" in value:
        return [value["Fn::Sub"]]
    if "Fn::If" in value:
        return as_sub(value["Fn::If"][1]) + as_sub(value["Fn::If"][2])
    raise NotImplementedError(f"no reading of {value!r} yet")


def statements(function: str) -> list[dict[str, Any]]:
    policies = TEMPLATE["Resources"][function]["Properties"].get("Policies", [])
    return [statement for policy in policies for statement in policy.get("Statement", [])]


def every_statement() -> Iterator[dict[str, Any]]:
    for function in USES:
        yield from statements(function)
    for role in (r for r in TEMPLATE["Resources"].values() if r["Type"] == "AWS::IAM::Role"):
        for policy in role["Properties"].get("Policies", []):
            yield from policy["PolicyDocument"]["Statement"]


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def granted(function: str, action: str, resource: str) -> bool:
    return any(
        action in listed(statement["Action"])
        and any(fnmatch.fnmatchcase(resource, pattern) for pattern in as_sub(statement["Resource"]))
        for statement in statements(function)
        if statement.get("Effect") == "Allow"
    )


def test_every_function_that_builds_a_client_has_declared_uses() -> None:
    functions = {n for n, r in TEMPLATE["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}
    assert functions == set(USES)


def test_every_module_that_calls_aws_is_declared_for_some_function() -> None:
    declared = {use.module for uses in USES.values() for use in uses}
    calling = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "local" not in path.parts and path.name != "cli.py" and "_cli" not in path.name
        if calls_in(str(path.relative_to(PACKAGE)))
    }
    assert calling - declared - HELPERS == set()


@pytest.mark.parametrize("function", sorted(USES))
def test_every_call_the_code_makes_is_granted_to_the_function(function: str) -> None:
    missing = sorted({(a, r) for a, r in needed(function) if not granted(function, a, r)})
    assert missing == []


def test_no_statement_grants_every_action_or_every_resource() -> None:
    for statement in every_statement():
        assert not any("*" in action for action in listed(statement["Action"])), statement
        for resource in as_sub(statement["Resource"]):
            # A wildcard is only allowed after a name this stack owns (e.g. its secrets' prefix).
            assert resource != "*", statement
            assert "*" not in resource or "${" in resource.split("*")[0], statement
