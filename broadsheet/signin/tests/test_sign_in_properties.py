"""Whatever is typed as the code, only the right one signs an enrolled editor in."""

from django_otp.oath import TOTP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.signin.tests.staff import make_staff, sign_in
from broadsheet.signin.twofactor import confirm_app, unconfirmed_app

codes = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\d{6}", fullmatch=True),
    st.from_regex(r"[a-z2-7]{8}", fullmatch=True),
)


class SignInCodeProperties(TestCase):
    @given(code=codes)
    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    def test_a_typed_code_never_signs_in_nor_breaks_the_page(self, code):
        editor = make_staff("editor", "Editor")
        device = unconfirmed_app(editor)
        assert confirm_app(device, f"{TOTP(device.bin_key).token():06d}")
        answer = sign_in(self.client, "editor", otp_token=code)
        assert answer.status_code == 200
        assert "_auth_user_id" not in self.client.session
