"""Every table module, imported so SQLModel.metadata knows them all (used by migrations)."""

from service.store import models
from service.store.code_jobs import CodeJob
from service.store.content_versions import ContentVersion
from service.store.users import User

__all__ = ["CodeJob", "ContentVersion", "User", "models"]
