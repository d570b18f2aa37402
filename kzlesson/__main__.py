"""Allow ``python -m kzlesson``."""

from .teacher.cli import main

raise SystemExit(main())
