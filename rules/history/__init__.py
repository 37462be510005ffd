"""Change-aware rules: properties Azure will not change after creation, compared with the previous version.

They run only when the engine has a previous version of the file (`--previous`, `--diff-base`); without one
they say nothing.
"""
