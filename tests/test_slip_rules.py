"""One test (at least) per rule of the processing slip, named after its clause."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fupin_docs.inputs.validate import SchemaChecker, make_record
from fupin_docs.inputs.workbook import Column, RawRow, Table
from fupin_docs.kinds.slip import KIND, timeliness
from fupin_docs.outputs.report import Issue
from fupin_docs.resources import load_schema
from fupin_docs.standard.calendar.workdays import WorkdayCalendar
from fupin_docs.standard.catalogues.model import ItemIndex
from fupin_docs.standard.rules import RunContext, apply_rules
from tests.helpers import good_slip

D = dt.date
SCHEMA = load_schema("slip")
COLUMNS = {name: Column(i, p["title"]) for i, (name, p) in enumerate(SCHEMA["properties"].items(), 1)}


def run(rows: list[dict[str, Any]]) -> list[list[Issue]]:
    checker = SchemaChecker(SCHEMA)
    table = Table(file="t.xlsx", sheet="处理单", columns=COLUMNS, header_row=1)
    ctx = RunContext(calendar=WorkdayCalendar(), items=ItemIndex.default())
    out = []
    for i, values in enumerate(rows, start=2):
        rec = make_record(table, RawRow(row=i, record=i - 1, values=values), checker)
        apply_rules(KIND.rules, rec, ctx)
        out.append(rec.issues)
    return out


def one(**overrides: Any) -> list[Issue]:
    return run([good_slip(**overrides)])[0]


def codes(issues: list[Issue]) -> set[str]:
    return {i.code for i in issues}


def test_good_row_has_no_issues() -> None:
    assert one() == []


def test_schema_required_field_names_cell() -> None:
    issues = one(title=None)
    (issue,) = issues
    assert issue.code == "schema.required" and issue.column == "信息标题"
    assert issue.column_letter == "B" and issue.row == 2
    assert issue.text() == "处理单!B2 第2行 信息标题：必填，不能为空（附录C）"


def test_schema_enum_and_date_messages() -> None:
    issues = one(category="普通文件", draft_date="明天")
    msgs = {i.field: i.message for i in issues}
    assert "一般性文件、重大决策" in msgs["category"]
    assert "不是有效日期" in msgs["draft_date"]


def test_number_pattern_requires_hexagonal_brackets() -> None:
    # [2026] and (2026) are read as 〔2026〕 (inputs.values.doc_number, tests/test_doc_number.py);
    # a number with no bracketed year at all is still wrong, and the message shows 〔〕
    assert one(number="万扶公[2026]1号") == []
    (issue,) = one(number="万扶公2026-1号")
    assert issue.field == "number" and "〔" in issue.message


def test_clause_5_1_checks_before_signoff() -> None:
    issues = one(check_complete="未核对")
    (issue,) = issues
    assert issue.code == "slip.checks.before_signoff" and issue.clause == "第5.1条"
    assert issue.field == "check_complete"


def test_clause_5_1_unsigned_draft_may_be_unchecked() -> None:
    assert one(check_complete="未核对", deputy_name=None, deputy_opinion=None,
               deputy_date=None, published_date=None, publisher=None) == []


def test_clause_5_1_secret_information_not_published() -> None:
    issues = one(check_secret="涉密")
    assert "slip.secret" in codes(issues)


def test_clause_5_2_general_document_needs_deputy() -> None:
    issues = one(deputy_name=None, deputy_date=None)
    found = [i for i in issues if i.code == "slip.signoff.deputy"]
    assert {i.field for i in found} == {"deputy_name", "deputy_date"}
    assert all(i.clause == "第5.2条" for i in found)


def test_clause_5_3_major_decision_needs_head() -> None:
    issues = one(category="重大决策")
    found = [i for i in issues if i.code == "slip.signoff.head"]
    assert {i.field for i in found} == {"head_name", "head_date"}
    assert found[0].clause == "第5.3条"
    assert found[0].column == "主要领导"


def test_clause_5_3_major_decision_with_head_passes() -> None:
    assert one(category="重大决策", head_name="陈志强", head_date=D(2026, 3, 4)) == []


def test_clause_5_4_late_after_signoff_is_a_warning() -> None:
    # signed 2026-03-04 (Wed); 1 working day -> 03-05; published 03-09 (Mon) = 2 days late
    issues = one(published_date=D(2026, 3, 9))
    late = [i for i in issues if i.clause == "第5.4条"]
    assert len(late) == 1 and late[0].severity == "warning"
    assert "2026年3月5日" in late[0].message and "晚2个工作日" in late[0].message


def test_clause_6_1_general_three_working_days() -> None:
    # a 万源 item (no deadline of its own): 3 working days after formation
    issues = one(item="机构信息/领导分工", formed_date=D(2026, 9, 29), draft_date=D(2026, 9, 29),
                 deputy_date=D(2026, 9, 30), published_date=D(2026, 10, 12))
    late = [i for i in issues if i.code == "slip.deadline" and i.clause == "第6.1条"]
    assert len(late) == 1
    assert "3个工作日" in late[0].message and "2026年10月9日" in late[0].message
    assert late[0].severity == "warning"


def test_clause_6_1_catalogue_item_sets_its_own_deadline() -> None:
    # item with 20 working days: formed 09-30, published 10-09 is on time
    values = {"item": "扶贫项目/项目实施", "formed_date": D(2026, 9, 30),
              "published_date": D(2026, 10, 9)}
    ctx = RunContext(calendar=WorkdayCalendar(), items=ItemIndex.default())
    (t,) = timeliness(values, ctx)
    assert t.on_time is True
    assert "20个工作日" in t.rule and "项目实施" in t.rule
    assert t.due == WorkdayCalendar().add_workdays(D(2026, 9, 30), 20)


def test_clause_6_1_fund_allocation_fifteen_days() -> None:
    ctx = RunContext(calendar=WorkdayCalendar(), items=ItemIndex.default())
    (t,) = timeliness({"item": "扶贫资金/财政专项扶贫资金分配结果",
                       "formed_date": D(2026, 3, 2)}, ctx)
    assert "15个工作日" in t.rule and "资金分配结果下达" in t.rule
    assert t.due == D(2026, 3, 23)


def test_clause_6_1_year_end_item() -> None:
    ctx = RunContext(calendar=WorkdayCalendar(), items=ItemIndex.default())
    (t,) = timeliness({"item": "扶贫资金/精准扶贫贷款", "formed_date": D(2026, 6, 30)}, ctx)
    assert t.due == D(2026, 12, 31)


def test_item_must_be_in_catalogue() -> None:
    (issue,) = one(item="扶贫资金/不存在的事项")
    assert issue.code == "slip.item.known" and issue.clause == "第4.2条"


def test_reason_required_for_withheld() -> None:
    issues = one(disclosure="不予公开", published_date=None, channels=None, ways=None)
    assert codes(issues) == {"slip.reason.required"}


def test_withheld_has_no_publication_date() -> None:
    issues = one(disclosure="不予公开", reason="内部过程性信息")
    assert codes(issues) == {"slip.withheld.unpublished"}


def test_published_needs_channels_and_ways() -> None:
    issues = one(channels=None, ways=None)
    assert {(i.field, i.clause) for i in issues} == {("channels", "第7.1条"), ("ways", "第7.3条")}


def test_channel_aliases_from_the_standard() -> None:
    assert one(channels="门户网站；政务微信，公示栏") == []


def test_dates_in_order() -> None:
    issues = one(draft_date=D(2026, 3, 1))  # drafted before the information was formed
    (issue,) = issues
    assert issue.code == "slip.dates.order" and issue.field == "draft_date"
    # the dates as every other message writes them, not ISO
    assert "（2026年3月1日）早于" in issue.message and "-03-" not in issue.message


def test_published_before_signoff_is_an_error() -> None:
    issues = one(published_date=D(2026, 3, 3))
    assert any(i.code == "slip.dates.order" and i.field == "published_date" for i in issues)


def test_unique_number_names_first_row() -> None:
    first, second = run([good_slip(1), good_slip(1, title="另一条")])
    assert first == []
    (issue,) = second
    assert issue.code == "slip.number.unique" and "第2行" in issue.message


def test_number_year_mismatch_is_a_warning() -> None:
    (issue,) = one(number="万扶公〔2025〕1号")
    assert issue.severity == "warning" and issue.code == "slip.number.year"


@pytest.mark.parametrize("text", ["2026-03-03", "2026/3/3", "2026.3.3", "2026年3月3日", "20260303",
                                  "２０２６年３月３日", 46084])
def test_accepted_date_forms(text: Any) -> None:
    assert one(draft_date=text) == []


def test_aliases_folding_to_one_channel_are_not_duplicates() -> None:
    assert one(channels="政府网站、微信、微博") == []


def test_personal_data_warned_for_redacted_publication_too() -> None:
    issues = one(disclosure="删减后公开", reason="去标识化后公开",
                 summary="户主张三，身份证号11010519491231002X")
    (issue,) = issues
    assert issue.code == "privacy.personal_data" and issue.severity == "warning"
    assert "删减后公开" in issue.message and "11010519491231002X" not in str(issue.value)


def test_date_typed_as_a_number() -> None:
    assert one(published_date=20260305) == []
