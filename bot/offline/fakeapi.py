"""A Bot API server on loopback that behaves enough like Telegram's for offline sessions and tests.

It answers the methods the digest bot uses (getMe, getUpdates with long polling, sendMessage,
editMessageText, answerCallbackQuery, get/setMyCommands, getChatMember, deleteWebhook, ...),
queues updates typed by a person or a test, can be told to fail (429 with retry_after, 403,
chat migrated, 5xx, slow answers), and watches Telegram's limits: 30 messages/s overall, 1/s per
chat, 20/min per group. `time_scale` shrinks every time window (2.0: limits twice as fast) so
benchmarks need not run for minutes.

It refuses what Telegram refuses, with Telegram's error codes: HTML that Telegram cannot parse
(`telegram_html`), empty and over-long texts, button data over 64 bytes, edits of unknown or
unchanged messages, and callback queries answered twice. Every refusal is also kept in `refused`,
so a test can assert that nothing was refused.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
import urllib.parse
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.offline.telegram_html import EntityError, check_message

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "Bản tin địa phương", "username": "bantin_diaphuong_bot"}
_JSON_FIELDS = {"reply_markup", "link_preview_options", "entities", "commands", "allowed_updates", "scope"}
_INT_FIELDS = {"chat_id", "user_id", "message_id", "offset", "limit", "timeout"}


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the bot sent or edited."""

    method: str
    chat_id: int
    text: str
    message_id: int
    reply_markup: dict[str, Any] | None
    at: float  # time.monotonic()


@dataclass
class Limits:
    """Telegram's flood limits, checked on every message the bot sends."""

    time_scale: float = 1.0
    enforce: bool = True  # answer a violation with 429, as Telegram does
    violations: list[str] = field(default_factory=list)
    rejected: int = 0  # 429s answered
    _all: deque[float] = field(default_factory=deque)
    _per_chat: dict[int, float] = field(default_factory=dict)
    _groups: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def check(self, chat_id: int, now: float) -> str | None:
        """The broken limit, if sending now to this chat breaks one (and then it is not counted)."""
        second, minute = 1.0 / self.time_scale, 60.0 / self.time_scale
        while self._all and now - self._all[0] >= second:
            self._all.popleft()
        group = self._groups[chat_id]
        while group and now - group[0] >= minute:
            group.popleft()
        broken = None
        if len(self._all) >= 30:
            broken = "more than 30 messages in one second"
        elif chat_id in self._per_chat and now - self._per_chat[chat_id] < second * 0.9:
            broken = f"two messages to chat {chat_id} within {now - self._per_chat[chat_id]:.3f} s"
        elif chat_id < 0 and len(group) >= 20:
            broken = f"more than 20 messages in one minute to group {chat_id}"
        if broken is not None:
            self.violations.append(broken)
            return broken
        self._all.append(now)
        self._per_chat[chat_id] = now
        if chat_id < 0:
            group.append(now)
        return None


class FakeBotAPI:
    """The server's state; `start()` serves it in a background thread."""

    def __init__(self, time_scale: float = 1.0, *, enforce_limits: bool = True, token: str | None = None) -> None:
        self.token = token  # when set, any other token is refused with 401, as Telegram does
        self.limits = Limits(time_scale=time_scale, enforce=enforce_limits)
        self.sent: list[Sent] = []
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.commands: list[dict[str, str]] = []
        self.admins: dict[int, set[int]] = defaultdict(set)  # chat id -> administrator user ids
        self.faults: dict[int, deque[dict[str, Any]]] = defaultdict(deque)  # chat id -> answers to give
        self.on_sent: Callable[[Sent], None] | None = None
        self.refused: list[tuple[str, str]] = []  # (method, Telegram's description) of every 400 answered
        self.on_refused: Callable[[int, str], None] | None = None  # (chat id, description), as it happens
        self._messages: dict[tuple[int, int], tuple[str, Any]] = {}  # the bot's messages: text and markup
        self._open_queries: set[str] = set()  # callback queries not answered yet
        self.answers: list[dict[str, Any]] = []  # answerCallbackQuery calls accepted, with their alert texts
        self._updates: list[dict[str, Any]] = []
        self._next_update = itertools.count(1)
        self._next_message = itertools.count(1)
        self._lock = threading.Condition()
        self._last_update_at = 0.0
        self._handed_out = 0  # the highest update id given to getUpdates
        self._server: ThreadingHTTPServer | None = None
        self.cpu_seconds = 0.0  # spent answering, so that a benchmark in the same process can tell the bot's own

    # -- running

    def start(self) -> str:
        """Serve on a free loopback port; the base URL to give `ApplicationBuilder().base_url()`."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as PTB's connection pool expects

            def handle_one_request(self) -> None:
                started = time.thread_time()  # reading, parsing and answering the request, all of it
                try:
                    super().handle_one_request()
                finally:
                    with api._lock:
                        api.cpu_seconds += time.thread_time() - started

            def do_POST(self) -> None:
                api._handle(self)

            def do_GET(self) -> None:
                api._handle(self)

            def log_message(self, format: str, *args: object) -> None:  # the stdlib's signature
                return

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True, name="fake-bot-api").start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def stop(self) -> None:
        """Stop serving and wake every long poll."""
        with self._lock:
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- what a person or a test does

    def user_message(
        self, chat_id: int, text: str, user_id: int | None = None, chat_type: str = "private", title: str = "Nhóm"
    ) -> None:
        """A message typed in a chat (a command when it starts with "/")."""
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Người dùng"}
        message = self._message(chat_id, text, chat_type, title) | {"from": user}
        self._push({"message": message})

    def channel_post(self, chat_id: int, text: str) -> None:
        """A post in a channel (only its administrators can post)."""
        self._push({"channel_post": self._message(chat_id, text, "channel", "Kênh")})

    def press(self, sent: Sent, data: str, user_id: int | None = None, chat_type: str | None = None) -> None:
        """A press on an inline button of a message the bot sent (by `user_id`, default the chat's user)."""
        chat_type = chat_type or ("private" if sent.chat_id > 0 else "supergroup")
        message = self._message(sent.chat_id, sent.text, chat_type, "Nhóm", sent.message_id, bot=True)
        user = {"id": user_id or sent.chat_id, "is_bot": False, "first_name": "Người dùng"}
        query_id = str(next(self._next_message))
        with self._lock:
            self._open_queries.add(query_id)
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": message,
                    "chat_instance": "1",
                    "data": data,
                }
            }
        )

    def fail(self, chat_id: int, **answer: Any) -> None:
        """Make the next message to a chat fail: retry_after=N, forbidden=True, migrate_to=ID,
        server_error=True, or delay=seconds (a slow but successful answer)."""
        self.faults[chat_id].append(answer)

    def unanswered_presses(self) -> int:
        """Button presses the bot has not answered (a real chat shows them loading until it times out)."""
        with self._lock:
            return len(self._open_queries)

    def pending_updates(self) -> int:
        """Updates the bot has not fetched yet."""
        with self._lock:
            return sum(1 for u in self._updates if u["update_id"] > self._handed_out)

    def messages_to(self, chat_id: int) -> list[Sent]:
        """What the bot sent (or edited) in a chat, in order."""
        return [s for s in self.sent if s.chat_id == chat_id]

    def wait_idle(self, quiet: float = 0.5, limit: float = 30.0) -> None:
        """Block until the bot has sent nothing for `quiet` seconds (or `limit` passed)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            last = self.sent[-1].at if self.sent else 0.0
            if time.monotonic() - max(last, self._last_update_at) >= quiet:
                return
            time.sleep(quiet / 5)

    # -- serving

    def _push(self, update: dict[str, Any]) -> None:
        with self._lock:
            self._updates.append({"update_id": next(self._next_update), **update})
            self._last_update_at = time.monotonic()
            self._lock.notify_all()

    def _message(
        self, chat_id: int, text: str, chat_type: str, title: str, message_id: int | None = None, *, bot: bool = False
    ) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        chat |= {"first_name": "Người dùng"} if chat_type == "private" else {"title": title}
        message: dict[str, Any] = {
            "message_id": message_id or next(self._next_message),
            "date": int(time.time()),
            "chat": chat,
            "text": text,
        }
        if bot:
            message["from"] = BOT_USER
        elif text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split(maxsplit=1)[0])}]
        return message

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urllib.parse.urlsplit(request.path).path
        method = path.rsplit("/", 1)[-1]
        params = _params(request)
        self.requests.append((method, params))
        if self.token is not None and not path.endswith(f"/bot{self.token}/{method}"):
            status, body = _error(401, "Unauthorized")
        else:
            status, body = self._answer(method, params)
        payload = json.dumps(body).encode()
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode("ascii")
        try:
            # One write per answer (headers and body together, TCP_NODELAY set): two small writes on a
            # kept-alive connection would make every round trip wait for a delayed ACK.
            request.wfile.write(head + payload)
            request.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a long poll at shutdown)
            return

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method in ("sendMessage", "editMessageText"):
            return self._send(method, params)
        simple: dict[str, Any] = {
            "getMe": BOT_USER,
            "deleteWebhook": True,
            "setWebhook": True,
            "getMyCommands": self.commands,
            "close": True,
            "logOut": True,
        }
        if method == "setMyCommands":
            self.commands = list(params.get("commands", []))
            return 200, {"ok": True, "result": True}
        if method == "getChatMember":
            return 200, {"ok": True, "result": self._member(params)}
        if method == "answerCallbackQuery":
            return self._answer_query(params)
        if method in simple:
            return 200, {"ok": True, "result": simple[method]}
        return 404, {"ok": False, "error_code": 404, "description": f"Not Found: method {method} not found"}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 5.0)
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            batch = list(self._updates[: int(params.get("limit") or 100)])
            if batch:
                self._handed_out = max(self._handed_out, batch[-1]["update_id"])
            return batch

    def _send(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        fault = self.faults[chat_id].popleft() if self.faults.get(chat_id) else {}
        if fault.get("delay"):
            time.sleep(fault["delay"])
        if fault.get("retry_after"):
            return _error(
                429, f"Too Many Requests: retry after {fault['retry_after']}", retry_after=fault["retry_after"]
            )
        if fault.get("forbidden"):
            return _error(403, "Forbidden: bot was blocked by the user")
        if fault.get("migrate_to"):
            return _error(
                400, "Bad Request: group chat was upgraded to a supergroup chat", migrate_to_chat_id=fault["migrate_to"]
            )
        if fault.get("server_error"):
            return _error(502, "Bad Gateway")
        refusal = self._refusal(method, chat_id, params)
        if refusal is not None:
            with self._lock:
                self.refused.append((method, refusal))
            if self.on_refused is not None:
                self.on_refused(chat_id, refusal)
            return _error(400, f"Bad Request: {refusal}")
        now = time.monotonic()
        if method == "sendMessage":
            with self._lock:
                broken = self.limits.check(chat_id, now)
            if broken is not None and self.limits.enforce:
                self.limits.rejected += 1
                return _error(429, f"Too Many Requests: {broken}", retry_after=1)
        message_id = int(params["message_id"]) if method == "editMessageText" else next(self._next_message)
        sent = Sent(method, chat_id, str(params.get("text", "")), message_id, params.get("reply_markup"), now)
        with self._lock:
            self._messages[(chat_id, message_id)] = (sent.text, sent.reply_markup)
        self.sent.append(sent)
        if self.on_sent is not None:
            self.on_sent(sent)
        chat_type = "private" if chat_id > 0 else "supergroup"
        return 200, {"ok": True, "result": self._message(chat_id, sent.text, chat_type, "Nhóm", message_id, bot=True)}

    def _refusal(self, method: str, chat_id: int, params: dict[str, Any]) -> str | None:
        """Telegram's description of why it would refuse this message, or None."""
        text = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            try:
                check_message(text)
            except EntityError as exc:
                return str(exc) if str(exc).startswith("message ") else f"can't parse entities: {exc}"
        elif not text.strip():
            return "message text is empty"
        elif len(text.encode("utf-16-le")) // 2 > 4096:
            return "message is too long"
        markup = params.get("reply_markup")
        problem = _markup_problem(markup) if markup is not None else None
        if problem is not None:
            return problem
        if method == "editMessageText":
            key = (chat_id, int(params.get("message_id") or 0))
            with self._lock:
                current = self._messages.get(key)
            if current is None:
                return "message to edit not found"
            if current == (text, markup):
                return (
                    "message is not modified: specified new message content and reply markup are exactly the same "
                    "as a current content and reply markup of the message"
                )
        return None

    def _answer_query(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        query_id = str(params.get("callback_query_id", ""))
        with self._lock:
            known = query_id in self._open_queries
            self._open_queries.discard(query_id)
        if not known:
            description = "query is too old and response timeout expired or query ID is invalid"
            self.refused.append(("answerCallbackQuery", description))
            return _error(400, f"Bad Request: {description}")
        if len(str(params.get("text", ""))) > 200:
            self.refused.append(("answerCallbackQuery", "MESSAGE_TOO_LONG"))
            return _error(400, "Bad Request: MESSAGE_TOO_LONG")
        self.answers.append(params)
        return 200, {"ok": True, "result": True}

    def _member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = "administrator" if user_id in self.admins[chat_id] else "member"
        user = {"id": user_id, "is_bot": False, "first_name": "Người dùng"}
        extra = (
            {
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
            if status == "administrator"
            else {}
        )
        return {"status": status, "user": user, **extra}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a fan-out opens hundreds of connections at once

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    502: "Bad Gateway",
}


def _markup_problem(markup: Any) -> str | None:
    """Why Telegram would refuse an inline keyboard, or None."""
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if rows is None:
        return None if isinstance(markup, dict) else "can't parse reply keyboard markup JSON object"
    for row in rows:
        for button in row:
            if not str(button.get("text", "")).strip():
                return "BUTTON_TEXT_EMPTY"
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                return "BUTTON_DATA_INVALID"
            if data is None and not button.get("url"):
                return "text buttons are unallowed in the inline keyboard"
    return None


def _error(code: int, description: str, **parameters: Any) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body


def _params(request: BaseHTTPRequestHandler) -> dict[str, Any]:
    length = int(request.headers.get("Content-Length") or 0)
    raw = request.rfile.read(length) if length else b""
    kind = request.headers.get("Content-Type", "")
    if "json" in kind:
        return dict(json.loads(raw or b"{}"))
    params: dict[str, Any] = dict(urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    query = urllib.parse.urlsplit(request.path).query
    params |= dict(urllib.parse.parse_qsl(query))
    for key, value in list(params.items()):
        if key in _JSON_FIELDS:
            params[key] = json.loads(value)
        elif key in _INT_FIELDS and value.lstrip("-").isdigit():
            params[key] = int(value)
    return params
