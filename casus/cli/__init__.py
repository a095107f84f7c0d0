"""The casus command line: thin commands over the package API."""
