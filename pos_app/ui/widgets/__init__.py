"""Small input widgets of the counter forms: grouped amounts and card fields that keep card data in."""
