"""The live preview: MkDocs' reloading server and what an editor sees in it."""
