"""lobbykit: an e-action and coordinated social-media toolkit for advocacy coalitions."""
