# Partial stubs for ``nemo.core``.
