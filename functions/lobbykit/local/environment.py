"""The process environment, put back as it was when the local stack stops.

The local stack sets what Lambda would (the functions' variables, fake AWS credentials); a test
that starts one in-process must not leave those behind for the next test.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def restored_afterwards() -> Iterator[None]:
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
