"""A message from its templates: a plain-text part and an HTML part (each template a
Jinja2 file in mail/templates, the HTML one autoescaped), links built from the site's
public address, and nothing that tracks the reader (no pixels, no redirect links)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

env = Environment(
    loader=PackageLoader("teamboard.mail", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


@dataclass(frozen=True, slots=True)
class Letter:
    """A message as the outbox keeps it."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def compose(
    template: str,
    *,
    to: str,
    subject: str,
    base_url: str,
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Letter:
    """``template``: the name of a pair ``<template>.txt`` / ``<template>.html``."""
    values = {"subject": subject, "base_url": base_url, **(context or {})}
    text = env.get_template(f"{template}.txt").render(values)
    html = env.get_template(f"{template}.html").render(values)
    return Letter(to=to, subject=subject, text=text, html=html, headers=dict(headers or {}))


def new_message_id(mail_from: str) -> str:
    """A Message-ID of the sending domain, random: one per message, kept on every retry."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<{secrets.token_hex(16)}@{domain}>"


def as_email(
    *,
    message_id: str,
    mail_from: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    headers: dict[str, str],
) -> EmailMessage:
    message = EmailMessage()
    message["Message-ID"] = message_id
    message["Date"] = formatdate(localtime=False)
    message["From"] = mail_from
    message["To"] = str(Address(addr_spec=to))
    message["Subject"] = subject
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
