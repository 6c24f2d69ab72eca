"""A4 PDFs with fpdf2: the blocks a printed text is made of and the sheet that lays them out.

Shared by the attachment builder (scripts/build_attachments.py, worksheets from Markdown
sources) and the lesson PDF (library/downloads/pdf.py), so both print alike.
"""
