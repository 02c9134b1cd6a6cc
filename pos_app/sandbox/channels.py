"""The sandbox's PG channel on the wire: `GET /users/pg`, and how `pg` and `channel_key` pick it.

* `pg` (`{pg}` or `{pg}.{MID}`, onetime and billing-key issue): the schema says a missing or invalid
  value falls back to the default channel, so any value is accepted and the one channel is used.
* `channel_key` (again, billing-key issue, external receipts, schedule): may be left out — whether
  PortOne enforces the 2026 "required" on billing-key issue and external receipts is unconfirmed
  (API-NOTES §13.8), so the sandbox does not — but a key that names no channel of the account is
  refused with HTTP 400, code 1 and a message naming the field: the schema lists 400 for invalid
  parameters, and a wrong key is a set-up error, never a reason to fall back silently to another
  channel (money would land on a channel the shop did not pick).
"""

from __future__ import annotations

from typing import Any

from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.wire import Params, Reply, bad_request, ok

API_PAYMENT = "api_payment"  # PgSettingAnnotation.type of an API (key-in, billing) channel


def check_channel_key(ctx: SandboxContext, params: Params) -> None:
    channel_key = params.text("channel_key", max_len=55)
    if channel_key is not None and channel_key != ctx.channel_key:
        raise bad_request(
            f"요청하신 채널 키(channel_key: {channel_key})에 해당하는 채널을 찾을 수 없습니다. "
            "관리자 콘솔 [연동 관리] > [연동 정보]에서 채널 키를 확인해주세요."
        )


def pg_setting(ctx: SandboxContext) -> dict[str, Any]:
    channel = ctx.channel
    return {
        "pg_provider": "ksnet",
        "pg_id": channel.mid,
        "sandbox": channel.test_channel,
        "type": API_PAYMENT,
        "channel_name": channel.name,
        "channel_key": channel.channel_key,
    }


def list_pg_settings(ctx: SandboxContext, _params: Params) -> Reply:
    return ok([pg_setting(ctx)])
