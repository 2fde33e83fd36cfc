"""``python -m scanner``: the same entry point as the ``scanner`` console script."""

from scanner.cli import main

if __name__ == "__main__":
    main()
