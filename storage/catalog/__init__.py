"""The SQL catalogue: models, engine and migrations, counters, lookups."""
