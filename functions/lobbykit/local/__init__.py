"""The local stack behind `make run`: embedded AWS, an HTTP front door and sample data."""
