"""The write-ahead transaction journal: SQLite via sqlite-utils, append-only events plus current state."""
