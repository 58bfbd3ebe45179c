"""/api/account: export everything stored about you, or delete all of it. /api/study: take
part in the recommender study, leave it, answer its short survey."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from hamdel.companion import study
from hamdel.core.errors import NotFoundError
from hamdel.server.deps import DB, CurrentPrincipal
from hamdel.server.schemas import PasswordConfirm, StudyOut, SurveyIn
from hamdel.server.security import CSRF_COOKIE, SESSION_COOKIE
from hamdel.server.sessions import erase_account
from hamdel.store import repositories as repo
from hamdel.store.models import utcnow

router = APIRouter(tags=["account"])
logger = logging.getLogger(__name__)


@router.get("/api/account/export", response_model=dict[str, Any])
def export_account(principal: CurrentPrincipal, db: DB) -> JSONResponse:
    """One JSON document of everything stored about you (passwords and tokens left out)."""
    document = repo.export_user(db, user_id=principal.user.id)
    if document is None:
        raise NotFoundError("account not found")
    logger.info("account exported", extra={"fields": {"user_id": principal.user.id}})
    return JSONResponse(
        document,
        headers={"Content-Disposition": 'attachment; filename="hamdel-export.json"'},
    )


@router.delete("/api/account", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(body: PasswordConfirm, principal: CurrentPrincipal, db: DB) -> Response:
    """Delete your account and everything stored about you. Needs your password."""
    erase_account(db, user=principal.user, password=body.password)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def _study_out(db: DB, user_id: int) -> StudyOut:
    found = study.participation(db, user_id=user_id)
    due = found is not None and study.survey_due(db, user_id=user_id, now=utcnow())
    return StudyOut(
        taking_part=found is not None,
        since=found.assigned_at if found is not None else None,
        survey_due=due,
        survey_questions=list(study.SURVEY_ITEMS) if due else [],
    )


@router.get("/api/study", response_model=StudyOut, tags=["study"])
def study_status(principal: CurrentPrincipal, db: DB) -> StudyOut:
    """Whether you take part in the recommender study, and whether its survey is due."""
    return _study_out(db, principal.user.id)


@router.post("/api/study", response_model=StudyOut, tags=["study"])
def study_join(principal: CurrentPrincipal, db: DB) -> StudyOut:
    """Take part: you get one of four ways of choosing suggestions and messages (some simpler
    than the usual one; safety is the same in all), and you may leave any time."""
    study.join(db, user_id=principal.user.id, now=utcnow())
    return _study_out(db, principal.user.id)


@router.delete("/api/study", response_model=StudyOut, tags=["study"])
def study_leave(principal: CurrentPrincipal, db: DB) -> StudyOut:
    """Leave the study: the usual way of choosing comes back at once."""
    study.leave(db, user_id=principal.user.id)
    return _study_out(db, principal.user.id)


@router.post("/api/study/survey", response_model=StudyOut, tags=["study"])
def study_survey(body: SurveyIn, principal: CurrentPrincipal, db: DB) -> StudyOut:
    """Answer the short survey (each question 1..5: easy, fitted, timing, keep, overall), or
    dismiss it."""
    user = principal.user
    if body.dismiss:
        study.dismiss_survey(db, user_id=user.id, language=user.language, now=utcnow())
    else:
        study.answer_survey(
            db, user_id=user.id, answers=body.answers, language=user.language, now=utcnow()
        )
    return _study_out(db, user.id)
