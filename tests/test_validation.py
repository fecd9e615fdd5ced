"""Every rule of the form's field validators, table-driven."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from knowledge.guide import load_guide
from knowledge.validation import (
    AGENCY_VALIDATORS,
    VALIDATORS,
    ValidationError,
    credit_code,
    email,
    other_id,
    phone,
    postcode,
    resident_id,
    text_field,
    validate_field,
)

TODAY = date(2025, 3, 5)
# The default agency, whose examples the phone and postcode messages give.
META = load_guide().meta
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def with_id_check(first17: str) -> str:
    """A resident ID completed with its GB 11643 check digit, computed independently of the module."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def with_credit_check(first17: str) -> str:
    """A credit code completed with its GB 32100 check character, computed independently of the module."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def wrong_last(code: str, alphabet: str) -> str:
    """The code with its last character replaced by another one from the alphabet."""
    return code[:-1] + next(c for c in alphabet if c != code[-1])


def rejects(func, text: str, *, contains: str = "", **kwargs) -> str:
    """Call a validator expecting a ValidationError; return its message after checking a fragment."""
    with pytest.raises(ValidationError) as info:
        func(text, **kwargs)
    message = str(info.value)
    assert contains in message, message
    return message


# ---------------------------------------------------------------- resident ID

# The two samples printed in GB 11643-1999, and one whose check digit was worked out by hand:
# 3·7+7·9+0·10+1·5+0·8+2·4+1·2+9·1+9·6+0·3+0·7+3·9+0·10+7·5+1·8+2·4+3·2 = 246, 246 mod 11 = 4 → "8".
GB_SAMPLE_IDS = ["11010519491231002X", "440524188001010014"]
KNOWN_IDS = ["11010519491231002X", "370102199003071238"]


def test_helper_agrees_with_known_ids():
    for known in GB_SAMPLE_IDS + KNOWN_IDS:
        assert with_id_check(known[:17]) == known


@pytest.mark.parametrize(
    "text, expected",
    [
        *[(i, i) for i in KNOWN_IDS],
        (with_id_check("37010219851231001"), with_id_check("37010219851231001")),
        (with_id_check("37010220000229002"), with_id_check("37010220000229002")),  # leap day
        (with_id_check("37010219000101003"), with_id_check("37010219000101003")),  # earliest date
        (with_id_check("37010220250305004"), with_id_check("37010220250305004")),  # born today
        ("11010519491231002x", "11010519491231002X"),  # lower-case x
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("11010519491231002Ⅹ", "11010519491231002X"),  # Roman numeral ten, folded by NFKC
        (" 110105 1949 1231 002X ", "11010519491231002X"),  # spaces inside
        ("110105-19491231-002X", "11010519491231002X"),
        ("110105\u30001949\u30001231\u3000002X", "11010519491231002X"),  # ideographic spaces
    ],
)
def test_resident_id_valid(text, expected):
    assert resident_id(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请填写"),
        ("   ", "请填写"),
        ("11010519491231002", "18位，您填写了17位"),  # 17 digits
        ("11010519491231002X1", "您填写了19位"),
        ("110105491231002", "15位的旧身份证号码"),
        ("11010519491231002A", "最后一位为数字或字母X"),
        ("1101051949123100X2", "前17位应为数字"),
        (with_id_check("37010219900230001"), "“19900230”不是有效的出生日期"),  # 30 February
        (with_id_check("37010219900001001"), "出生日期"),  # month 00
        (with_id_check("37010219901301001"), "出生日期"),  # month 13
        (with_id_check("37010219900132001"), "出生日期"),  # day 32
        (with_id_check("37010219500229001"), "出生日期"),  # not a leap year
        (with_id_check("37010218991231001"), "出生日期"),  # before 1900
        ("440524188001010014", "“18800101”不是有效的出生日期"),  # the GB sample: right check digit, born 1880
        (with_id_check("37010220250306001"), "出生日期"),  # tomorrow
        (with_id_check("37010220990101001"), "出生日期"),  # far future
        (wrong_last("11010519491231002X", "0123456789X"), "校验码"),
        (wrong_last(with_id_check("37010219851231001"), "0123456789X"), "校验码"),
    ],
)
def test_resident_id_invalid(text, fragment):
    message = rejects(resident_id, text, contains=fragment, today=TODAY)
    assert "例如" in message  # every message shows the right form


def test_resident_id_every_wrong_check_digit_is_caught():
    first17 = "37010219851231001"
    right = with_id_check(first17)
    for check in "0123456789X":
        if check != right[-1]:
            rejects(resident_id, first17 + check, contains="校验码", today=TODAY)


def test_resident_id_default_today_rejects_future_births():
    rejects(resident_id, with_id_check(f"370102{date.today().year + 1}0101001"), contains="出生日期")


# ---------------------------------------------------------------- other ID


@pytest.mark.parametrize(
    "text, expected",
    [
        ("E12345678", "E12345678"),
        ("e1234 5678", "E12345678"),
        ("Ｇ１２３４５６７８", "G12345678"),
        ("AB-123", "AB-123"),
        ("12345", "12345"),
        ("A" * 30, "A" * 30),
    ],
)
def test_other_id_valid(text, expected):
    assert other_id(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请填写"),
        ("1234", "5–30位"),
        ("A" * 31, "5–30位"),
        ("E1234#567", "字母、数字"),
        ("护照123456", "字母、数字"),
    ],
)
def test_other_id_invalid(text, fragment):
    rejects(other_id, text, contains=fragment)


# ---------------------------------------------------------------- credit code

KNOWN_CREDIT_CODES = ["91350100M000100Y43"]


def test_credit_helper_agrees_with_known_code():
    assert [with_credit_check(c[:17]) for c in KNOWN_CREDIT_CODES] == KNOWN_CREDIT_CODES


@pytest.mark.parametrize(
    "text, expected",
    [
        ("91350100M000100Y43", "91350100M000100Y43"),
        ("91350100m000100y43", "91350100M000100Y43"),  # lower case
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),  # full-width
        ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
        (with_credit_check("91370102MA3C12345"), with_credit_check("91370102MA3C12345")),
        (with_credit_check("12370100004567890"), with_credit_check("12370100004567890")),
        (with_credit_check("52370102HJKLMNPQR"), with_credit_check("52370102HJKLMNPQR")),
    ],
)
def test_credit_code_valid(text, expected):
    assert credit_code(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请填写"),
        ("91350100M000100Y4", "18位，您填写了17位"),
        ("91350100M000100Y431", "您填写了19位"),
        ("91350100M000100Y44", "校验码"),
        (wrong_last("91350100M000100Y43", CREDIT_ALPHABET), "校验码"),
        ("91350100I000100Y43", "含有I"),
        ("91350100O000100Y43", "含有O"),
        ("91350100Z000100Y43", "含有Z"),
        ("91350100S000100Y43", "含有S"),
        ("91350100V000100Y43", "含有V"),
        ("91350100v000100y43", "含有V"),  # lower-case forbidden letters too
        ("91350100#000100Y43", "数字和大写字母"),
        ("91350100中000100Y43", "数字和大写字母"),
    ],
)
def test_credit_code_invalid(text, fragment):
    message = rejects(credit_code, text, contains=fragment)
    assert "例如" in message


def test_credit_code_every_wrong_check_character_is_caught():
    for check in CREDIT_ALPHABET:
        if check != "3":
            rejects(credit_code, "91350100M000100Y4" + check, contains="校验码")


# ---------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "text, expected",
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("19912345678", "19912345678"),
        ("0531-88150105", "0531-88150105"),
        ("０５３１－８８１５０１０５", "0531-88150105"),
        ("0531 88150105", "0531-88150105"),
        ("053188150105", "0531-88150105"),
        ("(0531)88150105", "0531-88150105"),
        ("（０５３１）８８１５０１０５", "0531-88150105"),
        ("0531—88150105", "0531-88150105"),  # em dash from a Chinese keyboard
        ("0531-8815 0105", "0531-88150105"),
        ("0531-8655814", "0531-8655814"),  # 7-digit local number, as printed in the guide
        ("010-22345678", "010-22345678"),
        ("01022345678", "010-22345678"),
        ("+86 531 88150105", "0531-88150105"),
        ("0531-88150105转123", "0531-88150105转123"),
        ("0531-88150105 分机 123", "0531-88150105转123"),
        ("0531-88150105-123", "0531-88150105转123"),
    ],
)
def test_phone_valid(text, expected):
    assert phone(text, META) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请填写联系电话"),
        ("12345678901", "13–19开头"),
        ("10012345678", "13–19开头"),
        ("1381234567", "11位，您填写了10位"),
        ("138123456789", "您填写了12位"),
        ("88150105", "请加上区号"),
        ("8655814", "请加上区号"),
        ("0531-123", "7–8位数字"),
        ("0531-881501051", "7–8位数字"),
        ("010-12345678", "不以0或1开头"),
        ("0000-88150105", "区号"),
        ("138abc45678", "只能包含数字"),
        ("电话13812345678", "只能包含数字"),
        ("13812345678转1", "没有分机号"),
    ],
)
def test_phone_invalid(text, fragment):
    message = rejects(partial(phone, meta=META), text, contains=fragment)
    assert "0531" in message  # every message shows an example of the right form


def test_phone_missing_area_code_suggests_the_number_with_it():
    assert "0531-88150105" in rejects(partial(phone, meta=META), "88150105")


# ---------------------------------------------------------------- postcode, email


@pytest.mark.parametrize("text, expected", [("250000", "250000"), ("２５００１４", "250014"), (" 250 000 ", "250000")])
def test_postcode_valid(text, expected):
    assert postcode(text, META) == expected


@pytest.mark.parametrize("text", ["", "25000", "2500000", "25000A", "二五〇〇〇〇"])
def test_postcode_invalid(text):
    rejects(partial(postcode, meta=META), text, contains="6位数字")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("zhangsan@example.com", "zhangsan@example.com"),
        ("Zhang.San+gk@mail.example.com.cn", "Zhang.San+gk@mail.example.com.cn"),
        ("１２３４５＠ｑｑ．ｃｏｍ", "12345@qq.com"),  # full-width
        ("zhangsan@qq。com", "zhangsan@qq.com"),  # Chinese full stop typed for the dot
        (" zhangsan@qq.com ", "zhangsan@qq.com"),
        ("a-b_c@my-host.org", "a-b_c@my-host.org"),
    ],
)
def test_email_valid(text, expected):
    assert email(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请填写"),
        ("zhangsan.qq.com", "一个“@”"),
        ("a@b@qq.com", "一个“@”"),
        ("zhangsan@", "格式不正确"),
        ("@qq.com", "格式不正确"),
        ("zhangsan@qq", "格式不正确"),
        ("zhangsan@qq.c", "格式不正确"),
        ("zhang..san@qq.com", "格式不正确"),
        (".zhangsan@qq.com", "格式不正确"),
        ("zhangsan@-qq.com", "格式不正确"),
        ("张三@qq.com", "格式不正确"),
        ("a" * 95 + "@qq.com", "不能超过100个字符"),
    ],
)
def test_email_invalid(text, fragment):
    message = rejects(email, text, contains=fragment)
    assert "例如" in message


def test_email_at_the_length_limit_is_accepted():
    address = "a" * 93 + "@qq.com"
    assert len(address) == 100
    assert email(address) == address


# ---------------------------------------------------------------- free text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("张三", "张三"),
        ("  张　三 ", "张三"),  # spaces around and between Chinese characters
        ("John   Smith", "John Smith"),
        ("历下区\n解放东路９９号", "历下区解放东路99号"),  # full-width digits, a line break
        ("Ｒｏｏｍ ３０１", "Room 301"),
        (
            "关于印发《历下区某某办法》的通知（历下政办发〔2022〕3号）",
            "关于印发《历下区某某办法》的通知（历下政办发〔2022〕3号）",
        ),
        ("张\u200b三", "张三"),  # zero-width space from copy and paste
        ("a\tb", "a b"),
    ],
)
def test_text_field_cleans(text, expected):
    assert text_field(text, label="姓名", max_len=100) == expected


@pytest.mark.parametrize(
    "text, kwargs, fragment",
    [
        ("", {"max_len": 100}, "请填写姓名"),
        (" \n\t ", {"max_len": 100}, "请填写姓名"),
        ("张\x07三", {"max_len": 100}, "控制字符"),
        ("张\x00三", {"max_len": 100}, "控制字符"),
        ("张\x1b[31m三", {"max_len": 100}, "控制字符"),
        ("张" * 101, {"max_len": 100}, "不能超过100个字，您填写了101个字"),
        ("张", {"max_len": 100, "min_len": 2}, "至少需要2个字"),
    ],
)
def test_text_field_rejects(text, kwargs, fragment):
    rejects(text_field, text, contains=fragment, label="姓名", **kwargs)


@pytest.mark.parametrize(
    "key, limit",
    [
        ("name", 100),
        ("org_name", 100),
        ("legal_representative", 100),
        ("contact_person", 100),
        ("work_unit", 100),
        ("address", 200),
        ("info_title", 200),
        ("doc_number", 100),
        ("description", 2000),
        ("purpose", 500),
        ("id_type_other", 30),
    ],
)
def test_text_field_limits_by_key(key, limit):
    assert validate_field(key, "字" * limit, {}, META) == "字" * limit
    with pytest.raises(ValidationError, match=f"不能超过{limit}个字"):
        validate_field(key, "字" * (limit + 1), {}, META)


def test_huge_description_gets_the_limit_in_the_message():
    with pytest.raises(ValidationError) as info:
        validate_field("description", "请公开" * 3334, {}, META)
    message = str(info.value)
    assert "所需信息的内容描述" in message and "2000" in message and "10002" in message


# ---------------------------------------------------------------- by field key


def test_validators_cover_the_form_fields():
    expected = {
        "name",
        "credit_code",
        "legal_representative",
        "contact_person",
        "org_name",
        "address",
        "email",
        "work_unit",
        "info_title",
        "doc_number",
        "description",
        "purpose",
        "id_type_other",
    }
    assert set(VALIDATORS) == expected
    assert set(AGENCY_VALIDATORS) == {"phone", "postcode"}


def test_validator_keys_are_draft_fields():
    from handlers.draft import FIELD_BY_KEY

    assert set(VALIDATORS) | set(AGENCY_VALIDATORS) | {"id_number"} <= set(FIELD_BY_KEY)
    for key, validator in VALIDATORS.items():
        label = FIELD_BY_KEY[key].label
        if getattr(validator, "keywords", None):
            assert validator.keywords["label"] == label


@pytest.mark.parametrize(
    "id_type, value, expected",
    [
        ("resident_id", "11010519491231002x", "11010519491231002X"),
        (None, "11010519491231002x", "11010519491231002X"),  # resident ID unless told otherwise
        ("other", "e1234 5678", "E12345678"),
    ],
)
def test_id_number_follows_id_type(id_type, value, expected):
    draft = {"applicant_type": "citizen"} | ({"id_type": id_type} if id_type else {})
    assert validate_field("id_number", value, draft, META) == expected


def test_id_number_checked_as_resident_id_rejects_passport():
    with pytest.raises(ValidationError, match="18位"):
        validate_field("id_number", "E12345678", {"id_type": "resident_id"}, META)


def test_validate_field_dispatches_by_key():
    assert validate_field("phone", "138 1234 5678", {}, META) == "13812345678"
    assert validate_field("credit_code", "91350100m000100y43", {}, META) == "91350100M000100Y43"
    assert validate_field("postcode", "２５００００", {}, META) == "250000"
    with pytest.raises(KeyError):
        validate_field("carrier", "paper", {}, META)


def test_validation_error_is_a_value_error():
    assert issubclass(ValidationError, ValueError)
