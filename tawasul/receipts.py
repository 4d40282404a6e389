"""A Tawasul request's receipt: its number and data as an Arabic PDF, with a QR code to its page
(the PDF machinery is core/receipts.py)."""

from core.receipts import receipt_pdf
from tawasul.models import TawasulRequest


def request_receipt_pdf(*, tawasul_request: TawasulRequest, status_url: str) -> bytes:
    """The receipt of a request, in the active language; its QR code opens `status_url`."""
    return receipt_pdf(
        template_name="tawasul/receipt_pdf.html",
        context={"request_obj": tawasul_request, "number": tawasul_request.number},
        qr_url=status_url,
    )
