"""Taking a lesson along: the ZIP download (lesson file, printable HTML, attachments,
attribution) and the print view."""
