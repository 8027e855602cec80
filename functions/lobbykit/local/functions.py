"""The template's functions, run in this process as Lambda would run them.

Each function is found by its local ARN (``cloudformation.arn``), its ``Handler`` imported as
``module.function`` (``CodeUri: functions/`` is the installed package) and called with a Lambda
context. Like a function with one warm container, each runs one invocation at a time: powertools'
resolver keeps the current event on the app, so two requests must never share it at once.
Functions share this one process, and so one environment: ``environment`` merges theirs.
"""

import importlib
import threading
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

from lobbykit.local import cloudformation
from lobbykit.local.lambda_context import LocalLambdaContext

logger = Logger(service="lobbykit", child=True)

Handler = Callable[[Any, Any], Any]
DEFAULT_TIMEOUT = 3  # seconds, as in AWS when the template says nothing
# What a function's powertools decorator leaves on the log formatter every module shares here
# (in AWS each function has its own process).
FUNCTION_CONTEXT_KEYS = (
    "cold_start",
    "function_name",
    "function_memory_size",
    "function_arn",
    "function_request_id",
    "correlation_id",
    "xray_trace_id",
)


class UnknownFunction(LookupError):
    """An ARN that names none of the template's functions."""


def outside_functions(**fields: Any) -> dict[str, Any]:
    """Log ``extra`` for the local stack's own lines (front door, scheduler): the last invoked
    function's context keys set to None, which powertools leaves out, so they are not misread
    as that function's lines."""
    return dict.fromkeys(FUNCTION_CONTEXT_KEYS) | fields


def import_handler(handler: str) -> Handler:
    """``lobbykit.handlers.api.lambda_handler`` → that function, imported on first use."""
    module, _, name = handler.rpartition(".")
    found: Handler = getattr(importlib.import_module(module), name)
    return found


class LocalFunctions:
    def __init__(
        self,
        template: Mapping[str, Any],
        physical_names: Mapping[str, str],
        load: Callable[[str], Handler] = import_handler,
    ) -> None:
        self._template = template
        self._names = physical_names
        self._load = load
        self._functions = cloudformation.resources_of_type(template, "AWS::Serverless::Function")
        self._by_arn = {self.arn(logical_id): logical_id for logical_id in self._functions}
        self._locks = {logical_id: threading.Lock() for logical_id in self._functions}
        self._handlers: dict[str, Handler] = {}

    def arn(self, logical_id: str) -> str:
        return cloudformation.arn(self._template, logical_id, self._names)

    def logical_id_for(self, arn: str) -> str:
        """The logical id of the function an ARN names; ``UnknownFunction`` if none."""
        try:
            return self._by_arn[arn]
        except KeyError:
            raise UnknownFunction(f"No function of the template has the ARN {arn}") from None

    def handler_for(self, arn: str) -> Handler:
        """The handler behind an ARN, imported once (a warm container keeps its imports)."""
        logical_id = self.logical_id_for(arn)
        if logical_id not in self._handlers:
            self._handlers[logical_id] = self._load(self._property(logical_id, "Handler"))
        return self._handlers[logical_id]

    def invoke(self, arn: str, event: Any) -> Any:
        """Call the function as Lambda would: its handler, a context, one invocation at a time."""
        logical_id = self.logical_id_for(arn)
        handler = self.handler_for(arn)
        context = LocalLambdaContext(
            function_name=self._names[logical_id],
            invoked_function_arn=arn,
            timeout_seconds=float(self._property(logical_id, "Timeout", DEFAULT_TIMEOUT)),
            memory_limit_in_mb=int(self._property(logical_id, "MemorySize", 128)),
        )
        with self._locks[logical_id]:
            return handler(event, context)

    def environment(self) -> dict[str, str]:
        """Every function's environment from the template, merged for one shared process.

        A variable two functions set differently cannot hold both values here: the first
        function's (in template order, so the API function's) is kept and a warning names it.
        """
        merged: dict[str, str] = {}
        owner: dict[str, str] = {}
        for logical_id in self._functions:
            own = cloudformation.function_environment(self._template, logical_id, self._names)
            for name, value in own.items():
                if name not in merged:
                    merged[name], owner[name] = value, logical_id
                elif merged[name] != value:
                    logger.warning(
                        "functions disagree on an environment variable; the local stack keeps the first",
                        extra={"variable": name, "kept": owner[name], "ignored": logical_id},
                    )
        return merged

    def _property(self, logical_id: str, name: str, default: Any = None) -> Any:
        """A function's property, else the template's Globals, else ``default``."""
        properties = self._functions[logical_id].get("Properties", {})
        globals_ = self._template.get("Globals", {}).get("Function", {})
        return properties.get(name, globals_.get(name, default))
