"""Write the bundled sample inputs in samples/ (run: python tools/make_samples.py).

Samples are written with the same writer as `fupin-docs init`, so they are exactly what a
clerk fills in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fupin_docs.kinds.blank import write_input_workbook
from fupin_docs.resources import load_schema
from fupin_docs.standard.catalogues.model import ItemIndex

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


# 标准目录: units with different level columns, one 不适用 with a reason, one adding
# 防止返贫监测 (after 2021), one on the 万源 catalogue.
UNITS: list[dict[str, object]] = [
    dict(unit="伊美区", base="扶贫领域基层政务公开标准目录", level_1="区级", level_2="镇级",
         year=2026, remarks="与伊美区农业农村局印发的标准目录一致"),
    dict(unit="红星县", base="扶贫领域基层政务公开标准目录",
         title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接基层政务公开标准目录",
         level_1="县级", level_2="乡、村级",
         publishers="县级扶贫部门=红星县乡村振兴局；县级人民政府=红星县人民政府", year=2026),
    dict(unit="石窝镇", base="扶贫领域基层政务公开标准目录", level_1="镇级", level_2="村级",
         publishers="县级人民政府、乡镇人民政府=石窝镇人民政府；县级扶贫部门、乡镇人民政府=石窝镇人民政府",
         year=2026),
    dict(unit="万源市扶贫移民工作局", base="万源市扶贫工作公开事项目录", level_1="市级",
         level_2="乡、村级", year=2026),
]

ADAPTATIONS: list[dict[str, object]] = [
    dict(unit="红星县", action="新增", item="防止返贫监测/监测对象识别",
         elements="监测对象范围（脱贫不稳定户、边缘易致贫户、突发严重困难户）\n"
                  "识别程序（农户申请、入户核实、村级评议、乡镇审核、县级确定）\n监测对象名单",
         basis="《中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见》",
         deadline="信息形成（变更）20个工作日内",
         publisher="红星县乡村振兴局、各乡镇人民政府、村委会",
         channels=["社区/企事业单位/村公示栏（电子屏）"], audiences=["特定群众"], modes=["主动"],
         levels="乡、村级"),
    dict(unit="红星县", action="新增", item="防止返贫监测/帮扶措施",
         elements="·帮扶政策\n·帮扶措施落实情况\n·风险消除情况",
         basis="《中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见》",
         deadline="信息形成（变更）20个工作日内", publisher="红星县乡村振兴局、各乡镇人民政府",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], audiences=["全社会"],
         modes=["主动"], levels="县级、乡、村级"),
    dict(unit="红星县", action="修改", item="扶贫资金/精准扶贫贷款", channels_add=["政府网站"],
         remarks="贷款情况同时在政府网站公开"),
    dict(unit="石窝镇", action="不适用",
         item="扶贫资金/行业扶贫相关财政资金和东西部扶贫协作财政支援资金使用情况",
         reason="本镇不是行业扶贫资金和东西部扶贫协作资金的主管部门，由县级主管部门公开"),
    dict(unit="石窝镇", action="修改", item="全部事项", channels_add=["便民服务站"],
         remarks="镇便民服务站同步公开"),
]


SIGNER = "万源市扶贫开发局政务公开督查小组"
INSPECTIONS: list[dict[str, object]] = [
    dict(number="万扶督〔2026〕3号", unit="规划财务股", inspect_date=D(2026, 9, 28),
         members=["王建国", "李明", "张丽"], basis="《万源市扶贫工作公开规范》第8.2条",
         content="2026年1—9月扶贫资金信息公开和政务公开信息处理单、发布台账填写情况",
         filed_date=D(2026, 10, 9), doc_date=D(2026, 9, 30),
         signer=SIGNER),
    dict(number="万扶督〔2026〕4号", unit="项目股", inspect_date=D(2026, 9, 29),
         members=["王建国", "刘洋"], basis="《万源市扶贫工作公开规范》第8.2条",
         content="2026年度扶贫项目库建设和项目实施信息公开情况",
         filed_date=D(2026, 10, 10), doc_date=D(2026, 10, 9),
         signer=SIGNER),
    dict(number="万扶督〔2026〕5号", unit="石窝镇人民政府", inspect_date=D(2026, 10, 13),
         members=["孙立", "周倩"], basis="《万源市扶贫工作公开规范》第7条、第8.2条",
         content="镇、村两级公示栏扶贫信息公开和办事指南更新情况",
         filed_date=D(2026, 10, 16), doc_date=D(2026, 10, 15),
         signer=SIGNER),
]

PROBLEMS: list[dict[str, object]] = [
    dict(number="万扶督〔2026〕3号", unit="规划财务股",
         problem="2026年度财政专项扶贫资金分配结果下达后，未在政府网站公开",
         item="扶贫资金/财政专项扶贫资金分配结果",
         opinion="在政府网站补充公开资金名称、分配对象、分配金额及用途，并在村公示栏同步公示",
         deadline="10个工作日", review_date=D(2026, 10, 20), result="已整改",
         review_note="已于2026年10月14日在政府网站和各村公示栏公开。"),
    dict(number="万扶督〔2026〕3号", unit="规划财务股",
         problem="政务公开信息发布台账未记录审签日期和公开渠道，无法核查是否按时公开",
         item="第5.5条", opinion="补全2026年1—9月发布台账，逐条填写审签日期、公开日期和公开渠道",
         deadline="2026-10-30", review_date=D(2026, 11, 2), result="部分整改",
         review_note="已补全6月以后台账，1—5月台账仍缺审签日期。"),
    dict(number="万扶督〔2026〕3号", unit="规划财务股",
         problem="3份政务公开信息处理单未填写涉密性审查即送领导审签",
         item="第5.1条",
         opinion="对已公开信息补做涉密性审查，今后送审签前完成真实性、完整性、涉密性核对",
         deadline="15个工作日", review_date=D(2026, 10, 15), result="已整改"),
    dict(number="万扶督〔2026〕4号", unit="项目股",
         problem="石窝镇产业路项目实施公告缺少绩效目标和带贫减贫机制",
         item="扶贫项目/项目实施", opinion="按标准目录要素补充公告内容后重新公告",
         deadline="2026-10-31", review_date=D(2026, 11, 3), result="未整改",
         review_note="公告未修改，股室称等待镇政府提供数据。"),
    dict(number="万扶督〔2026〕4号", unit="项目股",
         problem="2026年度项目库入库项目公示时间不足，未保存公示照片",
         item="扶贫项目/项目库建设", opinion="重新公示不少于10日，并留存公示照片备查",
         deadline="20个工作日"),
    dict(number="万扶督〔2026〕4号", unit="项目股",
         problem="项目竣工验收结果未在村公示栏公示",
         item="扶贫项目/项目验收", opinion="在项目所在村公示栏公示验收结果，公示后报送照片",
         deadline="2026-12-15"),
    dict(number="万扶督〔2026〕5号", unit="石窝镇人民政府",
         problem="村公示栏张贴的脱贫户名单含有身份证号码和银行账号",
         item="第7.1条", opinion="立即撤下并去除身份证号码、银行账号等个人信息后重新张贴",
         deadline="5个工作日", review_date=D(2026, 10, 19), result="已整改",
         review_note="已撤换，核查全镇12个村公示栏，未发现同类问题。"),
    dict(number="万扶督〔2026〕5号", unit="石窝镇人民政府",
         problem="镇便民服务中心办事指南仍为2019年版本，未按年度更新",
         item="服务信息/办事指南", opinion="更新办事指南，在便民服务中心和政府网站同步发布",
         deadline="2026-11-13", review_date=D(2026, 11, 16), result="已整改",
         review_note="便民服务中心和政府网站均已发布2026年版办事指南。"),
]


def make_slips() -> Path:
    from fupin_docs.kinds.blank import SLIP_NOTES

    out = ROOT / "samples" / "处理单.xlsx"
    write_input_workbook(out, [(load_schema("slip"), SLIPS)],
                         {"catalogue-items": ItemIndex.default().labels()}, SLIP_NOTES)
    return out


def make_catalogue() -> Path:
    from fupin_docs.kinds.blank import CATALOGUE_NOTES
    from fupin_docs.standard.catalogues.model import BUILTIN, builtin_catalogue

    labels = ["全部事项", *(i.label for n in BUILTIN for i in builtin_catalogue(n).items)]
    out = ROOT / "samples" / "单位.xlsx"
    write_input_workbook(
        out,
        [(load_schema("catalogue_units"), UNITS), (load_schema("catalogue_adapt"), ADAPTATIONS)],
        {"catalogue-items": labels}, CATALOGUE_NOTES,
    )
    return out


def make_letters() -> Path:
    from fupin_docs.kinds.blank import LETTER_NOTES

    out = ROOT / "samples" / "督查.xlsx"
    write_input_workbook(out, [(load_schema("letter_inspection"), INSPECTIONS),
                               (load_schema("letter_problem"), PROBLEMS)], {}, LETTER_NOTES)
    return out


MAKERS = {"slips": make_slips, "letters": make_letters, "catalogue": make_catalogue}


def main(names: list[str]) -> None:
    for name in names or list(MAKERS):
        print(MAKERS[name]())


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
