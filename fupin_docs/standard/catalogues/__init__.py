"""catalogues."""
