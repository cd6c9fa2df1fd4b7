"""Helpers shared by the accounts tests."""


def admin_change_form(user, **overrides) -> dict:
    """What the admin's change form posts for the user, as it stands, with some fields changed."""
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role,
        "town": user.town_id or "",
        "department": user.department_id or "",
        "enterprise": user.enterprise_id or "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}
