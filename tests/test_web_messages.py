"""The web page rewrites the CLI's advice into the page's own words: each message with a CLI
option or command gets the wording of the page it is shown on, never another page's."""

from __future__ import annotations

from fupin_docs.app.web.messages import for_web
from fupin_docs.pipeline.inspect import CLI_HINTS


def test_the_ledger_without_a_year_is_not_told_about_a_units_workbook() -> None:
    said = for_web("台账中没有已公开的信息，也没有用 --year 指定年度：标题中不写年度（模板中的 {{ year }} 留空）",
                   "", "")
    assert "--year" not in said and "单位清单" not in said
    assert said.startswith("台账中没有已公开的信息")


def test_the_catalogue_unit_without_a_year_is_told_its_column() -> None:
    said = for_web("未填写年度，也没有用 --year 指定年度", "", "")
    assert said == "未填写年度，请在单位清单的「年度」列填写"


def test_inspect_hints_name_no_command_on_the_web() -> None:
    for code, hint in CLI_HINTS.items():
        said = for_web("说明" + hint, "", "")
        assert "--" not in said and "fupin-docs" not in said and "calendar " not in said, (code, said)
    said = for_web("说明" + CLI_HINTS["inspect.deadline.unchecked"], "", "")
    assert "「工作日历」页面" in said
