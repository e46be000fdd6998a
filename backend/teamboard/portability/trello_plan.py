"""What a Trello export becomes on Teamboard: a :class:`Plan` of the new board (columns,
labels, cards with their comments and checklists, the invitations) and the report of
what was imported and what was left out, and why. Pure and CPU-bound (run off the event
loop with the parsing, portability/jobs.py); portability/writer.py writes the plan.

The mapping, in Trello's terms:
- open lists → columns in ``pos`` order; closed lists are skipped with their cards;
- cards → cards in ``pos`` order: ``name`` the title, ``desc`` the description (Markdown,
  as is), ``due`` the due day (UTC), ``closed`` → archived; ``dueComplete`` and the
  ``attachments`` (as links) are appended to the description;
- labels → labels, Trello's colour names mapped to the nearest colour of Teamboard's
  palette (an unnamed label is named after its colour);
- checklists → checklists, their items with their state, in ``pos`` order;
- ``commentCard`` actions → comments with their dates; the importer is their author of
  record, and each starts with its Trello author's name;
- members mapped to an e-mail address → invitations (as editors); the others are named
  in the report. Only the importer's own Trello cards stay assigned (the others are not
  members until they accept).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from teamboard.boards.columns import MAX_COLUMNS
from teamboard.boards.labels import MAX_LABELS
from teamboard.cards.checklist_schemas import MAX_CHECKLISTS_PER_CARD, MAX_ITEMS_PER_CHECKLIST
from teamboard.cards.service import MAX_CARDS_PER_BOARD
from teamboard.core.schemas import MARKDOWN_MAX
from teamboard.portability.trello import TrelloBoard, TrelloCard, TrelloPerson
from teamboard.portability.trello_text import (
    Report,
    colour_of,
    line,
    long_text,
    markdown_link,
    plural,
)


@dataclass
class CardPlan:
    column: int
    title: str
    description: str
    due_date: date | None
    archived: bool
    labels: tuple[str, ...]
    assigned: bool  # to the importer
    comments: list[tuple[str, datetime]] = field(default_factory=list)
    checklists: list[tuple[str, list[tuple[str, bool]]]] = field(default_factory=list)


@dataclass
class Plan:
    name: str
    description: str
    columns: list[str]
    labels: list[tuple[str, str]]
    cards: list[CardPlan]
    invitations: list[str]
    imported: dict[str, int]
    skipped: list[dict[str, str]]
    notes: list[str]


def _person(person: TrelloPerson | None) -> str:
    if person is None:
        return "Someone"
    name, _ = line(person.fullName, 100, "")
    if name and person.username:
        return f"{name} (@{person.username})"
    return name or (f"@{person.username}" if person.username else "Someone")


def plan_import(board: TrelloBoard, member_map: dict[str, str], importer: str) -> Plan:
    """``member_map``: Trello username → e-mail; ``importer``: the importer's e-mail."""
    report = Report()
    columns, column_of = _columns(board, report)
    labels, label_of = _labels(board, report)
    people = {m.id: m for m in board.members}
    email_of = {m.id: member_map[m.username] for m in board.members if m.username in member_map}
    cards = _cards(board, column_of, label_of, email_of, importer, report)
    name, _ = line(board.name, 200, "Trello board")
    description, _ = long_text(board.desc)
    invitations = sorted({e for e in email_of.values() if e != importer})
    report.imported["invitations"] = len(invitations)
    for member in board.members:
        if member.id not in email_of:
            report.skip(
                f"member {_person(member)}",
                "not in the member map: map their Trello username to an e-mail address to "
                "invite them",
            )
    known = {m.username for m in people.values()}
    for username in sorted(set(member_map) - known):
        report.skip(f"member map entry “{username}”", "no member of this Trello board has it")
    return Plan(
        name=name,
        description=description,
        columns=columns,
        labels=labels,
        cards=cards,
        invitations=invitations,
        imported=dict(report.imported),
        skipped=report.closed(),
        notes=[
            "Comments are written in the name of the person who imported the board; each "
            "starts with the name of its author on Trello.",
            *report.notes,
            "Each import makes a new board: importing the same file again makes another.",
        ],
    )


def _columns(board: TrelloBoard, report: Report) -> tuple[list[str], dict[str, int]]:
    ordered = sorted(enumerate(board.lists), key=lambda pair: (pair[1].pos, pair[0]))
    columns: list[str] = []
    column_of: dict[str, int] = {}
    in_list = Counter(card.idList for card in board.cards)
    for _, trello in ordered:
        name, _ = line(trello.name, 100, "Untitled list")
        if trello.closed:
            report.skip(
                f"list “{name}” and its {plural(in_list[trello.id], 'card', 'cards')}",
                "the list is archived (closed) on Trello",
            )
        elif len(columns) >= MAX_COLUMNS:
            report.skip(f"list “{name}”", f"a board has at most {MAX_COLUMNS} columns")
        else:
            column_of[trello.id] = len(columns)
            columns.append(name)
    report.imported["columns"] = len(columns)
    return columns, column_of


def _labels(board: TrelloBoard, report: Report) -> tuple[list[tuple[str, str]], dict[str, str]]:
    labels: list[tuple[str, str]] = []
    label_of: dict[str, str] = {}
    taken: set[str] = set()
    for trello in board.labels:
        base, _ = line(trello.name or "", 46, (trello.color or "label").replace("_", " "))
        name, n = base, 2
        while name in taken:  # label names are unique on a board
            name, n = f"{base} {n}", n + 1
        if len(labels) >= MAX_LABELS:
            report.skip(f"label “{name}”", f"a board has at most {MAX_LABELS} labels")
            continue
        taken.add(name)
        label_of[trello.id] = name
        labels.append((name, colour_of(trello.color)))
    report.imported["labels"] = len(labels)
    return labels, label_of


def _cards(
    board: TrelloBoard,
    column_of: dict[str, int],
    label_of: dict[str, str],
    email_of: dict[str, str],
    importer: str,
    report: Report,
) -> list[CardPlan]:
    comments: defaultdict[str, list[tuple[str, datetime]]] = defaultdict(list)
    other_actions = 0
    for action in board.actions:
        if action.type != "commentCard" or action.data.card is None or not action.data.text:
            other_actions += 1
            continue
        body, _ = long_text(f"*{_person(action.memberCreator)} on Trello:*\n\n{action.data.text}")
        when = (action.date or datetime.now(UTC)).astimezone(UTC)
        comments[action.data.card.id].append((body, when))
    checklists: defaultdict[str, list[tuple[float, int, list[tuple[str, bool]], str]]]
    checklists = defaultdict(list)
    for i, checklist in enumerate(board.checklists):
        items = sorted(enumerate(checklist.checkItems), key=lambda p: (p[1].pos, p[0]))
        kept = [
            (line(item.name, 500, "Untitled item")[0], item.state == "complete")
            for _, item in items
        ]
        title, _ = line(checklist.name, 200, "Checklist")
        checklists[checklist.idCard].append((checklist.pos, i, kept, title))
    ordered = sorted(
        (
            (column_of[card.idList], card.pos, i, card)
            for i, card in enumerate(board.cards)
            if card.idList in column_of
        ),
        key=lambda entry: entry[:3],
    )
    count = report.imported
    cards: list[CardPlan] = []
    lost = Counter[str]()
    for column, _pos, _i, card in ordered:
        if len(cards) >= MAX_CARDS_PER_BOARD:
            lost["limit"] += 1
            continue
        title, shortened = line(card.name, 200, "Untitled card")
        lost["titles"] += shortened
        text, links = _description(card)
        description, shortened = long_text(text)
        lost["descriptions"] += shortened
        assignees = [email_of.get(m) for m in card.idMembers]
        lost["assignments"] += sum(1 for e in assignees if e != importer)
        plan = CardPlan(
            column=column,
            title=title,
            description=description,
            due_date=card.due.astimezone(UTC).date() if card.due else None,
            archived=card.closed,
            labels=tuple(dict.fromkeys(label_of[i] for i in card.idLabels if i in label_of)),
            assigned=importer in assignees,
            comments=sorted(comments.pop(card.id, []), key=lambda c: c[1]),
        )
        found = sorted(checklists.pop(card.id, []), key=lambda c: c[:2])
        lost["checklists"] += max(0, len(found) - MAX_CHECKLISTS_PER_CARD)
        for _p, _j, entries, name in found[:MAX_CHECKLISTS_PER_CARD]:
            lost["items"] += max(0, len(entries) - MAX_ITEMS_PER_CHECKLIST)
            plan.checklists.append((name, entries[:MAX_ITEMS_PER_CHECKLIST]))
        cards.append(plan)
        count["cards"] += 1
        count["archived_cards"] += card.closed
        lost["due_complete"] += bool(card.dueComplete and card.due)
        count["comments"] += len(plan.comments)
        count["checklists"] += len(plan.checklists)
        count["checklist_items"] += sum(len(items) for _t, items in plan.checklists)
        count["attachments"] += links
        count["assignments"] += plan.assigned
    for key in (
        "cards",
        "archived_cards",
        "comments",
        "checklists",
        "checklist_items",
        "attachments",
        "assignments",
    ):
        count.setdefault(key, 0)
    closed = {trello.id for trello in board.lists if trello.closed}
    outside = sum(1 for c in board.cards if c.idList not in column_of and c.idList not in closed)
    report.count(
        lost["limit"], ("card", "cards"), f"a board holds at most {MAX_CARDS_PER_BOARD} cards"
    )
    report.count(outside, ("card", "cards"), "their list is not in the export")
    report.count(
        sum(len(v) for v in comments.values()),
        ("comment", "comments"),
        "their card was not imported",
    )
    report.count(
        other_actions,
        ("other action", "other actions"),
        "Trello's history of changes is not imported: the new board's activity starts "
        "with the import",
    )
    report.count(
        lost["assignments"],
        ("card assignment", "card assignments"),
        "only the importer is a member of the new board; the others are invited, and can "
        "be assigned once they join",
    )
    if done := lost["due_complete"]:
        report.notes.append(
            f"{plural(done, 'card', 'cards')} had {'its' if done == 1 else 'their'} due date "
            "marked complete on Trello. Teamboard's due dates have no such mark, so the "
            "description of each says so at its end."
        )
    report.count(
        lost["titles"],
        ("card title shortened", "card titles shortened"),
        "titles have at most 200 characters",
    )
    report.count(
        lost["descriptions"],
        ("description shortened", "descriptions shortened"),
        f"descriptions have at most {MARKDOWN_MAX} characters",
    )
    report.count(
        lost["checklists"],
        ("checklist", "checklists"),
        f"a card has at most {MAX_CHECKLISTS_PER_CARD} checklists",
    )
    report.count(
        lost["items"],
        ("checklist item", "checklist items"),
        f"a checklist has at most {MAX_ITEMS_PER_CHECKLIST} items",
    )
    return cards


def _description(card: TrelloCard) -> tuple[str, int]:
    """``desc`` as is, then what Trello had beside it: the due date's completion, and
    the attachments as links."""
    extra: list[str] = []
    if card.dueComplete and card.due:
        extra.append("*On Trello, the due date was marked complete.*")
    links = [link for a in card.attachments if (link := markdown_link(a.name, a.url))]
    if links:
        extra.append("**Attachments on Trello**\n\n" + "\n".join(links))
    if not extra:
        return card.desc, 0
    parts = [card.desc.rstrip(), *extra] if card.desc.strip() else extra
    return "\n\n".join(parts), len(links)
