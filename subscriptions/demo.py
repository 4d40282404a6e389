"""Demo subscription requests for `make run`: two under review and one rejected, for the staff
user to decide in the admin and for the status look-up. Idempotent: each is found by its e-mail."""

from django.utils import timezone

from accounts.cities import City
from accounts.models import User
from subscriptions.models import SubscriptionRequest
from subscriptions.services import subscription_number_next

DEMO_REQUESTS = [
    {
        "email": "applicant1@example.com",
        "company_name": "مؤسسة النخبة للمقاولات",
        "full_name": "ريم بنت سليمان الحربي",
        "national_id": "1078901236",
        "city": City.JEDDAH,
        "mobile": "+966502345678",
    },
    {
        "email": "applicant2@example.com",
        "company_name": "مؤسسة الواحة للخدمات",
        "full_name": "Omar Farouk Siddiqui",
        "national_id": "2089012344",
        "city": City.DAMMAM,
        "mobile": "+966552345678",
    },
    {
        "email": "applicant3@example.com",
        "company_name": "مؤسسة السحاب للتجارة",
        "full_name": "ماجد بن ناصر الشمري",
        "national_id": "1090123454",
        "city": City.HAIL,
        "mobile": "+966562345678",
        "status": SubscriptionRequest.Status.REJECTED,
        "rejection_reason": "اسم الشركة لا يطابق السجل التجاري. أرسل طلبًا جديدًا بالاسم المسجل.",
    },
]


def load_demo() -> list[str]:
    staff = User.objects.filter(username="staff").first()
    lines = []
    for data in DEMO_REQUESTS:
        fields = {**data, "kind": SubscriptionRequest.Kind.INDIVIDUAL}
        if fields.get("status") == SubscriptionRequest.Status.REJECTED:
            fields.update(decided_by=staff, decided_at=timezone.now())
        request = SubscriptionRequest.objects.filter(email=data["email"]).first()
        if request is None:
            request = SubscriptionRequest(**fields, number=subscription_number_next())
            request.full_clean()
            request.save()
        lines.append(
            f"subscription request {request.number} ({request.status}) — "
            f"status look-up at /subscriptions/status/ with {request.mobile}"
        )
    return lines
