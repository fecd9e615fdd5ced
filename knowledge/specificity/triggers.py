"""The words that give an issue away: a complaint, a question to be answered, work asked of the agency, or a
special registry. Each trigger reads a description with its document titles masked out."""

from __future__ import annotations

import re

_COMPLAINT_WORDS = r"投诉|举报|检举|控告|信访|上访"
# A complaint word followed by a noun (投诉处理办法, 信访举报工作) names a topic of records, not a grievance.
_COMPLAINT_WORD = re.compile(
    rf"(?:{_COMPLAINT_WORDS})"
    rf"(?!{_COMPLAINT_WORDS})"
    r"(?!(?:处理|受理|办理|奖励|工作|办法|规定|制度|条例|电话|热线|渠道|平台|信箱|方式|流程|程序|案件|件|事项|"
    r"数量|统计|情况|记录|台账|答复|结果|意见|告知书|中心|办公室|局|部门|机构|人员|的处理|的答复|的办理))"
)
_ACTION_VERB = (
    r"处理|解决|查处|整治|制止|取缔|拆除|管一管|管管|调查|督促|整改|追究|赔偿|退还|介入|协调|责令|纠正|撤销|主持公道"
)
DISCLOSURE_VERB = r"公开|提供|申请|获取|查阅|复制|出具|告知|给我|发我|发给我|寄给我"
_COMPLAINT_ACTION = re.compile(
    rf"(?:请|麻烦|希望|恳请|要求|请求|盼望?|敦促)(?:(?!{DISCLOSURE_VERB})[^，,。；;！!？?]){{0,12}}?"
    rf"(?:{_ACTION_VERB})(?!结果|决定|意见|情况|费|办法|规定|方案|工作|依据|标准|程序)"
)
_COMPLAINT_PHRASE = re.compile(
    r"反映[^。；;！!？?]{0,30}?(?:问题|情况|诉求|无果)|多次反映|督促[^。；;！!？?]{0,20}?(?:解决|处理|整改|落实)|"
    r"尽快(?:解决|处理|整改)|恳请领导|请领导|依法查处|严肃处理|严肃查处|追究[^，,。；;]{0,10}责任|"
    r"讨(?:个|一个)?说法|给(?:个|一个|我们|我)?说法|维权|没人管|无人管|不作为"
)
_EXPLAIN = re.compile(
    r"解释|讲解|讲一讲|讲讲|解答|介绍一下|说明一下|告诉我|咨询|是什么|什么是|是啥|啥是|什么意思|啥意思|为什么|为何|凭什么|"
    r"怎么(?:办|办理|申请|弄|处理|算|计算|回事|样|查)|如何(?:办理|申请|处理|计算|认定|查询|操作|才能)|怎样(?:办理|申请|才能)|"
    r"(?:条件|标准|流程|程序|手续|材料|要求)(?:是|有)(?:什么|哪些|啥)|"
    r"(?:需要|要|得)(?:准备|带|提交)?(?:什么|哪些|啥)(?:材料|条件|手续|证件|资料)|多少钱|什么时候(?:能|可以|开始|发放|到)|"
    r"(?:一共|总共|共)有?多少|有多少|是多少|"
    r"(?:说明|告知|告诉)[^，,。；;]{0,20}?(?:原因|理由)|(?:告知|告诉我?|了解)[^，,。；;]{0,20}?(?:怎么|如何|为什么|是否|什么标准)|"
    r"(?:按|是)什么标准|怎么划分|如何划分"
)
_QUESTION = re.compile(r"请问|能不能|可不可以|能否|可否|是否可以|行不行|有没有|吗\s*[?？]?\s*$|[?？]\s*$")
# Colloquial ways of asking for a record ("我想查…", "能调阅…吗") that make a question a request.
_DISCLOSURE_REQUEST = re.compile(rf"{DISCLOSURE_VERB}|(?:想|要|能|可以)(?:查|看|要|拿|调)|查看|索取|调阅|调取")
_ANALYSIS_WORD = re.compile(
    r"汇总|统计|分析|比较|对比|整理|计算|核算|测算|归纳|总结|梳理|汇编|排名|排序|列表|列出|制表|做成表格?|算出|算一下|"
    r"合计|加总|求和|平均"
)
# "统计公报", "分析报告", "计算依据": the word names an existing record, not work asked of the agency.
_ANALYSIS_NOUN_AFTER = re.compile(
    r"局|公报|年鉴|报表|月报|年报|快报|表|报告|结果|数据|口径|制度|工作|部门|科|办法|规定|中心|站|所|资料|调查|"
    r"依据|标准|方法|公式|方式|明细|书|单|口|范围"
)
_ANALYSIS_VERB_BEFORE = re.compile(
    rf"(?:请|帮|替|给我|把|进行|做|并|再|然后|按照?|分别|需要|要求)(?:(?!{DISCLOSURE_VERB})[^，,。；;]){{0,12}}$"
)
_RULES_AFTER = re.compile(r"[^，,。；;]{0,8}?(?:规定|办法|流程|条件|制度|政策|通知|规范|指南|标准|细则|条例|工作)")
_REGISTRY = (
    (
        "business",
        re.compile(
            r"工商(?:注册)?登记|工商档案|工商信息|工商注册|企业(?:注册)?登记(?:资料|档案|信息|材料)|企业档案|"
            r"公司(?:注册|工商)(?:登记)?(?:资料|档案|信息)|注册登记(?:资料|档案|信息|材料)|营业执照|股东(?:信息|名册)"
        ),
    ),
    (
        "real_estate",
        re.compile(
            r"(?:不动产|房产|房屋|土地|产权)(?:权属)?登记(?!中心|机构|局|部门|工作|条例|办法|规定|暂行|收费)|"
            r"房产证|不动产权证|产权证|房屋(?:权属|产权)(?:信息|资料|档案|情况)|产权(?:档案|信息|人)|房产档案"
        ),
    ),
    (
        "household",
        re.compile(
            r"户籍(?!制度|改革|管理|政策|工作|人口)|户口(?:迁移|迁入|迁出|变更|登记)?(?:记录|信息|档案|资料|簿|本|证明)|"
            r"人口登记"
        ),
    ),
    ("marriage", re.compile(r"婚姻登记(?:档案|资料|信息|记录)|结婚登记(?:档案|资料|记录)|离婚登记(?:档案|资料|记录)")),
)


def complaint_trigger(masked: str) -> str | None:
    """The words that make the description a complaint, report or petition (Art. 39), if any."""
    asks_for_record = bool(_DISCLOSURE_REQUEST.search(masked))
    for match in _COMPLAINT_WORD.finditer(masked):
        # "对我投诉的违建作出的处理决定书": the complaint is the context of a record asked for, not the request.
        if not (asks_for_record and masked.startswith("的", match.end())):
            return match.group()
    for pattern in (_COMPLAINT_ACTION, _COMPLAINT_PHRASE):
        found = pattern.search(masked)
        if found:
            return found.group()
    return None


def consultation_trigger(masked: str) -> str | None:
    """The words that make the description a question to be answered rather than a record to be found."""
    match = _EXPLAIN.search(masked)
    if match:
        return match.group()
    # "请问能否公开…" is a polite request for a record; only a question that asks for nothing is a consultation.
    match = _QUESTION.search(masked)
    if match and not _DISCLOSURE_REQUEST.search(masked):
        return match.group()
    return None


# Asking the agency to make a document for the applicant: information that would need creating (Art. 38).
_MAKE_FOR_ME = re.compile(
    r"(?:为我|帮我|给我|替我|为本人)(?:制作|编制|做|整理|汇总|出具)|(?:制作|做|编制)(?:一|1)(?:份|张|个)"
)
# "按什么标准计算": asks how something was computed, which is a question, not work asked of the agency.
_HOW_BEFORE = re.compile(r"(?:什么|怎么|如何|怎样|哪种)[^，,。；;]{0,4}$")


def analysis_trigger(masked: str) -> str | None:
    """The words that ask the agency to compile, compute, compare or make a document (Art. 38), if any."""
    if match := _MAKE_FOR_ME.search(masked):
        return match.group()
    for match in _ANALYSIS_WORD.finditer(masked):
        if _HOW_BEFORE.search(masked[: match.start()]):
            continue
        before, after = masked[: match.start()], masked[match.end() :]
        if _ANALYSIS_VERB_BEFORE.search(before) or not _ANALYSIS_NOUN_AFTER.match(after):
            return match.group()
    return None


def registry_trigger(masked: str) -> tuple[str, str] | None:
    """Which special registry the description asks into, and the words that show it."""
    for kind, pattern in _REGISTRY:
        for match in pattern.finditer(masked):
            # "营业执照办理的相关规定" asks for the rules about a registry, which are ordinary information.
            if not _RULES_AFTER.match(masked, match.end()):
                return kind, match.group()
    return None
