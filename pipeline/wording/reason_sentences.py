"""Why an activity has its status, in the report's language.

The status rules give a Reason (pipeline/status/reasons.py: a kind and its values); this
says it with the Language's catalogue, dates and typography. In English it is exactly
ActivityStatus.reason. A status read back from a stored snapshot has no Reason, only its
English sentence, which is then used as it is.
"""
from __future__ import annotations

from pipeline.status.reasons import say
from pipeline.status.vocabulary import ActivityStatus
from pipeline.wording.language import ENGLISH, Language


def reason_text(status: ActivityStatus, lang: Language = ENGLISH) -> str:
    """'Window 1 January 2012 to 31 December 2012 is open ...', 'La période du 1er janvier 2012 ...'."""
    if status.why is None:
        return status.reason
    return lang.typography(say(status.why, lang))
