"""Issues and reports: what went wrong where, and how many rows went which way.

Every issue names its place the way a clerk finds it: file, sheet, the sheet's own row
number (header row included in the count, as Excel shows it) and the column header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..types import SEVERITY_CN, Issue


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
