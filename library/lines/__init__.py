"""Leerlijnen: ordered series of lessons across grade groups, from po to vmbo."""
