"""fupin-docs: documents of poverty-alleviation information disclosure (扶贫领域政务公开)."""

__version__ = "0.1.0"
