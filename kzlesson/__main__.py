"""Allow ``python -m kzlesson``."""

from .cli import main

raise SystemExit(main())
