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
    "password_hint": {
        "en": "At least 10 characters, hard to guess: a few unrelated words work well.",
        "fa": "دست‌کم ۱۰ نویسه و سخت برای حدس زدن: چند کلمه‌ی بی‌ربط کنار هم خوبه.",
    },
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
    "welcome_back": {"en": "Good to see you", "fa": "خوشحالم که دوباره آمدی"},
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
        "en": "Write or talk to hamdel whenever you like. Our conversation stays here, and only "
        "you can see it.",
        "fa": "هر وقت خواستی برای همدل بنویس یا با آن حرف بزن. گفت‌وگوی ما همین‌جا می‌ماند و فقط "
        "خودت آن را می‌بینی.",
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
    "welcome_title": {"en": "Before we start", "fa": "پیش از شروع"},
    "welcome_does_title": {"en": "What hamdel does:", "fa": "همدل چه می‌کند:"},
    "welcome_does": {
        "en": "it listens to what you write or say, notices how you seem to feel, and offers "
        "small things to try and a few kind words, aloud if you like, in English or Persian.",
        "fa": "به آنچه می‌نویسی یا می‌گویی گوش می‌دهد، حس‌وحالت را حدس می‌زند و کارهای کوچکی "
        "برای امتحان و چند جملهٔ مهربان پیشنهاد می‌کند، اگر بخواهی با صدای بلند، به فارسی یا "
        "انگلیسی.",
    },
    "welcome_not_title": {"en": "What it is not:", "fa": "همدل چه نیست:"},
    "welcome_not": {
        "en": "hamdel is not a therapist or a doctor, does not diagnose, and can be wrong.",
        "fa": "همدل درمانگر یا پزشک نیست، تشخیص نمی‌دهد و ممکن است اشتباه کند.",
    },
    "welcome_crisis_title": {"en": "If you are in danger:", "fa": "اگر در خطر باشی:"},
    "welcome_crisis": {
        "en": "when you write about ending your life or hurting yourself, hamdel shows crisis "
        "lines first; when it is unsure, it asks you directly.",
        "fa": "وقتی دربارهٔ پایان دادن به زندگی یا آسیب زدن به خودت بنویسی، همدل اول شماره‌های "
        "کمک فوری را نشانت می‌دهد؛ اگر مطمئن نباشد، مستقیم از خودت می‌پرسد.",
    },
    "welcome_contacts_title": {"en": "Trusted contacts:", "fa": "افراد مورد اعتماد:"},
    "welcome_contacts": {
        "en": "you can name people to be told if you may be in danger; each of them agrees "
        "first, and they never see what you write.",
        "fa": "می‌توانی کسانی را معرفی کنی که اگر در خطر باشی خبردار شوند؛ هرکدام اول خودشان "
        "موافقت می‌کنند و هیچ‌وقت نوشته‌هایت را نمی‌بینند.",
    },
    "welcome_privacy_title": {"en": "Your data:", "fa": "داده‌های تو:"},
    "welcome_privacy": {
        "en": "nothing about you is asked for; what you share, you share one item at a time, "
        "and you can download or delete everything.",
        "fa": "چیزی از تو خواسته نمی‌شود؛ هرچه بگویی، یکی‌یکی و با رضایت خودت است و هر وقت "
        "بخواهی می‌توانی همه را بگیری یا پاک کنی.",
    },
    "welcome_language": {"en": "Your language", "fa": "زبانت"},
    "welcome_country": {
        "en": "Your country, for the right crisis lines (optional)",
        "fa": "کشورت، برای شماره‌های کمک همان‌جا (اختیاری)",
    },
    "welcome_country_none": {"en": "I'd rather not say", "fa": "ترجیح می‌دهم نگویم"},
    "welcome_country_why": {
        "en": "Only used to show your country's crisis lines; you can remove it in your profile.",
        "fa": "فقط برای نشان دادن شماره‌های کمک کشورت به کار می‌رود؛ در نمایه‌ات می‌توانی پاکش کنی.",
    },
    "welcome_start": {"en": "Start", "fa": "شروع"},
    "upload_too_long": {
        "en": "{name} is too long: send a recording of up to a few minutes.",
        "fa": "{name} خیلی طولانی است: صدایی تا چند دقیقه بفرست.",
    },
    "upload_too_big": {
        "en": "{name} is too large to upload.",
        "fa": "{name} برای فرستادن خیلی بزرگ است.",
    },
    "upload_empty": {"en": "{name} is empty.", "fa": "{name} خالی است."},
    "upload_too_short": {
        "en": "{name} is too short to read: a voice note needs a few seconds of speech, a "
        "heart-rate export a few minutes of beats.",
        "fa": "{name} برای خواندن خیلی کوتاه است: پیام صوتی چند ثانیه حرف لازم دارد و داده‌های "
        "ضربان قلب چند دقیقه.",
    },
    "upload_silent": {
        "en": "{name} has no speech that could be heard: try again a little closer to the "
        "microphone.",
        "fa": "در {name} صدایی شنیده نشد: دوباره و کمی نزدیک‌تر به میکروفون امتحان کن.",
    },
    "upload_unavailable": {
        "en": "This server cannot read that kind of file right now (a part of hamdel is not "
        "installed).",
        "fa": "این سرور فعلاً نمی‌تواند این نوع فایل را بخواند (بخشی از همدل نصب نیست).",
    },
    "upload_unreadable_voice": {
        "en": "{name} could not be read as audio. Try a recording in a common format (WAV, MP3, "
        "Ogg, WebM, M4A).",
        "fa": "{name} به‌عنوان صدا خوانده نشد. یک ضبط با قالب رایج (WAV، MP3، Ogg، WebM، M4A) "
        "امتحان کن.",
    },
    "upload_unreadable_heart": {
        "en": "{name} could not be read as heart-rate data. Export RR intervals (in "
        "milliseconds) as a text or CSV file from your wearable's app.",
        "fa": "{name} به‌عنوان داده‌های ضربان قلب خوانده نشد. از برنامهٔ ساعت یا دستبندت فاصلهٔ "
        "ضربان‌ها (RR، بر حسب میلی‌ثانیه) را به‌صورت فایل متنی یا CSV بگیر.",
    },
    "import_title": {"en": "Import your posts", "fa": "آوردن پست‌هایت"},
    "import_nav": {"en": "Import", "fa": "آوردن پست‌ها"},
    "import_intro": {
        "en": "hamdel can read posts you wrote elsewhere (an export from a social network) and "
        "add how they sounded to your mood over time. Posts of the last 7 days can warn your "
        "trusted contacts, as a conversation can. You see what would be imported first.",
        "fa": "همدل می‌تواند پست‌هایی را که جای دیگری نوشته‌ای (خروجی یک شبکهٔ اجتماعی) بخواند و "
        "حس‌وحالشان را به روند حالت اضافه کند. پست‌های ۷ روز اخیر، مثل گفت‌وگو، می‌توانند افراد "
        "مورد اعتمادت را خبردار کنند. اول می‌بینی چه چیزی آورده می‌شود.",
    },
    "import_file": {"en": "Your export (CSV)", "fa": "فایل خروجی (CSV)"},
    "import_format": {
        "en": "A CSV file with a column named text (or post, message, content), and if you "
        "have them a date column (posted_at or date) and language (en or fa).",
        "fa": "یک فایل CSV با ستونی به نام text (یا post، message، content) و اگر داری، ستون "
        "تاریخ (posted_at یا date) و زبان (en یا fa).",
    },
    "import_check": {"en": "Check the file", "fa": "بررسی فایل"},
    "import_preview": {"en": "{n} posts would be imported", "fa": "{n} پست آورده می‌شود"},
    "import_span": {"en": "From {first} to {last}.", "fa": "از {first} تا {last}."},
    "import_confirm": {"en": "Import them", "fa": "بیاورشان"},
    "import_cancel": {"en": "Cancel", "fa": "لغو"},
    "import_done": {
        "en": "{n} posts imported. hamdel reads them in the background; they appear in your "
        "mood over time.",
        "fa": "{n} پست آورده شد. همدل در پس‌زمینه می‌خواندشان و در روند حالت دیده می‌شوند.",
    },
    "import_cancelled": {
        "en": "Cancelled: nothing was imported, and the file was deleted.",
        "fa": "لغو شد: چیزی آورده نشد و فایل پاک شد.",
    },
    "import_unreadable": {
        "en": "This file could not be read as a posts export: check that it is a CSV file "
        "with a text column. Nothing was imported.",
        "fa": "این فایل به‌عنوان خروجی پست‌ها خوانده نشد: ببین فایل CSV با ستون text است یا نه. "
        "چیزی آورده نشد.",
    },
    "import_expired": {
        "en": "This preview has expired or was already used: choose the file again.",
        "fa": "این پیش‌نمایش منقضی شده یا قبلاً استفاده شده: دوباره فایل را انتخاب کن.",
    },
    "mood_title": {"en": "Your mood over time", "fa": "حالت در گذر روزها"},
    "mood_nav": {"en": "Mood", "fa": "حال‌وهوا"},
    "mood_question": {"en": "How is your mood today?", "fa": "امروز حالت چطور است؟"},
    "mood_face_1": {"en": "Very low", "fa": "خیلی بد"},
    "mood_face_2": {"en": "Low", "fa": "بد"},
    "mood_face_3": {"en": "So-so", "fa": "معمولی"},
    "mood_face_4": {"en": "Good", "fa": "خوب"},
    "mood_face_5": {"en": "Very good", "fa": "خیلی خوب"},
    "mood_saved": {"en": "Noted for today.", "fa": "برای امروز ثبت شد."},
    "mood_see": {"en": "See your mood over time", "fa": "حالت را در گذر روزها ببین"},
    "mood_week": {"en": "Your week", "fa": "هفته‌ات"},
    "mood_two_weeks": {"en": "2 weeks", "fa": "۲ هفته"},
    "mood_four_weeks": {"en": "4 weeks", "fa": "۴ هفته"},
    "mood_chart_self": {"en": "Your mood, as you rated it", "fa": "حالت، همان‌طور که خودت گفتی"},
    "mood_series_self": {"en": "your rating", "fa": "امتیاز خودت"},
    "mood_chart_sentiment": {
        "en": "The tone of what you wrote (−5 to +5)",
        "fa": "لحن نوشته‌هایت (از −۵ تا +۵)",
    },
    "mood_series_sentiment": {"en": "tone", "fa": "لحن"},
    "mood_sentiment_note": {
        "en": "Read from your messages by hamdel's sentiment scale; a guess, not a measure of you.",
        "fa": "از روی پیام‌هایت با مقیاس احساس همدل خوانده شده؛ یک حدس است، نه سنجش تو.",
    },
    "mood_chart_strain": {
        "en": "Hard feelings and stress, share of the day",
        "fa": "حس‌های سخت و استرس در هر روز",
    },
    "mood_series_negative": {"en": "anger, fear or sadness", "fa": "خشم، ترس یا غم"},
    "mood_series_stress": {"en": "stress", "fa": "استرس"},
    "mood_strain_note": {
        "en": "Emotion heard in your messages and voice notes; stress from your words and, when "
        "you share one, your heart-rate export.",
        "fa": "حسی که از پیام‌ها و پیام‌های صوتی‌ات شنیده شد؛ استرس از حرف‌هایت و، اگر بفرستی، از "
        "داده‌های ضربان قلبت.",
    },
    "mood_chart_emotions": {"en": "Feelings heard this week", "fa": "حس‌هایی که این هفته شنیده شد"},
    "timeline_title": {"en": "Your recent moods", "fa": "حال‌وهوای اخیرت"},
    "timeline_crisis": {"en": "a very hard moment", "fa": "لحظه‌ای خیلی سخت"},
    "greeting_first": {
        "en": "Hello, I'm hamdel. How are you today?",
        "fa": "سلام، من همدلم. امروز حالت چطور است؟",
    },
    "greeting_first_named": {
        "en": "Hello {name}, I'm hamdel. How are you today?",
        "fa": "سلام {name}، من همدلم. امروز حالت چطور است؟",
    },
    "greeting_again": {
        "en": "Welcome back, {name}. How are you today?",
        "fa": "خوش برگشتی، {name}. امروز حالت چطور است؟",
    },
    "check_in_yes": {"en": "Yes", "fa": "آره"},
    "check_in_no": {"en": "No", "fa": "نه"},
    "greeting_again_anon": {
        "en": "Welcome back. How are you today?",
        "fa": "خوش برگشتی. امروز حالت چطور است؟",
    },
    "thread_title": {"en": "Our conversation", "fa": "گفت‌وگوی ما"},
    "thread_earlier": {"en": "Earlier messages", "fa": "پیام‌های قبلی"},
    "thread_you": {"en": "You", "fa": "تو"},
    "thread_voice_no_words": {
        "en": "a voice note (no words could be made out)",
        "fa": "یک پیام صوتی (کلمه‌ای شنیده نشد)",
    },
    "thread_voice_unread": {
        "en": "a voice note (its words are not read on this server)",
        "fa": "یک پیام صوتی (کلماتش روی این سرور خوانده نمی‌شود)",
    },
    "thread_voice_heard": {
        "en": "Your voice sounded like {emotion}.",
        "fa": "از صدایت {emotion} شنیده شد.",
    },
    "thread_heart": {
        "en": "a heart-rate export from a wearable",
        "fa": "داده‌های ضربان قلب از یک ساعت یا دستبند هوشمند",
    },
    "follow_up_title": {
        "en": "Last time I suggested these. Did any of them help?",
        "fa": "دفعهٔ قبل این‌ها را پیشنهاد دادم. هیچ‌کدام کمکی کرد؟",
    },
    "heart_rate_was": {
        "en": "Your average heart rate was {rate} beats a minute.",
        "fa": "میانگین ضربان قلبت {rate} بار در دقیقه بود.",
    },
    "heart_level_low": {
        "en": "Your heart-rate variability looks like a body at ease (low stress).",
        "fa": "تغییرپذیری ضربان قلبت به بدنی آرام می‌ماند (استرس کم).",
    },
    "heart_level_moderate": {
        "en": "Your heart-rate variability suggests some tension (moderate stress).",
        "fa": "تغییرپذیری ضربان قلبت کمی تنش نشان می‌دهد (استرس متوسط).",
    },
    "heart_level_high": {
        "en": "Your heart-rate variability suggests your body is under strain (high stress).",
        "fa": "تغییرپذیری ضربان قلبت نشان می‌دهد بدنت زیر فشار است (استرس زیاد).",
    },
    "heart_used": {
        "en": "hamdel took it into account in its reply.",
        "fa": "همدل در پاسخش این را در نظر گرفت.",
    },
    "heart_not_used": {
        "en": "This estimate is experimental (not yet validated), so hamdel did not base its "
        "reply on it.",
        "fa": "این برآورد آزمایشی است (هنوز اعتبارسنجی نشده)، پس همدل پاسخش را بر آن بنا نکرد.",
    },
    "heart_unreadable": {
        "en": "The recording was too short or too noisy to estimate stress.",
        "fa": "داده‌ها برای برآورد استرس خیلی کوتاه یا پرخطا بود.",
    },
    "timeline_empty": {"en": "Nothing yet.", "fa": "هنوز چیزی نیست."},
    "crisis_reply_title": {"en": "Please reach out now", "fa": "لطفاً همین حالا کمک بگیر"},
    "password_title": {"en": "Change your password", "fa": "عوض کردن رمز"},
    "password_current": {"en": "Current password", "fa": "رمز فعلی"},
    "password_new": {"en": "New password", "fa": "رمز جدید"},
    "password_button": {"en": "Change password", "fa": "عوض کن"},
    "password_changed": {
        "en": "Your password was changed. Every other device was signed out.",
        "fa": "رمزت عوض شد. از بقیه‌ی دستگاه‌ها خارج شدی.",
    },
    "error_password_current": {
        "en": "The current password is not right.",
        "fa": "رمز فعلی درست نیست.",
    },
    "everywhere_title": {"en": "Sign out everywhere", "fa": "خروج از همه‌ی دستگاه‌ها"},
    "everywhere_text": {
        "en": "Ends every session and app token, this one included: for a lost phone or a "
        "shared computer.",
        "fa": "همه‌ی نشست‌ها و توکن‌ها، از جمله همین یکی، بسته می‌شن: برای گوشیِ گم‌شده یا "
        "کامپیوترِ مشترک.",
    },
    "everywhere_button": {"en": "Sign out everywhere", "fa": "از همه‌جا خارج شو"},
    "error_too_many": {
        "en": "Too many attempts. Please wait a few minutes and try again.",
        "fa": "تلاش‌ها زیاد شد. چند دقیقه صبر کن و دوباره امتحان کن.",
    },
    "error_weak_password": {
        "en": "This password is too easy to guess. A few unrelated words work well.",
        "fa": "حدس زدن این رمز خیلی آسونه. چند تا کلمه‌ی بی‌ربط کنار هم رمز خوبیه.",
    },
    "check_in_title": {"en": "Can I ask you something?", "fa": "می‌تونم یه چیزی ازت بپرسم؟"},
    "check_in_lines": {
        "en": "If you need to talk to someone now:",
        "fa": "اگه همین الان لازم داری با کسی حرف بزنی:",
    },
    "error_check_in": {
        "en": "That question was already answered, or it is not yours.",
        "fa": "به این سؤال قبلاً جواب داده شده، یا مال تو نیست.",
    },
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
    # -- nav ------------------------------------------------------------------------------
    "profile": {"en": "Profile", "fa": "نمایه"},
    "contacts": {"en": "Trusted contacts", "fa": "افراد مورد اعتماد"},
    # -- profile page ----------------------------------------------------------------------
    "profile_title": {"en": "What you share with hamdel", "fa": "آنچه با همدل در میان می‌گذارید"},
    "profile_intro": {
        "en": "Nothing here is required. Tick “Share this with hamdel” only for what you want it "
        "to know. Untick it at any time and the value is erased.",
        "fa": "هیچ‌کدام از این‌ها اجباری نیست. فقط کنار چیزهایی که می‌خواهید همدل بداند، "
        "«با همدل در میان می‌گذارم» را تیک بزنید. هر وقت تیک را بردارید، آن مورد پاک می‌شود.",
    },
    "share": {"en": "Share this with hamdel", "fa": "با همدل در میان می‌گذارم"},
    "profile_saved": {
        "en": "Saved. Only what you chose to share is stored.",
        "fa": "ذخیره شد. فقط چیزهایی نگه داشته می‌شود که خودتان خواستید.",
    },
    "profile_not_saved": {
        "en": "Nothing was saved: please fix the fields marked below.",
        "fa": "چیزی ذخیره نشد؛ لطفاً موردهایی را که پایین‌تر مشخص شده‌اند درست کنید.",
    },
    "section_about": {"en": "About you", "fa": "دربارهٔ شما"},
    "section_place": {"en": "Where you are", "fa": "کجا هستید"},
    "section_days": {"en": "Your days", "fa": "روزهای شما"},
    "section_messages": {"en": "Messages from hamdel", "fa": "پیام‌های همدل"},
    "section_health": {"en": "Your health", "fa": "سلامت شما"},
    "attr_age_range": {"en": "Age", "fa": "سن"},
    "why_age_range": {
        "en": "Only to read the mood of your words more fairly: people of different ages write "
        "differently.",
        "fa": "فقط برای اینکه حال‌وهوای نوشته‌هایتان را منصفانه‌تر بخوانیم؛ آدم‌ها در سن‌های "
        "مختلف جور دیگری می‌نویسند.",
    },
    "attr_gender": {"en": "Gender", "fa": "جنسیت"},
    "why_gender": {
        "en": "Only to read the mood of your words more fairly; it is never shown to anyone.",
        "fa": "فقط برای خواندن منصفانه‌تر حال‌وهوای نوشته‌هایتان؛ به هیچ‌کس نشان داده نمی‌شود.",
    },
    "attr_education": {"en": "Education", "fa": "تحصیلات"},
    "why_education": {
        "en": "This too only helps read the tone of your words.",
        "fa": "این هم فقط به خواندن درست لحن نوشته‌هایتان کمک می‌کند.",
    },
    "attr_occupation": {"en": "Work or study", "fa": "کار یا درس"},
    "why_occupation": {
        "en": "So that suggestions fit the shape of your days.",
        "fa": "تا پیشنهادها با برنامهٔ روزانه‌تان جور باشد.",
    },
    "attr_region": {"en": "Region (city or province)", "fa": "منطقه (شهر یا استان)"},
    "why_region": {
        "en": "People write differently from place to place; this helps read your words right.",
        "fa": "شیوهٔ نوشتن از جایی به جای دیگر فرق می‌کند؛ این به خواندن درست نوشته‌هایتان کمک می‌کند.",
    },
    "attr_country": {"en": "Country (two-letter code)", "fa": "کشور (کد دوحرفی)"},
    "why_country": {
        "en": "So that the crisis lines you are shown are the ones for your country.",
        "fa": "تا شماره‌های کمک فوری که می‌بینید، شماره‌های کشور خودتان باشد.",
    },
    "hint_country": {
        "en": "For example IR for Iran, US for the United States, DE for Germany.",
        "fa": "مثلاً IR برای ایران، US برای آمریکا، DE برای آلمان.",
    },
    "attr_timezone": {"en": "Time zone", "fa": "منطقهٔ زمانی"},
    "why_timezone": {
        "en": "So that messages come at the times of day you chose, in your own time.",
        "fa": "تا پیام‌ها به وقت محلی خودتان و در همان ساعت‌هایی برسند که انتخاب کرده‌اید.",
    },
    "hint_timezone": {
        "en": "A suggestion: change it if it is not where you live.",
        "fa": "این فقط یک پیشنهاد است؛ اگر جای زندگی‌تان نیست، عوضش کنید.",
    },
    "attr_activity_level": {"en": "How active you are", "fa": "چقدر تحرک دارید"},
    "why_activity_level": {
        "en": "So that suggestions match what your body is used to.",
        "fa": "تا پیشنهادها با اندازهٔ تحرک همیشگی‌تان جور باشد.",
    },
    "attr_sleep_hours": {"en": "Usual hours of sleep", "fa": "معمولاً چند ساعت می‌خوابید"},
    "why_sleep_hours": {
        "en": "When you sleep little, hamdel leaves out suggestions that need energy.",
        "fa": "وقتی کم خوابیده‌اید، همدل کارهایی را که انرژی زیادی می‌خواهد پیشنهاد نمی‌کند.",
    },
    "attr_sleep_routine": {"en": "Sleep routine", "fa": "نظم خواب"},
    "why_sleep_routine": {
        "en": "So that suggestions about rest suit you.",
        "fa": "تا پیشنهادهای مربوط به استراحت به کارتان بیاید.",
    },
    "attr_context": {"en": "Where you usually are", "fa": "بیشتر وقت‌ها کجا هستید"},
    "why_context": {
        "en": "So that suggestions are things you can do where you are.",
        "fa": "تا پیشنهادها کارهایی باشد که همان‌جا از دستتان برمی‌آید.",
    },
    "attr_risk_habits": {"en": "Habits that carry risk", "fa": "عادت‌های پرخطر"},
    "why_risk_habits": {
        "en": "So that suggestions never go against them (never “have a drink to unwind”).",
        "fa": "تا هیچ پیشنهادی با آن‌ها در تضاد نباشد (هیچ‌وقت «یک نوشیدنی بخور تا آرام شوی»).",
    },
    "hint_risk_habits": {
        "en": "Sharing with none ticked tells hamdel you have none of these.",
        "fa": "اگر در میان بگذارید و هیچ‌کدام را تیک نزنید، یعنی هیچ‌کدام را ندارید.",
    },
    "attr_health": {
        "en": "Health conditions suggestions must respect",
        "fa": "شرایط سلامتی که پیشنهادها باید رعایتش کنند",
    },
    "why_health": {
        "en": "So that nothing strenuous, risky or about food reaches you when it should not "
        "(no fast laps with a heart condition, no comfort food with diabetes).",
        "fa": "تا پیشنهادی که برایتان پرزحمت، پرخطر یا دربارهٔ خوراکی است به شما نرسد (نه دویدن "
        "تند با بیماری قلبی، نه خوراکی شیرین با دیابت).",
    },
    "hint_health": {
        "en": "Only what you tick is used, and only to leave suggestions out. hamdel gives no "
        "medical advice.",
        "fa": "فقط آنچه تیک می‌زنید به کار می‌رود، آن هم فقط برای کنار گذاشتن پیشنهادها. همدل "
        "توصیهٔ پزشکی نمی‌کند.",
    },
    "opt_health_heart": {
        "en": "Heart or blood-pressure condition",
        "fa": "بیماری قلبی یا فشار خون",
    },
    "opt_health_pregnancy": {"en": "Pregnancy", "fa": "بارداری"},
    "opt_health_mobility": {"en": "Limited mobility", "fa": "محدودیت در حرکت"},
    "opt_health_eating": {"en": "Difficulties with eating", "fa": "مشکل در غذا خوردن"},
    "opt_health_diabetes": {"en": "Diabetes", "fa": "دیابت"},
    "attr_recent_loss": {
        "en": "Have you lost someone close recently?",
        "fa": "اخیراً کسی از نزدیکانتان را از دست داده‌اید؟",
    },
    "why_recent_loss": {
        "en": "So that hamdel does not suggest celebrations and gatherings while you grieve.",
        "fa": "تا همدل در روزهای سوگ، جشن و دورهمی پیشنهاد نکند.",
    },
    "opt_recent_loss_yes": {"en": "Yes", "fa": "بله"},
    "opt_recent_loss_no": {"en": "No", "fa": "نه"},
    "attr_preferred_message_kinds": {
        "en": "Kinds of message you like (one or two)",
        "fa": "چه جور پیام‌هایی دوست دارید (یکی یا دوتا)",
    },
    "why_preferred_message_kinds": {
        "en": "hamdel sends you messages of these kinds.",
        "fa": "همدل از همین جنس پیام‌ها برایتان می‌فرستد.",
    },
    "attr_messages_per_day": {"en": "Messages a day, at most", "fa": "حداکثر چند پیام در روز"},
    "why_messages_per_day": {
        "en": "hamdel never sends more than this in a day (0 means none).",
        "fa": "همدل در یک روز بیشتر از این پیام نمی‌فرستد (صفر یعنی هیچ پیامی).",
    },
    "attr_message_periods": {"en": "Times of day for messages", "fa": "چه وقت‌هایی پیام بیاید"},
    "why_message_periods": {
        "en": "Scheduled messages come only at these times of day.",
        "fa": "پیام‌های زمان‌بندی‌شده فقط در همین وقت‌های روز می‌رسند.",
    },
    "opt_age_range_18-26": {"en": "18 to 26", "fa": "۱۸ تا ۲۶ سال"},
    "opt_age_range_27-35": {"en": "27 to 35", "fa": "۲۷ تا ۳۵ سال"},
    "opt_age_range_36-43": {"en": "36 to 43", "fa": "۳۶ تا ۴۳ سال"},
    "opt_age_range_other": {"en": "Another age", "fa": "سنی دیگر"},
    "opt_gender_female": {"en": "Woman", "fa": "زن"},
    "opt_gender_male": {"en": "Man", "fa": "مرد"},
    "opt_gender_other": {"en": "Another answer", "fa": "پاسخی دیگر"},
    "opt_education_basic": {"en": "Basic schooling", "fa": "تحصیلات پایه"},
    "opt_education_secondary": {"en": "Secondary school", "fa": "دبیرستان"},
    "opt_education_higher": {"en": "University or college", "fa": "دانشگاه یا آموزش عالی"},
    "opt_occupation_work": {"en": "I work", "fa": "کار می‌کنم"},
    "opt_occupation_study": {"en": "I study", "fa": "درس می‌خوانم"},
    "opt_occupation_both": {"en": "Both", "fa": "هر دو"},
    "opt_occupation_neither": {"en": "Neither", "fa": "هیچ‌کدام"},
    "opt_activity_level_low": {"en": "Not very active", "fa": "کم‌تحرک"},
    "opt_activity_level_moderate": {"en": "Somewhat active", "fa": "تحرک متوسط"},
    "opt_activity_level_high": {"en": "Very active", "fa": "پرتحرک"},
    "opt_sleep_routine_regular": {"en": "Regular", "fa": "منظم"},
    "opt_sleep_routine_irregular": {"en": "Irregular", "fa": "نامنظم"},
    "opt_context_home": {"en": "At home", "fa": "خانه"},
    "opt_context_study": {"en": "Where I study", "fa": "محل درس"},
    "opt_context_work": {"en": "At work", "fa": "محل کار"},
    "opt_context_travel": {"en": "On the move", "fa": "در راه یا سفر"},
    "opt_risk_habits_smoking": {"en": "Smoking", "fa": "سیگار"},
    "opt_risk_habits_alcohol": {"en": "Alcohol", "fa": "الکل"},
    "opt_risk_habits_other": {"en": "Something else", "fa": "چیز دیگری"},
    "opt_preferred_message_kinds_happy": {"en": "Cheerful", "fa": "شاد"},
    "opt_preferred_message_kinds_calm": {"en": "Calm", "fa": "آرام"},
    "opt_preferred_message_kinds_relaxing": {"en": "Relaxing", "fa": "آرامش‌بخش"},
    "opt_preferred_message_kinds_motivational": {"en": "Encouraging", "fa": "انگیزه‌بخش"},
    "opt_message_periods_morning": {"en": "Morning", "fa": "صبح"},
    "opt_message_periods_afternoon": {"en": "Afternoon", "fa": "بعدازظهر"},
    "opt_message_periods_evening": {"en": "Evening", "fa": "عصر"},
    "opt_message_periods_night": {"en": "Night", "fa": "شب"},
    "number_range": {"en": "{min} to {max}", "fa": "{min} تا {max}"},
    "profile_error_missing": {
        "en": "Fill this in, or untick “Share this with hamdel”.",
        "fa": "این را پر کنید، یا تیک «با همدل در میان می‌گذارم» را بردارید.",
    },
    "profile_error_choice": {
        "en": "Choose one of the options.",
        "fa": "یکی از گزینه‌ها را انتخاب کنید.",
    },
    "profile_error_subset": {
        "en": "Choose from {min} to {max} of these.",
        "fa": "از این‌ها دست‌کم {min} و حداکثر {max} مورد را انتخاب کنید.",
    },
    "profile_error_number": {
        "en": "Enter a number from {min} to {max}.",
        "fa": "عددی بین {min} تا {max} بنویسید.",
    },
    "profile_error_integer": {
        "en": "Enter a whole number from {min} to {max}.",
        "fa": "یک عدد صحیح بین {min} تا {max} بنویسید.",
    },
    "profile_error_text": {
        "en": "Write at most {max} characters.",
        "fa": "حداکثر {max} نویسه بنویسید.",
    },
    "profile_error_country": {
        "en": "Two Latin letters, such as IR or US.",
        "fa": "دو حرف لاتین بنویسید، مثل IR یا US.",
    },
    "profile_error_timezone": {
        "en": "Unknown time zone: choose one from the list, such as Asia/Tehran.",
        "fa": "این منطقهٔ زمانی شناخته نشد؛ یکی را از فهرست انتخاب کنید، مثل Asia/Tehran.",
    },
    # -- trusted contacts ------------------------------------------------------------------
    "contacts_intro": {
        "en": "People you trust, whom hamdel may warn if you might need support. Each one must "
        "agree first, and they learn nothing of what you write, say or feel.",
        "fa": "کسانی که به آن‌ها اعتماد دارید و اگر همدل ببیند ممکن است به حمایت نیاز داشته "
        "باشید، به آن‌ها خبر می‌دهد. هر کدام اول باید خودش موافقت کند و از نوشته‌ها، حرف‌ها و "
        "حال‌وهوای شما چیزی نمی‌فهمد.",
    },
    "contacts_empty": {"en": "No trusted contacts yet.", "fa": "هنوز کسی را اضافه نکرده‌اید."},
    "alert_log": {"en": "What hamdel decided", "fa": "تصمیم‌های همدل"},
    "alert_log_intro": {
        "en": "Every time hamdel considered warning your contacts: when, why and what it did. "
        "Low mood on a single day never warns anyone; crisis language always can.",
        "fa": "هر بار که همدل به خبر دادن به افراد مورد اعتماد شما فکر کرده است: کی، چرا و چه "
        "کرد. حال بدِ یک روز هیچ‌وقت به کسی خبر داده نمی‌شود؛ نشانه‌های بحران همیشه می‌تواند.",
    },
    "alert_log_empty": {
        "en": "Nothing yet: hamdel has not considered warning anyone.",
        "fa": "هنوز چیزی نیست: همدل به خبر دادن به کسی فکر نکرده است.",
    },
    "alert_reason_depression": {"en": "Low mood", "fa": "حال بد"},
    "alert_reason_crisis": {"en": "Crisis language", "fa": "نشانه‌های بحران"},
    "alert_status_sent": {"en": "Sent", "fa": "فرستاده شد"},
    "alert_status_suppressed": {"en": "Not sent", "fa": "فرستاده نشد"},
    "alert_status_failed": {"en": "Could not be sent", "fa": "فرستادن ممکن نشد"},
    "alert_detail_not_sustained": {
        "en": "waiting: low mood has to show on two different days in a week",
        "fa": "در انتظار: حال بد باید در دو روز مختلف از یک هفته دیده شود",
    },
    "alert_detail_cooldown": {
        "en": "a warning was sent less than a day ago",
        "fa": "کمتر از یک روز پیش خبر داده شده بود",
    },
    "alert_detail_unconfirmed": {
        "en": "this contact has not agreed yet",
        "fa": "این فرد هنوز موافقت نکرده است",
    },
    "alert_detail_nobody": {
        "en": "no contact has agreed yet, so nobody was told",
        "fa": "هنوز کسی موافقت نکرده است، پس به کسی خبر داده نشد",
    },
    "alert_detail_sent": {"en": "delivered", "fa": "رسید"},
    "alert_status_pending": {"en": "On its way", "fa": "در راه"},
    "alert_detail_withdrawn": {
        "en": "this contact withdrew",
        "fa": "این فرد انصراف داده است",
    },
    "alert_detail_unreachable": {
        "en": "this contact cannot be reached: no way to send is set up for them",
        "fa": "راهی برای رساندن پیام به این فرد راه‌اندازی نشده است",
    },
    "alert_detail_failed": {
        "en": "could not be delivered, even after retrying",
        "fa": "حتی با چند بار تلاش هم نرسید",
    },
    "channel_phone": {"en": "Phone (text message)", "fa": "تلفن (پیامک)"},
    "channel_apprise": {
        "en": "Their own app (Telegram, Signal, Matrix, ntfy: an Apprise address)",
        "fa": "برنامهٔ خودش (تلگرام، سیگنال، ماتریکس، ntfy: نشانی Apprise)",
    },
    "contact_error_phone": {
        "en": "Write the number in international form, e.g. +44 7700 900123.",
        "fa": "شماره را با پیش‌شمارهٔ کشور بنویس، مثلاً ‎+98 912 123 4567.",
    },
    "contact_error_apprise": {
        "en": "This is not an Apprise address of a messaging service hamdel can use.",
        "fa": "این نشانی Apprise یک سرویس پیام‌رسانی قابل استفاده نیست.",
    },
    "contact_invited": {
        "en": "An invitation with a code is on its way to {name}. Only they can agree; you "
        "will see it here when they do.",
        "fa": "دعوت‌نامه‌ای با یک کد برای {name} در راه است. فقط خودش می‌تواند موافقت کند؛ "
        "وقتی موافقت کرد، همین‌جا می‌بینی.",
    },
    "contact_problem_no_email": {
        "en": "e-mail is not set up on this server (whoever runs hamdel sets HAMDEL_SMTP_HOST)",
        "fa": "ایمیل روی این سرور راه‌اندازی نشده است (کسی که همدل را اجرا می‌کند باید "
        "HAMDEL_SMTP_HOST را تنظیم کند)",
    },
    "contact_problem_no_sms": {
        "en": "text messages are not set up on this server (whoever runs hamdel sets "
        "HAMDEL_SMS_GATEWAY)",
        "fa": "پیامک روی این سرور راه‌اندازی نشده است (کسی که همدل را اجرا می‌کند باید "
        "HAMDEL_SMS_GATEWAY را تنظیم کند)",
    },
    "contact_problem_address": {
        "en": "this address cannot be used from this server",
        "fa": "از این سرور نمی‌شود به این نشانی پیام فرستاد",
    },
    "contact_cannot_reach": {
        "en": "hamdel cannot reach {name} now: {problem}. No alert can reach them until this "
        "is set up. You can pass this link on by hand; only they can agree.",
        "fa": "همدل الان نمی‌تواند به {name} پیام برساند: {problem}. تا این راه‌اندازی نشود، "
        "هیچ هشداری به او نمی‌رسد. می‌توانی این پیوند را خودت به او بدهی؛ فقط خودش می‌تواند "
        "موافقت کند.",
    },
    "contact_withdrew": {"en": "Withdrew", "fa": "انصراف داده است"},
    "contact_reachable": {"en": "Can be reached", "fa": "پیام به او می‌رسد"},
    "contact_unreachable": {"en": "Cannot be reached", "fa": "پیام به او نمی‌رسد"},
    "contact_last_delivery": {"en": "last message delivered", "fa": "آخرین پیام رسید"},
    "contact_last_error": {
        "en": "The last message could not be delivered.",
        "fa": "آخرین پیام نرسید.",
    },
    "contact_test": {"en": "Send a test message", "fa": "فرستادن پیام آزمایشی"},
    "contact_tested": {
        "en": "A test message is on its way. It says that nothing is wrong.",
        "fa": "یک پیام آزمایشی در راه است. در آن گفته شده که نگرانی‌ای نیست.",
    },
    "contact_test_refused": {
        "en": "A test can go only to a contact who agreed and can be reached.",
        "fa": "پیام آزمایشی فقط به کسی می‌رسد که موافقت کرده و راه رساندن پیام به او هست.",
    },
    "base_url_warning": {
        "en": "Links in invitations point to this computer (HAMDEL_BASE_URL is not set): a "
        "contact on another device cannot open them.",
        "fa": "پیوندهای دعوت‌نامه به همین رایانه اشاره می‌کنند (HAMDEL_BASE_URL تنظیم نشده): "
        "کسی که دستگاه دیگری دارد نمی‌تواند بازشان کند.",
    },
    "confirm_code": {"en": "The code in your invitation", "fa": "کدی که در دعوت‌نامه آمده"},
    "confirm_bad_code": {
        "en": "That code does not match the invitation. Check it and try again.",
        "fa": "این کد با دعوت‌نامه جور نیست. دوباره نگاه کنید و امتحان کنید.",
    },
    "confirm_not_yours": {
        "en": "This link is for {name} to open. Only they can agree to be your trusted contact.",
        "fa": "این پیوند برای {name} است. فقط خودش می‌تواند بپذیرد که فرد مورد اعتمادت باشد.",
    },
    "crisis_country": {"en": "Your country", "fa": "کشورت"},
    "crisis_show": {"en": "Show the numbers", "fa": "نشان دادن شماره‌ها"},
    "crisis_call": {"en": "Call", "fa": "تماس"},
    "crisis_text": {"en": "Text", "fa": "پیامک"},
    "contact_confirmed": {"en": "Has agreed", "fa": "موافقت کرده است"},
    "contact_waiting": {"en": "Has not agreed yet", "fa": "هنوز موافقت نکرده است"},
    "contact_delete": {"en": "Remove", "fa": "حذف"},
    "contact_add": {"en": "Add a trusted contact", "fa": "افزودن فرد مورد اعتماد"},
    "contact_name": {"en": "Their name", "fa": "نام او"},
    "contact_channel": {"en": "How hamdel reaches them", "fa": "همدل از چه راهی خبرش کند"},
    "channel_email": {"en": "E-mail", "fa": "ایمیل"},
    "channel_webhook": {"en": "Web address (https webhook)", "fa": "نشانی وب (وب‌هوک https)"},
    "contact_address": {
        "en": "Their e-mail address, or the https:// address of the webhook",
        "fa": "نشانی ایمیل او، یا نشانی https:// وب‌هوک",
    },
    "contact_error_name": {
        "en": "Write their name (up to 80 characters).",
        "fa": "نام او را بنویسید (حداکثر ۸۰ نویسه).",
    },
    "contact_error_channel": {
        "en": "Choose e-mail or webhook.",
        "fa": "ایمیل یا وب‌هوک را انتخاب کنید.",
    },
    "contact_error_address": {
        "en": "Write an address (3 to 320 characters).",
        "fa": "یک نشانی بنویسید (بین ۳ تا ۳۲۰ نویسه).",
    },
    "contact_error_email": {
        "en": "This does not look like an e-mail address.",
        "fa": "این نشانی ایمیل درست به نظر نمی‌رسد.",
    },
    "contact_error_webhook": {
        "en": "A webhook address must start with https://.",
        "fa": "نشانی وب‌هوک باید با https:// شروع شود.",
    },
    "contact_error_duplicate": {
        "en": "This person is already on your list and has agreed.",
        "fa": "این فرد از قبل در فهرست شماست و موافقت کرده است.",
    },
    "confirm_link_label": {"en": "Link to send", "fa": "پیوند برای فرستادن"},
    "contact_removed": {"en": "Removed.", "fa": "حذف شد."},
    "contact_not_found": {
        "en": "That contact is not on your list.",
        "fa": "چنین کسی در فهرست شما نیست.",
    },
    # -- the page a contact opens -----------------------------------------------------------
    "confirm_title": {
        "en": "Will you be a trusted contact?",
        "fa": "فرد مورد اعتماد می‌شوید؟",
    },
    "confirm_asked": {
        "en": "{name} uses hamdel, a wellbeing companion, and asked that you be told if they "
        "may need support.",
        "fa": "{name} از همدل، همراهی برای حال خوب، استفاده می‌کند و خواسته است اگر ممکن است به "
        "حمایت نیاز داشته باشد، به شما خبر بدهیم.",
    },
    "confirm_means": {
        "en": "If you agree, hamdel may send a short warning to {address}. Nothing else is "
        "shared: not what they write, say or feel.",
        "fa": "اگر بپذیرید، همدل ممکن است پیام کوتاهی به {address} بفرستد. هیچ چیز دیگری در میان "
        "گذاشته نمی‌شود: نه نوشته‌ها و حرف‌هایش و نه حال‌وهوایش.",
    },
    "confirm_not_medical": {
        "en": "hamdel is not a medical service: in an emergency, call local emergency services.",
        "fa": "همدل خدمت پزشکی نیست؛ در وضعیت اضطراری با اورژانس تماس بگیرید.",
    },
    "confirm_ignore": {
        "en": "If you do not want this, just close this page: nothing happens.",
        "fa": "اگر نمی‌خواهید، کافی است این صفحه را ببندید؛ اتفاقی نمی‌افتد.",
    },
    "confirm_button": {"en": "I agree to be a trusted contact", "fa": "می‌پذیرم"},
    "confirm_done": {
        "en": "Thank you. You are now a trusted contact of {name}.",
        "fa": "سپاس. از این پس شما فرد مورد اعتماد {name} هستید.",
    },
    "confirm_invalid": {
        "en": "This link is not valid, or it was already used.",
        "fa": "این پیوند معتبر نیست یا پیش‌تر از آن استفاده شده است.",
    },
    # -- deleting the account -------------------------------------------------------------
    "delete_title": {"en": "Delete my account", "fa": "حذف حساب"},
    "delete_text": {
        "en": "This erases your account and everything stored about you: what you shared, your "
        "conversations, moods and trusted contacts. It cannot be undone.",
        "fa": "با این کار حساب شما و هر چه دربارهٔ شما نگه داشته شده پاک می‌شود: آنچه در میان "
        "گذاشته‌اید، گفت‌وگوها، حال‌وهواها و افراد مورد اعتماد. بازگشتی ندارد.",
    },
    "delete_password": {
        "en": "Your password, to be sure it is you",
        "fa": "گذرواژه‌تان، تا مطمئن شویم خودتان هستید",
    },
    "delete_confirm": {
        "en": "I understand: delete everything.",
        "fa": "می‌دانم؛ همه‌چیز پاک شود.",
    },
    "delete_button": {"en": "Delete my account for good", "fa": "حذف همیشگی حساب"},
    "error_delete_confirm": {
        "en": "Tick the box to confirm; nothing was deleted.",
        "fa": "برای تأیید، گزینه را تیک بزنید؛ چیزی پاک نشد.",
    },
    "error_delete_password": {
        "en": "Wrong password; nothing was deleted.",
        "fa": "گذرواژه درست نیست؛ چیزی پاک نشد.",
    },
    "goodbye_title": {"en": "Goodbye", "fa": "خدانگهدار"},
    "goodbye_text": {
        "en": "Your account and everything stored about you have been deleted, and you are "
        "signed out. Take care of yourself.",
        "fa": "حساب شما و همهٔ داده‌هایتان پاک شد و از حساب خارج شدید. مراقب خودتان باشید.",
    },
}


def translator(language: str) -> dict[str, str]:
    """Strings for one language (falls back to English only for an unknown language code)."""
    lang = language if language in ("en", "fa") else "en"
    return {key: values[lang] for key, values in STRINGS.items()}


__all__ = ["STRINGS", "translator"]
