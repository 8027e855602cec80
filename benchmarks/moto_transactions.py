"""moto's DynamoDB transactions without their rollback copies, for a benchmark of thousands.

moto's ``transact_write_items`` deep-copies every table a transaction touches before writing,
to restore it if the transaction is cancelled: with thousands of actions in the table, each
transaction copies them all, and a burst of them is quadratic (hours, not minutes). Here the
tables are not copied, so a cancelled transaction would keep the writes made before the
cancelling item: a benchmark using this must check that no transaction failed
(``benchmarks.writes.Writes.failures``). Nothing else in moto changes.
"""

import copy
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock


@contextmanager
def without_rollback_copies() -> Iterator[None]:
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    with mock.patch.object(models, "copy", types.SimpleNamespace(deepcopy=deepcopy, copy=copy.copy)):
        yield
