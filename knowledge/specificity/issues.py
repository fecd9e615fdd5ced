"""What is wrong with a description and what to write instead: each issue's message and suggestion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.guide import Guide, Meta
from knowledge.specificity.anchors import BLANKET, Anchors, mask_titles, meaningful_length
from knowledge.specificity.triggers import DISCLOSURE_VERB


class IssueCode(StrEnum):
    """What is wrong with a description, in DESIGN.md's order."""

    VAGUE = "vague"
    COMPLAINT = "complaint"
    CONSULTATION = "consultation"
    ANALYSIS = "analysis"
    MULTIPLE = "multiple"
    SPECIAL_REGISTRY = "special_registry"


@dataclass(frozen=True)
class Issue:
    """One problem: what is wrong and why (message), and what to write instead (suggestion)."""

    code: IssueCode
    message: str
    suggestion: str


_GUIDE_DESCRIPTION = (
    "《指南》二(三)2要求所需政府信息的内容描述“指向明确”，建议详尽提供所需政府信息的名称、文号或者便于行政机关"
    "查询的其他特征性描述（《条例》第二十九条）；描述不明确的，机关会一次性通知补正，答复期限从收到补正之日起"
    "重新计算（《条例》第三十条）"
)
_REGISTRY_NAMES = {
    "business": "工商（企业）登记资料",
    "real_estate": "不动产（房屋、土地）登记资料",
    "household": "户籍登记资料",
    "marriage": "婚姻登记资料",
}
# The guide (二(五)1(7)) says only that such records follow the laws and regulations that govern them, so the
# advice names the kind of record and that route, not offices the guide does not name.
_REGISTRY_ROUTE = "请按有关法律、行政法规规定的查询程序，向保管该登记资料的登记机关申请查询"


def vague_example(meta: Meta) -> str:
    """A description a clerk can search for, of the agency's district."""
    return f"2021年{meta.district}政府关于某某项目的批复文件"


def vague_issue(text: str, anchors: Anchors, meta: Meta) -> Issue:
    """Why a description cannot be searched for, and what it lacks."""
    length = meaningful_length(text)
    blanket = BLANKET.search(mask_titles(text))
    if blanket:
        reason = f"用了“{blanket.group()}”这类概括说法，却没有写明具体文件、发文机关或时间"
    elif length < 8:
        reason = f"描述过短（有效内容只有{length}个字），看不出要哪份信息"
    elif len(anchors.subject) < 2:
        reason = "只写了机关或时间，没有写明要的是哪方面的文件或记录"
    else:
        reason = "没有写明文件名称或文号，发文机关、时间、地点也不足以让机关检索到"
    missing = [
        label
        for label, kind in (("发文机关", "body"), ("时间", "time"), ("地点或项目名称", "place"))
        if kind not in anchors.kinds
    ]
    lacking = f"目前缺少：{'、'.join(missing)}。" if missing else ""
    return Issue(
        IssueCode.VAGUE,
        f"描述不够明确：{reason}。{_GUIDE_DESCRIPTION}。",
        f"{lacking}请写明发文机关、文件名称或文号、大致时间，例如：{vague_example(meta)}",
    )


def complaint_issue(trigger: str, guide: Guide) -> Issue:
    """A complaint sent to the agency's own channel (Art. 39)."""
    office = guide.place("complaint_office")
    return Issue(
        IssueCode.COMPLAINT,
        f"这是投诉、举报或信访诉求（“{trigger}”），不是要获取已有的政府信息。《条例》第三十九条：以政府信息公开"
        "申请的形式进行信访、投诉、举报等活动的，不作为政府信息公开申请处理，机关会告知通过相应渠道提出。",
        "请通过信访渠道、12345市民服务热线或主管部门的投诉举报渠道反映问题；认为本机关未依法履行政府信息公开义务的，"
        f"可向{office.name}投诉（{office.fields['phone']}，《指南》{office.section}）。"
        "政府信息公开申请须写明要获取的已有信息，例如：2023年某某街道办事处对某某小区物业收费问题作出的处理决定",
    )


_ASKING = re.compile(
    r"请问|(?<!申)请|解释|说明一下|讲解|讲讲|介绍一下|告诉我|咨询|一下|我想|想问|问问|您好|你好|谢谢|麻烦|"
    r"是什么|什么是|是啥|什么意思|啥意思|为什么|为何|怎么|如何|怎样|办理|需要|准备|什么|哪些|多少钱|有多少|是多少|多少|"
    r"能不能|可不可以|能否|可否|可以吗|吗|呢|吧|啊|[?？!！，,。；;□]|"
    rf"并|{DISCLOSURE_VERB}|{BLANKET.pattern}|文件|资料"
)


def consultation_topic(masked: str) -> str:
    """What a question is about, with the asking words stripped ("公租房申请条件"), or "" if none is clear."""
    chunks = _ASKING.sub(" ", masked).replace("的", "").split()
    topic = max(chunks, key=len, default="")
    # A topic about the asker's own case ("我家拆迁补偿比邻居低") names no document anyone could write.
    if not 2 <= len(topic) <= 12 or re.search(r"[我你他她]", topic):
        return ""
    return topic


def consultation_issue(trigger: str, masked: str, guide: Guide) -> Issue:
    """A question pointed to the agency's office's phone and to the document that answers it."""
    topic, district = consultation_topic(masked), guide.meta.district
    if topic:
        example = f"{district}关于{topic}的规定；知道文件名称的，可写成“《……{topic}》的文件”"
    else:
        example = f"{district}关于某某事项办理条件的规定（写明发文机关、文件名称和大致年份）"
    office = guide.place("receiving_office")
    return Issue(
        IssueCode.CONSULTATION,
        f"这是在咨询、请求解释（“{trigger}”），不是要获取已经制作或保存的政府信息。政府信息公开申请提供的是机关已有的记录，"
        "不是解答问题；不符合规定的申请，机关会说明情况或指引向相关单位咨询（《指南》二(五)3、《条例》第三十九条）。",
        f"咨询问题请致电{office.name}，电话{office.fields['phone']}，办公时间{office.fields['hours']}，"
        f"见《指南》{office.section}；或在区政府网站查阅已公开的政策文件；"
        f"如需要书面依据，可改为申请规定该事项的文件，例如：{example}",
    )


def analysis_issue(trigger: str, meta: Meta) -> Issue:
    """A request to compile or compute, turned into a request for the records that exist."""
    return Issue(
        IssueCode.ANALYSIS,
        f"要求机关对信息进行“{trigger}”等加工。《条例》第三十八条：需要对现有政府信息进行加工、分析的，"
        "行政机关一般不予提供（能作区分处理的除外）。",
        "请改为申请已有的记录：已形成的年度统计表、报表、政府信息公开工作年度报告中的表格或原始文件，写明年份和发文机关，"
        f"例如：{meta.district}2022年政府信息公开工作年度报告；拿到后可自行统计、比较。",
    )


def multiple_issue(items: tuple[str, ...]) -> Issue:
    """A bundle split into one application per item."""
    listed = "；".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    return Issue(
        IssueCode.MULTIPLE,
        f"描述里包含{len(items)}项不同的信息。《指南》二(四)1：一份申请包含多项内容的，可以按照“一事一申请”原则，"
        "以合理的最小单位拆分计算件数（按件计收信息处理费时件数会增加），各项也会分别检索和答复。",
        f"建议每项单独提交一份申请：{listed}",
    )


def registry_issue(kind: str, trigger: str) -> Issue:
    """Registration records sent to the registry's own procedure (guide 二(五)1(7))."""
    return Issue(
        IssueCode.SPECIAL_REGISTRY,
        f"所需信息属于{_REGISTRY_NAMES[kind]}（“{trigger}”）。《指南》二(五)1(7)：所申请公开信息属于工商、不动产登记资料等"
        "信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。",
        f"{_REGISTRY_NAMES[kind]}{_REGISTRY_ROUTE}；这类资料不通过政府信息公开申请提供。",
    )
