"""Content layer: articles, their loading, validation and rendering (no Qt)."""
