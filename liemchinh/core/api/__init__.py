"""REST API of the core app: organisations, groups, users and roles."""


def register(router) -> None:
    """Add the core viewsets to the /api/v1/ router."""
    from . import accounts, orgs

    orgs.register(router)
    accounts.register(router)
