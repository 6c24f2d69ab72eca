"""Careers (LOB): the occupations and vmbo profiles lessons lead to."""
