"""Interface strings in English and Persian. Persian is written for Persian readers, not translated
word for word. Missing keys fail loudly in tests (``tests/web/test_i18n.py``)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_name": {"en": "hamdel", "fa": "همدل"},
    "tagline": {
        "en": "A companion that listens — in English and Persian.",
        "fa": "همراهی که گوش می‌دهد؛ به فارسی و انگلیسی.",
    },
    "not_therapist": {
        "en": "hamdel is not a therapist and does not diagnose. It offers support, not treatment.",
        "fa": "همدل درمانگر نیست و تشخیص نمی‌دهد؛ همراهی می‌کند، درمان نمی‌کند.",
    },
    "crisis_title": {"en": "In danger right now?", "fa": "همین حالا در خطر هستید؟"},
    "sign_up": {"en": "Create an account", "fa": "ساختن حساب"},
    "sign_in": {"en": "Sign in", "fa": "ورود"},
    "sign_out": {"en": "Sign out", "fa": "خروج"},
    "email": {"en": "E-mail", "fa": "ایمیل"},
    "password": {"en": "Password", "fa": "گذرواژه"},
    "password_hint": {"en": "At least 10 characters.", "fa": "دست‌کم ۱۰ نویسه."},
    "display_name": {
        "en": "What should we call you? (optional)",
        "fa": "چه صدایتان کنیم؟ (اختیاری)",
    },
    "language": {"en": "Language", "fa": "زبان"},
    "english": {"en": "English", "fa": "انگلیسی"},
    "persian": {"en": "Persian (فارسی)", "fa": "فارسی"},
    "save": {"en": "Save", "fa": "ذخیره"},
    "settings": {"en": "Settings", "fa": "تنظیمات"},
    "home": {"en": "Home", "fa": "خانه"},
    "welcome": {"en": "Welcome", "fa": "خوش آمدید"},
    "welcome_back": {"en": "Good to see you", "fa": "خوشحالیم که دوباره آمدید"},
    "have_account": {"en": "Already have an account?", "fa": "حساب دارید؟"},
    "no_account": {"en": "New here?", "fa": "تازه آمده‌اید؟"},
    "saved": {"en": "Saved.", "fa": "ذخیره شد."},
    "privacy_title": {"en": "Your data", "fa": "داده‌های شما"},
    "privacy_text": {
        "en": "hamdel asks for nothing by default. You choose each thing you share, "
        "and you can take it back at any time.",
        "fa": "همدل به‌طور پیش‌فرض چیزی از شما نمی‌خواهد. هر چیزی را خودتان انتخاب می‌کنید "
        "که بگویید و هر وقت بخواهید می‌توانید پسش بگیرید.",
    },
    "export": {"en": "Download everything stored about me", "fa": "دریافت همهٔ داده‌هایم"},
    "home_intro": {
        "en": "Write or talk to hamdel whenever you like. Your timeline will appear here.",
        "fa": "هر وقت خواستید برای همدل بنویسید یا با آن حرف بزنید. "
        "روند حال‌وهوایتان اینجا دیده می‌شود.",
    },
    "error_credentials": {"en": "Wrong e-mail or password.", "fa": "ایمیل یا گذرواژه درست نیست."},
    "error_exists": {
        "en": "An account with this e-mail already exists. Sign in instead.",
        "fa": "با این ایمیل پیش‌تر حساب ساخته شده است. لطفاً وارد شوید.",
    },
    "error_form": {"en": "Please check the form.", "fa": "لطفاً فرم را بررسی کنید."},
    "error_csrf": {
        "en": "This form expired. Please try again.",
        "fa": "این فرم منقضی شده است. لطفاً دوباره تلاش کنید.",
    },
    "not_found": {"en": "This page does not exist.", "fa": "این صفحه وجود ندارد."},
    "chat_label": {"en": "How are you feeling?", "fa": "حالت چطور است؟"},
    "chat_placeholder": {
        "en": "Write whatever is on your mind…",
        "fa": "هر چه در ذهنت هست بنویس…",
    },
    "send": {"en": "Send", "fa": "بفرست"},
    "suggestions_title": {"en": "Things you could try", "fa": "کارهایی که می‌توانی امتحان کنی"},
    "message_title": {"en": "A message for you", "fa": "پیامی برای تو"},
    "listen": {"en": "Listen", "fa": "بشنو"},
    "inbox_title": {"en": "Messages for you", "fa": "پیام‌هایی برای تو"},
    "helpful": {"en": "Helpful", "fa": "به کارم آمد"},
    "not_helpful": {"en": "Not for me", "fa": "به کارم نمی‌آید"},
    "noted": {
        "en": "Thank you: hamdel will take that into account next time.",
        "fa": "ممنون؛ همدل دفعهٔ بعد این را در نظر می‌گیرد.",
    },
    "notes_title": {"en": "Please note", "fa": "در نظر داشته باش"},
    "timeline_title": {"en": "Your recent moods", "fa": "حال‌وهوای اخیرت"},
    "timeline_empty": {"en": "Nothing yet.", "fa": "هنوز چیزی نیست."},
    "crisis_reply_title": {"en": "Please reach out now", "fa": "لطفاً همین حالا کمک بگیر"},
    "error_text": {"en": "Please write something first.", "fa": "لطفاً اول چیزی بنویس."},
    "upload_title": {"en": "Add a recording", "fa": "افزودن ضبط"},
    "upload_heart": {
        "en": "Heart-rate export from your wearable (RR intervals)",
        "fa": "خروجی ضربان قلب از ساعت یا مچ‌بند (فاصلهٔ ضربان‌ها)",
    },
    "upload_voice": {"en": "A voice note", "fa": "یک پیام صوتی"},
    "upload_send": {"en": "Upload", "fa": "بارگذاری"},
    "upload_result": {"en": "What we found", "fa": "آنچه یافتیم"},
    "emotion_anger": {"en": "anger", "fa": "خشم"},
    "emotion_fear": {"en": "fear", "fa": "ترس"},
    "emotion_happiness": {"en": "happiness", "fa": "شادی"},
    "emotion_neutral": {"en": "neutral", "fa": "خنثی"},
    "emotion_sadness": {"en": "sadness", "fa": "غم"},
    "emotion_surprise": {"en": "surprise", "fa": "شگفتی"},
}


def translator(language: str) -> dict[str, str]:
    """Strings for one language (falls back to English only for an unknown language code)."""
    lang = language if language in ("en", "fa") else "en"
    return {key: values[lang] for key, values in STRINGS.items()}


__all__ = ["STRINGS", "translator"]
