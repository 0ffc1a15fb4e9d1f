"""Liêm Chính: anti-corruption work of a provincial inspectorate."""
