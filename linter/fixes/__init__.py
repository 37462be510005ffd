"""Autofixes: a rule declares what to change on the evaluated model (`intents`); `plan` finds where that
value was written (the model's provenance), and `edits` turns the plan into minimal text edits of the
source the user wrote. `apply` writes them (`--fix`) or shows them (`--diff`).

This package imports nothing heavy at import time: `registry` imports `intents` for every run.
"""
