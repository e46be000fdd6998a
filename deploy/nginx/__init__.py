"""The nginx edge: templates and their renderer (render.py)."""
