"""The bundled sample help center and the local server that serves it (demo and tests)."""
