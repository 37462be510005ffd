"""Data files (JSON Schemas and derived Azure facts) shipped with vmss-lint."""


def read_text(name: str) -> str:
    """A data file of this package. Read from disk directly: importlib.resources costs a tenth of a one-file
    run's start-up, so it is used only when the package is not on disk (installed in a zip)."""
    from pathlib import Path

    path = Path(__file__).with_name(name)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    from importlib import resources

    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
