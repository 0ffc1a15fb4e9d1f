"""Reading a Vietnamese official document (plan, decision, official letter …) into the fields of
the document-extraction contract: number, type, issuer, date, subject, signer, legal bases, tasks
and recipients.

The pipeline is a chain of small pure functions over text (normalise → segment → header →
legal bases → tasks → recipients); it knows the general conventions of Vietnamese administrative
writing (Nghị định 30/2020/NĐ-CP) and nothing about particular provinces or documents.
File formats are read by `readers.read_text`; names are resolved through an optional callable."""

from liemchinh.documents.extraction.errors import ExtractionError
from liemchinh.documents.extraction.pipeline import extract_file, extract_text

__all__ = ["ExtractionError", "extract_file", "extract_text"]
