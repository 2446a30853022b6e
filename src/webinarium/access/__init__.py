"""Block and allow lists: who may register, per conference and per channel."""
