"""Pages of the integrity app, one module per area (alerts, scans, ...)."""
