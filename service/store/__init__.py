"""Storage: SQLModel tables, the engine and session helpers, migrations."""
