"""The marking page: a Jupyter server extension for instructors' labs.

`deploy/instructor/jupyter_server_config.json` enables it (and the students'
configuration disables it by name), so it runs beside nbgrader's formgrader in
`make formgrader`, on the same address and login, at /crossing-borders/marking/.
The course is the server's root_dir: the instructor lab is opened on the course
folder, where nbgrader_config.py is.

The handlers are thin: they authenticate (`tornado.web.authenticated`, XSRF as
jupyter_server checks it: the page's script sends the `_xsrf` cookie back in
X-XSRFToken), call `service`, and render with `page`. The grader is never taken
from the request: it is the hub user where JupyterHub runs each grader's server,
otherwise `MarkingSettings.grader_name()`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import IdentityProvider, PasswordIdentityProvider
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from crossing_borders.marking import page, service
from crossing_borders.marking.order import MarkingSettings
from crossing_borders.marking.regrades import RegradeError
from crossing_borders.marking.store import MarkingError

PREFIX = "crossing-borders/marking"
STATIC = Path(__file__).with_name("static")
#: Only the page's own script, stylesheet and requests; embedded (data:) images of
#: an answer may show. A student's markup is sanitised before it gets here; this
#: is the second lock on the door.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'"
)


def grader_for(settings: MarkingSettings, provider: IdentityProvider, username: str) -> str:
    """Who saves: the server's own user where an outside login (a hub) names one.

    jupyter_server's own providers (a token or a password) know no names: their
    users are anonymous, so the configured or the operating system's user grades.
    """
    if type(provider) in (IdentityProvider, PasswordIdentityProvider) or not username:
        return settings.grader_name()
    return username


class MarkingHandler(JupyterHandler):
    """What every marking handler shares: the course desk, the grader, the addresses."""

    @property
    def content_security_policy(self) -> str:
        return f"{super().content_security_policy}; {PAGE_POLICY}"

    @property
    def desk(self) -> service.Desk:
        return self.settings["crossing_borders_desk"]

    @property
    def grader(self) -> str:
        user = self.current_user
        return grader_for(self.desk.settings, self.identity_provider, getattr(user, "username", ""))

    @property
    def marking_base(self) -> str:
        return url_path_join(self.base_url, PREFIX) + "/"

    @property
    def static(self) -> str:
        return url_path_join(self.base_url, PREFIX, "static") + "/"

    def page(self, html: str, status: int = 200) -> None:
        self.xsrf_token  # noqa: B018  (sets the _xsrf cookie the script sends back)
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(html)

    def not_found(self, text: str) -> None:
        title = "Nothing to mark here"
        self.page(page.message_page(self.static, title, text, self.marking_base), status=404)


class IndexHandler(MarkingHandler):
    @web.authenticated
    def get(self) -> None:
        self.page(page.index(self.marking_base, self.static, service.overview(self.desk)))


class PromptHandler(MarkingHandler):
    """A reflection's address without a position: resume at the first answer waiting."""

    @web.authenticated
    def get(self, assignment: str, notebook: str, cell: str) -> None:
        try:
            prompt = service.find_prompt(self.desk, assignment, notebook, cell)
        except MarkingError as exc:
            self.not_found(str(exc))
            return
        position = service.first_waiting(self.desk, prompt)
        self.redirect(page.prompt_path(self.marking_base, prompt, position))


class AnswerHandler(MarkingHandler):
    @web.authenticated
    def get(self, assignment: str, notebook: str, cell: str, position: str) -> None:
        try:
            prompt = service.find_prompt(self.desk, assignment, notebook, cell)
            answer = service.answer_at(self.desk, prompt, int(position))
        except MarkingError as exc:
            self.not_found(str(exc))
            return
        save_url = url_path_join(self.base_url, PREFIX, "api", "grades", answer.grade_id)
        self.page(page.answer_page(self.marking_base, self.static, save_url, answer))


class SaveHandler(APIHandler):
    """POST a marking of one answer (by Grade id); 400 with the reason saves nothing."""

    @property
    def desk(self) -> service.Desk:
        return self.settings["crossing_borders_desk"]

    @web.authenticated
    def post(self, grade_id: str) -> None:
        user = self.current_user
        grader = grader_for(self.desk.settings, self.identity_provider, user.username)
        try:
            form = json.loads(self.request.body or b"{}")
            if not isinstance(form, dict):
                raise MarkingError("send the marking as a JSON object")
            saved = service.save(self.desk, grade_id, grader, form)
        except json.JSONDecodeError:
            self.reply(400, {"message": "the marking is not valid JSON"})
            return
        except (MarkingError, RegradeError) as exc:
            self.reply(400, {"message": str(exc)})
            return
        self.reply(
            200,
            {
                "student": saved.key.student,
                "total": saved.total,
                "max_score": saved.max_score,
                "answered": list(saved.answered),
                "grader": grader,
            },
        )

    def reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))


def handlers(base_url: str) -> list[tuple]:
    def at(path: str) -> str:
        return url_path_join(base_url, PREFIX, path)

    part = r"([^/]+)"
    return [
        (url_path_join(base_url, PREFIX) + "/?", IndexHandler),
        (at(r"static/(.*)"), web.StaticFileHandler, {"path": str(STATIC)}),
        (at(rf"api/grades/{part}"), SaveHandler),
        (at(rf"{part}/{part}/{part}/?"), PromptHandler),
        (at(rf"{part}/{part}/{part}/(\d+)"), AnswerHandler),
    ]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "crossing_borders.marking.server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Register the pages for the course in the server's root_dir."""
    desk = service.Desk.load(Path(serverapp.root_dir))
    web_app = serverapp.web_app
    web_app.settings["crossing_borders_desk"] = desk
    web_app.add_handlers(".*$", handlers(web_app.settings["base_url"]))
    serverapp.log.info(
        "Crossing Borders marking page at %s (blind: %s)",
        url_path_join(web_app.settings["base_url"], PREFIX) + "/",
        desk.settings.blind,
    )
