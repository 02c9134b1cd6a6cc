"""The 단골 고객 screen: saved cards (billing keys), registering a card and charging it again."""
