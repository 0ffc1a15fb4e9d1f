"""Reading and checking the registry files of the integrity contract; the write is
services.importing.registry_import."""

from liemchinh.integrity.importing.readers import REGISTRY_FILES, Source, read_sources, sources_from_path

__all__ = ["REGISTRY_FILES", "Source", "read_sources", "sources_from_path"]
