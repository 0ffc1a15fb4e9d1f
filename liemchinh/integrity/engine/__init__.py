"""The integrity engine: registries as DuckDB tables (tables.py), entity resolution across them
(resolve.py) and the conflict-of-interest rules as SQL over both (scan.py)."""
