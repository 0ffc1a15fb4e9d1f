def register(router) -> None:
    """Filled in by the accounts API."""
