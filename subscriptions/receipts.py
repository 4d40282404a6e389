"""A subscription request's receipt: its number and the data the confirmation page shows, as an
Arabic PDF whose QR code opens the status look-up with the number filled in (the PDF machinery is
core/receipts.py)."""

from core.receipts import receipt_pdf
from subscriptions.models import SubscriptionRequest


def subscription_request_receipt_pdf(
    *, subscription_request: SubscriptionRequest, status_url: str
) -> bytes:
    """The receipt in the active language; its QR code opens `status_url`."""
    return receipt_pdf(
        template_name="subscriptions/receipt_pdf.html",
        context={
            "subscription_request": subscription_request,
            "number": subscription_request.number,
        },
        qr_url=status_url,
    )
