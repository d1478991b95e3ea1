"""Every minute: re-publish the distress alerts SNS refused, from the fallback queue."""

from decorum.jobs import retry_parked_alerts as handler

__all__ = ["handler"]
