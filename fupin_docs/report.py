"""Issues and reports: what went wrong where, and how many rows went which way.

Every issue names its place the way a clerk finds it: file, sheet, the sheet's own row
number (header row included in the count, as Excel shows it) and the column header.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
SEVERITY_CN = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    message: str
    clause: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the column header as the clerk sees it
    column_letter: str | None = None
    field: str | None = None  # schema field name
    value: Any = None
    record: int | None = None  # 1-based record number for JSON input

    def place(self) -> str:
        parts: list[str] = []
        if self.sheet and self.column_letter and self.row:
            parts.append(f"{self.sheet}!{self.column_letter}{self.row}")
        elif self.sheet:
            parts.append(self.sheet)
        if self.row:
            parts.append(f"第{self.row}行")
        elif self.record:
            parts.append(f"第{self.record}条记录")
        if self.column:
            parts.append(self.column)
        return " ".join(parts)

    def text(self) -> str:
        """One line in Chinese, e.g. 「处理单!T7 第7行 主要领导：重大决策须经主要领导审签（第5.3条）」."""
        place = self.place()
        body = self.message
        if self.clause:
            body += f"（{self.clause}）"
        return f"{place}：{body}" if place else body

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _jsonable(self.value)
        data["text"] = self.text()
        return data


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


@dataclass
class Report:
    kind: str
    label: str
    source: str
    rows_read: int = 0
    blank_rows: int = 0
    rendered: int = 0
    rejected: int = 0
    outputs: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def balanced(self) -> bool:
        return self.rendered + self.rejected == self.rows_read

    def exit_code(self) -> int:
        return 0 if self.valid else 1

    def stats(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "blank_rows": self.blank_rows,
            "rendered": self.rendered,
            "rejected": self.rejected,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "kind": self.kind,
            "label": self.label,
            "source": self.source,
            "stats": self.stats(),
            "outputs": list(self.outputs),
            "issues": [i.to_dict() for i in self.issues],
            **self.extra,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def summary_lines(self, max_issues: int = 50) -> list[str]:
        s = self.stats()
        head = (
            f"{self.label}：读取 {s['rows_read']} 行"
            + (f"（另跳过空行 {s['blank_rows']} 行）" if s["blank_rows"] else "")
            + (f"，采用 {s['rendered']} 行" if "documents" in self.extra
               else f"，生成 {s['rendered']} 份")
            + f"，拒绝 {s['rejected']} 行，"
            f"错误 {s['errors']} 条，警告 {s['warnings']} 条"
        )
        lines = [head]
        sheets = self.extra.get("sheets")
        if isinstance(sheets, dict) and "documents" in self.extra:
            # grouped kinds (one document from rows of several sheets)
            parts = [f"「{name}」读取 {c['rows_read']} 行、采用 {c['rendered']} 行、"
                     f"拒绝 {c['rejected']} 行" for name, c in sheets.items()]
            lines.append(f"  {'；'.join(parts)}；共生成 {self.extra['documents']} 份文书")
        for issue in self.issues[:max_issues]:
            lines.append(f"  [{SEVERITY_CN[issue.severity]}] {issue.text()}")
        if len(self.issues) > max_issues:
            lines.append(f"  ……另有 {len(self.issues) - max_issues} 条，见 report.json 和 校验报告.xlsx")
        return lines
