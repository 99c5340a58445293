"""JSON-LD for testimonials: one schema.org ``Review`` per testimonial, about the business's service.

Google's review-snippet policy treats reviews a business publishes about itself on its own
LocalBusiness or Organization as self-serving, so no ``AggregateRating`` is emitted anywhere.
"""

from __future__ import annotations

from ..sanitise import excerpt
from ..settings import Business
from .model import Testimonial


def business_jsonld(business: Business, siteurl: str) -> dict:
    data = {"@context": "https://schema.org", "@type": "LocalBusiness", "name": business.name}
    if business.url or siteurl:
        data["url"] = business.url or siteurl
    if business.address:
        data["address"] = business.address
    if business.phone:
        data["telephone"] = business.phone
    return data


def review_jsonld(testimonial: Testimonial, business: Business, url: str) -> dict:
    provider = {k: v for k, v in business_jsonld(business, "").items() if k != "@context"}
    review = {
        "@context": "https://schema.org",
        "@type": "Review",
        "itemReviewed": {
            "@type": "Service",
            "name": ", ".join(testimonial.services) or business.name,
            "provider": provider,
        },
        "author": {"@type": "Person", "name": testimonial.author},
        "reviewBody": testimonial.text,
        "inLanguage": testimonial.language,
        "url": url,
    }
    if testimonial.title:
        review["name"] = testimonial.title
    if testimonial.date:
        review["datePublished"] = testimonial.date.date().isoformat()
    if testimonial.rating:
        review["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": testimonial.rating,
            "bestRating": 5,
            "worstRating": 1,
        }
    return review


def testimonial_excerpt(testimonial: Testimonial) -> str:
    return excerpt(testimonial.text, 160)
