"""DuckDB incident store: schema, ingest, queries, export. Imports extract/ only."""
