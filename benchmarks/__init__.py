"""``make bench``: lobbykit's performance figures, each as a ratio against a baseline measured in
the same run (see README.md, "Performance"). Not collected by pytest: it lives outside ``tests/``."""
