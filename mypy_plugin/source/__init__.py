"""Reading source files: the ``ast`` re-parse, port collection, reaching definitions."""
