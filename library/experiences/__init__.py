"""Ervaringen: what teachers report after teaching a lesson, and the summary lessons show."""
