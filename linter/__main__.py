"""`python -m vmss_lint` runs the `vmss-lint` command."""

from .command import main

if __name__ == "__main__":
    main()
