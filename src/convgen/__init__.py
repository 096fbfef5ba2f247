"""convgen: French multi-party public conventions from YAML, checked and rendered to Word."""

__version__ = "0.1.0"
