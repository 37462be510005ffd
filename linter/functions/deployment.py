"""Deployment functions: deployment(), environment(), deployer() (parameters() and variables() belong to
the template evaluator, which knows the scopes).
"""

from __future__ import annotations

from typing import Any

from ..values import Unknown
from .base import FunctionContext, Table

TABLE = Table()


@TABLE.add("deployment", max_args=0)
def deployment(args: list[Any], context: FunctionContext) -> Any:
    return context.deployment()


@TABLE.add("environment", max_args=0)
def environment(args: list[Any], context: FunctionContext) -> Any:
    return context.environment()


@TABLE.add("deployer", max_args=0, unknown_ok=True)
def deployer(args: list[Any], context: FunctionContext) -> Any:
    return {
        "objectId": Unknown("deployer() is the identity that deploys"),
        "tenantId": context.tenant_id,
        "userPrincipalName": Unknown("deployer() is the identity that deploys"),
    }
