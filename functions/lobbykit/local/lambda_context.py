"""The context object Lambda hands a function, for functions the local stack runs itself.

Powertools' ``inject_lambda_context`` reads these attributes, and a handler that watches its
deadline asks ``get_remaining_time_in_millis``; both behave as in AWS.
"""

import time
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LocalLambdaContext:
    function_name: str
    invoked_function_arn: str
    timeout_seconds: float = 3.0
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    _deadline: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_deadline", time.monotonic() + self.timeout_seconds)

    @property
    def function_version(self) -> str:
        return "$LATEST"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))
