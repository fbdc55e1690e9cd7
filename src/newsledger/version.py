"""The package version: one home, read by the package, the knowledge cache and setuptools."""

__version__ = "0.1.0"
