"""Writing a mail: render its Dutch text and HTML from templates, add it to the outbox.

`templates/mail/<template>.txt` is the plain text; it sets the subject with
`{% set subject = "..." %}`. `templates/mail/<template>.html` is the same message in
simple HTML (it extends `mail/base.html`). Links in mails are absolute: made with
`absolute_url`, from the request's host or `LIBRARY_SERVER_NAME`.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

from library.db import db
from library.mail.models import OutboxMessage

MAX_SUBJECT_LENGTH = 200


class NoServerName(RuntimeError):
    """A link is needed outside a request and no LIBRARY_SERVER_NAME says the host."""


def absolute_url(endpoint: str, **values) -> str:
    """The full URL of a page, for a mail that is read outside the site."""
    if not has_request_context() and not current_app.config.get("SERVER_NAME"):
        raise NoServerName(
            "Zet LIBRARY_SERVER_NAME (bijvoorbeeld techniekbieb.nl): "
            "zonder kan een mail buiten een verzoek om geen links maken."
        )
    return url_for(endpoint, _external=True, **values)


def queue(recipient: str, template: str, **context) -> OutboxMessage:
    """Render mail `template` for the recipient and add it to the session's outbox.

    The caller's unit of work commits; the mail is sent after that commit.
    """
    env = current_app.jinja_env
    context = {"site_name": "Techniekbieb", **context}
    text_template = env.get_template(f"mail/{template}.txt")
    module = text_template.make_module(context)
    subject = " ".join(str(getattr(module, "subject", "")).split())[:MAX_SUBJECT_LENGTH]
    if not subject:
        raise ValueError(f"mail/{template}.txt sets no subject")
    message = OutboxMessage(
        kind=template,
        recipient=recipient,
        subject=subject,
        text=str(module).strip() + "\n",
        html=env.get_template(f"mail/{template}.html").render(subject=subject, **context),
    )
    db.session.add(message)
    return message
