"""Social networks (X, Bluesky, Mastodon, recording) and the records and schedules of moments."""
