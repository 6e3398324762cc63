"""Importers: other formats -> article files in our content format (no Qt)."""
