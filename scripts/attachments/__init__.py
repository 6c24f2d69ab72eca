"""The attachment sources of scripts/build_attachments.py: source.py reads them; the
library's printing package lays them out."""
