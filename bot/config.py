"""Configuration: embedded defaults, overridden by an optional TOML file and, for secrets, the environment."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from ipaddress import ip_network
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from knowledge.clock import DEFAULT_ZONE, zone_named
from knowledge.guide import DEFAULT_AGENCY

CONFIG_ENV = "GONGKAI_CONFIG"
# Secrets may come from the environment so they need not sit in a file.
SECRET_ENV = {
    ("telegram", "token"): "GONGKAI_TELEGRAM_TOKEN",
    ("telegram", "webhook_secret"): "GONGKAI_TELEGRAM_WEBHOOK_SECRET",
    ("admin", "token"): "GONGKAI_ADMIN_TOKEN",
    ("store", "key"): "GONGKAI_KEY",
    ("wechat", "token"): "GONGKAI_WECHAT_TOKEN",
    ("wechat", "app_secret"): "GONGKAI_WECHAT_APP_SECRET",
    ("wechat", "encoding_aes_key"): "GONGKAI_WECHAT_AES_KEY",
}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TELEGRAM_MODES = ("polling", "webhook")


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or has a wrong key or value."""


@dataclass(frozen=True)
class StoreConfig:
    path: Path = Path("data/gongkai.db")
    # Keys sealing personal data (first seals, all open), one per line or comma-separated; better GONGKAI_KEY.
    key: str | None = None
    # Without `key`: the key file, by default beside the database (data/gongkai.key), generated when missing.
    key_file: Path | None = None
    # Days applicants' personal details are kept after their request is closed, then replaced by a marker.
    retain_personal_days: int = 365
    # Days a chat's session may stay unchanged before the daily job deletes it (kept while the chat is subscribed).
    idle_session_days: int = 90
    # Days status lookup attempts are kept (the lookup limits read the last 24 hours).
    lookup_days: int = 30
    # Days a delivered notice is kept in the outbox (undelivered ones wait for their chat).
    delivered_notice_days: int = 30


@dataclass(frozen=True)
class KnowledgeConfig:
    # The agency whose data the product serves: a folder under knowledge/agencies/, or an absolute path to one.
    agency: str = DEFAULT_AGENCY
    # The agency's time zone (IANA name): every date the product states or counts is a date there.
    timezone: str = DEFAULT_ZONE


@dataclass(frozen=True)
class LogConfig:
    level: str = "WARNING"


@dataclass(frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    # Seconds a download link stays valid.
    file_ttl: int = 3600
    # Messages one chat may send per minute before it is asked to slow down.
    rate_per_minute: int = 30
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; nobody by default.
    trusted_proxies: tuple[str, ...] = ()
    # Pages (origins such as "https://gongkai.example.org") that may open the chat's WebSocket; none listed: the
    # page's own host only.
    allowed_origins: tuple[str, ...] = ()
    # Open WebSockets in all, and from one client address (an IPv6 /64), before further ones are closed (1013).
    max_sockets: int = 2000
    max_sockets_per_address: int = 50
    # Answer questions in worker processes (bot/answering.py), so the server's event loop never waits for the GIL
    # while a question is ranked; false answers them in a thread of the server's own process.
    answer_process: bool = True


@dataclass(frozen=True)
class TelegramConfig:
    token: str | None = None
    base_url: str | None = None
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # A Telegram chat that receives the daily list of requests due soon or overdue.
    staff_chat_id: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.token)


@dataclass(frozen=True)
class WechatConfig:
    # The Official Account's server settings (公众号 → 设置与开发 → 基本配置): the token WeChat signs callbacks with,
    # the AppID and AppSecret of the API, and in safe mode (安全模式) the 43-character EncodingAESKey.
    token: str | None = None
    app_id: str | None = None
    app_secret: str | None = None
    encoding_aes_key: str | None = None
    # The WeChat API (tests point it at a local stand-in).
    base_url: str = "https://api.weixin.qq.com"
    # Where the server takes WeChat's callbacks (the account's 服务器地址 URL ends with it).
    path: str = "/wechat"
    # The address of this server as users' phones reach it (https://host), for download links; by default the
    # scheme and host the callback arrived at.
    public_url: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @property
    def safe_mode(self) -> bool:
        return bool(self.encoding_aes_key)


@dataclass(frozen=True)
class AdminConfig:
    # The bearer token of the admin API; without it the API is off.
    token: str | None = None
    # Wrong or missing tokens one client address may present within failure_window seconds; then it is refused
    # (429) until the window ends.
    max_failures: int = 10
    failure_window: int = 60

    @property
    def enabled(self) -> bool:
        return bool(self.token)


@dataclass(frozen=True)
class StaffConfig:
    # The staff pages under /staff/ (named accounts: `gongkai staff add`); false turns them off.
    enabled: bool = True
    # Minutes a staff session may stay unused before it ends.
    idle_minutes: int = 30
    # Send the session cookie over HTTPS only (set when the pages are served through HTTPS, as they should be).
    secure_cookie: bool = False


@dataclass(frozen=True)
class ApplyConfig:
    # Offer submitting through the bot (with an ID image) besides printing the form.
    online: bool = True
    # Days an unfinished application draft is kept before it is deleted.
    draft_days: int = 7
    # Days an uploaded ID image is kept after its request is closed.
    upload_retention_days: int = 30


@dataclass(frozen=True)
class Config:
    store: StoreConfig = field(default_factory=StoreConfig)
    knowledge: KnowledgeConfig = field(default_factory=KnowledgeConfig)
    log: LogConfig = field(default_factory=LogConfig)
    web: WebConfig = field(default_factory=WebConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    wechat: WechatConfig = field(default_factory=WechatConfig)
    admin: AdminConfig = field(default_factory=AdminConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)
    apply: ApplyConfig = field(default_factory=ApplyConfig)


def _error(key: str, zh: str, en: str) -> ConfigError:
    return ConfigError(f"配置项 {key} {zh} (config key {key} {en})")


def _coerce(key: str, value: Any, kind: Any) -> Any:
    """Check one value against its field's type."""
    if kind in ("Path", Path):
        kind = "Path"
    if kind == "bool":
        if not isinstance(value, bool):
            raise _error(key, "必须是 true 或 false", "must be true or false")
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _error(key, "必须是正整数", "must be a positive integer")
        return value
    if kind == "tuple[str, ...]":
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise _error(key, "必须是字符串列表", "must be a list of strings")
        return tuple(item.strip() for item in value)
    if not isinstance(value, str) or not value.strip():
        raise _error(key, "必须是非空字符串", "must be a non-empty string")
    return Path(value) if kind == "Path" else value.strip()


def _section(name: str, cls: type, raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise _error(name, "必须是一个配置节", "must be a table")
    types = {f.name: f.type for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        if key not in types:
            raise ConfigError(f"未知的配置项 {name}.{key} (unknown config key {name}.{key})")
        values[key] = _coerce(f"{name}.{key}", value, types[key].split(" | ")[0])
    return cls(**values)


def _origins(origins: tuple[str, ...]) -> tuple[str, ...]:
    """Allowed origins as browsers send them: scheme://host[:port], lower case, no path."""
    normalized = []
    for origin in origins:
        parts = urlparse(origin.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or parts.fragment:
            raise _error(
                "web.allowed_origins",
                f"含无效的来源 {origin[:50]}（应为 https://主机名[:端口]）",
                "must hold origins such as https://host[:port]",
            )
        normalized.append(f"{parts.scheme}://{parts.netloc}".lower())
    return tuple(normalized)


def _check(config: Config) -> Config:
    if config.log.level.upper() not in LOG_LEVELS:
        raise _error("log.level", f"必须是 {'/'.join(LOG_LEVELS)} 之一", "is invalid")
    config = replace(config, log=replace(config.log, level=config.log.level.upper()))
    try:
        zone_named(config.knowledge.timezone)
    except ValueError:
        raise _error("knowledge.timezone", "必须是时区名，如 Asia/Shanghai", "must be an IANA time zone") from None
    if config.web.port > 65535:
        raise _error("web.port", "必须在 1 到 65535 之间", "must be between 1 and 65535")
    for proxy in config.web.trusted_proxies:
        try:
            ip_network(proxy, strict=False)
        except ValueError:
            raise _error("web.trusted_proxies", f"含无效的地址 {proxy[:50]}", "has an invalid address") from None
    config = replace(config, web=replace(config.web, allowed_origins=_origins(config.web.allowed_origins)))
    if config.store.idle_session_days < config.apply.draft_days:
        raise _error(
            "store.idle_session_days",
            "不能小于 apply.draft_days（草稿要保留那么久）",
            "must not be less than apply.draft_days (drafts are kept that long)",
        )
    telegram = config.telegram
    if telegram.mode not in TELEGRAM_MODES:
        raise _error("telegram.mode", "必须是 polling 或 webhook", "must be polling or webhook")
    for key in ("base_url", "webhook_url"):
        url = getattr(telegram, key)
        if url is not None and urlparse(url).scheme not in ("http", "https"):
            raise _error(f"telegram.{key}", "必须是 http(s) 地址", "must be an http(s) URL")
    if telegram.enabled and telegram.mode == "webhook" and not (telegram.webhook_url and telegram.webhook_secret):
        raise _error(
            "telegram.webhook_url",
            "和 telegram.webhook_secret 在 webhook 模式下必须设置",
            "and telegram.webhook_secret are required in webhook mode",
        )
    _check_wechat(config.wechat)
    return config


def _check_wechat(wechat: WechatConfig) -> None:
    for key in ("base_url", "public_url"):
        url = getattr(wechat, key)
        if url is not None and urlparse(url).scheme not in ("http", "https"):
            raise _error(f"wechat.{key}", "必须是 http(s) 地址", "must be an http(s) URL")
    if not wechat.path.startswith("/"):
        raise _error("wechat.path", "必须以 / 开头", "must start with /")
    if not wechat.enabled:
        return
    if not (wechat.app_id and wechat.app_secret):
        raise _error(
            "wechat.app_id",
            "和 wechat.app_secret 在启用微信时必须设置（客服消息和菜单要用）",
            "and wechat.app_secret are required with wechat.token",
        )
    if wechat.encoding_aes_key is not None and not re.fullmatch(r"[A-Za-z0-9]{43}", wechat.encoding_aes_key):
        raise _error("wechat.encoding_aes_key", "必须是43位字母或数字", "must be 43 letters or digits")


def parse_config(raw: dict, *, environ: Mapping[str, str] | None = None) -> Config:
    """Build a Config from parsed TOML plus secrets from the environment, refusing unknown keys."""
    defaults = Config()
    sections = {f.name for f in fields(Config)}
    built = {}
    for name, section in raw.items():
        if name not in sections:
            raise ConfigError(f"未知的配置节 [{name}] (unknown config section [{name}])")
        built[name] = _section(name, type(getattr(defaults, name)), section)
    config = Config(**built)
    env = os.environ if environ is None else environ
    for (name, key), variable in SECRET_ENV.items():
        if env.get(variable):
            section = getattr(config, name)
            config = replace(config, **{name: replace(section, **{key: env[variable]})})
    return _check(config)


def load_config(path: Path | None = None, *, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration from `path`, else $GONGKAI_CONFIG, else the embedded defaults."""
    env = os.environ if environ is None else environ
    if path is None and env.get(CONFIG_ENV):
        path = Path(env[CONFIG_ENV])
    if path is None:
        return parse_config({}, environ=env)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"找不到配置文件 {path} (config file not found)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 格式错误：{exc} (config file is not valid TOML)") from exc
    return parse_config(raw, environ=env)
