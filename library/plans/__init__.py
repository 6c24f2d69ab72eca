"""Year plans (`/plannen`): a school's or region's technology plan over blocks and years."""
