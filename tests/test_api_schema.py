"""The OpenAPI 3 schema at /api/schema/ is valid, describes every registered endpoint, and the
documentation page at /api/docs/ renders from local assets."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from config.api_urls import router
from liemchinh.core.roles import Role

pytestmark = pytest.mark.django_db

# The core app's endpoints, documented in liemchinh/core/api/.
CORE_ENDPOINTS = {
    "/api/v1/organizations/": {"get", "post"},
    "/api/v1/organizations/{id}/": {"get", "put", "patch"},
    "/api/v1/organizations/{id}/close/": {"post"},
    "/api/v1/groups/": {"get"},
    "/api/v1/groups/{id}/": {"get"},
}


@pytest.fixture
def officer_client(client, org_tree, make_user):
    client.force_login(make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"]))
    return client


@pytest.fixture
def schema(officer_client):
    response = officer_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Liêm Chính API"


def test_every_registered_endpoint_is_in_the_schema(schema):
    prefixes = [prefix for prefix, _viewset, _basename in router.registry]
    assert prefixes, "no viewset is registered on the /api/v1/ router"

    paths = set(schema["paths"])
    missing = [p for p in prefixes if not any(path.startswith(f"/api/v1/{p}/") for path in paths)]

    assert missing == []


def test_the_core_endpoints_are_listed_with_their_methods(schema):
    for path, methods in CORE_ENDPOINTS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, sorted(schema["paths"][path]))


def test_the_schema_is_generated_without_warnings(tmp_path):
    """A warning means a view the generator cannot describe (an untyped field or parameter):
    the published schema would then be wrong about it."""
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yaml"))

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.")


def test_every_operation_is_documented_with_an_id_and_responses(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("operationId"), f"{method.upper()} {path} has no operationId"
            assert operation.get("responses"), f"{method.upper()} {path} documents no response"


def test_the_api_requires_authentication_by_default(client):
    response = client.get("/api/v1/")

    assert response.status_code in {401, 403}


def test_the_docs_page_renders_from_local_assets(officer_client):
    response = officer_client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    assert "/static/drf_spectacular_sidecar/" in html  # no CDN: closed networks must work
    assert "cdn.jsdelivr.net" not in html
