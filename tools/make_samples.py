"""Write the bundled sample inputs in samples/ (run: python tools/make_samples.py).

Samples are written with the same writer as `fupin-docs init`, so they are exactly what a
clerk fills in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fupin_docs.catalogue import ItemIndex
from fupin_docs.resources import load_schema
from fupin_docs.workbook import write_input_workbook

ROOT = Path(__file__).resolve().parent.parent
D = dt.date

SLIPS: list[dict[str, object]] = [
    dict(number="万扶公〔2026〕1号", title="万源市2026年度财政专项扶贫资金分配结果公告",
         office="规划财务股", drafter="李明", draft_date=D(2026, 3, 3), formed_date=D(2026, 3, 2),
         item="扶贫资金/财政专项扶贫资金分配结果", category="重大决策", disclosure="主动公开",
         summary="2026年度中央、省、市财政专项扶贫资金共计8,650万元的分配结果：资金名称、分配对象、"
                 "分配金额及用途。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布", "政策解读"],
         office_head_opinion="内容真实完整，建议主动公开。", deputy_name="王建国",
         deputy_opinion="同意公开。", deputy_date=D(2026, 3, 4), head_name="陈志强",
         head_opinion="同意。", head_date=D(2026, 3, 5), planned_date=D(2026, 3, 6),
         published_date=D(2026, 3, 6), publisher="张丽"),
    dict(number="万扶公〔2026〕2号", title="关于调整局领导班子成员工作分工的通知",
         office="办公室", drafter="赵敏", draft_date=D(2026, 3, 9), formed_date=D(2026, 3, 9),
         item="机构信息/领导分工", category="一般性文件", disclosure="主动公开",
         summary="局领导班子成员分工调整后的姓名、职务、分管工作。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "两微一端"], ways=["全文发布"],
         office_head_opinion="拟公开。", deputy_name="王建国", deputy_opinion="同意公开。",
         deputy_date=D(2026, 3, 10), published_date=D(2026, 3, 11), publisher="赵敏"),
    dict(number="万扶公〔2026〕3号", title="2026年度脱贫攻坚项目库建设申报结果公示",
         office="项目股", drafter="刘洋", draft_date=D(2026, 4, 2), formed_date=D(2026, 4, 1),
         item="扶贫项目/项目库建设", category="重大决策", disclosure="主动公开",
         summary="项目库规模：入库项目126个、总投资2.3亿元；项目名单见附件。\n申报流程：村申报、乡审核、县审定。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布", "图解"],
         office_head_opinion="同意公示。", deputy_name="孙立", deputy_opinion="同意。",
         deputy_date=D(2026, 4, 7), head_name="陈志强", head_opinion="同意公开。",
         head_date=D(2026, 4, 8), planned_date=D(2026, 4, 9), published_date=D(2026, 4, 9),
         publisher="刘洋"),
    dict(number="万扶公〔2026〕4号", title="2026年扶贫小额信贷发放情况",
         office="开发股", drafter="周倩", draft_date=D(2026, 6, 30), formed_date=D(2026, 6, 30),
         item="扶贫资金/精准扶贫贷款", category="一般性文件", disclosure="删减后公开",
         reason="涉及贷款户个人信息，删除身份证号码、银行账号后公开（个人信息去标识化）",
         summary="扶贫小额信贷的贷款对象、用途、额度、期限、利率等情况。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布"],
         office_head_opinion="删减个人信息后公开。", deputy_name="孙立", deputy_opinion="同意。",
         deputy_date=D(2026, 7, 1), published_date=D(2026, 7, 2), publisher="周倩"),
    dict(number="万扶公〔2026〕5号", title="建档立卡贫困户动态调整内部核查工作底稿",
         office="开发股", drafter="周倩", draft_date=D(2026, 8, 14), formed_date=D(2026, 8, 13),
         item="工作信息/精准识别—建档立卡工作", category="一般性文件", disclosure="不予公开",
         reason="内部工作底稿，属过程性信息（《中华人民共和国政府信息公开条例》第十六条）",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         office_head_opinion="建议不予公开。", deputy_name="孙立", deputy_opinion="同意不予公开。",
         deputy_date=D(2026, 8, 17)),
    dict(number="万扶公〔2026〕6号", title="国庆期间脱贫攻坚工作动态",
         office="办公室", drafter="赵敏", draft_date=D(2026, 9, 29), formed_date=D(2026, 9, 29),
         item="工作信息/日常工作—日常工作", category="一般性文件", disclosure="主动公开",
         summary="驻村工作队国庆期间走访脱贫户、开展“爱心帮扶日”活动情况。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["两微一端"], ways=["全文发布"], office_head_opinion="拟公开。",
         deputy_name="王建国", deputy_opinion="同意。", deputy_date=D(2026, 9, 30),
         published_date=D(2026, 10, 12), publisher="赵敏",
         remarks="节后补发，已说明原因。"),
    dict(number="万扶公〔2026〕7号", title="关于石窝镇产业路项目实施的公告",
         office="项目股", drafter="刘洋", draft_date=D(2026, 9, 30), formed_date=D(2026, 9, 30),
         item="扶贫项目/项目实施", category="重大决策", disclosure="主动公开",
         summary="项目名称：石窝镇产业路硬化工程；资金来源：财政专项扶贫资金&县级配套；实施期限：2026年10月至12月；"
                 "绩效目标：硬化道路3.2公里；实施单位及责任人：石窝镇人民政府（责任人：何勇）；"
                 "受益对象：沿线3个村农户<共412户>；带贫减贫机制：优先聘用脱贫户务工。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布"],
         office_head_opinion="同意公告。", deputy_name="孙立", deputy_opinion="同意。",
         deputy_date=D(2026, 10, 8), head_name="陈志强", head_opinion="同意公开。",
         head_date=D(2026, 10, 8), planned_date=D(2026, 10, 9), published_date=D(2026, 10, 9),
         publisher="刘洋"),
    dict(number="万扶公〔2026〕8号", title="万源市扶贫移民工作局办事指南（2026年版）",
         office="综合股", drafter="黄静", draft_date=D(2026, 11, 18), formed_date=D(2026, 11, 18),
         item="服务信息/办事指南", category="一般性文件", disclosure="主动公开",
         summary="法律依据、服务内容、申请条件、申请材料、办理程序、办理时限、收费标准、查询电话、投诉电话。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "政务服务中心"], ways=["全文发布"], office_head_opinion="拟公开。",
         deputy_name="王建国", planned_date=D(2026, 11, 20)),
]


def main() -> None:
    from fupin_docs.init_workbooks import SLIP_NOTES

    out = ROOT / "samples" / "处理单.xlsx"
    write_input_workbook(out, [(load_schema("slip"), SLIPS)],
                         {"catalogue-items": ItemIndex.default().labels()}, SLIP_NOTES)
    print(out)


if __name__ == "__main__":
    main()
