"""Quizzes: a checked question bank, pure checking, widgets, saved progress and hand-ins.

- :mod:`.core`: question dataclasses and ``check(question, response) -> Feedback`` (no widgets);
- :mod:`.parsing`: forgiving readers for typed numbers and short answers;
- :mod:`.codec`: answers kept out of plain sight (``enc:v1:``; obscuring, not security);
- :mod:`.bank`: load ``data/quizzes/*.yaml``, check them against ``schema.json``, decode answers;
- :mod:`.datacheck`: check that answers agree with the curated data tables;
- :mod:`.maintain`: the maintainer's command line (``python -m kzlesson.quizzes.maintain check``);
- :mod:`.view`: ``quiz(key)`` and ``ask(question_id)`` widgets (imports ipywidgets);
- :mod:`.progress`: the JSON progress file and ``progress_table()``;
- :mod:`.export`: ``export_answers(path, name)``, the student's hand-in file;
- :mod:`.answerkey`: ``render_answer_key(fmt, notebook)``, the teacher's key;
- :mod:`.textfmt`: escaping helpers for Markdown and HTML.

This package imports nothing on its own, so ``import kzlesson`` stays light.
"""
