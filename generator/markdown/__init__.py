"""Markdown fields: what editors may write, internal links, HTML for packages."""
