"""URLs of the petitions app, namespace "petitions": the public pages and, when present, the
staff pages."""

from __future__ import annotations

import importlib.util

from liemchinh.petitions import public_urls

app_name = "petitions"

urlpatterns = [*public_urls.urlpatterns]
if importlib.util.find_spec("liemchinh.petitions.staff_urls") is not None:
    from liemchinh.petitions import staff_urls

    urlpatterns += staff_urls.urlpatterns
