"""Forms of the integrity pages, one module per area."""
