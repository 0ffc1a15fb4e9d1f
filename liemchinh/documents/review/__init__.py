"""Importing an official document through the reader: upload, review beside the source, confirm."""
