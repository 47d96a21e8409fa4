"""Issues and reports: what went wrong where, and how many rows went which way.

Every issue names its place the way a clerk finds it: file, sheet, the sheet's own row
number (header row included in the count, as Excel shows it) and the column header.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, SupportsIndex

from ..inputs.workbook import SheetCopy
from ..types import SEVERITY_CN, Issue

MAX_ISSUES = 10_000  # issues kept in full per run; the rest are counted by kind


class IssueList(list[Issue]):
    """The issues of a run: the first ``limit`` in full, the rest only counted (by severity
    and by rule), so that a hostile input (88,000 empty records, a million issues) keeps
    memory flat and the reports small. Counts always include every issue."""

    def __init__(self, items: Iterable[Issue] = (), limit: int = MAX_ISSUES) -> None:
        super().__init__()
        self.limit = limit
        self.by_severity: Counter[str] = Counter()
        self.omitted: Counter[tuple[str, str]] = Counter()  # (severity, code) -> count
        self.extend(items)

    def append(self, issue: Issue) -> None:
        self.by_severity[issue.severity] += 1
        if len(self) < self.limit:
            super().append(issue)
        else:
            self.omitted[(issue.severity, issue.code)] += 1

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.append(issue)

    def __iadd__(self, issues: Iterable[Issue]) -> IssueList:  # type: ignore[override, misc]
        self.extend(issues)
        return self

    def insert(self, index: SupportsIndex, issue: Issue) -> None:
        self.by_severity[issue.severity] += 1
        super().insert(index, issue)
        if len(self) > self.limit:
            last = super().pop()
            self.omitted[(last.severity, last.code)] += 1

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def omitted_count(self) -> int:
        return sum(self.omitted.values())


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
    issues: IssueList = field(default_factory=IssueList)
    extra: dict[str, Any] = field(default_factory=dict)
    # the input sheets as read, for the copies in 校验报告.xlsx (not part of report.json)
    copies: list[SheetCopy] = field(default_factory=list, repr=False, compare=False)
    author: str = field(default="", repr=False, compare=False)  # the office, of 校验报告.xlsx

    def __post_init__(self) -> None:
        if not isinstance(self.issues, IssueList):
            self.issues = IssueList(self.issues)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "issues" and not isinstance(value, IssueList):
            value = IssueList(value)
        super().__setattr__(name, value)

    @property
    def errors(self) -> list[Issue]:
        """The errors kept in full (see ``error_count`` for all of them)."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def error_count(self) -> int:
        return self.issues.by_severity["error"]

    @property
    def warning_count(self) -> int:
        return self.issues.by_severity["warning"]

    @property
    def valid(self) -> bool:
        return not self.error_count

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
            "errors": self.error_count,
            "warnings": self.warning_count,
        }

    def omitted_dict(self) -> dict[str, Any] | None:
        """What was counted but not kept, by rule (None when every issue is kept)."""
        if not self.issues.omitted:
            return None
        by_code: Counter[str] = Counter()
        for (_, code), n in self.issues.omitted.items():
            by_code[code] += n
        return {"kept": len(self.issues), "omitted": self.issues.omitted_count,
                "by_code": dict(by_code.most_common())}

    def omitted_text(self) -> str | None:
        if not self.issues.omitted:
            return None
        return (f"问题共 {self.issues.total} 条，超过 {self.issues.limit} 条：只保留前 "
                f"{len(self.issues)} 条详情，其余 {self.issues.omitted_count} 条只按类别计数"
                "（见 report.json 的 issues_omitted）")

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "kind": self.kind,
            "label": self.label,
            "source": self.source,
            "stats": self.stats(),
            "outputs": list(self.outputs),
            "issues": [i.to_dict() for i in self.issues],
            **({"issues_omitted": omitted} if (omitted := self.omitted_dict()) else {}),
            **self.extra,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def several_files(self) -> bool:
        """The issues come from more than one file (ledger --against, a batch of several
        inputs): each issue's line then names its file."""
        return len({i.file for i in self.issues if i.file}) > 1

    def summary_lines(self, max_issues: int = 50) -> list[str]:
        s = self.stats()
        # the file read, so that every line below (sheet!cell, row, column) points into it;
        # a run of several files names the file in each line instead
        several = self.several_files()
        name = os.path.basename(self.source) if self.source and not several else ""
        head = (
            f"{self.label}{f'（{name}）' if name else ''}：读取 {s['rows_read']} 行"
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
            lines.append(f"  [{SEVERITY_CN[issue.severity]}] {issue.text(with_file=several)}")
        if self.issues.total > max_issues:
            lines.append(f"  ……另有 {self.issues.total - max_issues} 条，见 report.json 和 校验报告.xlsx")
        if (omitted := self.omitted_text()) is not None:
            lines.append(f"  {omitted}")
        return lines
