"""The `passerelles` commands, one module each: `register(subparsers)` and `run(args)`."""
