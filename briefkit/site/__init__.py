"""Stage 5: briefings/ -> site/. MkDocs-specific code lives only in hooks.py."""
