"""The settlement engine: the one mechanism that owns every money operation until PortOne's record is final.

Every call that changes something at PortOne — a sale attempt (key-in or saved card), a refund, a card
registration or deletion, a cash receipt's issue or cancel (per payment or external) — is written ahead
in the journal as an *operation* (``journal.operations``). If its answer is final, the use case records
it and the operation is closed. If not (a lost reply, a 5xx, a refusal that says the PG timed out), the
operation is handed to the ``Settler``, which looks PortOne's record up with backoff until it is final:

* during the call (``settle_in_call``: about a minute, so the cashier usually gets the answer at once),
* in the background for as long as the app runs (``run_due``, driven by the window's timer),
* after a restart (``load_from_journal``: every open operation is taken up again),
* and on demand ("지금 확인": ``check_now``).

One settle rule per kind (``rules``) says what to look up and what each answer means. "Absent" becomes
final only after the not-charged window, measured without the PC clock (``timing``). PortOne's record
wins over the journal's belief: refunds made elsewhere become cancel rows, a "not charged" attempt found
paid later becomes the sale it is, and the cashier is told (``Announcement``). Which refusals are final
and which must be looked up first is one table (``refusals``).
"""

from pos_app.services.settlement.refusals import Verdict, judge, verdict_of
from pos_app.services.settlement.settler import Settler

__all__ = ["Settler", "Verdict", "judge", "verdict_of"]
