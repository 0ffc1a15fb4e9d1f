"""Reads of the integrity app, one module per area, each taking `actor` and scoping what it returns."""
