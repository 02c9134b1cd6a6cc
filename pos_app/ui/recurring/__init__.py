"""정기결제: recurring payment plans on saved cards — the tab, the customer's section, the forms."""
