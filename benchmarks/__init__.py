"""``make bench``: lobbykit's performance figures, each as a ratio against a baseline measured in
the same run (see docs/performance.md). Not collected by pytest: it lives outside ``tests/``."""
