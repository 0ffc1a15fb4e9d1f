from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from liemchinh.core.errors import DomainError


def exception_handler(exc, context):
    """DRF's handler, plus DomainError → JSON with the message, field and row errors."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    return drf_exception_handler(exc, context)
