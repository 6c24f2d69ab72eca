"""The attachment generator of scripts/build_attachments.py: source.py reads, layout.py prints."""
