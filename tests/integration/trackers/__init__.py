"""The trackers on every storage: in memory and the scaffolded SQL repositories."""
