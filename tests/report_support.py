"""What the report answerer's tests share."""

from knowledge.reports import ReportAnswerer, ReportFocus, ReportReply


def ask(reports: ReportAnswerer, question: str, previous: ReportFocus | None = None) -> ReportReply:
    """The reply to a question the answerer must answer."""
    reply = reports.answer(question, previous=previous)
    assert reply is not None, question
    return reply
