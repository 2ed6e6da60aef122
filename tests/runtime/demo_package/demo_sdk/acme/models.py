from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Contact(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str
    email: str
    display_name: str | None = Field(None, alias="displayName")
    tags: list[str] = Field(default_factory=list)
