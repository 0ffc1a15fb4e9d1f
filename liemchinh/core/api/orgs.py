def register(router) -> None:
    """Filled in by the orgs API."""
