"""The spaCy pipeline, loaded once per process, with the project's components."""

from newsledger.nlp.pipeline import DEFAULT_MODEL, load_pipeline, parse

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse"]
