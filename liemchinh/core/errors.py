"""Domain errors carry a Vietnamese message and where the problem is (field, row, file).

They are turned into HTTP responses in one place: core.middleware.DomainErrorMiddleware for pages
and core.api_errors.exception_handler for the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RowError:
    """One problem in an imported file: which row (1-based, header is row 1), which field, what."""

    row: int | None
    field: str | None
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.field:
            where.append(f"cột “{self.field}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "field": self.field, "message": self.message}


class DomainError(Exception):
    """A request that breaks a rule of the domain. Nothing was written."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_dict(self) -> dict:
        return {"detail": self.message, "field": self.field, "code": self.code}


class NotFoundError(DomainError):
    status_code = 404

    def __init__(self, message: str = "Không tìm thấy.", **kwargs) -> None:
        super().__init__(message, code="not_found", **kwargs)


class ImportFailed(DomainError):
    """An import that found bad rows: every problem is listed and nothing was imported."""

    def __init__(self, errors: list[RowError], *, file: str | None = None) -> None:
        self.errors = errors
        count = len(errors)
        where = f"Tệp {file}: " if file else ""
        super().__init__(f"{where}có {count} lỗi, không dữ liệu nào được nhập.", code="import_failed")

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["errors"] = [error.as_dict() for error in self.errors]
        return data


@dataclass
class ValidationCollector:
    """Collects row errors while validating a whole file, then raises them together."""

    file: str | None = None
    errors: list[RowError] = field(default_factory=list)

    def add(self, row: int | None, field_name: str | None, message: str) -> None:
        self.errors.append(RowError(row=row, field=field_name, message=message, file=self.file))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors, file=self.file)
