"""AWS access, each behind a small interface with an in-memory twin for tests and replay."""
