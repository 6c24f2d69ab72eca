"""Techniekbieb: the shared lesson library of Dutch technology education."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from library.config import PROJECT_ROOT, load_config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints and CLI commands. Nothing else."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from library import db, errors, security, techlabs, templating
    from library.accounts import bp as accounts_bp
    from library.accounts import login
    from library.accounts.cli import user_cli
    from library.api import bp as api_bp
    from library.authoring import bp as authoring_bp
    from library.authoring.cli import review_cli, uploads_cli
    from library.careers.views import bp as careers_bp
    from library.catalogue.views import bp as lessons_bp
    from library.collections.views import bp as collections_bp
    from library.downloads.views import bp as downloads_bp
    from library.exchange.cli import harvest_command
    from library.exchange.views import bp as exchange_bp
    from library.experiences.models import Experience
    from library.experiences.queries import ratings_by_slug
    from library.experiences.views import bp as experiences_bp
    from library.feeds.views import bp as feeds_bp
    from library.forks.views import bp as forks_bp
    from library.history.views import bp as history_bp
    from library.lessons.cli import content_cli
    from library.lines.views import bp as lines_bp
    from library.mail import delivery as mail_delivery
    from library.mail.cli import mail_cli
    from library.overview.views import bp as overview_bp
    from library.personal_data import bp as personal_data_bp
    from library.plans.views import bp as plans_bp
    from library.search import sync as search_sync
    from library.search.cli import index_cli
    from library.search.views import bp as search_bp
    from library.techlabs.views import bp as techlabs_bp

    db.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    login.init_app(app)
    search_sync.init_app(
        app, ratings=ratings_by_slug, watched={Experience: lambda row: row.lesson_id}
    )
    mail_delivery.init_app(app)
    techlabs.init_app(app)
    app.register_blueprint(lessons_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(personal_data_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(careers_bp)
    app.register_blueprint(downloads_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(forks_bp)
    app.register_blueprint(overview_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(collections_bp)
    app.register_blueprint(experiences_bp)
    app.register_blueprint(lines_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(techlabs_bp)
    app.register_blueprint(exchange_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.cli.add_command(content_cli)
    app.cli.add_command(harvest_command)
    app.cli.add_command(index_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(review_cli)
    app.cli.add_command(uploads_cli)

    # Models must be imported for Alembic's autogenerate and for relationship strings.
    from library import locks as _locks  # noqa: F401
    from library.accounts import models as _account_models  # noqa: F401
    from library.authoring import models as _authoring_models  # noqa: F401
    from library.collections import models as _collection_models  # noqa: F401
    from library.experiences import models as _experience_models  # noqa: F401
    from library.lessons import models as _lesson_models  # noqa: F401
    from library.lines import models as _line_models  # noqa: F401
    from library.mail import models as _mail_models  # noqa: F401
    from library.search import models as _search_models  # noqa: F401
    from library.search.postgres import models as _postgres_search_models  # noqa: F401
    from library.techlabs import models as _techlab_models  # noqa: F401
    from library.vocab import models as _vocab_models  # noqa: F401

    return app
