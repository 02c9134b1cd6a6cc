"""Values and rules of a counter sale: amounts, card input, KSNET limits, outcomes. Plain Python, no I/O.

Every public name is re-exported here, so callers write ``from pos_app.domain import CardNumber``.
Where each lives: ``errors`` (FieldError, FormErrors, QT_TRANSLATE_NOOP), ``money`` (parse_won, vat_of,
TaxSplit), ``card`` (CardNumber, mask_card_number, display_card_number), ``labels`` (the Korean words for
outcomes, 할부 and receipt kinds), ``card_issuers`` (guess_card_company), ``card_auth``
(Expiry, parse_birth, parse_pwd_2digit), ``free_text`` (clean_text, find_card_like_digits,
refuse_card_like, mask_card_like, parse_cancel_reason), ``business_number``, ``buyer`` (Buyer and its
field rules),
``forms`` (CardSecrets, KeyedCharge, BillingCharge, validate_*), ``ksnet`` (limits, check_card_quota,
check_cancel), ``uids`` (merchant/customer uid minting), ``cash_receipt``, ``outcomes``, ``recurrence``
(the date rules of recurring plans) and ``plans`` (PlanTerms, validate_plan).
"""

from pos_app.domain.business_number import is_valid_business_number
from pos_app.domain.buyer import Buyer
from pos_app.domain.card import (
    CardNumber,
    display_card_number,
    luhn_check_digit,
    luhn_valid,
    mask_card_number,
)
from pos_app.domain.card_auth import Expiry, parse_birth, parse_pwd_2digit
from pos_app.domain.card_issuers import guess_card_company
from pos_app.domain.cash_receipt import (
    SELF_ISSUE_IDENTIFIER,
    ExternalReceiptOrder,
    IdentifierType,
    ReceiptType,
    identifier_hint,
    parse_identifier,
    validate_external_receipt,
)
from pos_app.domain.errors import FIELD_LABELS, FIELD_ORDER, QT_TRANSLATE_NOOP, FieldError, FormErrors
from pos_app.domain.forms import (
    BillingCharge,
    CardSecrets,
    KeyedCharge,
    ProductType,
    parse_product_type,
    validate_billing_charge,
    validate_card_registration,
    validate_keyed_charge,
)
from pos_app.domain.free_text import (
    clean_text,
    find_card_like_digits,
    has_card_like_digits,
    mask_card_like,
    parse_cancel_reason,
    refuse_card_like,
)
from pos_app.domain.ksnet import (
    CANCEL_WINDOW_DAYS,
    MAX_PARTIAL_CANCELS,
    MAX_QUOTA,
    QUOTA_MIN_AMOUNT,
    check_cancel,
    check_card_quota,
)
from pos_app.domain.money import MAX_WON, TaxSplit, parse_won, vat_of
from pos_app.domain.outcomes import Outcome, classify_payment
from pos_app.domain.plans import PlanTerms, validate_plan
from pos_app.domain.recurrence import Recurrence
from pos_app.domain.uids import (
    is_valid_counter_id,
    is_valid_customer_uid,
    is_valid_merchant_uid,
    merchant_uid_time,
    mint_customer_uid,
    mint_merchant_uid,
)

__all__ = [
    "CANCEL_WINDOW_DAYS",
    "FIELD_LABELS",
    "FIELD_ORDER",
    "MAX_PARTIAL_CANCELS",
    "MAX_QUOTA",
    "MAX_WON",
    "QT_TRANSLATE_NOOP",
    "QUOTA_MIN_AMOUNT",
    "SELF_ISSUE_IDENTIFIER",
    "BillingCharge",
    "Buyer",
    "CardNumber",
    "CardSecrets",
    "Expiry",
    "ExternalReceiptOrder",
    "FieldError",
    "FormErrors",
    "IdentifierType",
    "KeyedCharge",
    "Outcome",
    "PlanTerms",
    "ProductType",
    "ReceiptType",
    "Recurrence",
    "TaxSplit",
    "check_cancel",
    "check_card_quota",
    "classify_payment",
    "clean_text",
    "display_card_number",
    "find_card_like_digits",
    "guess_card_company",
    "has_card_like_digits",
    "identifier_hint",
    "is_valid_business_number",
    "is_valid_counter_id",
    "is_valid_customer_uid",
    "is_valid_merchant_uid",
    "luhn_check_digit",
    "luhn_valid",
    "mask_card_like",
    "mask_card_number",
    "merchant_uid_time",
    "mint_customer_uid",
    "mint_merchant_uid",
    "parse_birth",
    "parse_cancel_reason",
    "parse_identifier",
    "parse_product_type",
    "parse_pwd_2digit",
    "parse_won",
    "refuse_card_like",
    "validate_billing_charge",
    "validate_card_registration",
    "validate_external_receipt",
    "validate_keyed_charge",
    "validate_plan",
    "vat_of",
]
