"""Medians over interleaved repetitions: a noisy machine slows both sides of a ratio alike."""

import statistics
import time
from collections.abc import Callable


def interleaved_medians(subjects: dict[str, Callable[[], float]], repetitions: int) -> dict[str, float]:
    """Run each subject once per round, in turn, and return each one's median measurement."""
    samples: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(repetitions):
        for name, measure in subjects.items():
            samples[name].append(measure())
    return {name: statistics.median(values) for name, values in samples.items()}


def per_call(action: Callable[[], object], calls: int) -> Callable[[], float]:
    """A measurement: seconds per call of ``action``, over ``calls`` calls."""

    def measure() -> float:
        start = time.perf_counter()
        for _ in range(calls):
            action()
        return (time.perf_counter() - start) / calls

    return measure


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
