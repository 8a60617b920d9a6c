"""Staff sign-in: lockout after failed passwords, and the second factor.

django-axes       counts failed passwords per account and per address
                  (settings AXES_*, from LOGIN_FAILURE_LIMIT and
                  LOGIN_LOCKOUT_MINUTES); `locked_out` renders its refusal.
twofactor.py      who must use a second factor, checking a code, enrolling
forms.py          the admin login form, with the code field
middleware.py     sends staff who must use a second factor, and have not
                  yet used one in this session, to views.two_factor
"""
