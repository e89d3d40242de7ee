"""The MkDocs plugin, the site configuration, links written by templates."""
