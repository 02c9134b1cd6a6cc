"""The 설정 screen: shop details, PortOne keys, PG channel and behaviour settings."""
