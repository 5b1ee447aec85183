"""The Team Members column of a contract import (团队成员, WukongCRM's 相关团队): users by
name or login, each with an optional access mark, ``Alice(write)``, ``bob:read``,
``张三(只读)``, ``李四（读写）``, separated by ``,`` ``;`` ``、`` (full-width forms too).
One lookup for the distinct names of the whole file; a name that fits several users is
refused with the candidates, in the words of every look-alike of the import
(``lookups._ambiguous_message``). Rows add members or change the access of listed ones; they
never remove a member."""

import re

from odoo import Command

WRITE_MARKS = {
    "write",
    "w",
    "rw",
    "edit",
    "editor",
    "read and edit",
    "read/write",
    "读写",
    "可编辑",
    "编辑",
    "可写",
}
READ_MARKS = {"read", "r", "ro", "read only", "read-only", "readonly", "view", "只读", "查看"}
_SEPARATORS = re.compile(r"[,;、，；\n]")
_BRACKET = re.compile(r"^(.*?)\s*[(（\[【]\s*([^()（）\[\]【】]+?)\s*[)）\]】]\s*$")
_COLON = re.compile(r"^(.*?)\s*[:：]\s*([^:：]+?)\s*$")


def access_of(mark):
    """'write', 'read' or None for the text of an access mark."""
    text = " ".join((mark or "").lower().split())
    if text in WRITE_MARKS:
        return "write"
    if text in READ_MARKS:
        return "read"
    return None


def parse_members(text):
    """[(name, access or None)] of a Team Members cell; a bracket or colon whose text is
    no access mark is part of the name (华锐(深圳) stays a name)."""
    result = []
    for piece in _SEPARATORS.split(text or ""):
        part = " ".join(piece.split())
        if not part:
            continue
        name, access = part, None
        for pattern in (_BRACKET, _COLON):
            match = pattern.match(part)
            if match and match.group(1) and access_of(match.group(2)):
                name, access = match.group(1).strip(), access_of(match.group(2))
                break
        result.append((name, access))
    return result


class MemberConverters:
    """Mixed into the import run (``rows.ImportRun``): ``_contract_members`` gives the
    ``member_ids`` commands of a row."""

    def _member_users(self):
        """{name key: users} of every name of the column (one lookup for the file)."""
        values = {}
        for _rowno, row in self.rows:
            for name, _access in parse_members(self._cell(row, "member_ids")):
                values.setdefault(self._key(name), name)
        if not values:
            return {}
        return self._search_names(
            "res.users",
            values,
            [("share", "=", False), ("company_ids", "in", self.env.company.id)],
            fields_=("name", "login"),
        )

    def _contract_members(self, rowno, row, record, vals):
        text = self._cell(row, "member_ids")
        if not text:
            return
        if not hasattr(self, "member_users"):
            self.member_users = self._member_users()
        wanted = {}
        for name, access in parse_members(text):
            users = self.member_users.get(self._key(name))
            if not users:
                self._error(rowno, "member_ids", name, self._unknown_user(name))
            elif len(users) > 1:
                # the engine's own message: the candidates and what tells them apart
                self._error(rowno, "member_ids", name, self._ambiguous_message(name, users))
            else:
                wanted[users.id] = access
        owner = vals.get("user_id", record.user_id.id if record else self.env.user.id)
        current = {m.user_id.id: m for m in record.member_ids} if record else {}
        commands = []
        for user_id, access in wanted.items():
            if user_id == owner:
                continue
            member = current.get(user_id)
            if not member:
                commands.append(Command.create({"user_id": user_id, "access": access or "read"}))
            elif access and member.access != access:
                commands.append(Command.update(member.id, {"access": access}))
        if commands:
            vals["member_ids"] = commands
