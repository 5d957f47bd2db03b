from .startup import run

raise SystemExit(run())
