"""The policy engine: pure Python, no AWS. normalise -> detect -> decide.

``Engine.assess`` says what a message is (every category, with evidence); ``decorum.ladder``
decides what to do about it given the session so far.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from decorum.engine.detect import detect, strongest_distress
from decorum.engine.policy import DEFAULT_POLICY_DIR, LIBRARY_POLICY_DIR, Policy, load_policy
from decorum.engine.redact import find_personal_data, redact
from decorum.engine.types import Assessment, Distress, Hit
from decorum.models import PRECEDENCE, Category

__all__ = ["Assessment", "Distress", "Engine", "Hit", "default_engine"]

_RANK = {category: rank for rank, category in enumerate(PRECEDENCE)}


class Engine:
    """Assesses messages against a statewide policy and, where a library has one, its override."""

    def __init__(
        self, policy_folder: Path = DEFAULT_POLICY_DIR, library_dir: Path = LIBRARY_POLICY_DIR
    ) -> None:
        self.policy: Policy = load_policy(policy_folder)
        self._policy_folder = policy_folder
        self._library_dir = library_dir
        self._library_policies: dict[str, Policy] = {}

    def policy_for(self, library_id: str | None) -> Policy:
        if library_id is None:
            return self.policy
        cached = self._library_policies.get(library_id)
        if cached is None:
            override = self._library_dir / f"{library_id}.toml"
            cached = load_policy(self._policy_folder, override) if override.is_file() else self.policy
            self._library_policies[library_id] = cached
        return cached

    def assess(self, text: str, sender: str = "customer", library_id: str | None = None) -> Assessment:
        policy = self.policy_for(library_id)
        personal = find_personal_data(policy, text)
        hits, _ = detect(policy, text, sender, personal_data=[(hit.start, hit.end) for hit, _ in personal])
        # Personal data is redacted whoever typed it, but personal_info is a customer's category
        # (SPEC): a librarian repeating a patron's number to confirm it is doing the job, and
        # redacted_text is the record of what was taken out.
        if sender == "customer":
            hits.extend(hit for hit, _ in personal)
        category = min((hit.category for hit in hits), key=_RANK.__getitem__, default=Category.NONE)
        strongest = strongest_distress(hits)
        distress = Distress(strongest.subtype or "low_mood", strongest.level or "low") if strongest else None
        return Assessment(category, tuple(hits), redact(text, personal), distress, policy.version)


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    return Engine()
