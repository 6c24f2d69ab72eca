"""The library's e-mail: an outbox in the database, delivered after the commit.

A service that causes a mail calls `compose.queue(...)` inside its own unit of
work: the message is rendered from `templates/mail/<name>.txt` and `.html` and
written to the `outbox` table in the same transaction as the change, so the mail
exists exactly when the change does. After the commit, `delivery` sends the new
messages through the configured transport (SMTP, or a folder of `.eml` files in
development); a message that could not be sent stays in the outbox, and
`flask mail send` tries again.
"""
