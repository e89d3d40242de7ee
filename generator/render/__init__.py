"""Render stage: the planned pages → Markdown files through Jinja, written to disk."""
