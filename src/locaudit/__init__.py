"""locaudit: measure the localization gap of a help site from the outside."""

__version__ = "0.1.0"
