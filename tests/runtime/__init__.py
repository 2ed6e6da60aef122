"""Tests of the runtime that generated packages carry, through a hand-written demo package."""
