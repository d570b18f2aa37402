"""Coding exercises: files (YAML + schema), the expected answer from the data, marking, and the
prompt and feedback a notebook shows (``kz.exercise``)."""
