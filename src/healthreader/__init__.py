"""Health Reader: an offline reader of patient-education articles."""

__version__ = "0.1.0"
