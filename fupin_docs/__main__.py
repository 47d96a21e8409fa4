"""`python -m fupin_docs`: the same commands as `fupin-docs`."""

from .cli import main

if __name__ == "__main__":
    main()
