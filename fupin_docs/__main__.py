"""`python -m fupin_docs`: the same commands as `fupin-docs`."""

from .app.entry import main

if __name__ == "__main__":
    main()
